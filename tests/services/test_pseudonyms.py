"""Evaluators study the network's shape: every person in it reaches them under a keyed pseudonym."""

from __future__ import annotations

import json
import os
import stat

import pytest

from graph_service.config import Settings
from graph_service.services.coalition_analysis import AnalysisService
from tests.conftest import load_demo_snapshot
from graph_service.services.exporter import export
from graph_service.services.family_cards import FamilyCardService
from graph_service.services.map_pages import MapService
from graph_service.services.network import NetworkService
from graph_service.services.principal import SYSTEM, Principal, Role
from graph_service.services.pseudonyms import Pseudonymiser, load_key

C1 = "kansrijk-dijkhaven"
EVALUATOR = Principal(id="ev-1", name="evaluator", role=Role.EVALUATOR)
KEY = b"k" * 32


@pytest.fixture
def network(store, audit):
    load_demo_snapshot(store, audit)
    return NetworkService(store, Pseudonymiser(KEY, store.vocabulary))


def people(store) -> dict[str, str]:
    """id -> name of every professional and informal supporter."""
    ids = [i for kind in ("professional", "informal_supporter") for i in store.ids_of_kind(kind)]
    return {i: n["name"] for i, n in store.get_nodes(ids).items()}


def test_nothing_an_evaluator_receives_names_a_person(network, audit):
    store = network.store
    known = people(store)
    assert len(known) > 100
    analysis = AnalysisService(network)
    maps = MapService(network, analysis, FamilyCardService(store, audit))
    outputs = {
        "analysis": json.dumps(analysis.analyse(EVALUATOR, C1).as_dict(), default=str),
        "comparison": json.dumps(vars(analysis.compare(EVALUATOR, C1, "2023-01-01", "2025-06-01")), default=lambda o: vars(o)),
        "overview": json.dumps(network.overview(EVALUATOR, C1), default=str),
        "export": export(network, EVALUATOR, C1, "json")[0].content,
        "map": maps.coalition(EVALUATOR, C1, overlay=True).html,
    }
    for what, text in outputs.items():
        leaked = [i for i, name in known.items() if f'"{i}"' in text or name in text]
        assert not leaked, (what, leaked[:5])
        assert ("ps-" in text) == (what != "overview"), what  # the overview only counts
    # an admin, with the same analysis cache, still sees the people
    admin = json.dumps(analysis.analyse(SYSTEM, C1).as_dict(), default=str)
    assert any(f'"{i}"' in admin for i in known) and "ps-" not in admin


def test_the_evaluator_sees_the_same_network_under_pseudonyms(network):
    real = network.store.coalition_subgraph(C1)
    seen = network.coalition_subgraph(EVALUATOR, C1)
    assert len(seen.nodes) == len(real.nodes) and len(seen.ties) == len(real.ties)
    pseudonym = network.pseudonyms.pseudonym("prof-001")
    node = seen.nodes[pseudonym]
    # kind and domain stay (the evaluation is about them); the name and the free-text role go
    assert node["kind"] == "professional" and node["domain"] == "medical" and "role" not in node
    assert node["name"] == f"Professional {pseudonym[3:11]}"
    works_at = [t for t in seen.ties if t["kind"] == "works_at" and t["from"] == pseudonym]
    assert [t["to"] for t in works_at] == ["vp-noord"]
    key_figure = seen.nodes[network.pseudonyms.pseudonym("kf-eritrea")]
    assert key_figure["key_figure"] is True and "relationship" not in key_figure


def test_a_person_is_reached_by_pseudonym_never_by_real_id(network):
    pseudonym = network.pseudonyms.pseudonym("prof-001")
    assert network.get_nodes(EVALUATOR, ["prof-001"]) == {}
    found = network.get_nodes(EVALUATOR, [pseudonym, "vp-noord"])
    assert found[pseudonym]["id"] == pseudonym and found["vp-noord"]["name"]  # organisations keep their names
    ties = network.ties_of_many(EVALUATOR, [pseudonym, "prof-001"])
    assert list(ties) == [pseudonym] and {t["to"] for t in ties[pseudonym] if t["kind"] == "works_at"} == {"vp-noord"}
    partners = network.partners(EVALUATOR, "vp-noord")
    assert pseudonym in {p["id"] for p, _ in partners} and "prof-001" not in {p["id"] for p, _ in partners}
    with pytest.raises(Exception, match="pseudonyms"):
        network.list_nodes(EVALUATOR, "professional", text="Kees")
    assert network.list_nodes(EVALUATOR, "organisation", first=5).items  # organisations are listed as before


def test_pseudonyms_are_stable_under_one_key_and_unlinkable_across_keys(store, data_dir):
    vocabulary = store.vocabulary
    same = Pseudonymiser(KEY, vocabulary).pseudonym("prof-001")
    assert Pseudonymiser(KEY, vocabulary).pseudonym("prof-001") == same
    assert Pseudonymiser(b"x" * 32, vocabulary).pseudonym("prof-001") != same
    # without a configured key one is made once, readable by the service user only, and kept
    first = load_key("", data_dir)
    path = data_dir / "secrets" / "pseudonym.key"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600 and len(first) == 64
    assert load_key("", data_dir) == first
    assert load_key("a configured secret key", data_dir) == b"a configured secret key"


def test_a_short_configured_key_is_refused_at_start():
    with pytest.raises(ValueError, match="COALITION_PSEUDONYM_KEY: must be at least 16 bytes"):
        Settings.from_env({"COALITION_PSEUDONYM_KEY": "short"})
