"""Coalitions modelled on Dutch "Kansrijke Start" practice, each with what an adviser expects the
gap analysis to say and what it must not say. Names are invented; the shapes are not: a city
coalition of sixteen partners, a village with one of everything, the medical and social worlds
joined through one youth health care team, a region of four towns.
"""

from __future__ import annotations

from .model import CoalitionBuilder, Expect, Scenario

PILLARS = ("shared_goals", "monitoring_learning", "community_approach", "care_palette", "chain_coordination")
BOARD = ("governance", "management")


def city(name: str = "Kansrijke Start Havenstad") -> CoalitionBuilder:
    """Sixteen partners that work the way the programme hopes: every domain and level at the table,
    warm handovers after the maternity period, communities reached through key figures."""
    c = CoalitionBuilder(name)
    c.org("vp", "Verloskundigen Havenstad", "midwife_practice", ["preconception", "pregnancy", "birth_maternity"])
    c.org("kz", "Kraamzorg De Haven", "maternity_care", ["birth_maternity"])
    c.org("ha", "Huisartsen Centrum", "gp_practice")
    c.org("zkh", "Havenziekenhuis", "hospital", ["pregnancy", "birth_maternity"])
    c.org("jgz", "JGZ Havenstad", "youth_health_care", ["pregnancy", "zero_to_two"])
    c.org("ggd", "GGD Havenregio", "municipal_health_service", ["preconception", "pregnancy"])
    c.org("wt", "Wijkteam Havenstad", "neighbourhood_team")
    c.org("shv", "Schuldhulp Havenstad", "debt_counselling", ["pregnancy", "zero_to_two"])
    c.org("woon", "Havenwonen", "housing_corporation", ["pregnancy", "zero_to_two"])
    c.org("welzijn", "Welzijn Havenstad", "welfare")
    c.org("hs", "Home-Start Havenstad", "volunteer_organisation", ["pregnancy", "zero_to_two"], levels=("practice",))
    c.org("moskee", "Moskee Al Noor", "community_place", ["pregnancy", "zero_to_two"], levels=("practice",))
    c.org("gem", "Gemeente Havenstad", "municipality", levels=BOARD)
    c.org("zv", "Zorgverzekeraar Kust", "health_insurer", levels=BOARD)
    c.person("ouders", "Ervaringsdeskundige ouders", lived_experience=True)
    c.person("kf", "Sleutelpersoon Marokkaanse moeders", key_figure=True)
    c.work(("vp", "kz"), ("vp", "zkh"), ("vp", "ha"), ("kz", "zkh"), ("jgz", "wt"), ("jgz", "ggd"), ("ha", "wt"),
           ("vp", "wt"), ("zkh", "wt"), ("wt", "shv"), ("wt", "woon"), ("wt", "welzijn"), ("jgz", "hs"),
           ("wt", "hs"), ("welzijn", "moskee"), ("kf", "wt"), ("kf", "jgz"), ("ouders", "jgz"), ("ouders", "wt"),
           ("gem", "wt"), ("gem", "jgz"), ("gem", "ggd"), ("zv", "zkh"), ("zv", "vp"), ("gem", "zv"), ("ggd", "vp"),
           ("hs", "welzijn"), ("woon", "shv"), ("ha", "jgz"), ("kz", "jgz"), ("shv", "vp"), ("moskee", "jgz"),
           ("ha", "shv"), ("woon", "jgz"), ("welzijn", "vp"))
    c.work(("kz", "jgz"), ("vp", "jgz"), ("vp", "wt"), kind="warm_handover")
    c.community("com-mar", "Marokkaanse moeders", "kf", "welzijn")
    c.community("com-tur", "Turkse families", "moskee", "jgz")
    c.offer("o-pre", "Preconceptiespreekuur", "preconception_advice", ["preconception"], "ggd", pillars=PILLARS[:2])
    c.offer("o-cur", "Zwangerschapscursus", "pregnancy_course", ["pregnancy"], "vp", pillars=("care_palette",))
    c.offer("o-kz", "Kraamzorg thuis", "maternity_care", ["birth_maternity"], "kz", pillars=("care_palette",))
    c.offer("o-cb", "Consultatiebureau", "well_baby_care", ["zero_to_two"], "jgz", pillars=("chain_coordination",))
    c.offer("o-hs", "Home-Start", "home_visiting_volunteers", ["zero_to_two"], "hs", pillars=("community_approach",))
    c.offer("o-geld", "Geldzorgenspreekuur", "financial_support", ["pregnancy", "zero_to_two"], "shv")
    return c


def _complete() -> Scenario:
    return Scenario("stad-compleet", "A city coalition of sixteen partners that works as the programme hopes.",
                    expect=[], coalition=city(),
                    must_not=[Expect("weak_cross_domain_ties"), Expect("isolated_member"), Expect("missing_level"),
                              Expect("single_broker"), Expect("no_warm_handover"), Expect("missing_partner_type")])


def _no_handover_after_maternity() -> Scenario:
    c = city()
    c.ties = [t for t in c.ties if not (t["from"] == "kz" and t["to"] == "jgz")]
    return Scenario("stad-zonder-knip", "Maternity care works with the midwives and the hospital, but hands no "
                    "family over to JGZ or the neighbourhood team: families fall into the gap after the maternity week.",
                    coalition=c,
                    expect=[Expect("no_warm_handover", key="maternity_care", nodes=("kz",), words="Kraamzorg De Haven")],
                    must_not=[Expect("no_warm_handover", key="midwife_practice"), Expect("isolated_member")])


def village() -> CoalitionBuilder:
    c = CoalitionBuilder("Kansrijke Start Veendorp")
    c.org("ha", "Huisartsenpraktijk Veendorp", "gp_practice")
    c.org("vp", "Verloskundige Veendorp", "midwife_practice", ["pregnancy", "birth_maternity"])
    c.org("kz", "Kraamzorg Het Veen", "maternity_care", ["birth_maternity"])
    c.org("jgz", "JGZ Veenstreek", "youth_health_care", ["pregnancy", "zero_to_two"])
    c.org("wt", "Sociaal team Veendorp", "neighbourhood_team")
    c.org("gem", "Gemeente Veendorp", "municipality", levels=BOARD)
    c.org("kerk", "Dorpskerk", "community_place", levels=("practice",))
    c.org("hs", "Vrijwilligers Veendorp", "volunteer_organisation", levels=("practice",))
    c.work(("vp", "kz"), ("vp", "jgz"), ("jgz", "wt"), ("vp", "wt"), ("wt", "kerk"), ("wt", "hs"), ("gem", "wt"),
           ("gem", "jgz"), ("jgz", "hs"), ("kz", "jgz"))
    c.work(("kz", "jgz"), ("vp", "jgz"), kind="warm_handover")
    c.community("com-dorp", "Jonge gezinnen in het buitengebied", "kerk", "jgz")
    c.offer("o-pre", "Kinderwensspreekuur", "preconception_advice", ["preconception"], "vp", pillars=PILLARS)
    return c


def _village() -> Scenario:
    return Scenario("dorp-klein", "A village coalition with one partner of each kind; the GP is a member but works "
                    "with nobody, and debt counselling, housing, the insurer and parents with lived experience are "
                    "not at the table yet.", coalition=village(),
                    expect=[Expect("isolated_member", nodes=("ha",), words="Huisartsenpraktijk Veendorp"),
                            Expect("missing_partner_type", words="'schuldhulpverlening'")],
                    must_not=[Expect("weak_cross_domain_ties"), Expect("missing_level", key="informal"),
                              Expect("missing_domain"), Expect("no_warm_handover"), Expect("single_broker")])


def _two_worlds() -> Scenario:
    c = city("Kansrijke Start Tweestromen")
    medical, social = {"vp", "kz", "ha", "zkh"}, {"wt", "shv", "woon", "welzijn"}
    c.ties = [t for t in c.ties if not ({t["from"], t["to"]} & medical and {t["from"], t["to"]} & social)]
    return Scenario("gescheiden-werelden", "Midwives, maternity care, GPs and the hospital on one side, the "
                    "neighbourhood team, debt counselling, housing and welfare on the other; only JGZ works with both.",
                    coalition=c,
                            expect=[Expect("single_broker", key="jgz", words="JGZ Havenstad"),
                            Expect("weak_cross_domain_ties", key="medical|social")],
                    must_not=[Expect("isolated_member", nodes=("jgz",)), Expect("missing_partner_type")])


def _unreached() -> Scenario:
    c = city("Kansrijke Start Nieuwwijk")
    c.person("kf2", "Sleutelpersoon Eritrese gemeenschap", key_figure=True)
    c.community("com-erit", "Eritrese gemeenschap", "kf2")
    c.community("com-pools", "Poolse arbeidsmigranten")
    return Scenario("onbereikte-gemeenschappen", "Polish labour migrants are reached by no partner; the Eritrean "
                    "community only through one key figure who knows no professional.", coalition=c,
                    expect=[Expect("unreached_community", key="com-pools"),
                            Expect("unreached_community", key="com-erit", words="één sleutelpersoon"),
                            Expect("isolated_member", nodes=("kf2",))],
                    must_not=[Expect("unreached_community", key="com-mar"), Expect("unreached_community", key="com-tur")])


def _overlap() -> Scenario:
    c = city("Kansrijke Start Drieborg")
    c.offer("bv1", "Borstvoedingsvoorlichting verloskundige", "breastfeeding_information", ["pregnancy"], "vp")
    c.offer("bv2", "Borstvoedingsvoorlichting kraamzorg", "breastfeeding_information", ["birth_maternity"], "kz")
    c.offer("bv3", "Borstvoedingsspreekuur", "breastfeeding_information", ["zero_to_two"], "jgz")
    c.offer("rook1", "Rookvrije start", "stop_smoking", ["pregnancy"], "vp")
    c.offer("rook2", "Stoppen met roken", "stop_smoking", ["pregnancy"], "ha")
    return Scenario("dubbel-aanbod", "Three partners each give breastfeeding information, one phase after the "
                    "other (the municipality that bought it three times); two give stop-smoking support.", coalition=c,
                    expect=[Expect("overlap", nodes=("vp", "kz", "jgz"), words="borstvoedingsvoorlichting")],
                    must_not=[Expect("overlap", words="stoppen met roken")])


def _new_coalition() -> Scenario:
    c = city("Kansrijke Start Nieuwstad")
    for node in c.nodes.values():
        node["pillars"] = []
        if node["kind"] == "organisation":
            node["phases"] = [p for p in node["phases"] if p != "preconception"]
    c.ties = [t for t in c.ties if t["from"] != "o-pre" and t["to"] != "o-pre"]
    del c.nodes["o-pre"]
    return Scenario("nieuwe-coalitie", "A coalition in its first year: nothing recorded yet for any of the five "
                    "pillars, and nobody offers anything before pregnancy.", coalition=c,
                    expect=[Expect("phase_gap", words="'voor de zwangerschap'"),
                            Expect("pillar_without_activity", words="geen van de vijf pijlers")],
                    must_not=[Expect("pillar_without_activity", words="Voor de pijler ")])


def _no_informal() -> Scenario:
    c = city("Kansrijke Start Zakelijk")
    for node in ("hs", "moskee", "ouders", "kf"):
        c.ties = [t for t in c.ties if node not in (t["from"], t["to"])]
        del c.nodes[node]
    c.community("com-mar", "Marokkaanse moeders", "welzijn")
    return Scenario("zonder-informeel", "Professionals only: no volunteer organisation, no key figure, no parents "
                    "with lived experience at the table.", coalition=c,
                    expect=[Expect("missing_domain", key="informal"),
                            Expect("missing_partner_type", words="'ouders met ervaringskennis'")],
                    must_not=[Expect("missing_level", key="informal"), Expect("weak_cross_domain_ties")])


def _ordinary_chain() -> Scenario:
    c = city("Kansrijke Start Ketenstad")
    c.ties = [t for t in c.ties if not ({t["from"], t["to"]} == {"kz", "jgz"} and t["kind"] == "collaborates_with")]
    return Scenario("gewone-keten", "Maternity care works with the midwives and the hospital only, and hands over to "
                    "JGZ: the ordinary medical chain, no gap.", coalition=c, expect=[],
                    must_not=[Expect("isolated_member"), Expect("no_warm_handover")])


def region() -> CoalitionBuilder:
    """Four towns around one hospital, one JGZ and one insurer: 38 partners."""
    c = CoalitionBuilder("Kansrijke Start Regio Rivierland")
    c.org("zkh", "Rivierziekenhuis", "hospital", ["pregnancy", "birth_maternity"])
    c.org("jgz", "JGZ Rivierland", "youth_health_care", ["pregnancy", "zero_to_two"])
    c.org("ggd", "GGD Rivierland", "municipal_health_service", ["preconception", "pregnancy"])
    c.org("zv", "Zorgverzekeraar Rivier", "health_insurer", levels=BOARD)
    c.org("ggz", "GGZ Rivierland", "mental_health_care", ["pregnancy", "zero_to_two"])
    c.person("ouders", "Ouderpanel Rivierland", lived_experience=True)
    c.work(("zkh", "jgz"), ("zkh", "zv"), ("jgz", "ggd"), ("ggz", "zkh"), ("ggz", "jgz"), ("ouders", "jgz"))
    for i, town in enumerate(("Aadorp", "Beekum", "Cranendal", "Dijkveld")):
        t = str(i)
        c.org(f"vp{t}", f"Verloskundigen {town}", "midwife_practice", ["preconception", "pregnancy", "birth_maternity"])
        c.org(f"kz{t}", f"Kraamzorg {town}", "maternity_care", ["birth_maternity"])
        c.org(f"ha{t}", f"Huisartsen {town}", "gp_practice")
        c.org(f"wt{t}", f"Wijkteam {town}", "neighbourhood_team")
        c.org(f"shv{t}", f"Schuldhulp {town}", "debt_counselling", ["pregnancy", "zero_to_two"])
        c.org(f"woon{t}", f"Woonstichting {town}", "housing_corporation", ["pregnancy", "zero_to_two"])
        c.org(f"vrij{t}", f"Vrijwilligers {town}", "volunteer_organisation", ["zero_to_two"], levels=("practice",))
        c.org(f"gem{t}", f"Gemeente {town}", "municipality", levels=BOARD)
        c.work((f"vp{t}", f"kz{t}"), (f"vp{t}", "zkh"), (f"kz{t}", "zkh"), (f"vp{t}", f"wt{t}"), (f"ha{t}", f"wt{t}"),
               (f"ha{t}", f"vp{t}"), (f"wt{t}", "jgz"), (f"wt{t}", f"shv{t}"), (f"wt{t}", f"woon{t}"),
               (f"vrij{t}", f"wt{t}"), (f"vrij{t}", "jgz"), (f"gem{t}", f"wt{t}"), (f"gem{t}", "jgz"),
               (f"gem{t}", "zv"), (f"shv{t}", f"vp{t}"), (f"woon{t}", f"shv{t}"), (f"kz{t}", "jgz"),
               (f"ha{t}", "jgz"), (f"woon{t}", "jgz"))
        c.work((f"kz{t}", "jgz"), (f"vp{t}", "jgz"), (f"vp{t}", f"wt{t}"), kind="warm_handover")
        c.work(("ggd", f"gem{t}"), ("ggz", f"wt{t}"))
        c.community(f"com{t}", f"Nieuwkomers {town}", f"vrij{t}", f"wt{t}")
    c.offer("o-pre", "Kinderwensspreekuur", "preconception_advice", ["preconception"], "ggd", pillars=PILLARS)
    c.offer("o-cb", "Consultatiebureau", "well_baby_care", ["zero_to_two"], "jgz")
    # Cranendal's GP is a member on paper only, and Dijkveld's debt counselling is reached only
    # through its neighbourhood team
    c.ties = [t for t in c.ties if "ha2" not in (t["from"], t["to"]) or t["kind"] == "member_of"]
    c.ties = [t for t in c.ties if not ({t["from"], t["to"]} in ({"shv3", "vp3"}, {"shv3", "woon3"}))]
    return c


def _region() -> Scenario:
    return Scenario("regio-groot", "A region of four towns and shared regional partners, 38 in all; one GP "
                    "practice works with nobody and one debt counselling service is reached through one team only.",
                    coalition=region(),
                    expect=[Expect("isolated_member", nodes=("ha2",), words="Huisartsen Cranendal"),
                            Expect("isolated_member", key="inward|social", nodes=("shv3",),
                                   words="Schuldhulp Dijkveld (alleen via Wijkteam Dijkveld)"),
                            # one regional youth health care team carries most bridges: a real dependency
                            Expect("single_broker", key="jgz", words="JGZ Rivierland draagt")],
                    must_not=[Expect("weak_cross_domain_ties"), Expect("missing_level"), Expect("no_warm_handover"),
                              Expect("isolated_member", nodes=("kz0",)), Expect("single_broker", key="zkh")])


SCENARIOS = [_complete(), _no_handover_after_maternity(), _village(), _two_worlds(), _unreached(), _overlap(),
             _new_coalition(), _no_informal(), _ordinary_chain(), _region()]
