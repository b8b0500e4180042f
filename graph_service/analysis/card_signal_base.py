"""What the gap signals of a family's network card are made of: the Signal, the names of the
nineteen rules, their registry, the thresholds and expected-support matrix of
`graph_service/schema/card_signals.toml`, and the helpers the rules share (see `card_signals.py` for the rules).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Mapping

from ..domain.vocabulary import default_schema_dir
from ..domain.family_card import Card, CardPerson
from .findings import listing

KNOWS = frozenset({"knows_most", "knows_little"})
FAR = frozenset({"far", "abroad"})
MATERNITY_TYPES = frozenset({"maternity_care", "midwife_practice"})
VOLUNTEER_INTERVENTIONS = frozenset({"home_visiting_volunteers", "peer_support"})
SUPPORT_WORDS = {"emotional": ("emotionele steun", "emotional support"),
                 "practical": ("praktische hulp", "practical help"),
                 "informational": ("informatie en advies", "information and advice")}


@dataclass(frozen=True)
class Expectation:
    key: str
    nl: str
    en: str
    organisation_types: frozenset[str] = frozenset()
    intervention_types: frozenset[str] = frozenset()
    life_areas: frozenset[str] = frozenset()

    def met_by(self, person: CardPerson) -> bool:
        if person.potential:
            return False
        if person.organisation_type in self.organisation_types:
            return True
        if set(person.tie.get("focus") or ()) & self.intervention_types:
            return True
        return person.informal and person.node.get("life_area") in self.life_areas


@dataclass(frozen=True)
class SignalConfig:
    thresholds: Mapping[str, float]
    by_stage: Mapping[str, Expectation]
    by_factor: Mapping[str, Expectation]

    def __getattr__(self, name: str) -> Any:
        try:
            return self.thresholds[name]
        except KeyError:
            raise AttributeError(name) from None


def _expectations(raw: Mapping[str, Any]) -> dict[str, Expectation]:
    return {
        key: Expectation(
            key=key, nl=spec["nl"], en=spec["en"],
            organisation_types=frozenset(spec.get("organisation_types", ())),
            intervention_types=frozenset(spec.get("intervention_types", ())),
            life_areas=frozenset(spec.get("life_areas", ())),
        )
        for key, spec in raw.items()
    }


@lru_cache(maxsize=4)
def load_config(path: Path | None = None) -> SignalConfig:
    with (path or default_schema_dir() / "card_signals.toml").open("rb") as fh:
        raw = tomllib.load(fh)
    return SignalConfig(thresholds=raw["thresholds"], by_stage=_expectations(raw.get("expected_by_stage", {})),
                        by_factor=_expectations(raw.get("expected_support", {})))


@dataclass
class Signal:
    rule: str
    #: the rule id, or rule:topic when a rule can fire more than once (G14:smoking)
    key: str
    severity: str  # "attention" or "priority"
    nl: str
    en: str
    suggestion_nl: str
    suggestion_en: str
    evidence: list[str] = field(default_factory=list)
    flag: dict[str, Any] | None = None
    #: the card leaves the answer open ("not filled in yet"): the signal asks instead of stating
    open_question: bool = False

    @property
    def not_relevant(self) -> bool:
        return self.flag is not None


#: rule id -> (Dutch name, English name)
NAMES: dict[str, tuple[str, str]] = {
    "G01": ("Geen emotionele steun", "No emotional support"),
    "G02": ("Geen praktische hulp in de kraamtijd", "No practical help around the birth"),
    "G03": ("Geen vertrouwde bron van advies", "No trusted source of advice"),
    "G04": ("Klein informeel netwerk", "Small informal network"),
    "G05": ("Alles hangt aan één persoon", "Everything rests on one person"),
    "G06": ("Meer professionals dan eigen netwerk", "More professionals than own network"),
    "G07": ("Steun op afstand", "Support far away"),
    "G08": ("Spanning dichtbij", "Tension close by"),
    "G09": ("Steun gaat één kant op", "Support goes one way"),
    "G10": ("Niemand weet ervan", "Nobody knows"),
    "G11": ("Geen regisseur", "No coordinator"),
    "G12": ("Medisch en sociaal niet verbonden", "Medical and social not connected"),
    "G13": ("Geen warme overdracht na de kraamperiode", "No warm handover after the maternity period"),
    "G14": ("Verwachte steun ontbreekt", "Expected support missing"),
    "G15": ("Tijdelijke steun stopt", "Temporary support ending"),
    "G16": ("Netwerk van de partner ontbreekt", "Co-parent's network missing"),
    "G17": ("Behoefte niet vervuld", "Unmet need"),
    "G18": ("Kaart verouderd", "Card out of date"),
    "G19": ("Informele mogelijkheden onbenut", "Informal options unused"),
}

SignalRule = Callable[[Card, SignalConfig, dt.date], list[Signal]]
SIGNALS: dict[str, SignalRule] = {}


def signal(rule_id: str) -> Callable[[SignalRule], SignalRule]:
    def register(fn: SignalRule) -> SignalRule:
        SIGNALS[rule_id] = fn
        return fn
    return register


def make(rule: str, nl: str, en: str, s_nl: str, s_en: str, evidence: list[str], *, topic: str | None = None,
          severity: str = "attention", open_question: bool = False) -> Signal:
    return Signal(rule=rule, key=f"{rule}:{topic}" if topic else rule, severity=severity, nl=nl, en=en,
                  suggestion_nl=s_nl, suggestion_en=s_en, evidence=evidence, open_question=open_question)


def people_names(people: list[CardPerson]) -> tuple[str, str]:
    """'Oma, Ans en Bas' and 'Oma, Ans and Bas'."""
    return listing([p.name for p in people])


def ask(rule: str, people: list[CardPerson], nl: tuple[str, str], en: tuple[str, str]) -> Signal:
    """The card leaves it open for these people: ask (the question for one person, then for more),
    name them, and suggest filling it in together."""
    names_nl, names_en = people_names(people)
    one = 0 if len(people) == 1 else 1
    return make(rule, f"{nl[one].format(names=names_nl)} Dat is nog niet ingevuld op de kaart.",
                 f"{en[one].format(names=names_en)} That is not filled in on the card yet.",
                 "Dit samen met de ouders invullen.", "Fill this in together with the parents.",
                 [p.id for p in people], open_question=True)


def gives(person: CardPerson, support_type: str, config: SignalConfig) -> bool:
    return person.level(support_type) >= config.support_level


def date_of(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def weeks_since_birth(card: Card) -> float | None:
    family = card.family
    if family.get("stage") == "postpartum":
        return float(family.get("weeks_since_birth") or 0)
    if family.get("stage") == "child_0_2":
        return float(family.get("child_age_months") or 0) * 4.35
    return None


def actual_informal(card: Card) -> list[CardPerson]:
    return [p for p in card.informal if not p.potential]
