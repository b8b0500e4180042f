"""Item 12 (design): reads across coalitions. Buurdorp's coordinator and an unassigned worker
received Dijkhaven's full overview, export and map, with every professional's real name.

Decided (and documented in the README): a coordinator reads her own coalitions in full and every
other coalition as organisations only (its people do not exist for her, and she may not export
it); a worker reads the coalitions she works in through her organisation, and nothing else;
admins and evaluators (people under pseudonyms) read every coalition."""

from __future__ import annotations

from tests.security.conftest import BUURDORP, DIJKHAVEN

PROFESSIONAL_NAMES = ("Bram Jansen", "Ilse Hendriks", "Ahmed Meijer")  # staff of Dijkhaven-only partners
OVERVIEW = "query($c: ID!) { coalitionOverview(coalitionId: $c) { members } }"
ANALYSIS = "query($c: ID!) { analysis(coalitionId: $c) { partners findings { nl } } }"
PEOPLE = "query($c: ID!) { professionals(filter: {coalition: $c}, first: 100) { edges { node { id name } } } }"


def test_another_coalitions_coordinator_reads_its_organisations_and_none_of_its_people(probe):
    token = probe.tokens["coordinator_b"]
    assert probe.gql(OVERVIEW, {"c": DIJKHAVEN}, token)["coalitionOverview"]["members"] > 50
    page = probe.client.get(f"/maps/coalition/{DIJKHAVEN}", headers={"Authorization": f"Bearer {token}"})
    assert page.status_code == 200 and "Verloskundigenpraktijk Noord" in page.text
    assert not [name for name in PROFESSIONAL_NAMES if name in page.text]
    listed = [e["node"] for e in probe.gql(PEOPLE, {"c": DIJKHAVEN}, token)["professionals"]["edges"]]
    scopes = probe.store.coalitions_of([p["id"] for p in listed])
    assert all(BUURDORP in scopes[p["id"]][1] for p in listed), "a professional only of Dijkhaven was listed"
    assert probe.gql('{ professional(id: "prof-048") { name } }', token=token)["professional"] is None
    export = probe.post(f'{{ exportCoalition(coalitionId: "{DIJKHAVEN}", format: CSV) {{ name }} }}', token=token).json()
    assert export["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    analysis = probe.gql(ANALYSIS, {"c": DIJKHAVEN}, token)["analysis"]
    assert not [name for name in PROFESSIONAL_NAMES if name in str(analysis)]


def test_her_own_coalition_she_reads_in_full(probe):
    token = probe.tokens["coordinator"]
    names = {e["node"]["name"] for e in probe.gql(PEOPLE, {"c": DIJKHAVEN}, token)["professionals"]["edges"]}
    assert set(PROFESSIONAL_NAMES) <= names
    assert probe.gql(f'{{ exportCoalition(coalitionId: "{DIJKHAVEN}", format: CSV) {{ name }} }}',
                     token=token)["exportCoalition"]


def test_workers_read_the_coalitions_they_work_in_and_nothing_else(probe):
    for worker, reads, not_reads in (("worker_b", BUURDORP, DIJKHAVEN), ("assigned", DIJKHAVEN, BUURDORP)):
        token = probe.tokens[worker]
        assert probe.gql(OVERVIEW, {"c": reads}, token)["coalitionOverview"]["members"] > 0
        assert probe.gql(OVERVIEW, {"c": not_reads}, token)["coalitionOverview"] is None
        assert probe.gql(ANALYSIS, {"c": not_reads}, token)["analysis"] is None
    nowhere = probe.tokens["worker_nowhere"]
    for coalition in (DIJKHAVEN, BUURDORP):
        assert probe.gql(OVERVIEW, {"c": coalition}, nowhere)["coalitionOverview"] is None
        assert probe.gql(PEOPLE, {"c": coalition}, nowhere)["professionals"]["edges"] == []
    assert probe.gql('{ node(id: "wt-noord") { id } }', token=nowhere)["node"] is None
    page = probe.client.get(f"/maps/coalition/{DIJKHAVEN}", headers={"Authorization": f"Bearer {nowhere}"})
    assert page.status_code == 404
