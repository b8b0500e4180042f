"""On the demo coalition, the analysis finds every planted gap with its evidence."""

from __future__ import annotations

import json

import pytest

from graph_service.services.analysis import AnalysisService
from tests.conftest import load_demo_snapshot
from graph_service.services.network import NetworkService
from graph_service.services.principal import SYSTEM

C1 = "kansrijk-dijkhaven"


@pytest.fixture
def result(store, audit):
    load_demo_snapshot(store, audit)
    return AnalysisService(NetworkService(store)).analyse(SYSTEM, C1)


def findings(result, rule):
    return [f for f in result["findings"] if f["rule"] == rule]


def test_the_gp_practices_are_found_tied_to_nobody(result):
    isolated = {f["nodes"][0] for f in findings(result, "isolated_member") if f["severity"] == "high"}
    assert {"ha-dijk", "ha-haven", "ha-molen", "ha-zuid"} <= isolated


def test_debt_counselling_reached_only_through_the_neighbourhood_team(result):
    [debt] = [f for f in findings(result, "isolated_member") if f["nodes"] == ["shv-dijk"]]
    assert len(debt["ties"]) == 1 and debt["ties"][0].startswith("demo-refers-to-")


def test_communities_one_key_figure_and_not_at_all(result):
    by_node = {f["nodes"][0]: f for f in findings(result, "unreached_community")}
    assert by_node["com-pools"]["severity"] == "high"
    assert by_node["com-eritrea"]["nodes"] == ["com-eritrea", "kf-eritrea"]
    assert "één sleutelpersoon" in by_node["com-eritrea"]["nl"]


def test_breastfeeding_overlap_and_missing_handover_of_maternity_care(result):
    [overlap] = [f for f in findings(result, "overlap") if "breastfeeding information" in f["en"]]
    assert overlap["nodes"][:3] == ["jgz-dijk", "kz-wieg", "lact-dijk"]
    missing = {f["nodes"][0] for f in findings(result, "no_warm_handover")}
    assert {"kz-wieg", "kz-rivier"} <= missing and "vp-noord" not in missing


def test_weak_medical_social_ties_with_suggestions(result):
    [weak] = [f for f in findings(result, "weak_cross_domain_ties") if f["severity"] == "high"]
    assert "medisch en sociaal" in weak["nl"] and len(weak["suggested_ties"]) == 5


def test_two_runs_give_identical_output(store, audit):
    load_demo_snapshot(store, audit)
    first = AnalysisService(NetworkService(store)).analyse(SYSTEM, C1, "2024-06-01")
    second = AnalysisService(NetworkService(store)).analyse(SYSTEM, C1, "2024-06-01")
    assert json.dumps(first, sort_keys=True, default=sorted) == json.dumps(second, sort_keys=True, default=sorted)
