"""The family network card as a map: the family in the centre, people on concentric rings.

Positions are computed here, not by a physics simulation, so the same card always gives the same
picture and the rings mean something: ring 1 (very close) to ring 3 (further away). The left half
holds the family's own network by life area, the right half the professionals by domain. Lines
show the support given, one per support type (colour and dash pattern, so it reads without colour
too), ties between professionals are drawn, the coordinator is a star, and the signals are listed
beside the card; clicking a signal selects its evidence on the map.
"""

from __future__ import annotations

import json
import math


from ..analysis.card_signals import NAMES, Signal
from ..domain.family_card import SUPPORT_TYPES, Card, CardPerson
from ..domain.vocabulary import Vocabulary, load_vocabulary
from .page import DOMAIN_COLOUR, MapNetwork, Page, domain_legend, enum_label, esc, render_page, tie_label

RING_RADIUS = {1: 190, 2: 330, 3: 470}
MEMBER_RADIUS = 90
LIFE_AREAS = ("household", "family", "friends", "neighbours", "work_school", "community", "volunteer_organisation")
#: the professionals' sectors, right of the card: every domain of the vocabulary but the informal one
DOMAINS = tuple(d for d in load_vocabulary().order("domain") if d != "informal")
#: support type -> (colour, dashes, curve roundness): three lines from one person stay apart
SUPPORT_STYLE = {
    "emotional": ("#d64545", False, 0.0),
    "practical": ("#2680c2", [10, 6], 0.12),
    "informational": ("#3f9142", [3, 5], -0.12),
}
KIND_SHAPE = {"family": "hexagon", "family_member": "dot", "network_person": "dot", "informal_supporter": "diamond",
              "professional": "square", "organisation": "triangle"}

TEXT = {
    "nl": {"title": "Netwerkkaart", "as_of": "stand van", "legend": "Legenda", "signals": "Signalen om te bespreken",
           "no_signals": "Geen signalen: mooi zo.", "not_relevant": "niet van toepassing volgens het gezin",
           "rings": "Cirkels: 1 heel dichtbij, 2 dichtbij, 3 verder weg", "coordinator": "regisseur",
           "own": "Eigen netwerk (links)", "professionals": "Professionals (rechts)", "handover": "overdracht",
           "knows": "kennen elkaar", "conflict": "spanning", "potential": "zou gevraagd kunnen worden",
           "members": "Gezinsleden", "support": "steun", "print": "Afdrukken"},
    "en": {"title": "Network card", "as_of": "as of", "legend": "Legend", "signals": "Signals to talk about",
           "no_signals": "No signals: well done.", "not_relevant": "not relevant according to the family",
           "rings": "Rings: 1 very close, 2 close, 3 further away", "coordinator": "coordinator",
           "own": "Own network (left)", "professionals": "Professionals (right)", "handover": "handover",
           "knows": "know each other", "conflict": "tension", "potential": "could be asked",
           "members": "Family members", "support": "support", "print": "Print"},
}


def _sector(person: CardPerson) -> tuple[int, float, float]:
    """(side, start angle, end angle) in degrees; the left side runs top to bottom."""
    if person.informal:
        area = person.node.get("life_area") or "community"
        index = LIFE_AREAS.index(area) if area in LIFE_AREAS else len(LIFE_AREAS) - 2
        width = 170 / len(LIFE_AREAS)
        start = 95 + index * width
        return -1, start, start + width
    domain = person.domain if person.domain in DOMAINS else "policy"
    width = 170 / len(DOMAINS)
    start = 85 - DOMAINS.index(domain) * width
    return 1, start, start - width


def layout(card: Card) -> dict[str, tuple[float, float]]:
    """Fixed positions: members around the centre, people spread over their ring within their sector."""
    positions: dict[str, tuple[float, float]] = {card.id: (0.0, 0.0)}
    for i, member in enumerate(card.members):
        angle = 2 * math.pi * i / max(len(card.members), 1) - math.pi / 2
        positions[member["id"]] = (MEMBER_RADIUS * math.cos(angle), MEMBER_RADIUS * math.sin(angle))
    groups: dict[tuple[tuple[int, float, float], int], list[CardPerson]] = {}
    for person in card.people:
        groups.setdefault((_sector(person), person.ring), []).append(person)
    for ((_, start, end), ring), people in groups.items():
        for i, person in enumerate(sorted(people, key=lambda p: (p.name.lower(), p.id))):
            degrees = start + (end - start) * (i + 1) / (len(people) + 1)
            radians = math.radians(degrees)
            # screen y grows downwards: angles are measured counter-clockwise from the right
            positions[person.id] = (RING_RADIUS[ring] * math.cos(radians), -RING_RADIUS[ring] * math.sin(radians))
    return positions


def _person_tooltip(vocabulary: Vocabulary, person: CardPerson, lang: str) -> str:
    t = TEXT[lang]
    lines = [person.name]
    if person.node.get("relationship"):
        lines.append(str(person.node["relationship"]))
    if person.node.get("role"):
        lines.append(str(person.node["role"]))
    if person.organisation:
        lines.append(str(person.organisation.get("name", "")))
    for support_type in SUPPORT_TYPES:
        level = person.level(support_type)
        if level:
            lines.append(f"{enum_label(vocabulary, 'support_type', support_type, lang)}: {level}/2")
    for key, enum in (("contact_frequency", "contact_frequency"), ("knows_situation", "knows_situation"),
                      ("direction", "support_direction")):
        if person.tie.get(key):
            lines.append(enum_label(vocabulary, enum, person.tie[key], lang))
    if person.potential:
        lines.append(t["potential"])
    if person.tie.get("conflict") or int(person.tie.get("criticism") or 0):
        lines.append(t["conflict"])
    if person.tie.get("until"):
        lines.append(f"tot {person.tie['until']}" if lang == "nl" else f"until {person.tie['until']}")
    return "\n".join(lines)


def build_network(card: Card, vocabulary: Vocabulary, lang: str = "nl") -> MapNetwork:
    """The card as a pyvis network with fixed positions (no physics)."""
    t = TEXT[lang]
    positions = layout(card)
    coordinator = card.coordinator["from"] if card.coordinator else None
    net = MapNetwork()
    family = card.family
    stage = enum_label(vocabulary, "family_stage", family.get("stage"), lang) if family.get("stage") else ""
    net.add_node(card.id, label=str(family.get("label", card.id)), shape=KIND_SHAPE["family"], color="#334e68",
                 font={"color": "#102a43", "size": 18}, x=0, y=0, physics=False, size=30,
                 tooltip="\n".join(filter(None, [str(family.get("label", "")), stage])), kind="family")
    for member in card.members:
        x, y = positions[member["id"]]
        role = enum_label(vocabulary, "member_role", member.get("role"), lang)
        net.add_node(member["id"], label=str(member.get("label", "")), shape=KIND_SHAPE["family_member"],
                     color="#829ab1", x=x, y=y, physics=False, size=12, tooltip=f"{member.get('label', '')}\n{role}",
                     kind="family_member")
        net.add_edge(member["id"], card.id, color="#829ab1", width=1, arrows="", kind="member")
    for person in card.people:
        x, y = positions[person.id]
        is_coordinator = person.id == coordinator
        label = person.name + (f"\n★ {t['coordinator']}" if is_coordinator else "")
        net.add_node(person.id, label=label, x=x, y=y, physics=False, kind=person.kind,
                     shape="star" if is_coordinator else KIND_SHAPE.get(person.kind, "dot"),
                     color=DOMAIN_COLOUR.get(person.domain, DOMAIN_COLOUR[None]), size=22 if is_coordinator else 16,
                     borderWidth=3 if is_coordinator else 1, tooltip=_person_tooltip(vocabulary, person, lang),
                     ring=person.ring)
        drawn = False
        for support_type in SUPPORT_TYPES:
            level = person.level(support_type)
            if not level:
                continue
            colour, dashes, roundness = SUPPORT_STYLE[support_type]
            net.add_edge(person.id, card.id, color=colour, dashes=dashes, width=2 * level, arrows="",
                         smooth={"enabled": roundness != 0, "type": "curvedCW", "roundness": roundness},
                         tooltip=f"{enum_label(vocabulary, 'support_type', support_type, lang)}: {level}/2",
                         kind="support", support_type=support_type)
            drawn = True
        if not drawn:
            net.add_edge(person.id, card.id, color="#bcccdc", dashes=[2, 6], width=1, arrows="",
                         tooltip=t["potential"] if person.potential else t["support"] + ": 0", kind="support")
        if person.tie.get("conflict") or int(person.tie.get("criticism") or 0):
            net.add_edge(person.id, card.id, color="#8d2b0b", dashes=[1, 3], width=3, arrows="",
                         smooth={"enabled": True, "type": "curvedCCW", "roundness": 0.25},
                         tooltip=t["conflict"], kind="conflict")
    for tie in card.ties:
        if tie["kind"] == "hands_over":
            status = enum_label(vocabulary, "handover_status", tie.get("status"), lang)
            net.add_edge(tie["from"], tie["to"], color="#7c5e10", width=2, arrows="to", dashes=tie.get("status") != "done",
                         label=f"{t['handover']} ({status})", font={"size": 10}, tooltip=f"{t['handover']}: {status}",
                         kind="handover")
        else:
            net.add_edge(tie["from"], tie["to"], color="#9aa5b1", width=1, arrows="", dashes=[4, 4],
                         tooltip=tie_label(vocabulary, tie["kind"], lang), kind="professional_tie")
    return net


def _panel(card: Card, signals: list[Signal], vocabulary: Vocabulary, lang: str) -> str:
    t = TEXT[lang]
    parts = [f'<button class="no-print" type="button" data-print>{esc(t["print"])}</button>',
             f"<h2>{esc(t['signals'])}</h2>"]
    if not signals:
        parts.append(f'<p class="muted">{esc(t["no_signals"])}</p>')
    for s in signals:
        name = NAMES[s.rule][1 if lang == "en" else 0]
        message = s.en if lang == "en" else s.nl
        suggestion = s.suggestion_en if lang == "en" else s.suggestion_nl
        classes = "signal" + (" priority" if s.severity == "priority" else "") + (" not-relevant" if s.not_relevant else "")
        flag = f'<div class="muted">{esc(t["not_relevant"])}</div>' if s.not_relevant else ""
        parts.append(
            f'<div class="{classes}" role="button" tabindex="0" aria-pressed="false" data-signal="{esc(s.key)}" '
            f'data-evidence="{esc(json.dumps(list(s.evidence)))}"><strong>{esc(s.rule)} {esc(name)}</strong>'
            f"{esc(message)}<div class=\"suggestion\">{esc(suggestion)}</div>{flag}</div>")
    parts.append(f"<h2>{esc(t['legend'])}</h2><p>{esc(t['rings'])}</p>")
    parts.append(f"<p><strong>{esc(t['own'])}</strong> · <strong>{esc(t['professionals'])}</strong></p>")
    # legend swatches are classes of map.css: the page's CSP allows no inline style attributes
    for support_type in SUPPORT_TYPES:
        parts.append(f'<div class="legend-row"><span class="swatch sw-{support_type}"></span>'
                     f'{esc(enum_label(vocabulary, "support_type", support_type, lang))}</div>')
    for text, name in ((t["handover"], "handover"), (t["knows"], "knows"), (t["conflict"], "conflict")):
        parts.append(f'<div class="legend-row"><span class="swatch sw-{name}"></span>{esc(text)}</div>')
    shapes = (("⬢", vocabulary.node_kinds["family"]), ("●", vocabulary.node_kinds["network_person"]),
              ("◆", vocabulary.node_kinds["informal_supporter"]), ("■", vocabulary.node_kinds["professional"]),
              ("▲", vocabulary.node_kinds["organisation"]))
    for symbol, kind in shapes:
        parts.append(f'<div class="legend-row"><span class="shape">{symbol}</span>{esc(kind.en if lang == "en" else kind.nl)}</div>')
    parts.append(f'<div class="legend-row"><span class="shape">★</span>{esc(t["coordinator"])}</div>')
    parts.append(domain_legend(vocabulary, lang, ("informal", *DOMAINS)))
    return "".join(parts)


def render_family_card(card: Card, signals: list[Signal], vocabulary: Vocabulary, lang: str = "nl") -> Page:
    lang = "en" if lang == "en" else "nl"
    net = build_network(card, vocabulary, lang)
    t = TEXT[lang]
    options = {"physics": {"enabled": False}, "interaction": {"hover": True, "tooltipDelay": 150, "multiselect": True},
               "nodes": {"font": {"size": 13, "multi": False}}, "edges": {"selectionWidth": 2}}
    return render_page(
        title=f"{t['title']}: {card.family.get('label', card.id)}",
        subtitle=f"{t['as_of']} {card.as_of}", lang=lang, network=net, options=options,
        panel_html=_panel(card, signals, vocabulary, lang), extra={"rings": [RING_RADIUS[r] for r in (1, 2, 3)]},
    )
