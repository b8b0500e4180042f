"""On the demo coalition, the analysis finds every planted gap with its evidence."""

from __future__ import annotations

import json

import pytest

from graph_service.services.coalition_analysis import AnalysisService
from tests.conftest import load_demo_snapshot
from graph_service.services.network import NetworkService
from graph_service.services.principal import SYSTEM

C1 = "kansrijk-dijkhaven"


@pytest.fixture
def result(store, audit):
    load_demo_snapshot(store, audit)
    return AnalysisService(NetworkService(store)).analyse(SYSTEM, C1)


def findings(result, rule):
    return [f for f in result.findings if f.rule == rule]


def test_the_gp_practices_are_found_tied_to_nobody_in_one_finding_with_a_partner_each(result):
    [medical] = [f for f in findings(result, "isolated_member") if f.severity == "high" and f.key == "medical"]
    assert {"ha-dijk", "ha-haven", "ha-molen", "ha-zuid"} <= set(medical.nodes)
    assert "Huisartsenpraktijk De Molen" in medical.nl and medical.nl.startswith("7 partners in het medisch domein")
    assert {t.from_id for t in medical.suggested_ties} == set(medical.nodes)
    # the work is spread: no partner is suggested to more than two of them
    receivers = [t.to_id for t in medical.suggested_ties]
    assert max(receivers.count(r) for r in receivers) <= 2


def test_debt_counselling_reached_only_through_the_neighbourhood_team(result):
    [social] = [f for f in findings(result, "isolated_member") if f.key == "inward|social"]
    assert "Schuldhulpverlening Dijkhaven (alleen via Sociaal Wijkteam Noord)" in social.nl
    assert "shv-dijk" in social.nodes and any(t.startswith("demo-refers-to-") for t in social.ties)
    assert any(t.from_id == "shv-dijk" for t in social.suggested_ties)


def test_the_ordinary_midwife_hospital_maternity_chain_is_no_finding(result):
    inward = {n for f in findings(result, "isolated_member") if f.severity == "low" for n in f.nodes}
    assert not inward & {"vp-noord", "vp-centrum", "zkh-rivier", "kz-wieg", "kz-rivier"}


def test_communities_one_key_figure_and_not_at_all(result):
    by_node = {f.nodes[0]: f for f in findings(result, "unreached_community")}
    assert by_node["com-pools"].severity == "high"
    [start] = by_node["com-pools"].suggested_ties
    assert start.to_id == "com-pools" and "andere gemeenschappen" in start.reason_nl
    assert by_node["com-eritrea"].nodes == ["com-eritrea", "kf-eritrea"]
    assert "één sleutelpersoon" in by_node["com-eritrea"].nl
    assert by_node["com-eritrea"].suggested_ties[0].from_id == "kf-eritrea"


def test_breastfeeding_overlap_and_missing_handover_of_maternity_care(result):
    [overlap] = [f for f in findings(result, "overlap") if "borstvoedingsvoorlichting" in f.nl]
    assert overlap.nodes[:3] == ["jgz-dijk", "kz-wieg", "lact-dijk"]
    [maternity] = [f for f in findings(result, "no_warm_handover") if f.key == "maternity_care"]
    assert set(maternity.nodes) == {"kz-wieg", "kz-rivier"} and maternity.severity == "high"
    assert "Kraamzorg De Wieg" in maternity.nl and "hebben geen warme overdracht" in maternity.nl
    receivers = {(t.from_id, t.to_id) for t in maternity.suggested_ties}
    assert ("kz-wieg", "jgz-dijk") in receivers and any(b.startswith("wt-") for a, b in receivers if a == "kz-wieg")
    assert not any("vp-noord" in f.nodes for f in findings(result, "no_warm_handover"))


def test_weak_medical_social_ties_with_suggestions_named_not_coded(result):
    [weak] = [f for f in findings(result, "weak_cross_domain_ties") if f.severity == "high"]
    assert "het medisch domein en het sociaal domein" in weak.nl and len(weak.suggested_ties) == 5
    first = weak.suggested_ties[0]
    assert first.from_name == "Verloskundigenpraktijk Noord" and "'zwangerschap'" in first.reason_nl


def test_only_expected_domain_pairs_are_judged_and_never_on_less_than_one_expected_tie(result):
    pairs = {f.key for f in findings(result, "weak_cross_domain_ties")}
    assert "medical|social" in pairs
    assert not pairs & {"informal|medical", "informal|policy", "medical|policy"}


def test_findings_are_ranked_and_the_report_opens_with_at_most_five_actions(result):
    priorities = [f.priority for f in result.findings]
    assert priorities == sorted(priorities, reverse=True)
    assert result.findings[0].severity == "high"
    assert 1 <= len(result.top_actions) <= 5
    assert result.top_actions[0].because_nl == result.findings[0].nl
    # one finding per gap: far fewer findings than partners
    assert len(result.findings) <= 0.5 * result.partners


def test_two_runs_give_identical_output(store, audit):
    load_demo_snapshot(store, audit)
    first = AnalysisService(NetworkService(store)).analyse(SYSTEM, C1, "2024-06-01")
    second = AnalysisService(NetworkService(store)).analyse(SYSTEM, C1, "2024-06-01")
    assert json.dumps(first.as_dict(), sort_keys=True, default=sorted) == json.dumps(second.as_dict(), sort_keys=True,
                                                                                     default=sorted)
