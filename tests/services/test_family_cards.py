"""The family network card service: the demo stories, bad input, versions, flags and the audit log."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph_service.domain.errors import Conflict, NotFound, PermissionDenied, ValidationError
from graph_service.services.demo import DEMO_DIR
from graph_service.services.principal import SYSTEM, Principal, Role

STORIES = sorted((DEMO_DIR / "families").glob("*.json"))
WORKER = Principal("tok-w", "Wijkteam Noord", Role.WORKER, professional="prof-048")  # assigned to Lavendel
OTHER_WORKER = Principal("tok-o", "Verloskundige", Role.WORKER, professional="prof-001")


def keys(view) -> set[str]:
    return {s.key for s in view.signals if not s.not_relevant}


@pytest.mark.parametrize("path", STORIES, ids=lambda p: p.stem)
def test_demo_family_before_shows_the_named_signals_and_after_closes_them(cards, path: Path):
    story = json.loads(path.read_text(encoding="utf-8"))
    family = story["family"]["id"]
    before = cards.version(SYSTEM, family, 1)
    after = cards.version(SYSTEM, family, 2)
    named = set(story["named_before"])
    assert named <= keys(before), f"missing before: {named - keys(before)}"
    assert not named & keys(after), f"still open after: {named & keys(after)}"
    assert not named & keys(cards.read(SYSTEM, family))  # and the live card agrees with the last review
    assert len(after.card.people) > len(before.card.people)


def test_single_mother_before_reads_as_a_practitioner_would_say_it(cards):
    before = cards.version(SYSTEM, "gezin-lavendel", 1)
    by_rule = {s.rule: s for s in before.signals}
    # no emotional support from her own network, only professionals, nobody knows
    assert {"G01", "G06", "G10"} <= set(by_rule)
    assert "eigen netwerk" in by_rule["G01"].nl and "own network" in by_rule["G01"].en
    assert by_rule["G01"].nl.endswith(".") and "?" in by_rule["G10"].nl  # an invitation, not a verdict
    assert set(by_rule["G06"].evidence) == {"prof-003", "prof-009"}  # the midwife and the maternity carer


def test_the_coordinator_is_one_and_the_card_joins_the_coalition_graph(cards):
    card = cards.read(SYSTEM, "gezin-lavendel").card
    assert card.coordinator["from"] == "prof-048"
    team = card.person("prof-048")
    assert team.organisation["id"] == "wt-noord" and team.domain == "social"
    with pytest.raises(ValidationError) as error:
        cards.set_coordinator(SYSTEM, "gezin-lavendel", "prof-037")
    assert error.value.field == "personId" and error.value.code == "SECOND_COORDINATOR"
    assert cards.read(SYSTEM, "gezin-lavendel").card.coordinator["from"] == "prof-048"


BAD_INPUT = [
    ("support out of range", lambda c, f: c.add_supporter(SYSTEM, f, "prof-036", {"emotional": 3}), "support.emotional"),
    ("ring outside 1-3", lambda c, f: c.add_network_person(SYSTEM, f, {"name": "Oom", "life_area": "family"},
                                                            {"ring": 4}), "support.ring"),
    ("factor not in the catalogue", lambda c, f: c.add_item(SYSTEM, f, "factor_record", {
        "factor_kind": "risk", "factor": "bad_luck", "recorded_on": "2026-01-05"}), "factor"),
    ("factor recorded in the future", lambda c, f: c.add_item(SYSTEM, f, "factor_record", {
        "factor_kind": "risk", "factor": "debts", "recorded_on": "2999-01-01"}), "recorded_on"),
    ("vulnerability recorded in the future", lambda c, f: c.update_family(SYSTEM, f, {
        "vulnerability": "vulnerable", "vulnerability_recorded_on": "2999-01-01"}), "vulnerability_recorded_on"),
    ("version reviewed in the future", lambda c, f: c.save_version(SYSTEM, f, "ad_hoc", "2999-01-01"), "reviewedOn"),
    ("a person of another family", lambda c, f: c.add_supporter(SYSTEM, f, "zb-fatma", {"ring": 2}), "personId"),
    ("a member of another family", lambda c, f: c.add_network_person(SYSTEM, f, {"name": "Oom", "life_area": "family"},
                                                                      {"member": "zb-sanne"}), "support.member"),
    ("an agreement with someone not on the card", lambda c, f: c.add_item(SYSTEM, f, "card_agreement", {
        "what": "Bellen", "who": "prof-059", "status": "open"}), "who"),
    ("a second coordinator", lambda c, f: c.set_coordinator(SYSTEM, f, "prof-037"), "personId"),
    ("a handover to someone not on the card", lambda c, f: c.record_handover(SYSTEM, f, "prof-003", "prof-036",
                                                                              {"status": "planned"}), "to"),
    ("an unknown signal", lambda c, f: c.flag_signal(SYSTEM, f, "G99"), "signal"),
    ("a person without a life area", lambda c, f: c.add_network_person(SYSTEM, f, {"name": "Oom"}, {}),
     "person.life_area"),
]


@pytest.mark.parametrize(("case", "change", "field"), BAD_INPUT, ids=[c[0] for c in BAD_INPUT])
def test_bad_input_names_the_field_and_writes_nothing(cards, case, change, field):
    store = cards.store
    version = store.graph_version()
    counts = store.counts()
    with pytest.raises(ValidationError) as error:
        change(cards, "gezin-lavendel")
    assert error.value.field == field, error.value
    assert store.graph_version() == version and store.counts() == counts


def test_someone_is_on_a_card_once_and_removal_keeps_the_history(cards):
    with pytest.raises(Conflict):
        cards.add_supporter(SYSTEM, "gezin-lavendel", "prof-048", {"ring": 1})
    view = cards.remove_person(SYSTEM, "gezin-lavendel", "lv-petra")
    assert view.card.person("lv-petra") is None
    assert cards.version(SYSTEM, "gezin-lavendel", 2).card.person("lv-petra") is not None


def test_versions_compare_people_and_signals(cards):
    diff = cards.compare(SYSTEM, "gezin-lavendel", 1, 2)
    added = {p.id for p in diff["people_added"]}
    assert {"lv-ans", "lv-henk", "prof-048"} <= added
    assert {p.id for p in diff["people_removed"]} == {"prof-009"}  # the maternity carer left
    assert {"G01", "G06", "G10"} <= {s.rule for s in diff["signals_closed"]}
    assert diff["signals_new"] == []


def test_not_relevant_is_kept_with_who_and_when_and_can_be_undone(cards):
    view = cards.flag_signal(WORKER, "gezin-lavendel", "G14:stage.child_0_2", "wij gaan zelf")
    with pytest.raises(ValidationError):
        cards.flag_signal(WORKER, "gezin-lavendel", "not-a-signal")
    flag = next(f for f in view.card.flags if f["signal"] == "G14:stage.child_0_2")
    assert flag["set_by"] == "prof-048" and flag["note"] == "wij gaan zelf" and flag["set_on"]
    # the signal fires once JGZ leaves the card, and is shown marked not relevant rather than hidden
    view = cards.remove_person(SYSTEM, "gezin-lavendel", "prof-037")
    marked = [s for s in view.signals if s.key == "G14:stage.child_0_2"]
    assert marked and marked[0].not_relevant and marked[0].flag["set_by"] == "prof-048"
    view = cards.unflag_signal(WORKER, "gezin-lavendel", "G14:stage.child_0_2")
    assert "G14:stage.child_0_2" in keys(view)


def test_only_assigned_workers_and_admins_reach_a_card(cards, store):
    assert cards.read(WORKER, "gezin-lavendel").card.family["label"] == "Gezin Lavendel"
    for principal in (OTHER_WORKER, Principal("c", "Coördinator", Role.COORDINATOR, frozenset({"kansrijk-dijkhaven"})),
                      Principal("e", "Evaluator", Role.EVALUATOR)):
        with pytest.raises(NotFound) as hidden:
            cards.read(principal, "gezin-lavendel")
        with pytest.raises(NotFound) as missing:
            cards.read(principal, "gezin-bestaat-niet")
        assert (hidden.value.field, hidden.value.code) == (missing.value.field, missing.value.code)
    cards.assign(WORKER, "gezin-lavendel", "prof-001")  # an assigned worker brings in a colleague
    assert cards.read(OTHER_WORKER, "gezin-lavendel").card.id == "gezin-lavendel"
    assert [f["id"] for f in cards.my_families(OTHER_WORKER)] == ["gezin-lavendel"]


def test_a_worker_creates_a_card_only_in_her_own_coalition_and_is_assigned(cards):
    view = cards.create(OTHER_WORKER, "kansrijk-dijkhaven", {"label": "Gezin Nieuw", "stage": "pregnant",
                                                              "pregnancy_week": 12})
    assert view.card.assigned == ["prof-001"] and view.card.coalition == "kansrijk-dijkhaven"
    with pytest.raises(PermissionDenied) as error:
        cards.create(OTHER_WORKER, "kansrijk-buurdorp", {"label": "Gezin Elders"})
    assert error.value.field == "coalitionId"


def test_every_read_and_change_is_audited_with_its_fields(cards, audit):
    before = len(audit.events())
    cards.read(WORKER, "gezin-lavendel")
    cards.add_item(WORKER, "gezin-lavendel", "card_agreement", {"what": "Samen naar de inloop", "who": "lv-ans",
                                                                 "status": "open"})
    with pytest.raises(NotFound):
        cards.read(OTHER_WORKER, "gezin-lavendel")
    events = audit.events()[before:]
    assert [(e["action"], e["actor"], e["role"], e["family"]) for e in events] == [
        ("read", "tok-w", "worker", "gezin-lavendel"),
        ("change", "tok-w", "worker", "gezin-lavendel"),
        ("denied", "tok-o", "worker", "gezin-lavendel"),
    ]
    assert all(e["at"] and e["what"] and "on_behalf_of" in e for e in events)
    assert "Samen" not in json.dumps(events)  # ids and actions, never what is on the card
    assert audit.verify().ok


def test_tampering_with_one_audit_line_is_detected(cards, audit):
    cards.read(WORKER, "gezin-lavendel")
    lines = audit.path.read_text(encoding="utf-8").splitlines()
    assert audit.verify().ok and audit.verify().events == len(lines)
    lines[2] = lines[2].replace('"role": "admin"', '"role": "worker"')
    audit.path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = audit.verify()
    assert not result.ok and result.broken_at == 3
    del lines[2]
    audit.path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert audit.verify().broken_at == 3
