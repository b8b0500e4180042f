"""Items 8 and 9. Invalid UTF-8, a JSON body that is a bare string or number, and JSON nested
deeper than 1,000 levels gave a plain "Internal Server Error" (low). A `familyId` containing NUL
reached FalkorDB and came back as "Unexpected error.", and the refused attempt was not audited for
a worker; a CSV cell over 131,072 characters and unknown input fields or enum values in variables
also gave "Unexpected error." (low)."""

from __future__ import annotations

import pytest

from tests.security.conftest import DIJKHAVEN, FAMILY

CARD = "query($f: ID!) { familyCard(familyId: $f) { family { id } } }"
CREATE = "mutation($i: OrganisationInput!) { createOrganisation(input: $i) { __typename } }"


def _post(probe, body: bytes, token: str):
    return probe.client.post("/graphql", content=body, headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json"})


@pytest.mark.parametrize("body, words", [
    (b'{"query": "{ me { role } }\xff"}', "not UTF-8"),
    (b'"{ me { role } }"', "JSON object"),
    (b"42", "JSON object"),
    (b"[" * 5000 + b"]" * 5000, "nested deeper"),
    (b'{"query": "{ me { role } }", "variables": ' + b'{"a":' * 3000 + b"1" + b"}" * 3001, "nested deeper"),
    (b'{"query": "{ me { role } ', "not valid JSON"),
])
def test_a_malformed_body_gets_a_json_400_that_says_what_is_wrong(probe, body, words):
    response = _post(probe, body, probe.tokens["admin"])
    assert response.status_code == 400 and response.headers["content-type"] == "application/json"
    error = response.json()["errors"][0]
    assert words in error["message"] and error["extensions"]["code"] == "BAD_REQUEST"


def test_nul_and_control_characters_are_refused_at_the_door_and_audited(probe):
    worker = probe.tokens["assigned"]
    version = probe.store.graph_version()
    for variables, document, field in (
        ({"f": FAMILY + "\u0000"}, CARD, "variables.f"),
        ({}, 'query { familyCard(familyId: "gezin-lavendel\\u0000") { family { id } } }', "query"),
        ({"f": "gezin\u001b[31m"}, CARD, "variables.f"),
    ):
        response = probe.post(document, variables, worker)
        assert response.status_code == 400
        assert response.json()["errors"][0]["extensions"] == {
            "code": "INVALID_CHARACTERS", "field": field,
            "messageNl": "Er staan tekens in die hier niet mogen, zoals onzichtbare stuurtekens."}
        refused = probe.audit.events()[-1]
        assert (refused["action"], refused["professional"]) == ("denied", "prof-048")
        assert refused["what"] == f"refused input: control character in {field}"
    # tabs and line breaks stay allowed: a CSV file travels as text
    assert probe.post(CARD, {"f": FAMILY}, worker).json()["data"]["familyCard"]["family"]["id"] == FAMILY
    assert probe.store.graph_version() == version


def test_unknown_input_fields_and_enum_values_are_named_not_masked(probe):
    admin = probe.tokens["admin"]
    base = {"name": "x", "domain": "SOCIAL", "organisationType": "WELFARE"}
    unknown_field = probe.post(CREATE, {"i": {**base, "bogus": 1}}, admin).json()["errors"][0]["message"]
    assert "unknown field 'bogus'" in unknown_field
    unknown_value = probe.post(CREATE, {"i": {**base, "domain": "NOPE"}}, admin).json()["errors"][0]["message"]
    assert ".domain" in unknown_value and "'NOPE' does not exist" in unknown_value


def test_an_oversized_cell_is_a_problem_at_its_row_and_column(probe):
    content = "id,naam,domein,soort organisatie\nimp-1,Naam,Sociaal domein," + "W" * 131_073 + "\n"
    report = probe.gql("mutation($c: String!) { importFile(coalitionId: \"%s\", format: CSV, content: $c) "
                       "{ ... on ImportReport { written problems { row column message } } } }" % DIJKHAVEN,
                       {"c": content}, probe.tokens["coordinator"])["importFile"]
    assert report == {"written": False, "problems": [
        {"row": 2, "column": "soort organisatie", "message": "de cel is langer dan 32.767 tekens"}]}


def test_a_nul_that_gets_past_the_door_never_reaches_falkordb():
    """Defence in depth below the HTTP boundary: the CLI and tools call the store directly."""
    from graph_service.domain.errors import ValidationError
    from graph_service.store.falkordb_backend import params_header

    with pytest.raises(ValidationError) as refused:
        params_header({"family": "gezin-lavendel\u0000' OR 1=1"})
    assert refused.value.code == "INVALID_CHARACTERS"
    assert params_header({"text": "regel 1\nregel 2\t"}) == 'CYPHER `text`="regel 1\nregel 2\t" '
