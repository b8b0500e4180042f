"""The shapes of the scenario suite: a coalition or a family card, what an expert expects the
analysis to say of it, and what must never be said.

An expectation names a rule and, to pin it down, a `key` (what the finding is about), nodes it
must name, or words its Dutch text must hold. A finding the scenario neither expects nor forbids
counts against precision: the expectations list every finding an adviser would want.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph_service.domain.family_card import Card, CardPerson
from graph_service.analysis.snapshot import Snapshot, build_snapshot

C = "c"
ALL_PHASES = ["preconception", "pregnancy", "birth_maternity", "zero_to_two"]
DOMAIN_OF = {
    "midwife_practice": "medical", "maternity_care": "medical", "gp_practice": "medical", "hospital": "medical",
    "mental_health_care": "medical", "addiction_care": "medical", "youth_health_care": "public_health",
    "municipal_health_service": "public_health", "neighbourhood_team": "social", "social_work": "social",
    "debt_counselling": "social", "housing_corporation": "social", "welfare": "social", "childcare": "social",
    "volunteer_organisation": "informal", "community_place": "informal", "municipality": "policy",
    "health_insurer": "policy",
}


@dataclass(frozen=True)
class Expect:
    rule: str
    key: str | None = None
    nodes: tuple[str, ...] = ()
    words: str | None = None
    #: card signals only: whether the signal must ask (the card leaves it open) or state
    open_question: bool | None = None

    def matches(self, found: dict[str, Any]) -> bool:
        return (found["rule"] == self.rule
                and (self.key is None or found.get("key") == self.key)
                and set(self.nodes) <= set(found.get("nodes") or [])
                and (self.words is None or self.words in found["nl"])
                and (self.open_question is None or found.get("open_question") == self.open_question))


@dataclass
class Scenario:
    name: str
    story: str
    expect: list[Expect]
    must_not: list[Expect]
    coalition: "CoalitionBuilder | None" = None
    card: Card | None = None


class CoalitionBuilder:
    """A coalition written the way a coordinator would list it: partners, who works with whom."""

    def __init__(self, name: str) -> None:
        self.nodes: dict[str, dict[str, Any]] = {C: {"id": C, "kind": "coalition", "name": name}}
        self.ties: list[dict[str, Any]] = []

    def org(self, oid: str, name: str, otype: str, phases: list[str] | None = None,
            levels: tuple[str, ...] = ("governance", "management", "practice"), **extra: Any) -> "CoalitionBuilder":
        self.nodes[oid] = {"id": oid, "kind": "organisation", "name": name, "organisation_type": otype,
                           "domain": DOMAIN_OF[otype], "phases": phases or ALL_PHASES, **extra}
        for level in levels:
            self.tie("member_of", oid, C, level=level)
        return self

    def person(self, pid: str, name: str, levels: tuple[str, ...] = ("practice",), **extra: Any) -> "CoalitionBuilder":
        self.nodes[pid] = {"id": pid, "kind": "informal_supporter", "name": name, **extra}
        for level in levels:
            self.tie("member_of", pid, C, level=level)
        return self

    def community(self, cid: str, name: str, *reached_by: str) -> "CoalitionBuilder":
        self.nodes[cid] = {"id": cid, "kind": "community", "name": name}
        self.tie("belongs_to", cid, C)
        for who in reached_by:
            self.tie("reaches", who, cid)
        return self

    def offer(self, iid: str, name: str, itype: str, phases: list[str], *providers: str,
              pillars: tuple[str, ...] = ()) -> "CoalitionBuilder":
        self.nodes[iid] = {"id": iid, "kind": "intervention", "name": name, "intervention_type": itype,
                           "phases": phases, "pillars": list(pillars)}
        self.tie("belongs_to", iid, C)
        for provider in providers:
            self.tie("offers", provider, iid)
        return self

    def work(self, *pairs: tuple[str, str], kind: str = "collaborates_with") -> "CoalitionBuilder":
        for a, b in pairs:
            self.tie(kind, a, b, **({"intensity": "cooperation"} if kind == "collaborates_with" else {}))
        return self

    def chain(self, *ids: str) -> "CoalitionBuilder":
        """Each works with the next: a-b, b-c, ..."""
        return self.work(*zip(ids, ids[1:]))

    def all_with_all(self, *ids: str) -> "CoalitionBuilder":
        return self.work(*[(a, b) for i, a in enumerate(ids) for b in ids[i + 1:]])

    def tie(self, kind: str, a: str, b: str, **props: Any) -> None:
        self.ties.append({"id": f"{kind}-{a}-{b}-{len(self.ties)}", "kind": kind, "from": a, "to": b,
                          "since": "2020-01-01", **props})

    def snapshot(self) -> Snapshot:
        return build_snapshot(C, "2026-06-01", 1, self.nodes, self.ties)


# ------------------------------------------------------------------------------ cards
PRO_ORGS = {
    "midwife": ("vp", "medical", "midwife_practice"), "maternity": ("kz", "medical", "maternity_care"),
    "gp": ("ha", "medical", "gp_practice"), "mental": ("ggz", "medical", "mental_health_care"),
    "jgz": ("jgz", "public_health", "youth_health_care"), "team": ("wt", "social", "neighbourhood_team"),
    "debts": ("shv", "social", "debt_counselling"), "homestart": ("hs", "informal", "volunteer_organisation"),
}


def relative(name: str, ring: int, area: str = "family", **support: Any) -> CardPerson:
    return CardPerson({"id": name.lower().replace(" ", "-"), "kind": "network_person", "name": name, "life_area": area,
                       "proximity": support.pop("proximity", "walking_distance"),
                       "relationship": support.pop("relationship", "")},
                      {"id": f"s-{name}", "kind": "supports", "ring": ring, "since": "2026-01-01", **support})


def professional(name: str, org: str, ring: int = 2, **support: Any) -> CardPerson:
    oid, domain, otype = PRO_ORGS[org]
    return CardPerson({"id": name.lower().replace(" ", "-"), "kind": "professional", "name": name},
                      {"id": f"s-{name}", "kind": "supports", "ring": ring, "since": "2026-01-01", **support},
                      {"id": oid, "kind": "organisation", "domain": domain, "organisation_type": otype})


def card(label: str, stage: str, people: list[CardPerson], *, risks: tuple[str, ...] = (),
         members: list[dict[str, Any]] | None = None, coordinator: str | None = None,
         handovers: list[tuple[str, str]] = (), **family: Any) -> Card:
    out = Card(family={"id": "f", "kind": "family", "label": label, "stage": stage,
                       "created": "2026-05-20T10:00:00+00:00", **family}, as_of="2026-06-01")
    out.members = members or [{"id": "m1", "label": "Moeder", "role": "parent"}]
    out.people = people
    out.factors = [{"id": f"r-{r}", "factor_kind": "risk", "factor": r} for r in risks]
    out.coordinator = {"id": "co", "from": coordinator, "to": "f"} if coordinator else None
    out.ties = [{"id": f"h{i}", "kind": "hands_over", "from": a, "to": b, "family": "f", "status": "done"}
                for i, (a, b) in enumerate(handovers)]
    out.versions = [{"version": 1, "reviewed_on": "2026-05-20"}]
    return out
