"""Each gap signal of the network card fires when its situation is on the card, and not otherwise.

The demo families cover most rules over real store reads (tests/services/test_family_cards.py);
here every rule is shown firing and not firing on small hand-made cards.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

import graph_service.analysis.card_signals

from graph_service.analysis.card_signals import NAMES, SIGNALS, card_signals, load_config
from graph_service.domain.family_card import Card, CardPerson

TODAY = dt.date(2026, 6, 1)
ORGS = {
    "midwife": {"id": "vp", "kind": "organisation", "domain": "medical", "organisation_type": "midwife_practice"},
    "maternity": {"id": "kz", "kind": "organisation", "domain": "medical", "organisation_type": "maternity_care"},
    "jgz": {"id": "jgz", "kind": "organisation", "domain": "public_health", "organisation_type": "youth_health_care"},
    "team": {"id": "wt", "kind": "organisation", "domain": "social", "organisation_type": "neighbourhood_team"},
    "debts": {"id": "shv", "kind": "organisation", "domain": "social", "organisation_type": "debt_counselling"},
    "homestart": {"id": "hs", "kind": "organisation", "domain": "informal", "organisation_type": "volunteer_organisation"},
}


def friend(pid: str, ring: int = 2, area: str = "friends", **tie) -> CardPerson:
    return CardPerson({"id": pid, "kind": "network_person", "name": pid, "life_area": area,
                       "proximity": tie.pop("proximity", "walking_distance"),
                       "relationship": tie.pop("relationship", "vriendin")},
                      {"id": f"t-{pid}", "kind": "supports", "ring": ring, "since": "2026-01-01", **tie})


def pro(pid: str, org: str, ring: int = 2, **tie) -> CardPerson:
    return CardPerson({"id": pid, "kind": "professional", "name": pid},
                      {"id": f"t-{pid}", "kind": "supports", "ring": ring, "since": "2026-01-01", **tie}, ORGS[org])


def well_supported() -> Card:
    """A pregnant couple with a warm, varied network: no signal at all."""
    card = Card(family={"id": "f", "kind": "family", "label": "Gezin Test", "stage": "pregnant", "pregnancy_week": 30,
                        "created": "2026-05-20T10:00:00+00:00"}, as_of=TODAY.isoformat())
    card.members = [{"id": "m1", "label": "Anna", "role": "parent"}, {"id": "m2", "label": "Bas", "role": "co_parent"}]
    card.people = [
        friend("oma", 1, "family", emotional=2, practical=2, available_maternity=True, knows_situation="knows_most",
               direction="both", member="m1"),
        friend("vriendin", 1, emotional=2, informational=1, knows_situation="knows_little", direction="receives"),
        friend("buurman", 2, "neighbours", practical=1, direction="gives", member="m2"),
        pro("verloskundige", "midwife", informational=2),
    ]
    card.versions = [{"version": 1, "reviewed_on": "2026-05-20"}]
    return card


def fired(card: Card) -> set[str]:
    return {s.rule for s in card_signals(card, today=TODAY)}


def test_every_rule_has_a_name_in_both_languages():
    assert sorted(SIGNALS) == [f"G{i:02d}" for i in range(1, 20)] == sorted(NAMES)


def test_a_well_supported_card_has_no_signal():
    assert fired(well_supported()) == set()


def change(card: Card, **people_ties) -> Card:
    """A copy with some people's tie values changed (None removes a value)."""
    new = replace(card, people=[])
    for p in card.people:
        tie = dict(p.tie)
        for key, value in people_ties.get(p.id, {}).items():
            tie.pop(key, None) if value is None else tie.__setitem__(key, value)
        new.people.append(CardPerson(p.node, tie, p.organisation))
    return new


CASES = {
    "G01": lambda c: change(c, oma={"emotional": 0}, vriendin={"emotional": 0}, buurman={"emotional": 0}),
    "G02": lambda c: change(c, oma={"available_maternity": False}),
    "G03": lambda c: change(c, vriendin={"informational": 0}, verloskundige={"ring": 3}),
    "G04": lambda c: replace(c, people=[p for p in c.people if p.id != "buurman"]),
    "G05": lambda c: change(c, vriendin={"ring": 2}),
    "G06": lambda c: replace(c, people=c.people + [pro("huisarts", "midwife", 3), pro("wijkteam", "team", 3),
                                                   pro("jgz", "jgz", 3)]),
    "G07": lambda c: replace(c, people=[friend("oma", 1, "family", emotional=2, proximity="abroad"),
                                        friend("broer", 1, "family", emotional=1, proximity="far")] + c.people[2:]),
    "G08": lambda c: change(c, vriendin={"criticism": 1}),
    "G09": lambda c: change(c, oma={"direction": "receives"}, buurman={"direction": "receives"}),
    "G10": lambda c: replace(change(c, oma={"knows_situation": "knows_nothing"}, vriendin={"knows_situation": None}),
                             factors=[{"id": "r1", "factor_kind": "risk", "factor": "chronic_stress"}]),
    "G11": lambda c: replace(c, people=c.people + [pro("wijkteam", "team", 3)]),
    "G12": lambda c: replace(c, people=c.people + [pro("wijkteam", "team", 3)],
                             coordinator={"id": "co", "from": "wijkteam", "to": "f"}),
    "G13": lambda c: replace(c, family={**c.family, "stage": "postpartum", "weeks_since_birth": 2},
                             people=c.people + [pro("kraam", "maternity"), pro("jgz", "jgz")],
                             coordinator={"id": "co", "from": "jgz", "to": "f"}),
    "G14": lambda c: replace(c, factors=[{"id": "r1", "factor_kind": "risk", "factor": "debts"}]),
    "G15": lambda c: change(c, buurman={"until": (TODAY + dt.timedelta(days=10)).isoformat()}),
    "G16": lambda c: change(c, buurman={"member": None}),
    "G17": lambda c: replace(c, members=[{**c.members[0], "need_practical": "high", "satisfaction_practical": "low"},
                                         c.members[1]]),
    "G18": lambda c: replace(c, versions=[{"version": 1, "reviewed_on": "2026-02-01"}]),
    "G19": lambda c: change(c, oma={"emotional": 0}, vriendin={"emotional": 0}, buurman={"emotional": 0}),
}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_each_rule_fires_in_its_situation(rule):
    card = CASES[rule](well_supported())
    signals = [s for s in card_signals(card, today=TODAY) if s.rule == rule]
    assert signals, f"{rule} did not fire"
    for s in signals:
        assert s.nl and s.en and s.suggestion_nl and s.suggestion_en


RELIEF = {
    # the same situations with what closes them
    "G03": lambda c: change(CASES["G03"](c), buurman={"informational": 1}),
    "G08": lambda c: change(CASES["G08"](c), vriendin={"criticism": 1, "ring": 2}),
    "G12": lambda c: replace(CASES["G12"](c), ties=[{"id": "h", "kind": "hands_over", "from": "verloskundige",
                                                    "to": "wijkteam", "family": "f", "status": "done"}]),
    "G13": lambda c: replace(CASES["G13"](c), ties=[{"id": "h", "kind": "hands_over", "from": "kraam", "to": "jgz",
                                                    "family": "f", "status": "done"}]),
    "G14": lambda c: replace(CASES["G14"](c), people=c.people + [pro("schuldhulp", "debts", 3)],
                             coordinator={"id": "co", "from": "schuldhulp", "to": "f"}),
    "G15": lambda c: replace(CASES["G15"](c), agreements=[{"id": "a", "what": "opvolger", "status": "open",
                                                          "signal": "G15"}]),
    "G18": lambda c: replace(CASES["G18"](c), versions=[{"version": 2, "reviewed_on": "2026-05-01"}]),
    "G19": lambda c: replace(CASES["G19"](c), people=CASES["G19"](c).people + [pro("homestart", "homestart", 3)]),
}


@pytest.mark.parametrize("rule", sorted(RELIEF))
def test_what_closes_a_signal_closes_it(rule):
    assert rule in fired(CASES[rule](well_supported()))
    assert rule not in fired(RELIEF[rule](well_supported()))


def signal(card: Card, rule: str):
    [found] = [s for s in card_signals(card, today=TODAY) if s.rule == rule]
    return found


def test_what_the_card_leaves_open_is_asked_not_stated():
    # grandmother gives emotional support; whether she knows the situation was left empty
    concern = [{"id": "r1", "factor_kind": "risk", "factor": "chronic_stress"}]
    card = replace(change(well_supported(), oma={"knows_situation": None}, vriendin={"knows_situation": None},
                          buurman={"knows_situation": None}), factors=concern)
    asked = signal(card, "G10")
    assert asked.open_question and asked.evidence == ["oma", "vriendin", "buurman"]
    assert asked.nl == "Weten oma, vriendin en buurman wat er speelt? Dat is nog niet ingevuld op de kaart."
    assert "Niemand" not in asked.nl
    # answered "knows nothing" for everyone: now the card says it, and so does the signal
    told = signal(change(card, oma={"knows_situation": "knows_nothing"}, vriendin={"knows_situation": "knows_nothing"},
                         buurman={"knows_situation": "knows_nothing"}), "G10")
    assert not told.open_question and told.nl.startswith("Niemand uit uw eigen netwerk weet wat er speelt.")
    # emotional support left open for the one person on the card: asked about her by name
    one = replace(well_supported(), people=[friend("Tante Els", 1, "family", practical=1), pro("vk", "midwife")])
    g01 = signal(one, "G01")
    assert g01.open_question and g01.nl.startswith("Kunt u bij Tante Els terecht als het even niet gaat?")
    # a helper whose help in the maternity week was not asked yet
    g02 = signal(change(well_supported(), oma={"available_maternity": None}), "G02")
    assert g02.open_question and g02.nl.startswith("Kunnen oma en buurman ook in de kraamweek helpen?")


def test_signal_names_and_texts_match_what_the_card_holds():
    # two people of the family's own network and three professionals: not "only professionals"
    card = replace(well_supported(), people=[friend("oma", 1, "family", emotional=2), friend("buurman", 2, practical=1),
                                             pro("a", "midwife"), pro("b", "jgz"), pro("c", "team")])
    g06 = signal(card, "G06")
    assert NAMES["G06"][0] == "Meer professionals dan eigen netwerk"
    assert g06.nl.startswith("Op de kaart staan 3 professionals en 2 mensen uit uw eigen netwerk.")
    alone = signal(replace(card, people=card.people[2:]), "G06")
    assert alone.nl.startswith("Op de kaart staan alleen professionals.")
    # one person close by: singular, not "1 mensen"
    g04 = signal(replace(well_supported(), people=[friend("oma", 1, "family", emotional=2)]), "G04")
    assert g04.nl.startswith("Dichtbij staat 1 persoon uit uw eigen netwerk") and "1 mensen" not in g04.nl
    # informal options: the evidence is people on the card and the reason is in words, not signal ids
    g19 = signal(CASES["G19"](well_supported()), "G19")
    assert set(g19.evidence) == {"oma", "vriendin", "buurman"} and "geen emotionele steun" in g19.nl


def test_a_partner_in_tension_close_by_asks_for_a_safety_conversation():
    card = change(well_supported(), vriendin={"conflict": True})
    card.people[1].node["relationship"] = "partner"
    tension = next(s for s in card_signals(card, today=TODAY) if s.rule == "G08")
    assert tension.severity == "priority" and "meldcode" in tension.suggestion_nl


def test_thresholds_and_the_expected_support_matrix_are_configuration(tmp_path):
    default = (Path(graph_service.analysis.card_signals.__file__).parents[1] / "schema" / "card_signals.toml")
    text = default.read_text(encoding="utf-8")
    text = text.replace("small_network = 3", "small_network = 5")
    text += '\n[expected_support.chronic_stress]\norganisation_types = ["welfare"]\nnl = "welzijn"\nen = "welfare"\n'
    custom = tmp_path / "card_signals.toml"
    custom.write_text(text, encoding="utf-8")
    card = replace(well_supported(), factors=[{"id": "r1", "factor_kind": "risk", "factor": "chronic_stress"}])
    assert not {"G04", "G14"} & {s.rule for s in card_signals(card, load_config(), TODAY)}
    assert {"G04", "G14"} <= {s.rule for s in card_signals(card, load_config(custom), TODAY)}
