"""Holder for generated types that refer to each other (GraphNode <-> Tie).

strawberry resolves `strawberry.lazy("graph_service.api.lazy")` references by reading this
module's attributes when the schema is built; `build_schema` sets them."""

from typing import Any

GraphNode: Any = None
