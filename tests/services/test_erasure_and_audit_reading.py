"""Erasure of a family (on request and after the retention period) and reading the audit log."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from graph_service.domain.errors import NotFound, PermissionDenied
from graph_service.services.exporter import export
from graph_service.services.network import NetworkService
from graph_service.services.principal import SYSTEM, Principal, Role

WORKER = Principal("tok-w", "Wijkteam Noord", Role.WORKER, professional="prof-048")  # assigned to Lavendel
OTHER = Principal("tok-o", "Verloskundige", Role.WORKER, professional="prof-001")


def everything(store) -> str:
    return json.dumps(list(store.iter_nodes()), ensure_ascii=False) + json.dumps(list(store.iter_ties()), ensure_ascii=False)


def test_erasure_leaves_no_trace_outside_the_audit_log_and_the_ledger(cards, store, audit):
    assert "Juf Ans" in everything(store)
    with pytest.raises(NotFound):
        cards.erase(OTHER, "gezin-lavendel")  # not hers: as if it did not exist
    cards.erase(WORKER, "gezin-lavendel")
    stored = everything(store)
    for trace in ("gezin-lavendel", "Gezin Lavendel", "Juf Ans", "Mila", "lv-"):
        assert trace not in stored, trace
    exported = export(NetworkService(store), SYSTEM, "kansrijk-dijkhaven", "json")
    assert "lavendel" not in json.dumps(exported, default=str).lower()
    with pytest.raises(NotFound):
        cards.read(SYSTEM, "gezin-lavendel")
    erasure = [e for e in audit.events(family="gezin-lavendel") if e["action"] == "erase"]
    assert len(erasure) == 1 and erasure[0]["actor"] == "tok-w" and "Juf" not in json.dumps(erasure)
    assert list(cards.erasures.erasures()) == ["gezin-lavendel"]  # the ledger: the id, not the refused try
    assert audit.verify().ok
    other = cards.read(SYSTEM, "gezin-zonnebloem").card  # other families are untouched
    assert other.person("zb-fatma") is not None and len(other.versions) == 2


def test_retention_erases_cards_past_the_second_birthday(cards, store):
    cards.update_family(SYSTEM, "gezin-lavendel", {"child_born_on": "2023-01-10"})
    cards.update_family(SYSTEM, "gezin-klaproos", {"child_born_on": "2024-10-01"})
    today = dt.date(2026, 11, 23)
    assert cards.erase_expired(SYSTEM, 3, today) == ["gezin-lavendel"]  # turned two in January 2025
    assert cards.erase_expired(SYSTEM, 3, today) == []
    assert store.get_node("gezin-klaproos") is not None  # turned two in October 2026: still kept
    assert cards.erase_expired(SYSTEM, 0, dt.date(2026, 12, 5)) == ["gezin-klaproos"]


def test_only_admins_read_the_audit_log_and_the_reading_is_logged(cards, audit):
    cards.read(WORKER, "gezin-lavendel")
    with pytest.raises(PermissionDenied):
        audit.show(WORKER, family="gezin-lavendel")
    admin = Principal("tok-a", "Beheer", Role.ADMIN)
    events = audit.show(admin, family="gezin-lavendel")
    assert [e["seq"] for e in events] == sorted(e["seq"] for e in events)  # chronological
    assert events[-1]["action"] == "read" and events[-1]["actor"] == "tok-w"
    assert audit.events()[-1]["action"] == "read-audit" and audit.events()[-1]["actor"] == "tok-a"
    by_user = audit.show(admin, actor="prof-048")
    assert by_user and all(e["professional"] == "prof-048" for e in by_user)


def test_retention_prunes_old_events_and_the_chain_still_verifies(cards, audit):
    from graph_service.services.principal import SYSTEM as operator

    total = len(audit.events())
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=400)
    assert audit.prune(operator, 365, now=dt.datetime.now(dt.timezone.utc)) == 0  # nothing is that old yet
    removed = audit.prune(operator, 365, now=later)  # a year on, everything written today is past retention
    assert removed == total
    assert audit.verify().ok
    remaining = audit.events()
    assert [e["action"] for e in remaining] == ["prune"] and remaining[0]["seq"] == total + 1
    cards.read(WORKER, "gezin-lavendel")
    assert audit.verify().ok and audit.verify().events == 2
    lines = audit.path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace('"prune"', '"read"')
    audit.path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert not audit.verify().ok  # tampering after a prune is still found


def test_the_audit_log_and_the_erasure_ledger_are_readable_by_the_service_account_only(cards, audit):
    from graph_service.services.principal import SYSTEM as operator

    cards.erase(WORKER, "gezin-lavendel")
    audit.prune(operator, 365, now=dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=400))  # rewrites the log
    assert oct(audit.path.parent.stat().st_mode & 0o777) == "0o700"
    for path in (audit.path, cards.erasures.path):
        assert oct(path.stat().st_mode & 0o777) == "0o600", path.name
