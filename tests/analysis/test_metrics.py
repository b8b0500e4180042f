"""Measures match their definitions and the reference implementations (networkx, python-igraph)."""

from __future__ import annotations

import igraph
import networkx as nx
import pytest

from graph_service.analysis import metrics


def domain_graph() -> nx.Graph:
    g = nx.karate_club_graph()
    for n in g:
        g.nodes[n]["domain"] = "medical" if g.nodes[n]["club"] == "Mr. Hi" else "social"
    return g


def test_density_and_freeman_centralization_of_a_star():
    star = nx.star_graph(5)
    assert metrics.density(star).value == pytest.approx(nx.density(star))
    assert metrics.degree_centralization(star).value == pytest.approx(1.0)
    assert metrics.degree_centralization(nx.cycle_graph(6)).value == pytest.approx(0.0)


def test_node_measures_match_networkx_and_igraph():
    g = domain_graph()
    result = metrics.node_metrics(g)
    assert result.betweenness == pytest.approx(nx.betweenness_centrality(g))
    assert not result.betweenness_approximate
    assert result.effective_size == pytest.approx(nx.effective_size(g))
    ig = igraph.Graph.from_networkx(g)
    names = ig.vs["_nx_name"]
    assert dict(zip(names, ig.constraint())) == pytest.approx(result.constraint)
    assert dict(zip(names, ig.closeness())) == pytest.approx(result.closeness)


def test_large_graphs_switch_to_seeded_sampled_betweenness(monkeypatch):
    monkeypatch.setattr(metrics, "EXACT_BETWEENNESS_MAX_NODES", 10)
    g = domain_graph()
    first, second = metrics.node_metrics(g), metrics.node_metrics(g)
    assert first.betweenness_approximate and first.betweenness == second.betweenness


def test_ei_index_and_domain_matrix():
    g = nx.Graph()
    g.add_nodes_from([("m1", {"domain": "medical"}), ("m2", {"domain": "medical"}),
                      ("s1", {"domain": "social"}), ("s2", {"domain": "social"})])
    g.add_edges_from([("m1", "m2"), ("s1", "s2"), ("m1", "s1")])
    ei, matrix = metrics.domain_mixing(g)
    assert ei.value["observed"] == pytest.approx((1 - 2) / 3)
    assert ei.value["expected"] == pytest.approx((6 - 2 * 2) / 6)
    assert matrix[("medical", "social")] == {"observed": 1, "expected": pytest.approx(3 * 4 / 6)}


def test_brokerage_roles_on_open_two_paths():
    g = nx.DiGraph()
    g.add_nodes_from([("a", {"domain": "medical"}), ("v", {"domain": "social"}), ("b", {"domain": "social"}),
                      ("c", {"domain": "medical"}), ("d", {"domain": "policy"})])
    g.add_edges_from([("a", "v"), ("v", "b"), ("v", "c"), ("v", "d")])
    roles = metrics.brokerage(g)["v"]
    assert roles == {"coordinator": 0, "gatekeeper": 1, "representative": 0, "consultant": 1, "liaison": 1}


def test_communities_are_deterministic_and_report_their_domain_mix():
    g = domain_graph()
    first, second = metrics.communities(g), metrics.communities(g)
    assert first.value == second.value
    assert sum(len(c["members"]) for c in first.value) == 34
    assert all(sum(c["domains"].values()) == len(c["members"]) for c in first.value)


def test_cut_points_and_reach():
    path = nx.path_graph(4)
    assert metrics.cut_points(path).value == {"articulation_points": [1, 2], "bridges": [(0, 1), (1, 2), (2, 3)]}
    assert metrics.k_step_reach(path, 2)[0] == pytest.approx(2 / 3)


def test_igraph_and_networkx_paths_agree():
    g = nx.connected_watts_strogatz_graph(400, 6, 0.2, seed=7)
    for n in g:
        g.nodes[n]["domain"] = ("medical", "social", "informal")[n % 3]
    fast = metrics.fast_view(g)
    assert fast is not None
    on_igraph, on_networkx = metrics.node_metrics(g, fast=fast), metrics.node_metrics(g)
    for measure in ("betweenness", "closeness", "eigenvector", "constraint", "reach", "effective_size"):
        assert getattr(on_igraph, measure) == pytest.approx(getattr(on_networkx, measure), rel=1e-6, abs=1e-9), measure
    q_igraph = nx.community.modularity(g, [set(c["members"]) for c in metrics.communities(g, fast).value])
    q_networkx = nx.community.modularity(g, [set(c["members"]) for c in metrics.communities(g).value])
    assert q_igraph == pytest.approx(q_networkx, abs=0.05)
    assert metrics.cut_points(g, fast).value == metrics.cut_points(g).value


def test_counted_brokerage_on_undirected_graphs_equals_the_path_by_path_count():
    g = domain_graph()
    assert metrics.brokerage(g) == metrics.brokerage(g.to_directed())
    big = nx.connected_watts_strogatz_graph(500, 8, 0.3, seed=11)
    for n in big:
        big.nodes[n]["domain"] = ("medical", "social", "informal", "policy")[n % 4]
    vectorised = metrics.IGraphView.of(big).brokerage(dict(big.nodes(data="domain")), metrics.ROLES, metrics._role)
    assert vectorised == metrics.brokerage(big)


def test_sampled_closeness_stays_close_to_the_exact_value():
    g = nx.connected_watts_strogatz_graph(1500, 8, 0.2, seed=3)
    fast = metrics.IGraphView.of(g)
    exact, estimate = fast.closeness(None), fast.closeness(metrics.CLOSENESS_SAMPLES, metrics.SEED)
    errors = sorted(abs(estimate[n] - exact[n]) / exact[n] for n in g)
    assert errors[len(errors) // 2] < 0.03 and errors[int(len(errors) * 0.95)] < 0.08


def test_eigenvector_centrality_holds_on_a_disconnected_network_and_matches_igraph():
    """Five partners who all work together, a chain of three and one partner tied to nobody: a
    partner network is nearly always disconnected. The leading eigenvector belongs to the five
    (spectral radius 4 against the chain's sqrt 2): each 1/sqrt(5), by hand; the rest 0."""
    g = nx.disjoint_union(nx.complete_graph(5), nx.path_graph(3))
    g.add_node(8)
    for n in g:
        g.nodes[n]["domain"] = "social"
    values = metrics.node_metrics(g).eigenvector
    assert [values[n] for n in range(5)] == pytest.approx([5 ** -0.5] * 5)
    assert [values[n] for n in range(5, 9)] == pytest.approx([0.0] * 4, abs=1e-12)
    with pytest.warns(RuntimeWarning, match="not .*connected"):  # igraph says so, and computes all the same
        reference = igraph.Graph(n=9, edges=list(g.edges())).eigenvector_centrality(scale=False)
    norm = sum(v * v for v in reference) ** 0.5
    assert [values[n] for n in range(9)] == pytest.approx([v / norm for v in reference], abs=1e-9)
    # and the igraph path the service takes above 300 partners gives the same
    assert metrics.IGraphView.of(g).eigenvector() == pytest.approx(values, abs=1e-9)


def _brute_force_roles(graph: nx.DiGraph) -> dict:
    """The definition, one ordered triple at a time: a -> v -> b with a != b and no a -> b."""
    domain = dict(graph.nodes(data="domain"))
    roles = {v: dict.fromkeys(metrics.ROLES, 0) for v in graph}
    for v in graph:
        for a in graph:
            for b in graph:
                if len({a, v, b}) == 3 and graph.has_edge(a, v) and graph.has_edge(v, b) and not graph.has_edge(a, b):
                    roles[v][metrics._role(domain[a], domain[v], domain[b])] += 1
    return roles


def test_brokerage_follows_the_direction_of_referrals_handovers_and_funding():
    """A midwife refers to the neighbourhood team, which works with debt counselling: the team
    lets the medical side into the social domain (gatekeeper), it does not carry the social
    domain out (representative). Undirected, both roles would count the same."""
    from graph_service.analysis.snapshot import build_snapshot

    nodes = {"c": {"id": "c", "kind": "coalition", "name": "C"},
             "vp": {"id": "vp", "kind": "organisation", "domain": "medical", "name": "Verloskundigen"},
             "wt": {"id": "wt", "kind": "organisation", "domain": "social", "name": "Wijkteam"},
             "shv": {"id": "shv", "kind": "organisation", "domain": "social", "name": "Schuldhulp"},
             "gem": {"id": "gem", "kind": "organisation", "domain": "policy", "name": "Gemeente"}}
    ties = [{"id": f"m-{n}", "kind": "member_of", "from": n, "to": "c", "level": "practice", "since": "2020-01-01"}
            for n in ("vp", "wt", "shv", "gem")]
    ties += [{"id": "r1", "kind": "refers_to", "from": "vp", "to": "wt", "since": "2021-01-01"},
             {"id": "w1", "kind": "collaborates_with", "from": "wt", "to": "shv", "since": "2021-01-01"},
             {"id": "f1", "kind": "funds", "from": "gem", "to": "wt", "since": "2021-01-01"}]
    snap = build_snapshot("c", "2022-01-01", 1, nodes, ties)
    roles = metrics.node_metrics(snap.partners, directed=snap.flows).brokerage
    assert roles == _brute_force_roles(snap.flows)
    assert roles["wt"]["gatekeeper"] == 2 and roles["wt"]["representative"] == 0  # vp and gem in, to shv
    assert roles["wt"]["liaison"] == 0  # nothing flows from wt back out to medical or policy
    undirected = metrics.brokerage(snap.partners)
    assert undirected["wt"]["gatekeeper"] == undirected["wt"]["representative"] == 2
    from graph_service.analysis.analyse import analyse_snapshot

    assert analyse_snapshot(snap).nodes.brokerage["wt"] == roles["wt"]  # what the service reports


def test_on_ties_that_all_run_both_ways_directed_brokerage_equals_the_undirected_count():
    g = domain_graph()
    both_ways = nx.DiGraph(g)  # every edge in both directions
    assert metrics.brokerage(both_ways) == metrics.brokerage(g) == _brute_force_roles(both_ways)
