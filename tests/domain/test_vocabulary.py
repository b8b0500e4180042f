"""The vocabulary file is complete, bilingual and self-consistent."""

from __future__ import annotations

import tomllib

import pytest

from graph_service.domain.vocabulary import VocabularyError, default_schema_dir, load_vocabulary, parse_vocabulary


def test_every_node_kind_of_the_field_is_there(vocabulary):
    assert {k.name for k in vocabulary.network_kinds} == {
        "coalition", "organisation", "professional", "informal_supporter", "community", "intervention", "neighbourhood",
    }
    # the family and everything on its network card are private: never in the generic API
    assert vocabulary.private_kinds == {"family", "family_member", "network_person", "card_agreement",
                                        "factor_record", "card_version", "signal_flag", "consent_record",
                                        "emergency_grant", "card_undo"}
    assert vocabulary.card_tie_kinds == {"supports", "coordinates", "assigned_to", "hands_over", "knows"}


def test_relationship_kinds_have_their_endpoints_and_dates(vocabulary):
    member_of = vocabulary.relationship_kind("member_of")
    assert member_of.to_kinds == ("coalition",)
    assert member_of.properties["level"].enum == "level"
    assert vocabulary.relationship_kind("collaborates_with").properties["intensity"].enum == "intensity"
    for rel in vocabulary.relationship_kinds.values():
        assert rel.properties["since"].required and not rel.properties["until"].required
    for needed in ("works_at", "refers_to", "warm_handover", "agreement", "funds", "reaches", "offers",
                   "supports", "coordinates", "assigned_to"):
        assert vocabulary.relationship_kind(needed) is not None


def test_every_enumeration_value_speaks_dutch_and_english(vocabulary):
    for enum in vocabulary.enums.values():
        for value in enum.values:
            assert value.nl.strip() and value.en.strip(), f"{enum.name}.{value.id}"
    assert vocabulary.enums["domain"].get("social").label("nl") == "Sociaal domein"
    assert vocabulary.enums["domain"].get("social").label("en") == "Social domain"


def test_the_catalogues_of_domain_md_are_complete(vocabulary):
    assert len(vocabulary.enums["phase"].values) == 4
    assert len(vocabulary.enums["pillar"].values) == 5
    assert len(vocabulary.enums["vulnerability"].values) == 4
    assert set(vocabulary.enums["support_type"].ids) == {"emotional", "practical", "informational"}
    assert set(vocabulary.enums["level"].ids) == {"governance", "management", "practice"}
    org_types = set(vocabulary.enums["organisation_type"].ids)
    assert {"midwife_practice", "maternity_care", "gp_practice", "hospital", "youth_health_care",
            "municipal_health_service", "neighbourhood_team", "debt_counselling", "housing_corporation",
            "volunteer_organisation", "municipality", "health_insurer", "regional_obstetric_partnership",
            "other"} <= org_types
    risks = vocabulary.enums["risk_factor"]
    assert {v.extra["category"] for v in risks.values} == {"child", "environment", "parents"}
    assert {"smoking", "debts", "earlier_depression", "no_social_network", "severe_prematurity"} <= set(risks.ids)
    assert "social_network" in vocabulary.enums["protective_factor"].ids


def _raw():
    with (default_schema_dir() / "vocabulary.toml").open("rb") as fh:
        return tomllib.load(fh)


def test_a_reference_to_an_unknown_enumeration_fails_at_load():
    raw = _raw()
    raw["node_kinds"]["organisation"]["properties"]["domain"]["enum"] = "galaxy"
    with pytest.raises(VocabularyError, match="organisation.domain"):
        parse_vocabulary(raw)


def test_an_unknown_endpoint_kind_fails_at_load():
    raw = _raw()
    raw["relationship_kinds"]["works_at"]["to"] = ["spaceship"]
    with pytest.raises(VocabularyError, match="spaceship"):
        parse_vocabulary(raw)


def test_facts_the_code_reads_live_in_the_vocabulary():
    vocabulary = load_vocabulary()
    assert vocabulary.order("domain") == ("medical", "public_health", "social", "informal", "policy")
    assert vocabulary.order("phase")[0] == "preconception" and len(vocabulary.order("pillar")) == 5
    assert vocabulary.tie_groups["directed"] <= vocabulary.tie_groups["partner"]
    assert {k.name: k.plural for k in vocabulary.network_kinds}["informal_supporter"] == "informalSupporters"
    assert all(k.plural for k in vocabulary.network_kinds)


def test_a_tie_group_naming_an_unknown_kind_is_refused():
    data = tomllib.loads((default_schema_dir() / "vocabulary.toml").read_text(encoding="utf-8"))
    data["tie_groups"]["partner"].append("gossips_with")
    with pytest.raises(VocabularyError, match="tie group partner: unknown tie kinds \\['gossips_with'\\]"):
        parse_vocabulary(data)
