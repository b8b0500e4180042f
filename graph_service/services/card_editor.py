"""The card editor's use cases, on top of the card service: the worker's case list, what the
editor page shows in one audited read, changes that notice what a colleague changed meanwhile
instead of overwriting it, the parents' consent to draw, and undo of the last changes.

Every change goes through the card service's own use case, so its checks, its atomic write and
its one audit line are the API's. What this class adds happens around it: before, the card is
read (after the access check) to compare what the worker saw with what is stored now; after, the
step that turns the change back is kept on the card (newest last, per worker), so an undo works
after a reload and from another tablet.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from ..analysis.card_signals import NAMES, Signal
from ..domain import clock
from ..domain.errors import Conflict, DomainError, ValidationError
from ..domain.family_card import Card, CardPerson
from ..store.backend import Row
from ..store.rows import today
from .card_guard import CardView
from .family_cards import FamilyCardService
from .principal import Principal

#: undo steps kept per worker and card
UNDO_DEPTH = 20
#: who the roster offers: the coalition's people and organisations
ROSTER_KINDS = ("professional", "organisation", "informal_supporter")
#: tie properties a person keeps when she is put back on the card
TIE_BOOKKEEPING = frozenset({"id", "created", "since", "until", "kind", "type", "from", "to"})

Inverse = dict[str, Any]


@dataclass
class CaseRow:
    """One family on a worker's case list."""

    family: Row
    coordinator: str | None
    open_agreements: list[Row]
    to_discuss: list[Signal]
    last_version: Row | None


@dataclass
class Workbench:
    """Everything the editor page shows, read at once."""

    view: CardView
    consents: list[Row]
    roster: list[Row]
    #: this worker's last change that can be undone
    undo: Row | None

    @property
    def may_draw(self) -> bool:
        return may_draw(self.view.card.family)


def may_draw(family: Row) -> bool:
    """The parents' consent to draw the card is recorded and not revoked."""
    return bool(family.get("consent_card_on")) and not family.get("consent_card_revoked_on")


def to_discuss(view: CardView) -> list[Signal]:
    """Signals the family has neither marked not relevant nor made an agreement about."""
    talked = {a.get("signal") for a in view.card.agreements if a.get("status") != "dropped"}
    return [s for s in view.signals if not s.not_relevant and s.key not in talked]


def text_of(value: Any) -> str:
    """A stored value as a form writes it (`web.card_forms` compares the two)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(sorted(str(v) for v in value))
    return str(value)


class CardEditor(FamilyCardService):
    # ------------------------------------------------------------------ reading
    def case_list(self, principal: Principal) -> list[CaseRow]:
        """The worker's families with what needs doing; one audit line per family read."""
        rows = []
        for family in self.my_families(principal):
            view = self._view(self.cards.read(family["id"]))
            self.audit.record(principal, "read", family=family["id"], what="case list summary")
            card = view.card
            coordinator = card.person(card.coordinator["from"]) if card.coordinator else None
            rows.append(CaseRow(
                family=card.family, coordinator=coordinator.name if coordinator else None,
                open_agreements=[a for a in card.agreements if a.get("status") == "open"],
                to_discuss=to_discuss(view), last_version=card.versions[-1] if card.versions else None))
        return rows

    def coalitions_to_draw_in(self, principal: Principal) -> list[Row]:
        """The coalitions a worker draws new cards in: those of her own professional record."""
        if not principal.professional:
            return []
        ids = sorted(self.store.coalitions_of_node(principal.professional))
        return sorted(self.store.get_nodes(ids).values(), key=lambda n: str(n.get("name") or n["id"]))

    def workbench(self, principal: Principal, family_id: str, roster_query: str | None = None) -> Workbench:
        """The card with its signals, its consents, this worker's last undo step and (when asked)
        the coalition's roster filtered by `roster_query`: one audit line."""
        def load() -> Workbench:
            view = self._view(self.cards.read(family_id))
            roster = self._roster(view.card, roster_query) if roster_query is not None else []
            steps = self._steps(principal, family_id)
            return Workbench(view, self.cards.items("consent_record", family_id), roster, steps[-1] if steps else None)
        return self._guard(principal, family_id, "read", "card (editor)", load)

    def _roster(self, card: Card, query: str) -> list[Row]:
        if not card.coalition:
            return []
        on_card = {p.id for p in card.people}
        words = query.casefold().split()
        found = []
        for kind in ROSTER_KINDS:
            for node in self.store.list_all(kind, coalition=card.coalition):
                text = " ".join(str(node.get(k) or "") for k in ("name", "role", "organisation_type")).casefold()
                if node["id"] not in on_card and all(w in text for w in words):
                    found.append(node)
        return sorted(found, key=lambda n: str(n.get("name") or n["id"]).casefold())

    # ------------------------------------------------------------------ consent to draw
    def start(self, principal: Principal, coalition_id: str, props: Mapping[str, Any], consent: bool) -> CardView:
        """A new card drawn in the editor: only with the parents' consent, recorded with it."""
        if not consent:
            raise ValidationError("the parents' consent to draw the card is needed", field="consent",
                                  code="NO_CONSENT_TO_DRAW")
        return self.create(principal, coalition_id,
                           {**props, "consent_card_on": today(), "consent_card_by": self._by(principal)})

    def consent_to_draw(self, principal: Principal, family_id: str, given: bool) -> CardView:
        """Recorded in the editor's first step; revoked, the editor changes nothing until given again."""
        changes = ({"consent_card_on": today(), "consent_card_by": self._by(principal), "consent_card_revoked_on": None}
                   if given else {"consent_card_revoked_on": today()})
        return self.update_family(principal, family_id, changes)

    # ------------------------------------------------------------------ people
    def quick_add(self, principal: Principal, family_id: str, person: Mapping[str, Any],
                  support: Mapping[str, Any]) -> CardView:
        """Someone of the family's own network by a first name or a role; details later."""
        def apply(card: Card) -> tuple[CardView, Inverse]:
            view = self.add_network_person(principal, family_id, person, support)
            view.placed = _new_person(card, view)
            return view, {"op": "remove", "person": view.placed}
        return self._edit(principal, family_id, f"add {person.get('name', '')}", apply)

    def place(self, principal: Principal, family_id: str, person_id: str, support: Mapping[str, Any]) -> CardView:
        """A professional, organisation or key figure from the roster."""
        def apply(card: Card) -> tuple[CardView, Inverse]:
            return self.add_supporter(principal, family_id, person_id, support), {"op": "remove", "person": person_id}
        return self._edit(principal, family_id, f"place {person_id}", apply)

    def change_person(self, principal: Principal, family_id: str, person_id: str, support: Mapping[str, Any],
                      seen: Mapping[str, str], person: Mapping[str, Any] | None = None) -> CardView:
        """Move, set support or details. `seen`: each changed field as the worker saw it; if a
        colleague changed one of them meanwhile, nothing is written and the Conflict names them."""
        def apply(card: Card) -> tuple[CardView, Inverse]:
            found = self._person(card, person_id)
            old_support = {k: found.tie.get(k) for k in support}
            old_person = {k: found.node.get(k) for k in (person or {})}
            view = self.update_support(principal, family_id, person_id, support, person)
            return view, {"op": "change", "person": person_id, "support": old_support, "details": old_person}
        return self._edit(principal, family_id, f"change {person_id}", apply,
                          check=lambda card: self._check_seen(self._person(card, person_id), seen))

    def take_off(self, principal: Principal, family_id: str, person_id: str) -> CardView:
        def apply(card: Card) -> tuple[CardView, Inverse]:
            found = self._person(card, person_id)
            kept = {k: v for k, v in found.tie.items() if k not in TIE_BOOKKEEPING and v is not None}
            return self.remove_person(principal, family_id, person_id), {"op": "place", "person": person_id,
                                                                          "support": kept}
        return self._edit(principal, family_id, f"take off {person_id}", apply,
                          check=lambda card: self._person(card, person_id))

    def link_people(self, principal: Principal, family_id: str, first: str, second: str) -> CardView:
        """Two people of the family's own network who know each other (tapped one after the other)."""
        def apply(card: Card) -> tuple[CardView, Inverse]:
            one, other = self._person(card, first), self._person(card, second)
            if one.kind != "network_person":
                one, other = other, one
            if one.kind != "network_person" or not other.informal or one.id == other.id:
                raise ValidationError("only two different people of the family's own network know each other here",
                                      field="second", code="NOT_OWN_NETWORK")
            if any({t["from"], t["to"]} == {one.id, other.id} and t["kind"] == "knows" for t in card.ties):
                raise Conflict("these two are already linked", field="second", code="ALREADY_LINKED")
            tie = self.store.link("knows", one.id, other.id, {"family": family_id, "since": today()})
            return self._view(self.cards.read(family_id)), {"op": "unlink", "tie": tie["id"]}
        return self._edit(principal, family_id, f"link {first} and {second}", apply, audited=False)

    # ------------------------------------------------------------------ coordinator, items, signals
    def choose_coordinator(self, principal: Principal, family_id: str, person_id: str) -> CardView:
        def apply(card: Card) -> tuple[CardView, Inverse]:
            return self.set_coordinator(principal, family_id, person_id), {"op": "coordinator", "person": None}
        return self._edit(principal, family_id, f"coordinator {person_id}", apply)

    def stop_coordinator(self, principal: Principal, family_id: str) -> CardView:
        def apply(card: Card) -> tuple[CardView, Inverse]:
            before = card.coordinator["from"] if card.coordinator else None
            return self.end_coordinator(principal, family_id), {"op": "coordinator", "person": before}
        return self._edit(principal, family_id, "end coordinator", apply)

    def add(self, principal: Principal, family_id: str, kind: str, props: Mapping[str, Any]) -> CardView:
        """A family member, an agreement or a recorded factor."""
        def apply(card: Card) -> tuple[CardView, Inverse]:
            view = self.add_item(principal, family_id, kind, props)
            before = {i["id"] for i in _items(card)}
            new = next(i["id"] for i in _items(view.card) if i["id"] not in before)
            return view, {"op": "remove_item", "kind": kind, "id": new}
        return self._edit(principal, family_id, f"add {kind}", apply)

    def hand_over(self, principal: Principal, family_id: str, from_id: str, to_id: str, status: str) -> CardView:
        """A handover between two professionals on the card, planned or done."""
        def apply(card: Card) -> tuple[CardView, Inverse]:
            before = {t["id"] for t in card.handovers}
            view = self.record_handover(principal, family_id, from_id, to_id, {"status": status})
            new = next(t["id"] for t in view.card.handovers if t["id"] not in before)
            return view, {"op": "unlink", "kind": "hands_over", "tie": new}
        return self._edit(principal, family_id, f"handover {from_id} -> {to_id}", apply)

    def handover_done(self, principal: Principal, family_id: str, tie_id: str) -> CardView:
        def apply(card: Card) -> tuple[CardView, Inverse]:
            old = next((t.get("status") for t in card.handovers if t["id"] == tie_id), "planned")
            return (self.update_handover(principal, family_id, tie_id, {"status": "done"}),
                    {"op": "handover", "tie": tie_id, "status": old})
        return self._edit(principal, family_id, f"handover {tie_id} done", apply)

    def talk_about(self, principal: Principal, family_id: str, signal_key: str) -> CardView:
        """"We talk about this": an open agreement about the signal."""
        name = NAMES.get(signal_key.split(":")[0], (signal_key,))[0]
        return self.add(principal, family_id, "card_agreement",
                        {"what": f"Bespreken: {name}", "status": "open", "signal": signal_key})

    def not_relevant(self, principal: Principal, family_id: str, signal_key: str, reason: str | None) -> CardView:
        def apply(card: Card) -> tuple[CardView, Inverse]:
            return self.flag_signal(principal, family_id, signal_key, reason), {"op": "unflag", "signal": signal_key}
        return self._edit(principal, family_id, f"flag {signal_key}", apply)

    # ------------------------------------------------------------------ undo
    def undo(self, principal: Principal, family_id: str) -> str:
        """Turns this worker's last change back; returns what it was. The step is used once."""
        self._admit(principal, family_id, "change", "undo")
        steps = self._steps(principal, family_id)
        if not steps:
            raise ValidationError("there is nothing to undo", field="undo", code="NOTHING_TO_UNDO")
        step = steps[-1]
        self._turn_back(principal, family_id, json.loads(step["inverse"]))
        self.cards.delete_item("card_undo", family_id, step["id"])
        return str(step["action"])

    def _turn_back(self, principal: Principal, family_id: str, inverse: Inverse) -> None:
        op, person = inverse["op"], inverse.get("person")
        if op == "remove":
            self.remove_person(principal, family_id, person)
        elif op == "place":
            self.add_supporter(principal, family_id, person, inverse["support"])
        elif op == "change":
            self.update_support(principal, family_id, person, inverse["support"], inverse["details"] or None)
        elif op == "coordinator":
            self.end_coordinator(principal, family_id)
            if person:
                self.set_coordinator(principal, family_id, person)
        elif op == "remove_item":
            self.remove_item(principal, family_id, inverse["kind"], inverse["id"])
        elif op == "unflag":
            self.unflag_signal(principal, family_id, inverse["signal"])
        elif op == "unlink":
            kind = inverse.get("kind", "knows")
            self._guard(principal, family_id, "change", f"undo {kind}", lambda: self.store.unlink(kind, inverse["tie"]))
        elif op == "handover":
            self.update_handover(principal, family_id, inverse["tie"], {"status": inverse["status"]})

    # ------------------------------------------------------------------ helpers
    def _edit(self, principal: Principal, family_id: str, what: str,
              apply: Callable[[Card], tuple[CardView, Inverse]], *, check: Callable[[Card], object] | None = None,
              audited: bool = True) -> CardView:
        """Access first, then the card as stored now and this editor's own checks (`check`; its
        refusals audited here), then the change through its use case (which audits it, or with
        `audited=False` a change written here, audited by the guard), then the undo step."""
        self._admit(principal, family_id, "change", what)
        card = self.cards.read(family_id)
        try:
            if not may_draw(card.family):
                raise ValidationError("the parents' consent to draw the card is not recorded", field="consent",
                                      code="NO_CONSENT_TO_DRAW")
            if check is not None:
                check(card)
        except DomainError:
            self.audit.record(principal, "change-refused", family=family_id, what=what)
            raise
        view, inverse = apply(card) if audited else self._guard(principal, family_id, "change", what,
                                                                lambda: apply(card))
        self._remember(principal, family_id, what, inverse)
        return view

    def _steps(self, principal: Principal, family_id: str) -> list[Row]:
        mine = [s for s in self.cards.items("card_undo", family_id) if s["by"] == self._by(principal)]
        return sorted(mine, key=lambda s: s["at"])

    def _remember(self, principal: Principal, family_id: str, what: str, inverse: Inverse) -> None:
        self.cards.add_item("card_undo", family_id, {"action": what, "inverse": json.dumps(inverse), "by": self._by(principal),
                                                     "at": clock.now_iso("microseconds")})
        for old in self._steps(principal, family_id)[:-UNDO_DEPTH]:
            self.cards.delete_item("card_undo", family_id, old["id"])

    @staticmethod
    def _person(card: Card, person_id: str) -> CardPerson:
        found = card.person(person_id)
        if found is None:
            raise Conflict("is no longer on this card: someone took her off meanwhile", field="personId",
                           code="GONE_MEANWHILE")
        return found

    @staticmethod
    def _check_seen(person: CardPerson, seen: Mapping[str, str]) -> None:
        changed = sorted(k for k, v in seen.items()
                         if text_of(person.tie.get(k) if k not in person.node else person.node.get(k)) != v)
        if changed:
            raise Conflict(f"changed meanwhile by someone else: {', '.join(changed)}", field=changed[0],
                           code="CHANGED_MEANWHILE", changed=changed)


def _items(card: Card) -> list[Row]:
    return card.members + card.agreements + card.factors


def _new_person(before: Card, after: CardView) -> str:
    known = {p.id for p in before.people}
    return next(p.id for p in after.card.people if p.id not in known)
