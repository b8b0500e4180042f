"""The small interface that hides the two graph database clients.

Both backends run the same Cypher text and return rows as plain dicts of maps and scalars, so
everything above this line is backend-agnostic.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping, Protocol

Row = dict[str, Any]
Params = Mapping[str, Any]


class Backend(Protocol):
    #: "falkordb-embedded", "falkordb" or "neo4j"
    name: str

    def read(self, statement: str, params: Params | None = None) -> list[Row]:
        """Run a read-only statement."""

    def write(self, statement: str, params: Params | None = None) -> list[Row]:
        """Run one statement that changes the graph; atomic on both backends."""

    def apply_ddl(self, statement: str, directives: Mapping[str, str]) -> None:
        """Apply one schema statement (index or constraint)."""

    def replace_graph(self, build: Callable[["Backend"], None]) -> None:
        """Replace all data atomically. `build` gets a backend on which to apply the schema,
        delete whatever data is there and write the new data; only when it returns without error
        does the result replace the old graph (FalkorDB: a scratch graph renamed over the old one;
        Neo4j: one transaction)."""

    def ping(self) -> bool:
        """True when the database answers."""

    def close(self) -> None:
        """Release connections (and stop an embedded server this backend owns)."""


def plain(value: Any) -> Any:
    """Turn driver containers (OrderedDict and friends) into plain dicts and lists."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value
