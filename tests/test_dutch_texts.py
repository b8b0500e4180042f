"""No code in what a Dutch reader sees: every report, finding, signal and map page of the demo
data and of the scenario suite speaks in labels and names, never in the snake_case values of the
vocabulary's enumerations ("health_insurer", "birth_maternity")."""

from __future__ import annotations

import html
import json
import re

import pytest

from graph_service.analysis.analyse import analyse_snapshot
from graph_service.analysis.card_signals import NAMES, card_signals
from graph_service.analysis.report import markdown_report
from graph_service.analysis.results import Analysis
from graph_service.domain.vocabulary import load_vocabulary
from graph_service.services.coalition_analysis import AnalysisService
from graph_service.services.family_cards import FamilyCardService
from graph_service.services.map_pages import MapService
from graph_service.services.network import NetworkService
from graph_service.services.principal import SYSTEM
from tests.conftest import load_demo_snapshot
from tests.scenarios.cards import SCENARIOS as CARDS
from tests.scenarios.coalitions import SCENARIOS as COALITIONS


@pytest.fixture
def store(embedded_store):  # every test of this module on one backend
    """Texts are built from the analysis and the vocabulary, not from the database: on the embedded
    store (the analysis runs on both backends in tests/analysis)."""
    return embedded_store


COALITIONS_OF_THE_DEMO = ("kansrijk-dijkhaven", "kansrijk-buurdorp")
FAMILIES_OF_THE_DEMO = ("gezin-zonnebloem", "gezin-lavendel", "gezin-klaproos")


def codes() -> re.Pattern[str]:
    values = {v.id for enum in load_vocabulary().enums.values() for v in enum.values if "_" in v.id}
    return re.compile(r"\b(" + "|".join(sorted(map(re.escape, values), key=len, reverse=True)) + r")\b")


CODE = codes()


def coded(texts: dict[str, str]) -> dict[str, list[str]]:
    return {where: found for where, text in texts.items() if (found := CODE.findall(text))}


def finding_texts(where: str, result: Analysis) -> dict[str, str]:
    texts = {f"{where} report": markdown_report(result, "nl")}
    for i, f in enumerate(result.findings):
        texts[f"{where} finding {i}"] = " ".join([f.nl, f.action_nl, *(t.reason_nl for t in f.suggested_ties)])
    for i, action in enumerate(result.top_actions):
        texts[f"{where} action {i}"] = action.nl
    return texts


def signal_texts(where: str, signals) -> dict[str, str]:
    return {f"{where} {s.key}": " ".join([NAMES[s.rule][0], s.nl, s.suggestion_nl]) for s in signals}


def visible_text(page_html: str) -> str:
    """What a reader sees: the text outside tags, scripts and styles, and the labels and
    tooltips in the map's data."""
    data = json.loads(html.unescape(re.search(r'id="map-data">(.*?)</script>', page_html, re.S).group(1))) \
        if 'id="map-data"' in page_html else {}
    words = []

    def collect(value, key=""):
        if isinstance(value, dict):
            for k, v in value.items():
                collect(v, k)
        elif isinstance(value, list):
            for v in value:
                collect(v, key)
        elif isinstance(value, str) and key in ("label", "tooltip", "title"):
            words.append(value)

    collect(data)
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page_html, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body)) + " " + " ".join(words)


def test_the_scan_finds_a_code_when_there_is_one():
    assert coded({"x": "3 partners bieden 'breastfeeding_information' aan"}) == {"x": ["breastfeeding_information"]}
    assert coded({"x": "borstvoedingsvoorlichting in de fase 'geboorte en kraamperiode'"}) == {}


def test_no_code_in_any_dutch_text_of_the_scenario_suite():
    texts: dict[str, str] = {}
    for scenario in COALITIONS:
        texts |= finding_texts(scenario.name, analyse_snapshot(scenario.coalition.snapshot()))
    for scenario in CARDS:
        texts |= signal_texts(scenario.name, card_signals(scenario.card))
    assert len(texts) > 40
    assert coded(texts) == {}


@pytest.fixture
def demo(store, audit):
    load_demo_snapshot(store, audit)
    network = NetworkService(store)
    cards = FamilyCardService(store, audit)
    return network, AnalysisService(network), cards, MapService(network, AnalysisService(network), cards)


def test_no_code_in_any_dutch_report_signal_or_page_of_the_demo(demo):
    network, analysis, cards, maps = demo
    texts: dict[str, str] = {}
    for coalition in COALITIONS_OF_THE_DEMO:
        texts |= finding_texts(coalition, analysis.analyse(SYSTEM, coalition))
        texts[f"{coalition} map"] = visible_text(maps.coalition(SYSTEM, coalition, overlay=True).html)
        texts[f"{coalition} domains"] = visible_text(maps.domains(SYSTEM, coalition).html)
    for family in FAMILIES_OF_THE_DEMO:
        for version in (1, 2):
            texts |= signal_texts(f"{family} v{version}", cards.version(SYSTEM, family, version).signals)
        texts |= signal_texts(family, cards.read(SYSTEM, family).signals)
        texts[f"{family} card"] = visible_text(maps.family(SYSTEM, family).html)
    assert sum("finding" in k for k in texts) >= 10 and sum(k.endswith("card") for k in texts) == 3
    assert coded(texts) == {}
