"""A family's network card as plain data, built from store rows.

The gap signals, the ring map, the card versions and the API all read this one shape, so a card
version saved today can be drawn and checked again next year exactly as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

Row = dict[str, Any]

INFORMAL_KINDS = frozenset({"network_person", "informal_supporter"})
SUPPORT_TYPES = ("emotional", "practical", "informational")


@dataclass
class CardPerson:
    """Somebody on the card: her node, the tie that places her there, and her organisation."""

    node: Row
    tie: Row
    organisation: Row | None = None

    @property
    def id(self) -> str:
        return self.node["id"]

    @property
    def kind(self) -> str:
        return self.node["kind"]

    @property
    def name(self) -> str:
        return str(self.node.get("name") or self.node.get("label") or self.id)

    @property
    def informal(self) -> bool:
        return self.kind in INFORMAL_KINDS

    @property
    def domain(self) -> str | None:
        """The professional domain: her own, else her organisation's; informal people are informal."""
        if self.informal:
            return "informal"
        if self.kind == "organisation":
            return self.node.get("domain")
        return self.node.get("domain") or (self.organisation or {}).get("domain")

    @property
    def organisation_type(self) -> str | None:
        if self.kind == "organisation":
            return self.node.get("organisation_type")
        return (self.organisation or {}).get("organisation_type")

    @property
    def ring(self) -> int:
        return int(self.tie.get("ring") or 3)

    @property
    def potential(self) -> bool:
        """Discussed as someone the family could ask, not (yet) giving support."""
        return bool(self.tie.get("potential"))

    def level(self, support_type: str) -> int:
        return 0 if self.potential else int(self.tie.get(support_type) or 0)

    def left_open(self, key: str) -> bool:
        """Whether the card leaves this answer open (never asked, or not known yet), as opposed
        to an answer of none: a signal then asks rather than states."""
        return not self.potential and self.tie.get(key) is None


@dataclass
class Card:
    family: Row
    as_of: str
    coalition: str | None = None
    members: list[Row] = field(default_factory=list)
    people: list[CardPerson] = field(default_factory=list)
    coordinator: Row | None = None  # the current COORDINATES tie
    assigned: list[str] = field(default_factory=list)
    #: ties among the people on the card (professionals who know each other, this family's handovers)
    ties: list[Row] = field(default_factory=list)
    agreements: list[Row] = field(default_factory=list)
    factors: list[Row] = field(default_factory=list)
    flags: list[Row] = field(default_factory=list)
    versions: list[Row] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.family["id"]

    def person(self, person_id: str) -> CardPerson | None:
        return next((p for p in self.people if p.id == person_id), None)

    @property
    def informal(self) -> list[CardPerson]:
        return [p for p in self.people if p.informal]

    @property
    def formal(self) -> list[CardPerson]:
        return [p for p in self.people if not p.informal]

    @property
    def handovers(self) -> list[Row]:
        return [t for t in self.ties if t["kind"] == "hands_over"]

    def risk_factors(self) -> set[str]:
        return {f["factor"] for f in self.factors if f.get("factor_kind") == "risk"}

    # ------------------------------------------------------------------ versions
    def to_snapshot(self) -> dict[str, Any]:
        """Everything needed to draw and check this card again later (no version history)."""
        return {
            "family": self.family, "as_of": self.as_of, "coalition": self.coalition, "members": self.members,
            "people": [{"node": p.node, "tie": p.tie, "organisation": p.organisation} for p in self.people],
            "coordinator": self.coordinator, "assigned": self.assigned, "ties": self.ties,
            "agreements": self.agreements, "factors": self.factors, "flags": self.flags,
        }

    @classmethod
    def from_snapshot(cls, data: Mapping[str, Any]) -> "Card":
        people = [CardPerson(p["node"], p["tie"], p.get("organisation")) for p in data.get("people", [])]
        return cls(
            family=dict(data["family"]), as_of=data["as_of"], coalition=data.get("coalition"),
            members=list(data.get("members", [])), people=people, coordinator=data.get("coordinator"),
            assigned=list(data.get("assigned", [])), ties=list(data.get("ties", [])),
            agreements=list(data.get("agreements", [])), factors=list(data.get("factors", [])),
            flags=list(data.get("flags", [])),
        )
