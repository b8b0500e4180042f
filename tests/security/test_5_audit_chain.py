"""Item 5 (medium): the audit chain could be shortened or rebuilt. `audit verify` said "intact"
after the last 25 lines were deleted, after the file was emptied, after the first 100 lines were
replaced by a forged start, and after a line was rewritten and the chain recomputed; a torn last
line made every card call fail until the file was repaired by hand."""

from __future__ import annotations

import hashlib
import hmac
import json
import shutil
from pathlib import Path

import pytest

from graph_service.api.app import create_app
from graph_service.config import Settings
from graph_service.services.audit import ANCHOR_EVERY, AuditLog
from graph_service.services.principal import Principal, Role
from tests.cli_helpers import run_cli
from tests.security.conftest import FAMILY

WORKER = Principal(id="t-1", name="wijkteam", role=Role.WORKER, professional="prof-048")


@pytest.fixture
def log(store, data_dir) -> AuditLog:
    """A log of 100 events, its head in a file and in the database."""
    audit = AuditLog.in_data_dir(data_dir, anchors=store.shared)
    for n in range(100):
        audit.record(WORKER, "read", family=f"gezin-{n % 7}", what="card")
    assert audit.verify().ok
    return audit


def _lines(audit: AuditLog) -> list[str]:
    return audit.path.read_text(encoding="utf-8").splitlines(keepends=True)


def _rechain(lines: list[dict], key: bytes | None, previous: str = "0" * 64) -> list[str]:
    """What an attacker without the service's key writes: the chain recomputed with her own
    key (or with the plain SHA-256 of before)."""
    out = []
    for event in lines:
        event = {k: v for k, v in event.items() if k != "hash"}
        event["prev"] = previous
        body = json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
        previous = (hmac.new(key, previous.encode() + body, hashlib.sha256).hexdigest() if key
                    else hashlib.sha256(previous.encode() + body).hexdigest())
        out.append(json.dumps({**event, "hash": previous}) + "\n")
    return out


def test_removing_the_last_lines_is_detected(log):
    log.path.write_text("".join(_lines(log)[:-25]), encoding="utf-8")
    result = log.verify()
    assert not result.ok and "removed from the end" in result.reason


def test_an_emptied_or_deleted_log_is_detected(log):
    log.path.write_text("", encoding="utf-8")
    assert "removed from the end" in log.verify().reason
    log.path.unlink()
    assert not log.verify().ok


def test_a_forged_start_and_a_recomputed_chain_are_detected(log):
    original = _lines(log)
    events = [json.loads(line) for line in original]
    forged = [{**e, "what": "niets gezien"} for e in events[:100]]
    for start in (_rechain(forged, None), _rechain(forged, b"the attacker's own key, 32 bytes!")):
        log.path.write_text("".join(start), encoding="utf-8")
        result = log.verify()
        assert not result.ok and result.broken_at == 1
    # one line rewritten and everything after it chained again
    tail = _rechain([{**events[40], "what": "niets"}, *events[41:]], b"x" * 32, previous=events[39]["hash"])
    log.path.write_text("".join(original[:40] + tail), encoding="utf-8")
    assert log.verify().broken_at == 41


def test_replaying_an_old_head_file_with_a_shortened_log_is_caught_by_the_database(log):
    old_head, old_lines = log.head_path.read_bytes(), _lines(log)
    for _ in range(2 * ANCHOR_EVERY):
        log.record(WORKER, "read", family="gezin-1", what="card")
    log.path.write_text("".join(old_lines), encoding="utf-8")  # the last 32 events removed
    log.head_path.write_bytes(old_head)  # and the head file of that moment put back
    assert "database anchor" in log.verify().reason
    forged_head = json.loads(old_head) | {"seq": 200}
    log.head_path.write_text(json.dumps(forged_head))
    assert "not written with the audit key" in log.verify().reason


def test_a_torn_last_line_is_cut_at_start_and_says_so(store, data_dir):
    audit = AuditLog.in_data_dir(data_dir, anchors=store.shared)
    audit.record(WORKER, "read", family=FAMILY, what="card")
    with open(audit.path, "ab") as fh:
        fh.write(b'{"seq": 2, "at": "2026-11-29T10:00:00.000+00:00", "actor": "t-1", "ro')  # the power went
    create_app(store, Settings(data_dir=data_dir))
    events = audit.events()
    assert [e["action"] for e in events] == ["read", "repair"]
    assert "torn last line of 69 bytes" in events[-1]["what"]
    assert audit.verify().ok
    # and a torn line met while serving is cut before the next event is written
    with open(audit.path, "ab") as fh:
        fh.write(b'{"seq": 3, "at"')
    audit.record(WORKER, "read", family=FAMILY, what="card")
    assert [e["action"] for e in audit.events()][-2:] == ["repair", "read"] and audit.verify().ok


def test_the_command_line_verify_reports_truncation(data_dir):
    home = data_dir / "dienst"
    assert run_cli("seed", "demo", "--data-dir", str(home)).returncode == 0
    for _ in range(3):
        assert run_cli("family", "erase", "gezin-bestaat-niet", "--data-dir", str(home)).returncode == 1
    intact = run_cli("audit", "verify", "--data-dir", str(home))
    assert intact.returncode == 0 and "intact" in intact.stdout
    log = home / "audit" / "audit.jsonl"
    kept = log.read_text(encoding="utf-8").splitlines(keepends=True)[:-2]
    shutil.copy(log, Path(str(log) + ".bak"))
    log.write_text("".join(kept), encoding="utf-8")
    broken = run_cli("audit", "verify", "--data-dir", str(home))
    assert broken.returncode == 1 and "removed from the end" in broken.stdout
