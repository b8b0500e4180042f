"""What an analysis answers, as typed values: the report, the API, the maps and comparisons read
attributes, never string keys. `as_dict` gives the JSON of `coalition-map analyse --format json`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .findings import Finding, TopAction
from .metrics import NODE_READINGS, Metric, NodeMetrics


@dataclass(frozen=True)
class DomainCell:
    """Ties between two domains: observed, and expected if partners tied without regard to domain."""

    a: str
    b: str
    observed: int
    expected: float


@dataclass
class Analysis:
    coalition: str
    name: str
    as_of: str
    version: int
    partners: int
    ties: int
    metrics: list[Metric]
    domain_matrix: list[DomainCell]
    nodes: NodeMetrics
    findings: list[Finding]
    top_actions: list[TopAction]

    def metric(self, metric_id: str) -> Any:
        """The value of one network measure (e.g. "density", "components")."""
        return next(m.value for m in self.metrics if m.id == metric_id)

    def headline(self) -> dict[str, float]:
        """The scalar figures, for comparisons over time and between coalitions."""
        cross = [c for c in self.domain_matrix if c.a != c.b]
        expected = sum(c.expected for c in cross)
        components, ei = self.metric("components"), self.metric("ei_index")
        return {
            "partners": self.partners,
            "ties": self.ties,
            "density": self.metric("density"),
            "degree_centralization": self.metric("degree_centralization"),
            "components": components["count"],
            "isolates": len(components["isolates"]),
            "ei_index": ei["observed"],
            "ei_expected": ei["expected"],
            # observed cross-domain ties per expected one: 1 = as much bridging as random mixing
            "bridging_index": (sum(c.observed for c in cross) / expected) if expected else 0.0,
            "communities": len(self.metric("communities")),
            "articulation_points": len(self.metric("cut_points")["articulation_points"]),
            "findings_high": sum(1 for f in self.findings if f.severity == "high"),
            "findings": len(self.findings),
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "coalition": self.coalition, "name": self.name, "as_of": self.as_of, "version": self.version,
            "partners": self.partners, "ties": self.ties,
            "metrics": [vars(m) for m in self.metrics],
            "domain_matrix": [vars(c) for c in self.domain_matrix],
            "nodes": vars(self.nodes),
            "node_readings": {k: {"nl": nl, "en": en} for k, (nl, en) in NODE_READINGS.items()},
            "findings": [f.as_dict() for f in self.findings],
            "top_actions": [vars(a) for a in self.top_actions],
        }


@dataclass(frozen=True)
class FigureChange:
    before: float
    after: float

    @property
    def change(self) -> float:
        return self.after - self.before


@dataclass
class Comparison:
    """What changed in a coalition between two dates."""

    from_date: str
    to_date: str
    ties_added: list[dict[str, Any]]
    ties_removed: list[dict[str, Any]]
    findings_closed: list[Finding]
    findings_new: list[Finding]
    figures: dict[str, FigureChange]


def finding_key(finding: Finding) -> tuple[str, str]:
    """The same finding on two dates: same rule, same words. A grouped finding whose list of
    names shrank shows as the longer list closed and the shorter one new: progress made visible."""
    return finding.rule, finding.en


def compare(before: Analysis, after: Analysis, ties_before: list[dict[str, Any]],
            ties_after: list[dict[str, Any]]) -> Comparison:
    """Ties added and removed, findings closed and new, and how every headline figure moved."""
    old = {t["id"]: t for t in ties_before}
    new = {t["id"]: t for t in ties_after}
    old_findings = {finding_key(f): f for f in before.findings}
    new_findings = {finding_key(f): f for f in after.findings}
    figures_before, figures_after = before.headline(), after.headline()
    return Comparison(
        from_date=before.as_of, to_date=after.as_of,
        ties_added=[new[i] for i in sorted(set(new) - set(old))],
        ties_removed=[old[i] for i in sorted(set(old) - set(new))],
        findings_closed=[old_findings[k] for k in sorted(set(old_findings) - set(new_findings))],
        findings_new=[new_findings[k] for k in sorted(set(new_findings) - set(old_findings))],
        figures={k: FigureChange(figures_before[k], figures_after[k]) for k in figures_before},
    )
