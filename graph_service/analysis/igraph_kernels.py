"""The heavy kernels on python-igraph's C code, at every size.

networkx stays the engine (snapshots, rules, most measures); the snapshot is converted once to
igraph for betweenness, Louvain, constraint, closeness, eigenvector and reach, which networkx runs
4-70x slower: a 200-partner coalition's full analysis took 146 ms with networkx's kernels and
20 ms with these (tools/benchmarks/analysis_benchmark.py). Results are keyed by the networkx
node names; networkx's own kernels stay as the reference the tests hold these to.
"""

from __future__ import annotations

import random
import threading
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

import igraph
import networkx as nx
import numpy as np

#: the smallest network analysed on igraph (any network with a partner)
FAST_MIN_NODES = 1
_RNG_LOCK = threading.Lock()


@contextmanager
def seeded_igraph(seed: int) -> Iterator[None]:
    """igraph draws from one process-wide generator: lend it a seeded one (one caller at a time),
    so community detection and layouts give the same result for the same data."""
    with _RNG_LOCK:
        igraph.set_random_number_generator(random.Random(seed))
        try:
            yield
        finally:
            igraph.set_random_number_generator(random)


@dataclass
class IGraphView:
    graph: igraph.Graph
    names: list

    @classmethod
    def of(cls, graph: nx.Graph) -> "IGraphView":
        names = list(graph.nodes)
        index = {n: i for i, n in enumerate(names)}
        g = igraph.Graph(n=len(names), edges=[(index[a], index[b]) for a, b in graph.edges()], directed=False)
        return cls(g, names)

    def by_name(self, values: list) -> dict:
        return dict(zip(self.names, values))

    def betweenness(self, samples: int | None, seed: int) -> dict:
        """Normalised like networkx; with `samples`, Brandes-Pich source sampling with a fixed seed."""
        n = self.graph.vcount()
        if n < 3:
            return self.by_name([0.0] * n)
        scale = 2 / ((n - 1) * (n - 2))  # undirected normalisation of networkx
        if samples is None or samples >= n:
            values = self.graph.betweenness(directed=False)
        else:
            sources = random.Random(seed).sample(range(n), samples)
            values = [v * n / samples for v in self.graph.betweenness(directed=False, sources=sources)]
        return self.by_name([v * scale for v in values])

    def closeness(self, samples: int | None = None, seed: int = 0) -> dict:
        """networkx's closeness (Wasserman-Faust scaling for disconnected graphs); with `samples`,
        the mean distance to each node is estimated from that many random sources (Eppstein-Wang)."""
        n = self.graph.vcount()
        sizes = [0] * n
        for part in self.graph.connected_components():
            for v in part:
                sizes[v] = len(part)
        if samples is None or samples >= n:
            raw = self.graph.closeness(normalized=True)
            return self.by_name([0.0 if sizes[v] < 2 or c != c else c * (sizes[v] - 1) / (n - 1)
                                 for v, c in enumerate(raw)])
        sources = random.Random(seed).sample(range(n), samples)
        distances = np.array(self.graph.distances(source=sources), dtype=float)
        found = np.isfinite(distances) & (distances > 0)
        counts = found.sum(axis=0)
        totals = np.where(found, distances, 0.0).sum(axis=0)
        reachable = np.array(sizes, dtype=float) - 1
        with np.errstate(divide="ignore", invalid="ignore"):
            values = np.where((counts > 0) & (reachable > 0), (reachable / (n - 1)) * counts / totals, 0.0)
        return self.by_name(values.tolist())

    def constraint(self) -> dict:
        return self.by_name([None if v != v else v for v in self.graph.constraint()])

    def eigenvector(self) -> dict:
        if self.graph.ecount() == 0:
            return self.by_name([0.0] * self.graph.vcount())
        # ARPACK starts from a random vector: seeded, the same network gives the same values to the
        # last digit (and no -0.0 beside 0.0), so two runs of an analysis print the same report
        with warnings.catch_warnings(), seeded_igraph(0):  # igraph warns on disconnected graphs
            warnings.simplefilter("ignore", RuntimeWarning)
            values = [abs(v) for v in self.graph.eigenvector_centrality(scale=False)]
        norm = sum(v * v for v in values) ** 0.5 or 1.0  # networkx normalises to unit length
        return self.by_name([v / norm for v in values])

    def reach(self, steps: int) -> dict:
        n = self.graph.vcount()
        if n < 2:
            return self.by_name([0.0] * n)
        return self.by_name([(s - 1) / (n - 1) for s in self.graph.neighborhood_size(order=steps)])

    def louvain(self, seed: int) -> list[set]:
        with seeded_igraph(seed):
            parts = self.graph.community_multilevel()
        return [{self.names[v] for v in part} for part in parts]

    def triangles(self) -> dict:
        degrees = self.graph.degree()
        local = self.graph.transitivity_local_undirected(mode="zero")
        return self.by_name([round(c * d * (d - 1) / 2) for c, d in zip(local, degrees)])

    def brokerage(self, domains: dict, roles: tuple[str, ...], role_of) -> dict:
        """Gould-Fernandez counts on the undirected graph, vectorised: open ordered pairs around
        each node by domain pair (neighbour counts per domain), less the closed pairs that igraph's
        triangle list gives. Equal to metrics.brokerage (a test checks this)."""
        n = self.graph.vcount()
        labels = sorted({str(domains[name]) for name in self.names})
        index = {label: i for i, label in enumerate(labels)}
        of = np.array([index[str(domains[name])] for name in self.names], dtype=np.int64)
        counts = np.zeros((n, len(labels)), dtype=np.int64)
        edges = np.array(self.graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
        np.add.at(counts, (edges[:, 0], of[edges[:, 1]]), 1)
        np.add.at(counts, (edges[:, 1], of[edges[:, 0]]), 1)
        pairs = counts[:, :, None] * counts[:, None, :]  # ordered pairs (a, b) by (domain a, domain b)
        for x in range(len(labels)):
            pairs[:, x, x] -= counts[:, x]  # a == b
        for tri in self.graph.list_triangles():
            for v, a, b in ((tri[0], tri[1], tri[2]), (tri[1], tri[0], tri[2]), (tri[2], tri[0], tri[1])):
                pairs[v, of[a], of[b]] -= 1
                pairs[v, of[b], of[a]] -= 1
        out = {name: dict.fromkeys(roles, 0) for name in self.names}
        for x, gx in enumerate(labels):
            for y, gy in enumerate(labels):
                column = pairs[:, x, y]
                for v in np.nonzero(column)[0]:
                    name = self.names[v]
                    out[name][role_of(gx, str(domains[name]), gy)] += int(column[v])
        return out
