"""The family card over GraphQL and as a page: what it says, and the audit trail (who may reach it:
test_operation_matrix.py)."""

from __future__ import annotations

import json

import pytest

FAMILY = "gezin-lavendel"  # demo family; prof-048 (neighbourhood team) is assigned to it
MISSING = "gezin-bestaat-niet"


def answer(api, template: str, family: str, token: str) -> dict:
    """The whole response body, with the family id masked so two answers can be compared."""
    response = api.post(template, {"f": family}, token)
    assert response.status_code == 200, response.text
    return json.loads(response.text.replace(family, "<family>"))


@pytest.fixture
def tokens(demo_api):
    return {
        "assigned worker": demo_api.token("worker", professional="prof-048"),
        "other worker": demo_api.token("worker", professional="prof-001"),
        "coordinator": demo_api.token("coordinator", coalitions=["kansrijk-dijkhaven"]),
        "evaluator": demo_api.token("evaluator"),
        "admin": demo_api.token("admin"),
    }


def test_creating_a_card_and_the_case_list(demo_api, tokens):
    create = """mutation($c: ID!) { createFamilyCard(coalitionId: $c, family: {label: "Gezin Nieuw", stage: PREGNANT,
                  pregnancyWeek: 10}) { ... on CardPayload { card { family { id label } assigned signals { key } } }
                  ... on PermissionDenied { __typename } } }"""
    made = demo_api.gql(create, {"c": "kansrijk-dijkhaven"}, tokens["assigned worker"])["createFamilyCard"]
    assert made["card"]["assigned"] == ["prof-048"] and "G14:stage.pregnant" in {s["key"] for s in made["card"]["signals"]}
    for role in ("coordinator", "evaluator"):  # their schema has no family cards at all
        refused = demo_api.post(create, {"c": "kansrijk-dijkhaven"}, tokens[role]).json()
        assert refused["data"] is None and "Cannot query field 'createFamilyCard'" in refused["errors"][0]["message"]
    cases = demo_api.gql("{ myFamilies { id label } }", token=tokens["assigned worker"])["myFamilies"]
    assert {c["label"] for c in cases} == {"Gezin Lavendel", "Gezin Nieuw"}
    assert demo_api.gql("{ myFamilies { id } }", token=tokens["other worker"]) == {"myFamilies": []}


def test_the_card_reads_with_people_coordinator_and_signals_in_both_languages(demo_api, tokens):
    query = """{ familyCard(familyId: "gezin-lavendel") {
        family { label stage childAgeMonths } coordinatorId
        people { node { id ... on NetworkPerson { name lifeArea } } support { ring emotional knowsSituation }
                 domain informal isCoordinator }
        members { ... on FamilyMember { label role } }
        versions { ... on CardVersion { version reviewedOn reason } }
        ties { kind status family } } }"""
    card = demo_api.gql(query, token=tokens["assigned worker"])["familyCard"]
    assert card["family"] == {"label": "Gezin Lavendel", "stage": "CHILD_0_2", "childAgeMonths": 3}
    people = {p["node"]["id"]: p for p in card["people"]}
    assert people["lv-ans"]["node"] == {"id": "lv-ans", "name": "Juf Ans", "lifeArea": "NEIGHBOURS"}
    assert people["lv-ans"]["support"] == {"ring": 1, "emotional": 2, "knowsSituation": "KNOWS_MOST"}
    assert people["prof-048"]["isCoordinator"] and people["prof-048"]["domain"] == "SOCIAL"
    assert [v["version"] for v in card["versions"]] == [1, 2]
    assert {(t["kind"], t["status"]) for t in card["ties"]} == {("HANDS_OVER", "DONE")}
    before = demo_api.gql('{ familyCardVersion(familyId: "gezin-lavendel", version: 1) { signals { rule nameNl en '
                          'evidence } } }', token=tokens["assigned worker"])["familyCardVersion"]["signals"]
    g01 = next(s for s in before if s["rule"] == "G01")
    assert g01["nameNl"] == "Geen emotionele steun" and "own network" in g01["en"]


def test_bad_input_over_the_api_names_the_field(demo_api, tokens):
    bad = """mutation { addNetworkPerson(familyId: "gezin-lavendel", person: {name: "Oom", lifeArea: FAMILY},
                support: {ring: 4}) { ... on ValidationError { field code messageNl } } }"""
    # the code for programs, the Dutch text for the card the parents look at
    assert demo_api.gql(bad, token=tokens["assigned worker"])["addNetworkPerson"] == \
        {"field": "support.ring", "code": "OUT_OF_RANGE", "messageNl": "Vul een getal in van hoogstens 3."}
    second = """mutation { setCoordinator(familyId: "gezin-lavendel", personId: "prof-037") {
                  ... on ValidationError { field code messageNl } } }"""
    assert demo_api.gql(second, token=tokens["assigned worker"])["setCoordinator"] == \
        {"field": "personId", "code": "SECOND_COORDINATOR",
         "messageNl": "Dit gezin heeft al een regisseur. Stop eerst met de huidige regisseur."}


def test_api_reads_and_changes_are_in_the_audit_log(demo_api, tokens):
    start = len(demo_api.audit.events())
    response = demo_api.client.post("/graphql", json={"query": '{ familyCard(familyId: "gezin-lavendel") { family { id } } }'},
                                    headers={"Authorization": f"Bearer {tokens['assigned worker']}",
                                             "X-On-Behalf-Of": "prof-036"})
    assert response.json()["data"]["familyCard"] == {"family": {"id": "gezin-lavendel"}}
    demo_api.gql('{ familyCard(familyId: "gezin-lavendel") { family { id } } }', token=tokens["other worker"])
    demo_api.gql('mutation { saveCardVersion(familyId: "gezin-lavendel", reason: AD_HOC) { __typename } }',
                 token=tokens["admin"])
    events = demo_api.audit.events(family="gezin-lavendel")
    recent = [(e["action"], e["role"], e["professional"]) for e in demo_api.audit.events()[start:]]
    assert recent == [("read", "worker", "prof-048"), ("denied", "worker", "prof-001"), ("change", "admin", None)]
    assert all({"at", "actor", "role", "on_behalf_of", "family", "what", "emergency"} <= e.keys() for e in events)
    assert demo_api.audit.events()[start]["on_behalf_of"] == "prof-036"


def test_the_card_page_is_authorised_self_contained_and_strict(demo_api, tokens):
    url = "/families/gezin-lavendel/card"
    page = demo_api.client.get(url, headers={"Authorization": f"Bearer {tokens['assigned worker']}"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert page.headers["cache-control"] == "no-store"
    assert "Netwerkkaart: Gezin Lavendel" in page.text and "Juf Ans" in page.text
    assert "http://" not in page.text.split("<script>")[0] and 'src="http' not in page.text
    english = demo_api.client.get(url + "?lang=en", headers={"Authorization": f"Bearer {tokens['admin']}"})
    assert "Network card: Gezin Lavendel" in english.text
    anonymous = demo_api.client.get(url, follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/signin?next=")
    bad = demo_api.client.get(url, headers={"Authorization": "Bearer cm_not-a-token"})
    assert bad.status_code == 401
    other = demo_api.client.get(url, headers={"Authorization": f"Bearer {tokens['other worker']}"})
    missing = demo_api.client.get("/families/gezin-nee/card", headers={"Authorization": f"Bearer {tokens['other worker']}"})
    assert other.status_code == missing.status_code == 404 and other.text == missing.text


def test_erasing_a_family_over_the_api(demo_api, tokens):
    erase = 'mutation($f: ID!) { eraseFamily(familyId: $f) { __typename ... on Erased { familyId } ' \
            '... on NotFound { message field } } }'
    for role in ("other worker", "coordinator", "evaluator"):
        assert answer(demo_api, erase, FAMILY, tokens[role]) == answer(demo_api, erase, MISSING, tokens[role])
    done = demo_api.gql(erase, {"f": FAMILY}, tokens["assigned worker"])["eraseFamily"]
    assert done == {"__typename": "Erased", "familyId": FAMILY}
    assert demo_api.gql('{ familyCard(familyId: "gezin-lavendel") { family { id } } }', token=tokens["admin"]) == \
        {"familyCard": None}
    page = demo_api.client.get(f"/families/{FAMILY}/card", headers={"Authorization": f"Bearer {tokens['admin']}"})
    assert page.status_code == 404  # a map rendered before is not kept anywhere: it cannot come back


def test_the_audit_log_over_the_api_is_for_admins_only(demo_api, tokens):
    query = '{ auditEvents(familyId: "gezin-lavendel") { seq action role familyId what emergency } }'
    events = demo_api.gql(query, token=tokens["admin"])["auditEvents"]
    assert events and {e["familyId"] for e in events} == {FAMILY} and events[0]["action"] == "create"
    denied = demo_api.post(query, token=tokens["assigned worker"]).json()
    assert denied["data"] is None and denied["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    assert demo_api.audit.events()[-1]["action"] == "read-audit"


def test_emergency_access_over_the_api(demo_api, tokens):
    gp = demo_api.token("worker", professional="prof-013")
    ask = """mutation($f: ID!, $r: String!) { requestEmergencyAccess(familyId: $f, reason: $r, minutes: 15) {
               __typename ... on EmergencyPayload { grant { ... on EmergencyGrant { professional expiresAt } } }
               ... on ValidationError { field } ... on NotFound { field } } }"""
    short = demo_api.gql(ask, {"f": FAMILY, "r": "nood"}, gp)["requestEmergencyAccess"]
    assert short == {"__typename": "ValidationError", "field": "reason"}
    granted = demo_api.gql(ask, {"f": FAMILY, "r": "Moeder op de SEH, niemand bereikbaar"}, gp)["requestEmergencyAccess"]
    assert granted["grant"]["professional"] == "prof-013"
    card = demo_api.gql('{ familyCard(familyId: "gezin-lavendel") { family { id } } }', token=gp)["familyCard"]
    assert card == {"family": {"id": FAMILY}}
    assert demo_api.audit.events()[-1]["emergency"] is True
    review = demo_api.gql("{ emergencyGrants { ... on EmergencyGrant { professional reason } } }", token=tokens["admin"])
    assert review["emergencyGrants"] == [{"professional": "prof-013", "reason": "Moeder op de SEH, niemand bereikbaar"}]
