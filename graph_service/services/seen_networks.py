"""A coalition's network as one principal sees it, and its overview, kept by the version the
network was read at (a network stays at its version until a change touches it).

A coordinator of another coalition sees its organisations only; an evaluator sees people under
pseudonyms. Both views, and the overview's counts, are made once per change of the network and
per way of seeing, not on every request."""

from __future__ import annotations

from typing import Any

from ..analysis.overview import coalition_overview
from ..domain.kept import Kept
from ..domain.vocabulary import Vocabulary
from ..store.rows import Subgraph
from .pseudonyms import Pseudonymiser

#: networks and overviews kept per process: a country's coalitions (300), as several readers see them
SEEN_CACHE_SIZE = 2048


class SeenNetworks:
    def __init__(self, vocabulary: Vocabulary, pseudonyms: Pseudonymiser) -> None:
        self.vocabulary = vocabulary
        self.pseudonyms = pseudonyms
        self._kept: Kept[Any] = Kept(SEEN_CACHE_SIZE)

    def subgraph(self, sub: Subgraph, coalition_id: str, as_of: object, organisations_only: bool,
                 pseudonymised: bool) -> Subgraph:
        if not organisations_only and not pseudonymised:
            return sub
        return self._kept.get(("subgraph", coalition_id, as_of, sub.version, organisations_only, pseudonymised),
                              lambda: self._as_seen(sub, organisations_only, pseudonymised))

    def _as_seen(self, sub: Subgraph, organisations_only: bool, pseudonymised: bool) -> Subgraph:
        if organisations_only:
            persons = self.vocabulary.person_kinds
            nodes = {i: n for i, n in sub.nodes.items() if n["kind"] not in persons}
            sub = Subgraph(nodes, [t for t in sub.ties if t["from"] in nodes and t["to"] in nodes], sub.version)
        if not pseudonymised:
            return sub
        nodes, ties = self.pseudonyms.graph(sub.nodes, sub.ties)
        return Subgraph(nodes, ties, sub.version)

    def overview(self, graph: Subgraph, coalition_id: str, as_of: str, seen_as: tuple[object, ...]) -> dict[str, Any]:
        """Members by domain, level and phase, interventions by phase and ties between domains."""
        return self._kept.get(("overview", coalition_id, as_of, graph.version, *seen_as),
                              lambda: coalition_overview(graph.nodes, graph.ties, coalition_id))
