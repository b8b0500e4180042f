"""Use cases of the family network card: drawn with the parents, scoped to their professionals.

Who may do what:
- an admin, and a worker (neighbourhood team, JGZ, midwife) who is currently assigned to the
  family, read and change its card; the worker who creates a card is assigned to it, and an
  assigned worker can assign a colleague;
- for everybody else (another worker, a coordinator, an evaluator) the family does not exist:
  the same NotFound as an unknown id, so the answer does not reveal that a family is known;
- a professional who is not assigned reads the card *summary* (who does what, agreements) only
  with the parents' current consent for her or her organisation, and the whole card only through
  time-boxed emergency access, which is flagged in the audit log and listed for review.
Every read and change, and every refused attempt, is written to the audit log (who, role, when,
which family, what, on whose behalf, emergency or not) before the answer leaves the service; if
the log cannot be written, the call fails.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any, Mapping

from ..analysis.card_signals import SIGNALS
from ..domain.family_card import Card
from ..domain.errors import Conflict, NotFound, PermissionDenied, ValidationError
from ..domain.validation import parse_date
from ..store.backend import Row
from ..store.rows import today
from .card_guard import CardView
from .card_sharing import CardSharing
from .principal import Principal, Role

SIGNAL_KEY = re.compile(r"^(G\d\d)(:[A-Za-z0-9._:-]{1,128})?$")
#: who may be placed on a card besides the family's own network: the coalition's people and organisations
COALITION_SUPPORTERS = frozenset({"professional", "organisation", "informal_supporter"})
EDITABLE_ITEMS = frozenset({"family_member", "card_agreement", "factor_record"})


class FamilyCardService(CardSharing):
    """Reading, drawing and keeping the card; access and sharing come from the classes it builds on."""

    # ------------------------------------------------------------------ reading
    def read(self, principal: Principal, family_id: str) -> CardView:
        return self._guard(principal, family_id, "read", "card", lambda: self._view(self.cards.read(family_id)))

    def my_families(self, principal: Principal) -> list[Row]:
        """The worker's case list: the families she is assigned to today (labels only)."""
        if principal.role is not Role.WORKER or not principal.professional:
            return []
        families = self.cards.families_of(principal.professional)
        self.audit.record(principal, "list", family=None, what=f"case list ({len(families)} families)")
        return families

    def version(self, principal: Principal, family_id: str, version: int) -> CardView:
        def load() -> CardView:
            node = self.cards.version_snapshot(family_id, version)
            if node is None:
                raise NotFound(f"no version {version} of this card", field="version")
            card = Card.from_snapshot(json.loads(node["snapshot"]))
            card.versions = [{k: v for k, v in node.items() if k != "snapshot"}]
            return self._view(card)
        return self._guard(principal, family_id, "read", f"version {version}", load)

    def compare(self, principal: Principal, family_id: str, older: int, newer: int) -> dict[str, Any]:
        """People who came and went or moved to another ring, and signals closed and new, between
        two saved versions (`before` and `after`: the two versions themselves)."""
        before, after = self.version(principal, family_id, older), self.version(principal, family_id, newer)
        people_before = {p.id: p for p in before.card.people}
        people_after = {p.id: p for p in after.card.people}
        open_before = {s.key: s for s in before.signals if not s.not_relevant}
        open_after = {s.key: s for s in after.signals if not s.not_relevant}
        stayed = [(people_before[i], people_after[i]) for i in people_after if i in people_before]
        return {
            "before": before, "after": after,
            "people_added": [people_after[i] for i in people_after if i not in people_before],
            "people_removed": [people_before[i] for i in people_before if i not in people_after],
            "people_closer": [(b, a) for b, a in stayed if a.ring < b.ring],
            "people_further": [(b, a) for b, a in stayed if a.ring > b.ring],
            "signals_closed": [open_before[k] for k in open_before if k not in open_after],
            "signals_new": [open_after[k] for k in open_after if k not in open_before],
        }

    # ------------------------------------------------------------------ the family
    def create(self, principal: Principal, coalition_id: str, props: Mapping[str, Any],
               professional_id: str | None = None) -> CardView:
        """A new card. A worker is assigned to the card she creates; an admin may name a professional."""
        if principal.role is Role.WORKER and principal.professional:
            professional_id = principal.professional
            if coalition_id not in self.store.coalitions_of_node(professional_id):
                raise PermissionDenied("you work for another coalition", field="coalitionId")
        elif not principal.is_admin:
            raise PermissionDenied("family cards are drawn by neighbourhood teams, youth health care and midwives",
                                   field="coalitionId")
        elif professional_id and not self.store.get_node(professional_id, kind="professional"):
            raise ValidationError("is not a professional", field="professionalId", code="NOT_A_PROFESSIONAL")
        changes = self._family_changes(principal, dict(props))
        family = self.cards.create_family(coalition_id, changes, professional_id)
        self.audit.record(principal, "create", family=family["id"], what="card")
        return self._view(self.cards.read(family["id"]))

    def _family_changes(self, principal: Principal, changes: dict[str, Any]) -> dict[str, Any]:
        """The vulnerability category is recorded, never computed: with the date and who recorded it."""
        if changes.get("vulnerability") is not None:
            changes.setdefault("vulnerability_recorded_on", today())
            changes["vulnerability_recorded_by"] = self._by(principal)
        elif "vulnerability" in changes:
            changes.update(vulnerability_recorded_on=None, vulnerability_recorded_by=None)
        if changes.get("life_event") is not None:
            changes.setdefault("life_event_on", today())
        return changes

    def update_family(self, principal: Principal, family_id: str, changes: Mapping[str, Any]) -> CardView:
        def change() -> CardView:
            self.cards.update_family(family_id, self._family_changes(principal, dict(changes)))
            return self._view(self.cards.read(family_id))
        return self._guard(principal, family_id, "change", "family: " + ", ".join(sorted(changes)), change)

    def assign(self, principal: Principal, family_id: str, professional_id: str) -> CardView:
        def change() -> CardView:
            if not self.store.get_node(professional_id, kind="professional"):
                raise ValidationError("is not a professional", field="professionalId", code="NOT_A_PROFESSIONAL")
            try:
                self.cards.add_tie("assigned_to", family_id, professional_id, {}, single=False)
            except Conflict:
                raise Conflict("is already assigned to this family", field="professionalId",
                               code="ALREADY_ASSIGNED") from None
            return self._view(self.cards.read(family_id))
        return self._guard(principal, family_id, "change", f"assign {professional_id}", change)

    # ------------------------------------------------------------------ members and items
    def add_item(self, principal: Principal, family_id: str, kind: str, props: Mapping[str, Any]) -> CardView:
        """A member, an agreement or a factor record; references are checked against this card."""
        def change() -> CardView:
            card = self.cards.read(family_id)
            clean = self._item_props(principal, card, kind, dict(props))
            self.cards.add_item(kind, family_id, clean)
            return self._view(self.cards.read(family_id))
        return self._guard(principal, family_id, "change", f"add {kind}", change)

    def update_item(self, principal: Principal, family_id: str, kind: str, item_id: str,
                    changes: Mapping[str, Any]) -> CardView:
        def change() -> CardView:
            card = self.cards.read(family_id)
            clean = self._item_props(principal, card, kind, dict(changes), partial=True)
            self.cards.update_item(kind, family_id, item_id, clean)
            return self._view(self.cards.read(family_id))
        return self._guard(principal, family_id, "change", f"change {kind} {item_id}", change)

    def remove_item(self, principal: Principal, family_id: str, kind: str, item_id: str) -> CardView:
        def change() -> CardView:
            self._check_item_kind(kind)
            self.cards.delete_item(kind, family_id, item_id)
            return self._view(self.cards.read(family_id))
        return self._guard(principal, family_id, "change", f"remove {kind} {item_id}", change)

    @staticmethod
    def _check_item_kind(kind: str) -> None:
        """Versions and flags have their own use cases; they are never edited as plain items."""
        if kind not in EDITABLE_ITEMS:
            raise ValidationError(f"{kind} is not changed this way", field="kind", code="NOT_CHANGED_HERE")

    def _item_props(self, principal: Principal, card: Card, kind: str, props: dict[str, Any],
                    partial: bool = False) -> dict[str, Any]:
        self._check_item_kind(kind)
        on_card = {p.id for p in card.people} | {m["id"] for m in card.members}
        if kind == "card_agreement" and props.get("who") is not None and props["who"] not in on_card:
            raise ValidationError("is not a person or member on this family's card", field="who",
                                  code="NOT_ON_CARD")
        if kind == "card_agreement" and props.get("signal") is not None and not SIGNAL_KEY.match(str(props["signal"])):
            raise ValidationError("is not a signal id such as G15", field="signal", code="UNKNOWN_SIGNAL")
        if kind == "factor_record":
            if props.get("member") is not None and props["member"] not in {m["id"] for m in card.members}:
                raise ValidationError("is not a member of this family", field="member", code="NOT_ON_CARD")
            if not partial or "factor" in props or "factor_kind" in props:
                factor_kind = props.get("factor_kind")
                enum = {"risk": "risk_factor", "protective": "protective_factor"}.get(str(factor_kind))
                if enum is None:
                    raise ValidationError("must be risk or protective", field="factorKind", code="UNKNOWN_ENUM_VALUE")
                if self.vocabulary.enums[enum].get(str(props.get("factor"))) is None:
                    raise ValidationError(f"{props.get('factor')!r} is not in the catalogue of {enum.replace('_', ' ')}s",
                                          field="factor", code="UNKNOWN_ENUM_VALUE", value=str(props.get("factor"))[:80],
                                          enum=enum)
            if not partial:
                props["recorded_by"] = self._by(principal)
        return props

    # ------------------------------------------------------------------ people on the card
    def _check_member(self, card: Card, support: Mapping[str, Any]) -> None:
        member = support.get("member")
        if member is not None and member not in {m["id"] for m in card.members}:
            raise ValidationError("is not a member of this family", field="support.member", code="NOT_ON_CARD")

    def add_network_person(self, principal: Principal, family_id: str, person: Mapping[str, Any],
                           support: Mapping[str, Any]) -> CardView:
        """Someone from the family's own network (a first name or a role), placed on the card."""
        def change() -> CardView:
            self._check_member(self.cards.read(family_id), support)
            self.cards.add_network_person(family_id, person, support)
            return self._view(self.cards.read(family_id))
        return self._guard(principal, family_id, "change", "add network person", change)

    def add_supporter(self, principal: Principal, family_id: str, person_id: str, support: Mapping[str, Any]) -> CardView:
        """A professional, organisation or key figure of the coalition, placed on the card."""
        def change() -> CardView:
            card = self.cards.read(family_id)
            node = self.store.get_node(person_id)
            if node is None or (node["kind"] not in COALITION_SUPPORTERS and node["kind"] != "network_person"):
                raise ValidationError("is not a professional, organisation or supporter", field="personId",
                                      code="NOT_A_SUPPORTER")
            if node["kind"] == "network_person" and node.get("family") != family_id:
                raise ValidationError("belongs to another family's card", field="personId", code="OTHER_FAMILY")
            self._check_member(card, support)
            try:
                self.cards.add_tie("supports", family_id, person_id, support, single=False)
            except Conflict:
                raise Conflict("is already on this card", field="personId", code="ALREADY_ON_CARD") from None
            return self._view(self.cards.read(family_id))
        return self._guard(principal, family_id, "change", f"add supporter {person_id}", change)

    def _support_tie(self, card: Card, person_id: str) -> Row:
        person = card.person(person_id)
        if person is None:
            raise NotFound("is not on this family's card", field="personId")
        return person.tie

    def update_support(self, principal: Principal, family_id: str, person_id: str, changes: Mapping[str, Any],
                       person_changes: Mapping[str, Any] | None = None) -> CardView:
        def change() -> CardView:
            card = self.cards.read(family_id)
            tie = self._support_tie(card, person_id)
            self._check_member(card, changes)
            if changes:  # every value checked before the first write: a wrong support level keeps the name too
                self.cards.check_tie_changes("supports", changes, prefix="support.")
            if person_changes:
                if card.person(person_id).kind != "network_person":  # type: ignore[union-attr]
                    raise ValidationError("only people of the family's own network are changed on the card",
                                          field="person", code="OWN_NETWORK_ONLY")
                self.cards.update_item("network_person", family_id, person_id, person_changes)
            if changes:
                self.cards.update_tie("supports", tie["id"], changes, prefix="support.")
            return self._view(self.cards.read(family_id))
        return self._guard(principal, family_id, "change", f"change support {person_id}", change)

    def remove_person(self, principal: Principal, family_id: str, person_id: str) -> CardView:
        """Takes someone off the card from today on; earlier versions still show her."""
        def change() -> CardView:
            tie = self._support_tie(self.cards.read(family_id), person_id)
            if tie["since"] >= today():  # placed today: nothing to keep
                self.store.unlink("supports", tie["id"])
            else:
                self.cards.update_tie("supports", tie["id"], {"until": today()})
            return self._view(self.cards.read(family_id))
        return self._guard(principal, family_id, "change", f"remove {person_id}", change)

    def set_coordinator(self, principal: Principal, family_id: str, person_id: str,
                        since: str | None = None) -> CardView:
        """One family, one plan: a second current coordinator is refused."""
        def change() -> CardView:
            node = self.store.get_node(person_id)
            spec = self.vocabulary.relationship_kinds["coordinates"]
            if node is None or node["kind"] not in spec.from_kinds:
                raise ValidationError("is not a professional or supporter", field="personId", code="NOT_A_SUPPORTER")
            try:
                self.cards.add_tie("coordinates", family_id, person_id, {"since": since or today()}, single=True)
            except Conflict:
                raise ValidationError("this family already has a coordinator; end that first", field="personId",
                                      code="SECOND_COORDINATOR") from None
            return self._view(self.cards.read(family_id))
        return self._guard(principal, family_id, "change", f"coordinator {person_id}", change)

    def end_coordinator(self, principal: Principal, family_id: str) -> CardView:
        def change() -> CardView:
            for tie in self.cards.current_ties("coordinates", family_id):
                if tie["since"] >= today():
                    self.store.unlink("coordinates", tie["id"])
                else:
                    self.cards.update_tie("coordinates", tie["id"], {"until": today()})
            return self._view(self.cards.read(family_id))
        return self._guard(principal, family_id, "change", "end coordinator", change)

    def record_handover(self, principal: Principal, family_id: str, from_id: str, to_id: str,
                        props: Mapping[str, Any]) -> CardView:
        """A handover between two professionals on this card (planned, then done)."""
        def change() -> CardView:
            card = self.cards.read(family_id)
            for field, person_id in (("from", from_id), ("to", to_id)):
                person = card.person(person_id)
                if person is None or person.kind != "professional":
                    raise ValidationError("is not a professional on this family's card", field=field,
                                          code="NOT_ON_CARD")
            self.cards.link_professionals(family_id, from_id, to_id, {"since": today(), **props})
            return self._view(self.cards.read(family_id))
        return self._guard(principal, family_id, "change", f"handover {from_id} -> {to_id}", change)

    def update_handover(self, principal: Principal, family_id: str, tie_id: str, changes: Mapping[str, Any]) -> CardView:
        def change() -> CardView:
            card = self.cards.read(family_id)
            if not any(t["id"] == tie_id for t in card.handovers):
                raise NotFound("no such handover on this card", field="id")
            self.cards.update_tie("hands_over", tie_id, {k: v for k, v in changes.items() if k != "family"})
            return self._view(self.cards.read(family_id))
        return self._guard(principal, family_id, "change", f"change handover {tie_id}", change)

    # ------------------------------------------------------------------ signals and versions
    def flag_signal(self, principal: Principal, family_id: str, signal_key: str, note: str | None = None) -> CardView:
        """The family says a signal is not relevant for them; kept with who recorded it and when."""
        def change() -> CardView:
            match = SIGNAL_KEY.match(signal_key or "")
            if not match or match.group(1) not in SIGNALS:
                raise ValidationError("is not a signal id such as G04 or G14:smoking", field="signal",
                                      code="UNKNOWN_SIGNAL")
            card = self.cards.read(family_id)
            if any(f["signal"] == signal_key for f in card.flags):
                raise Conflict("is already marked not relevant", field="signal", code="ALREADY_FLAGGED")
            props = {"signal": signal_key, "set_on": today(), "set_by": self._by(principal)}
            if note:
                props["note"] = note
            self.cards.add_item("signal_flag", family_id, props)
            return self._view(self.cards.read(family_id))
        return self._guard(principal, family_id, "change", f"flag {signal_key}", change)

    def unflag_signal(self, principal: Principal, family_id: str, signal_key: str) -> CardView:
        def change() -> CardView:
            card = self.cards.read(family_id)
            flag = next((f for f in card.flags if f["signal"] == signal_key), None)
            if flag is None:
                raise NotFound("this signal is not marked not relevant", field="signal")
            self.cards.delete_item("signal_flag", family_id, flag["id"])
            return self._view(self.cards.read(family_id))
        return self._guard(principal, family_id, "change", f"unflag {signal_key}", change)

    def save_version(self, principal: Principal, family_id: str, reason: str,
                     reviewed_on: str | dt.date | None = None) -> CardView:
        """A dated snapshot of the card as reviewed with the parents."""
        def change() -> CardView:
            card = self.cards.read(family_id, as_of=parse_date(reviewed_on or today(), "reviewedOn"))
            if card.as_of > today():
                raise ValidationError("must not be in the future", field="reviewedOn", code="DATE_IN_FUTURE")
            number = max((int(v["version"]) for v in card.versions), default=0) + 1
            self.cards.add_item("card_version", family_id, {
                "version": number, "reviewed_on": card.as_of, "reason": reason,
                "recorded_by": self._by(principal),
                "snapshot": json.dumps(card.to_snapshot(), ensure_ascii=False, sort_keys=True),
            })
            return self._view(self.cards.read(family_id))
        return self._guard(principal, family_id, "change", "save version", change)
