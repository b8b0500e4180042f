"""What a coalition decided about the findings of its analysis: discussed, an action planned, or
not relevant for them, with a note, who and when.

Kept as the coalition's own records in the graph (so backups keep them), one per finding and
coalition: marking a finding again replaces the decision. Only the coalition's coordinators and
admins mark; whoever reads the coalition in full reads the decisions."""

from __future__ import annotations

import hashlib
from typing import Any

from ..domain.errors import PermissionDenied, ValidationError
from ..store.backend import Row
from ..store.rows import today
from .network import NetworkService
from .principal import Principal

KIND = "finding_review"


def review_id(coalition_id: str, finding: str) -> str:
    return "review-" + hashlib.sha256(f"{coalition_id}\n{finding}".encode()).hexdigest()[:32]


class FindingReviews:
    def __init__(self, network: NetworkService) -> None:
        self.network = network
        self.store = network.store

    def of_coalition(self, principal: Principal, coalition_id: str) -> dict[str, Row]:
        """finding identity -> the coalition's latest decision about it."""
        self.network.get_node(principal, coalition_id, kind="coalition")
        self.network.require_full_read(principal, coalition_id, "read the decisions of")
        return {r["finding"]: r for r in self.store.list_all(KIND, filters={"coalition": coalition_id})}

    def mark(self, principal: Principal, coalition_id: str, finding: str, status: Any, note: Any = None) -> Row:
        self.network.get_node(principal, coalition_id, kind="coalition")
        if not principal.runs(coalition_id):
            raise PermissionDenied("only the coalition's coordinators mark its findings", field="status")
        if not status:
            raise ValidationError("choose what the coalition decided", field="status", code="REQUIRED")
        if not isinstance(finding, str) or not finding.strip():
            raise ValidationError("names no finding", field="finding", code="REQUIRED")
        node_id = review_id(coalition_id, finding)
        decision = {"status": status, "note": note or None, "reviewed_on": today(), "reviewed_by": principal.name}
        if self.store.get_node(node_id, kind=KIND) is not None:
            return self.store.update_node(KIND, node_id, decision)
        return self.store.create_node(KIND, {"id": node_id, "coalition": coalition_id, "finding": finding, **decision})
