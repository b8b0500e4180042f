"""The family network card as a map: fixed rings and sectors, self-contained, safe, and alive in Chromium."""

from __future__ import annotations

import math

import pytest

from graph_service.maps.family_card_map import RING_RADIUS, layout, render_family_card
from tests.conftest import load_demo_snapshot
from graph_service.services.family_cards import FamilyCardService
from graph_service.services.principal import SYSTEM


@pytest.fixture
def store(embedded_store):  # every test of this module on one backend
    """A card map is drawn from the card the service answers: in Chromium on the embedded store (the
    card service runs on both backends)."""
    return embedded_store


INJECTED = '<img src=x onerror="document.title=\'pwned\'">'


@pytest.fixture
def cards(store, audit):
    load_demo_snapshot(store, audit)
    return FamilyCardService(store, audit)


def test_people_sit_on_their_ring_own_network_left_professionals_right(cards):
    card = cards.read(SYSTEM, "gezin-zonnebloem").card
    positions = layout(card)
    assert positions[card.id] == (0.0, 0.0)
    for person in card.people:
        x, y = positions[person.id]
        assert math.hypot(x, y) == pytest.approx(RING_RADIUS[person.ring])
        assert (x < 0) == person.informal, person.name
    assert len(set(positions.values())) == len(positions)  # nobody drawn on top of somebody else
    assert layout(cards.read(SYSTEM, "gezin-zonnebloem").card) == positions  # same card, same picture


def test_the_page_loads_nothing_from_elsewhere_and_escapes_what_people_typed(cards):
    view = cards.add_network_person(SYSTEM, "gezin-lavendel", {"name": INJECTED, "life_area": "friends"},
                                    {"emotional": 1, "ring": 2})
    page = render_family_card(view.card, view.signals, cards.vocabulary)
    html = page.html
    ours = html.split("<script>")[0]  # the page without the inlined library code
    assert "<img" not in ours
    assert "\\u003cimg src=x onerror" in ours  # the name travels as data in the JSON block
    for marker in ('src="http', "src='http", 'href="http', "@import", "<link"):
        assert marker not in html
    assert "script-src 'sha256-" in page.csp and "'unsafe-inline'" not in page.csp


def test_english_labels_and_the_coordinator_star(cards):
    view = cards.read(SYSTEM, "gezin-lavendel")
    dutch = render_family_card(view.card, view.signals, cards.vocabulary).html
    english = render_family_card(view.card, view.signals, cards.vocabulary, "en").html
    assert "Netwerkkaart" in dutch and "Emotionele steun" in dutch and "regisseur" in dutch
    assert "Network card" in english and "Emotional support" in english and "coordinator" in english


def test_the_card_in_chromium(cards, open_page):
    before = cards.version(SYSTEM, "gezin-lavendel", 1)
    view = cards.add_network_person(SYSTEM, "gezin-lavendel", {"name": INJECTED, "life_area": "friends"},
                                    {"emotional": 1, "ring": 2})
    for name, shown in (("family-card-before", before), ("family-card-now", view)):
        page = render_family_card(shown.card, shown.signals, cards.vocabulary)
        opened = open_page(page.html, page.csp)
        drawn = opened.page.evaluate("[coalitionMap.nodes.length, coalitionMap.edges.length]")
        card = shown.card
        support_lines = sum(max(1, sum(1 for t in ("emotional", "practical", "informational") if p.level(t)))
                            + (1 if p.tie.get("conflict") or p.tie.get("criticism") else 0) for p in card.people)
        assert drawn == [1 + len(card.members) + len(card.people), len(card.members) + support_lines + len(card.ties)]
        assert opened.requests == [opened.ORIGIN + "/map"]  # nothing but the page itself
        assert opened.errors() == []
        signals = opened.page.locator("[data-signal]")
        assert signals.count() == len(shown.signals)
        opened.screenshot(name)
    # the injected name is text on the canvas and in the tooltip data, never an element of the page
    assert opened.page.locator("img").count() == 0
    assert opened.page.title() != "pwned"
    label = opened.page.evaluate(f"coalitionMap.nodes.get({view.card.people[-1].id!r}).label")
    assert label == INJECTED


def test_clicking_a_signal_selects_its_evidence(cards, open_page):
    view = cards.version(SYSTEM, "gezin-lavendel", 1)
    page = render_family_card(view.card, view.signals, cards.vocabulary)
    opened = open_page(page.html, page.csp)
    opened.page.click("[data-signal='G06']")
    selected = opened.page.evaluate("coalitionMap.network.getSelectedNodes()")
    assert sorted(selected) == ["prof-003", "prof-009"]
    opened.page.click("[data-signal='G06']")
    assert opened.page.evaluate("coalitionMap.network.getSelectedNodes()") == []
