"""Partner surveys on each backend: a signed link reaches one member's response in one open round;
answers saved twice are one answer; accepting what both sides said makes one tie with the round as
its source; and the analysis does not call a member who did not answer tied to nobody, while the
findings about her say they rest on incomplete answers."""

from __future__ import annotations

import pytest

from graph_service.domain.errors import NotFound, PermissionDenied, ValidationError
from graph_service.services.coalition_analysis import AnalysisService
from graph_service.services.network import NetworkService
from graph_service.services.principal import Principal, Role
from graph_service.services.survey_answers import SurveyAnswers
from graph_service.services.surveys import Surveys

ADMIN = Principal("tok-a", "Beheer", Role.ADMIN)
ANNA = Principal("tok-c", "Anna Jansen", Role.COORDINATOR, coalitions=frozenset({"c1"}))
OTHER = Principal("tok-o", "Bram Smit", Role.COORDINATOR, coalitions=frozenset({"c2"}))
MEMBERS = {"wieg": ("Kraamzorg De Wieg", "medical", "maternity_care"),
           "team": ("Wijkteam Noord", "social", "neighbourhood_team"),
           "ggd": ("GGD", "public_health", "municipal_health_service")}


@pytest.fixture
def surveys(store) -> Surveys:
    network = NetworkService(store)
    for coalition in ("c1", "c2"):
        network.create_node(ADMIN, "coalition", {"id": coalition, "name": coalition})
    for node_id, (name, domain, kind) in MEMBERS.items():
        network.create_member(ANNA, "organisation", {"id": node_id, "name": name, "domain": domain,
                                                     "organisation_type": kind}, "c1",
                              {"level": "practice", "since": "2020-01-01"})
    return Surveys(network, b"k" * 32)


def test_a_link_is_one_members_and_answers_become_one_tie_once_accepted(surveys):
    answers = SurveyAnswers(surveys)
    round_ = surveys.start(ANNA, "c1", "Meting 1", "2099-01-01", list(MEMBERS))
    wieg, team = surveys.link_token(round_["id"], "wieg"), surveys.link_token(round_["id"], "team")
    with pytest.raises(NotFound):
        SurveyAnswers(surveys).open(wieg.replace(".wieg.", ".team."))  # a changed link reaches nobody
    for token, other in ((wieg, "team"), (team, "wieg")):
        answers.save_members(answers.open(token), [other])
        for _ in range(2):  # sent twice: one answer
            answers.save_answer(answers.open(token), other, {"tie_kind": "collaboration", "frequency": "weekly",
                                                             "quality": "4"})
        answers.send(answers.open(token))
    with pytest.raises(ValidationError):
        answers.save_answer(answers.open(wieg), "ggd", {"tie_kind": "collaboration"})  # not one she picked
    pairs = surveys.pairs(ANNA, "c1", round_["id"])
    assert len(pairs) == 1 and pairs[0].agree
    with pytest.raises(PermissionDenied):
        surveys.accept(OTHER, "c1", round_["id"], [a["id"] for a in pairs[0].open])
    assert surveys.accept(ANNA, "c1", round_["id"], [a["id"] for a in pairs[0].open]) == 1
    ties = [t for t in surveys.store.ties_of("wieg") if t["kind"] == "collaborates_with"]
    assert len(ties) == 1 and ties[0]["source"] == round_["id"] and ties[0]["intensity"] == "coordination"
    assert surveys.pairs(ANNA, "c1", round_["id"])[0].open == []
    surveys.revoke(ANNA, "c1", round_["id"], "wieg")
    with pytest.raises(NotFound):
        answers.open(wieg)


def test_the_analysis_knows_who_did_not_answer(surveys, store):
    analysis = AnalysisService(surveys.network, unanswered=surveys.unanswered)
    alone = [f for f in analysis.analyse(ANNA, "c1").findings if f.rule == "isolated_member"]
    assert {n for f in alone for n in f.nodes} == set(MEMBERS)  # before a survey: tied to nobody
    round_ = surveys.start(ANNA, "c1", "Meting 1", "2099-01-01", list(MEMBERS))
    answers = SurveyAnswers(surveys)
    answers.send(answers.open(surveys.link_token(round_["id"], "ggd")))  # the GGD answered: works with nobody
    fresh = AnalysisService(surveys.network, unanswered=surveys.unanswered).analyse(ANNA, "c1")
    alone = [f for f in fresh.findings if f.rule == "isolated_member"]
    assert {n for f in alone for n in f.nodes} == {"ggd"}
    assert all("Kraamzorg De Wieg" not in f.nl for f in alone)
    assert any("Kraamzorg De Wieg" in f.incomplete for f in fresh.findings)


def test_people_within_a_member_answer_each_through_their_own_link(surveys):
    """A district team of two parts: each answers for its own ties; together they are the team's."""
    answers = SurveyAnswers(surveys)
    round_ = surveys.start(ANNA, "c1", "Meting 1", "2099-01-01", list(MEMBERS))
    east = surveys.add_person(ANNA, "c1", round_["id"], "team", "  Team   Oost ")
    west = surveys.add_person(ANNA, "c1", round_["id"], "team", "Team West")
    assert (east, west) == ("team~1", "team~2")
    for bad, code in ((" ", "REQUIRED"), ("x" * 81, "TOO_LONG"), ("Team\x00Zuid", "INVALID_CHARACTERS")):
        with pytest.raises(ValidationError) as refused:
            surveys.add_person(ANNA, "c1", round_["id"], "team", bad)
        assert (refused.value.field, refused.value.code) == ("person", code)
    with pytest.raises(PermissionDenied):
        surveys.add_person(OTHER, "c1", round_["id"], "team", "Team Zuid")
    with pytest.raises(NotFound):  # a link for a person is signed like a member's: no person 3 yet
        answers.open(surveys.link_token(round_["id"], "team~3"))
    by_link = {link: surveys.link_token(round_["id"], link) for link in ("wieg", east, west)}
    for link, other, kind in (("wieg", "team", "collaboration"), (east, "wieg", "collaboration"),
                              (west, "ggd", "referral")):
        answers.save_members(answers.open(by_link[link]), [other])
        answers.save_answer(answers.open(by_link[link]), other, {"tie_kind": kind, "frequency": "weekly"})
    opened = answers.open(by_link[west])  # her own answers only, not her colleague's of the same team
    assert opened.member_name == "Wijkteam Noord (Team West)" and set(opened.answers) == {"ggd"}
    assert answers.open(by_link[east]).answers.keys() == {"wieg"}
    for link in ("wieg", east):
        answers.send(answers.open(by_link[link]))
    rows = {row.link: row for row in surveys.status(ANNA, "c1", round_["id"])}
    assert rows[east].label == "Wijkteam Noord (Team Oost)" and rows[east].status == "sent"
    assert rows[west].status == "started" and rows["team"].status == "none"
    assert surveys.sent_by(round_["id"]) == {"wieg", "team"}  # the team answered through one of its links
    assert surveys.response_rate("c1") == (2, 3) and surveys.unanswered("c1", "2099-01-01") == {"ggd"}
    pairs = surveys.pairs(ANNA, "c1", round_["id"])  # only what was sent: West has not sent hers yet
    assert [(p.a, p.b, p.agree) for p in pairs] == [("team", "wieg", True)]
    surveys.revoke(ANNA, "c1", round_["id"], west)
    with pytest.raises(NotFound):
        answers.open(by_link[west])
    assert answers.open(by_link[east]).link == east  # revoking one person's link leaves the others
