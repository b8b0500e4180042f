"""The whole graph at once: counts, a dump for backups, and an atomic replace for restores."""

from __future__ import annotations

from typing import Iterable, Mapping, Sequence

from ..domain.errors import Conflict
from . import migrations
from .backend import Backend, Row
from .cypher import statement
from .rows import CHUNK, now_stamp
from .store_base import StoreBase


class BackupStore(StoreBase):
    def counts(self) -> dict[str, dict[str, int]]:
        nodes = {kind: 0 for kind in self.vocabulary.node_kinds}
        for row in self.backend.read(statement("count_nodes")):
            nodes[row["kind"]] = int(row["count"])
        ties = {kind: 0 for kind in self.vocabulary.relationship_kinds}
        for row in self.backend.read(statement("count_links")):
            ties[self._type_to_kind.get(row["type"], row["type"])] = int(row["count"])
        return {"nodes": nodes, "ties": ties}

    def iter_nodes(self, batch: int = CHUNK) -> Iterable[Row]:
        after = None
        while True:
            rows = self.backend.read(statement("dump_nodes"), {"after": after, "limit": batch})
            yield from (r["node"] for r in rows)
            if len(rows) < batch:
                return
            after = rows[-1]["node"]["id"]

    def iter_ties(self) -> Iterable[Row]:
        for spec in self.vocabulary.relationship_kinds.values():
            for row in self.backend.read(statement("dump_links", rel_type=spec.type)):
                yield {**row["rel"], "kind": spec.name}

    def replace_all(self, nodes: Sequence[Row], ties: Sequence[Row], erasures: Mapping[str, str] | None = None) -> int:
        """Replace the whole graph with already validated nodes and ties (restore), atomically.

        `erasures` (family id: when it was erased) are applied again before the new graph becomes
        visible, so no reader ever sees an erased family come back. API tokens are not graph data
        and are kept as they are. Returns how many families were erased again."""
        next_version = self.graph_version() + 1
        by_kind: dict[str, list[Row]] = {}
        for node in nodes:
            by_kind.setdefault(node["kind"], []).append(node)
        ties_by_kind: dict[str, list[Row]] = {}
        for tie in ties:
            props = {k: v for k, v in tie.items() if k not in ("kind", "from", "to")}
            ties_by_kind.setdefault(tie["kind"], []).append({"from": tie["from"], "to": tie["to"], "props": props})
        erased = 0

        def build(target: Backend) -> None:  # Neo4j may run it again when it retries the transaction
            nonlocal erased
            migrations.migrate(target)
            target.write(statement("delete_all_nodes"))
            for kind, rows in by_kind.items():
                label = self.vocabulary.node_kinds[kind].label
                for start in range(0, len(rows), CHUNK):
                    target.write(statement("create_nodes", label), {"rows": rows[start : start + CHUNK]})
            for kind, rows in ties_by_kind.items():
                spec = self.vocabulary.relationship_kinds[kind]
                params = {"from_kinds": list(spec.from_kinds), "to_kinds": list(spec.to_kinds), "stamp": now_stamp()}
                for start in range(0, len(rows), CHUNK):
                    chunk = rows[start : start + CHUNK]
                    result = target.write(statement("create_links", rel_type=spec.type), {**params, "rows": chunk})
                    if int(result[0]["written"]) != len(chunk):
                        raise Conflict(f"some {kind} ties could not be attached to their endpoints")
            if erasures:
                wanted = [{"family": family, "before": at} for family, at in sorted(erasures.items())]
                erased = int(target.write(statement("erase_family"), {"families": wanted})[0]["erased"])
            tokens = [row["token"] for row in self.backend.read(statement("dump_tokens"))]
            if tokens:
                target.write(statement("carry_over_tokens"), {"tokens": tokens})
            target.write(statement("set_version"), {"version": next_version})

        self.backend.replace_graph(build)
        return erased
