"""Every coalition map kind in headless Chromium: what is drawn matches the data, filters change
what is visible, nothing leaves the page, nothing errors, and typed markup stays text."""

from __future__ import annotations

import pytest

from graph_service.maps.coalition_map import HIDDEN_TIES, KIND_SHAPE
from graph_service.services.coalition_analysis import AnalysisService
from tests.conftest import load_demo_snapshot
from graph_service.services.family_cards import FamilyCardService
from graph_service.services.map_pages import MapService
from graph_service.services.network import NetworkService
from graph_service.services.principal import SYSTEM


@pytest.fixture
def store(embedded_store):  # every test of this module on one backend
    """A map is drawn from what the services answer: in Chromium on the embedded store (the
    services' store work runs on both backends)."""
    return embedded_store


A = "kansrijk-dijkhaven"
INJECTED = '<img src=x onerror="document.title=\'pwned\'">'


@pytest.fixture
def maps(store, audit):
    load_demo_snapshot(store, audit)
    store.create_node("organisation", {"id": "evil", "name": INJECTED, "domain": "social",
                                       "organisation_type": "welfare"})
    store.link("member_of", "evil", A, {"since": "2020-01-01", "level": "practice"})
    store.link("collaborates_with", "evil", "wt-noord", {"since": "2020-01-01", "intensity": "cooperation"})
    network = NetworkService(store)
    return MapService(network, AnalysisService(network), FamilyCardService(store, audit))


def expected_counts(store, as_of=None) -> tuple[int, int]:
    graph = store.coalition_subgraph(A, as_of)
    nodes = {i for i, n in graph.nodes.items() if n["kind"] in KIND_SHAPE}
    ties = [t for t in graph.ties if t["kind"] not in HIDDEN_TIES and t["from"] in nodes and t["to"] in nodes]
    return len(nodes), len(ties)


def check_page(open_page, page, name: str):
    opened = open_page(page.html, page.csp)
    assert opened.requests == [opened.ORIGIN + "/map"], "a request left the page"
    assert opened.errors() == []
    assert opened.page.title() != "pwned" and opened.page.locator("img").count() == 0
    opened.screenshot(name)
    return opened


def visible(opened) -> dict:
    return opened.page.evaluate("coalitionMap.visible()")


def test_coalition_map_draws_the_data_and_filters_change_what_is_visible(maps, open_page):
    page = maps.coalition(SYSTEM, A)
    opened = check_page(open_page, page, "coalition-map")
    nodes, ties = expected_counts(maps.network.store)
    shown = visible(opened)
    assert (len(shown["nodes"]), len(shown["edges"])) == (nodes, ties)
    assert opened.page.locator("[data-count]").inner_text() == str(nodes)
    opened.page.select_option("[data-filter='domain']", "medical")
    medical = visible(opened)
    domains = opened.page.evaluate("coalitionMap.visible().nodes.map(id => coalitionMap.nodes.get(id).f.domain)")
    assert 0 < len(medical["nodes"]) < nodes and set(domains) == {"medical"}
    opened.page.select_option("[data-filter='domain']", "")
    opened.page.select_option("[data-filter='tie']", "refers_to")
    kinds = opened.page.evaluate("coalitionMap.visible().edges.map(id => coalitionMap.edges.get(id).f.kind)")
    assert kinds and set(kinds) == {"refers_to"}
    # the injected name is a label on the canvas, never markup
    assert opened.page.evaluate("coalitionMap.nodes.get('evil').label") == INJECTED


def test_search_and_metric_size(maps, open_page):
    opened = check_page(open_page, maps.coalition(SYSTEM, A, lang="en"), "coalition-map-en")
    assert "Coalition map" in opened.page.title()
    opened.page.fill("[data-search]", "wijkteam noord")
    opened.page.press("[data-search]", "Enter")
    assert opened.page.evaluate("coalitionMap.network.getSelectedNodes()") == ["wt-noord"]
    before = opened.page.evaluate("coalitionMap.nodes.get('wt-noord').size")
    opened.page.select_option("[data-metric]", "betweenness")
    assert opened.page.evaluate("coalitionMap.nodes.get('wt-noord').size") != before


def test_the_same_data_gives_the_same_picture(maps):
    first, second = maps.coalition(SYSTEM, A), maps.coalition(SYSTEM, A)
    assert first.html == second.html


def test_gap_overlay_marks_suggestions_unreached_and_overlap(maps, open_page):
    page = maps.coalition(SYSTEM, A, overlay=True, filters={"phase": "pregnancy"})
    opened = check_page(open_page, page, "coalition-map-overlay")
    data = opened.page.evaluate("coalitionMap.data")
    suggested = [e for e in data["edges"] if e.get("status") == "suggested"]
    assert suggested and all(e["dashes"] for e in suggested)
    marks = {n["id"]: n.get("mark") for n in data["nodes"]}
    assert marks["com-pools"] == "unreached" and marks["com-eritrea"] == "unreached"
    assert any(m and m.startswith("overlap-") for m in marks.values())
    # the filter from the link is applied when the page opens
    phases = opened.page.evaluate("coalitionMap.visible().nodes.map(id => coalitionMap.nodes.get(id).f.phase)")
    assert phases and all("pregnancy" in p for p in phases)


def test_time_view_shows_ties_added_and_removed(maps, open_page):
    store = maps.network.store
    old = store.link("collaborates_with", "vp-noord", "ggd-rivier", {"since": "2021-01-01", "until": "2024-01-01",
                                                                      "intensity": "awareness"})
    new = store.link("refers_to", "vp-zuid", "jgz-dijk", {"since": "2024-06-01"})
    page = maps.compare(SYSTEM, A, "2023-06-01", "2025-01-01")
    opened = check_page(open_page, page, "coalition-map-time")
    edges = {e["id"]: e for e in opened.page.evaluate("coalitionMap.data.edges")}
    assert edges[f"added:{new['id']}"]["color"] == "#2f9e44"
    assert edges[f"removed:{old['id']}"]["color"] == "#e03131"
    _, ties_after = expected_counts(store, "2025-01-01")
    assert len(edges) == ties_after + 1  # every tie of the later date, plus the one that was removed


def test_domain_view_and_heat_map(maps, open_page):
    page = maps.domains(SYSTEM, A, others=["kansrijk-buurdorp"])
    opened = check_page(open_page, page, "coalition-domains")
    shown = visible(opened)
    assert len(shown["nodes"]) == 5
    cells = opened.page.locator("svg.heat rect[data-cell]")
    assert cells.count() == 25
    rows = opened.page.locator("table[data-side-by-side] tr")
    assert rows.count() == 3 and "Buurdorp" in rows.nth(2).inner_text()


def test_every_coalition_rule_has_a_name_beside_the_map():
    from graph_service.analysis.rules import RULES
    from graph_service.maps.coalition_map import RULE_NAMES

    assert set(RULE_NAMES) == set(RULES)



def test_a_single_broker_is_ringed_and_isolated_partners_marked(vocabulary):
    """The overlay reads the findings; the demo has no single broker, so this uses a small network."""
    from graph_service.analysis.findings import Finding
    from graph_service.analysis.metrics import NodeMetrics
    from graph_service.analysis.results import Analysis
    from graph_service.maps.coalition_map import render_coalition_map

    nodes = {i: {"id": i, "kind": "organisation", "name": i.upper(), "domain": d, "organisation_type": "other"}
             for i, d in (("a", "medical"), ("b", "social"), ("c", "social"), ("d", "informal"))}
    nodes["co"] = {"id": "co", "kind": "coalition", "name": "Coalitie"}
    ties = [{"id": "t1", "kind": "collaborates_with", "from": "a", "to": "b", "since": "2024-01-01"},
            {"id": "t2", "kind": "collaborates_with", "from": "b", "to": "c", "since": "2024-01-01"}]
    analysis = Analysis(coalition="co", name="Coalitie", as_of="2026-01-01", version=1, partners=4, ties=2, metrics=[],
                        domain_matrix=[], nodes=NodeMetrics(), top_actions=[], findings=[
        Finding("single_broker", "high", "B is de enige brug.", "B is the only bridge.", "", "", nodes=["b"]),
        Finding("isolated_member", "high", "D werkt met niemand.", "D works with nobody.", "", "", nodes=["d"])])
    page = render_coalition_map(vocabulary, nodes, ties, analysis, overlay=True)
    plain = render_coalition_map(vocabulary, nodes, ties, analysis, overlay=False)
    assert '"mark":"broker"' in page.html and '"mark":"isolated"' in page.html
    assert '"mark"' not in plain.html
    assert "Eén bruggenbouwer" in page.html and "enige bruggenbouwer" in page.html  # finding and legend
