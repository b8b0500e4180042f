"""The analysis use case: snapshot a coalition, measure it and run the gap rules.

One store read per analysis (the coalition subgraph, itself cached by graph version); the result
is cached by (coalition, date, graph version), so a report is computed once per change."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from ..analysis.analyse import analyse_snapshot
from ..analysis.rules import RuleConfig
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
        result = analyse_snapshot(snap, self.config)
        with self._lock:
            self._cache[key] = result
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return result
