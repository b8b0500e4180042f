"""The node interface of the schema being built, for the types that refer back to it.

A tie points at nodes and a node lists its ties: one side of that circle has to be a lazy
reference, and strawberry resolves `strawberry.lazy(...)` by reading a module attribute while it
builds a schema. `build_core` sets it right before; nothing reads it afterwards."""

from typing import Any

GraphNode: Any = None
