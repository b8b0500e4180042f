"""Nodes of every kind: create, read, change, delete, bulk upsert and pages with cursors."""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping, Sequence

from ..domain.errors import Conflict, NotFound, ValidationError
from ..domain.validation import CONTROL, ValueMemo, check_id, new_id, parse_date
from ..domain.vocabulary import NodeKind
from .backend import Row
from .cypher import statement
from .rows import MAX_PAGE_SIZE, Page, decode_cursor, encode_cursor, now_stamp, today, well_formed
from .store_base import StoreBase


class NodeStore(StoreBase):
    def _node_row(self, kind: NodeKind, props: Mapping[str, Any], prefix: str = "") -> Row:
        node_id = props.get("id")
        node_id = new_id() if node_id is None else check_id(node_id, f"{prefix}id")
        clean = self.validator.node_properties(kind, props, prefix=prefix)
        stamp = now_stamp()
        return {**clean, "id": node_id, "kind": kind.name, "created": stamp, "updated": stamp}

    def create_node(self, kind: str, props: Mapping[str, Any]) -> Row:
        """Create one node; `props["id"]` may name it, otherwise a UUID is chosen."""
        spec = self.validator.node_kind(kind)
        row = self._node_row(spec, props)
        self.backend.write(statement("create_nodes", spec.label), {"rows": [row]})
        return row

    def create_member(self, kind: str, props: Mapping[str, Any], coalition_id: str, tie: Mapping[str, Any],
                      tie_kind: str = "member_of") -> Row:
        """Create a node and its tie to a coalition (a membership, or belonging to it) in one
        statement: both or neither."""
        spec = self.validator.node_kind(kind)
        membership = self.validator.relationship_kind(tie_kind)
        row = self._node_row(spec, props)
        self.validator.endpoints(membership, kind, "coalition")
        clean_tie = {**self.validator.relationship_properties(membership, dict(tie)), "id": new_id()}
        rows = self.backend.write(statement("create_member", spec.label, rel_type=membership.type),
                                  {"coalition": coalition_id, "node": row, "tie": clean_tie, "stamp": now_stamp()})
        if not rows:
            raise NotFound(f"no coalition with id {coalition_id!r}", field="coalitionId")
        return rows[0]["node"]

    def get_node(self, node_id: str, kind: str | None = None) -> Row | None:
        found = self.get_nodes([node_id])
        node = found.get(node_id)
        if node is None or (kind is not None and node.get("kind") != kind):
            return None
        return node

    def get_nodes(self, ids: Sequence[str]) -> dict[str, Row]:
        """Many nodes in one round trip (the API's DataLoaders batch through this)."""
        wanted = well_formed(ids)
        if not wanted:
            return {}
        rows = self.backend.read(statement("get_nodes"), {"ids": wanted})
        return {r["node"]["id"]: r["node"] for r in rows}

    def ids_of_kind(self, kind: str) -> list[str]:
        """Every id of one kind (evaluators' pseudonyms are looked up through these)."""
        spec = self.validator.node_kind(kind)
        rows = self.backend.read(statement("ids_of_kind", spec.label))
        return sorted(rows[0]["ids"]) if rows else []

    def update_node(self, kind: str, node_id: str, changes: Mapping[str, Any]) -> Row:
        """Change some properties; a `None` value removes an optional property."""
        spec = self.validator.node_kind(kind)
        clean = self.validator.node_properties(spec, changes, partial=True)
        if not well_formed([node_id]):
            raise NotFound(f"no {kind} with id {node_id!r}", field="id")
        rows = self.backend.write(
            statement("update_node"), {"id": node_id, "kind": kind, "props": clean, "stamp": now_stamp()}
        )
        if not rows:
            raise NotFound(f"no {kind} with id {node_id!r}", field="id")
        return rows[0]["node"]

    def delete_node(self, kind: str, node_id: str) -> None:
        """Delete a node with all its ties."""
        self.validator.node_kind(kind)
        if not well_formed([node_id]):
            raise NotFound(f"no {kind} with id {node_id!r}", field="id")
        rows = self.backend.write(statement("delete_node"), {"id": node_id, "kind": kind})
        if not rows or int(rows[0]["deleted"]) == 0:
            raise NotFound(f"no {kind} with id {node_id!r}", field="id")

    def bulk_upsert_nodes(self, kind: str, rows: Sequence[Mapping[str, Any]]) -> int:
        """Create or update many nodes of one kind in one statement: all rows or none.

        Each row needs an `id`; existing nodes keep properties the row does not mention."""
        spec = self.validator.node_kind(kind)
        prepared: list[Row] = []
        seen: dict[str, int] = {}
        memo: ValueMemo = {}
        stamp = now_stamp()
        for index, row in enumerate(rows):
            prefix = f"rows[{index}]."
            if not isinstance(row, dict):
                raise ValidationError("must be an object", field=f"rows[{index}]")
            node_id = check_id(row.get("id"), f"{prefix}id")
            if node_id in seen:
                raise ValidationError(
                    f"id {node_id!r} also appears in rows[{seen[node_id]}]", field=f"{prefix}id", code="DUPLICATE_ID"
                )
            seen[node_id] = index
            props = self.validator.node_properties(spec, row, prefix=prefix, memo=memo)
            props["id"] = node_id  # one flat map a row: half the nesting to write out and to read
            prepared.append(props)
        if not prepared:
            return 0
        statement_text = statement("upsert_nodes", spec.label)
        try:
            # Fast path for new data (imports, seeding): create everything in one statement. If any
            # id exists, the unique id constraint fails the whole statement and nothing is written.
            result = self.backend.write(statement_text, {"existing": [], "new": prepared, "kind": kind, "stamp": stamp})
            return int(result[0]["written"]) if result else 0
        except Conflict:
            pass
        existing = self.kinds_of(seen)
        for node_id, other in existing.items():
            if other != kind:
                raise Conflict(
                    f"id {node_id!r} already belongs to a {other}", field=f"rows[{seen[node_id]}].id", code="KIND_MISMATCH"
                )
        params = {
            "existing": [row for row in prepared if row["id"] in existing],
            "new": [row for row in prepared if row["id"] not in existing],
            "kind": kind,
            "stamp": stamp,
        }
        result = self.backend.write(statement_text, params)
        return int(result[0]["written"]) if result else 0

    def list_nodes(
        self,
        kind: str,
        *,
        coalition: str | None = None,
        as_of: str | dt.date | None = None,
        filters: Mapping[str, Any] | None = None,
        text: str | None = None,
        descending: bool = False,
        first: int = 50,
        after: str | None = None,
        level: str | None = None,
    ) -> Page:
        """One page of nodes of a kind, sorted by their title (name or label), then id.

        `filters` match property values (a list property matches when it contains the value);
        `coalition` keeps members of, things belonging to, and staff of members of a coalition
        as of a date (today by default); `level` keeps the members at that level of the coalition
        table (not for staff, who sit at the table through their organisation)."""
        spec = self.validator.node_kind(kind)
        if isinstance(first, bool) or not isinstance(first, int) or not 1 <= first <= MAX_PAGE_SIZE:
            raise ValidationError(f"must be between 1 and {MAX_PAGE_SIZE}", field="first", code="OUT_OF_RANGE",
                                  low=1, high=MAX_PAGE_SIZE)
        equals: dict[str, Any] = {}
        contains: dict[str, Any] = {}
        for name, value in (filters or {}).items():
            prop = spec.properties.get(name)
            if prop is None:
                raise ValidationError(f"{kind} has no property {name!r}", field=f"filters.{name}", code="UNKNOWN_PROPERTY")
            if prop.type in ("enum_list", "string_list"):
                item_type = "enum" if prop.type == "enum_list" else "string"
                probe = type(prop)(prop.name, item_type, enum=prop.enum)
                contains[name] = self.validator.value(probe, value, f"filters.{name}")
            else:
                equals[name] = self.validator.value(type(prop)(prop.name, prop.type, enum=prop.enum), value, f"filters.{name}")
        after_key = after_id = None
        if after:
            after_key, after_id = decode_cursor(after)
        if text and CONTROL.search(text):
            raise ValidationError("contains control characters", field="text", code="INVALID_CHARACTERS")
        if coalition is not None and not well_formed([coalition]):
            return Page([], None, False, [])
        params = {
            "title": spec.title,
            "equals": equals,
            "contains": contains,
            "text": text.strip().lower() if text and text.strip() else None,
            "after_key": after_key,
            "after_id": after_id,
            "coalition": coalition,
            "as_of": parse_date(as_of, "asOf") if as_of else today(),
            "limit": first + 1,
            "level": None,
        }
        if level is not None:
            level_spec = self.validator.relationship_kind("member_of").properties["level"]
            params["level"] = self.validator.value(level_spec, level, "level")
        if coalition is None:
            name = "list_nodes"
        elif kind == "professional":
            name = "list_staff_in_coalition"
        else:
            name = "list_nodes_in_coalition"
        name += "_desc" if descending else ""
        rows = self.backend.read(statement(name, spec.label), params)
        has_next = len(rows) > first
        rows = rows[:first]
        cursors = [encode_cursor(r["sort_key"], r["node"]["id"]) for r in rows]
        return Page([r["node"] for r in rows], cursors[-1] if cursors else None, has_next, cursors)

    def list_all(self, kind: str, **options: Any) -> list[Row]:
        """Every node `list_nodes` finds with these options, page after page (a coalition's own
        records, its communities or offers: hundreds, not a country)."""
        found: list[Row] = []
        after = None
        while True:
            page = self.list_nodes(kind, first=MAX_PAGE_SIZE, after=after, **options)
            found.extend(page.items)
            if not page.has_next_page:
                return found
            after = page.end_cursor
