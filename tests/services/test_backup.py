"""Backup and restore round-trip every node and tie; a bad backup changes nothing."""

from __future__ import annotations

import json
import time

import pytest

from graph_service.domain.errors import Conflict, ValidationError
from graph_service.services.backup import backup, restore
from graph_service.services.demo import load_demo
from graph_service.services.erasure_ledger import ErasureLedger
from graph_service.services.family_cards import FamilyCardService
from graph_service.services.principal import SYSTEM
from graph_service.services.tokens import authenticate, create_token

FAMILY = "gezin-lavendel"  # a demo family with members, its own network, handovers and saved versions


@pytest.fixture
def ledger(tmp_path):
    return ErasureLedger(tmp_path / "erasures.jsonl")


def _fill(store):
    store.create_node("coalition", {"id": "c1", "name": "Kansrijke Start Dijkhaven"})
    store.bulk_upsert_nodes("organisation", [
        {"id": f"o{i}", "name": f"Partner {i}", "domain": "social", "organisation_type": "welfare",
         "phases": ["pregnancy"], "regional": i % 2 == 0}
        for i in range(30)
    ])
    store.bulk_link("member_of", [{"from": f"o{i}", "to": "c1", "since": "2021-01-01", "level": "practice"} for i in range(30)])
    store.link("collaborates_with", "o1", "o2", {"since": "2022-01-01", "until": "2024-01-01", "intensity": "coordination"})


def _snapshot(store):
    nodes = sorted((n["id"], json.dumps(n, sort_keys=True)) for n in store.iter_nodes())
    ties = sorted(json.dumps(t, sort_keys=True) for t in store.iter_ties())
    return nodes, ties


def test_backup_and_restore_round_trip_every_node_and_tie(store, tmp_path, ledger):
    _fill(store)
    before = _snapshot(store)
    path = tmp_path / "backup.jsonl"
    assert backup(store, path) == {"nodes": 31, "ties": 31}
    store.delete_node("organisation", "o3")
    store.create_node("community", {"id": "extra", "name": "Na de backup"})
    version = store.graph_version()
    assert restore(store, path, ledger) == {"nodes": 31, "ties": 31, "erased_again": 0}
    assert _snapshot(store) == before
    assert store.graph_version() > version  # caches keyed by version see the change


def test_a_bad_backup_is_refused_naming_the_line_and_nothing_changes(store, tmp_path, ledger):
    _fill(store)
    path = tmp_path / "backup.jsonl"
    backup(store, path)
    lines = path.read_text().splitlines()
    broken = json.loads(lines[5])
    broken["node"]["domain"] = "astrology"
    lines[5] = json.dumps(broken)
    path.write_text("\n".join(lines) + "\n")
    store.create_node("community", {"id": "keep", "name": "Blijft staan"})
    before = _snapshot(store)
    with pytest.raises(ValidationError) as err:
        restore(store, path, ledger)
    assert err.value.field == "line 6.domain"
    assert _snapshot(store) == before


def test_restore_refuses_a_tie_to_a_node_missing_from_the_backup(store, tmp_path, ledger):
    _fill(store)
    path = tmp_path / "backup.jsonl"
    backup(store, path)
    lines = [line for line in path.read_text().splitlines() if '"id": "o7"' not in line or '"tie"' in line]
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(ValidationError) as err:
        restore(store, path, ledger)
    assert err.value.field.endswith(".from")
    assert store.get_node("o7") is not None


def _family_traces(store, family_id):
    """Everything that still names the family: its node, its card items, ties that carry its id."""
    nodes = [n["id"] for n in store.iter_nodes() if family_id in (n["id"], n.get("family"))]
    ties = [t["id"] for t in store.iter_ties() if family_id in (t["from"], t["to"], t.get("family"))]
    return nodes + ties


def test_a_restore_erases_again_a_family_erased_after_the_backup(store, audit, tmp_path):
    """The restore drill: backup, erase, restore the backup, and the family stays gone."""
    load_demo(store, audit)
    cards = FamilyCardService(store, audit)
    path = tmp_path / "before-erasure.jsonl"
    backup(store, path)
    assert _family_traces(store, FAMILY)  # the card has members, people, handovers, versions
    cards.erase(SYSTEM, FAMILY)
    erased_state = _snapshot(store)

    counts = restore(store, path, cards.erasures)
    assert counts["erased_again"] == 1
    assert _family_traces(store, FAMILY) == []
    assert _snapshot(store) == erased_state  # and the other families are back exactly as they were
    assert store.get_node("gezin-klaproos", kind="family") is not None


def test_a_new_family_that_reuses_an_erased_id_survives_a_restore(store, audit, tmp_path):
    load_demo(store, audit)
    cards = FamilyCardService(store, audit)
    cards.erase(SYSTEM, FAMILY)
    time.sleep(0.01)  # stamps have millisecond resolution: "created after the erasure" must be visible
    cards.create(SYSTEM, "kansrijk-dijkhaven", {"id": FAMILY, "label": "Nieuw gezin", "stage": "pregnant"})
    path = tmp_path / "after-erasure.jsonl"
    backup(store, path)
    assert restore(store, path, cards.erasures)["erased_again"] == 0
    assert store.get_node(FAMILY, kind="family")["label"] == "Nieuw gezin"


def test_the_ledger_holds_ids_only_and_survives_a_torn_last_line(store, audit, tmp_path):
    load_demo(store, audit)
    cards = FamilyCardService(store, audit)
    cards.erase(SYSTEM, FAMILY)
    text = cards.erasures.path.read_text()
    assert json.loads(text)["family"] == FAMILY and "Lavendel" not in text
    assert oct(cards.erasures.path.stat().st_mode & 0o777) == "0o600"
    with cards.erasures.path.open("a") as fh:
        fh.write('{"family": "gezin-kla')  # a crash while appending the next erasure
    assert list(cards.erasures.erasures()) == [FAMILY]
    cards.erase(SYSTEM, "gezin-klaproos")  # the next erasure replaces the torn line
    assert sorted(cards.erasures.erasures()) == ["gezin-klaproos", FAMILY]
    text = cards.erasures.path.read_text()
    cards.erasures.path.write_text(text + "not json\n" + text)
    with pytest.raises(ValidationError) as err:
        cards.erasures.erasures()
    assert err.value.field == "erasures.jsonl line 3"


def test_a_restore_keeps_the_api_tokens_as_they_were(store, tmp_path, ledger):
    """Tokens are not in backups; a restore drill must not lock everybody out, nor revive a revoked token."""
    _fill(store)
    kept, _ = create_token(store, "admin", name="beheer")
    revoked, record = create_token(store, "coordinator", coalitions=["c1"])
    store.revoke_token(record["id"])
    path = tmp_path / "backup.jsonl"
    backup(store, path)
    restore(store, path, ledger)
    assert authenticate(store, kept).name == "beheer"
    assert authenticate(store, revoked) is None
    assert sorted(t["role"] for t in store.list_tokens()) == ["admin", "coordinator"]


def test_a_write_while_the_embedded_graph_is_replaced_stops_the_restore(embedded_store, tmp_path, ledger):
    # embedded only: Neo4j replaces the graph in one transaction, which makes the other writer wait
    store = embedded_store
    _fill(store)
    path = tmp_path / "backup.jsonl"
    backup(store, path)
    build = store.backend.replace_graph

    def build_while_someone_writes(fill):
        def fill_then_write(target):
            fill(target)
            store.create_node("community", {"id": "meanwhile", "name": "Tijdens het terugzetten"})
        build(fill_then_write)

    store.backend.replace_graph = build_while_someone_writes
    with pytest.raises(Conflict) as err:
        restore(store, path, ledger)
    assert err.value.code == "CHANGED_MEANWHILE"
    assert store.get_node("meanwhile") is not None  # the write is kept, the restore did not happen
