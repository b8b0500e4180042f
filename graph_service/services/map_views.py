"""Views of the coalition map a coordinator saves under a name: the filters, the focus, whether
people are shown and the size-by metric, kept as the map's query string so a saved view is a link.

Kept as the coalition's own records in the graph (so backups keep them). Only the coalition's
coordinators and admins save; whoever reads the coalition in full opens them. A view's query is
checked by the map service before it is kept: a saved view always opens."""

from __future__ import annotations

from typing import Any, Callable
from urllib.parse import parse_qsl, urlencode

from ..domain.errors import PermissionDenied, ValidationError
from ..store.backend import Row
from ..store.rows import MAX_PAGE_SIZE, today
from .network import NetworkService
from .principal import Principal

KIND = "map_view"
#: what a view may say, in this order
PARAMETERS = ("domain", "phase", "level", "kind", "tie", "metric", "people", "focus", "as_of")


def canonical_query(params: dict[str, Any]) -> str:
    """The view's parameters that are set, in a fixed order: the same view is the same link."""
    return urlencode([(key, str(params[key])) for key in PARAMETERS if params.get(key)])


class MapViews:
    def __init__(self, network: NetworkService) -> None:
        self.network = network
        self.store = network.store

    def of_coalition(self, principal: Principal, coalition_id: str) -> list[Row]:
        self.network.get_node(principal, coalition_id, kind="coalition")
        self.network.require_full_read(principal, coalition_id, "open the saved views of")
        page = self.store.list_nodes(KIND, filters={"coalition": coalition_id}, first=MAX_PAGE_SIZE)
        return page.items

    def save(self, principal: Principal, coalition_id: str, name: Any, params: dict[str, Any],
             check: Callable[[dict[str, str]], None]) -> Row:
        """Keep a view; `check(params)` raises when the map would refuse them."""
        self.network.get_node(principal, coalition_id, kind="coalition")
        if not principal.runs(coalition_id):
            raise PermissionDenied("only the coalition's coordinators save its views", field="name")
        if not isinstance(name, str) or not name.strip():
            raise ValidationError("give the view a name", field="name", code="REQUIRED")
        query = canonical_query(params)
        check(dict(parse_qsl(query)))
        return self.store.create_node(KIND, {"coalition": coalition_id, "name": name.strip(), "query": query or "people=0",
                                             "saved_by": principal.name, "saved_on": today()})
