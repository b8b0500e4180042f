"""What every part of the graph store shares: one backend, the vocabulary and its validator, and
the two reads all of them need (the kind of an id, a tie in the vocabulary's terms).

The store is split by concern (`node_store`, `tie_store`, `coalition_reads`, `token_store`,
`backup_store`, `import_store`); `graph_store.GraphStore` puts the parts together over one backend."""

from __future__ import annotations

from typing import Iterable

from ..domain.validation import Validator
from ..domain.vocabulary import Vocabulary
from .backend import Backend, Row
from .cypher import statement
from .rows import well_formed


class StoreBase:
    backend: Backend
    vocabulary: Vocabulary
    validator: Validator
    _type_to_kind: dict[str, str]

    def graph_version(self) -> int:
        rows = self.backend.read(statement("graph_version"))
        return int(rows[0]["version"]) if rows else 0

    def tie_row(self, tie: Row) -> Row:
        """A tie as a statement returned it (with the relationship `type`), changed in place into the
        vocabulary's terms (`kind`); every caller hands over a row decoded just now."""
        rel_type = tie.pop("type", None)
        if rel_type is not None:
            tie["kind"] = self._type_to_kind.get(rel_type, rel_type)
        return tie

    def kinds_of(self, ids: Iterable[str]) -> dict[str, str]:
        """The kind of each of these ids that names a node (others are left out)."""
        wanted = well_formed(ids)
        if not wanted:
            return {}
        rows = self.backend.read(statement("kinds_of"), {"ids": wanted})
        return {node_id: r["kind"] for r in rows for node_id in r["ids"]}
