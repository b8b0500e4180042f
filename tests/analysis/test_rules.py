"""Every gap rule fires on a coalition that has the gap, and stays quiet on one that does not."""

from __future__ import annotations

import pytest

from graph_service.analysis.rules import RULES, run_rules

from .builder import Coalition


def fired(coalition: Coalition, rule: str):
    return [f for f in run_rules(coalition.snapshot(), only=[rule])]


def test_a_well_connected_coalition_yields_no_finding():
    assert run_rules(Coalition().snapshot()) == []


def test_every_rule_is_registered_and_runs_in_its_place():
    from graph_service.analysis.rules import ORDER

    assert set(RULES) == set(ORDER)
    assert list(ORDER) == ["missing_domain", "missing_partner_type", "missing_level", "weak_cross_domain_ties",
                           "single_broker", "unreached_community", "phase_gap", "overlap", "no_warm_handover",
                           "isolated_member", "pillar_without_activity"]


def test_missing_domain():
    c = Coalition()
    c.remove("town")
    c.remove("insurer")
    [finding] = fired(c, "missing_domain")
    assert "beleid en financiering" in finding.nl and finding.severity == "high"


def test_missing_partner_type_and_lived_experience():
    c = Coalition()
    c.remove("gp")
    c.nodes["parents"]["lived_experience"] = False
    [finding] = fired(c, "missing_partner_type")  # one finding for all missing kinds
    assert finding.en == "These kinds of partners are still missing: 'GP practice' and 'parents with lived experience'."
    assert finding.nl == "Deze soorten partners ontbreken nog: 'huisartsenpraktijk' en 'ouders met ervaringskennis'."


def test_missing_level_within_a_domain():
    c = Coalition()
    for oid in ("volunteers", "parents"):
        c.untie("member_of", oid)
        c.tie("member_of", oid, "c", level="practice")
    # informal partners are expected at the table in practice only: nothing is missing
    assert fired(c, "missing_level") == []
    for oid in ("team", "debt", "housing"):
        c.untie("member_of", oid)
        c.tie("member_of", oid, "c", level="practice")
    [finding] = fired(c, "missing_level")  # one finding per domain, naming every missing level
    assert finding.nl == ("In het sociaal domein zit niemand aan tafel op de niveaus 'bestuurlijk' en "
                          "'management en beleid'.")
    assert finding.nodes == ["debt", "housing", "team"]


def test_weak_medical_social_ties_come_with_ranked_suggestions():
    c = Coalition()
    for a in ("gp", "midwife", "maternity"):
        for b in ("team", "debt", "housing"):
            c.untie("collaborates_with", a, b)
    [finding] = [f for f in fired(c, "weak_cross_domain_ties") if f.key == "medical|social"]
    assert finding.severity == "high"
    assert finding.nl.startswith("Tussen het medisch domein en het sociaal domein zijn 0 werkrelaties;")
    assert len(finding.suggested_ties) == 5
    first = finding.suggested_ties[0]
    assert {first.from_id, first.to_id} <= {"gp", "midwife", "maternity", "team", "debt", "housing"}
    assert "beide werken al met" in first.reason_nl and first.from_name in ("Gp", "Midwife", "Maternity")


def test_weak_ties_are_not_judged_when_chance_expects_too_few():
    from graph_service.analysis.rules import RuleConfig

    c = Coalition()
    c.remove("housing")
    c.remove("debt")
    for a in ("gp", "midwife", "maternity"):
        c.untie("collaborates_with", a, "team")
    # chance expects about 2 ties between the medical partners and the one social partner
    assert RuleConfig().min_expected == 1.0
    assert [f.key for f in run_rules(c.snapshot(), RuleConfig(), only=["weak_cross_domain_ties"])] == ["medical|social"]
    assert run_rules(c.snapshot(), RuleConfig(min_expected=3.0), only=["weak_cross_domain_ties"]) == []


def test_single_broker_between_medical_and_social():
    c = Coalition()
    c.ties = [t for t in c.ties if t["kind"] != "collaborates_with"]
    for a, b in (("gp", "midwife"), ("midwife", "maternity"), ("gp", "maternity"), ("team", "debt"),
                 ("debt", "housing"), ("team", "housing"), ("midwife", "jgz"), ("jgz", "team"), ("jgz", "debt")):
        c.tie("collaborates_with", a, b)
    findings = fired(c, "single_broker")
    assert [f.nodes for f in findings if f.severity == "high"] == [["jgz"]]
    # a second route around the broker: a medical with a social partner, neither of them JGZ
    [broker] = [f for f in findings if f.severity == "high"]
    assert broker.suggested_ties and all({t.from_id, t.to_id} & {"gp", "midwife", "maternity"}
                                         and {t.from_id, t.to_id} & {"team", "debt", "housing"}
                                         for t in broker.suggested_ties)


def test_two_brokers_on_the_one_path_between_medical_and_social_are_one_finding():
    c = Coalition()
    c.ties = [t for t in c.ties if t["kind"] != "collaborates_with"]
    for a, b in (("gp", "midwife"), ("midwife", "maternity"), ("midwife", "team"), ("team", "debt"),
                 ("team", "housing"), ("jgz", "gp"), ("volunteers", "debt")):
        c.tie("collaborates_with", a, b)
    [finding] = [f for f in fired(c, "single_broker") if f.severity == "high"]
    assert finding.nodes == ["midwife", "team"]
    assert finding.nl == "Alle contact tussen medisch en sociaal loopt via Midwife en Team."


def test_unreached_community_and_one_key_figure():
    c = Coalition()
    c.nodes["lost"] = {"id": "lost", "kind": "community", "name": "Niet bereikt"}
    c.nodes["kf-com"] = {"id": "kf-com", "kind": "community", "name": "Via één sleutelpersoon"}
    c.nodes["kf"] = {"id": "kf", "kind": "informal_supporter", "name": "Sleutelpersoon", "key_figure": True}
    c.tie("member_of", "kf", "c", level="practice")
    c.tie("collaborates_with", "kf", "team")
    c.tie("reaches", "kf", "kf-com")
    findings = {f.nodes[0]: f for f in fired(c, "unreached_community")}
    assert set(findings) == {"lost", "kf-com"}
    assert findings["kf-com"].nodes == ["kf-com", "kf"] and findings["kf-com"].severity == "medium"
    assert findings["lost"].severity == "high"
    # the partner reaching the most communities is suggested to start reaching the lost one
    assert [(t.from_id, t.to_id) for t in findings["lost"].suggested_ties] in ([("team", "lost")], [("volunteers", "lost")])


def test_phase_gap():
    c = Coalition()
    c.remove("int0")
    for node in c.nodes.values():
        if node.get("phases"):
            node["phases"] = [p for p in node["phases"] if p != "preconception"]
    [finding] = fired(c, "phase_gap")
    assert "preconception" in finding.en


def test_overlap_of_three_providers():
    c = Coalition()
    for i, provider in enumerate(("jgz", "maternity", "volunteers")):
        c.intervention(f"bv{i}", "breastfeeding_information", ["birth_maternity"], provider)
    [finding] = fired(c, "overlap")
    assert finding.nodes[:3] == ["jgz", "maternity", "volunteers"]
    assert finding.nl.startswith("3 partners bieden 'borstvoedingsvoorlichting' aan in de fase 'geboorte")


def test_one_offer_over_adjacent_phases_is_one_overlap_naming_providers_and_phases():
    c = Coalition()
    # three providers, each in the phase after the other's: one overlap, not none
    for i, (provider, phase) in enumerate((("jgz", "pregnancy"), ("maternity", "birth_maternity"),
                                           ("volunteers", "zero_to_two"))):
        c.intervention(f"bv{i}", "breastfeeding_information", [phase], provider)
    [finding] = fired(c, "overlap")
    assert "in de fasen 'zwangerschap', 'geboorte en kraamperiode' en '" in finding.nl
    assert finding.nodes[:3] == ["jgz", "maternity", "volunteers"]
    # and one offer spanning three phases by three providers is one finding, not three
    c = Coalition()
    for i, provider in enumerate(("jgz", "maternity", "volunteers")):
        c.intervention(f"bw{i}", "breastfeeding_information", ["pregnancy", "birth_maternity", "zero_to_two"], provider)
    assert len(fired(c, "overlap")) == 1
    # phases that are not adjacent do not make one overlap
    c = Coalition()
    for i, (provider, phase) in enumerate((("jgz", "preconception"), ("maternity", "birth_maternity"))):
        c.intervention(f"bx{i}", "breastfeeding_information", [phase], provider)
    assert fired(c, "overlap") == []


def test_no_warm_handover_from_maternity_care():
    c = Coalition()
    c.untie("warm_handover", "maternity", "jgz")
    [finding] = fired(c, "no_warm_handover")
    assert finding.nodes == ["maternity"] and finding.severity == "high"
    # the handover to make is suggested: maternity care with JGZ and with the neighbourhood team
    assert [(t.from_id, t.to_id) for t in finding.suggested_ties] == [("maternity", "jgz"), ("maternity", "team")]
    assert finding.suggested_ties[0].reason_nl.startswith("warme overdracht na de kraamperiode naar de "
                                                             "jeugdgezondheidszorg (JGZ)")


def test_isolated_member_and_one_domain_member():
    c = Coalition()
    c.org("lonely", "medical", "gp_practice")
    c.org("inward", "social", "welfare")
    c.tie("collaborates_with", "inward", "team")
    findings = {f.nodes[0]: f for f in fired(c, "isolated_member")}
    assert findings["lonely"].severity == "high"
    assert findings["lonely"].nl == "Lonely is lid maar werkt met niemand in de coalitie samen."
    assert findings["inward"].severity == "low" and findings["inward"].ties
    assert "Inward (alleen via Team)" in findings["inward"].nl
    # each is suggested one partner from a domain its own domain is expected to work with
    assert findings["lonely"].suggested_ties[0].to_id in ("jgz", "team", "debt", "housing")


def test_a_long_group_names_twelve_and_counts_the_rest_and_suggests_ten():
    c = Coalition()
    for i in range(30):
        c.org(f"gp{i:02d}", "medical", "gp_practice")
    [finding] = [f for f in fired(c, "isolated_member") if f.severity == "high"]
    assert len(finding.nodes) == 30 and finding.nl.endswith(", Gp11 en 18 andere.")
    # ten at most, and no partner asked more than twice: JGZ and the three social partners, two each
    assert len(finding.suggested_ties) == 8 and {t.to_id for t in finding.suggested_ties} == {"jgz", "team", "debt",
                                                                                              "housing"}


def test_pillar_without_activity():
    c = Coalition()
    for node in c.nodes.values():
        if node["kind"] == "intervention":
            node["pillars"] = [p for p in node["pillars"] if p != "monitoring_learning"]
    [finding] = fired(c, "pillar_without_activity")
    assert "'monitoring and learning'" in finding.en and "'monitoren en leren'" in finding.nl


@pytest.mark.parametrize("rule", list(RULES))
def test_each_rule_is_quiet_on_the_well_connected_coalition(rule):
    assert fired(Coalition(), rule) == []


def test_findings_name_types_phases_offers_and_pillars_by_their_labels_never_their_codes():
    """A coordinator reads "zorgverzekeraar", not 'health_insurer'; the codes stay in the API."""
    import re

    from graph_service.analysis.rules import PILLARS, RuleConfig, run_rules
    from graph_service.analysis.snapshot import build_snapshot

    nodes = {"c": {"id": "c", "kind": "coalition", "name": "Leeg"},
             "wt": {"id": "wt", "kind": "organisation", "domain": "social", "organisation_type": "neighbourhood_team",
                    "name": "Wijkteam"}}
    ties = [{"id": "m", "kind": "member_of", "from": "wt", "to": "c", "level": "practice", "since": "2020-01-01"}]
    found = run_rules(build_snapshot("c", "2022-01-01", 1, nodes, ties), RuleConfig())
    texts = [f.nl for f in found] + [f.en for f in found]
    [kinds] = [t for t in texts if t.startswith("Deze soorten partners ontbreken nog")]
    assert "'zorgverzekeraar'" in kinds and "'jeugdgezondheidszorg (JGZ)'" in kinds
    assert ("Geen aanbod of partner dekt de fasen 'voor de zwangerschap', 'zwangerschap', 'geboorte en "
            "kraamperiode' en 'na de geboorte (0-2 jaar)'.") in texts
    # nothing recorded for any pillar: one finding, not five
    assert [t for t in texts if "pijler" in t] == ["Voor geen van de vijf pijlers van de aanpak is activiteit vastgelegd."]
    assert len(PILLARS) == 5
    assert not [t for t in texts if re.search(r"'[a-z]+_[a-z_]+'", t)], "a code in a sentence"
