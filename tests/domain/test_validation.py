"""Input checked against the vocabulary before anything reaches a database: every refusal names
the field (with the row of a batch) and gives a code the Dutch text is looked up by."""

from __future__ import annotations

import pytest

from graph_service.domain.errors import ValidationError
from graph_service.domain.validation import Validator, check_id, parse_date
from graph_service.domain.vocabulary import load_vocabulary

VOCABULARY = load_vocabulary()
ORGANISATION = VOCABULARY.node_kinds["organisation"]
COLLABORATES = VOCABULARY.relationship_kinds["collaborates_with"]


@pytest.fixture
def validator() -> Validator:
    return Validator(VOCABULARY, max_string_length=40)


def refusal(call, *args, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        call(*args, **kwargs)
    return error.value


def test_a_clean_organisation_keeps_its_values_trimmed(validator):
    clean = validator.node_properties(ORGANISATION, {"name": "  Kraamzorg De Wieg ", "domain": "medical",
                                                     "organisation_type": "maternity_care", "phases": ["pregnancy", "pregnancy"]})
    assert clean["name"] == "Kraamzorg De Wieg" and clean["phases"] == ["pregnancy"]


def test_an_unknown_enumeration_value_names_the_field_and_the_allowed_values(validator):
    error = refusal(validator.node_properties, ORGANISATION, {"name": "X", "domain": "medisch",
                                                             "organisation_type": "other"}, prefix="rows[3].")
    assert error.field == "rows[3].domain" and error.code == "UNKNOWN_ENUM_VALUE" and "medical" in error.message


def test_a_list_item_is_named_by_its_position(validator):
    error = refusal(validator.node_properties, ORGANISATION, {"name": "X", "domain": "social",
                                                             "organisation_type": "other", "phases": ["pregnancy", "later"]})
    assert error.field == "phases[1]"


def test_too_long_control_characters_and_missing_are_told_apart(validator):
    base = {"domain": "social", "organisation_type": "other"}
    assert refusal(validator.node_properties, ORGANISATION, {**base, "name": "x" * 41}).code == "TOO_LONG"
    assert refusal(validator.node_properties, ORGANISATION, {**base, "name": "a\x07b"}).code == "INVALID_CHARACTERS"
    assert refusal(validator.node_properties, ORGANISATION, base).code == "REQUIRED"
    unknown = refusal(validator.node_properties, ORGANISATION, {**base, "name": "X", "colour": "red"})
    assert unknown.code == "UNKNOWN_PROPERTY" and unknown.field == "colour"


def test_a_patch_may_remove_an_optional_property_but_not_a_required_one(validator):
    assert validator.node_properties(ORGANISATION, {"phases": None}, partial=True) == {"phases": None}
    assert refusal(validator.node_properties, ORGANISATION, {"name": None}, partial=True).code == "REQUIRED"


def test_a_tie_ends_after_it_starts(validator):
    error = refusal(validator.relationship_properties, COLLABORATES, {"since": "2025-01-01", "until": "2024-01-01",
                                                                      "intensity": "cooperation"})
    assert error.field == "until" and error.code == "INVALID_PERIOD"


def test_a_tie_only_joins_the_kinds_it_is_for(validator):
    error = refusal(validator.endpoints, VOCABULARY.relationship_kinds["works_at"], "organisation", "organisation")
    assert error.code == "WRONG_ENDPOINT_KIND"


def test_ids_and_dates_have_one_written_form():
    assert check_id("org-1.a:b_c") == "org-1.a:b_c"
    assert refusal(check_id, "-starts-badly", "rows[0].id").field == "rows[0].id"
    assert refusal(check_id, "x" * 129).code == "INVALID_ID"
    assert parse_date("2026-03-01", "since") == "2026-03-01"
    assert refusal(parse_date, "1-3-2026", "since").code == "INVALID_DATE"
