"""Who may read and change what: coordinators stay inside their coalitions, families stay private."""

from __future__ import annotations

UPDATE = """mutation($id: ID!, $name: String) { updateOrganisation(id: $id, patch: {name: $name}) {
              __typename ... on PermissionDenied { message } ... on NotFound { field } } }"""
A, B = "kansrijk-dijkhaven", "kansrijk-buurdorp"


def test_coordinator_of_a_cannot_change_b_but_changes_a(demo_api):
    coordinator_a = demo_api.token("coordinator", coalitions=[A])
    denied = demo_api.gql(UPDATE, {"id": "wt-buur", "name": "Overgenomen"}, coordinator_a)["updateOrganisation"]
    assert denied["__typename"] == "PermissionDenied"
    assert demo_api.store.get_node("wt-buur")["name"] == "Sociaal Team Buurdorp"
    allowed = demo_api.gql(UPDATE, {"id": "wt-noord", "name": "Sociaal Wijkteam Dijkhaven-Noord"}, coordinator_a)
    assert allowed["updateOrganisation"]["__typename"] == "NodePayload"
    joined = demo_api.gql(
        'mutation { joinCoalition(memberId: "homestart", coalitionId: "kansrijk-buurdorp", level: PRACTICE) { __typename } }',
        token=coordinator_a)
    assert joined["joinCoalition"]["__typename"] == "PermissionDenied"


def test_coordinator_reads_a_shared_regional_organisation(demo_api):
    coordinator_a = demo_api.token("coordinator", coalitions=[A])
    coordinator_b = demo_api.token("coordinator", coalitions=[B])
    for token in (coordinator_a, coordinator_b):
        org = demo_api.gql('{ organisation(id: "zkh-rivier") { ... on Organisation { name regional } } }', token=token)
        assert org["organisation"] == {"name": "Ziekenhuis Rivierenland (integrale gezinspoli)", "regional": True}


def test_coordinator_cannot_see_families_of_any_coalition(demo_api):
    store = demo_api.store
    store.create_node("family", {"id": "fam-b", "label": "Gezin Zonnebloem"})
    store.link("belongs_to", "fam-b", B, {"since": "2024-01-01"})
    assignment = store.link("assigned_to", "prof-001", "fam-b", {"since": "2024-01-01"})
    tie_query = f'{{ tie(kind: ASSIGNED_TO, id: "{assignment["id"]}") {{ id }} }}'
    assert demo_api.gql(tie_query, token=demo_api.token("admin")) == {"tie": {"id": assignment["id"]}}
    coordinator_b = demo_api.token("coordinator", coalitions=[B])
    coordinator_a = demo_api.token("coordinator", coalitions=[A])
    for token in (coordinator_a, coordinator_b):
        assert demo_api.gql('{ family(id: "fam-b") { label } node(id: "fam-b") { id } }', token=token) == \
            {"family": None, "node": None}
        listed = demo_api.post("{ families { edges { node { id } } } }", token=token).json()
        assert listed["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
        assert demo_api.gql(tie_query, token=token) == {"tie": None}
        ties = demo_api.gql('{ professional(id: "prof-001") { ties { kind } } }', token=token)
        assert "ASSIGNED_TO" not in {t["kind"] for t in ties["professional"]["ties"]}
    worker = demo_api.token("worker", professional="prof-001")
    assert demo_api.gql('{ family(id: "fam-b") { label } }', token=worker) == {"family": {"label": "Gezin Zonnebloem"}}
    other_worker = demo_api.token("worker", professional="prof-002")
    assert demo_api.gql('{ family(id: "fam-b") { label } }', token=other_worker) == {"family": None}


def test_unknown_and_invisible_ids_answer_the_same(demo_api):
    demo_api.store.create_node("family", {"id": "fam-x", "label": "Gezin X"})
    coordinator_a = demo_api.token("coordinator", coalitions=[A])
    query = """mutation($id: ID!) { updateFamily(id: $id, patch: {label: "Y"}) {
                 __typename ... on NotFound { message field } } }"""
    hidden = demo_api.gql(query, {"id": "fam-x"}, coordinator_a)["updateFamily"]
    missing = demo_api.gql(query, {"id": "fam-nope"}, coordinator_a)["updateFamily"]
    assert hidden["__typename"] == missing["__typename"] == "NotFound"
    assert hidden["field"] == missing["field"] == "id"


def test_workers_and_evaluators_read_but_do_not_change_the_network(demo_api):
    for token in (demo_api.token("worker", professional="prof-001"), demo_api.token("evaluator")):
        assert demo_api.gql('{ organisation(id: "wt-noord") { id } }', token=token)["organisation"] == {"id": "wt-noord"}
        result = demo_api.gql(UPDATE, {"id": "wt-noord", "name": "x"}, token)["updateOrganisation"]
        assert result["__typename"] == "PermissionDenied"


def test_only_admins_create_coalitions(demo_api):
    coordinator_a = demo_api.token("coordinator", coalitions=[A])
    query = 'mutation { createCoalition(input: {name: "Nieuwe coalitie"}) { __typename } }'
    assert demo_api.gql(query, token=coordinator_a)["createCoalition"]["__typename"] == "PermissionDenied"
    assert demo_api.gql(query, token=demo_api.token("admin"))["createCoalition"]["__typename"] == "NodePayload"


def test_coordinator_invites_a_new_partner_into_her_coalition(demo_api):
    coordinator_a = demo_api.token("coordinator", coalitions=[A])
    created = demo_api.gql(
        'mutation { createOrganisation(input: {id: "nieuw", name: "Nieuwe partner", domain: SOCIAL, '
        'organisationType: WELFARE}) { __typename } }', token=coordinator_a)
    assert created["createOrganisation"]["__typename"] == "NodePayload"
    joined = demo_api.gql(
        'mutation { joinCoalition(memberId: "nieuw", coalitionId: "kansrijk-dijkhaven", level: PRACTICE) '
        '{ __typename ... on TiePayload { tie { to { id } } } } }', token=coordinator_a)
    assert joined["joinCoalition"]["tie"]["to"] == {"id": A}
