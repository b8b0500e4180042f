"""Monitoring and learning: the network as of two dates, and several coalitions side by side."""

from __future__ import annotations

import pytest

from graph_service.domain.errors import ValidationError
from graph_service.services.coalition_analysis import AnalysisService
from tests.conftest import load_demo_snapshot
from graph_service.services.network import NetworkService
from graph_service.services.principal import SYSTEM

C1 = "kansrijk-dijkhaven"


@pytest.fixture
def analysis(store, audit):
    load_demo_snapshot(store, audit)
    return AnalysisService(NetworkService(store))


def test_compare_shows_ties_added_and_removed_and_findings_closed_and_new(analysis):
    store = analysis.network.store
    store.link("warm_handover", "kz-wieg", "jgz-dijk", {"since": "2025-01-01", "status": "done"})
    result = analysis.compare(SYSTEM, C1, "2022-01-01", "2025-06-01")
    added = {(t["kind"], t["from"], t["to"]) for t in result.ties_added}
    assert ("warm_handover", "kz-wieg", "jgz-dijk") in added
    removed = {(t["kind"], t["from"], t["to"]) for t in result.ties_removed}
    assert ("collaborates_with", "vp-zuid", "welzijn-dijk") in removed  # ended 2022-06-01
    # the grouped finding of maternity care shrank: the longer list closed, the shorter one new
    closed = [f for f in result.findings_closed if f.rule == "no_warm_handover"]
    new = [f for f in result.findings_new if f.rule == "no_warm_handover"]
    assert [sorted(f.nodes) for f in closed] == [["kz-rivier", "kz-wieg"]]
    assert [f.nodes for f in new] == [["kz-rivier"]] and "Kraamzorg Rivierland heeft geen" in new[0].nl
    ties = result.figures["ties"]
    assert ties.change == ties.after - ties.before


def test_compare_refuses_from_after_to(analysis):
    with pytest.raises(ValidationError) as err:
        analysis.compare(SYSTEM, C1, "2025-01-01", "2024-01-01")
    assert err.value.field == "from"


def test_side_by_side_gives_the_same_figures_for_each_coalition(analysis):
    rows = analysis.side_by_side(SYSTEM, [C1, "kansrijk-buurdorp"])
    assert [r["coalition"] for r in rows] == [C1, "kansrijk-buurdorp"]
    assert all(set(r) >= {"bridging_index", "ei_index", "density", "findings_high"} for r in rows)
    assert rows[0]["partners"] > rows[1]["partners"]


def test_a_region_counts_shared_regional_partners_once(analysis):
    region = analysis.analyse_region(SYSTEM, [C1, "kansrijk-buurdorp"])
    one = analysis.analyse(SYSTEM, C1)
    other = analysis.analyse(SYSTEM, "kansrijk-buurdorp")
    assert one.partners < region.partners < one.partners + other.partners
    assert region.name.startswith("Regio: Kansrijke Start Dijkhaven")


def test_oversized_networks_are_refused_before_the_analysis(analysis, monkeypatch):
    from graph_service.services import coalition_analysis as module

    monkeypatch.setattr(module, "MAX_ANALYSIS_NODES", 50)
    with pytest.raises(ValidationError) as error:
        analysis.analyse(SYSTEM, "kansrijk-dijkhaven")
    assert error.value.code == "TOO_LARGE" and "analyses stop at 50" in error.value.message
