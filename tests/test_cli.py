"""The console script as a newcomer and an operator use it: serve, status, backup, restore."""

from __future__ import annotations

import json
import os
import re
import signal
import time

import httpx
import pytest

from .cli_helpers import database_pid, run_cli, start_service
from .conftest import free_port


@pytest.fixture
def service(data_dir):
    running = start_service(data_dir, free_port(), "--demo")
    yield running
    running.stop()


def test_serve_demo_is_ready_within_20_seconds_and_status_attaches(service, data_dir):
    assert service.ready_after < 20
    # the start is logged as JSON lines: the store, each migration applied to the new database
    started = [json.loads(line) for line in (data_dir.parent / f"{data_dir.name}-serve.log").read_text().splitlines()
               if line.startswith("{")]
    messages = [line["message"] for line in started]
    assert "schema migration 001 initial applied" in messages
    assert any(m.startswith("store open: falkordb-embedded, schema version ") for m in messages)
    assert httpx.get(f"{service.base_url}/healthz").json() == {"status": "ok"}
    ready = httpx.get(f"{service.base_url}/readyz").json()
    assert ready == {"status": "ready", "store": "falkordb-embedded"}
    status = run_cli("db", "status", "--data-dir", str(data_dir))
    assert status.returncode == 0, status.stderr
    assert "backend: falkordb-embedded" in status.stdout
    assert "attached to the running service" in status.stdout
    assert "schema version: 6 (latest 6)" in status.stdout
    assert "  coalition: 2" in status.stdout
    assert "  organisation: 60" in status.stdout
    # the newcomer gets a working admin token printed next to the address
    lines = [service.process.stdout.readline() for _ in range(4)]
    token = next(line.split(": ")[1].strip() for line in lines if line.startswith("demo admin token"))
    me = httpx.post(f"{service.base_url}/graphql", json={"query": "{ me { role } }"},
                    headers={"Authorization": f"Bearer {token}"})
    assert me.json() == {"data": {"me": {"role": "admin"}}}
    # ... and a one-time link straight into the web application in a browser
    link = next(line.split(": ", 1)[1].split(" ")[0] for line in lines if line.startswith("open the app"))
    assert link.startswith(f"http://127.0.0.1:{service.base_url.rsplit(':', 1)[1]}/signin?code=")
    with httpx.Client(base_url=service.base_url) as browser:
        signed_in = browser.get(link.split(service.base_url)[1])
        assert signed_in.status_code == 303 and signed_in.headers["location"] == "/app"
        cookie = signed_in.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie
        home = browser.get("/app", follow_redirects=True)  # the coordinator's first page: her coalition's home
        assert home.url.path == "/app/coalitions/kansrijk-dijkhaven" and "Eerst doen" in home.text
        assert "Coördinator Kansrijke Start Dijkhaven" in home.text
        maps = browser.get("/maps")
        assert maps.status_code == 200 and "Coalitiekaart: Kansrijke Start Dijkhaven" in maps.text
        assert browser.get(link.split(service.base_url)[1]).status_code == 401  # the link works once


def test_second_serve_on_the_same_directory_fails_while_the_first_keeps_serving(service, data_dir):
    second = run_cli("serve", "--data-dir", str(data_dir), "--port", str(free_port()), timeout=30)
    assert second.returncode != 0
    assert "is in use by process" in second.stderr
    assert "Traceback" not in second.stderr
    assert len(second.stderr.strip().splitlines()) == 1
    assert httpx.get(f"{service.base_url}/readyz").status_code == 200


def test_readyz_is_503_when_the_database_is_gone(service, data_dir):
    os.kill(database_pid(data_dir), signal.SIGKILL)
    deadline = time.monotonic() + 10
    status = 200
    while time.monotonic() < deadline and status == 200:
        status = httpx.get(f"{service.base_url}/readyz", timeout=5).status_code
        time.sleep(0.1)
    assert status == 503
    assert httpx.get(f"{service.base_url}/healthz").status_code == 200


def test_backup_while_serving_and_restore_without_a_service(service, data_dir, tmp_path):
    path = tmp_path / "backup.jsonl"
    made = run_cli("db", "backup", str(path), "--data-dir", str(data_dir))
    assert made.returncode == 0, made.stderr
    assert "273 nodes, 478 ties" in made.stdout  # the demo coalitions and the three demo families
    service.stop()
    fresh = data_dir.parent / (data_dir.name + "-restored")
    restored = run_cli("db", "restore", str(path), "--data-dir", str(fresh))
    assert restored.returncode == 0, restored.stderr
    status = run_cli("db", "status", "--data-dir", str(fresh))
    assert "started for this command" in status.stdout
    assert "  coalition: 2" in status.stdout


@pytest.mark.slow  # several commands in a row (6-10 s): in CI's slow leg (.ci/run)
def test_db_init_and_seed_demo_are_idempotent(data_dir, tmp_path):
    for _ in range(2):
        assert run_cli("db", "init", "--data-dir", str(data_dir)).returncode == 0
        seeded = run_cli("seed", "demo", "--data-dir", str(data_dir))
        assert seeded.returncode == 0, seeded.stderr
    status = run_cli("db", "status", "--data-dir", str(data_dir)).stdout
    assert "  coalition: 2" in status and "  family: 3" in status
    # a family's network card as a standalone page, and the render is in the audit log
    out = tmp_path / "kaart.html"
    rendered = run_cli("render", "family", "gezin-lavendel", "--out", str(out), "--data-dir", str(data_dir))
    assert rendered.returncode == 0, rendered.stderr
    page = out.read_text(encoding="utf-8")
    assert "Netwerkkaart: Gezin Lavendel" in page and "Juf Ans" in page and 'src="http' not in page
    audit_lines = (data_dir / "audit" / "audit.jsonl").read_text(encoding="utf-8").splitlines()
    assert '"action": "read"' in audit_lines[-1] and '"family": "gezin-lavendel"' in audit_lines[-1]
    unknown = run_cli("render", "family", "gezin-nergens", "--out", str(out), "--data-dir", str(data_dir))
    assert unknown.returncode == 1 and "no family" in unknown.stderr


@pytest.mark.slow  # several commands in a row (6-10 s): in CI's slow leg (.ci/run)
def test_a_restored_backup_does_not_bring_an_erased_family_back(data_dir, tmp_path):
    assert run_cli("seed", "demo", "--data-dir", str(data_dir)).returncode == 0
    path = tmp_path / "backup.jsonl"
    assert run_cli("db", "backup", str(path), "--data-dir", str(data_dir)).returncode == 0
    erased = run_cli("family", "erase", "gezin-lavendel", "--data-dir", str(data_dir))
    assert erased.returncode == 0, erased.stderr
    restored = run_cli("db", "restore", str(path), "--data-dir", str(data_dir))
    assert restored.returncode == 0, restored.stderr
    assert "1 of the restored families had been erased after the backup and were erased again" in restored.stdout
    status = run_cli("db", "status", "--data-dir", str(data_dir)).stdout
    assert "  family: 2" in status
    last = json.loads((data_dir / "audit" / "audit.jsonl").read_text(encoding="utf-8").splitlines()[-1])
    assert last["action"] == "restore" and "1 erased families erased again" in last["what"]


@pytest.mark.parametrize(
    ("env", "args", "message"),
    [
        ({"COALITION_STORE_URL": "mysql://db"}, [], "unknown scheme"),
        ({"COALITION_STORE_URL": "bolt://127.0.0.1:1"}, [], "cannot be reached"),
        ({"COALITION_STORE_URL": "falkor://127.0.0.1:1"}, [], "cannot be reached"),
        ({}, ["--data-dir", "/proc/not-writable"], "cannot be written"),
        ({"COALITION_PORT": "eighty"}, [], "bad configuration"),
    ],
)
def test_start_errors_are_one_line_without_traceback(env, args, message):
    result = run_cli("db", "status", *args, env=env, timeout=60)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_restore_of_a_missing_file_is_a_clear_error(data_dir):
    result = run_cli("db", "restore", "/nonexistent/backup.jsonl", "--data-dir", str(data_dir))
    assert result.returncode == 1
    assert "no backup file" in result.stderr


@pytest.mark.slow  # several commands in a row (6-10 s): in CI's slow leg (.ci/run)
def test_import_dry_run_and_export_from_the_command_line(data_dir, tmp_path):
    assert run_cli("seed", "demo", "--data-dir", str(data_dir)).returncode == 0
    bad = tmp_path / "partners.csv"
    bad.write_text("id,naam,domein,soort organisatie,fasen,niveau,gemeente,regionaal,ervaringsdeskundig,omschrijving\n"
                   "n1,Goed,Sociaal domein,Welzijnsorganisatie,,,,,,\nn2,Fout,Sterren,Welzijnsorganisatie,,,,,,\n")
    checked = run_cli("import", str(bad), "--coalition", "kansrijk-dijkhaven", "--dry-run", "--progress",
                      "--data-dir", str(data_dir))
    assert checked.returncode == 1
    assert "partners, rij 3, kolom 'domein'" in checked.stdout and "nothing was written" in checked.stdout
    assert "checking rows [" in checked.stderr and "2/2" in checked.stderr
    good = tmp_path / "goed.csv"
    good.write_text(bad.read_text().splitlines()[0] + "\nn1,Goed,Sociaal domein,Welzijnsorganisatie,,,,,,\n")
    written = run_cli("import", str(good), "--coalition", "kansrijk-dijkhaven", "--data-dir", str(data_dir))
    assert written.returncode == 0 and "written: 1 organisation" in written.stdout
    out = tmp_path / "export"
    exported = run_cli("export", "--coalition", "kansrijk-dijkhaven", "--format", "csv", "--out", str(out),
                       "--data-dir", str(data_dir))
    assert exported.returncode == 0, exported.stderr
    nodes = (out / "kansrijk-dijkhaven-nodes.csv").read_text()
    assert "\nn1,organisation,Goed," in nodes


@pytest.mark.slow  # several commands in a row (6-10 s): in CI's slow leg (.ci/run)
def test_analyse_prints_a_dutch_report_a_coordinator_can_take_to_a_meeting(data_dir):
    assert run_cli("seed", "demo", "--data-dir", str(data_dir)).returncode == 0
    report = run_cli("analyse", "--coalition", "kansrijk-dijkhaven", "--data-dir", str(data_dir))
    assert report.returncode == 0, report.stderr
    assert report.stdout.startswith("# Netwerkanalyse: Kansrijke Start Dijkhaven")
    assert "## Eerst doen\n\n1. " in report.stdout  # at most five actions before anything else
    assert ("7 partners in het medisch domein zijn lid maar werken met niemand in de coalitie samen: "
            "Apotheek Dijkhaven, ") in report.stdout
    assert "Voorgestelde verbinding: Kraamzorg De Wieg ↔ JGZ Dijkhaven (consultatiebureau)" in report.stdout
    as_json = run_cli("analyse", "--coalition", "kansrijk-dijkhaven", "--format", "json", "--data-dir", str(data_dir))
    assert '"rule": "unreached_community"' in as_json.stdout
    unknown = run_cli("analyse", "--coalition", "nergens", "--data-dir", str(data_dir))
    assert unknown.returncode == 1 and "no coalition" in unknown.stderr
    bad_date = run_cli("analyse", "--coalition", "kansrijk-dijkhaven", "--as-of", "31-02-2024", "--data-dir", str(data_dir))
    assert bad_date.returncode == 1 and "yyyy-mm-dd" in bad_date.stderr and "Traceback" not in bad_date.stderr


@pytest.mark.slow  # a minute of the default run's ten: it runs in CI's slow leg (.ci/run)
def test_render_maps_as_poster_screenshot_and_clear_errors(data_dir, tmp_path):
    assert run_cli("seed", "demo", "--data-dir", str(data_dir)).returncode == 0
    poster, shot = tmp_path / "poster.pdf", tmp_path / "domeinen.png"
    made = run_cli("render", "coalition", "kansrijk-dijkhaven", "--overlay", "--out", str(poster), "--data-dir", str(data_dir))
    assert made.returncode == 0, made.stderr
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", poster.read_bytes())
    width, height = (float(v) for v in boxes[0])
    assert round(width / 72 * 25.4) == 420 and round(height / 72 * 25.4) == 297  # A3 landscape, in mm
    made = run_cli("render", "domains", "kansrijk-dijkhaven", "--compare", "kansrijk-buurdorp", "--out", str(shot),
                   "--data-dir", str(data_dir))
    assert made.returncode == 0 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    for args, message in ((["coalition", "nergens"], "no coalition"), (["coalition", "kansrijk-dijkhaven", "--metric", "size"],
                          "metric: 'size' is not one of"), (["coalition", "kansrijk-dijkhaven", "--phase", "later"],
                          "phase: 'later' is not one of")):
        bad = run_cli("render", *args, "--out", str(tmp_path / "x.html"), "--data-dir", str(data_dir))
        assert bad.returncode == 1 and message in bad.stderr and "Traceback" not in bad.stderr


@pytest.mark.slow  # several commands in a row (6-10 s): in CI's slow leg (.ci/run)
def test_audit_verify_finds_a_changed_line_and_show_lists_a_family(data_dir):
    assert run_cli("seed", "demo", "--data-dir", str(data_dir)).returncode == 0
    intact = run_cli("audit", "verify", "--data-dir", str(data_dir))
    assert intact.returncode == 0 and "audit log intact" in intact.stdout
    shown = run_cli("audit", "show", "--family", "gezin-klaproos", "--data-dir", str(data_dir))
    assert shown.returncode == 0 and "create" in shown.stdout and "gezin-klaproos" in shown.stdout
    log = data_dir / "audit" / "audit.jsonl"
    lines = log.read_text(encoding="utf-8").splitlines()
    lines[4] = lines[4].replace('"action": "change"', '"action": "read"')
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    broken = run_cli("audit", "verify", "--data-dir", str(data_dir))
    assert broken.returncode == 1 and "broken at line 5" in broken.stdout
    erased = run_cli("family", "erase", "gezin-klaproos", "--data-dir", str(data_dir))
    assert erased.returncode == 0 and "erased" in erased.stdout
    review = run_cli("audit", "emergencies", "--data-dir", str(data_dir))
    assert review.returncode == 0 and "0 emergency grants to review" in review.stdout


def test_ending_an_unknown_emergency_grant_says_so_in_one_line(data_dir):
    assert run_cli("seed", "demo", "--data-dir", str(data_dir)).returncode == 0
    ended = run_cli("audit", "end-emergency", "niet-bestaand", "--data-dir", str(data_dir))
    assert ended.returncode == 1 and "no emergency grant with id 'niet-bestaand'" in ended.stderr
    assert len(ended.stderr.strip().splitlines()) == 1
