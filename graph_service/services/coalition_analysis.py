"""The analysis use case: snapshot a coalition, measure it and run the gap rules.

One store read per analysis (the coalition subgraph, itself kept until a change touches it); the
result is kept by (coalition, date, the version the subgraph was read at), so a report is
computed once per change of that coalition."""

from __future__ import annotations

from typing import Any, Callable

from ..analysis.analyse import analyse_network
from ..analysis.results import Analysis, Comparison, compare
from ..analysis.rules import RuleConfig
from ..domain.errors import ValidationError
from ..domain.compute_pool import compute
from ..domain.kept import Kept
from ..domain.validation import parse_date
from ..store.rows import today
from .network import NetworkService
from .principal import Principal

#: analyses kept per process: every coalition of a country (300) with room for other dates and views
CACHE_SIZE = 1024
#: a network this large is refused before networkx sees it: betweenness is O(nodes x ties), and a
#: bigger request is a mistake or an attack, not a coalition (a region of 20,000 takes ~4 s)
MAX_ANALYSIS_NODES = 60_000


def _check_size(node_count: int) -> None:
    if node_count > MAX_ANALYSIS_NODES:
        raise ValidationError(f"the network has {node_count:,} nodes; analyses stop at {MAX_ANALYSIS_NODES:,}",
                              field="coalitionIds", code="TOO_LARGE")


class AnalysisService:
    def __init__(self, network: NetworkService, config: RuleConfig | None = None,
                 unanswered: Callable[[str, str], frozenset[str]] | None = None) -> None:
        self.network = network
        self.config = config or RuleConfig()
        #: (coalition, date) -> members who did not answer the latest partner survey by then
        self.unanswered = unanswered or (lambda coalition_id, as_of: frozenset())
        #: by (coalition, date, graph version, pseudonymised, read scope): evaluators' findings name
        #: pseudonyms, and a coordinator of another coalition sees its organisations only
        self._cache: Kept[Analysis] = Kept(CACHE_SIZE)

    def analyse(self, principal: Principal, coalition_id: str, as_of: str | None = None) -> Analysis:
        self.network.get_node(principal, coalition_id, kind="coalition")
        as_of = as_of or today()
        sub = self.network.coalition_subgraph(principal, coalition_id, as_of)
        silent = self.unanswered(coalition_id, str(as_of))
        key = (coalition_id, as_of, sub.version, self.network.sees_pseudonyms(principal),
               self.network.read_scope(principal, coalition_id), silent)

        def analysed() -> Analysis:
            _check_size(len(sub.nodes))
            return compute(analyse_network, coalition_id, as_of, sub.version, sub.nodes, sub.ties, self.config,
                           silent, None)
        return self._cache.get(key, analysed)

    def analyse_region(self, principal: Principal, coalition_ids: list[str], as_of: str | None = None) -> Analysis:
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
        return compute(analyse_network, region, as_of, version, nodes, list(ties.values()), self.config, frozenset(),
                       set(coalition_ids))

    def compare(self, principal: Principal, coalition_id: str, from_date: str, to_date: str) -> Comparison:
        start, end = parse_date(from_date, "from"), parse_date(to_date, "to")
        if start > end:
            raise ValidationError("must not be after to", field="from", code="INVALID_PERIOD")
        before = self.analyse(principal, coalition_id, start)
        after = self.analyse(principal, coalition_id, end)
        network = self.network
        return compare(before, after, network.coalition_subgraph(principal, coalition_id, start).ties,
                                network.coalition_subgraph(principal, coalition_id, end).ties)

    def side_by_side(self, principal: Principal, coalition_ids: list[str], as_of: str | None = None) -> list[dict[str, Any]]:
        """The evaluator's view: the same headline figures for several coalitions."""
        if not 1 <= len(coalition_ids) <= 50:
            raise ValidationError("give 1 to 50 coalitions", field="coalitionIds", code="OUT_OF_RANGE", low=1, high=50)
        rows = []
        for coalition_id in coalition_ids:
            result = self.analyse(principal, coalition_id, as_of)
            rows.append({"coalition": coalition_id, "name": result.name, "as_of": result.as_of, **result.headline()})
        return rows

