"""Who is acting: every service call receives a principal."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Role(str, Enum):
    ADMIN = "admin"
    #: bound to the coalitions she coordinates
    COORDINATOR = "coordinator"
    #: a neighbourhood team worker, JGZ nurse or midwife, bound to her own professional node
    WORKER = "worker"
    #: sees coalition networks and aggregates, never a family
    EVALUATOR = "evaluator"
    #: the coalition's privacy officer: reviews (and ends) emergency access to its families; reads
    #: the network of her coalitions like a worker, never a card
    PRIVACY_OFFICER = "privacy_officer"


@dataclass(frozen=True)
class Principal:
    id: str
    name: str
    role: Role
    coalitions: frozenset[str] = field(default_factory=frozenset)
    professional: str | None = None
    #: whom the user acts for, when not for herself (recorded in the audit log)
    on_behalf_of: str | None = None

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    def coordinates(self, coalition_id: str) -> bool:
        return self.role is Role.COORDINATOR and coalition_id in self.coalitions

    def runs(self, coalition_id: str) -> bool:
        """May run the coalition's own work (its records, surveys, imports, decisions): an admin,
        or one of its coordinators."""
        return self.is_admin or self.coordinates(coalition_id)

    def reviews_privacy_of(self, coalition_id: str | None) -> bool:
        """Admins review every coalition; a privacy officer the coalitions of her token."""
        return self.is_admin or (self.role is Role.PRIVACY_OFFICER and coalition_id in self.coalitions)


#: the principal of CLI commands run by the operator on the machine itself
SYSTEM = Principal(id="system", name="command line", role=Role.ADMIN)
