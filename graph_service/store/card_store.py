"""Reading and writing family network cards.

The card's own nodes (members, the family's own network, agreements, factors, versions, flags)
carry the family id as `family`; the store sets it, callers cannot. Every write is one statement
that checks the family exists, so nothing is written for an unknown family and a person or item
can never be moved to another family's card.
"""

from __future__ import annotations

from typing import Any, Mapping

from ..domain.family_card import Card, CardPerson
from ..domain.errors import Conflict, NotFound
from ..domain.validation import check_id, new_id
from .backend import Row
from .cypher import statement
from .graph_store import GraphStore
from .rows import now_stamp, today, well_formed


class CardStore:
    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.backend = store.backend
        self.validator = store.validator
        self.vocabulary = store.vocabulary

    # ------------------------------------------------------------------ helpers
    def _tie_props(self, kind: str, props: Mapping[str, Any], *, partial: bool = False, prefix: str = "") -> Row:
        spec = self.validator.relationship_kind(kind)
        clean = self.validator.relationship_properties(spec, dict(props), partial=partial, prefix=prefix)
        return clean if partial else {**clean, "id": new_id(), "created": now_stamp()}

    def _node_props(self, kind: str, props: Mapping[str, Any], *, partial: bool = False, prefix: str = "") -> Row:
        spec = self.validator.node_kind(kind)
        clean = self.validator.node_properties(spec, dict(props), partial=partial, prefix=prefix)
        if partial:
            return clean
        stamp = now_stamp()
        node_id = props.get("id")
        return {**clean, "id": new_id() if node_id is None else check_id(node_id), "kind": kind,
                "created": stamp, "updated": stamp}

    # ------------------------------------------------------------------ families
    def create_family(self, coalition: str, props: Mapping[str, Any], professional: str | None) -> Row:
        family = self._node_props("family", props)
        since = today()
        params = {
            "coalition": coalition, "family": family, "professional": professional or "",
            "belongs": {"id": new_id(), "since": since, "created": family["created"]},
            "assigned": {"id": new_id(), "since": since, "created": family["created"]},
        }
        if not well_formed([coalition]):
            raise NotFound(f"no coalition with id {coalition!r}", field="coalitionId")
        try:
            rows = self.backend.write(statement("create_family"), params)
        except Conflict:
            raise Conflict(f"id {family['id']!r} is taken", field="id", code="ID_TAKEN") from None
        if not rows:
            raise NotFound(f"no coalition with id {coalition!r}", field="coalitionId")
        return rows[0]["node"]

    def families_of(self, professional: str) -> list[Row]:
        rows = self.backend.read(statement("family_ids_assigned"), {"professional": professional, "today": today()})
        return [r["node"] for r in rows]

    # ------------------------------------------------------------------ reading
    def read(self, family_id: str, as_of: str | None = None) -> Card:
        """The whole card as of a date (today by default): one round trip for the people, the
        ties among them and the coalition, one for the card's own items, one for the
        professionals' organisations."""
        as_of = as_of or today()
        if not well_formed([family_id]):
            raise NotFound(f"no family with id {family_id!r}", field="familyId")
        rows = self.backend.read(statement("family_card"), {"family": family_id, "as_of": as_of})
        nodes = {r["node"]["id"]: r["node"] for r in rows}
        family = nodes.get(family_id)
        if family is None or family.get("kind") != "family":
            raise NotFound(f"no family with id {family_id!r}", field="familyId")
        ties = [self.store.tie_row(t) for r in rows for t in r["ties"] if t and t.get("to") in nodes]
        card = Card(family=family, as_of=as_of)
        around = [t for t in ties if t["to"] == family_id]
        card.ties = [t for t in ties if t["to"] != family_id and t["from"] != family_id
                     and (t["kind"] != "hands_over" or t.get("family") == family_id)]
        supports = sorted((t for t in around if t["kind"] == "supports"), key=lambda t: (t["since"], t["id"]))
        card.assigned = sorted({t["from"] for t in around if t["kind"] == "assigned_to"})
        card.coordinator = next((t for t in around if t["kind"] == "coordinates"), None)
        staff = [t["from"] for t in supports if nodes[t["from"]]["kind"] == "professional"]
        organisations = self._organisations(staff, as_of)
        card.people = [CardPerson(nodes[t["from"]], t, organisations.get(t["from"])) for t in supports]
        by_kind: dict[str, list[Row]] = {}
        for r in self.backend.read(statement("card_items"), {"family": family_id}):
            by_kind.setdefault(r["node"]["kind"], []).append(r["node"])
        card.members = sorted(by_kind.get("family_member", []), key=lambda n: (n.get("created", ""), n["id"]))
        card.agreements = sorted(by_kind.get("card_agreement", []), key=lambda n: (n.get("created", ""), n["id"]))
        card.factors = sorted(by_kind.get("factor_record", []), key=lambda n: (n["recorded_on"], n["id"]))
        card.flags = sorted(by_kind.get("signal_flag", []), key=lambda n: (n["set_on"], n["id"]))
        versions = sorted(by_kind.get("card_version", []), key=lambda n: n["version"])
        card.versions = [{k: v for k, v in n.items() if k != "snapshot"} for n in versions]
        card.coalition = rows[0]["coalition"]
        return card

    def coalition_of(self, family_id: str) -> str | None:
        """The coalition a family belongs to; None for an unknown id (or one that is no family)."""
        if not well_formed([family_id]):
            return None
        rows = self.backend.read(statement("card_coalition"), {"family": family_id})
        return rows[0]["coalition"] if rows else None

    def emergency_grants(self) -> list[Row]:
        """Every emergency grant, each with the coalition of its family (`coalition`)."""
        return [r["node"] for r in self.backend.read(statement("emergency_grants_with_coalition"))]

    def _organisations(self, professionals: list[str], as_of: str) -> dict[str, Row]:
        if not professionals:
            return {}
        rows = self.backend.read(statement("professional_organisations"), {"ids": professionals, "as_of": as_of})
        return {r["professional"]: r["organisation"] for r in rows}

    def version_snapshot(self, family_id: str, version: int) -> Row | None:
        for r in self.backend.read(statement("card_items"), {"family": family_id}):
            node = r["node"]
            if node["kind"] == "card_version" and node["version"] == version:
                return node
        return None

    # ------------------------------------------------------------------ card items
    def add_item(self, kind: str, family_id: str, props: Mapping[str, Any]) -> Row:
        spec = self.validator.node_kind(kind)
        row = self._node_props(kind, props)
        rows = self.backend.write(statement("create_card_item", spec.label), {"family": family_id, "props": row})
        if not rows:
            raise NotFound(f"no family with id {family_id!r}", field="familyId")
        return rows[0]["node"]

    def bulk_add_items(self, kind: str, rows: list[tuple[str, Mapping[str, Any]]]) -> int:
        """Many (family id, properties) items of one kind in one statement; errors name the row."""
        spec = self.validator.node_kind(kind)
        prepared = []
        for index, (family_id, props) in enumerate(rows):
            prepared.append({"family": check_id(family_id, f"rows[{index}].family"),
                             "props": self._node_props(kind, props, prefix=f"rows[{index}].")})
        families = {r["family"] for r in prepared}
        found = self.store.kinds_of(sorted(families))
        for index, row in enumerate(prepared):
            if found.get(row["family"]) != "family":
                raise NotFound(f"no family with id {row['family']!r}", field=f"rows[{index}].family")
        if not prepared:
            return 0
        result = self.backend.write(statement("bulk_card_items", spec.label), {"rows": prepared})
        return int(result[0]["written"]) if result else 0

    def items(self, kind: str, family_id: str | None = None) -> list[Row]:
        """Card items of one kind: of one family, or of all families (for reviews)."""
        if family_id is None:
            spec = self.validator.node_kind(kind)
            return [r["node"] for r in self.backend.read(statement("items_of_kind_everywhere", spec.label))]
        rows = self.backend.read(statement("items_of_kind"), {"family": family_id, "kind": kind})
        return sorted((r["node"] for r in rows), key=lambda n: (n.get("created", ""), n["id"]))

    def update_item(self, kind: str, family_id: str, item_id: str, changes: Mapping[str, Any]) -> Row:
        clean = self._node_props(kind, changes, partial=True)
        rows = self.backend.write(statement("update_card_item"), {
            "id": item_id, "family": family_id, "kind": kind, "props": clean, "stamp": now_stamp()})
        if not rows:
            raise NotFound(f"no {kind} with id {item_id!r} on this card", field="id")
        return rows[0]["node"]

    def delete_item(self, kind: str, family_id: str, item_id: str) -> None:
        rows = self.backend.write(statement("delete_card_item"), {"id": item_id, "family": family_id, "kind": kind})
        if not rows or int(rows[0]["deleted"]) == 0:
            raise NotFound(f"no {kind} with id {item_id!r} on this card", field="id")

    def erase_family(self, family_id: str) -> None:
        """Delete the family and everything on its card in one statement."""
        if not well_formed([family_id]):
            raise NotFound(f"no family with id {family_id!r}", field="familyId")
        rows = self.backend.write(statement("erase_family"), {"families": [{"family": family_id, "before": None}]})
        if not rows or int(rows[0]["erased"]) == 0:
            raise NotFound(f"no family with id {family_id!r}", field="familyId")

    def families_born_before(self, date: str) -> list[str]:
        return [r["id"] for r in self.backend.read(statement("family_retention"), {"born_before": date})]

    def update_family(self, family_id: str, changes: Mapping[str, Any]) -> Row:
        return self.store.update_node("family", family_id, changes)

    # ------------------------------------------------------------------ people and ties
    def add_network_person(self, family_id: str, person: Mapping[str, Any], support: Mapping[str, Any]) -> Row:
        node = self._node_props("network_person", person, prefix="person.")
        tie = self._tie_props("supports", {"since": today(), **support}, prefix="support.")
        rows = self.backend.write(statement("add_network_person"), {"family": family_id, "person": node, "tie": tie})
        if not rows:
            raise NotFound(f"no family with id {family_id!r}", field="familyId")
        return rows[0]["node"]

    def add_tie(self, kind: str, family_id: str, person_id: str, props: Mapping[str, Any], *, single: bool) -> str:
        """A tie from a person to the family. `single`: at most one current tie of this kind for the
        whole family (the coordinator); otherwise at most one per person. Returns the tie id, or
        raises Conflict when such a tie is already current."""
        spec = self.validator.relationship_kind(kind)
        tie = self._tie_props(kind, {"since": today(), **props}, prefix="support." if kind == "supports" else "")
        params = {"family": family_id, "person": person_id, "from_kinds": list(spec.from_kinds), "tie": tie,
                  "today": today(), "single": single}
        rows = self.backend.write(statement("add_card_tie", rel_type=spec.type), params)
        if not rows:
            raise Conflict(f"a current {kind} tie already exists", field="personId", code="ALREADY_ON_CARD")
        return rows[0]["id"]

    def current_ties(self, kind: str, family_id: str) -> list[Row]:
        spec = self.validator.relationship_kind(kind)
        rows = self.backend.read(statement("current_card_ties", rel_type=spec.type), {"family": family_id, "today": today()})
        return [{**r["rel"], "kind": kind} for r in rows]

    def check_tie_changes(self, kind: str, changes: Mapping[str, Any], prefix: str = "") -> None:
        """Raises the ValidationError `update_tie` would, without writing."""
        self._tie_props(kind, changes, partial=True, prefix=prefix)

    def update_tie(self, kind: str, tie_id: str, changes: Mapping[str, Any], prefix: str = "") -> Row:
        self.check_tie_changes(kind, changes, prefix)  # errors name the field with its prefix
        return self.store.update_tie(kind, tie_id, changes)

    def link_professionals(self, family_id: str, from_id: str, to_id: str, props: Mapping[str, Any]) -> Row:
        return self.store.link("hands_over", from_id, to_id, {**props, "family": family_id})
