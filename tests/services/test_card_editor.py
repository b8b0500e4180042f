"""The card editor's use cases on both backends: a change a colleague made meanwhile is reported,
never overwritten; undo turns the worker's own last change back; without the parents' consent
nothing is drawn; two people of the family's own network are linked; one audit line per change."""

from __future__ import annotations

import pytest

from graph_service.domain.errors import Conflict, NotFound, ValidationError
from graph_service.services.card_editor import CardEditor
from graph_service.services.principal import Principal, Role
from tests.conftest import load_demo_snapshot

A = "kansrijk-dijkhaven"
WORKER = Principal("tok-w", "Wijkteam Noord", Role.WORKER, professional="prof-048")
COLLEAGUE = Principal("tok-c", "JGZ-verpleegkundige", Role.WORKER, professional="prof-020")
STRANGER = Principal("tok-s", "Verloskundige", Role.WORKER, professional="prof-001")


@pytest.fixture
def editor(store, audit):
    load_demo_snapshot(store, audit)
    return CardEditor(store, audit)


@pytest.fixture
def family(editor):
    view = editor.create(WORKER, A, {"label": "Gezin Zonnebloem", "stage": "pregnant", "pregnancy_week": 24,
                                     "consent_card_on": "2026-11-01", "consent_card_by": "prof-048"})
    editor.assign(WORKER, view.card.id, COLLEAGUE.professional)
    return view.card.id


def person(view, name: str):
    return next(p for p in view.card.people if p.name == name)


def test_a_change_made_meanwhile_is_named_and_not_overwritten_and_each_change_is_one_audit_line(editor, family, audit):
    before = len(audit.events(family=family))
    ria = person(editor.quick_add(WORKER, family, {"name": "oma Ria", "life_area": "family"}, {"ring": 2}), "oma Ria")
    # both saw ring 2; the colleague moves her to ring 1 first
    editor.change_person(COLLEAGUE, family, ria.id, {"ring": 1}, {"ring": "2"})
    with pytest.raises(Conflict) as refused:
        editor.change_person(WORKER, family, ria.id, {"ring": 3}, {"ring": "2"})
    assert refused.value.code == "CHANGED_MEANWHILE" and refused.value.params["changed"] == ["ring"]
    assert person(editor.read(WORKER, family), "oma Ria").ring == 1
    # a field the colleague did not touch is saved, next to her change
    editor.change_person(WORKER, family, ria.id, {"emotional": 2}, {"emotional": ""})
    after = person(editor.workbench(WORKER, family).view, "oma Ria")
    assert after.ring == 1 and after.level("emotional") == 2
    events = [e["action"] for e in audit.events(family=family)[before:]]
    assert events == ["change", "change", "change-refused", "read", "change", "read"]
    assert audit.verify().ok
    # the case list: what was agreed to talk about is not "still to discuss"
    editor.talk_about(WORKER, family, "G11")
    row = next(r for r in editor.case_list(WORKER) if r.family["id"] == family)
    assert [a["what"] for a in row.open_agreements] == ["Bespreken: Geen regisseur"]
    assert "G11" not in {s.key for s in row.to_discuss} and row.to_discuss and row.last_version is None


def test_undo_turns_back_the_workers_own_last_changes_in_order(editor, family):
    ria = person(editor.quick_add(WORKER, family, {"name": "oma Ria", "life_area": "family"}, {"ring": 2}), "oma Ria")
    editor.change_person(WORKER, family, ria.id, {"ring": 1, "emotional": 2}, {"ring": "2", "emotional": ""})
    editor.not_relevant(WORKER, family, "G11", "De verloskundige houdt het overzicht")
    assert editor.undo(WORKER, family) == "flag G11"
    view = editor.read(WORKER, family)
    assert not any(s.key == "G11" and s.not_relevant for s in view.signals)
    assert editor.undo(WORKER, family) == f"change {ria.id}"
    back = person(editor.read(WORKER, family), "oma Ria")
    assert back.ring == 2 and back.tie.get("emotional") is None
    editor.undo(WORKER, family)  # the quick add
    assert not editor.read(WORKER, family).card.people
    with pytest.raises(ValidationError) as nothing:
        editor.undo(WORKER, family)
    assert nothing.value.code == "NOTHING_TO_UNDO"
    # a person taken off comes back as she was; an ended coordinator is the coordinator again
    editor.place(WORKER, family, "prof-003", {"ring": 3, "informational": 2})
    editor.choose_coordinator(WORKER, family, "prof-003")
    editor.stop_coordinator(WORKER, family)
    editor.take_off(WORKER, family, "prof-003")
    editor.undo(WORKER, family)
    back = editor.read(WORKER, family).card.person("prof-003")
    assert back is not None and back.ring == 3 and back.level("informational") == 2
    editor.undo(WORKER, family)
    assert editor.read(WORKER, family).card.coordinator["from"] == "prof-003"


def test_consent_linking_and_strangers(editor, family, audit):
    # without the parents' consent nothing is drawn
    editor.consent_to_draw(WORKER, family, given=False)
    with pytest.raises(ValidationError) as refused:
        editor.quick_add(WORKER, family, {"name": "oma Ria", "life_area": "family"}, {"ring": 2})
    assert refused.value.code == "NO_CONSENT_TO_DRAW" and refused.value.field == "consent"
    assert not editor.read(WORKER, family).card.people
    editor.consent_to_draw(WORKER, family, given=True)
    # two people of the family's own network are linked once; a professional is not linked this way
    editor.quick_add(WORKER, family, {"name": "oma Ria", "life_area": "family"}, {"ring": 1})
    view = editor.quick_add(WORKER, family, {"name": "tante Ans", "life_area": "family"}, {"ring": 2})
    ria, ans = person(view, "oma Ria"), person(view, "tante Ans")
    linked = editor.link_people(WORKER, family, ria.id, ans.id)
    assert any(t["kind"] == "knows" and {t["from"], t["to"]} == {ria.id, ans.id} for t in linked.card.ties)
    with pytest.raises(Conflict):
        editor.link_people(WORKER, family, ans.id, ria.id)
    editor.place(WORKER, family, "prof-003", {"ring": 3})
    with pytest.raises(ValidationError) as refused:
        editor.link_people(WORKER, family, ria.id, "prof-003")
    assert refused.value.code == "NOT_OWN_NETWORK"
    # a worker who is not assigned: the family is not there, and the attempts are audited
    with pytest.raises(NotFound):
        editor.workbench(STRANGER, family)
    with pytest.raises(NotFound):
        editor.quick_add(STRANGER, family, {"name": "x", "life_area": "family"}, {"ring": 1})
    assert [e["action"] for e in audit.events(family=family) if e["actor"] == "tok-s"] == ["denied", "denied"]
