"""The permission matrix (S14, S15, S18): every GraphQL operation, for every role, against an own
object, another one and one that does not exist.

"Own" is what the role is responsible for: the coordinator's coalition and its partners, the
family the worker is assigned to. "Other" is the same kind of thing elsewhere: the other
coalition, a family assigned to someone else. Outcomes:

- ok: the operation reached the object (its answer, or a domain error about something inside it);
- none: null, an empty list or NotFound on the object itself, the answer for an unknown id;
- denied: PermissionDenied;
- absent: the role's schema has no such field (S16).

For family data the "other" answer must be byte-identical to the "missing" one, wherever the role
may not reach the other family. The network is read per coalition: a coordinator reads the other
coalition as organisations only (its people do not exist for her, and she may not export it), a
worker and a privacy officer read only their own coalition; admins and evaluators read every one.
A test at the end fails when an operation is added to the schema without a row here.
"""

from __future__ import annotations

import json
import re
import shutil
import uuid
from dataclasses import dataclass, field

import pytest

from graph_service.api.schema import build_schema
from graph_service.services.demo import load_demo
from graph_service.store.graph_store import GraphStore
from tests.api.conftest import make_api
from tests.conftest import falkor_backend, short_tmpdir
from graph_service.services.family_cards import FamilyCardService
from graph_service.services.principal import SYSTEM, Principal, Role

A, B = "kansrijk-dijkhaven", "kansrijk-buurdorp"
FAMILY, OTHER_FAMILY = "gezin-lavendel", "gezin-klaproos"  # prof-048 is assigned to Lavendel only
MISSING = "bestaat-niet"
ROLES = ("admin", "coordinator", "worker", "evaluator", "privacy_officer")
RESULT = "__typename ... on NotFound { message field } ... on PermissionDenied { message } " \
         "... on ValidationError { field code } ... on Conflict { field code }"


@dataclass(frozen=True)
class Op:
    name: str
    document: str
    #: variables for the own, the other and the missing object
    own: dict
    other: dict
    missing: dict
    #: role -> outcomes for (own, other, missing)
    expect: dict[str, str]
    #: the argument naming the object: a NotFound about it means "not reached"
    obj: str = "id"
    family: bool = False
    changes: bool = field(default=False)


def same(outcomes: str) -> dict[str, str]:
    return dict.fromkeys(ROLES, outcomes)


def by_role(admin: str, coordinator: str, worker: str, evaluator: str, privacy_officer: str) -> dict[str, str]:
    return {"admin": admin, "coordinator": coordinator, "worker": worker, "evaluator": evaluator,
            "privacy_officer": privacy_officer}


def ids(own: str, other: str, missing: str = MISSING, var: str = "id") -> dict:
    return {"own": {var: own}, "other": {var: other}, "missing": {var: missing}}


#: the other coalition: organisations for its neighbour's coordinator, nothing for a worker or privacy officer
READ = by_role("ok ok none", "ok ok none", "ok none none", "ok ok none", "ok none none")
#: people of the other coalition exist for nobody but admins; evaluators know people by pseudonym only
READ_PERSON = by_role("ok ok none", "ok none none", "ok none none", "none none none", "ok none none")
#: what only a reader of the whole coalition gets: a coordinator of another coalition is refused
READ_FULL = {**READ, "coordinator": "ok denied none"}
CHANGE = by_role("ok ok none", "ok denied none", "denied denied denied", "denied denied denied", "denied denied denied")
CREATE = by_role("ok ok ok", "ok ok ok", "denied denied denied", "denied denied denied", "denied denied denied")
CARD = by_role("ok ok none", "absent absent absent", "ok none none", "absent absent absent", "none none none")
NO_OBJECT = {"own": {}, "other": {}, "missing": {}}

NODE_KINDS = {  # GraphQL name: (own, other, input for create, patch)
    "Coalition": (A, B, '{name: "Nieuw"}', '{description: "x"}'),
    "Organisation": ("wt-noord", "wt-buur", '{name: "Nieuw", domain: SOCIAL, organisationType: WELFARE}', '{description: "x"}'),
    "Professional": ("prof-048", "prof-b", '{name: "Nieuwe collega"}', '{role: "x"}'),
    "InformalSupporter": ("kf-eritrea", "is-b", '{name: "Buurvrouw"}', '{relationship: "x"}'),
    "Community": ("com-eritrea", "com-b", '{name: "Nieuw"}', '{description: "x"}'),
    "Intervention": ("int-boekstart", "int-b", '{name: "Nieuw", interventionType: PEER_SUPPORT, phases: [PREGNANCY]}',
                     '{description: "x"}'),
    "Neighbourhood": ("wijk-noord", "wijk-b", '{name: "Nieuw"}', '{municipality: "x"}'),
}


def node_ops() -> list[Op]:
    ops = []
    for kind, (own, other, create, patch) in NODE_KINDS.items():
        single = kind[0].lower() + kind[1:]
        plural = {"Community": "communities"}.get(kind, single + "s")
        person = kind in ("Professional", "InformalSupporter")
        # a list of the other coalition holds the regional partners (and their staff) it shares
        # with the own one; tests/security checks that nothing else of it is listed
        listing = {**READ_PERSON, "evaluator": "denied denied denied"} if person else READ
        if kind in ("Organisation", "Professional"):
            listing = {**listing, "coordinator": "ok ok none", "worker": "ok ok none", "privacy_officer": "ok ok none"}
        ops += [
            Op(single, f"query($id: ID!) {{ {single}(id: $id) {{ id }} }}", **ids(own, other),
               expect=READ_PERSON if person else READ),
            Op(plural, f"query($id: ID!) {{ {plural}(filter: {{coalition: $id}}) {{ edges {{ node {{ id }} }} }} }}",
               **ids(A, B), expect=listing, obj="coalition") if kind != "Coalition" else
            Op(plural, "query($id: String) { coalitions(filter: {text: $id}) { edges { node { id } } } }",
               **ids("Dijkhaven", "Buurdorp"), expect=READ, obj="text"),
            Op(f"create{kind}", f"mutation {{ create{kind}(input: {create}) {{ {RESULT} }} }}", **NO_OBJECT,
               expect=by_role("ok ok ok", "denied denied denied", "denied denied denied", "denied denied denied",
                              "denied denied denied") if kind == "Coalition" else CREATE, changes=True),
            Op(f"update{kind}", f"mutation($id: ID!) {{ update{kind}(id: $id, patch: {patch}) {{ {RESULT} }} }}",
               **ids(own, other), expect=CHANGE, changes=True),
            Op(f"delete{kind}", f"mutation($id: ID!) {{ delete{kind}(id: $id) {{ {RESULT} }} }}",
               **ids(own, other), expect=CHANGE, changes=True),
        ]
    return ops


def coalition_ops() -> list[Op]:
    on = ids(A, B, var="c")
    return [
        Op("node", "query($id: ID!) { node(id: $id) { id } }", **ids("wt-noord", "wt-buur"), expect=READ),
        Op("tie", "query($id: ID!) { tie(kind: WORKS_AT, id: $id) { id } }",
           **ids("demo-works-at-0121", ""), expect={**READ, "coordinator": "ok none none"}),  # other: prof-b's
        Op("partners", "query($id: ID!) { partners(organisationId: $id) { node { id } } }",
           **ids("wt-noord", "wt-buur"), expect=READ, obj="organisationId"),
        Op("coalitionOverview", "query($c: ID!) { coalitionOverview(coalitionId: $c) { members } }", **on,
           expect=READ, obj="coalitionId"),
        Op("exportCoalition", "query($c: ID!) { exportCoalition(coalitionId: $c, format: JSON) { name } }", **on,
           expect=READ_FULL, obj="coalitionId"),
        Op("analysis", "query($c: ID!) { analysis(coalitionId: $c) { partners } }", **on, expect=READ, obj="coalitionId"),
        Op("regionAnalysis", "query($c: ID!) { regionAnalysis(coalitionIds: [$c, \"kansrijk-dijkhaven\"]) { partners } }",
           **on, expect=READ, obj="coalitionIds"),
        Op("compare", "query($c: ID!) { compare(coalitionId: $c, from: \"2024-01-01\", to: \"2025-01-01\") { from } }",
           **on, expect=READ, obj="coalitionId"),
        Op("coalitionsSideBySide", "query($c: ID!) { coalitionsSideBySide(coalitionIds: [$c]) { partners } }", **on,
           expect=READ, obj="coalitionIds"),
        Op("familyAggregates", "query($c: ID!) { familyAggregates(coalitionId: $c) { suppressed } }", **on,
           expect=by_role("ok ok none", "ok denied denied", "denied denied denied", "ok ok none", "denied denied denied"),
           obj="coalitionId"),
        Op("enums", "{ enums { name } }", **NO_OBJECT, expect=same("ok ok ok")),
        Op("me", "{ me { role } }", **NO_OBJECT, expect=same("ok ok ok")),
        Op("link", f"mutation($id: ID!) {{ link(input: {{kind: COLLABORATES_WITH, from: $id, to: \"wt-noord\"}}) "
                   f"{{ {RESULT} }} }}", **ids("wt-centrum", "wt-buur"), expect=CHANGE, obj="from", changes=True),
        Op("updateTie", f"mutation($id: ID!) {{ updateTie(kind: COLLABORATES_WITH, id: $id, patch: {{intensity: "
                        f"COORDINATION}}) {{ {RESULT} }} }}", **ids("demo-collaborates-with-0317",
                                                                   "demo-collaborates-with-0334"),
           expect=CHANGE, changes=True),
        Op("unlink", f"mutation($id: ID!) {{ unlink(kind: COLLABORATES_WITH, id: $id) {{ {RESULT} }} }}",
           **ids("demo-collaborates-with-0317", "demo-collaborates-with-0334"), expect=CHANGE, changes=True),
        Op("joinCoalition", f"mutation($c: ID!) {{ joinCoalition(memberId: \"org-los\", coalitionId: $c, level: PRACTICE) "
                            f"{{ {RESULT} }} }}", **on, expect=CHANGE, obj="to", changes=True),
        Op("leaveCoalition", "mutation($id: ID!, $c: ID!) { leaveCoalition(memberId: $id, coalitionId: $c) { __typename "
                             "... on NotFound { field } ... on PermissionDenied { message } } }",
           own={"id": "wt-noord", "c": A}, other={"id": "wt-buur", "c": B}, missing={"id": MISSING, "c": A},
           expect=by_role("ok ok none", "ok denied none", "denied denied none", "denied denied none", "denied denied none"),
           obj="coalitionId", changes=True),
        Op("bulkUpsert", f"mutation($rows: JSON!) {{ bulkUpsert(kind: ORGANISATION, rows: $rows) {{ {RESULT} }} }}",
           own={"rows": [{"id": "wt-noord", "name": "x", "domain": "social", "organisation_type": "welfare"}]},
           other={"rows": [{"id": "wt-buur", "name": "x", "domain": "social", "organisation_type": "welfare"}]},
           missing={"rows": [{"id": MISSING, "name": "x", "domain": "social", "organisation_type": "welfare"}]},
           expect=by_role("ok ok ok", "ok denied ok", "denied denied denied", "denied denied denied", "denied denied denied"),
           obj="rows", changes=True),
        Op("importFile", f"mutation($c: ID!) {{ importFile(coalitionId: $c, format: CSV, content: "
                         f"\"id,naam,domein,soort organisatie\\nimp-1,Rij,Sociaal domein,Welzijnsorganisatie\\n\") "
                         f"{{ {RESULT} }} }}", **on,
           expect=CHANGE, obj="coalitionId", changes=True),
    ]


def card(name: str, template: str) -> Op:
    """A card operation on one family: `$f` names it, `%s` stands for the result selection."""
    document = template % RESULT if "%s" in template else template
    return Op(name, document, **ids(FAMILY, OTHER_FAMILY, var="f"), expect=CARD, obj="familyId", family=True,
              changes=document.startswith("mutation"))


CARD_OPS = [
    card("familyCard", "query($f: ID!) { familyCard(familyId: $f) { family { id } signals { key } } }"),
    card("familyCardVersion", "query($f: ID!) { familyCardVersion(familyId: $f, version: 1) { family { id } } }"),
    card("compareCardVersions", "query($f: ID!) { compareCardVersions(familyId: $f, from: 1, to: 2) { signalsClosed { key } } }"),
    card("updateFamilyCard", "mutation($f: ID!) { updateFamilyCard(familyId: $f, patch: {lifeEvent: MOVE}) { %s } }"),
    card("assignProfessional", "mutation($f: ID!) { assignProfessional(familyId: $f, professionalId: \"prof-036\") { %s } }"),
    card("addFamilyMember", "mutation($f: ID!) { addFamilyMember(familyId: $f, input: {label: \"Opa\", role: OTHER}) { %s } }"),
    card("updateFamilyMember", "mutation($f: ID!) { updateFamilyMember(familyId: $f, id: \"lv-mila\", patch: {needPractical: SOME}) { %s } }"),
    card("removeFamilyMember", "mutation($f: ID!) { removeFamilyMember(familyId: $f, id: \"lv-baby\") { %s } }"),
    card("addAgreement", "mutation($f: ID!) { addAgreement(familyId: $f, input: {what: \"Bellen\", status: OPEN}) { %s } }"),
    card("updateAgreement", "mutation($f: ID!) { updateAgreement(familyId: $f, id: \"x\", patch: {status: DONE}) { %s } }"),
    card("removeAgreement", "mutation($f: ID!) { removeAgreement(familyId: $f, id: \"x\") { %s } }"),
    card("addFactor", "mutation($f: ID!) { addFactor(familyId: $f, input: {factorKind: PROTECTIVE, factor: \"resilience\", recordedOn: \"2026-01-02\"}) { %s } }"),
    card("removeFactor", "mutation($f: ID!) { removeFactor(familyId: $f, id: \"x\") { %s } }"),
    card("addNetworkPerson", "mutation($f: ID!) { addNetworkPerson(familyId: $f, person: {name: \"Tante\", lifeArea: FAMILY}, support: {emotional: 1, ring: 2}) { %s } }"),
    card("addSupporter", "mutation($f: ID!) { addSupporter(familyId: $f, personId: \"prof-059\", support: {informational: 1}) { %s } }"),
    card("updateSupport", "mutation($f: ID!) { updateSupport(familyId: $f, personId: \"lv-ans\", support: {ring: 2}) { %s } }"),
    card("removeFromCard", "mutation($f: ID!) { removeFromCard(familyId: $f, personId: \"lv-petra\") { %s } }"),
    card("setCoordinator", "mutation($f: ID!) { setCoordinator(familyId: $f, personId: \"prof-037\") { %s } }"),
    card("endCoordinator", "mutation($f: ID!) { endCoordinator(familyId: $f) { %s } }"),
    card("recordHandover", "mutation($f: ID!) { recordHandover(familyId: $f, from: \"prof-037\", to: \"prof-048\", status: PLANNED) { %s } }"),
    card("updateHandover", "mutation($f: ID!) { updateHandover(familyId: $f, id: \"x\", status: DONE) { %s } }"),
    card("markSignalNotRelevant", "mutation($f: ID!) { markSignalNotRelevant(familyId: $f, signal: \"G18\") { %s } }"),
    card("unmarkSignalNotRelevant", "mutation($f: ID!) { unmarkSignalNotRelevant(familyId: $f, signal: \"G18\") { %s } }"),
    card("saveCardVersion", "mutation($f: ID!) { saveCardVersion(familyId: $f, reason: AD_HOC) { %s } }"),
    card("cardSummary", "query($f: ID!) { cardSummary(familyId: $f) { familyId agreements { ... on CardAgreement { what } } } }"),
    card("familyConsents", "query($f: ID!) { familyConsents(familyId: $f) { ... on ConsentRecord { purpose } } }"),
    card("recordConsent", "mutation($f: ID!) { recordConsent(familyId: $f, recipientId: \"prof-013\", purpose: \"overleg\") { %s } }"),
    card("revokeConsent", "mutation($f: ID!) { revokeConsent(familyId: $f, consentId: \"x\") { %s } }"),
    card("eraseFamily", "mutation($f: ID!) { eraseFamily(familyId: $f) { %s } }"),
    # break-glass answers with the same receipt for every id (flagged in the audit log, with the
    # reason); only a family of the worker's own coalition is really opened, and only for reading
    Op("requestEmergencyAccess", f"mutation($f: ID!) {{ requestEmergencyAccess(familyId: $f, reason: "
                                 f"\"Moeder belt in paniek, coördinator ziek\") {{ {RESULT} }} }}",
       **ids(FAMILY, OTHER_FAMILY, var="f"), obj="familyId", changes=True,
       expect=by_role("denied denied denied", "absent absent absent", "ok ok ok", "absent absent absent",
                      "denied denied denied")),
    # the grant in the own coalition (filled in by the world fixture), one in the other coalition
    Op("endEmergencyAccess", f"mutation($g: ID!) {{ endEmergencyAccess(grantId: $g) {{ {RESULT} }} }}",
       own={"g": ""}, other={"g": ""}, missing={"g": MISSING}, obj="grantId", changes=True,
       expect=by_role("ok ok none", "absent absent absent", "none none none", "absent absent absent", "ok none none")),
    Op("createFamilyCard", f"mutation($c: ID!) {{ createFamilyCard(coalitionId: $c, family: {{label: \"Gezin Nieuw\", "
                           f"stage: PREGNANT, pregnancyWeek: 10}}) {{ {RESULT} }} }}", **ids(A, B, var="c"),
       obj="coalitionId", changes=True,
       expect=by_role("ok ok none", "absent absent absent", "ok denied denied", "absent absent absent",
                      "denied denied denied")),
    Op("myFamilies", "{ myFamilies { id } }", **NO_OBJECT,
       expect=by_role("none none none", "absent absent absent", "ok ok ok", "absent absent absent", "none none none")),
    Op("emergencyGrants", "{ emergencyGrants { id } }", **NO_OBJECT,
       expect=by_role("ok ok ok", "absent absent absent", "denied denied denied", "absent absent absent", "ok ok ok")),
    # (attempts on unknown ids are logged too, so this one is never tried elsewhere)
    Op("auditEvents", "query($f: ID) { auditEvents(familyId: $f) { seq } }",
       **ids(FAMILY, OTHER_FAMILY, "nooit-gevraagd", var="f"),
       obj="familyId", expect=by_role("ok ok none", "absent absent absent", "denied denied denied", "absent absent absent",
                                      "denied denied denied")),
]

OPERATIONS = node_ops() + coalition_ops() + CARD_OPS
END_GRANT = next(o for o in CARD_OPS if o.name == "endEmergencyAccess")
TIE = next(o for o in OPERATIONS if o.name == "tie")


@pytest.fixture(scope="module")
def world(request, vocabulary):
    """One app for the whole matrix (building its schemas takes a second): the demo, plus
    partners of every kind that belong only to the other coalition, a consent and an emergency
    grant in each coalition. On the embedded store: the matrix enumerates the service's rules
    (ninety operations, five roles, three objects); the store queries they rest on run on both
    backends in the store contract, the permission tests and the security probes."""
    backend = falkor_backend(request.getfixturevalue("falkor_server"), f"matrix_{uuid.uuid4().hex[:12]}")
    store = GraphStore(backend, vocabulary)
    store.migrate()
    data_dir = short_tmpdir("cm-matrix-")
    api = make_api(store, data_dir)
    load_demo(store, api.audit)
    store.create_node("professional", {"id": "prof-b", "name": "Collega Buurdorp"})
    TIE.other["id"] = store.link("works_at", "prof-b", "wt-buur", {"since": "2020-01-01"})["id"]
    store.create_node("informal_supporter", {"id": "is-b", "name": "Sleutelpersoon Buurdorp"})
    store.link("member_of", "is-b", B, {"since": "2020-01-01", "level": "practice"})
    store.create_node("organisation", {"id": "org-los", "name": "Nog geen partner", "domain": "social",
                                       "organisation_type": "welfare"})
    for kind, node_id in (("community", "com-b"), ("intervention", "int-b"), ("neighbourhood", "wijk-b")):
        props = {"id": node_id, "name": f"{kind} Buurdorp"}
        if kind == "intervention":
            props |= {"intervention_type": "peer_support", "phases": ["pregnancy"]}
        store.create_node(kind, props)
        store.link("belongs_to", node_id, B, {"since": "2020-01-01"})
    cards = FamilyCardService(store, api.audit)
    for family in (FAMILY, OTHER_FAMILY):  # so that the consent and grant lists have something to show
        cards.record_consent(SYSTEM, family, "prof-013", "overleg met de huisarts")
    gp = Principal(id="t-gp", name="huisarts", role=Role.WORKER, professional="prof-013")
    END_GRANT.own["g"] = cards.emergency_access(gp, OTHER_FAMILY, "Moeder belt in paniek, coördinator ziek")["id"]
    # a family of the other coalition, opened in an emergency by a second professional there
    store.create_node("professional", {"id": "prof-b2", "name": "Tweede collega Buurdorp"})
    store.link("works_at", "prof-b2", "wt-buur", {"since": "2020-01-01"})
    family_b = cards.create(SYSTEM, B, {"label": "Gezin Buurdorp", "stage": "pregnant", "pregnancy_week": 20},
                            "prof-b").card.id
    nurse_b = Principal(id="t-b2", name="verpleegkundige", role=Role.WORKER, professional="prof-b2")
    END_GRANT.other["g"] = cards.emergency_access(nurse_b, family_b, "Moeder belt in paniek, coördinator ziek")["id"]
    api.saved = (list(store.iter_nodes()), list(store.iter_ties()))
    yield api
    backend.drop_graph()
    backend.close()
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture
def matrix_api(world):
    """Every operation starts from the same graph: restored (with its tokens issued again) when
    anything wrote to it since the last restore, which most reads do not (a restore is a second
    on Neo4j, and there are ninety operations)."""
    if world.store.graph_version() != getattr(world, "clean_version", None):
        world.store.replace_all(*world.saved)
        issue_tokens(world)
        world.clean_version = world.store.graph_version()
    return world


def issue_tokens(api) -> None:
    """Tokens are not graph data: a restored graph has none, so they are issued again."""
    api.tokens = {
        "admin": api.token("admin"),
        "coordinator": api.token("coordinator", coalitions=[A]),
        "worker": api.token("worker", professional="prof-048"),
        "evaluator": api.token("evaluator"),
        "privacy_officer": api.token("privacy_officer", coalitions=[A]),
    }


def outcome(op: Op, body: dict) -> str:
    errors = body.get("errors") or []
    if errors:
        message = errors[0]["message"]
        if message.startswith(f"Cannot query field '{op.name}'"):
            return "absent"
        if errors[0].get("extensions", {}).get("code") == "PERMISSION_DENIED":
            return "denied"
        if errors[0].get("extensions", {}).get("code") == "NOT_FOUND":
            return "none"
        return f"error: {message}"
    value = body["data"][op.name]
    if value is None or value == [] or value == {"edges": []}:
        return "none"
    if isinstance(value, dict):
        kind = value.get("__typename")
        if kind == "PermissionDenied":
            return "denied"
        if kind == "NotFound" and value.get("field") in (op.obj, None):
            return "none"
    return "ok"


def masked(body: dict, variables: dict) -> str:
    """The response with the object's own id taken out, so two answers can be compared."""
    text = json.dumps(body, sort_keys=True)
    for value in variables.values():
        if isinstance(value, str):
            text = text.replace(value, "<object>")
    return re.sub(r'"seq": \d+', '"seq": 0', text)


@pytest.mark.parametrize("op", OPERATIONS, ids=[o.name for o in OPERATIONS])
def test_permission_matrix(matrix_api, op):
    api, store = matrix_api, matrix_api.store
    nodes, ties = api.saved
    for role in ROLES:
        answers = {}
        for target, expected in zip(("own", "other", "missing"), op.expect[role].split()):
            variables = getattr(op, target)
            before = store.graph_version()
            response = api.post(op.document, variables, api.tokens[role])
            assert response.status_code == 200, (role, target, response.text)
            body = response.json()
            assert outcome(op, body) == expected, (role, target, body)
            answers[target] = masked(body, variables)
            if store.graph_version() != before:
                assert op.changes and expected == "ok", (role, target, "wrote although refused")
                store.replace_all(nodes, ties)  # the next role starts from the same demo
                issue_tokens(api)
        if op.family and op.expect[role].split()[1] != "ok":
            # a family the role may not reach answers exactly like one that does not exist
            assert answers["other"] == answers["missing"], role


def test_every_operation_of_every_schema_is_in_the_matrix(vocabulary):
    schema = build_schema(vocabulary)._schema
    names = {*schema.query_type.fields, *schema.mutation_type.fields}
    assert names == {o.name for o in OPERATIONS}
