"""Use cases over the coalition network, with the permission rules of each role.

Reading:
- families and everything on their network cards (members, their own network, agreements,
  factors, versions, and the ties that draw the card) are not part of the coalition network:
  here they do not exist for anyone, the same NotFound as an unknown id. They are read and
  changed only through the family card service, which checks the assignment and audits;
- the network is read per coalition (`read_scope`): admins and evaluators read every coalition;
  a coordinator reads her own coalitions in full and every other coalition as organisations only
  (its people, professionals and informal supporters, do not exist for her, and she cannot
  export it); a worker reads the coalitions she works in (through her organisation) and a
  privacy officer the coalitions of her token, nothing else. A node is visible when it is part of
  a coalition the reader reads; for a coordinator also every organisation, community or other
  non-person node, and a person that is part of no coalition yet (a partner being invited);
- evaluators see people (professionals, informal supporters) only under keyed pseudonyms,
  everywhere: node reads, ties, the coalition subgraph behind analyses, maps and exports. They
  reach a person through her pseudonym, never through her real id, and do not list or search
  people by name (a name search would be an oracle for who is in the network).
Changing:
- admins change everything of the network; evaluators and workers change nothing here
  (workers draw family cards, which is a separate use case);
- a coordinator changes nodes that are part of one of her coalitions, or of none yet (a partner
  she is about to invite), and creates ties whose ends she may change. Memberships are ties too:
  both ends are checked, so she joins to her coalition only what she may already change (an
  organisation of another coalition joins a second one through an admin), and ends memberships
  in her coalitions. Coalitions themselves are created by admins.
"""

from __future__ import annotations

import datetime as dt
import secrets
import threading
from collections import defaultdict
from typing import Any, Mapping, Sequence

from ..analysis.overview import COALITION_TIES
from ..domain.errors import DomainError, NotFound, PermissionDenied
from ..store.backend import Row
from ..store.graph_store import GraphStore
from ..store.rows import Page, Subgraph, today
from .change_history import ChangeHistory
from .principal import Principal, Role
from .pseudonyms import PREFIX, Pseudonymiser
from .seen_networks import SeenNetworks

#: how much of a coalition a principal reads (see the module docstring)
FULL, ORGANISATIONS = "full", "organisations"


class NetworkService:
    def __init__(self, store: GraphStore, pseudonymiser: Pseudonymiser | None = None) -> None:
        self.store = store
        self.vocabulary = store.vocabulary
        #: who changed what: every change below leaves a line in it
        self.history = ChangeHistory(store)
        # without a configured key, a key for this process only: pseudonyms are never skipped
        self.pseudonyms = pseudonymiser or Pseudonymiser(secrets.token_bytes(32), self.vocabulary)
        self._people: tuple[int, dict[str, str]] = (-1, {})
        self._people_lock = threading.Lock()
        self._seen = SeenNetworks(self.vocabulary, self.pseudonyms)

    # ------------------------------------------------------------------ visibility
    def _private(self, node: Row) -> bool:
        return node.get("kind") in self.vocabulary.hidden_kinds

    def _filter_nodes(self, nodes: Mapping[str, Row]) -> dict[str, Row]:
        return {i: n for i, n in nodes.items() if not self._private(n)}

    def reader_coalitions(self, principal: Principal) -> frozenset[str] | None:
        """The coalitions a principal reads in full; None for every coalition (admins, evaluators)."""
        if principal.role in (Role.ADMIN, Role.EVALUATOR):
            return None
        if principal.role is Role.WORKER:
            if not principal.professional:
                return frozenset()
            return frozenset(self.store.coalitions_of_node(principal.professional))
        return principal.coalitions

    def coalitions_read_in_full(self, principal: Principal) -> list[Row]:
        """The coalitions whose whole network this principal reads (a coordinator: her own), by name."""
        coalitions = self.store.list_all("coalition")
        mine = self.reader_coalitions(principal)
        return [c for c in coalitions if mine is None or c["id"] in mine]

    def read_scope(self, principal: Principal, coalition_id: str) -> str | None:
        """FULL, ORGANISATIONS (a coordinator's view of another coalition) or None (not at all)."""
        mine = self.reader_coalitions(principal)
        if mine is None or coalition_id in mine:
            return FULL
        return ORGANISATIONS if principal.role is Role.COORDINATOR else None

    def require_full_read(self, principal: Principal, coalition_id: str, doing: str) -> None:
        if self.read_scope(principal, coalition_id) != FULL:
            raise PermissionDenied(f"you {doing} only the coalitions you work in or coordinate", field="coalitionId")

    def _visible(self, principal: Principal, nodes: Mapping[str, Row]) -> dict[str, Row]:
        """The nodes of the network this principal reads (see the module docstring)."""
        nodes = self._filter_nodes(nodes)
        mine = self.reader_coalitions(principal)
        if mine is None or not nodes:
            return nodes
        scopes = self.store.coalitions_of(sorted(nodes))
        coordinator = principal.role is Role.COORDINATOR
        persons = self.vocabulary.person_kinds

        def visible(node_id: str, node: Row) -> bool:
            if node["kind"] == "coalition":
                return coordinator or node_id in mine
            coalitions = scopes.get(node_id, ("", set()))[1]
            if coalitions & mine:
                return True
            return coordinator and (node["kind"] not in persons or not coalitions)

        return {i: n for i, n in nodes.items() if visible(i, n)}

    @staticmethod
    def sees_pseudonyms(principal: Principal) -> bool:
        return principal.role is Role.EVALUATOR

    def _people_by_pseudonym(self) -> dict[str, str]:
        """Pseudonym -> real id of every person, rebuilt once per graph version."""
        version = self.store.graph_version()
        with self._people_lock:
            if self._people[0] != version:
                ids = [i for kind in sorted(self.vocabulary.person_kinds) for i in self.store.ids_of_kind(kind)]
                self._people = (version, {self.pseudonyms.pseudonym(i): i for i in ids})
            return self._people[1]

    def _real_ids(self, principal: Principal, ids: Sequence[str]) -> dict[str, str]:
        """Asked id -> stored id; for evaluators a pseudonym is turned back into the person's id."""
        if not self.sees_pseudonyms(principal):
            return {i: i for i in ids}
        people = self._people_by_pseudonym() if any(str(i).startswith(PREFIX) for i in ids) else {}
        return {i: people.get(i, i) for i in ids}

    @staticmethod
    def _reached(asked: str, real: str, is_person: bool) -> bool:
        """For an evaluator: a person is reached only through her pseudonym, never her real id."""
        return not is_person or asked != real

    def get_nodes(self, principal: Principal, ids: Sequence[str]) -> dict[str, Row]:
        if not self.sees_pseudonyms(principal):
            return self._visible(principal, self.store.get_nodes(ids))
        asked = self._real_ids(principal, ids)
        found = self._filter_nodes(self.store.get_nodes(sorted(set(asked.values()))))
        persons = self.vocabulary.person_kinds
        return {i: self.pseudonyms.node(found[real]) for i, real in asked.items()
                if real in found and self._reached(i, real, found[real]["kind"] in persons)}

    def get_node(self, principal: Principal, node_id: str, kind: str | None = None) -> Row:
        node = self.get_nodes(principal, [node_id]).get(node_id)
        if node is None or (kind is not None and node["kind"] != kind):
            raise NotFound(f"no {kind or 'node'} with id {node_id!r}", field="id")
        return node

    def list_nodes(self, principal: Principal, kind: str, **options: Any) -> Page:
        self._refuse_private_kind(kind)
        if kind in self.vocabulary.person_kinds and self.sees_pseudonyms(principal):
            # a list is sorted and searched by name, and its cursors carry it
            raise PermissionDenied("evaluators see people only under pseudonyms, in the coalition's network "
                                   "and analyses", field="kind")
        page = self.store.list_nodes(kind, **options)
        if self.reader_coalitions(principal) is None:
            return page
        # a page keeps its cursors (the next page continues where the store stopped); it may hold
        # fewer items than asked for when some are outside the principal's coalitions
        visible = self._visible(principal, {n["id"]: n for n in page.items})
        kept = [(n, c) for n, c in zip(page.items, page.cursors) if n["id"] in visible]
        return Page([n for n, _ in kept], page.end_cursor, page.has_next_page, [c for _, c in kept])

    def coalition_subgraph(self, principal: Principal, coalition_id: str, as_of: str | dt.date | None = None) -> Subgraph:
        """The coalition's network as of a date, as this principal may see it."""
        scope = self.read_scope(principal, coalition_id)
        if scope is None:
            raise NotFound(f"no coalition with id {coalition_id!r}", field="coalitionId")
        sub = self.store.coalition_subgraph(coalition_id, as_of)
        return self._seen.subgraph(sub, coalition_id, as_of, scope == ORGANISATIONS, self.sees_pseudonyms(principal))

    def _refuse_private_kind(self, kind: str) -> None:
        if kind in self.vocabulary.private_kinds or kind in self.vocabulary.card_tie_kinds:
            raise PermissionDenied("families and their network cards are reached through the family card API",
                                   field="kind")
        if kind in self.vocabulary.hidden_kinds:
            raise PermissionDenied("a coalition's own records are reached through their own use case", field="kind")

    def ties_of_many(self, principal: Principal, ids: Sequence[str], as_of: str | None = None) -> dict[str, list[Row]]:
        asked = self._real_ids(principal, ids)
        ties = self.store.ties_of_many(sorted(set(asked.values())), as_of)
        touched = {t[end] for node_ties in ties.values() for t in node_ties for end in ("from", "to")}
        ends = self.store.get_nodes(sorted(touched | set(ties)))
        hidden = set(ends) - set(self._visible(principal, ends))
        card_ties = self.vocabulary.card_tie_kinds
        visible = {
            node_id: [t for t in node_ties
                      if t["from"] not in hidden and t["to"] not in hidden and t["kind"] not in card_ties]
            for node_id, node_ties in ties.items()
            if node_id not in hidden
        }
        if not self.sees_pseudonyms(principal):
            return visible
        pseudonyms = self.pseudonyms.person_ids(ends.values())
        return {i: [self.pseudonyms.tie(t, pseudonyms) for t in visible[real]]
                for i, real in asked.items() if real in visible and self._reached(i, real, real in pseudonyms)}

    def get_tie(self, principal: Principal, kind: str, tie_id: str) -> Row | None:
        """A tie, if both its ends are visible to the principal."""
        if kind in self.vocabulary.card_tie_kinds:
            return None
        tie = self.store.get_tie(kind, tie_id)
        if tie is None:
            return None
        ends = self._visible(principal, self.store.get_nodes([tie["from"], tie["to"]]))
        if tie["from"] not in ends or tie["to"] not in ends:
            return None
        if self.sees_pseudonyms(principal):
            return self.pseudonyms.tie(tie, self.pseudonyms.person_ids(ends.values()))
        return tie

    # ------------------------------------------------------------------ change rules
    def require_writer(self, principal: Principal, doing: str = "change the coalition network",
                       field: str | None = None) -> None:
        """Only admins and coordinators change the network (the coordinator's scope is checked apart)."""
        if principal.role not in (Role.ADMIN, Role.COORDINATOR):
            raise PermissionDenied(f"a {principal.role.value} cannot {doing}", field=field)

    def _may_change(self, principal: Principal, node_ids: Sequence[str], field: str = "id") -> dict[str, str]:
        """Check the coordinator's scope over existing nodes; returns id -> kind.

        Nodes the principal may not see are reported as NotFound, as if they did not exist."""
        scopes = self.store.coalitions_of(node_ids)
        for node_id in node_ids:
            if node_id not in scopes or scopes[node_id][0] in self.vocabulary.hidden_kinds:
                raise NotFound(f"no node with id {node_id!r}", field=field)
        for node_id in node_ids:
            kind, coalitions = scopes[node_id]
            if principal.is_admin:
                continue
            if kind == "coalition":
                if not principal.coordinates(node_id):
                    raise PermissionDenied("you do not coordinate this coalition", field=field)
            elif coalitions and not coalitions & principal.coalitions:
                raise PermissionDenied("this belongs to a coalition you do not coordinate", field=field)
        return {i: scopes[i][0] for i in node_ids}

    # ------------------------------------------------------------------ nodes
    def create_node(self, principal: Principal, kind: str, props: Mapping[str, Any]) -> Row:
        self.require_writer(principal)
        self._refuse_private_kind(kind)
        if kind == "coalition" and not principal.is_admin:
            raise PermissionDenied(f"only an admin creates a {kind} here", field="kind")
        node = self.store.create_node(kind, props)
        self.history.record(principal, "created", [node["id"]], fields=node)
        return node

    def property_problems(self, kind: str, props: Mapping[str, Any], *, partial: bool = False) -> list[DomainError]:
        """Every problem of a node's properties at once, before a write (which reports the first),
        so a form can name all its wrong fields in one go."""
        self._refuse_private_kind(kind)
        return list(self.store.validator.node_problems(self.store.validator.node_kind(kind), props, partial=partial))

    def membership_kind(self, kind: str) -> str:
        """How a node of this kind is part of a coalition: a member (organisations and people), or
        belonging to it (communities, interventions, neighbourhoods)."""
        return "member_of" if kind in self.vocabulary.relationship_kinds["member_of"].from_kinds else "belongs_to"

    def create_member(self, principal: Principal, kind: str, props: Mapping[str, Any], coalition_id: str,
                      membership: Mapping[str, Any]) -> Row:
        """A new partner, person, community or offer already part of the coalition: one write,
        both or neither."""
        self.require_writer(principal)
        self._refuse_private_kind(kind)
        self.get_node(principal, coalition_id, kind="coalition")
        if not principal.runs(coalition_id):
            raise PermissionDenied("you do not coordinate this coalition", field="coalitionId")
        tie_kind = self.membership_kind(kind)
        node = self.store.create_member(kind, props, coalition_id, membership, tie_kind)
        self.history.record(principal, "created", [node["id"], coalition_id], fields=node)
        return node

    def update_node(self, principal: Principal, kind: str, node_id: str, changes: Mapping[str, Any]) -> Row:
        self.require_writer(principal)
        self._check_kind(principal, kind, node_id)
        node = self.store.update_node(kind, node_id, changes)
        self.history.record(principal, "changed", [node_id], fields=changes)
        return node

    def delete_node(self, principal: Principal, kind: str, node_id: str) -> None:
        self.require_writer(principal)
        self._check_kind(principal, kind, node_id)
        self.store.delete_node(kind, node_id)
        self.history.record(principal, "deleted", [node_id])

    def _check_kind(self, principal: Principal, kind: str, node_id: str) -> None:
        self.store.validator.node_kind(kind)
        self._refuse_private_kind(kind)
        if self._may_change(principal, [node_id]).get(node_id) != kind:
            raise NotFound(f"no {kind} with id {node_id!r}", field="id")

    def bulk_upsert(self, principal: Principal, kind: str, rows: Sequence[Mapping[str, Any]]) -> int:
        self.require_writer(principal)
        self._refuse_private_kind(kind)
        if kind == "coalition" and not principal.is_admin:
            raise PermissionDenied(f"only an admin creates a {kind} here", field="kind")
        ids = [r.get("id") for r in rows if isinstance(r, dict) and isinstance(r.get("id"), str)]
        existing = self.store.coalitions_of(ids)
        if existing and not principal.is_admin:
            self._may_change(principal, sorted(existing), field="rows")
        written = self.store.bulk_upsert_nodes(kind, rows)
        self.history.record_many(principal, "imported", ids)
        return written

    # ------------------------------------------------------------------ ties
    def _check_tie_ends(self, principal: Principal, kind: str, from_id: str, to_id: str) -> None:
        self.require_writer(principal)
        spec = self.store.validator.relationship_kind(kind)
        self._refuse_private_kind(kind)
        if kind in COALITION_TIES:
            kinds = self._may_change(principal, [to_id], field="to")
            if kinds[to_id] not in spec.to_kinds:
                return  # the store reports the wrong endpoint kind with its field
        # both ends, memberships too: joining another coalition's partner to her own coalition would
        # make it hers to change and delete (a takeover); an admin adds a shared regional partner
        self._may_change(principal, [from_id], field="from")
        self._may_change(principal, [to_id], field="to")

    def link(self, principal: Principal, kind: str, from_id: str, to_id: str, props: Mapping[str, Any]) -> Row:
        self._check_tie_ends(principal, kind, from_id, to_id)
        tie = self.store.link(kind, from_id, to_id, props)
        self.history.record(principal, "tie_added", [from_id, to_id], tie_kind=kind, fields=props)
        return tie

    def _existing_tie(self, principal: Principal, kind: str, tie_id: str) -> Row:
        self.require_writer(principal)  # before looking: a reader learns nothing from a refusal
        tie = self.store.get_tie(kind, tie_id)
        if tie is None:
            raise NotFound(f"no {kind} tie with id {tie_id!r}", field="id")
        try:
            self._check_tie_ends(principal, kind, tie["from"], tie["to"])
        except NotFound:
            raise NotFound(f"no {kind} tie with id {tie_id!r}", field="id") from None
        return tie

    def update_tie(self, principal: Principal, kind: str, tie_id: str, changes: Mapping[str, Any]) -> Row:
        tie = self._existing_tie(principal, kind, tie_id)
        changed = self.store.update_tie(kind, tie_id, changes)
        self.history.record(principal, "tie_changed", [tie["from"], tie["to"]], tie_kind=kind, fields=changes)
        return changed

    def unlink(self, principal: Principal, kind: str, tie_id: str) -> None:
        tie = self._existing_tie(principal, kind, tie_id)
        self.store.unlink(kind, tie_id)
        self.history.record(principal, "tie_removed", [tie["from"], tie["to"]], tie_kind=kind)

    def join_coalition(
        self, principal: Principal, member_id: str, coalition_id: str, level: str, since: str | dt.date | None = None
    ) -> Row:
        return self.link(principal, "member_of", member_id, coalition_id, {"level": level, "since": since or today()})

    def leave_coalition(
        self, principal: Principal, member_id: str, coalition_id: str, until: str | dt.date | None = None
    ) -> list[Row]:
        """End every current membership of `member_id` in the coalition on `until` (today)."""
        until = until or today()
        current = [
            t for t in self.store.ties_of(member_id, as_of=today())
            if t["kind"] == "member_of" and t["from"] == member_id and t["to"] == coalition_id
        ]
        if not current:
            raise NotFound(f"{member_id!r} is not a member of {coalition_id!r}", field="coalitionId")
        return [self.update_tie(principal, "member_of", t["id"], {"until": until}) for t in current]

    # ------------------------------------------------------------------ views
    def partners(self, principal: Principal, organisation_id: str, as_of: str | None = None) -> list[tuple[Row, list[Row]]]:
        """The organisations and people tied to an organisation, with the ties between them."""
        self.get_node(principal, organisation_id, kind="organisation")
        ties = self.ties_of_many(principal, [organisation_id], as_of)[organisation_id]
        by_partner: dict[str, list[Row]] = defaultdict(list)
        for tie in ties:
            other = tie["to"] if tie["from"] == organisation_id else tie["from"]
            by_partner[other].append(tie)
        nodes = self.get_nodes(principal, sorted(by_partner))
        partners = [(nodes[i], by_partner[i]) for i in sorted(by_partner) if i in nodes and nodes[i]["kind"] != "coalition"]
        return sorted(partners, key=lambda p: (str(p[0].get("name", "")).lower(), p[0]["id"]))

    def overview(self, principal: Principal, coalition_id: str, as_of: str | None = None) -> dict[str, Any]:
        """Members by domain, level and phase, interventions by phase and ties between domains."""
        self.get_node(principal, coalition_id, kind="coalition")
        graph = self.coalition_subgraph(principal, coalition_id, as_of)
        seen_as = (self.read_scope(principal, coalition_id), self.sees_pseudonyms(principal))
        figures = self._seen.overview(graph, coalition_id, as_of or today(), seen_as)
        return {**figures, "as_of": as_of or today(), "version": graph.version}
