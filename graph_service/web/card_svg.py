"""The family network card as server-rendered SVG: one picture for the screen, print, the PDF and
a screen reader.

Each person is one link element with an accessible name that says everything the picture shows
(ring, side, support, coordinator); without a script it opens her details, with the editor's
script it can also be dragged or moved by keyboard. The picture reads in black and white: line
thickness is the support given, a dotted line is someone not asked yet, a dash-dot line is
tension, the shape is the kind of person and a star marks the coordinator. Colours and line
styles are SVG attributes, not a stylesheet, so a PDF engine draws them the same.

Positions come from the ring map (`maps.family_card_map.layout`): own network on the left by life
area, professionals on the right by domain, ring 1 (very close) to ring 3.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..domain.family_card import SUPPORT_TYPES, Card, CardPerson
from ..domain.vocabulary import Vocabulary
from ..maps.family_card_map import RING_RADIUS, layout
from ..maps.page import enum_label

#: half the width and height of the drawing
EXTENT = 560
PERSON_RADIUS = 30


@dataclass
class SvgPerson:
    id: str
    name: str
    x: float
    y: float
    ring: int
    shape: str  # circle, square, triangle
    label: str  # the accessible name
    stroke_width: float
    dash: str | None
    coordinator: bool
    highlighted: bool
    own_network: bool


@dataclass
class SvgLine:
    x1: float
    y1: float
    x2: float
    y2: float
    dash: str | None = None
    width: float = 2.0


@dataclass
class SvgCard:
    title: str
    extent: int
    rings: list[tuple[int, int, str]]  # (ring, radius, words)
    people: list[SvgPerson]
    lines: list[SvgLine]
    ties: list[SvgLine]
    members: list[tuple[str, float, float]]
    family_label: str
    highlighted: set[str] = field(default_factory=set)

    @property
    def view_box(self) -> str:
        return f"{-self.extent} {-self.extent} {2 * self.extent} {2 * self.extent}"


def _shape(person: CardPerson) -> str:
    if person.informal:
        return "circle"
    return "triangle" if person.kind == "organisation" else "square"


def _support_words(person: CardPerson, t: dict[str, str]) -> str:
    given = [f"{t['support_' + s].lower()} {t['level_' + str(person.level(s))]}" for s in SUPPORT_TYPES
             if person.level(s)]
    return ", ".join(given)


def accessible_name(person: CardPerson, coordinator: bool, vocabulary: Vocabulary, t: dict[str, str], lang: str,
                    knows: list[str] | None = None) -> str:
    """"Oma Ria, cirkel 1 (heel dichtbij), eigen netwerk: familie, luistert, troost vaak, kent Ans"."""
    parts = [person.name, f"{t['ring'].format(ring=person.ring).lower()} ({t['ring_' + str(person.ring)]})"]
    if person.informal:
        area = person.node.get("life_area")
        side = t["own_network"].lower()
        parts.append(f"{side}: {enum_label(vocabulary, 'life_area', area, lang).lower()}" if area else side)
    else:
        parts.append(t["professional"])
    if support := _support_words(person, t):
        parts.append(support)
    if person.potential:
        parts.append(t["potential"].lower())
    if person.tie.get("conflict"):
        parts.append(t["legend_conflict"].split(": ")[-1])
    if coordinator:
        parts.append(t["coordinator"].lower())
    if knows:
        parts.append(t["knows_people"].format(names=" & ".join(knows)))
    return ", ".join(parts)


def _line_style(person: CardPerson) -> tuple[float, str | None]:
    total = sum(person.level(s) for s in SUPPORT_TYPES)
    dash = "3 9" if person.potential else ("18 6 3 6" if person.tie.get("conflict") else None)
    return 1.5 + 1.5 * total, dash


def svg_card(card: Card, vocabulary: Vocabulary, t: dict[str, str], lang: str,
             highlighted: set[str] | None = None, blank: bool = False) -> SvgCard:
    """The drawing of `card`; `blank`: rings only, for drawing by hand."""
    highlighted = highlighted or set()
    positions = layout(card)
    coordinator = card.coordinator["from"] if card.coordinator else None
    people, lines = [], []
    names = {p.id: p.name for p in card.people}
    known: dict[str, list[str]] = {}
    for tie in card.ties:
        if tie["kind"] == "knows" and tie["from"] in names and tie["to"] in names:
            known.setdefault(tie["from"], []).append(names[tie["to"]])
            known.setdefault(tie["to"], []).append(names[tie["from"]])
    for person in [] if blank else card.people:
        x, y = positions[person.id]
        width, dash = _line_style(person)
        # the line runs from the family's edge to the person's edge
        length = math.hypot(x, y) or 1.0
        ux, uy = x / length, y / length
        lines.append(SvgLine(ux * 60, uy * 60, x - ux * PERSON_RADIUS, y - uy * PERSON_RADIUS, dash, width))
        people.append(SvgPerson(
            id=person.id, name=person.name, x=x, y=y, ring=person.ring, shape=_shape(person),
            label=accessible_name(person, person.id == coordinator, vocabulary, t, lang, known.get(person.id)),
            stroke_width=width, dash=dash,
            coordinator=person.id == coordinator, highlighted=person.id in highlighted, own_network=person.informal))
    ties = [] if blank else [SvgLine(*positions[tie["from"]], *positions[tie["to"]],
                                     "8 6" if tie["kind"] == "hands_over" else None, 2.0)
                             for tie in card.ties if tie["from"] in positions and tie["to"] in positions]
    members = [] if blank else [(str(m.get("label", "")), *positions[m["id"]]) for m in card.members]
    return SvgCard(
        title=t["card_of"].format(label=card.family.get("label", "")), extent=EXTENT,
        rings=[(ring, radius, t[f"ring_{ring}"]) for ring, radius in RING_RADIUS.items()],
        people=people, lines=lines, ties=ties, members=members,
        family_label="" if blank else str(card.family.get("label", "")), highlighted=highlighted)


def star_points(x: float, y: float, radius: float = 16) -> str:
    """A five-pointed star around (x, y), as an SVG polygon's points."""
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.45
        angle = math.pi / 2 + i * math.pi / 5
        points.append(f"{x + r * math.cos(angle):.1f},{y - r * math.sin(angle):.1f}")
    return " ".join(points)
