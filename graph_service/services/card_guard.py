"""Who may touch a family's card, and the audit of every attempt: the base of the card services.

An admin, or a worker assigned to the family, reads and changes its card; a worker with a current
emergency grant only reads it. For everybody else the family does not exist (the same NotFound as
an unknown id). Every attempt, allowed or refused, is written to the audit log first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, TypeVar

from ..analysis.card_signals import Signal, card_signals
from ..domain import clock
from ..domain.errors import DomainError, NotFound, PermissionDenied
from ..domain.family_card import Card
from ..store.card_store import CardStore
from ..store.graph_store import GraphStore
from .audit import AuditLog
from .erasure_ledger import ErasureLedger
from .principal import Principal, Role

T = TypeVar("T")


def now_seconds() -> str:
    return clock.now_iso("seconds")


@dataclass
class CardView:
    """A card with its signals, as one answer."""

    card: Card
    signals: list[Signal]
    #: the person a change just placed on the card (the editor opens her details next)
    placed: str | None = None


class CardGuard:
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
        now = now_seconds()
        return any(g["professional"] == principal.professional and g["expires_at"] > now and not g.get("ended_at")
                   for g in self.cards.items("emergency_grant", family_id))

    def _admit(self, principal: Principal, family_id: str, action: str, what: str) -> bool:
        """Whether the principal may do `action` on this card, as `_guard` decides it: refusals are
        audited and raised; returns whether this is emergency access. On its own for a use case
        that must look at the card before it changes it, with the change audited once by `_guard`."""
        assigned = self._assigned(principal, family_id)  # found the family itself: it exists
        allowed = principal.is_admin or assigned
        emergency = not allowed and self._emergency(principal, family_id)
        if not (allowed or emergency) or not (assigned or self.store.get_node(family_id, kind="family")):
            self.audit.record(principal, "denied", family=family_id, what=f"{action} {what}")
            raise NotFound(f"no family with id {family_id!r}", field="familyId")
        if emergency and action != "read":
            self.audit.record(principal, f"{action}-refused", family=family_id, what=f"{what} (under emergency access)",
                              emergency=True)
            raise PermissionDenied("emergency access lets you read this card, not change it; ask an assigned "
                                   "colleague or the coordinator", field="familyId")
        return emergency

    def _guard(self, principal: Principal, family_id: str, action: str, what: str, fn: Callable[[], T]) -> T:
        """Run `fn` if the principal may touch this family's card, auditing the attempt either way.

        A break-glass grant opens the card for reading only: an assignment, a consent or an erasure
        made under it would outlast the grant (the hole that turned a ten-minute grant into
        permanent access), so every change is refused and the refusal is flagged as emergency."""
        emergency = self._admit(principal, family_id, action, what)
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
