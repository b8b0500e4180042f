"""Where things land on a map, without a database: the same data gives the same picture, the
card's rings mean closeness, and the map machinery keeps every tie."""

from __future__ import annotations

import math
import re

from graph_service.domain.vocabulary import load_vocabulary
from graph_service.maps.layout import seeded_layout
from graph_service.maps.family_card_map import MEMBER_RADIUS, RING_RADIUS, layout, render_family_card
from graph_service.maps.page import MapNetwork
from tests.scenarios.model import card, professional, relative


def test_the_same_coalition_is_drawn_the_same_way_every_time():
    nodes = [f"n{i}" for i in range(40)]
    edges = [(f"n{i}", f"n{(i * 7) % 40}") for i in range(40)]
    first, second = seeded_layout(nodes, edges), seeded_layout(list(nodes), list(edges))
    assert first == second and set(first) == set(nodes)
    scale = 45.0 * len(nodes) ** 0.5
    assert all(abs(x) <= scale + 1e-6 and abs(y) <= scale + 1e-6 for x, y in first.values())


def test_partners_that_work_together_are_drawn_closer_than_strangers():
    left, right = [f"a{i}" for i in range(8)], [f"b{i}" for i in range(8)]
    edges = [(x, y) for group in (left, right) for x in group for y in group if x < y] + [("a0", "b0")]
    at = seeded_layout(left + right, edges)

    def mean_distance(pairs: list[tuple[str, str]]) -> float:
        return sum(math.dist(at[a], at[b]) for a, b in pairs) / len(pairs)

    together = [(x, y) for x in left for y in left if x < y]
    apart = [(x, y) for x in left for y in right]
    assert mean_distance(together) < 0.6 * mean_distance(apart)


def test_a_large_coalition_is_drawn_in_groups_too():
    """Above 200 partners the layout runs fewer rounds on igraph's grid, from a spread start: it
    must still draw two groups that barely work together as two groups."""
    left, right = [f"a{i}" for i in range(300)], [f"b{i}" for i in range(300)]
    edges = [(group[i], group[(i * 7 + k) % 300]) for group in (left, right) for i in range(300) for k in (1, 2, 3)]
    at = seeded_layout(left + right, edges + [("a0", "b0")])

    def centre(group: list[str]) -> tuple[float, float]:
        return (sum(at[n][0] for n in group) / len(group), sum(at[n][1] for n in group) / len(group))

    spread = sum(math.dist(at[n], centre(left)) for n in left) / len(left)
    assert math.dist(centre(left), centre(right)) > 1.5 * spread


def test_the_card_puts_each_person_on_her_ring_own_network_left_professionals_right():
    family_card = card("Gezin A", "pregnancy", [relative("Oma", 1, emotional=2), relative("Buurvrouw", 3, "neighbours"),
                                                professional("Vroedvrouw", "midwife", 2)])
    at = layout(family_card)
    assert at["f"] == (0.0, 0.0) and math.isclose(math.dist(at["m1"], (0, 0)), MEMBER_RADIUS)
    for person, ring in (("oma", 1), ("buurvrouw", 3), ("vroedvrouw", 2)):
        assert math.isclose(math.dist(at[person], (0, 0)), RING_RADIUS[ring], rel_tol=1e-9)
    assert at["oma"][0] < 0 and at["buurvrouw"][0] < 0 and at["vroedvrouw"][0] > 0


def test_the_map_machinery_keeps_two_ties_between_the_same_pair():
    net = MapNetwork()
    net.add_node("a", label="A")
    net.add_node("b", label="B")
    net.add_node("a", label="A again")  # a node is added once
    net.add_edge("a", "b", kind="collaborates_with", arrows="")
    net.add_edge("a", "b", kind="refers_to", arrows="to")
    assert [n["label"] for n in net.nodes] == ["A", "B"]
    assert [e["kind"] for e in net.edges] == ["collaborates_with", "refers_to"]
    net.node("a")["mark"] = "broker"
    assert net.nodes[0]["mark"] == "broker"


def test_a_card_page_loads_nothing_from_elsewhere():
    family_card = card("Gezin A", "pregnancy", [relative("Oma", 1, emotional=2)])
    page = render_family_card(family_card, [], load_vocabulary())
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page.html) and "<script src" not in page.html
    assert "default-src 'none'" in page.csp and "Oma" in page.html
