"""Typed ties between nodes, valid from `since` until (not including) `until`."""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping, Sequence

from ..domain.errors import Conflict, NotFound, ValidationError
from ..domain.validation import ValueMemo, check_id, new_id, parse_date
from ..domain.vocabulary import RelationshipKind
from .backend import Row
from .cypher import statement
from .rows import now_stamp, well_formed
from .store_base import StoreBase


class TieStore(StoreBase):
    def _prepare_tie(
        self, spec: RelationshipKind, row: Mapping[str, Any], kinds: Mapping[str, str], prefix: str = "",
        memo: ValueMemo | None = None,
    ) -> Row:
        ends = {}
        for end in ("from", "to"):
            value = row.get(end)
            check_id(value, f"{prefix}{end}")
            if value not in kinds:
                raise NotFound(f"no node with id {value!r}", field=f"{prefix}{end}")
            ends[end] = value
        self.validator.endpoints(spec, kinds[ends["from"]], kinds[ends["to"]], prefix.rstrip("."))
        props = {k: v for k, v in row.items() if k not in ("from", "to")}
        clean = self.validator.relationship_properties(spec, props, prefix=prefix, memo=memo)
        tie_id = row.get("id")
        tie_id = new_id() if tie_id is None else check_id(tie_id, f"{prefix}id")
        return {"from": ends["from"], "to": ends["to"], "props": {**clean, "id": tie_id}}

    def _write_ties(self, spec: RelationshipKind, prepared: list[Row]) -> int:
        params = {"rows": prepared, "from_kinds": list(spec.from_kinds), "to_kinds": list(spec.to_kinds),
                  "stamp": now_stamp()}
        result = self.backend.write(statement("create_links", rel_type=spec.type), params)
        return int(result[0]["written"]) if result else 0

    def link(self, kind: str, from_id: str, to_id: str, props: Mapping[str, Any]) -> Row:
        """Create one typed tie with its properties and validity dates."""
        spec = self.validator.relationship_kind(kind)
        row = {**props, "from": from_id, "to": to_id}
        ends = [e for e in (from_id, to_id) if isinstance(e, str)]
        prepared = self._prepare_tie(spec, row, self.kinds_of(ends))
        if "id" in props and self.existing_tie_ids(kind, [prepared["props"]["id"]]):
            raise Conflict("a tie with this id already exists", field="id", code="ID_TAKEN")
        if self._write_ties(spec, [prepared]) != 1:
            raise NotFound("an endpoint was deleted while linking", field="from")
        tie = self.get_tie(kind, prepared["props"]["id"])
        if tie is None:
            raise NotFound("the tie was removed while linking", field="id")
        return tie

    def existing_tie_ids(self, kind: str, ids: Sequence[str]) -> set[str]:
        """Which of these tie ids of one kind are taken."""
        spec = self.validator.relationship_kind(kind)
        rows = self.backend.read(statement("existing_link_ids", rel_type=spec.type), {"ids": well_formed(ids)})
        return {r["id"] for r in rows}

    def bulk_link(self, kind: str, rows: Sequence[Mapping[str, Any]]) -> int:
        """Create many ties of one kind in one statement: all rows or none."""
        spec = self.validator.relationship_kind(kind)
        ends = [r.get(e) for r in rows if isinstance(r, dict) for e in ("from", "to")]
        kinds = self.kinds_of(e for e in ends if isinstance(e, str))
        prepared: list[Row] = []
        seen: dict[str, int] = {}
        memo: ValueMemo = {}
        for index, row in enumerate(rows):
            if not isinstance(row, dict):
                raise ValidationError("must be an object", field=f"rows[{index}]")
            tie = self._prepare_tie(spec, row, kinds, prefix=f"rows[{index}].", memo=memo)
            tie_id = tie["props"]["id"]
            if tie_id in seen:
                raise ValidationError(
                    f"id {tie_id!r} also appears in rows[{seen[tie_id]}]", field=f"rows[{index}].id", code="DUPLICATE_ID"
                )
            seen[tie_id] = index
            prepared.append(tie)
        if not prepared:
            return 0
        given = [r["id"] for r in rows if r.get("id") is not None]  # generated UUIDs cannot clash
        taken = self.existing_tie_ids(kind, given) if given else set()
        if taken:
            first_taken = min(taken, key=seen.__getitem__)
            raise Conflict("a tie with this id already exists", field=f"rows[{seen[first_taken]}].id", code="ID_TAKEN")
        written = self._write_ties(spec, prepared)
        if written != len(prepared):
            raise Conflict(f"only {written} of {len(prepared)} ties were written: endpoints changed meanwhile")
        return written

    def get_tie(self, kind: str, tie_id: str) -> Row | None:
        spec = self.validator.relationship_kind(kind)
        if not well_formed([tie_id]):
            return None
        rows = self.backend.read(statement("get_link", rel_type=spec.type), {"id": tie_id, "kind": kind})
        return rows[0]["rel"] if rows else None

    def update_tie(self, kind: str, tie_id: str, changes: Mapping[str, Any]) -> Row:
        """Change a tie's properties, e.g. set `until` when a collaboration ends."""
        spec = self.validator.relationship_kind(kind)
        clean = self.validator.relationship_properties(spec, changes, partial=True)
        current = self.get_tie(kind, tie_id)
        if current is None:
            raise NotFound(f"no {kind} tie with id {tie_id!r}", field="id")
        since = clean.get("since", current.get("since"))
        until = clean["until"] if "until" in clean else current.get("until")
        if since and until and until <= since:
            raise ValidationError("must be after since", field="until", code="INVALID_PERIOD")
        rows = self.backend.write(statement("update_link", rel_type=spec.type), {"id": tie_id, "kind": kind, "props": clean})
        if not rows:
            raise NotFound(f"no {kind} tie with id {tie_id!r}", field="id")
        return rows[0]["rel"]

    def unlink(self, kind: str, tie_id: str) -> None:
        spec = self.validator.relationship_kind(kind)
        if not well_formed([tie_id]):
            raise NotFound(f"no {kind} tie with id {tie_id!r}", field="id")
        rows = self.backend.write(statement("delete_link", rel_type=spec.type), {"id": tie_id})
        if not rows or int(rows[0]["deleted"]) == 0:
            raise NotFound(f"no {kind} tie with id {tie_id!r}", field="id")

    def ties_of(self, node_id: str, as_of: str | dt.date | None = None) -> list[Row]:
        """Every tie of a node, in both directions; only those valid on `as_of` when given."""
        if not well_formed([node_id]):
            return []
        params = {"id": node_id, "as_of": parse_date(as_of, "asOf") if as_of else None}
        return [self.tie_row(r["rel"]) for r in self.backend.read(statement("links_of"), params)]

    def ties_of_many(self, ids: Sequence[str], as_of: str | dt.date | None = None) -> dict[str, list[Row]]:
        """The ties of many nodes in one round trip: node id -> its ties (both directions)."""
        wanted = well_formed(ids)
        result: dict[str, list[Row]] = {node_id: [] for node_id in set(ids)}
        if not wanted:
            return result
        params = {"ids": wanted, "as_of": parse_date(as_of, "asOf") if as_of else None}
        for row in self.backend.read(statement("ties_of_many"), params):
            result[row["id"]] = [self.tie_row(t) for t in row["ties"]]
        return result
