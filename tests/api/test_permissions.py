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


def test_families_are_not_part_of_the_generic_network_api(demo_api):
    """Families are read only through the audited card API: the generic API hides them from every
    role, admins included, and no tie of a card shows on a professional."""
    admin = demo_api.token("admin")
    coordinator_a = demo_api.token("coordinator", coalitions=[A])
    worker = demo_api.token("worker", professional="prof-048")  # assigned to the demo family Lavendel
    for token in (admin, coordinator_a, worker):
        assert demo_api.gql('{ node(id: "gezin-lavendel") { id } }', token=token) == {"node": None}
        ties = demo_api.gql('{ professional(id: "prof-048") { ties { kind } } }', token=token)
        assert not {"ASSIGNED_TO", "SUPPORTS", "COORDINATES"} & {t["kind"] for t in ties["professional"]["ties"]}
        listed = demo_api.post("{ organisations(first: 1) { edges { node { id } } } }", token=token).json()
        assert "errors" not in listed
    sdl = demo_api.client.app.state.schema.as_str()
    assert "families(" not in sdl and "createFamily(" not in sdl and "updateFamily(" not in sdl
    link = """mutation { link(input: {kind: SUPPORTS, from: "prof-001", to: "gezin-lavendel"}) {
                __typename } }"""
    assert demo_api.gql(link, token=admin)["link"] == {"__typename": "PermissionDenied"}


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


def test_evaluators_meet_people_only_under_pseudonyms(demo_api):
    evaluator = demo_api.token("evaluator")
    assert demo_api.gql('{ professional(id: "prof-048") { id } }', token=evaluator) == {"professional": None}
    ties = demo_api.gql('{ organisation(id: "wt-noord") { ties(kinds: [WORKS_AT]) { from { id } } } }',
                        token=evaluator)["organisation"]["ties"]
    staff = sorted(t["from"]["id"] for t in ties)
    assert staff and all(s.startswith("ps-") for s in staff)
    person = demo_api.gql('query($id: ID!) { professional(id: $id) { id name role domain } }', {"id": staff[0]},
                          evaluator)["professional"]
    assert person["id"] == staff[0] and person["name"].startswith("Professional ") and person["role"] is None
    assert person["domain"] == "SOCIAL"
    listing = demo_api.post('{ professionals(filter: {text: "Yilmaz"}) { edges { node { id } } } }', token=evaluator)
    assert listing.json()["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    page = demo_api.client.get(f"/maps/coalition/{A}", headers={"Authorization": f"Bearer {evaluator}"})
    assert page.status_code == 200 and "ps-" in page.text
    names = [n["name"] for n in demo_api.store.get_nodes(demo_api.store.ids_of_kind("professional")).values()]
    assert not [n for n in names if n in page.text]
    # an admin still works with names and real ids
    admin = demo_api.token("admin")
    assert demo_api.gql('{ professional(id: "prof-048") { id } }', token=admin) == {"professional": {"id": "prof-048"}}
