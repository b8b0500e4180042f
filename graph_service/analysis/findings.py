"""What a gap rule returns, how findings are ranked, and the words they are written in.

A coordinator takes the findings to the coalition meeting, so they must read like advice: labels
from the vocabulary (never a code), names (never an id), singular and plural right, one finding
per gap rather than per instance, and the most important first. Ranking is a plain sum a
coordinator can follow:

    priority = severity (high 30, medium 20, low 10)
             + reach (partners or communities it touches, at most 5; a gap of the whole coalition 5)
             + actionability (3 when it names the ties to make, 1 when it names whom to talk to)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from ..domain.vocabulary import load_vocabulary

# in the vocabulary's order, which is the order reports and maps show them in
DOMAINS = load_vocabulary().order("domain")
LEVELS = load_vocabulary().order("level")
PHASES = load_vocabulary().order("phase")
PILLARS = load_vocabulary().order("pillar")
#: partner types a coalition is expected to have; "lived_experience" means parents with lived experience
REFERENCE_TYPES = ("gp_practice", "midwife_practice", "maternity_care", "youth_health_care", "neighbourhood_team",
                   "debt_counselling", "housing_corporation", "volunteer_or_community", "municipality",
                   "health_insurer", "lived_experience")
#: reference "types" that are no single organisation type of the vocabulary
GROUPED_TYPES = {"volunteer_or_community": ("vrijwilligersorganisatie of ontmoetingsplek",
                                            "volunteer organisation or community place"),
                 "lived_experience": ("ouders met ervaringskennis", "parents with lived experience")}

SEVERITY_WEIGHT = {"high": 30, "medium": 20, "low": 10}
#: a grouped finding suggests ties for at most this many of the partners it names
MAX_GROUP_SUGGESTIONS = 10
#: the reach of a gap that concerns the whole coalition (every family meets it)
WHOLE_COALITION = 5
TOP_ACTIONS = 5


@dataclass
class RuleConfig:
    reference_types: tuple[str, ...] = REFERENCE_TYPES
    #: observed / expected cross-domain ties below this is weak
    weak_tie_ratio: float = 0.5
    #: a statistical finding needs at least this many expected ties: below it, chance says nothing
    min_expected: float = 1.0
    suggestions: int = 5
    #: a partner carrying more than this share of all cross-domain ties is a single broker
    broker_share: float = 0.4
    #: ... judged only with at least this many cross-domain ties (in a village, one hub is the design)
    broker_min_ties: int = 10
    reach_steps: int = 3
    overlap_providers: int = 3
    #: searches look at this many candidates per side (the most central first), not at all pairs
    candidates: int = 30


@dataclass(frozen=True)
class SuggestedTie:
    """A tie worth making, between two named partners, and why."""

    from_id: str
    to_id: str
    from_name: str
    to_name: str
    reason_nl: str
    reason_en: str

    @property
    def ends(self) -> tuple[str, str]:
        return self.from_id, self.to_id

    def as_dict(self) -> dict[str, str]:
        return {"from": self.from_id, "to": self.to_id, "from_name": self.from_name, "to_name": self.to_name,
                "reason_nl": self.reason_nl, "reason_en": self.reason_en}


@dataclass(frozen=True)
class TopAction:
    """One of the first things to do, with the finding it comes from as its reason."""

    rule: str
    nl: str
    en: str
    because_nl: str
    because_en: str


@dataclass
class Finding:
    rule: str
    severity: str  # "high", "medium", "low"
    nl: str
    en: str
    action_nl: str
    action_en: str
    nodes: list[str] = field(default_factory=list)
    ties: list[str] = field(default_factory=list)
    suggested_ties: list[SuggestedTie] = field(default_factory=list)
    #: what the finding is about (a domain, a community, an offer, a kind of partner): stays the same
    #: while the wording changes, so a scenario or a tool can name the finding it means
    key: str = ""
    #: partners or communities it touches; None counts the evidence nodes
    reach: int | None = None
    priority: int = 0
    #: names of the partners it is about who did not answer the latest survey: it rests on incomplete answers
    incomplete: list[str] = field(default_factory=list)

    def rank(self) -> None:
        reach = len(set(self.nodes)) if self.reach is None else self.reach
        actionable = 3 if self.suggested_ties else 1 if self.nodes else 0
        self.priority = SEVERITY_WEIGHT[self.severity] + min(reach, WHOLE_COALITION) + actionable

    @property
    def identity(self) -> str:
        """Rule and subject (`isolated_member:medical`): the same finding on another day, whatever its
        wording; a coalition's review of a finding is kept under it."""
        return f"{self.rule}:{self.key}" if self.key else self.rule

    def as_dict(self) -> dict[str, Any]:
        """The finding as JSON data (the CLI's `--format json`)."""
        return {**vars(self), "suggested_ties": [t.as_dict() for t in self.suggested_ties]}


def ranked(findings: list[Finding]) -> list[Finding]:
    """Highest priority first; ties broken by rule and text so the order is the same every run."""
    for finding in findings:
        finding.rank()
    return sorted(findings, key=lambda f: (-f.priority, f.rule, f.key, f.nl))


def top_actions(findings: list[Finding], count: int = TOP_ACTIONS) -> list[TopAction]:
    """The first things to do, from the highest-ranked findings (already in order)."""
    actions = []
    for finding in findings[:count]:
        first = finding.suggested_ties[0] if finding.suggested_ties else None
        start_nl = f" Begin met {first.from_name} en {first.to_name}." if first else ""
        start_en = f" Start with {first.from_name} and {first.to_name}." if first else ""
        actions.append(TopAction(rule=finding.rule, nl=finding.action_nl + start_nl, en=finding.action_en + start_en,
                                 because_nl=finding.nl, because_en=finding.en))
    return actions


Rule = Callable[[Any, RuleConfig], list[Finding]]
RULES: dict[str, Rule] = {}


def rule(rule_id: str) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        RULES[rule_id] = fn
        return fn
    return register


# --------------------------------------------------------------------------- words
def label(enum: str, value: str) -> tuple[str, str]:
    """Dutch and English label of a vocabulary value, in lower case for use inside a sentence."""
    if enum == "organisation_type" and value in GROUPED_TYPES:
        return GROUPED_TYPES[value]
    found = load_vocabulary().enums[enum].get(value)
    if found is None:
        return value, value
    return _in_sentence(found.nl), _in_sentence(found.en)


def _in_sentence(text: str) -> str:
    """Lower case, but abbreviations such as JGZ, GGD and VSV stay in capitals."""
    return " ".join(w if sum(c.isupper() for c in w) > 1 else w.lower() for w in text.split(" "))


def domain_fact(domain: str, fact: str) -> Any:
    """What the vocabulary says of a domain: expected `levels`, `works_with`, `where_nl`, `where_en`."""
    found = load_vocabulary().enums["domain"].get(domain)
    return found.extra.get(fact) if found else None


def expected_levels(domain: str) -> tuple[str, ...]:
    return tuple(domain_fact(domain, "levels") or LEVELS)


def works_with(a: str, b: str) -> bool:
    """Whether the vocabulary expects working ties between two domains (either side says so)."""
    return b in (domain_fact(a, "works_with") or ()) or a in (domain_fact(b, "works_with") or ())


def where(domain: str) -> tuple[str, str]:
    """'in het medisch domein', 'in the medical domain'."""
    return (domain_fact(domain, "where_nl") or "zonder domein", domain_fact(domain, "where_en") or "without a domain")


def domain_name(domain: str) -> tuple[str, str]:
    """'het medisch domein', 'the medical domain': the phrase of `where` without its preposition."""
    in_nl, in_en = where(domain)
    return in_nl.split(" ", 1)[1], in_en.split(" ", 1)[1]


def listing(items: list[str], word_nl: str = "en", word_en: str = "and") -> tuple[str, str]:
    """'a, b en c' and 'a, b and c'."""
    def join(word: str) -> str:
        if not items:
            return ""
        return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {word} {items[-1]}"
    return join(word_nl), join(word_en)


def labels(enum: str, values: list[str], quoted: bool = False) -> tuple[str, str]:
    """A listing of labels ('zwangerschap en geboorte en kraamperiode' reads wrong: quote multi-word ones)."""
    q = "'" if quoted else ""
    return (listing([f"{q}{label(enum, v)[0]}{q}" for v in values])[0],
            listing([f"{q}{label(enum, v)[1]}{q}" for v in values])[1])


def counted(number: int, singular: str, plural: str) -> str:
    """'1 werkrelatie', '3 werkrelaties'."""
    return f"{number} {singular if number == 1 else plural}"
