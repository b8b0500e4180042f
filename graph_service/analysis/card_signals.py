"""Gap signals on a family's network card: G01-G19 of the research note, one function each.

Each signal is an invitation to talk with the parents, not a diagnosis (see `card_signal_base.py`
for what a signal carries). A signal the family marked "not relevant for us" is still computed and
returned with the flag (who and when), so the choice stays visible and reversible.
"""

from __future__ import annotations

import datetime as dt

from .acquaintance import MEDICAL_SIDE, SOCIAL_SIDE, links_of, medical_and_social_connected
from .card_signal_base import (FAR, KNOWS, MATERNITY_TYPES, NAMES, SIGNALS, SUPPORT_WORDS, VOLUNTEER_INTERVENTIONS,
                               Signal, SignalConfig, actual_informal, ask, date_of, gives, load_config, make,
                               people_names, signal, weeks_since_birth)
from ..domain.family_card import SUPPORT_TYPES, Card

__all__ = ["NAMES", "SIGNALS", "Signal", "SignalConfig", "card_signals", "load_config"]


# ---------------------------------------------------------------------- the nineteen signals
@signal("G01")
def no_emotional_support(card: Card, config: SignalConfig, today: dt.date) -> list[Signal]:
    informal = actual_informal(card)
    if any(gives(p, "emotional", config) for p in informal):
        return []
    unknown = [p for p in informal if p.left_open("emotional")]
    if unknown:
        return [ask("G01", unknown, ("Kunt u bij {names} terecht als het even niet gaat?",) * 2,
                     ("Can you turn to {names} when things are hard?",) * 2)]
    return [make("G01",
                  "Bij wie kunt u terecht als het even niet gaat? Op de kaart staat nog niemand uit uw eigen netwerk "
                  "die emotionele steun geeft.",
                  "Who can you turn to when things are hard? Nobody from your own network who gives emotional "
                  "support is on the card yet.",
                  "Samen nagaan wie er vroeger of nu dichtbij was, en of die persoon gevraagd kan worden.",
                  "Explore together who was or is close, and whether that person could be asked.",
                  [p.id for p in informal])]


@signal("G02")
def no_practical_help_around_birth(card: Card, config: SignalConfig, today: dt.date) -> list[Signal]:
    weeks = weeks_since_birth(card)
    around_birth = card.family.get("stage") == "pregnant" or (weeks is not None and weeks < config.maternity_weeks)
    if not around_birth:
        return []
    practical = [p for p in actual_informal(card) if gives(p, "practical", config)]
    if any(p.tie.get("available_maternity") is True for p in practical):
        return []
    unknown = [p for p in practical if p.left_open("available_maternity")]
    if unknown:
        return [ask("G02", unknown, ("Kan {names} ook in de kraamweek helpen?", "Kunnen {names} ook in de kraamweek helpen?"),
                     ("Can {names} also help in the maternity week?",) * 2)]
    return [make("G02",
                  "Wie brengt er een pannetje soep in de kraamweek? Er staat nog niemand op de kaart die in de "
                  "kraamtijd praktisch kan helpen.",
                  "Who brings a pan of soup in the maternity week? Nobody on the card can help practically around "
                  "the birth yet.",
                  "Bespreken wie boodschappen, koken of oppas kan doen, en wie dat kan vragen.",
                  "Talk about who could shop, cook or babysit, and who could ask them.",
                  [p.id for p in card.informal])]


@signal("G03")
def no_trusted_advice(card: Card, config: SignalConfig, today: dt.date) -> list[Signal]:
    if any(gives(p, "informational", config) and p.ring <= 2 for p in card.people):
        return []
    return [make("G03",
                  "Aan wie vraagt u advies dat u vertrouwt? Niemand dichtbij op de kaart geeft nu informatie of advies.",
                  "Whom do you ask for advice you trust? Nobody close on the card gives information or advice now.",
                  "Samen kijken wie (informeel of professioneel) een vast aanspreekpunt voor vragen kan zijn.",
                  "Look together for someone (informal or professional) to turn to with questions.",
                  [p.id for p in card.people])]


@signal("G04")
def small_informal_network(card: Card, config: SignalConfig, today: dt.date) -> list[Signal]:
    close = [p for p in actual_informal(card) if p.ring <= 2]
    if len(close) >= config.small_network:
        return []
    nl = {0: "Dichtbij staat nog niemand", 1: "Dichtbij staat 1 persoon"}.get(len(close), f"Dichtbij staan {len(close)} mensen")
    en = {0: "Nobody", 1: "1 person"}.get(len(close), f"{len(close)} people")
    return [make("G04",
                  f"{nl} uit uw eigen netwerk op de kaart. Zijn er mensen die we nog niet hebben genoemd?",
                  f"{en} from your own network {'is' if len(close) < 2 else 'are'} close on the card. Is there "
                  "anyone we have not named yet?",
                  "Ook mensen van vroeger, buren, collega's of de sportclub meenemen; en wie u zelf helpt.",
                  "Include people from the past, neighbours, colleagues or the sports club; and whom you help.",
                  [p.id for p in close])]


@signal("G05")
def single_point_of_failure(card: Card, config: SignalConfig, today: dt.date) -> list[Signal]:
    informal = actual_informal(card)
    ticks = {p.id: sum(p.level(t) for t in SUPPORT_TYPES) for p in informal}
    total = sum(ticks.values())
    heavy = [pid for pid, n in ticks.items() if total >= config.single_person_min_ticks
             and n / total >= config.single_person_share]
    inner = [p for p in card.people if p.ring == 1 and not p.potential]
    only_inner = [inner[0].id] if len(inner) == 1 and inner[0].informal else []
    evidence = sorted(set(heavy + only_inner))
    if not evidence:
        return []
    name = card.person(evidence[0]).name  # type: ignore[union-attr]
    if heavy:
        nl, en = f"Veel steun komt van één persoon ({name}).", f"Much of the support comes from one person ({name})."
    else:
        nl, en = (f"In de binnenste ring staat één persoon ({name}).",
                  f"One person stands in the inner ring ({name}).")
    return [make("G05",
                  f"{nl} Wat gebeurt er als die even niet kan?",
                  f"{en} What happens if she or he cannot help for a while?",
                  "Bespreken wie een deel kan overnemen of als achtervang kan dienen.",
                  "Talk about who could take over part of it or be a backup.",
                  evidence)]


@signal("G06")
def only_professionals(card: Card, config: SignalConfig, today: dt.date) -> list[Signal]:
    formal = [p for p in card.formal if not p.potential]
    informal = actual_informal(card)
    inner = [p for p in card.people if p.ring == 1 and not p.potential]
    inner_only_formal = bool(inner) and all(not p.informal for p in inner)
    if not formal or (len(formal) <= len(informal) and not inner_only_formal):
        return []
    if not informal:
        nl, en = "Op de kaart staan alleen professionals.", "Only professionals are on the card."
    elif len(formal) > len(informal):
        nl = (f"Op de kaart staan {len(formal)} professionals en {len(informal)} "
              f"{'persoon' if len(informal) == 1 else 'mensen'} uit uw eigen netwerk.")
        en = (f"{len(formal)} professionals and {len(informal)} {'person' if len(informal) == 1 else 'people'} "
              "from your own network are on the card.")
    else:
        nl, en = ("Het dichtst bij u staan alleen professionals.", "Only professionals are closest to you.")
    return [make("G06", f"{nl} Professionals gaan weer weg: wie blijft er?", f"{en} Professionals leave again: who stays?",
                  "Samen zoeken naar mensen uit het eigen netwerk die een deel van de steun kunnen geven.",
                  "Look together for people from your own network who could give part of the support.",
                  [p.id for p in formal])]


@signal("G07")
def support_far_away(card: Card, config: SignalConfig, today: dt.date) -> list[Signal]:
    inner = [p for p in actual_informal(card) if p.ring == 1]
    if not inner or not all(p.node.get("proximity") in FAR for p in inner):
        return []
    return [make("G07",
                  "De mensen die het dichtst bij u staan, wonen ver weg. Wie is er in de buurt als het snel moet?",
                  "The people closest to you live far away. Who is nearby when help is needed quickly?",
                  "Bespreken wie in de buurt kan helpen, bijvoorbeeld buren of een sleutelpersoon.",
                  "Talk about who nearby could help, such as neighbours or a community key figure.",
                  [p.id for p in inner])]


@signal("G08")
def tension_close_by(card: Card, config: SignalConfig, today: dt.date) -> list[Signal]:
    tense = [p for p in card.people if p.ring == 1
             and (p.tie.get("conflict") is True or int(p.tie.get("criticism") or 0) >= config.support_level)]
    if not tense:
        return []
    partner = any("partner" in str(p.node.get("relationship") or "").lower() for p in tense)
    suggestion_nl = "In een rustig moment bespreken wat de spanning betekent en wat zou helpen."
    suggestion_en = "In a calm moment, talk about what the tension means and what would help."
    if partner:
        suggestion_nl += " Gaat het om de partner: voer een veiligheidsgesprek (denk aan de meldcode)."
        suggestion_en += " If it concerns the partner: have a safety conversation (keep the reporting code in mind)."
    return [make("G08",
                  "Dichtbij staat iemand met wie het soms schuurt. Hoe is dat voor u?",
                  "Someone close to you is sometimes a source of tension. How is that for you?",
                  suggestion_nl, suggestion_en, [p.id for p in tense],
                  severity="priority" if partner else "attention")]


@signal("G09")
def one_way_support(card: Card, config: SignalConfig, today: dt.date) -> list[Signal]:
    directed = [p for p in actual_informal(card) if p.tie.get("direction")]
    if len(directed) < config.one_way_min_ties:
        return []
    for direction, nl, en in (
        ("receives", "U ontvangt vooral steun en geeft weinig terug. Is er iets dat u voor anderen kunt betekenen?",
         "You mostly receive support and give little back. Is there something you could do for others?"),
        ("gives", "U geeft vooral steun aan anderen. Wie zorgt er voor u?",
         "You mostly give support to others. Who takes care of you?"),
    ):
        same = [p.id for p in directed if p.tie["direction"] == direction]
        if len(same) / len(directed) >= config.one_way_share:
            return [make("G09", nl, en, "Samen kijken naar wederkerigheid: geven en nemen.",
                          "Look together at give and take.", same)]
    return []


@signal("G10")
def nobody_knows(card: Card, config: SignalConfig, today: dt.date) -> list[Signal]:
    concern = bool(card.risk_factors()) or any(a.get("status") == "open" for a in card.agreements)
    if not concern:
        return []
    informal = actual_informal(card)
    if any(p.tie.get("knows_situation") in KNOWS for p in informal):
        return []
    unknown = [p for p in informal if p.left_open("knows_situation")]
    if unknown:
        return [ask("G10", unknown, ("Weet {names} wat er speelt?", "Weten {names} wat er speelt?"),
                     ("Does {names} know what is going on?", "Do {names} know what is going on?"))]
    return [make("G10",
                  "Niemand uit uw eigen netwerk weet wat er speelt. Is er iemand die u het zou willen vertellen?",
                  "Nobody from your own network knows what is going on. Is there someone you would like to tell?",
                  "Samen bedenken wie u in vertrouwen kunt nemen, en hoe u dat zou kunnen vertellen.",
                  "Think together about whom you could confide in, and how you might tell them.",
                  [p.id for p in card.informal])]


@signal("G11")
def no_coordinator(card: Card, config: SignalConfig, today: dt.date) -> list[Signal]:
    formal = [p for p in card.formal if not p.potential]
    domains = {p.domain for p in formal if p.domain}
    if card.coordinator or not (len(formal) >= config.coordinator_professionals or len(domains) >= 2):
        return []
    return [make("G11",
                  f"Er {'is 1 professional' if len(formal) == 1 else f'zijn {len(formal)} professionals'} betrokken, "
                  "maar niemand houdt het overzicht. Wie wilt u als vast aanspreekpunt?",
                  f"{'1 professional is' if len(formal) == 1 else f'{len(formal)} professionals are'} involved, but "
                  "nobody keeps the overview. Whom would you like as your main contact?",
                  "Samen met het gezin één regisseur kiezen (één gezin, één plan).",
                  "Choose one coordinator together with the family (one family, one plan).",
                  [p.id for p in formal])]


@signal("G12")
def medical_social_not_connected(card: Card, config: SignalConfig, today: dt.date) -> list[Signal]:
    formal = [p for p in card.formal if not p.potential and p.domain]
    medical = {p.id for p in formal if p.domain in MEDICAL_SIDE}
    social = {p.id for p in formal if p.domain in SOCIAL_SIDE}
    employers = {p.id: {p.organisation["id"]} for p in formal if p.organisation}
    if not medical or not social or medical_and_social_connected(
            {p.id: {p.domain} for p in formal}, employers, links_of(card.ties)):  # type: ignore[misc]
        return []
    return [make("G12",
                  "De zorgverleners en de sociale hulpverleners rond uw gezin kennen elkaar (nog) niet. Zou het helpen "
                  "als zij contact hebben?",
                  "The health professionals and the social workers around your family do not know each other (yet). "
                  "Would it help if they were in touch?",
                  "Met toestemming van de ouders een kennismaking of gezamenlijk overleg plannen.",
                  "With the parents' consent, plan an introduction or a joint meeting.",
                  sorted(medical | social))]


@signal("G13")
def no_warm_handover(card: Card, config: SignalConfig, today: dt.date) -> list[Signal]:
    weeks = weeks_since_birth(card)
    if weeks is None or weeks * 7 < config.handover_days:
        return []
    maternity = {p.id for p in card.formal if p.organisation_type in MATERNITY_TYPES}
    youth = {p.id for p in card.formal if p.organisation_type == "youth_health_care"}
    if not maternity:
        return []
    handed = any(t["from"] in maternity and t["to"] in youth for t in card.handovers)
    if youth and handed:
        return []
    return [make("G13",
                  "De kraamperiode is voorbij. Is de jeugdgezondheidszorg al persoonlijk voorgesteld?",
                  "The maternity period is over. Has youth health care been introduced in person yet?",
                  "Een warme overdracht van kraamzorg of verloskundige naar de JGZ afspreken.",
                  "Arrange a warm handover from maternity care or the midwife to youth health care.",
                  sorted(maternity | youth))]


@signal("G14")
def expected_support_missing(card: Card, config: SignalConfig, today: dt.date) -> list[Signal]:
    found = []
    people = card.people
    stage = card.family.get("stage")
    wanted = [(f"stage.{stage}", config.by_stage[stage], [])] if stage in config.by_stage else []
    for factor in sorted(card.risk_factors()):
        if factor in config.by_factor:
            evidence = [f["id"] for f in card.factors if f.get("factor") == factor]
            wanted.append((factor, config.by_factor[factor], evidence))
    for topic, expectation, evidence in wanted:
        if any(expectation.met_by(p) for p in people):
            continue
        found.append(make("G14",
                           f"Bij deze situatie hoort vaak {expectation.nl}. Die staat nog niet op de kaart. Is dat "
                           "iets voor u?",
                           f"This situation often calls for {expectation.en}. It is not on the card yet. Is that "
                           "something for you?",
                           f"Samen bespreken of {expectation.nl} gewenst is, en wie daarbij kan helpen.",
                           f"Talk together about whether {expectation.en} is wanted, and who could help arrange it.",
                           evidence, topic=topic))
    return found


@signal("G15")
def temporary_support_ending(card: Card, config: SignalConfig, today: dt.date) -> list[Signal]:
    horizon = today + dt.timedelta(days=int(config.ending_days))
    ending = [p for p in card.people if (until := date_of(p.tie.get("until"))) and today <= until <= horizon]
    if not ending or any(a.get("signal") == "G15" and a.get("status") != "dropped" for a in card.agreements):
        return []
    names_nl, names_en = people_names(ending)
    return [make("G15",
                  f"Binnenkort stopt de steun van {names_nl}. Wie neemt het daarna over?",
                  f"Support from {names_en} ends soon. Who takes over after that?",
                  "Een opvolger of vervolgafspraak maken voordat de steun stopt.",
                  "Agree on a successor or a follow-up before the support ends.",
                  [p.id for p in ending])]


@signal("G16")
def co_parent_network_missing(card: Card, config: SignalConfig, today: dt.date) -> list[Signal]:
    found = []
    for member in card.members:
        if member.get("role") != "co_parent":
            continue
        if any(p.tie.get("member") == member["id"] for p in card.people):
            continue
        found.append(make("G16",
                           f"Wie staat er om {member.get('label', 'de partner')} heen? Zijn of haar eigen netwerk "
                           "staat nog niet op de kaart.",
                           f"Who stands around {member.get('label', 'the co-parent')}? Their own network is not on "
                           "the card yet.",
                           "De partner vragen naar de eigen familie, vrienden en collega's.",
                           "Ask the co-parent about their own family, friends and colleagues.",
                           [member["id"]], topic=member["id"]))
    return found


@signal("G17")
def unmet_need(card: Card, config: SignalConfig, today: dt.date) -> list[Signal]:
    found = []
    for member in card.members:
        for support_type in SUPPORT_TYPES:
            if member.get(f"need_{support_type}") == "high" and member.get(f"satisfaction_{support_type}") == "low":
                nl, en = SUPPORT_WORDS[support_type]
                label = member.get("label", "")
                found.append(make("G17",
                                   f"{label} heeft veel behoefte aan {nl} en krijgt daar te weinig van.",
                                   f"{label} has a high need for {en} and gets too little of it.",
                                   f"Samen kijken wie {nl} kan geven, informeel of professioneel.",
                                   f"Look together at who could give {en}, informally or professionally.",
                                   [member["id"]], topic=f"{member['id']}.{support_type}"))
    return found


@signal("G18")
def stale_card(card: Card, config: SignalConfig, today: dt.date) -> list[Signal]:
    reviews = [d for v in card.versions if (d := date_of(v.get("reviewed_on")))]
    last = max(reviews) if reviews else date_of(card.family.get("created"))
    if last is None:
        return []
    event = date_of(card.family.get("life_event_on"))
    old = (today - last).days > 7 * config.stale_weeks
    changed = event is not None and event > last
    if not old and not changed:
        return []
    reason_nl = "er is sindsdien iets ingrijpends gebeurd" if changed else f"dat is meer dan {config.stale_weeks} weken geleden"
    reason_en = "something major happened since" if changed else f"that is more than {config.stale_weeks} weeks ago"
    return [make("G18",
                  f"De kaart is op {last.isoformat()} voor het laatst samen bekeken en {reason_nl}. Klopt hij nog?",
                  f"The card was last reviewed together on {last.isoformat()} and {reason_en}. Is it still right?",
                  "De kaart samen met de ouders opnieuw bekijken en een nieuwe versie bewaren.",
                  "Review the card with the parents and save a new version.",
                  [card.id])]


@signal("G19")
def informal_options_unused(card: Card, config: SignalConfig, today: dt.date) -> list[Signal]:
    triggers = [s for rule in ("G01", "G02", "G04") for s in SIGNALS[rule](card, config, today)
                if not s.open_question]
    if not triggers:
        return []
    for p in card.people:  # a volunteer option already on the card, or discussed (potential)
        if p.organisation_type == "volunteer_organisation" or p.node.get("life_area") == "volunteer_organisation":
            return []
        if p.kind == "informal_supporter" and (p.node.get("key_figure") or p.node.get("lived_experience")):
            return []
        if set(p.tie.get("focus") or ()) & VOLUNTEER_INTERVENTIONS:
            return []
    why_nl = ", ".join(NAMES[s.rule][0].lower() for s in triggers)
    why_en = ", ".join(NAMES[s.rule][1].lower() for s in triggers)
    return [make("G19",
                  f"Uw eigen netwerk kan wat meer steun gebruiken ({why_nl}). Er zijn vrijwilligers en "
                  "ervaringsdeskundigen die gezinnen in deze periode steunen (zoals Home-Start of een sleutelpersoon). "
                  "Is dat iets voor u?",
                  f"Your own network could use some more support ({why_en}). Volunteers and peer supporters help "
                  "families in this period (such as Home-Start or a community key figure). Is that something for you?",
                  "Het informele aanbod van de coalitie samen bekijken.",
                  "Look at the coalition's informal offer together.",
                  [p.id for p in actual_informal(card)])]


def card_signals(card: Card, config: SignalConfig | None = None, today: dt.date | None = None) -> list[Signal]:
    """All signals of a card, in rule order, each with the family's flag when it set one."""
    config = config or load_config()
    today = today or dt.date.fromisoformat(card.as_of)
    flags = {f["signal"]: f for f in card.flags}
    found = []
    for rule_id in sorted(SIGNALS):
        for s in SIGNALS[rule_id](card, config, today):
            s.flag = flags.get(s.key) or flags.get(s.rule)
            found.append(s)
    return found

