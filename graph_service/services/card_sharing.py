"""Sharing a card beyond its assigned professionals, and ending it: the parents' consent to share
the summary, time-boxed emergency access with its review, and erasure."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..domain import clock
from ..domain.errors import Conflict, NotFound, PermissionDenied, ValidationError
from ..domain.family_card import Card
from ..domain.validation import new_id
from ..store.backend import Row
from ..store.rows import now_stamp, today
from .card_guard import CardGuard, CardView, now_seconds
from .principal import Principal, Role

MAX_EMERGENCY_MINUTES = 240


class CardSharing(CardGuard):
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
                                       {"ended_at": now_seconds(), "ended_by": self._by(principal)})
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
