"""The analysis use case: snapshot a coalition, measure it and run the gap rules.

One store read per analysis (the coalition subgraph, itself cached by graph version); the result
is cached by (coalition, date, graph version), so a report is computed once per change."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import asdict
from typing import Any

from ..analysis import metrics
from ..analysis.rules import RuleConfig, run_rules
from ..analysis.snapshot import build_snapshot
from ..store.graph_store import today
from .network import NetworkService
from .principal import Principal

CACHE_SIZE = 32


class AnalysisService:
    def __init__(self, network: NetworkService, config: RuleConfig | None = None) -> None:
        self.network = network
        self.config = config or RuleConfig()
        self._cache: OrderedDict[tuple[str, str, int], dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def analyse(self, principal: Principal, coalition_id: str, as_of: str | None = None) -> dict[str, Any]:
        self.network.get_node(principal, coalition_id, kind="coalition")
        as_of = as_of or today()
        sub = self.network.store.coalition_subgraph(coalition_id, as_of)
        key = (coalition_id, as_of, sub.version)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        snap = build_snapshot(coalition_id, as_of, sub.version, sub.nodes, sub.ties)
        graph = snap.partners
        ei, matrix = metrics.domain_mixing(graph)
        network_metrics = [metrics.density(graph), metrics.degree_centralization(graph), metrics.components(graph),
                           ei, metrics.communities(graph), metrics.cut_points(graph)]
        per_node = metrics.node_metrics(graph)
        result = {
            "coalition": coalition_id,
            "name": sub.nodes[coalition_id].get("name"),
            "as_of": as_of,
            "version": sub.version,
            "partners": graph.number_of_nodes(),
            "ties": graph.number_of_edges(),
            "metrics": [asdict(m) for m in network_metrics],
            "domain_matrix": [{"a": a, "b": b, **cell} for (a, b), cell in matrix.items()],
            "nodes": asdict(per_node),
            "findings": [asdict(f) for f in run_rules(snap, self.config)],
        }
        with self._lock:
            self._cache[key] = result
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return result
