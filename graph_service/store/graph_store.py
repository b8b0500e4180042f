"""The operations the service needs from the graph, over either backend.

Everything is validated against the vocabulary in Python first and then written with a single
statement, so a bad row anywhere in a batch leaves the graph untouched and the error names the
row and field. Reads return plain dicts: nodes carry `id` and `kind`, ties carry `id`, `kind`,
`from`, `to`, `since` and `until`.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

from ..domain import clock
from ..domain.errors import Conflict, NotFound, ValidationError
from ..domain.validation import CONTROL, ID_PATTERN, Validator, ValueMemo, check_id, new_id, parse_date
from ..domain.vocabulary import NodeKind, RelationshipKind, Vocabulary
from . import migrations
from .backend import Backend
from .shared_state import SharedState, Row
from .cypher import statement

MAX_PAGE_SIZE = 100
#: coalition subgraphs kept per process (keyed by coalition and date, valid for one graph version)
SUBGRAPH_CACHE_SIZE = 64
#: rows per write statement in bulk operations that may span several statements (restore)
CHUNK = 5000


def now_stamp() -> str:
    return clock.now_iso()


def today() -> str:
    return clock.today().isoformat()


@dataclass(frozen=True)
class Page:
    items: list[Row]
    end_cursor: str | None
    has_next_page: bool
    #: one cursor per item, to continue after that item
    cursors: list[str] = field(default_factory=list)


@dataclass
class Subgraph:
    """A read of part of the graph: nodes by id and the ties among them."""

    nodes: dict[str, Row] = field(default_factory=dict)
    ties: list[Row] = field(default_factory=list)
    version: int = 0


def well_formed(ids: Iterable[Any]) -> list[str]:
    """Only ids that can exist: anything else is simply not found (and never reaches Cypher)."""
    return sorted({i for i in ids if isinstance(i, str) and ID_PATTERN.match(i)})


def encode_cursor(sort_key: str, node_id: str) -> str:
    raw = json.dumps([sort_key, node_id], ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        key, node_id = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if isinstance(key, str) and isinstance(node_id, str):
            return key, node_id
    except (ValueError, TypeError, binascii.Error):
        pass
    raise ValidationError("is not a cursor this service gave out", field="after", code="INVALID_CURSOR")


class GraphStore:
    def __init__(self, backend: Backend, vocabulary: Vocabulary, *, max_string_length: int = 500) -> None:
        self.backend = backend
        self.vocabulary = vocabulary
        self.validator = Validator(vocabulary, max_string_length=max_string_length)
        self._type_to_kind = {r.type: r.name for r in vocabulary.relationship_kinds.values()}
        self._subgraphs: OrderedDict[tuple[str, str], Subgraph] = OrderedDict()
        self._subgraphs_lock = threading.Lock()
        #: False while a service waits for a database that was down at start (see cli.serve)
        self.schema_ready = True
        #: what the service's replicas share besides the graph: sessions, codes, counters, audit anchors
        self.shared = SharedState(backend)

    # ------------------------------------------------------------------ lifecycle
    def migrate(self) -> int:
        version = migrations.migrate(self.backend)
        self.schema_ready = True
        return version

    def schema_version(self) -> int:
        return migrations.applied_version(self.backend)

    def graph_version(self) -> int:
        rows = self.backend.read(statement("graph_version"))
        return int(rows[0]["version"]) if rows else 0

    def ping(self) -> bool:
        return self.backend.ping()

    def close(self) -> None:
        self.backend.close()

    # ------------------------------------------------------------------ helpers
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

    def _node_row(self, kind: NodeKind, props: Mapping[str, Any], prefix: str = "") -> Row:
        node_id = props.get("id")
        node_id = new_id() if node_id is None else check_id(node_id, f"{prefix}id")
        clean = self.validator.node_properties(kind, props, prefix=prefix)
        stamp = now_stamp()
        return {**clean, "id": node_id, "kind": kind.name, "created": stamp, "updated": stamp}

    # ------------------------------------------------------------------ nodes
    def create_node(self, kind: str, props: Mapping[str, Any]) -> Row:
        """Create one node; `props["id"]` may name it, otherwise a UUID is chosen."""
        spec = self.validator.node_kind(kind)
        row = self._node_row(spec, props)
        self.backend.write(statement("create_nodes", spec.label), {"rows": [row]})
        return row

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
    ) -> Page:
        """One page of nodes of a kind, sorted by their title (name or label), then id.

        `filters` match property values (a list property matches when it contains the value);
        `coalition` keeps members of, things belonging to, and staff of members of a coalition
        as of a date (today by default)."""
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
        }
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

    # ------------------------------------------------------------------ ties
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

    def coalitions_of(self, ids: Sequence[str], as_of: str | dt.date | None = None) -> dict[str, tuple[str, set[str]]]:
        """node id -> (kind, coalitions it is part of on `as_of`, today by default)."""
        wanted = well_formed(ids)
        if not wanted:
            return {}
        params = {"ids": wanted, "as_of": parse_date(as_of, "asOf") if as_of else today()}
        return {
            row["id"]: (row["kind"], {c for c in row["coalitions"] if c})
            for row in self.backend.read(statement("coalitions_of"), params)
        }

    def coalitions_of_node(self, node_id: str) -> set[str]:
        """The coalitions one node is part of today (empty for an unknown node)."""
        scope = self.coalitions_of([node_id]).get(node_id)
        return scope[1] if scope else set()

    def families_assigned_to(self, professional_id: str, family_ids: Sequence[str]) -> set[str]:
        """Which of these families the professional is assigned to today."""
        params = {"professional": professional_id, "ids": well_formed(family_ids), "as_of": today()}
        rows = self.backend.read(statement("families_assigned_to"), params)
        return set(rows[0]["ids"]) if rows else set()

    def family_support_profiles(self, coalition_id: str, as_of: str | dt.date | None = None) -> list[Row]:
        """Per family of the coalition: the people around it, without names (for aggregates)."""
        if not well_formed([coalition_id]):
            return []
        params = {"coalition": coalition_id, "as_of": parse_date(as_of, "asOf") if as_of else today()}
        rows = self.backend.read(statement("family_support_profiles"), params)
        return [{"family": r["family"], "people": [p for p in r["people"] if p and p.get("id")]} for r in rows]

    # ------------------------------------------------------------------ API tokens
    def create_token(self, token: Mapping[str, Any]) -> Row:
        return self.backend.write(statement("create_token"), {"token": dict(token)})[0]["token"]

    def token_by_hash(self, token_hash: str) -> Row | None:  # the hash is hex we computed ourselves
        rows = self.backend.read(statement("token_by_hash"), {"hash": token_hash})
        return rows[0]["token"] if rows else None

    def list_tokens(self) -> list[Row]:
        return [r["token"] for r in self.backend.read(statement("list_tokens"))]

    def revoke_token(self, token_id: str) -> bool:
        if not well_formed([token_id]):
            return False
        return bool(self.backend.write(statement("revoke_token"), {"id": token_id, "stamp": now_stamp()}))

    # ------------------------------------------------------------------ subgraphs
    def _read_coalition(self, coalition_id: str, as_of: str, version: int) -> Subgraph:
        """Read rows of `node`, or of `from` with its `ties`, into one Subgraph (see the statement).
        A handover around one family is part of that family's card, not of the coalition's
        network, so card ties are left out."""
        graph = Subgraph(version=version)
        if not well_formed([coalition_id]):
            return graph
        rows = self.backend.read(statement("coalition_subgraph"), {"coalition": coalition_id, "as_of": as_of})
        nodes, ties, private = graph.nodes, graph.ties, self.vocabulary.card_tie_kinds
        for row in rows:
            if row["node"] is not None:
                nodes[row["node"]["id"]] = row["node"]
        done: set[str] = set()
        for row in rows:
            source = row["from"]
            if source is None or source in done:
                continue
            done.add(source)
            for tie in row["ties"]:
                if tie["to"] in nodes:
                    tie["from"] = source
                    if self.tie_row(tie)["kind"] not in private:
                        ties.append(tie)
        return graph

    def coalition_subgraph(self, coalition_id: str, as_of: str | dt.date | None = None) -> Subgraph:
        """The coalition's network as it was on `as_of` (today by default).

        Cached by the graph version, which every mutation (from any process) bumps: a repeated
        read costs one small query. The returned object is shared: treat it as read-only."""
        key = (coalition_id, parse_date(as_of, "asOf") if as_of else today())
        version = self.graph_version()  # read first: a write after it makes the entry stale, never wrong
        with self._subgraphs_lock:
            cached = self._subgraphs.get(key)
            if cached is not None and cached.version == version:
                self._subgraphs.move_to_end(key)
                return cached
        graph = self._read_coalition(*key, version)
        if not graph.nodes:
            raise NotFound(f"no coalition with id {coalition_id!r}", field="coalitionId")
        with self._subgraphs_lock:
            self._subgraphs[key] = graph
            while len(self._subgraphs) > SUBGRAPH_CACHE_SIZE:
                self._subgraphs.popitem(last=False)
        return graph

    # ------------------------------------------------------------------ whole graph
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
