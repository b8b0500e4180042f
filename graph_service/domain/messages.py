"""Error messages in Dutch, by the error's stable code.

The API keeps its English message and its code; the pages, the card and the web application show
the Dutch text. Each code has one or more templates, tried in order: the first whose parameters
the error carries is used, so a raise site that knows the limit gets "hoogstens 200 tekens" and
one that does not still gets a whole sentence. Texts are B1: short, no codes, no jargon.
"""

from __future__ import annotations

from typing import Any, Mapping

from .errors import DomainError
from .vocabulary import load_vocabulary

DUTCH: dict[str, tuple[str, ...]] = {
    # the classes' own codes: every error has at least these
    "DOMAIN_ERROR": ("Dit kan niet.",),
    "INVALID": ("Deze invoer klopt niet.",),
    "NOT_FOUND": ("Dit bestaat niet, of u mag het niet zien.",),
    "CONFLICT": ("Dit botst met wat er al is vastgelegd.",),
    "PERMISSION_DENIED": ("Dit mag u niet doen.",),
    "STORE_UNAVAILABLE": ("De database is nu niet bereikbaar. Probeer het over een paar minuten opnieuw.",),
    "BUSY": ("Het is nu erg druk. Probeer het over een paar seconden opnieuw.",),
    "STORE_TIMEOUT": ("Dit duurde te lang voor de database. Vraag om minder tegelijk, of probeer het later opnieuw.",),
    "BAD_REQUEST": ("Dit verzoek kunnen we niet lezen.",),
    # input
    "REQUIRED": ("Dit moet u invullen.",),
    "INVALID_ID": ("Een id bestaat uit 1 tot 128 letters, cijfers of de tekens . _ : - en begint met een letter "
                   "of cijfer.",),
    "INVALID_DATE": ("Schrijf de datum als jjjj-mm-dd, bijvoorbeeld 2026-03-01.",),
    "DATE_IN_FUTURE": ("Dit ligt in de toekomst. Vul iets in dat al gebeurd is.",),
    "INVALID_PERIOD": ("De einddatum moet na de begindatum liggen.",),
    "INVALID_TYPE": ("Vul hier {expected} in.", "Dit soort waarde past hier niet."),
    "INVALID_CHARACTERS": ("Er staan tekens in die hier niet mogen, zoals onzichtbare stuurtekens.",),
    "TOO_LONG": ("De tekst is te lang: gebruik hoogstens {limit} tekens.", "De tekst is te lang."),
    "OUT_OF_RANGE": ("Vul een getal in van {low} tot en met {high}.", "Vul een getal in van minstens {at_least}.",
                     "Vul een getal in van hoogstens {at_most}.", "Dit getal is te klein of te groot."),
    "UNKNOWN_ENUM_VALUE": ("'{value}' staat niet in de lijst '{list}'. Kies een waarde uit de lijst.",
                           "Kies een waarde uit de lijst."),
    "UNKNOWN_VALUE": ("'{value}' kennen we hier niet. Kies een waarde uit de lijst.",
                      "Deze waarde kennen we niet. Kies een waarde uit de lijst."),
    "UNKNOWN_PROPERTY": ("'{name}' is geen gegeven dat hier bestaat.", "Dit gegeven bestaat hier niet."),
    "UNKNOWN_KIND": ("Deze soort bestaat niet.",),
    "UNKNOWN_RELATIONSHIP_KIND": ("Deze soort relatie bestaat niet.",),
    "UNKNOWN_FORMAT": ("Dit bestandsformaat kennen we niet.",),
    "UNKNOWN_FILTER": ("Op dit gegeven kunt u niet filteren.",),
    "NOT_ON_MAP": ("Dit staat niet op de kaart van deze coalitie.",),
    "PAST_DATE": ("Deze datum ligt in het verleden. Kies vandaag of later.",),
    "NOT_A_MEMBER": ("Kies uit de partners van de coalitie.",),
    "NOT_PICKED": ("Beantwoord alleen vragen over partners die u koos.",),
    "WRONG_ENDPOINT_KIND": ("Deze relatie kan niet tussen deze twee soorten.",),
    "KIND_MISMATCH": ("Dit id hoort al bij iets van een andere soort.",),
    "ID_TAKEN": ("Dit id is al in gebruik.",),
    "DUPLICATE_ID": ("Dit id komt twee keer voor.",),
    "INVALID_CURSOR": ("Deze vervolgpagina klopt niet. Begin opnieuw bij de eerste pagina.",),
    "TOO_LARGE": ("Dit is te groot om in één keer te verwerken.",),
    "CHANGED_MEANWHILE": ("Iemand anders heeft dit net veranderd. Laad de pagina opnieuw en probeer het nog eens.",),
    "TWO_DATES_NEEDED": ("Kies twee datums: een begindatum en een einddatum.",),
    "NOT_A_QUARTER_END": ("Cijfers over gezinnen gaan per kwartaal. Kies de laatste dag van een kwartaal, zoals "
                          "30 juni.",),
    # the family network card
    "GONE_MEANWHILE": ("Deze persoon staat niet meer op de kaart: iemand anders heeft haar er net afgehaald.",),
    "NO_CONSENT_TO_DRAW": ("Leg eerst vast dat de ouders toestemming geven om de kaart samen te tekenen.",),
    "NOT_OWN_NETWORK": ("Kies twee verschillende mensen uit het eigen netwerk van het gezin.",),
    "ALREADY_LINKED": ("Deze twee mensen zijn al met elkaar verbonden.",),
    "NOTHING_TO_UNDO": ("Er is niets om terug te zetten.",),
    "NOT_ON_CARD": ("Deze persoon staat niet op de netwerkkaart van dit gezin.",),
    "ALREADY_ON_CARD": ("Deze persoon staat al op de netwerkkaart.",),
    "OTHER_FAMILY": ("Deze persoon hoort bij de netwerkkaart van een ander gezin.",),
    "NOT_A_SUPPORTER": ("Kies een professional, een organisatie of iemand uit het netwerk van het gezin.",),
    "NOT_A_PROFESSIONAL": ("Kies een professional.",),
    "NOT_A_RECIPIENT": ("Een overdracht gaat naar een professional of een organisatie.",),
    "NOT_CHANGED_HERE": ("Dit verandert u op een andere plek van de kaart.",),
    "OWN_NETWORK_ONLY": ("Op de kaart verandert u alleen mensen uit het eigen netwerk van het gezin.",),
    "SECOND_COORDINATOR": ("Dit gezin heeft al een regisseur. Stop eerst met de huidige regisseur.",),
    "ALREADY_ASSIGNED": ("Deze professional werkt al met dit gezin.",),
    "UNKNOWN_SIGNAL": ("Dit signaal kennen we niet.",),
    "ALREADY_FLAGGED": ("Bij dit signaal staat al 'past niet bij ons'.",),
    "REASON_REQUIRED": ("Schrijf in een hele zin waarom u de kaart nu nodig hebt.",),
    "ALREADY_ENDED": ("Deze noodtoegang is al gestopt.",),
}

#: what INVALID_TYPE asks for, in words
EXPECTED = {"text": "tekst", "bool": "ja of nee", "int": "een heel getal", "list": "een lijst",
            "object": "een groep gegevens"}


def dutch(error: DomainError) -> str:
    """The Dutch text of an error: its code's first template whose parameters it carries."""
    return dutch_for(error.code, error.params, fallback=type(error).code)


def dutch_for(code: str, params: Mapping[str, Any] | None = None, fallback: str = "DOMAIN_ERROR") -> str:
    """The Dutch text of a code (a request refused before it reached the domain has a code too)."""
    params = dict(params or {})
    if "expected" in params:
        params["expected"] = EXPECTED.get(params["expected"], params["expected"])
    if "enum" in params:
        enum = load_vocabulary().enums.get(params["enum"])
        params["list"] = enum.nl.lower() if enum else params["enum"]
    for template in DUTCH.get(code, ()) + DUTCH[fallback]:
        try:
            return template.format(**params)
        except KeyError:
            continue
    return DUTCH["DOMAIN_ERROR"][0]  # pragma: no cover - every class code has a template without parameters
