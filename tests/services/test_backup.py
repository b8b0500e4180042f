"""Backup and restore round-trip every node and tie; a bad backup changes nothing."""

from __future__ import annotations

import json

import pytest

from graph_service.domain.errors import ValidationError
from graph_service.services.backup import backup, restore


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


def test_backup_and_restore_round_trip_every_node_and_tie(store, tmp_path):
    _fill(store)
    before = _snapshot(store)
    path = tmp_path / "backup.jsonl"
    assert backup(store, path) == {"nodes": 31, "ties": 31}
    store.delete_node("organisation", "o3")
    store.create_node("community", {"id": "extra", "name": "Na de backup"})
    version = store.graph_version()
    assert restore(store, path) == {"nodes": 31, "ties": 31}
    assert _snapshot(store) == before
    assert store.graph_version() > version  # caches keyed by version see the change


def test_a_bad_backup_is_refused_naming_the_line_and_nothing_changes(store, tmp_path):
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
        restore(store, path)
    assert err.value.field == "line 6.domain"
    assert _snapshot(store) == before


def test_restore_refuses_a_tie_to_a_node_missing_from_the_backup(store, tmp_path):
    _fill(store)
    path = tmp_path / "backup.jsonl"
    backup(store, path)
    lines = [line for line in path.read_text().splitlines() if '"id": "o7"' not in line or '"tie"' in line]
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(ValidationError) as err:
        restore(store, path)
    assert err.value.field.endswith(".from")
    assert store.get_node("o7") is not None
