"""The demo coalition carries the gaps coordinators should find (the analysis issue finds them)."""

from __future__ import annotations

import pytest

from graph_service.services.demo import load_demo

PARTNER_TIES = {"collaborates_with", "refers_to", "warm_handover", "agreement", "funds", "reaches", "offers"}


@pytest.fixture
def demo(store, audit):
    load_demo(store, audit)
    return store


def test_the_sizes_of_the_demo(demo):
    counts = demo.counts()
    assert counts["nodes"]["organisation"] == 60 and counts["nodes"]["professional"] == 120
    assert counts["nodes"]["community"] == 8 and counts["nodes"]["intervention"] == 28
    assert {k for k, n in counts["ties"].items() if n} >= PARTNER_TIES | {"member_of", "belongs_to", "works_at", "located_in"}
    phases = {p for i in demo.list_nodes("intervention", first=100).items for p in i["phases"]}
    assert phases == {"preconception", "pregnancy", "birth_maternity", "zero_to_two"}


def test_regional_partners_sit_in_both_coalitions(demo):
    a = {n["id"] for n in demo.list_nodes("organisation", coalition="kansrijk-dijkhaven", first=100).items}
    b = {n["id"] for n in demo.list_nodes("organisation", coalition="kansrijk-buurdorp", first=100).items}
    assert {"zkh-rivier", "jgz-rivier", "ggd-rivier", "zv-rivier"} <= a & b
    assert "wt-buur" in b - a


def test_gp_practices_are_members_tied_to_nobody(demo):
    for gp in ("ha-dijk", "ha-haven", "ha-molen", "ha-zuid"):
        kinds = {t["kind"] for t in demo.ties_of(gp)}
        assert "member_of" in kinds and not kinds & PARTNER_TIES


def test_debt_counselling_is_reached_only_through_one_neighbourhood_team(demo):
    partner_ties = [t for t in demo.ties_of("shv-dijk") if t["kind"] in PARTNER_TIES and t["to"] == "shv-dijk"]
    assert [(t["from"], t["kind"]) for t in partner_ties] == [("wt-noord", "refers_to")]


def test_one_community_through_one_key_figure_and_one_not_at_all(demo):
    eritrea = [t for t in demo.ties_of("com-eritrea") if t["kind"] == "reaches"]
    assert [t["from"] for t in eritrea] == ["kf-eritrea"]
    assert demo.get_node("kf-eritrea")["key_figure"] is True
    assert [t for t in demo.ties_of("com-pools") if t["kind"] == "reaches"] == []


def test_breastfeeding_information_three_times_and_no_handover_from_maternity_care_to_jgz(demo):
    breastfeeding = demo.list_nodes("intervention", filters={"intervention_type": "breastfeeding_information"}).items
    providers = {t["from"] for i in breastfeeding for t in demo.ties_of(i["id"]) if t["kind"] == "offers"}
    assert len(breastfeeding) == 3 and len(providers) == 3
    for maternity in ("kz-wieg", "kz-rivier"):
        handovers = [t for t in demo.ties_of(maternity) if t["kind"] == "warm_handover" and t["from"] == maternity]
        assert all(demo.get_node(t["to"])["organisation_type"] != "youth_health_care" for t in handovers)
