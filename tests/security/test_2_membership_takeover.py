"""Item 2 (medium): a coordinator took over another coalition's organisation. Dijkhaven's
coordinator could not edit Buurdorp's midwife practice `vp-buur`, but joined it to Dijkhaven, and
then changed and deleted it: the join was checked at the coalition end only."""

from __future__ import annotations

from tests.security.conftest import BUURDORP, DIJKHAVEN, RESULT

JOIN = f"mutation($m: ID!, $c: ID!) {{ joinCoalition(memberId: $m, coalitionId: $c, level: PRACTICE) {{ {RESULT} }} }}"


def test_joining_another_coalitions_partner_is_refused_and_nothing_is_written(probe):
    version = probe.store.graph_version()
    joined = probe.gql(JOIN, {"m": "vp-buur", "c": DIJKHAVEN}, probe.tokens["coordinator"])["joinCoalition"]
    assert joined["__typename"] == "PermissionDenied"
    for document in (f'mutation {{ updateOrganisation(id: "vp-buur", patch: {{description: "overgenomen"}}) {{ {RESULT} }} }}',
                     f'mutation {{ deleteOrganisation(id: "vp-buur") {{ {RESULT} }} }}'):
        answer = next(iter(probe.gql(document, token=probe.tokens["coordinator"]).values()))
        assert answer["__typename"] == "PermissionDenied"
    assert probe.store.graph_version() == version
    assert probe.store.get_node("vp-buur")["name"]


def test_a_partner_of_no_coalition_yet_is_joined_and_a_shared_one_is_joined_by_an_admin(probe):
    probe.store.create_node("organisation", {"id": "org-nieuw", "name": "Nieuwe partner", "domain": "social",
                                             "organisation_type": "welfare"})
    mine = probe.gql(JOIN, {"m": "org-nieuw", "c": DIJKHAVEN}, probe.tokens["coordinator"])["joinCoalition"]
    assert mine["__typename"] == "TiePayload"
    shared = probe.gql(JOIN, {"m": "vp-buur", "c": DIJKHAVEN}, probe.tokens["admin"])["joinCoalition"]
    assert shared["__typename"] == "TiePayload"
    # Buurdorp's coordinator still changes her partner; she cannot end its Dijkhaven membership
    leave = probe.gql(f'mutation {{ leaveCoalition(memberId: "vp-buur", coalitionId: "{DIJKHAVEN}") '
                      '{ __typename } }', token=probe.tokens["coordinator_b"])["leaveCoalition"]
    assert leave["__typename"] == "PermissionDenied"
    assert BUURDORP in probe.store.coalitions_of(["vp-buur"])["vp-buur"][1]
