"""The coordinator's GraphQL API: typed nodes, ties, lists, errors with field paths."""

from __future__ import annotations

ORG_FIELDS = "id name domain organisationType phases"


def create_org(api, token, name="Kraamzorg De Wieg", **extra):
    fields = {"name": name, "domain": "MEDICAL", "organisationType": "MATERNITY_CARE", **extra}
    data = api.gql(
        """mutation($input: OrganisationInput!) { createOrganisation(input: $input) {
             __typename ... on NodePayload { node { id ... on Organisation { name domain } } }
             ... on ValidationError { field code message } } }""",
        {"input": fields}, token,
    )
    return data["createOrganisation"]


def test_create_read_update_delete_an_organisation(api):
    admin = api.token("admin")
    created = create_org(api, admin, phases=["BIRTH_MATERNITY"])
    assert created["__typename"] == "NodePayload"
    org_id = created["node"]["id"]
    read = api.gql(f"{{ organisation(id: \"{org_id}\") {{ {ORG_FIELDS} }} }}", token=admin)["organisation"]
    assert read == {"id": org_id, "name": "Kraamzorg De Wieg", "domain": "MEDICAL",
                    "organisationType": "MATERNITY_CARE", "phases": ["BIRTH_MATERNITY"]}
    updated = api.gql(
        """mutation($id: ID!) { updateOrganisation(id: $id, patch: {name: "Kraamzorg De Wieg BV", phases: null}) {
             ... on NodePayload { node { ... on Organisation { name phases } } } } }""", {"id": org_id}, admin,
    )["updateOrganisation"]["node"]
    assert updated == {"name": "Kraamzorg De Wieg BV", "phases": None}
    deleted = api.gql(f"mutation {{ deleteOrganisation(id: \"{org_id}\") {{ __typename }} }}", token=admin)
    assert deleted["deleteOrganisation"]["__typename"] == "Deleted"
    assert api.gql(f"{{ organisation(id: \"{org_id}\") {{ id }} }}", token=admin)["organisation"] is None


def test_validation_errors_name_the_field_and_write_nothing(api):
    admin = api.token("admin")
    error = create_org(api, admin, name="x" * 600)
    assert error == {"__typename": "ValidationError", "field": "name", "code": "TOO_LONG",
                     "message": "is longer than 500 characters"}
    bulk = api.gql(
        """mutation($rows: JSON!) { bulkUpsert(kind: ORGANISATION, rows: $rows) {
             __typename ... on BulkPayload { written } ... on ValidationError { field code } } }""",
        {"rows": [{"id": "a", "name": "A", "domain": "social", "organisation_type": "welfare"},
                  {"id": "b", "name": "B", "domain": "astrology", "organisation_type": "welfare"}]}, admin,
    )["bulkUpsert"]
    assert bulk == {"__typename": "ValidationError", "field": "rows[1].domain", "code": "UNKNOWN_ENUM_VALUE"}
    assert api.gql("{ organisations { edges { node { id } } } }", token=admin)["organisations"]["edges"] == []


def test_unknown_enum_value_is_refused_by_the_schema_naming_it(api):
    response = api.post('mutation { createOrganisation(input: {name: "X", domain: ASTROLOGY, organisationType: OTHER}) '
                        "{ __typename } }", token=api.token("admin"))
    message = response.json()["errors"][0]["message"]
    assert "ASTROLOGY" in message and "Domain" in message


def test_link_ties_and_read_them_from_both_ends(api):
    admin = api.token("admin")
    a = create_org(api, admin, "Verloskundigen Noord", organisationType="MIDWIFE_PRACTICE")["node"]["id"]
    b = create_org(api, admin, "Wijkteam Noord", domain="SOCIAL", organisationType="NEIGHBOURHOOD_TEAM")["node"]["id"]
    linked = api.gql(
        """mutation($a: ID!, $b: ID!) { link(input: {kind: WARM_HANDOVER, from: $a, to: $b, since: "2024-01-01",
             phase: PREGNANCY, status: DONE}) { __typename ... on TiePayload { tie { id kind since phase status
             from { id } to { ... on Organisation { name } } } } } }""", {"a": a, "b": b}, admin,
    )["link"]["tie"]
    assert linked["kind"] == "WARM_HANDOVER" and linked["since"] == "2024-01-01"
    assert linked["from"] == {"id": a} and linked["to"] == {"name": "Wijkteam Noord"}
    ties = api.gql(f"{{ organisation(id: \"{b}\") {{ ties {{ kind from {{ id }} }} }} }}", token=admin)
    assert ties["organisation"]["ties"] == [{"kind": "WARM_HANDOVER", "from": {"id": a}}]
    wrong = api.gql(
        """mutation($a: ID!) { link(input: {kind: WORKS_AT, from: $a, to: $a}) {
             __typename ... on ValidationError { field code } } }""", {"a": a}, admin,
    )["link"]
    assert wrong == {"__typename": "ValidationError", "field": "from", "code": "WRONG_ENDPOINT_KIND"}
    ended = api.gql(
        """mutation($id: ID!) { updateTie(kind: WARM_HANDOVER, id: $id, patch: {until: "2024-06-01"}) {
             ... on TiePayload { tie { until } } } }""", {"id": linked["id"]}, admin,
    )["updateTie"]["tie"]
    assert ended == {"until": "2024-06-01"}
    later = api.gql(f"{{ organisation(id: \"{b}\") {{ ties(asOf: \"2024-07-01\") {{ id }} }} }}", token=admin)
    assert later["organisation"]["ties"] == []


def test_lists_filter_sort_and_page_with_cursors(demo_api):
    admin = demo_api.token("admin")
    query = """query($after: String, $filter: OrganisationFilter) { organisations(first: 25, after: $after,
                 filter: $filter) { edges { cursor node { name } } pageInfo { hasNextPage endCursor } } }"""
    names, after = [], None
    while True:
        page = demo_api.gql(query, {"after": after}, admin)["organisations"]
        names += [e["node"]["name"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(names) == 60 and names == sorted(names, key=str.lower)
    medical_in_c1 = demo_api.gql(query, {"filter": {"domain": "MEDICAL", "coalition": "kansrijk-dijkhaven"}}, admin)
    found = {e["node"]["name"] for e in medical_in_c1["organisations"]["edges"]}
    assert "Huisartsen De Haven" in found and "Verloskundigen Buurdorp" not in found
    gp = demo_api.gql(query, {"filter": {"text": "huisarts"}}, admin)["organisations"]["edges"]
    assert {e["node"]["name"] for e in gp} == {"Huisartsen De Haven", "Huisartsenpraktijk De Molen",
                                               "Huisartsenpraktijk Dijkzicht"}
    too_big = demo_api.post("{ organisations(first: 500) { edges { cursor } } }", token=admin).json()
    assert too_big["errors"][0]["extensions"] == {"code": "OUT_OF_RANGE", "field": "first",
                                                  "messageNl": "Vul een getal in van 1 tot en met 100."}


def test_enums_carry_dutch_and_english_labels(api):
    enums = api.gql("{ enums { name values { value nl en } } }", token=api.token("evaluator"))["enums"]
    domain = next(e for e in enums if e["name"] == "domain")
    assert {"value": "social", "nl": "Sociaal domein", "en": "Social domain"} in domain["values"]


def test_partners_and_coalition_overview_on_the_demo(demo_api):
    coordinator = demo_api.token("coordinator", coalitions=["kansrijk-dijkhaven"])
    partners = demo_api.gql('{ partners(organisationId: "wt-noord") { node { id } ties { kind } } }', token=coordinator)
    by_id = {p["node"]["id"]: {t["kind"] for t in p["ties"]} for p in partners["partners"]}
    assert by_id["shv-dijk"] == {"REFERS_TO"}
    assert "WARM_HANDOVER" in by_id["vp-noord"]
    overview = demo_api.gql(
        """{ coalitionOverview(coalitionId: "kansrijk-dijkhaven") { members byDomain { value nl count }
             byLevel { value count } interventionsByPhase { value count } tiesBetweenDomains { a b count } } }""",
        token=coordinator,
    )["coalitionOverview"]
    by_domain = {d["value"]: d["count"] for d in overview["byDomain"]}
    assert by_domain == {"medical": 16, "public_health": 4, "social": 18, "informal": 14, "policy": 4}
    assert {d["value"]: d["count"] for d in overview["interventionsByPhase"]}["preconception"] == 3
    assert any(t["a"] == "MEDICAL" and t["b"] == "SOCIAL" and t["count"] > 0 for t in overview["tiesBetweenDomains"])
    before = demo_api.gql('{ coalitionOverview(coalitionId: "kansrijk-dijkhaven", asOf: "2019-10-01") { members } }',
                          token=coordinator)["coalitionOverview"]
    assert before["members"] < overview["members"]


def test_analysis_lists_findings_by_priority_with_at_most_five_top_actions(demo_api):
    coordinator = demo_api.token("coordinator", coalitions=["kansrijk-dijkhaven"])
    data = demo_api.gql("""{ analysis(coalitionId: "kansrijk-dijkhaven") { findings { rule severity priority }
        topActions { nl becauseNl } } }""", token=coordinator)["analysis"]
    priorities = [f["priority"] for f in data["findings"]]
    assert priorities == sorted(priorities, reverse=True) and len(set(priorities)) > 1
    assert data["findings"][0]["severity"] == "high" and data["findings"][-1]["severity"] == "low"
    assert 1 <= len(data["topActions"]) <= 5 and data["topActions"][0]["nl"].endswith(".")


def test_analysis_findings_resolve_to_nodes(demo_api):
    evaluator = demo_api.token("evaluator")
    data = demo_api.gql("""{ analysis(coalitionId: "kansrijk-dijkhaven") { partners metrics { id nl approximate }
        domainMatrix { a b observed expected } nodeMetrics(first: 3) { betweenness node { id } }
        findings { rule severity nl evidence { id ... on Community { name } } tieIds
                   suggestedTies { from { id } to { id } reasonNl } } } }""", token=evaluator)["analysis"]
    assert data["partners"] > 50
    readings = demo_api.gql('{ analysis(coalitionId: "kansrijk-dijkhaven") { nodeMeasureReadings { value nl } } }',
                            token=evaluator)["analysis"]["nodeMeasureReadings"]
    assert {r["value"] for r in readings} >= {"betweenness", "constraint", "brokerage"}
    assert {m["id"] for m in data["metrics"]} >= {"density", "ei_index", "communities"}
    unreached = [f for f in data["findings"] if f["rule"] == "unreached_community"]
    assert {"id": "com-pools", "name": "Poolse arbeidsmigranten"} in [e for f in unreached for e in f["evidence"]]
    assert data["nodeMetrics"][0]["betweenness"] >= data["nodeMetrics"][1]["betweenness"]
    weak = next(f for f in data["findings"] if f["rule"] == "weak_cross_domain_ties" and f["severity"] == "high")
    assert weak["suggestedTies"][0]["from"]["id"] and weak["suggestedTies"][0]["reasonNl"]
    assert demo_api.gql('{ analysis(coalitionId: "nergens") { partners } }', token=evaluator) == {"analysis": None}


def test_compare_side_by_side_region_and_family_aggregates(demo_api):
    evaluator = demo_api.token("evaluator")
    compared = demo_api.gql("""{ compare(coalitionId: "kansrijk-dijkhaven", from: "2022-01-01", to: "2023-01-01") {
        from to tiesRemoved { kind from { id } } figures { name from to change } } }""", token=evaluator)["compare"]
    assert {"kind": "COLLABORATES_WITH", "from": {"id": "vp-zuid"}} in compared["tiesRemoved"]
    assert any(f["name"] == "bridging_index" for f in compared["figures"])
    backwards = demo_api.post('{ compare(coalitionId: "kansrijk-dijkhaven", from: "2023-01-01", to: "2022-01-01") '
                              "{ to } }", token=evaluator).json()
    assert backwards["errors"][0]["extensions"] == {"code": "INVALID_PERIOD", "field": "from",
                                                    "messageNl": "De einddatum moet na de begindatum liggen."}
    rows = demo_api.gql("""{ coalitionsSideBySide(coalitionIds: ["kansrijk-dijkhaven", "kansrijk-buurdorp"]) {
        coalitionId bridgingIndex eiIndex partners } }""", token=evaluator)["coalitionsSideBySide"]
    assert [r["coalitionId"] for r in rows] == ["kansrijk-dijkhaven", "kansrijk-buurdorp"]
    region = demo_api.gql('{ regionAnalysis(coalitionIds: ["kansrijk-dijkhaven", "kansrijk-buurdorp"]) { partners } }',
                          token=evaluator)["regionAnalysis"]
    assert region["partners"] > rows[0]["partners"]
    aggregates = demo_api.gql('{ familyAggregates(coalitionId: "kansrijk-dijkhaven") { families suppressed '
                              "withCoordinator { count suppressed } } }", token=evaluator)["familyAggregates"]
    assert aggregates == {"families": None, "suppressed": True, "withCoordinator": {"count": None, "suppressed": True}}
    worker = demo_api.token("worker", professional="prof-001")
    denied = demo_api.post('{ familyAggregates(coalitionId: "kansrijk-dijkhaven") { families } }', token=worker).json()
    assert denied["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
