"""Who changed what in the coalition network, and when: the history a coordinator reads per
partner, person, community, intervention or tie.

Each change through the network service leaves one record in the graph (so backups keep it and
every server process sees it) naming the elements it touched: the node, or both ends of a tie.
The record is written right after the change it describes, in its own statement: a crash between
the two loses the line of history, never the change itself.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from ..domain import clock
from ..domain.validation import new_id
from ..store.backend import Row
from ..store.graph_store import GraphStore
from .principal import Principal

KIND = "change_record"
#: the lines of history an element's page shows
MAX_LINES = 500
#: the bookkeeping every node and tie carries, which is not worth a line of history
UNTRACKED = frozenset({"id", "kind", "created", "updated"})


class ChangeHistory:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def record(self, principal: Principal, action: str, elements: Sequence[str], *, tie_kind: str | None = None,
               fields: Iterable[str] = ()) -> None:
        self.store.create_node(KIND, {
            "elements": list(elements), "at": clock.now_iso("microseconds"), "by": principal.name, "action": action,
            "tie_kind": tie_kind, "fields": sorted(set(fields) - UNTRACKED) or None,
        })

    def record_many(self, principal: Principal, action: str, elements: Sequence[str]) -> None:
        """One record per element in one write (an import of a whole sheet)."""
        stamp = clock.now_iso()
        rows = [{"id": new_id(), "elements": [element], "at": stamp, "by": principal.name, "action": action}
                for element in elements]
        if rows:
            self.store.bulk_upsert_nodes(KIND, rows)

    def of(self, element_id: str) -> list[Row]:
        """The element's history, newest first. The caller has checked that the reader may see the
        element: a record says no more than the element's own page."""
        return self.store.list_all(KIND, filters={"elements": element_id}, descending=True)[:MAX_LINES]
