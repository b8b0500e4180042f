"""HTTP and GraphQL hardening a client (or an attacker) would run into."""

from __future__ import annotations

import json

import pytest
from graphql import parse, validate
from strawberry.extensions.validation_cache import _get_validate_cache

from graph_service.api.query_cost import document_cost
from graph_service.api.schema import build_schema

from .conftest import make_api


@pytest.fixture
def store(embedded_store):  # every test of this module on one backend
    """HTTP and GraphQL hardening is the service's door, in front of any database: walked on the
    embedded store (the store contract and the service tests run both backends)."""
    return embedded_store


def test_no_token_or_a_revoked_one_is_401(api):
    assert api.post("{ me { role } }").status_code == 401
    assert api.post("{ me { role } }", token="cm_not-a-real-token").status_code == 401
    token = api.token("evaluator")
    assert api.gql("{ me { role } }", token=token) == {"me": {"role": "evaluator"}}
    token_id = api.store.list_tokens()[-1]["id"]
    api.store.revoke_token(token_id)
    assert api.post("{ me { role } }", token=token).status_code == 401


def test_only_post_with_json(api):
    token = api.token("admin")
    headers = {"Authorization": f"Bearer {token}"}
    assert api.client.get("/graphql?query={me{role}}", headers=headers).status_code == 405
    # what a cross-site form can send (S2): refused before anything runs
    mutation = 'mutation { createCoalition(input: {name: "Via formulier"}) { __typename } }'
    version = api.store.graph_version()
    form = api.client.post("/graphql", data={"query": mutation}, headers=headers)
    assert form.status_code == 415
    text = api.client.post("/graphql", content=json.dumps({"query": mutation}),
                           headers={**headers, "Content-Type": "text/plain"})
    multipart = api.client.post("/graphql", files={"operations": (None, json.dumps({"query": mutation}))},
                                headers=headers)
    assert text.status_code == multipart.status_code == 415
    assert api.store.graph_version() == version


def test_oversized_body_is_413(api):
    token = api.token("admin")
    big = json.dumps({"query": "{ me { role } }", "variables": {"pad": "x" * (6 * 1024 * 1024)}})
    response = api.client.post("/graphql", content=big,
                               headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    assert response.status_code == 413


def test_batched_operations_are_refused(api):
    token = api.token("admin")
    response = api.client.post("/graphql", json=[{"query": "{ me { role } }"}, {"query": "{ me { name } }"}],
                               headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 400
    assert "batching" in response.text.lower()
    assert "admin" not in response.text


def test_introspection_and_graphiql_only_in_development(store, data_dir):
    production = make_api(store, data_dir)
    token = production.token("admin")
    closed = production.post("{ __schema { types { name } } }", token=token).json()
    assert "introspection" in closed["errors"][0]["message"].lower()
    page = production.client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 405
    development = make_api(store, data_dir, dev_mode=True)
    assert development.gql("{ __schema { queryType { name } } }", token=token)["__schema"]["queryType"]["name"] == "Query"
    assert "graphiql" in development.client.get("/graphql", headers={"Accept": "text/html"}).text.lower()


def test_depth_limit(api):
    deep = "{ organisations { edges { node { ties { from { ties { from { ties { from { ties { from { ties { id } } } } } } } } } } } } }"
    errors = api.post(deep, token=api.token("admin")).json()["errors"]
    assert "exceeds maximum operation depth" in errors[0]["message"]


def test_alias_limit_counts_aliases_multiplied_by_fragment_spreads(api):
    fragment = "fragment F on Query { " + " ".join(f"a{i}: me {{ role }}" for i in range(8)) + " }"
    query = "{ ...F ...F ...F }\n" + fragment  # 8 aliases, spread 3 times: 24 > 20
    errors = api.post(query, token=api.token("admin")).json()["errors"]
    assert "aliases" in errors[0]["message"]
    small = "{ ...F }\n" + fragment
    assert "errors" not in api.post(small, token=api.token("admin")).json()


def test_a_document_sent_again_is_not_validated_again_and_its_limits_still_hold(api):
    """Clients send the same few documents over and over: each is validated once (the validation
    was two thirds of a family card read), and a refused one is refused again from memory."""
    validated = _get_validate_cache(256)
    token = api.token("admin")
    query = "query Again { me { role } }"
    api.post(query, token=token)
    misses = validated.cache_info().misses
    for _ in range(3):
        assert api.post(query, token=token).json()["data"]["me"]["role"] == "admin"
    assert validated.cache_info().misses == misses  # served from the validation cache
    deep = "{ organisations { edges { node { ties { from { ties { from { ties { from { ties { from { ties { id } } } } } } } } } } } } }"
    for _ in range(2):
        assert "exceeds maximum operation depth" in api.post(deep, token=token).json()["errors"][0]["message"]


def test_token_limit(api):
    query = "{ " + " ".join("me { role }" for _ in range(800)) + " }"
    errors = api.post(query, token=api.token("admin")).json()["errors"]
    assert "token" in errors[0]["message"].lower()


def test_internal_errors_are_masked(api, monkeypatch, caplog):
    from graph_service.services.network import NetworkService

    def explode(self, principal, coalition_id, as_of=None):
        password = "hunter" + "2"  # the stack shows this source line, never the value at run time
        raise RuntimeError(f"secret detail: connection string bolt://admin:{password}@db")

    monkeypatch.setattr(NetworkService, "overview", explode)
    body = api.post('{ coalitionOverview(coalitionId: "x") { members } }', token=api.token("admin")).json()
    assert body["errors"][0]["message"] == "Unexpected error."
    assert "hunter2" not in json.dumps(body)
    # the operator still learns what broke where, without the message (which may quote data)
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("graph_service.api"))
    assert "unexpected RuntimeError at coalitionOverview" in logged and "explode" in logged
    assert "hunter2" not in logged


def test_cors_and_trusted_hosts_are_configurable(store, data_dir):
    from starlette.testclient import TestClient

    from graph_service.api.app import create_app
    from graph_service.config import Settings

    settings = Settings(data_dir=data_dir, cors_origins=("https://kaart.dijkhaven.nl",),
                        trusted_hosts=("testserver", "kaart.dijkhaven.nl"))
    client = TestClient(create_app(store, settings))
    allowed = client.options("/graphql", headers={"Origin": "https://kaart.dijkhaven.nl",
                                                  "Access-Control-Request-Method": "POST"})
    assert allowed.headers["access-control-allow-origin"] == "https://kaart.dijkhaven.nl"
    foreign = client.post("/graphql", json={"query": "{ me { role } }"}, headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in foreign.headers
    wrong_host = client.get("/healthz", headers={"Host": "evil.example"})
    assert wrong_host.status_code == 400
    assert client.get("/healthz").status_code == 200
    plain = TestClient(create_app(store, Settings(data_dir=data_dir)))  # by default: no CORS headers at all
    assert "access-control-allow-origin" not in plain.post("/graphql", json={"query": "{ me { role } }"},
                                                          headers={"Origin": "https://evil.example"}).headers


def test_no_field_suggestions_outside_development(store, data_dir):
    from .conftest import make_api

    production, development = make_api(store, data_dir), make_api(store, data_dir, dev_mode=True)
    token = production.token("admin")
    hidden = production.post("{ organisationz { edges { node { id } } } }", token=token).json()["errors"][0]["message"]
    shown = development.post("{ organisationz { edges { node { id } } } }", token=token).json()["errors"][0]["message"]
    assert hidden == "Cannot query field 'organisationz' on type 'Query'."
    assert "Did you mean" in shown


def test_no_personal_data_reaches_the_logs(demo_api, caplog):
    """Names, dates of birth and citizen-number-like strings typed into a card, valid or not,
    never appear in any log record (S26)."""
    import logging

    caplog.set_level(logging.DEBUG)
    worker = demo_api.token("worker", professional="prof-048")
    secrets = ("Jan Jansen", "1990-02-03", "123456782")
    person = """mutation($n: String!, $r: String) { addNetworkPerson(familyId: "gezin-lavendel",
                  person: {name: $n, lifeArea: FAMILY, relationship: $r}, support: {ring: 2}) { __typename } }"""
    demo_api.gql(person, {"n": "Jan Jansen", "r": "geboren 1990-02-03, BSN 123456782"}, worker)
    demo_api.post(person, {"n": "Jan Jansen\x00", "r": "123456782"}, worker)  # refused: control character
    demo_api.post(person, {"n": 123456782}, worker)  # refused: wrong type
    demo_api.post('mutation { addFactor(familyId: "gezin-lavendel", input: {factorKind: RISK, factor: "123456782", '
                  'recordedOn: "1990-02-03"}) { __typename } }', token=worker)
    demo_api.post("{ me { role } }", token="cm_123456782")
    logged = "\n".join(r.getMessage() + str(r.args) + str(getattr(r, "exc_text", "")) for r in caplog.records)
    for secret in secrets:
        assert secret not in logged


def test_each_user_has_a_request_budget(store, data_dir):
    from starlette.testclient import TestClient

    from graph_service.api.app import create_app
    from graph_service.config import Settings
    from graph_service.services.tokens import create_token

    client = TestClient(create_app(store, Settings(data_dir=data_dir, rate_limit_per_minute=3)))
    first, second = create_token(store, "evaluator")[0], create_token(store, "evaluator")[0]

    def ask(token: str):
        return client.post("/graphql", json={"query": "{ me { role } }"}, headers={"Authorization": f"Bearer {token}"})

    assert [ask(first).status_code for _ in range(3)] == [200, 200, 200]
    limited = ask(first)
    assert limited.status_code == 429 and limited.headers["retry-after"] == "60"
    assert limited.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert ask(second).status_code == 200  # another user is not affected


def test_queries_have_a_cost_budget(api, vocabulary):
    """S9: lists multiply the cost of what is below them; a document over budget runs nothing."""
    token = api.token("admin")
    huge = api.post("{ organisations(first: 100000) { edges { node { id } } } }", token=token).json()
    assert huge["data"] is None and "would cost 300,001 (the limit is 20,000)" in huge["errors"][0]["message"]
    assert "errors" not in api.post("{ organisations(first: 50) { edges { node { id } } } }", token=token).json()
    nested = """{ organisations(first: 100) { edges { node { ties { from { ... on Organisation {
                  ties { from { id } } } } } } } } }"""
    assert "would cost" in api.post(nested, token=token).json()["errors"][0]["message"]
    # a variable page size counts as the largest page, since it is checked before it is known
    variable = "query($n: Int!) { organisations(first: $n) { edges { node { ties { from { id } } } } } }"
    assert document_cost(build_schema(vocabulary)._schema, variable) == 1 + 100 * (1 + 1 + 1 + 10 * (1 + 1))


@pytest.mark.parametrize(("document", "cost"), [
    # the coordinator's partner list, an analysis and a card: the golden costs of everyday questions
    ("{ organisations(first: 50) { edges { node { id name domain ties { kind to { id } } } } } }",
     1 + 50 * (1 + 1 + 3 + 1 + 10 * 3)),
    ('{ analysis(coalitionId: "c") { findings { rule nl tieIds } nodeMetrics(first: 20) { degree node { id } } } }',
     1 + (1 + 10 * 3) + (1 + 20 * 3)),
    ('{ familyCard(familyId: "f") { people { node { id } support { ring } } signals { key } } }',
     1 + (1 + 10 * 4) + (1 + 10 * 1)),
])
def test_golden_costs_of_everyday_questions(vocabulary, document, cost):
    schema = build_schema(vocabulary)._schema
    assert validate(schema, parse(document)) == []
    assert document_cost(schema, document) == cost


def test_only_registered_documents_run_when_a_manifest_is_configured(store, data_dir, tmp_path):
    """S11: with trusted documents on, an ad-hoc query runs nothing; a registered one runs by id
    or by its text."""
    from starlette.testclient import TestClient

    from graph_service.api.app import create_app
    from graph_service.api.trusted_documents import document_id
    from graph_service.config import Settings
    from graph_service.services.tokens import create_token

    registered = "{ me { role } }"
    manifest = tmp_path / "documents.json"
    manifest.write_text(json.dumps({document_id(registered): registered}))
    settings = Settings.from_env({"COALITION_TRUSTED_DOCUMENTS": str(manifest), "COALITION_DATA_DIR": str(data_dir),
                                  "COALITION_RATE_LIMIT": "0"})
    client = TestClient(create_app(store, settings))
    headers = {"Authorization": f"Bearer {create_token(store, 'admin')[0]}"}
    by_id = client.post("/graphql", json={"documentId": document_id(registered)}, headers=headers)
    assert by_id.status_code == 200 and by_id.json() == {"data": {"me": {"role": "admin"}}}
    apollo = {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": document_id(registered)}}}
    assert client.post("/graphql", json=apollo, headers=headers).json() == {"data": {"me": {"role": "admin"}}}
    assert client.post("/graphql", json={"query": registered}, headers=headers).status_code == 200
    version = store.graph_version()
    for body in ({"query": '{ coalitions { edges { node { id } } } }'}, {"documentId": "0" * 64},
                 {"query": 'mutation { createCoalition(input: {name: "X"}) { __typename } }'}):
        refused = client.post("/graphql", json=body, headers=headers)
        assert refused.status_code == 400 and refused.json()["errors"][0]["extensions"]["code"] == "DOCUMENT_NOT_TRUSTED"
    assert store.graph_version() == version  # nothing ran
    manifest.write_text(json.dumps({"0" * 64: registered}))
    with pytest.raises(ValueError, match="does not match its sha256"):  # the start stops where the API is built
        create_app(store, Settings.from_env({"COALITION_TRUSTED_DOCUMENTS": str(manifest),
                                             "COALITION_DATA_DIR": str(data_dir)}))
