"""Evaluator aggregates over family network cards, with small numbers suppressed.

Evaluators see shares, never families: any count under `MIN_CELL` (and any count whose
complement is under it, which would reveal the same number) is suppressed, and the query shape is
fixed: one coalition, on the last day of a quarter, no free filters whose differences could reveal
a cell. Quarter ends only: two answers a day apart would differ by the one family that came in
between, and so tell what is true of her."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..domain import clock
from ..domain.family_card import INFORMAL_KINDS
from ..domain.errors import PermissionDenied, ValidationError
from ..domain.validation import parse_date
from ..analysis.acquaintance import links_of, medical_and_social_connected
from ..analysis.card_signals import card_signals
from ..store.card_store import CardStore
from .network import NetworkService
from .principal import Principal, Role

MIN_CELL = 10
INDICATORS = ("with_coordinator", "with_informal_emotional_support", "with_connected_medical_and_social")


def quarter_end(as_of: str | None, today: dt.date | None = None) -> str:
    """The date of an evaluation: a quarter's last day, by default the last one that has passed."""
    if as_of is None:
        today = today or clock.today()
        first_of_quarter = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        return (first_of_quarter - dt.timedelta(days=1)).isoformat()
    date = dt.date.fromisoformat(parse_date(as_of, "asOf"))
    if (date + dt.timedelta(days=1)).day != 1 or date.month % 3:
        raise ValidationError("family figures are given per quarter: use the last day of a quarter (e.g. 2026-06-30)",
                              field="asOf", code="NOT_A_QUARTER_END")
    return date.isoformat()


def suppress(count: int, total: int) -> dict[str, Any]:
    if total < MIN_CELL or count < MIN_CELL or total - count < MIN_CELL:
        return {"count": None, "share": None, "suppressed": True}
    return {"count": count, "share": count / total, "suppressed": False}


class EvaluationService:
    def __init__(self, network: NetworkService) -> None:
        self.network = network
        self.store = network.store

    def _allowed(self, principal: Principal, coalition_id: str) -> None:
        if not (principal.role in (Role.ADMIN, Role.EVALUATOR) or principal.coordinates(coalition_id)):
            raise PermissionDenied("family aggregates are for evaluators, admins and the coalition's coordinators")
        self.network.get_node(principal, coalition_id, kind="coalition")

    def family_aggregates(self, principal: Principal, coalition_id: str, as_of: str | None = None) -> dict[str, Any]:
        self._allowed(principal, coalition_id)
        as_of = quarter_end(as_of)
        total, counts = self.family_counts(coalition_id, as_of)
        return {
            "coalition": coalition_id,
            "as_of": as_of,
            "families": total if total >= MIN_CELL else None,
            "suppressed": total < MIN_CELL,
            **{name: suppress(counts[name], total) for name in INDICATORS},
        }

    def family_series(self, principal: Principal, coalition_id: str, quarters: list[str]) -> list[dict[str, Any]]:
        """The aggregates of several quarter ends side by side, with the signals per kind. A
        figure is shown only where neither it nor its complement differs from the same figure of
        another quarter in this series by 1 to 9: otherwise reading two quarters side by side
        would tell what is true of fewer than 10 families (those who came or went between them).
        A hidden figure says why (`reason`): "small" (under 10) or "difference"."""
        self._allowed(principal, coalition_id)
        raw = [(quarter_end(q), *self.family_counts(coalition_id, quarter_end(q), with_signals=True)) for q in quarters]
        keys = sorted({k for _, _, counts in raw for k in counts})
        series = []
        for as_of, total, counts in raw:
            row: dict[str, Any] = {"as_of": as_of, "families": total if total >= MIN_CELL else None,
                                   "families_reason": None if total >= MIN_CELL else "small"}
            for key in keys:
                cell = {**suppress(counts.get(key, 0), total), "reason": None}
                if cell["suppressed"]:
                    cell["reason"] = "small"
                elif any(_small_difference(counts.get(key, 0), other.get(key, 0)) or _small_difference(
                        total - counts.get(key, 0), other_total - other.get(key, 0)) for _, other_total, other in raw):
                    cell = {"count": None, "share": None, "suppressed": True, "reason": "difference"}
                row[key] = cell
            if row["families"] is not None and any(_small_difference(total, other_total) for _, other_total, _ in raw):
                row.update(families=None, families_reason="difference")
            series.append(row)
        return series

    def family_counts(self, coalition_id: str, as_of: str, *, with_signals: bool = False) -> tuple[int, dict[str, int]]:
        """The number of families with a card on `as_of` and how many of them have each indicator
        (and, `with_signals`, each card signal open): raw counts, for the suppression above only."""
        profiles = self.store.family_support_profiles(coalition_id, as_of)
        professionals = sorted({p["id"] for f in profiles for p in f["people"] if p["kind"] == "professional"})
        ties = self.store.ties_of_many(professionals, as_of)
        employers = {pid: {t["to"] for t in ties.get(pid, []) if t["kind"] == "works_at" and t["from"] == pid}
                     for pid in professionals}
        orgs = self.store.get_nodes(sorted({o for e in employers.values() for o in e}))
        domains = {pid: ({d for d in (orgs.get(o, {}).get("domain") for o in employers[pid]) if d}) for pid in professionals}
        links = links_of(t for pid in professionals for t in ties.get(pid, []))
        counts = dict.fromkeys(INDICATORS, 0)
        for family in profiles:
            people = family["people"]
            if any(p["tie"] == "COORDINATES" for p in people):
                counts["with_coordinator"] += 1
            if any(p["kind"] in INFORMAL_KINDS and p["tie"] == "SUPPORTS" and (p.get("emotional") or 0) >= 1
                   for p in people):
                counts["with_informal_emotional_support"] += 1
            around = {p["id"]: domains[p["id"]] for p in people if p["kind"] == "professional"}
            if medical_and_social_connected(around, employers, links):
                counts["with_connected_medical_and_social"] += 1
        if with_signals:
            cards = CardStore(self.store)
            for family in profiles:
                card = cards.read(family["family"], as_of=as_of)
                for rule in {s.rule for s in card_signals(card)}:
                    counts[f"signal_{rule}"] = counts.get(f"signal_{rule}", 0) + 1
        return len(profiles), counts


def _small_difference(a: int, b: int) -> bool:
    return 0 < abs(a - b) < MIN_CELL
