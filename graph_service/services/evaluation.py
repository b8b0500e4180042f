"""Evaluator aggregates over family network cards, with small numbers suppressed.

Evaluators see shares, never families: any count under `MIN_CELL` (and any count whose
complement is under it, which would reveal the same number) is suppressed, and the query shape is
fixed: one coalition, one date, no free filters whose differences could reveal a cell."""

from __future__ import annotations

from typing import Any

from ..analysis.family_card import INFORMAL_KINDS
from ..analysis.snapshot import PARTNER_TIES
from .network import NetworkService
from .principal import Principal

MIN_CELL = 10
INDICATORS = ("with_coordinator", "with_informal_emotional_support", "with_connected_medical_and_social")


def suppress(count: int, total: int) -> dict[str, Any]:
    if total < MIN_CELL or count < MIN_CELL or total - count < MIN_CELL:
        return {"count": None, "share": None, "suppressed": True}
    return {"count": count, "share": count / total, "suppressed": False}


class EvaluationService:
    def __init__(self, network: NetworkService) -> None:
        self.network = network
        self.store = network.store

    def family_aggregates(self, principal: Principal, coalition_id: str, as_of: str | None = None) -> dict[str, Any]:
        self.network.get_node(principal, coalition_id, kind="coalition")
        profiles = self.store.family_support_profiles(coalition_id, as_of)
        professionals = sorted({p["id"] for f in profiles for p in f["people"] if p["kind"] == "professional"})
        ties = self.store.ties_of_many(professionals, as_of)
        employers = {pid: {t["to"] for t in ties.get(pid, []) if t["kind"] == "works_at" and t["from"] == pid}
                     for pid in professionals}
        orgs = self.store.get_nodes(sorted({o for e in employers.values() for o in e}))
        domains = {pid: ({d for d in (orgs.get(o, {}).get("domain") for o in employers[pid]) if d}) for pid in professionals}
        # professionals who handed a family over to each other know each other too
        linked = {pid: {t["to"] if t["from"] == pid else t["from"] for t in ties.get(pid, [])
                        if t["kind"] in PARTNER_TIES or t["kind"] == "hands_over"}
                  for pid in professionals}
        counts = dict.fromkeys(INDICATORS, 0)
        for family in profiles:
            people = family["people"]
            if any(p["tie"] == "COORDINATES" for p in people):
                counts["with_coordinator"] += 1
            if any(p["kind"] in INFORMAL_KINDS and p["tie"] == "SUPPORTS" and (p.get("emotional") or 0) >= 1
                   for p in people):
                counts["with_informal_emotional_support"] += 1
            pros = [p["id"] for p in people if p["kind"] == "professional"]
            medical = [p for p in pros if "medical" in domains[p] or "public_health" in domains[p]]
            social = [p for p in pros if "social" in domains[p]]
            if any(s in linked[m] or employers[m] & linked[s] or employers[s] & linked[m] or employers[m] & employers[s]
                   for m in medical for s in social if m != s):
                counts["with_connected_medical_and_social"] += 1
        total = len(profiles)
        return {
            "coalition": coalition_id,
            "families": total if total >= MIN_CELL else None,
            "suppressed": total < MIN_CELL,
            **{name: suppress(counts[name], total) for name in INDICATORS},
        }
