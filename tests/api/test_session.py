"""A coordinator's whole session against a running server over HTTP, as a script would do it."""

from __future__ import annotations

import io

import httpx
import networkx as nx
import pytest

from ..cli_helpers import run_cli, start_service
from ..conftest import free_port


@pytest.fixture
def server(data_dir):
    running = start_service(data_dir, free_port())
    yield running
    running.stop()


def token(data_dir, *args: str) -> str:
    created = run_cli("token", "create", "--data-dir", str(data_dir), *args)
    assert created.returncode == 0, created.stderr
    return created.stdout.strip().splitlines()[-1]


def test_coordinator_session(server, data_dir):
    def gql(query: str, variables: dict | None = None, bearer: str = "") -> dict:
        response = httpx.post(f"{server.base_url}/graphql", json={"query": query, "variables": variables or {}},
                              headers={"Authorization": f"Bearer {bearer}"}, timeout=30)
        assert response.status_code == 200, response.text
        body = response.json()
        assert "errors" not in body, body
        return body["data"]

    admin = token(data_dir, "--role", "admin")
    created = gql('mutation { createCoalition(input: {id: "ks-sessie", name: "Kansrijke Start Sessiestad"}) '
                  "{ __typename } }", bearer=admin)
    assert created["createCoalition"]["__typename"] == "NodePayload"
    coordinator = token(data_dir, "--role", "coordinator", "--coalition", "ks-sessie")

    domains = [("MEDICAL", "MIDWIFE_PRACTICE"), ("PUBLIC_HEALTH", "YOUTH_HEALTH_CARE"),
               ("SOCIAL", "NEIGHBOURHOOD_TEAM"), ("INFORMAL", "VOLUNTEER_ORGANISATION"), ("POLICY", "MUNICIPALITY")]
    for i in range(20):
        domain, org_type = domains[i % 5]
        made = gql("""mutation($input: OrganisationInput!) { createOrganisation(input: $input) { __typename } }""",
                   {"input": {"id": f"p{i:02d}", "name": f"Partner {i:02d}", "domain": domain,
                              "organisationType": org_type}}, coordinator)
        assert made["createOrganisation"]["__typename"] == "NodePayload"
        joined = gql('mutation($id: ID!) { joinCoalition(memberId: $id, coalitionId: "ks-sessie", level: PRACTICE, '
                     'since: "2024-01-01") { __typename } }', {"id": f"p{i:02d}"}, coordinator)
        assert joined["joinCoalition"]["__typename"] == "TiePayload"
    for i in range(20):
        linked = gql("""mutation($a: ID!, $b: ID!) { link(input: {kind: COLLABORATES_WITH, from: $a, to: $b,
                        since: "2024-02-01", intensity: COOPERATION}) { __typename } }""",
                     {"a": f"p{i:02d}", "b": f"p{(i + 1) % 20:02d}"}, coordinator)
        assert linked["link"]["__typename"] == "TiePayload"

    overview = gql('{ coalitionOverview(coalitionId: "ks-sessie") { members byDomain { value count } '
                   "tiesBetweenDomains { a b count } } }", bearer=coordinator)["coalitionOverview"]
    assert overview["members"] == 20
    assert {d["value"]: d["count"] for d in overview["byDomain"]} == {
        "medical": 4, "public_health": 4, "social": 4, "informal": 4, "policy": 4}
    assert sum(t["count"] for t in overview["tiesBetweenDomains"]) == 20

    seen, after = [], None
    while True:
        page = gql("""query($after: String) { organisations(first: 7, after: $after,
                        filter: {coalition: "ks-sessie"}) { edges { node { id } }
                        pageInfo { hasNextPage endCursor } } }""", {"after": after}, coordinator)["organisations"]
        seen += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [f"p{i:02d}" for i in range(20)]

    [gexf] = gql('{ exportCoalition(coalitionId: "ks-sessie", format: GEXF) { name content } }',
                 bearer=coordinator)["exportCoalition"]
    graph = nx.read_gexf(io.BytesIO(gexf["content"].encode()))
    assert graph.number_of_nodes() == 21 and graph.number_of_edges() == 40

    csv_text = ("id,naam,domein,soort organisatie,fasen,niveau,gemeente,regionaal,ervaringsdeskundig,omschrijving\n"
                "n1,Goede Rij,Sociaal domein,Welzijnsorganisatie,,,,,,\n"
                "n2,,Sociaal domein,Welzijnsorganisatie,,,,,,\n"
                "n3,Foute Rij,Sterrenkunde,Welzijnsorganisatie,,,,,,\n"
                "n4,Nog Een,Sociaal domein,Welzijnsorganisatie,Altijd,,,,,\n")
    report = gql("""mutation($content: String!) { importFile(coalitionId: "ks-sessie", format: CSV, content: $content)
                    { __typename ... on ImportReport { rows written problems { row column message } } } }""",
                 {"content": csv_text}, coordinator)["importFile"]
    assert report["written"] is False and report["rows"] == 4
    assert [(p["row"], p["column"]) for p in report["problems"]] == [(3, "naam"), (4, "domein"), (5, "fasen")]
    after_import = gql('{ organisations(filter: {text: "goede rij"}) { edges { node { id } } } }', bearer=coordinator)
    assert after_import["organisations"]["edges"] == []
