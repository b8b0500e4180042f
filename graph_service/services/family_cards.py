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
from dataclasses import dataclass
from typing import Any, Callable, Mapping, TypeVar

from ..domain import clock
from ..analysis.card_signals import SIGNALS, Signal, card_signals
from ..domain.family_card import Card
from ..domain.errors import Conflict, DomainError, NotFound, PermissionDenied, ValidationError
from ..domain.validation import new_id, parse_date
from ..store.card_store import CardStore
from ..store.backend import Row
from ..store.graph_store import GraphStore
from ..store.rows import now_stamp, today
from .audit import AuditLog
from .erasure_ledger import ErasureLedger
from .principal import Principal, Role

T = TypeVar("T")
SIGNAL_KEY = re.compile(r"^(G\d\d)(:[A-Za-z0-9._:-]{1,128})?$")
#: who may be placed on a card besides the family's own network: the coalition's people and organisations
COALITION_SUPPORTERS = frozenset({"professional", "organisation", "informal_supporter"})
EDITABLE_ITEMS = frozenset({"family_member", "card_agreement", "factor_record"})
MAX_EMERGENCY_MINUTES = 240


def _now() -> str:
    return clock.now_iso("seconds")


@dataclass
class CardView:
    """A card with its signals, as one answer."""

    card: Card
    signals: list[Signal]


class FamilyCardService:
    def __init__(self, store: GraphStore, audit: AuditLog) -> None:
        self.store = store
        self.cards = CardStore(store)
        self.audit = audit
        self.erasures = ErasureLedger.beside(audit.path)
        self.vocabulary = store.vocabulary

    # ------------------------------------------------------------------ access
    def _assigned(self, principal: Principal, family_id: str) -> bool:
        if principal.role is not Role.WORKER or not principal.professional:
            return False
        return bool(self.store.families_assigned_to(principal.professional, [family_id]))

    def _emergency(self, principal: Principal, family_id: str) -> bool:
        """A current break-glass grant of this professional to this family (not expired, not ended)."""
        if principal.role is not Role.WORKER or not principal.professional:
            return False
        now = _now()
        return any(g["professional"] == principal.professional and g["expires_at"] > now and not g.get("ended_at")
                   for g in self.cards.items("emergency_grant", family_id))

    def _guard(self, principal: Principal, family_id: str, action: str, what: str, fn: Callable[[], T]) -> T:
        """Run `fn` if the principal may touch this family's card, auditing the attempt either way.

        A break-glass grant opens the card for reading only: an assignment, a consent or an erasure
        made under it would outlast the grant (the hole that turned a ten-minute grant into
        permanent access), so every change is refused and the refusal is flagged as emergency."""
        allowed = principal.is_admin or self._assigned(principal, family_id)
        emergency = not allowed and self._emergency(principal, family_id)
        if not (allowed or emergency) or not self.store.get_node(family_id, kind="family"):
            self.audit.record(principal, "denied", family=family_id, what=f"{action} {what}")
            raise NotFound(f"no family with id {family_id!r}", field="familyId")
        if emergency and action != "read":
            self.audit.record(principal, f"{action}-refused", family=family_id, what=f"{what} (under emergency access)",
                              emergency=True)
            raise PermissionDenied("emergency access lets you read this card, not change it; ask an assigned "
                                   "colleague or the coordinator", field="familyId")
        try:
            result = fn()
        except DomainError:
            self.audit.record(principal, f"{action}-refused", family=family_id, what=what, emergency=emergency)
            raise
        self.audit.record(principal, action, family=family_id, what=what, emergency=emergency)
        return result

    def _by(self, principal: Principal) -> str:
        return principal.professional or principal.id

    def _view(self, card: Card) -> CardView:
        return CardView(card, card_signals(card))

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
        """People who came and went and signals closed and new between two saved versions."""
        before, after = self.version(principal, family_id, older), self.version(principal, family_id, newer)
        people_before = {p.id: p for p in before.card.people}
        people_after = {p.id: p for p in after.card.people}
        open_before = {s.key: s for s in before.signals if not s.not_relevant}
        open_after = {s.key: s for s in after.signals if not s.not_relevant}
        return {
            "people_added": [people_after[i] for i in people_after if i not in people_before],
            "people_removed": [people_before[i] for i in people_before if i not in people_after],
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

    # ------------------------------------------------------------------ consent and sharing
    def record_consent(self, principal: Principal, family_id: str, recipient_id: str, purpose: str,
                       granted_on: str | None = None) -> CardView:
        """The parents consent to share the card summary with one professional or organisation."""
        def change() -> CardView:
            recipient = self.store.get_node(recipient_id)
            if recipient is None or recipient["kind"] not in ("professional", "organisation"):
                raise ValidationError("is not a professional or organisation", field="recipientId",
                                      code="NOT_A_RECIPIENT")
            self.cards.add_item("consent_record", family_id, {
                "recipient": recipient_id, "purpose": purpose, "granted_on": granted_on or today(),
                "recorded_by": self._by(principal)})
            return self._view(self.cards.read(family_id))
        return self._guard(principal, family_id, "change", f"consent for {recipient_id}", change)

    def revoke_consent(self, principal: Principal, family_id: str, consent_id: str) -> CardView:
        """Revoked from this moment: the next summary read by the recipient is refused."""
        def change() -> CardView:
            consent = next((c for c in self.cards.items("consent_record", family_id) if c["id"] == consent_id), None)
            if consent is None or consent.get("revoked_on"):
                raise NotFound("no current consent with this id on this card", field="consentId")
            self.cards.update_item("consent_record", family_id, consent_id,
                                   {"revoked_on": today(), "revoked_by": self._by(principal)})
            return self._view(self.cards.read(family_id))
        return self._guard(principal, family_id, "change", f"revoke consent {consent_id}", change)

    def consents(self, principal: Principal, family_id: str) -> list[Row]:
        return self._guard(principal, family_id, "read", "consents",
                           lambda: self.cards.items("consent_record", family_id))

    def summary(self, principal: Principal, family_id: str) -> dict[str, Any]:
        """What a professional who is not assigned may see with the parents' consent: who does
        what and the agreements, never the family's own network, factors, needs or signals."""
        if principal.is_admin or self._assigned(principal, family_id):
            consent_id = "assigned"
        else:
            consent_id = self._valid_consent(principal, family_id)
        if consent_id is None or not self.store.get_node(family_id, kind="family"):
            self.audit.record(principal, "denied", family=family_id, what="read summary")
            raise NotFound(f"no family with id {family_id!r}", field="familyId")
        card = self.cards.read(family_id)
        self.audit.record(principal, "read", family=family_id, what=f"summary (consent {consent_id})")
        coordinator = card.coordinator["from"] if card.coordinator else None
        return {
            "family": card.id, "label": card.family.get("label"), "coordinator": coordinator,
            "professionals": [p for p in card.people if not p.informal],
            "agreements": [a for a in card.agreements if self._agreement_visible(card, a)],
        }

    @staticmethod
    def _agreement_visible(card: Card, agreement: Row) -> bool:
        """Agreements name professionals or family members, never the family's own network."""
        who = agreement.get("who")
        person = card.person(who) if who else None
        return person is None or not person.informal

    def _valid_consent(self, principal: Principal, family_id: str) -> str | None:
        if principal.role is not Role.WORKER or not principal.professional:
            return None
        mine = {principal.professional}
        ties = self.store.ties_of(principal.professional, as_of=today())
        mine |= {t["to"] for t in ties if t["kind"] == "works_at" and t["from"] == principal.professional}
        for consent in self.cards.items("consent_record", family_id):
            if consent["recipient"] in mine and not consent.get("revoked_on") and consent["granted_on"] <= today():
                return consent["id"]
        return None

    # ------------------------------------------------------------------ emergency access
    def emergency_access(self, principal: Principal, family_id: str, reason: str, minutes: int = 60) -> Row:
        """Break the glass: a worker opens, for reading, a family of her own coalition that she is not
        assigned to, for a stated reason and a limited time. Flagged in the audit log and listed for
        the review of the coalition's privacy officer, who can end it.

        The answer is the same receipt for a family she may open, one of another coalition and one
        that does not exist, so the request is no oracle for which family ids exist; only a grant
        that was really given opens the card."""
        if principal.role is not Role.WORKER or not principal.professional:
            raise PermissionDenied("emergency access is for professionals", field="familyId")
        if not reason or len(reason.strip()) < 10:
            raise ValidationError("state the reason in a sentence", field="reason", code="REASON_REQUIRED")
        if not 1 <= minutes <= MAX_EMERGENCY_MINUTES:
            raise ValidationError(f"must be 1 to {MAX_EMERGENCY_MINUTES} minutes", field="minutes", code="OUT_OF_RANGE",
                                  low=1, high=MAX_EMERGENCY_MINUTES)
        start = clock.now()
        receipt = {
            "kind": "emergency_grant", "family": family_id, "professional": principal.professional,
            "reason": reason.strip(), "granted_at": start.isoformat(timespec="seconds"),
            "expires_at": (start + dt.timedelta(minutes=minutes)).isoformat(timespec="seconds"),
        }
        coalition = self.cards.coalition_of(family_id)
        if coalition is None or coalition not in self.store.coalitions_of_node(principal.professional):
            # unknown, or another coalition's: flagged like a real emergency, answered like one
            self.audit.record(principal, "emergency-access-refused", family=family_id,
                              what="not a family of your coalition", emergency=True)
            return {**receipt, "id": new_id()}
        grant = self.cards.add_item("emergency_grant", family_id, {
            k: receipt[k] for k in ("professional", "reason", "granted_at", "expires_at")})
        self.audit.record(principal, "emergency-access", family=family_id, what=f"grant {grant['id']} for {minutes} min",
                          emergency=True)
        return {**receipt, "id": grant["id"]}

    def emergency_grants(self, principal: Principal) -> list[Row]:
        """The emergency grants to review: every grant for an admin, those of her coalitions' families
        for a privacy officer (with the coalition they belong to)."""
        if not (principal.is_admin or principal.role is Role.PRIVACY_OFFICER):
            raise PermissionDenied("only admins and privacy officers review emergency access")
        grants = [g for g in self.cards.emergency_grants()
                  if principal.reviews_privacy_of(g.get("coalition"))]
        self.audit.record(principal, "read-audit", family=None, what=f"emergency grants ({len(grants)})")
        return grants

    def end_emergency_access(self, principal: Principal, grant_id: str) -> Row:
        """The reviewer ends a grant at once; the worker's next read of the card is refused."""
        grant = next((g for g in self.cards.emergency_grants() if g["id"] == grant_id), None)
        if grant is None or not principal.reviews_privacy_of(grant.get("coalition")):
            self.audit.record(principal, "denied", family=None, what=f"end emergency grant {grant_id}")
            raise NotFound(f"no emergency grant with id {grant_id!r}", field="grantId")
        if grant.get("ended_at"):
            raise Conflict("this emergency access was already ended", field="grantId", code="ALREADY_ENDED")
        ended = self.cards.update_item("emergency_grant", grant["family"], grant_id,
                                       {"ended_at": _now(), "ended_by": self._by(principal)})
        self.audit.record(principal, "emergency-access-ended", family=grant["family"], what=f"grant {grant_id}",
                          emergency=True)
        return {**ended, "coalition": grant.get("coalition")}

    # ------------------------------------------------------------------ erasure
    def erase(self, principal: Principal, family_id: str, reason: str = "request") -> None:
        """Erase a family and everything on its card, on request or after the retention period.

        The audit log keeps that it happened (who, when, which pseudonymous family id, why) and
        nothing of the card itself. The erasure ledger gets the id first, so that a restore of an
        older backup erases the family again (see erasure_ledger)."""

        def erase() -> None:
            self.erasures.record(family_id, now_stamp())
            self.cards.erase_family(family_id)

        self._guard(principal, family_id, "erase", f"family and card ({reason})", erase)

    def erase_expired(self, principal: Principal, months_after_second_birthday: int,
                      today_date: dt.date | None = None) -> list[str]:
        """Erase every family whose child turned two more than this many months ago."""
        today_date = today_date or clock.today()
        total = 24 + months_after_second_birthday
        year, month = divmod(today_date.year * 12 + today_date.month - 1 - total, 12)
        cutoff = dt.date(year, month + 1, min(today_date.day, 28)).isoformat()
        erased = self.cards.families_born_before(cutoff)
        for family_id in erased:
            self.erase(principal, family_id, reason=f"retention: born before {cutoff}")
        return erased

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
