"""One full analysis of a snapshot: network measures, per-node measures and all gap rules."""

from __future__ import annotations

from typing import Any

from . import metrics
from .findings import top_actions
from .rules import RuleConfig, run_rules
from .snapshot import Snapshot


def analyse_snapshot(snap: Snapshot, config: RuleConfig | None = None) -> dict[str, Any]:
    graph = snap.partners
    fast = metrics.fast_view(graph)
    snap.mixing = metrics.domain_mixing(graph)
    ei, matrix = snap.mixing
    per_node = metrics.node_metrics(graph, directed=snap.flows, fast=fast)
    cuts = metrics.cut_points(graph, fast)
    snap.articulation = cuts.value["articulation_points"]
    network = [metrics.density(graph), metrics.degree_centralization(graph), metrics.components(graph), ei,
               metrics.communities(graph, fast), cuts]
    findings = [dict(vars(f)) for f in run_rules(snap, config, betweenness=per_node.betweenness)]
    return {
        "coalition": snap.coalition_id,
        "name": snap.nodes[snap.coalition_id].get("name") if snap.coalition_id in snap.nodes else snap.coalition_id,
        "as_of": snap.as_of,
        "version": snap.version,
        "partners": graph.number_of_nodes(),
        "ties": graph.number_of_edges(),
        # shallow: the result is read-only, and deep copies of 20,000-entry dicts cost seconds
        "metrics": [dict(vars(m)) for m in network],
        "domain_matrix": [{"a": a, "b": b, **cell} for (a, b), cell in matrix.items()],
        "nodes": dict(vars(per_node)),
        "node_readings": {k: {"nl": nl, "en": en} for k, (nl, en) in metrics.NODE_READINGS.items()},
        "findings": findings,
        "top_actions": top_actions(findings),
    }
