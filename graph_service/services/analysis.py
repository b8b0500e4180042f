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
from ..domain.errors import ValidationError
from ..domain.validation import parse_date
from ..store.graph_store import today
from .network import NetworkService
from .principal import Principal

CACHE_SIZE = 32
#: a network this large is refused before networkx sees it: betweenness is O(nodes x ties), and a
#: bigger request is a mistake or an attack, not a coalition (a region of 20,000 takes ~4 s)
MAX_ANALYSIS_NODES = 60_000


def _check_size(node_count: int) -> None:
    if node_count > MAX_ANALYSIS_NODES:
        raise ValidationError(f"the network has {node_count:,} nodes; analyses stop at {MAX_ANALYSIS_NODES:,}",
                              field="coalitionIds", code="TOO_LARGE")


class AnalysisService:
    def __init__(self, network: NetworkService, config: RuleConfig | None = None) -> None:
        self.network = network
        self.config = config or RuleConfig()
        #: by (coalition, date, graph version, pseudonymised, read scope): evaluators' findings name
        #: pseudonyms, and a coordinator of another coalition sees its organisations only
        self._cache: OrderedDict[tuple[str, str, int, bool, str | None], dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def analyse(self, principal: Principal, coalition_id: str, as_of: str | None = None) -> dict[str, Any]:
        self.network.get_node(principal, coalition_id, kind="coalition")
        as_of = as_of or today()
        sub = self.network.coalition_subgraph(principal, coalition_id, as_of)
        key = (coalition_id, as_of, sub.version, self.network.sees_pseudonyms(principal),
               self.network.read_scope(principal, coalition_id))
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        _check_size(len(sub.nodes))
        snap = build_snapshot(coalition_id, as_of, sub.version, sub.nodes, sub.ties)
        result = analyse_snapshot(snap, self.config)
        with self._lock:
            self._cache[key] = result
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return result

    def analyse_region(self, principal: Principal, coalition_ids: list[str], as_of: str | None = None) -> dict[str, Any]:
        """Several coalitions as one network (shared regional partners appear once)."""
        if not 2 <= len(coalition_ids) <= 50:
            raise ValidationError("give 2 to 50 coalitions", field="coalitionIds", code="OUT_OF_RANGE", low=2, high=50)
        as_of = as_of or today()
        nodes: dict[str, Any] = {}
        ties: dict[str, Any] = {}
        version = 0
        for coalition_id in coalition_ids:
            self.network.get_node(principal, coalition_id, kind="coalition")
            sub = self.network.coalition_subgraph(principal, coalition_id, as_of)
            nodes.update(sub.nodes)
            ties.update({t["id"]: t for t in sub.ties})
            version = sub.version
            _check_size(len(nodes))
        names = ", ".join(str(nodes[c].get("name")) for c in coalition_ids)
        region = "region:" + "+".join(coalition_ids)
        nodes = {**nodes, region: {"id": region, "kind": "coalition", "name": f"Regio: {names}"}}
        snap = build_snapshot(region, as_of, version, nodes, list(ties.values()), coalitions=set(coalition_ids))
        return analyse_snapshot(snap, self.config)

    def compare(self, principal: Principal, coalition_id: str, from_date: str, to_date: str) -> dict[str, Any]:
        start, end = parse_date(from_date, "from"), parse_date(to_date, "to")
        if start > end:
            raise ValidationError("must not be after to", field="from", code="INVALID_PERIOD")
        before = self.analyse(principal, coalition_id, start)
        after = self.analyse(principal, coalition_id, end)
        network = self.network
        return compare_analyses(before, after, network.coalition_subgraph(principal, coalition_id, start).ties,
                                network.coalition_subgraph(principal, coalition_id, end).ties)

    def side_by_side(self, principal: Principal, coalition_ids: list[str], as_of: str | None = None) -> list[dict[str, Any]]:
        """The evaluator's view: the same headline figures for several coalitions."""
        if not 1 <= len(coalition_ids) <= 50:
            raise ValidationError("give 1 to 50 coalitions", field="coalitionIds", code="OUT_OF_RANGE", low=1, high=50)
        rows = []
        for coalition_id in coalition_ids:
            result = self.analyse(principal, coalition_id, as_of)
            rows.append({"coalition": coalition_id, "name": result["name"], "as_of": result["as_of"],
                         **headline_figures(result)})
        return rows


SCALAR_METRICS = ("density", "degree_centralization")


def headline_figures(result: dict[str, Any]) -> dict[str, float]:
    """The scalar figures of an analysis, for comparisons over time and between coalitions."""
    by_id = {m["id"]: m["value"] for m in result["metrics"]}
    cross = [c for c in result["domain_matrix"] if c["a"] != c["b"]]
    expected = sum(c["expected"] for c in cross)
    return {
        "partners": result["partners"],
        "ties": result["ties"],
        "density": by_id["density"],
        "degree_centralization": by_id["degree_centralization"],
        "components": by_id["components"]["count"],
        "isolates": len(by_id["components"]["isolates"]),
        "ei_index": by_id["ei_index"]["observed"],
        "ei_expected": by_id["ei_index"]["expected"],
        # observed cross-domain ties per expected one: 1 = as much bridging as random mixing
        "bridging_index": (sum(c["observed"] for c in cross) / expected) if expected else 0.0,
        "communities": len(by_id["communities"]),
        "articulation_points": len(by_id["cut_points"]["articulation_points"]),
        "findings_high": sum(1 for f in result["findings"] if f["severity"] == "high"),
        "findings": len(result["findings"]),
    }


def finding_key(finding: dict[str, Any]) -> tuple[str, str]:
    """The same finding on two dates: same rule, same words. A grouped finding whose list of
    names shrank shows as the longer list closed and the shorter one new: progress made visible."""
    return finding["rule"], finding["en"]


def compare_analyses(before: dict[str, Any], after: dict[str, Any], ties_before: list[dict[str, Any]],
                     ties_after: list[dict[str, Any]]) -> dict[str, Any]:
    """What changed between two dates: ties added and removed, findings closed and new, figures."""
    old = {t["id"]: t for t in ties_before}
    new = {t["id"]: t for t in ties_after}
    old_findings = {finding_key(f): f for f in before["findings"]}
    new_findings = {finding_key(f): f for f in after["findings"]}
    figures_before, figures_after = headline_figures(before), headline_figures(after)
    return {
        "from": before["as_of"],
        "to": after["as_of"],
        "ties_added": [new[i] for i in sorted(set(new) - set(old))],
        "ties_removed": [old[i] for i in sorted(set(old) - set(new))],
        "findings_closed": [old_findings[k] for k in sorted(set(old_findings) - set(new_findings))],
        "findings_new": [new_findings[k] for k in sorted(set(new_findings) - set(old_findings))],
        "figures": {k: {"from": figures_before[k], "to": figures_after[k], "change": figures_after[k] - figures_before[k]}
                    for k in figures_before},
    }
