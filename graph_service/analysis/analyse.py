"""One full analysis of a snapshot: network measures, per-node measures and all gap rules."""

from __future__ import annotations

from typing import Any

from ..domain.gc_pause import gc_paused
from . import metrics
from .findings import top_actions
from .results import Analysis, DomainCell
from .rules import RuleConfig, run_rules
from .snapshot import Snapshot, build_snapshot


def analyse_network(coalition_id: str, as_of: str, version: int, nodes: dict[str, dict[str, Any]],
                    ties: list[dict[str, Any]], config: RuleConfig | None, unanswered: frozenset[str],
                    coalitions: set[str] | None) -> Analysis:
    """Snapshot and analysis in one call of plain values: the unit of work the service hands to a
    worker process. The snapshot makes some objects per node and tie and keeps them all; with the
    cyclic collector on, each batch of them set off a collection that walked every one made before
    (on a 20,000-partner region, half the snapshot's time)."""
    with gc_paused():
        snap = build_snapshot(coalition_id, as_of, version, nodes, ties, coalitions=coalitions, unanswered=unanswered)
    return analyse_snapshot(snap, config)


def analyse_snapshot(snap: Snapshot, config: RuleConfig | None = None) -> Analysis:
    graph = snap.partners
    fast = metrics.fast_view(graph)
    snap.mixing = metrics.domain_mixing(graph)
    ei, matrix = snap.mixing
    per_node = metrics.node_metrics(graph, directed=snap.flows, fast=fast)
    cuts = metrics.cut_points(graph, fast)
    snap.articulation = cuts.value["articulation_points"]
    network = [metrics.density(graph), metrics.degree_centralization(graph), metrics.components(graph), ei,
               metrics.communities(graph, fast), cuts]
    findings = run_rules(snap, config, betweenness=per_node.betweenness)
    for finding in findings:
        finding.incomplete = [str(snap.nodes[n].get("name") or n) for n in dict.fromkeys(finding.nodes)
                              if n in snap.unanswered]
    return Analysis(
        coalition=snap.coalition_id,
        name=str(snap.nodes[snap.coalition_id].get("name")) if snap.coalition_id in snap.nodes else snap.coalition_id,
        as_of=snap.as_of,
        version=snap.version,
        partners=graph.number_of_nodes(),
        ties=graph.number_of_edges(),
        metrics=network,
        domain_matrix=[DomainCell(a, b, cell["observed"], cell["expected"]) for (a, b), cell in matrix.items()],
        nodes=per_node,
        findings=findings,
        top_actions=top_actions(findings),
    )
