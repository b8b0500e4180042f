"""Family network cards modelled on the three situations of practice and on what neighbourhood
teams meet most, each with the signals an experienced worker expects and those that would be
wrong. The first three follow the composite situations the programme describes; the others are
a teenage mother, a well-supported couple, a card left half filled in, a refugee family with its
family abroad, and a family with many professionals and nobody in charge.
"""

from __future__ import annotations

from .model import Expect, Scenario, card, professional, relative

COUPLE = [{"id": "m1", "label": "Sanne", "role": "parent"}, {"id": "m2", "label": "Rachid", "role": "co_parent"}]


def _second_child() -> Scenario:
    people = [
        relative("Zus Naima", 1, emotional=2, practical=1, knows_situation="knows_most", available_maternity=True,
                 member="m1"),
        relative("Buurvrouw Ans", 2, "neighbours", practical=2, emotional=1, knows_situation="knows_little",
                 available_maternity=True, member="m1"),
        relative("Collega Dirk", 2, "work_school", informational=1, emotional=1, knows_situation="knows_little",
                 member="m2"),
        professional("Verloskundige Eva", "midwife", informational=2),
        professional("Wijkwerker Joost", "team", informational=1),
    ]
    return Scenario("situatie-1-tweede-kind", "A couple expecting their second child in a small flat; reading is "
                    "hard, money is short, and the mother was depressed for long after the first birth.",
                    card=card("Gezin Berk", "pregnant", people, risks=("earlier_depression", "debts", "low_literacy"),
                              members=COUPLE, coordinator="wijkwerker-joost", pregnancy_week=20),
                    expect=[Expect("G14", key="G14:earlier_depression"), Expect("G14", key="G14:debts"),
                            Expect("G14", key="G14:low_literacy"), Expect("G12"),
                            Expect("G05", words="In de binnenste ring staat één persoon (Zus Naima)")],
                    must_not=[Expect("G01"), Expect("G06"), Expect("G10"), Expect("G11"), Expect("G04")])


def _single_mother() -> Scenario:
    people = [
        relative("Vriendinnen van vroeger", 3, "friends", emotional=0, practical=0, knows_situation="knows_nothing",
                 proximity="within_hour"),
        professional("Verloskundige Eva", "midwife", 2, informational=2),
        professional("Kraamverzorgende Ria", "maternity", 1, practical=2),
    ]
    mother = [{"id": "m1", "label": "Mila", "role": "parent", "need_emotional": "high", "satisfaction_emotional": "low"},
              {"id": "m3", "label": "Baby Noor", "role": "child"}]
    return Scenario("situatie-2-alleenstaande-moeder", "A single mother two weeks after the birth: many friends she "
                    "says, but she came alone to every appointment; a history of abuse surfaced at the delivery.",
                    card=card("Gezin Linde", "postpartum", people, members=mother, weeks_since_birth=2,
                              risks=("single_parent", "history_of_abuse", "no_social_network")),
                    expect=[Expect("G01", open_question=False), Expect("G04"), Expect("G06", words="2 professionals en 1 persoon"),
                            Expect("G10", open_question=False), Expect("G13"), Expect("G14", key="G14:history_of_abuse"),
                            Expect("G14", key="G14:no_social_network"), Expect("G14", key="G14:stage.postpartum"),
                            Expect("G17"), Expect("G19"), Expect("G02")],
                    must_not=[Expect("G16"), Expect("G11"), Expect("G03")])


def _young_couple() -> Scenario:
    people = [
        relative("Moeder van Lisa", 1, emotional=2, practical=1, knows_situation="knows_most",
                 available_maternity=False, member="m1"),
        relative("Jeroen", 2, "friends", emotional=1, knows_situation="knows_little", member="m2"),
        professional("Verloskundige Eva", "midwife", 2, informational=2),
    ]
    members = [{"id": "m1", "label": "Lisa", "role": "parent"}, {"id": "m2", "label": "Tim", "role": "co_parent"}]
    return Scenario("situatie-3-jong-stel", "A young couple expecting their first child, unprepared but happy; few "
                    "friends with children; the father smokes and knows nobody who managed to quit.",
                    card=card("Gezin Klaver", "pregnant", people, members=members, risks=("smoking",),
                              first_child=True, pregnancy_week=24),
                    expect=[Expect("G14", key="G14:smoking"), Expect("G04", words="2 mensen"), Expect("G02"),
                            Expect("G19"), Expect("G05", words="Moeder van Lisa")],
                    must_not=[Expect("G16"), Expect("G06"), Expect("G01"), Expect("G10")])


def _teenage_mother(with_voorzorg: bool) -> Scenario:
    people = [
        relative("Oma Joke", 1, emotional=2, practical=2, informational=1, knows_situation="knows_most",
                 available_maternity=True),
        relative("Vriendin Kim", 2, "friends", emotional=1, knows_situation="knows_little"),
        relative("Tante Mar", 2, practical=1, knows_situation="knows_little", available_maternity=True),
        professional("Verloskundige Eva", "midwife", 2, informational=2),
    ]
    if with_voorzorg:
        people.append(professional("Jeugdverpleegkundige Inge", "jgz", 2, informational=2,
                                   focus=["intensive_home_visiting"]))
    mother = [{"id": "m1", "label": "Demi", "role": "parent", "birth_year": 2009}]
    name = "tienermoeder-met-voorzorg" if with_voorzorg else "tienermoeder"
    # she lives with her grandmother: the one person in the inner ring
    expect = [Expect("G05", words="Oma Joke")]
    # two professionals from two worlds: who is her main contact (often the youth nurse)
    expect += [Expect("G11")] if with_voorzorg else [Expect("G14", key="G14:young_parent", words="VoorZorg")]
    return Scenario(name, "A sixteen-year-old expecting her first child, living with her grandmother"
                    + (", with intensive home visits by a youth nurse." if with_voorzorg else "."),
                    card=card("Gezin Roos", "pregnant", people, members=mother, risks=("young_parent",),
                              first_child=True, pregnancy_week=16),
                    expect=expect,
                    must_not=[Expect("G01"), Expect("G06"), Expect("G10")]
                    + ([Expect("G14", key="G14:young_parent")] if with_voorzorg else []))


def _well_supported() -> Scenario:
    people = [
        relative("Oma Wil", 1, emotional=2, practical=2, knows_situation="knows_most", available_maternity=True,
                 direction="both", member="m1"),
        relative("Vriendin Sara", 1, "friends", emotional=2, informational=1, knows_situation="knows_little",
                 direction="receives"),
        relative("Buurman Kees", 2, "neighbours", practical=1, emotional=0, direction="gives", member="m2"),
        professional("Verloskundige Eva", "midwife", 2, informational=2),
    ]
    return Scenario("goed-omringd", "A couple expecting their first child with family and friends close by.",
                    card=card("Gezin Eik", "pregnant", people, members=COUPLE, pregnancy_week=30),
                    expect=[], must_not=[Expect(rule) for rule in ("G01", "G02", "G03", "G04", "G05", "G06", "G10")])


def _half_filled() -> Scenario:
    people = [
        relative("Oma Fatima", 1, emotional=2, practical=2, available_maternity=True),
        relative("Vriend Yusuf", 2, "friends", emotional=1, informational=1, available_maternity=True, member="m2"),
        relative("Buurvrouw Lies", 2, "neighbours", practical=1, emotional=0, available_maternity=True),
        professional("Verloskundige Eva", "midwife", 2, informational=2),
    ]
    return Scenario("half-ingevuld", "The grandmother gives much emotional support; whether anyone knows what goes "
                    "on was not asked yet.",
                    card=card("Gezin Esdoorn", "pregnant", people, members=COUPLE, risks=("chronic_stress",),
                              pregnancy_week=28),
                    expect=[Expect("G10", open_question=True, words="Weten Oma Fatima, Vriend Yusuf en Buurvrouw Lies"),
                            Expect("G05", words="Oma Fatima")],
                    must_not=[Expect("G10", open_question=False), Expect("G01"), Expect("G19")])


def _refugee_family() -> Scenario:
    people = [
        relative("Moeder (Eritrea)", 1, emotional=2, proximity="abroad", knows_situation="knows_most"),
        relative("Broer (Duitsland)", 1, emotional=1, informational=1, proximity="far", knows_situation="knows_most",
                 member="m2"),
        professional("Jeugdverpleegkundige Inge", "jgz", 2, informational=2),
        professional("Wijkwerker Joost", "team", 2, practical=1),
    ]
    return Scenario("vluchtelingengezin", "A refugee couple with a baby of three months; the people closest to them "
                    "live abroad.", card=card("Gezin Akasia", "child_0_2", people, members=COUPLE,
                                              risks=("refugee_family", "migration_background"), child_age_months=3,
                                              coordinator="wijkwerker-joost"),
                    expect=[Expect("G07"), Expect("G04", words="2 mensen"), Expect("G19"), Expect("G12")],
                    must_not=[Expect("G06"), Expect("G01"), Expect("G10"), Expect("G13")])


def _many_professionals() -> Scenario:
    people = [
        relative("Zus Mira", 1, emotional=2, practical=1, knows_situation="knows_most", available_maternity=True),
        relative("Vriendin Joy", 2, "friends", emotional=1, informational=1, knows_situation="knows_little",
                 available_maternity=False),
        professional("Verloskundige Eva", "midwife", 2, informational=2),
        professional("GGZ-behandelaar Tom", "mental", 3, emotional=1),
        professional("Wijkwerker Joost", "team", 2, practical=1),
        professional("Schuldhulpverlener Bea", "debts", 3, practical=1),
    ]
    return Scenario("veel-professionals", "Four professionals from three worlds around one pregnant mother, who do "
                    "not know each other, and nobody who keeps the overview.",
                    card=card("Gezin Wilg", "pregnant", people, risks=("psychiatric_problems", "debts"),
                              pregnancy_week=22),
                    expect=[Expect("G11", words="4 professionals"), Expect("G12"),
                            Expect("G06", words="4 professionals en 2 mensen"), Expect("G04", words="2 mensen"),
                            Expect("G05", words="Zus Mira"), Expect("G19")],
                    must_not=[Expect("G13"), Expect("G14"), Expect("G01")])


SCENARIOS = [_second_child(), _single_mother(), _young_couple(), _teenage_mother(False), _teenage_mother(True),
             _well_supported(), _half_filled(), _refugee_family(), _many_professionals()]
