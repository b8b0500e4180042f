"""Write the demo coalition to `graph_service/demo_data/coalition.json` (deterministic: same file every run).

    python seed_data/make_demo.py

A fictional municipality, Dijkhaven, with its coalition Kansrijke Start and a neighbouring
coalition (Buurdorp) that shares the regional partners. The gaps a coordinator should find are
planted on purpose:
- the GP practices are members but tied to nobody;
- debt counselling is reached only through one neighbourhood team;
- the Eritrean community is reached only through one key figure, Polish labour migrants not at all;
- breastfeeding information is offered by three organisations for the same phase;
- maternity care has no warm handover to youth health care (JGZ).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "graph_service" / "demo_data" / "coalition.json"
C1, C2 = "kansrijk-dijkhaven", "kansrijk-buurdorp"

# id, name, domain, type, phases, regional, level, extra coalitions
ORGANISATIONS = [
    ("vp-noord", "Verloskundigenpraktijk Noord", "medical", "midwife_practice", ["preconception", "pregnancy", "birth_maternity"], False, "practice"),
    ("vp-centrum", "Verloskundigen Centrum De Haven", "medical", "midwife_practice", ["pregnancy", "birth_maternity"], False, "practice"),
    ("vp-zuid", "Verloskundigenpraktijk Zuid", "medical", "midwife_practice", ["pregnancy", "birth_maternity"], False, "practice"),
    ("kz-wieg", "Kraamzorg De Wieg", "medical", "maternity_care", ["birth_maternity"], False, "practice"),
    ("kz-rivier", "Kraamzorg Rivierland", "medical", "maternity_care", ["birth_maternity"], True, "management"),
    ("ha-dijk", "Huisartsenpraktijk Dijkzicht", "medical", "gp_practice", ["preconception", "zero_to_two"], False, "practice"),
    ("ha-haven", "Huisartsen De Haven", "medical", "gp_practice", ["preconception", "zero_to_two"], False, "practice"),
    ("ha-molen", "Huisartsenpraktijk De Molen", "medical", "gp_practice", ["preconception"], False, "practice"),
    ("ha-zuid", "Gezondheidscentrum Zuid", "medical", "gp_practice", ["preconception", "zero_to_two"], False, "practice"),
    ("zkh-rivier", "Ziekenhuis Rivierenland (integrale gezinspoli)", "medical", "hospital", ["pregnancy", "birth_maternity"], True, "governance"),
    ("ggz-rivier", "GGZ Rivierenland", "medical", "mental_health_care", ["pregnancy", "zero_to_two"], True, "management"),
    ("vz-rivier", "Verslavingszorg Rivierenland", "medical", "addiction_care", ["pregnancy"], True, "practice"),
    ("vsv-rivier", "VSV Rivierenland", "medical", "regional_obstetric_partnership", ["pregnancy", "birth_maternity"], True, "management"),
    ("lact-dijk", "Lactatiekundigen Dijkhaven", "medical", "other", ["birth_maternity", "zero_to_two"], False, "practice"),
    ("echo-dijk", "Echocentrum Dijkhaven", "medical", "other", ["pregnancy"], False, "practice"),
    ("apo-dijk", "Apotheek Dijkhaven", "medical", "other", ["preconception", "pregnancy"], False, "practice"),
    ("jgz-dijk", "JGZ Dijkhaven (consultatiebureau)", "public_health", "youth_health_care", ["pregnancy", "zero_to_two"], False, "practice"),
    ("jgz-rivier", "JGZ Rivierenland", "public_health", "youth_health_care", ["pregnancy", "zero_to_two"], True, "management"),
    ("cb-noord", "Consultatiebureau Noord", "public_health", "youth_health_care", ["zero_to_two"], False, "practice"),
    ("ggd-rivier", "GGD Rivierenland", "public_health", "municipal_health_service", ["preconception", "pregnancy"], True, "governance"),
    ("wt-noord", "Sociaal Wijkteam Noord", "social", "neighbourhood_team", ["pregnancy", "zero_to_two"], False, "practice"),
    ("wt-centrum", "Sociaal Wijkteam Centrum", "social", "neighbourhood_team", ["pregnancy", "zero_to_two"], False, "practice"),
    ("wt-zuid", "Sociaal Wijkteam Zuid", "social", "neighbourhood_team", ["zero_to_two"], False, "practice"),
    ("mw-dijk", "Maatschappelijk Werk Dijkhaven", "social", "social_work", ["pregnancy", "zero_to_two"], False, "practice"),
    ("jh-rivier", "Jeugdhulp Rivierenland", "social", "social_work", ["zero_to_two"], True, "management"),
    ("shv-dijk", "Schuldhulpverlening Dijkhaven", "social", "debt_counselling", ["pregnancy", "zero_to_two"], False, "practice"),
    ("woon-haven", "Woonstichting De Haven", "social", "housing_corporation", ["pregnancy"], False, "management"),
    ("woon-rivier", "Rivierwonen", "social", "housing_corporation", [], True, "management"),
    ("welzijn-dijk", "Welzijn Dijkhaven", "social", "welfare", ["pregnancy", "zero_to_two"], False, "practice"),
    ("welzijn-vlucht", "Vluchtelingenwerk Dijkhaven", "social", "welfare", ["pregnancy", "zero_to_two"], False, "practice"),
    ("kdv-bolder", "Kinderopvang De Bolder", "social", "childcare", ["zero_to_two"], False, "practice"),
    ("kdv-ster", "Kinderopvang Sterrenkind", "social", "childcare", ["zero_to_two"], False, "practice"),
    ("kdv-pluk", "Peuteropvang Pluk", "social", "childcare", ["zero_to_two"], False, "practice"),
    ("school-rank", "Basisschool De Rank", "social", "school", [], False, "practice"),
    ("school-mbo", "MBO Rivierland (opleiding zorg)", "social", "school", ["preconception"], True, "practice"),
    ("veilig-thuis", "Veilig Thuis Rivierenland", "social", "other", ["pregnancy", "zero_to_two"], True, "management"),
    ("wi-dijk", "Werk en Inkomen Dijkhaven", "social", "other", ["pregnancy", "zero_to_two"], False, "practice"),
    ("bieb-dijk", "Bibliotheek Dijkhaven (Taalhuis)", "social", "other", ["zero_to_two"], False, "practice"),
    ("homestart", "Home-Start Dijkhaven", "informal", "volunteer_organisation", ["pregnancy", "zero_to_two"], False, "practice"),
    ("buurtgezin", "Buurtgezinnen Dijkhaven", "informal", "volunteer_organisation", ["zero_to_two"], False, "practice"),
    ("humanitas", "Humanitas Thuisadministratie", "informal", "volunteer_organisation", ["pregnancy", "zero_to_two"], False, "practice"),
    ("ervaring", "Collectief Ervaringsdeskundige Ouders", "informal", "volunteer_organisation", ["pregnancy", "zero_to_two"], False, "practice"),
    ("vetc", "VETC-voorlichters Dijkhaven", "informal", "volunteer_organisation", ["pregnancy", "zero_to_two"], False, "practice"),
    ("voedselbank", "Voedselbank Dijkhaven", "informal", "volunteer_organisation", [], False, "practice"),
    ("taalmaatjes", "Taalmaatjes Dijkhaven", "informal", "volunteer_organisation", ["zero_to_two"], False, "practice"),
    ("amal", "Vrouwencentrum Amal", "informal", "volunteer_organisation", ["pregnancy", "zero_to_two"], False, "practice"),
    ("moskee", "Moskee Al Fath", "informal", "community_place", [], False, "practice"),
    ("kerk-haven", "Havenkerk", "informal", "community_place", [], False, "practice"),
    ("kerk-molen", "Gereformeerde Kerk De Molen", "informal", "community_place", [], False, "practice"),
    ("vv-dijk", "VV Dijkhaven (voetbal)", "informal", "community_place", ["pregnancy"], False, "practice"),
    ("buurthuis", "Buurthuis De Brug", "informal", "community_place", ["pregnancy", "zero_to_two"], False, "practice"),
    ("ouderkamer", "Ouderkamer De Kapstok", "informal", "community_place", ["zero_to_two"], False, "practice"),
    ("gem-dijk", "Gemeente Dijkhaven", "policy", "municipality", ["preconception", "pregnancy", "birth_maternity", "zero_to_two"], False, "governance"),
    ("zv-rivier", "Zorgverzekeraar Rivierzorg", "policy", "health_insurer", [], True, "governance"),
    ("regio", "Regio Rivierenland (samenwerking sociaal domein)", "policy", "other", [], True, "management"),
    ("fonds", "Fonds Goede Start", "policy", "other", [], False, "governance"),
    ("gem-buur", "Gemeente Buurdorp", "policy", "municipality", ["pregnancy", "zero_to_two"], False, None),
    ("wt-buur", "Sociaal Team Buurdorp", "social", "neighbourhood_team", ["zero_to_two"], False, None),
    ("vp-buur", "Verloskundigen Buurdorp", "medical", "midwife_practice", ["pregnancy", "birth_maternity"], False, None),
    ("welzijn-buur", "Welzijn Buurdorp", "social", "welfare", ["zero_to_two"], False, None),
]
BUURDORP_OWN = ["gem-buur", "wt-buur", "vp-buur", "welzijn-buur"]

ROLES = {
    "midwife_practice": "verloskundige", "maternity_care": "kraamverzorgende", "gp_practice": "huisarts",
    "hospital": "gynaecoloog", "mental_health_care": "psychiater", "addiction_care": "verslavingsarts",
    "regional_obstetric_partnership": "coördinator VSV", "youth_health_care": "jeugdverpleegkundige",
    "municipal_health_service": "jeugdarts", "neighbourhood_team": "wijkteammedewerker",
    "social_work": "maatschappelijk werker", "debt_counselling": "schuldhulpverlener",
    "housing_corporation": "woonconsulent", "welfare": "opbouwwerker", "childcare": "pedagogisch medewerker",
    "school": "intern begeleider", "volunteer_organisation": "coördinator vrijwilligers",
    "community_place": "contactpersoon", "municipality": "beleidsadviseur", "health_insurer": "zorginkoper",
    "other": "medewerker",
}
FIRST = ["Anouk", "Fatima", "Sanne", "Yusuf", "Eva", "Mehmet", "Lotte", "Noor", "Daan", "Sara", "Thijs", "Ilse",
         "Samira", "Bram", "Marloes", "Kees", "Hanna", "Rachid", "Femke", "Joost", "Esra", "Wouter", "Iris", "Ahmed"]
LAST = ["de Vries", "Jansen", "El Amrani", "Visser", "Bakker", "Yilmaz", "Smit", "Meijer", "de Boer", "Mulder",
        "de Groot", "Bos", "Vos", "Peters", "Hendriks", "Kaya", "Dekker", "van Dijk", "Brouwer", "Haddou"]

COMMUNITIES = [
    ("com-eritrea", "Eritrese gemeenschap", "Tigrinya"),
    ("com-turks", "Turkse gemeenschap", "Turks"),
    ("com-marok", "Marokkaanse gemeenschap", "Arabisch en Tamazight"),
    ("com-pools", "Poolse arbeidsmigranten", "Pools"),
    ("com-syrie", "Syrische statushouders", "Arabisch"),
    ("com-woonwagen", "Woonwagenbewoners", "Nederlands"),
    ("com-jong", "Jonge moeders (tienermoeders)", "Nederlands"),
    ("com-orthodox", "Orthodox-protestantse gemeenschap", "Nederlands"),
]
NEIGHBOURHOODS = [("wijk-noord", "Dijkhaven-Noord", "4101"), ("wijk-centrum", "Centrum De Haven", "4102"),
                  ("wijk-zuid", "Dijkhaven-Zuid", "4103")]

# id, name, type, phases, pillars, support types, providers
INTERVENTIONS = [
    ("int-nu-niet", "Nu Niet Zwanger", "unplanned_pregnancy_prevention", ["preconception"], ["care_palette"], ["informational"], ["ggd-rivier"]),
    ("int-precon", "Preconceptiespreekuur", "preconception_advice", ["preconception"], ["care_palette"], ["informational"], ["vp-noord", "ggd-rivier"]),
    ("int-folium", "Foliumzuurvoorlichting", "preconception_advice", ["preconception"], ["community_approach"], ["informational"], ["apo-dijk"]),
    ("int-prenataal", "Prenataal huisbezoek JGZ", "prenatal_home_visit", ["pregnancy"], ["chain_coordination"], ["informational", "emotional"], ["jgz-dijk"]),
    ("int-samen", "Gezamenlijk prenataal huisbezoek kraamzorg en JGZ", "prenatal_home_visit", ["pregnancy"], ["chain_coordination"], ["practical", "informational"], ["jgz-dijk"]),
    ("int-centering", "CenteringZwangerschap", "pregnancy_course", ["pregnancy"], ["care_palette"], ["informational", "emotional"], ["vp-centrum"]),
    ("int-zwcursus", "Zwangerschapscursus in eigen taal", "pregnancy_course", ["pregnancy"], ["community_approach"], ["informational"], ["vetc"]),
    ("int-rookvrij", "Rookvrije Start", "stop_smoking", ["pregnancy", "zero_to_two"], ["care_palette"], ["informational"], ["vp-noord", "jgz-dijk"]),
    ("int-stopcoach", "Stoppen-met-rokencoach bij de voetbalclub", "stop_smoking", ["pregnancy"], ["community_approach"], ["practical"], ["vv-dijk"]),
    ("int-bv-kraam", "Borstvoedingsvoorlichting kraamzorg", "breastfeeding_information", ["birth_maternity"], ["care_palette"], ["informational"], ["kz-wieg"]),
    ("int-bv-jgz", "Borstvoedingsspreekuur JGZ", "breastfeeding_information", ["birth_maternity"], ["care_palette"], ["informational"], ["jgz-dijk"]),
    ("int-bv-lact", "Borstvoedingscursus lactatiekundigen", "breastfeeding_information", ["birth_maternity"], ["care_palette"], ["informational"], ["lact-dijk"]),
    ("int-gezinspoli", "Integrale gezinspoli", "mental_health_support", ["pregnancy", "birth_maternity"], ["chain_coordination"], ["emotional", "informational"], ["zkh-rivier"]),
    ("int-perinatale-ggz", "Perinatale GGZ-zorg", "mental_health_support", ["pregnancy", "zero_to_two"], ["care_palette"], ["emotional"], ["ggz-rivier"]),
    ("int-homestart", "Home-Start gezinsondersteuning", "home_visiting_volunteers", ["zero_to_two"], ["community_approach"], ["practical", "emotional"], ["homestart"]),
    ("int-buurtgezin", "Steungezin", "home_visiting_volunteers", ["zero_to_two"], ["community_approach"], ["practical"], ["buurtgezin"]),
    ("int-vve", "Voorschoolse educatie", "language_development", ["zero_to_two"], ["care_palette"], ["informational"], ["kdv-pluk"]),
    ("int-boekstart", "BoekStart voor baby's", "language_development", ["zero_to_two"], ["community_approach"], ["informational"], ["bieb-dijk"]),
    ("int-opvoed", "Opvoedspreekuur", "parenting_support", ["zero_to_two"], ["care_palette"], ["informational"], ["jgz-dijk"]),
    ("int-stevig", "Stevig Ouderschap", "parenting_support", ["zero_to_two"], ["care_palette"], ["emotional", "informational"], ["jgz-rivier"]),
    ("int-geld", "Geldzorgenspreekuur", "financial_support", ["pregnancy", "zero_to_two"], ["care_palette"], ["practical"], ["shv-dijk"]),
    ("int-thuisadmin", "Thuisadministratie", "financial_support", ["zero_to_two"], ["community_approach"], ["practical"], ["humanitas"]),
    ("int-inloop", "Inloop voor aanstaande ouders", "walk_in", ["pregnancy"], ["community_approach"], ["emotional", "informational"], ["buurthuis", "welzijn-dijk"]),
    ("int-vadergroep", "Groep aanstaande vaders", "peer_support", ["pregnancy"], ["community_approach"], ["emotional"], ["welzijn-dijk"]),
    ("int-ervaring", "Ervaringsdeskundige maatjes", "peer_support", ["pregnancy", "zero_to_two"], ["community_approach"], ["emotional"], ["ervaring"]),
]
# added later: written after every other tie, so the ids of earlier ties stay the same and seeding an
# existing database again adds these without doubling the rest
LATER_INTERVENTIONS = [
    ("int-cb", "Consultatiebureau", "well_baby_care", ["zero_to_two"], ["care_palette"], ["informational"], ["jgz-dijk"]),
    ("int-kraam", "Kraamzorg thuis", "maternity_care", ["birth_maternity"], ["care_palette"], ["practical", "informational"], ["kz-wieg", "kz-rivier"]),
    ("int-voorzorg", "VoorZorg (intensieve huisbezoeken voor jonge moeders)", "intensive_home_visiting", ["pregnancy", "zero_to_two"], ["chain_coordination"], ["emotional", "practical"], ["jgz-rivier"]),
]

# key figures: id, name, community reached, professional they work with
KEY_FIGURES = [
    ("kf-eritrea", "Sleutelpersoon Eritrese gemeenschap (Selam)", "com-eritrea", None),
    ("kf-turks", "Sleutelpersoon Turkse moeders (Ayşe)", "com-turks", "welzijn-dijk"),
    ("kf-marok", "Sleutelpersoon Marokkaanse vaders (Karim)", "com-marok", "wt-noord"),
    ("kf-syrie", "Sleutelpersoon statushouders (Rima)", "com-syrie", "welzijn-vlucht"),
    ("kf-woonwagen", "Sleutelpersoon woonwagenkamp (Jolanda)", "com-woonwagen", "wt-zuid"),
    ("kf-buurvrouw", "Buurvrouw en sleutelpersoon Noord (Mariska)", "com-jong", "vp-noord"),
]

# (from, to, intensity, since[, until]) between organisations: the collaboration network.
COLLABORATIONS = [
    ("vp-noord", "wt-noord", "integration", "2020-02-01"),   # midwife in the same building as the team
    ("vp-noord", "jgz-dijk", "coordination", "2019-06-01"),
    ("vp-centrum", "jgz-dijk", "cooperation", "2020-01-01"),
    ("vp-zuid", "jgz-dijk", "awareness", "2021-03-01"),
    ("vp-centrum", "zkh-rivier", "coordination", "2019-01-01"),
    ("vp-noord", "zkh-rivier", "coordination", "2019-01-01"),
    ("vp-zuid", "zkh-rivier", "cooperation", "2019-01-01"),
    ("vp-noord", "vsv-rivier", "integration", "2019-01-01"),
    ("vp-centrum", "vsv-rivier", "integration", "2019-01-01"),
    ("vp-zuid", "vsv-rivier", "integration", "2019-01-01"),
    ("kz-wieg", "vp-noord", "coordination", "2019-01-01"),
    ("kz-wieg", "vp-centrum", "coordination", "2019-01-01"),
    ("kz-rivier", "vp-zuid", "coordination", "2019-01-01"),
    ("kz-rivier", "zkh-rivier", "cooperation", "2019-01-01"),
    ("zkh-rivier", "ggz-rivier", "integration", "2021-01-01"),
    ("ggz-rivier", "vz-rivier", "cooperation", "2020-01-01"),
    ("jgz-dijk", "cb-noord", "integration", "2019-01-01"),
    ("jgz-dijk", "jgz-rivier", "integration", "2019-01-01"),
    ("jgz-rivier", "ggd-rivier", "integration", "2019-01-01"),
    ("jgz-dijk", "wt-noord", "cooperation", "2021-01-01"),
    ("jgz-dijk", "wt-centrum", "cooperation", "2021-01-01"),
    ("cb-noord", "wt-noord", "coordination", "2022-01-01"),
    ("jgz-dijk", "homestart", "cooperation", "2020-05-01"),
    ("jgz-dijk", "kdv-pluk", "cooperation", "2021-09-01"),
    ("jgz-dijk", "bieb-dijk", "awareness", "2022-01-01"),
    ("wt-noord", "wt-centrum", "integration", "2019-01-01"),
    ("wt-centrum", "wt-zuid", "integration", "2019-01-01"),
    ("wt-noord", "mw-dijk", "coordination", "2019-01-01"),
    ("wt-centrum", "mw-dijk", "coordination", "2019-01-01"),
    ("wt-noord", "woon-haven", "cooperation", "2020-01-01"),
    ("wt-centrum", "wi-dijk", "cooperation", "2020-01-01"),
    ("wt-zuid", "welzijn-dijk", "cooperation", "2020-01-01"),
    ("wt-noord", "homestart", "coordination", "2020-01-01"),
    ("wt-centrum", "buurtgezin", "cooperation", "2021-01-01"),
    ("wt-zuid", "jh-rivier", "coordination", "2019-01-01"),
    ("mw-dijk", "veilig-thuis", "cooperation", "2019-01-01"),
    ("welzijn-dijk", "buurthuis", "integration", "2019-01-01"),
    ("welzijn-dijk", "ouderkamer", "coordination", "2020-01-01"),
    ("welzijn-dijk", "ervaring", "cooperation", "2022-01-01"),
    ("welzijn-vlucht", "amal", "coordination", "2020-01-01"),
    ("welzijn-vlucht", "taalmaatjes", "cooperation", "2020-01-01"),
    ("welzijn-vlucht", "vetc", "cooperation", "2021-01-01"),
    ("humanitas", "voedselbank", "cooperation", "2019-01-01"),
    ("moskee", "amal", "cooperation", "2021-01-01"),
    ("kerk-haven", "voedselbank", "cooperation", "2019-01-01"),
    ("kdv-bolder", "kdv-ster", "awareness", "2019-01-01"),
    ("school-rank", "kdv-pluk", "cooperation", "2019-01-01"),
    ("gem-dijk", "ggd-rivier", "coordination", "2019-01-01"),
    ("gem-dijk", "jgz-dijk", "coordination", "2019-01-01"),
    ("gem-dijk", "wt-noord", "coordination", "2019-01-01"),
    ("gem-dijk", "zv-rivier", "cooperation", "2020-01-01"),
    ("gem-dijk", "regio", "coordination", "2019-01-01"),
    ("zv-rivier", "zkh-rivier", "cooperation", "2019-01-01"),
    ("fonds", "gem-dijk", "awareness", "2022-01-01"),
    ("vp-zuid", "welzijn-dijk", "awareness", "2019-01-01", "2022-06-01"),  # ended: visible in time views
    ("vp-buur", "wt-buur", "cooperation", "2020-01-01"),
    ("gem-buur", "wt-buur", "coordination", "2020-01-01"),
    ("vp-buur", "jgz-rivier", "cooperation", "2020-01-01"),
    ("wt-buur", "welzijn-buur", "coordination", "2020-01-01"),
]
REFERRALS = [
    ("vp-noord", "wt-noord"), ("vp-noord", "int-rookvrij"), ("vp-centrum", "int-gezinspoli"),
    ("jgz-dijk", "homestart"), ("jgz-dijk", "int-stevig"), ("wt-noord", "shv-dijk"),  # the only way in to debt counselling
    ("wt-centrum", "humanitas"), ("mw-dijk", "ggz-rivier"), ("zkh-rivier", "ggz-rivier"),
    ("welzijn-dijk", "int-vadergroep"), ("cb-noord", "int-boekstart"),
]
HANDOVERS = [  # warm handovers; none from maternity care to JGZ
    ("vp-noord", "jgz-dijk", "birth_maternity", "done"), ("vp-centrum", "jgz-dijk", "birth_maternity", "done"),
    ("vp-noord", "wt-noord", "pregnancy", "done"), ("zkh-rivier", "vp-centrum", "birth_maternity", "done"),
    ("jgz-dijk", "wt-centrum", "zero_to_two", "planned"),
]
AGREEMENTS = [
    ("gem-dijk", "jgz-dijk", "Convenant prenataal huisbezoek", ["chain_coordination"]),
    ("vsv-rivier", "jgz-rivier", "Regionaal zorgpad kwetsbare zwangeren", ["chain_coordination", "shared_goals"]),
    ("gem-dijk", "zv-rivier", "Samenwerkingsafspraak Kansrijke Start", ["shared_goals", "monitoring_learning"]),
]
FUNDING = [
    ("gem-dijk", "jgz-dijk"), ("gem-dijk", "wt-noord"), ("gem-dijk", "wt-centrum"), ("gem-dijk", "wt-zuid"),
    ("gem-dijk", "homestart"), ("gem-dijk", "int-inloop"), ("zv-rivier", "int-gezinspoli"), ("fonds", "int-ervaring"),
]
REACHES = [  # community -> who reaches it (the Polish community on purpose not at all)
    ("com-turks", ["amal", "int-zwcursus", "welzijn-dijk"]), ("com-marok", ["moskee", "int-inloop", "vetc"]),
    ("com-syrie", ["welzijn-vlucht", "amal", "taalmaatjes"]), ("com-woonwagen", ["wt-zuid"]),
    ("com-jong", ["int-ervaring", "homestart", "ouderkamer"]), ("com-orthodox", ["kerk-molen", "jgz-dijk"]),
]
LOCATED = {"wijk-noord": ["vp-noord", "wt-noord", "cb-noord", "ha-dijk", "buurthuis", "com-jong"],
           "wijk-centrum": ["vp-centrum", "wt-centrum", "jgz-dijk", "ha-haven", "moskee", "com-marok"],
           "wijk-zuid": ["vp-zuid", "wt-zuid", "ha-zuid", "kerk-molen", "com-woonwagen"]}


def build() -> dict:
    rng = random.Random(2024)
    nodes: dict[str, list[dict]] = {k: [] for k in ("coalition", "organisation", "professional", "informal_supporter",
                                                     "community", "intervention", "neighbourhood")}
    ties: dict[str, list[dict]] = {}
    counter = {"n": 0}

    def tie(kind: str, frm: str, to: str, since: str, **props: object) -> None:
        counter["n"] += 1
        ties.setdefault(kind, []).append({"id": f"demo-{kind.replace('_', '-')}-{counter['n']:04d}", "from": frm,
                                          "to": to, "since": since, **props})

    nodes["coalition"] = [
        {"id": C1, "name": "Kansrijke Start Dijkhaven", "municipality": "Dijkhaven", "region": "Rivierenland",
         "description": "Lokale coalitie Kansrijke Start van de (fictieve) gemeente Dijkhaven."},
        {"id": C2, "name": "Kansrijke Start Buurdorp", "municipality": "Buurdorp", "region": "Rivierenland",
         "description": "Buurcoalitie die de regionale partners deelt."},
    ]
    org_type = {}
    for oid, name, domain, otype, phases, regional, level in ORGANISATIONS:
        org_type[oid] = otype
        row = {"id": oid, "name": name, "domain": domain, "organisation_type": otype, "municipality":
               "Buurdorp" if oid in BUURDORP_OWN else "Dijkhaven", "regional": regional}
        if phases:
            row["phases"] = phases
        if oid == "ervaring":
            row["lived_experience"] = True
        nodes["organisation"].append(row)
        if level:
            tie("member_of", oid, C1, "2019-09-01" if level == "governance" else "2020-01-01", level=level)
        if regional or oid in BUURDORP_OWN:
            tie("member_of", oid, C2, "2021-01-01", level=level or "practice")
    tie("member_of", "gem-dijk", C1, "2019-09-01", level="management")

    professionals = 0
    staffing = {oid: 2 for oid, *_ in ORGANISATIONS}
    for busy in ("jgz-dijk", "wt-noord", "wt-centrum", "wt-zuid", "vp-noord", "kz-wieg", "zkh-rivier", "cb-noord"):
        staffing[busy] = 3
    for oid, *_ in ORGANISATIONS:
        for _ in range(staffing[oid]):
            if professionals == 120:
                break
            professionals += 1
            pid = f"prof-{professionals:03d}"
            domain = next(o[2] for o in ORGANISATIONS if o[0] == oid)
            nodes["professional"].append({"id": pid, "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                                          "role": ROLES[org_type[oid]], "domain": domain})
            tie("works_at", pid, oid, f"20{rng.randint(15, 23)}-0{rng.randint(1, 9)}-01")
    staff = {}
    for t in ties["works_at"]:
        staff.setdefault(t["to"], []).append(t["from"])

    for cid, name, language in COMMUNITIES:
        nodes["community"].append({"id": cid, "name": name, "language": language})
        tie("belongs_to", cid, C1, "2020-01-01")
    for nid, name, postcode in NEIGHBOURHOODS:
        nodes["neighbourhood"].append({"id": nid, "name": name, "municipality": "Dijkhaven", "postcode_area": postcode})
        tie("belongs_to", nid, C1, "2020-01-01")
    def intervention(iid: str, name: str, itype: str, phases: list[str], pillars: list[str], support: list[str],
                     providers: list[str]) -> None:
        nodes["intervention"].append({"id": iid, "name": name, "intervention_type": itype, "phases": phases,
                                      "pillars": pillars, "support_types": support})
        tie("belongs_to", iid, C1, "2020-01-01")
        for provider in providers:
            tie("offers", provider, iid, "2020-01-01")

    for row in INTERVENTIONS:
        intervention(*row)
    for kid, name, community, partner in KEY_FIGURES:
        nodes["informal_supporter"].append({"id": kid, "name": name, "relationship": "sleutelpersoon",
                                            "life_area": "community", "key_figure": True})
        tie("member_of", kid, C1, "2021-01-01", level="practice")
        tie("reaches", kid, community, "2021-01-01")
        if partner:
            tie("collaborates_with", kid, staff[partner][0], "2021-06-01", intensity="cooperation")

    for frm, to, intensity, since, *until in COLLABORATIONS:
        tie("collaborates_with", frm, to, since, intensity=intensity, **({"until": until[0]} if until else {}))
    for frm, to in REFERRALS:
        tie("refers_to", frm, to, "2021-01-01")
    for frm, to, phase, status in HANDOVERS:
        tie("warm_handover", frm, to, "2021-01-01", phase=phase, status=status)
    for frm, to, title, pillars in AGREEMENTS:
        tie("agreement", frm, to, "2021-01-01", title=title, pillars=pillars)
    tie("agreement", C1, "gem-dijk", "2020-01-01", title="Actieplan Kansrijke Start Dijkhaven 2020-2025",
        pillars=["shared_goals", "monitoring_learning"])
    for frm, to in FUNDING:
        tie("funds", frm, to, "2021-01-01")
    tie("funds", "fonds", C1, "2022-01-01", pillars=["monitoring_learning"])
    for community, reachers in REACHES:
        for reacher in reachers:
            tie("reaches", reacher, community, "2020-06-01")
    for neighbourhood, located in LOCATED.items():
        for item in located:
            tie("located_in", item, neighbourhood, "2019-01-01")
    # professionals of partners that work closely together know each other
    for frm, to, intensity, since, *until in COLLABORATIONS:
        if intensity in ("coordination", "integration") and not until and frm in staff and to in staff:
            tie("collaborates_with", staff[frm][0], staff[to][0], since, intensity=intensity)
    for row in LATER_INTERVENTIONS:
        intervention(*row)
    return {"about": __doc__.strip().splitlines()[0], "nodes": nodes, "ties": ties}


if __name__ == "__main__":
    OUT.write_text(json.dumps(build(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    data = json.loads(OUT.read_text(encoding="utf-8"))
    print({k: len(v) for k, v in data["nodes"].items()}, {k: len(v) for k, v in data["ties"].items()})
