"""The figures an evaluator compares between coalitions and over time, without the full analysis.

Everything here is linear in the size of the network (no betweenness, no communities), so a
coalition can be measured at every quarter end of a year for an overview of hundreds of
coalitions. The figures are the full analysis's own (the same functions of `metrics`), so a
figure in the workspace equals the API's for the same coalition and date."""

from __future__ import annotations

from dataclasses import dataclass

from . import metrics
from .network_rules import missing_reference_types
from .results import DomainCell
from .rules import RuleConfig
from .snapshot import Snapshot

#: the figures of a coalition, in the order a table shows them
FIGURES = ("partners", "ties", "density", "ei_index", "ei_expected", "bridging_index", "cross_domain_share",
           "reference_missing")
MEDICAL_SOCIAL = frozenset({"medical", "social"})


@dataclass
class BridgingFigures:
    coalition: str
    name: str
    as_of: str
    values: dict[str, float]
    matrix: list[DomainCell]
    #: phase -> working ties between a medical and a social partner that both serve that phase
    phase_ties: dict[str, int]


def bridging_figures(snap: Snapshot, config: RuleConfig, phases: list[str]) -> BridgingFigures:
    graph = snap.partners
    ei, matrix = metrics.domain_mixing(graph)
    cells = [DomainCell(a, b, int(cell["observed"]), cell["expected"]) for (a, b), cell in matrix.items()]
    cross = [c for c in cells if c.a != c.b]
    expected = sum(c.expected for c in cross)
    domain = dict(graph.nodes(data="domain"))
    bridging_partners = {n for a, b in graph.edges() if domain.get(a) and domain.get(b) and domain[a] != domain[b]
                         for n in (a, b)}
    phase_ties = dict.fromkeys(phases, 0)
    for a, b in graph.edges():
        if {domain.get(a), domain.get(b)} == MEDICAL_SOCIAL:
            shared = set(snap.nodes[a].get("phases") or []) & set(snap.nodes[b].get("phases") or [])
            for phase in shared & set(phase_ties):
                phase_ties[phase] += 1
    partners = graph.number_of_nodes()
    values = {
        "partners": partners, "ties": graph.number_of_edges(), "density": metrics.density(graph).value,
        "ei_index": ei.value["observed"], "ei_expected": ei.value["expected"],
        "bridging_index": (sum(c.observed for c in cross) / expected) if expected else 0.0,
        "cross_domain_share": len(bridging_partners) / partners if partners else 0.0,
        "reference_missing": len(missing_reference_types(snap, config)),
    }
    name = str(snap.nodes.get(snap.coalition_id, {}).get("name") or snap.coalition_id)
    return BridgingFigures(snap.coalition_id, name, snap.as_of, values, cells, phase_ties)
