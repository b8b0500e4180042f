"""Network measures of a coalition's partner network, each with a one-line reading.

Every measure is a plain function of an undirected networkx graph whose nodes carry a `domain`.
Readings are written for a coordinator, in Dutch first and English. Results are deterministic:
fixed seeds for Louvain and sampled betweenness, and `approximate` says when a figure is sampled.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np

from .igraph_kernels import FAST_MIN_NODES, IGraphView

#: exact betweenness (and closeness) up to this many partners, which covers every real coalition
#: (igraph: 0.3 s at 2,000 partners); above it, sampled (Brandes & Pich) with a fixed seed
EXACT_BETWEENNESS_MAX_NODES = 2500
BETWEENNESS_SAMPLES = 128
#: sources for estimating mean distances (closeness) above the exact size; 100 keep the estimate
#: within a few percent on coalition-like graphs and cost a third of 256
CLOSENESS_SAMPLES = 100
SEED = 42
ROLES = ("coordinator", "gatekeeper", "representative", "consultant", "liaison")


#: what each per-partner figure means, for a coordinator (Dutch, English)
NODE_READINGS = {
    "degree": ("Aandeel van de coalitie waarmee deze partner rechtstreeks samenwerkt.",
               "Share of the coalition this partner works with directly."),
    "betweenness": ("Hoe vaak deze partner op de kortste route tussen twee anderen zit: hoeveel contact via hem loopt.",
                    "How often this partner sits on the shortest route between two others: how much contact runs through it."),
    "closeness": ("Hoe dichtbij deze partner bij alle anderen staat (1 = iedereen rechtstreeks).",
                  "How close this partner is to everyone else (1 = everyone directly)."),
    "eigenvector": ("Of deze partner samenwerkt met partners die zelf veel samenwerken.",
                    "Whether this partner works with partners who themselves work with many."),
    "constraint": ("Hoe gesloten de kring van deze partner is: laag = zijn contacten kennen elkaar niet, dus hij kan verbinden.",
                   "How closed this partner's circle is: low = its contacts don't know each other, so it can connect them."),
    "effective_size": ("Aantal niet-overlappende contacten: mensen die elkaar nog niet kennen.",
                       "Number of non-redundant contacts: people who don't already know each other."),
    "reach": ("Aandeel van de coalitie dat deze partner bereikt via hooguit één tussenpersoon.",
              "Share of the coalition this partner reaches through at most one go-between."),
    "brokerage": ("Welk soort tussenpersoon deze partner is: binnen het eigen domein, als poortwachter, vertegenwoordiger, "
                  "adviseur of verbinder tussen twee andere domeinen.",
                  "What kind of go-between this partner is: within its domain, gatekeeper, representative, consultant "
                  "or liaison between two other domains."),
}


@dataclass
class Metric:
    id: str
    value: Any
    nl: str
    en: str
    approximate: bool = False


@dataclass
class NodeMetrics:
    degree: dict[str, float] = field(default_factory=dict)
    betweenness: dict[str, float] = field(default_factory=dict)
    closeness: dict[str, float] = field(default_factory=dict)
    eigenvector: dict[str, float] = field(default_factory=dict)
    constraint: dict[str, float | None] = field(default_factory=dict)
    effective_size: dict[str, float | None] = field(default_factory=dict)
    brokerage: dict[str, dict[str, int]] = field(default_factory=dict)
    reach: dict[str, float] = field(default_factory=dict)
    betweenness_approximate: bool = False
    closeness_approximate: bool = False


def pct(value: float) -> str:
    return f"{100 * value:.0f}%"


# --------------------------------------------------------------------------- whole network
def density(graph: nx.Graph) -> Metric:
    value = nx.density(graph) if graph.number_of_nodes() > 1 else 0.0
    return Metric("density", value,
                  f"Van alle paren partners die zouden kunnen samenwerken, doet {pct(value)} dat.",
                  f"Of all pairs of partners that could work together, {pct(value)} do.")


def degree_centralization(graph: nx.Graph) -> Metric:
    """Freeman: 0 when everyone is equally connected, 1 for a star."""
    n = graph.number_of_nodes()
    if n < 3:
        value = 0.0
    else:
        degrees = [d for _, d in graph.degree()]
        top = max(degrees)
        value = sum(top - d for d in degrees) / ((n - 1) * (n - 2))
    return Metric("degree_centralization", value,
                  f"De coalitie hangt voor {pct(value)} aan één spil (0% = iedereen even verbonden, 100% = een ster).",
                  f"The coalition hangs {pct(value)} on one hub (0% = everyone equally connected, 100% = a star).")


def components(graph: nx.Graph) -> Metric:
    parts = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c))
    isolates = sorted(nx.isolates(graph))
    value = {"count": len(parts), "sizes": [len(c) for c in parts], "isolates": isolates}
    return Metric("components", value,
                  f"Het netwerk valt in {len(parts)} losse delen; {len(isolates)} partners hebben met niemand een werkrelatie.",
                  f"The network falls into {len(parts)} separate parts; {len(isolates)} partners work with nobody.")


def domain_mixing(graph: nx.Graph) -> tuple[Metric, dict[tuple[str, str], dict[str, float]]]:
    """Krackhardt-Stern E-I index with its expectation under random mixing, and the domain x
    domain tie matrix (observed and expected counts)."""
    domains = Counter(d for _, d in graph.nodes(data="domain") if d)
    observed: Counter[tuple[str, str]] = Counter()
    for a, b in graph.edges():
        da, db = graph.nodes[a].get("domain"), graph.nodes[b].get("domain")
        if da and db:
            observed[tuple(sorted((da, db)))] += 1  # type: ignore[index]
    m = sum(observed.values())
    n = sum(domains.values())
    all_pairs = n * (n - 1) / 2
    matrix: dict[tuple[str, str], dict[str, float]] = {}
    for da, db in itertools.combinations_with_replacement(sorted(domains), 2):
        pairs = domains[da] * (domains[da] - 1) / 2 if da == db else domains[da] * domains[db]
        expected = m * pairs / all_pairs if all_pairs else 0.0
        matrix[(da, db)] = {"observed": observed[(da, db)], "expected": expected}
    external = sum(v for (a, b), v in observed.items() if a != b)
    internal = m - external
    ei = (external - internal) / m if m else 0.0
    internal_pairs = sum(c * (c - 1) / 2 for c in domains.values())
    expected_ei = (all_pairs - 2 * internal_pairs) / all_pairs if all_pairs else 0.0
    metric = Metric("ei_index", {"observed": ei, "expected": expected_ei},
                    f"E-I-index {ei:+.2f} tegen {expected_ei:+.2f} bij toeval: "
                    + ("partners werken vooral binnen hun eigen domein." if ei < expected_ei
                       else "partners werken minstens zo vaak over domeinen heen als toeval verwacht."),
                    f"E-I index {ei:+.2f} against {expected_ei:+.2f} by chance: "
                    + ("partners mostly work within their own domain." if ei < expected_ei
                       else "partners work across domains at least as often as chance would have it."))
    return metric, matrix


def communities(graph: nx.Graph, fast: IGraphView | None = None) -> Metric:
    """Louvain with a fixed seed, and the domain mix of each community."""
    if graph.number_of_edges() == 0:
        groups: list[set[str]] = [{n} for n in graph.nodes]
    elif fast is not None:
        groups = fast.louvain(SEED)
    else:
        groups = nx.community.louvain_communities(graph, seed=SEED)
    ordered = sorted((sorted(g) for g in groups), key=lambda g: (-len(g), g))
    value = [{"members": g, "domains": dict(Counter(graph.nodes[n].get("domain") for n in g))} for g in ordered]
    mixed = sum(1 for c in value if len(c["domains"]) > 1)
    return Metric("communities", value,
                  f"Er zijn {len(value)} werkclusters; {mixed} daarvan verbinden meer dan één domein.",
                  f"There are {len(value)} working clusters; {mixed} of them connect more than one domain.")


def cut_points(graph: nx.Graph, fast: IGraphView | None = None) -> Metric:
    if fast is not None:
        points = sorted(fast.names[v] for v in fast.graph.articulation_points())
        ends = (fast.graph.es[e].tuple for e in fast.graph.bridges())
        bridges = sorted(tuple(sorted((fast.names[a], fast.names[b]))) for a, b in ends)
    else:
        points = sorted(nx.articulation_points(graph))
        bridges = sorted(tuple(sorted(e)) for e in nx.bridges(graph))
    return Metric("cut_points", {"articulation_points": points, "bridges": bridges},
                  f"{len(points)} partners en {len(bridges)} werkrelaties zijn onmisbaar: zonder hen valt het netwerk uiteen.",
                  f"{len(points)} partners and {len(bridges)} working relationships are indispensable: without them the network splits.")


# --------------------------------------------------------------------------- per node
def _role(ga: object, gv: object, gb: object) -> str:
    if ga == gv == gb:
        return "coordinator"
    if ga == gb:
        return "consultant"
    if gv == gb:
        return "gatekeeper"
    if ga == gv:
        return "representative"
    return "liaison"


def brokerage(graph: nx.Graph) -> dict[str, dict[str, int]]:
    """Gould-Fernandez roles on open two-paths a -> v -> b (no tie a -> b), domain as the group.

    On a directed graph (the snapshot's `flows`: referrals, warm handovers and funding one way,
    collaboration and agreements both ways) a gatekeeper, who lets others into her own group, is
    told apart from a representative, who carries her group's work out. On an undirected graph
    every tie counts in both directions, so the two are always equal; the open two-paths around v
    are then counted by domain (all ordered neighbour pairs, less the closed ones) instead of one
    by one. Gould and Fernandez (1989), Sociological Methodology 19: 89-126."""
    roles: dict[str, dict[str, int]] = {v: dict.fromkeys(ROLES, 0) for v in graph}
    domain = dict(graph.nodes(data="domain"))
    if graph.is_directed():
        for v in graph:
            for a in graph.predecessors(v):
                for b in graph.successors(v):
                    if b != a and not graph.has_edge(a, b):
                        roles[v][_role(domain[a], domain[v], domain[b])] += 1
        return roles
    linked = {v: set(graph.neighbors(v)) for v in graph}
    for v, around in linked.items():
        counts = Counter(domain[a] for a in around)
        pairs = {(x, y): counts[x] * counts[y] - (counts[x] if x == y else 0) for x in counts for y in counts}
        for a in around:
            for b in around & linked[a]:
                pairs[(domain[a], domain[b])] -= 1
        for (ga, gb), k in pairs.items():
            if k:
                roles[v][_role(ga, domain[v], gb)] += k
    return roles


def eigenvector(graph: nx.Graph) -> dict[str, float]:
    """Eigenvector centrality by igraph's convention, also on a disconnected network: the leading
    eigenvector of the whole adjacency matrix, as absolute values of unit length.

    networkx raises AmbiguousSolution for a disconnected graph, and a partner network almost always
    has isolated partners, so every value used to come back as 0. With this convention the
    component with the largest spectral radius (in practice the main one) holds the values and
    partners outside it get 0; equal to `IGraphView.eigenvector` (a test holds both to igraph).
    The dense solver is fine here: this is the reference path the tests compare igraph's with."""
    nodes = list(graph)
    if graph.number_of_edges() == 0:
        return dict.fromkeys(nodes, 0.0)
    adjacency = nx.to_numpy_array(graph, nodelist=nodes, weight=None)
    _, vectors = np.linalg.eigh(adjacency)  # ascending eigenvalues: the last column leads
    leading = np.abs(vectors[:, -1])
    leading /= np.linalg.norm(leading) or 1.0
    return {node: float(value) for node, value in zip(nodes, leading)}


def effective_size(graph: nx.Graph, triangles: dict | None = None) -> dict[str, float | None]:
    """Burt's effective size by the undirected formula d - 2t/d (Borgatti 1997): networkx 3.6
    builds an n x n matrix for it; triangles need none."""
    triangles = triangles if triangles is not None else nx.triangles(graph)
    return {n: (d - 2 * triangles[n] / d) if d else None for n, d in graph.degree()}


def k_step_reach(graph: nx.Graph, k: int = 2) -> dict[str, float]:
    n = graph.number_of_nodes()
    if n < 2:
        return dict.fromkeys(graph.nodes, 0.0)
    return {v: (len(nx.single_source_shortest_path_length(graph, v, cutoff=k)) - 1) / (n - 1) for v in graph}


def node_metrics(graph: nx.Graph, directed: nx.DiGraph | None = None, reach_steps: int = 2,
                 fast: IGraphView | None = None) -> NodeMetrics:
    """All per-node measures; on igraph (`fast`) for the heavy kernels of larger graphs."""
    result = NodeMetrics()
    n = graph.number_of_nodes()
    if n == 0:
        return result
    result.degree = nx.degree_centrality(graph) if n > 1 else dict.fromkeys(graph.nodes, 0.0)
    sampled = n > EXACT_BETWEENNESS_MAX_NODES
    result.betweenness_approximate = sampled
    if fast is not None:
        result.betweenness = fast.betweenness(BETWEENNESS_SAMPLES if sampled else None, SEED)
        result.closeness = fast.closeness(CLOSENESS_SAMPLES if sampled else None, SEED)
        result.closeness_approximate = sampled
        result.eigenvector = fast.eigenvector()
        result.constraint = fast.constraint()
        result.reach = fast.reach(reach_steps)
        result.effective_size = effective_size(graph, fast.triangles())
    else:
        result.betweenness = (nx.betweenness_centrality(graph, k=min(BETWEENNESS_SAMPLES, n), seed=SEED) if sampled
                              else nx.betweenness_centrality(graph))
        result.closeness = nx.closeness_centrality(graph)
        result.eigenvector = eigenvector(graph)
        result.constraint = {k: (None if v != v else v) for k, v in nx.constraint(graph).items()}  # NaN: isolates
        result.reach = k_step_reach(graph, reach_steps)
        result.effective_size = effective_size(graph)
    if fast is not None and (directed is None or _all_both_ways(directed)):
        result.brokerage = fast.brokerage(dict(graph.nodes(data="domain")), ROLES, _role)
    else:
        result.brokerage = brokerage(directed if directed is not None else graph)
    return result


def _all_both_ways(directed: nx.DiGraph) -> bool:
    """No one-way tie: the undirected (vectorised) count gives the same roles."""
    return all(directed.has_edge(b, a) for a, b in directed.edges())


def fast_view(graph: nx.Graph) -> IGraphView | None:
    """One igraph conversion per analysis (None for an empty network: nothing to compute)."""
    return IGraphView.of(graph) if graph.number_of_nodes() >= FAST_MIN_NODES else None
