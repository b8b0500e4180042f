"""`serve --workers 2`: two server processes on one port behave as one service. A sign-in on one
holds on the other, each writes its own audit chain (both intact, read together), a worker that
is killed is replaced and requests go on being answered, and its replacement writes on the chain
of the one it replaced."""

from __future__ import annotations

import os
import re
import signal
import time
from pathlib import Path

import httpx
import pytest

from tests.cli_helpers import run_cli, start_service
from tests.conftest import free_port

SAME_SITE = {"Sec-Fetch-Site": "same-origin"}
CARD = {"query": '{ familyCard(familyId: "gezin-lavendel") { family { id } } }'}


def workers_of(pid: int) -> list[int]:
    """The server processes uvicorn started under `serve` (the database is a child too: left out)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return sorted(int(c) for c in children if "spawn_main" in Path(f"/proc/{c}/cmdline").read_text())


def fresh() -> httpx.Client:
    """A client that opens a new connection per request, so the kernel hands requests to either worker."""
    return httpx.Client(limits=httpx.Limits(max_keepalive_connections=0), timeout=30)


def chains(data_dir: Path) -> list[str]:
    return sorted(p.name for p in (data_dir / "audit").glob("audit-*.jsonl"))


def read_cards_until_both_workers_wrote(base: str, token: str, data_dir: Path) -> int:
    reads = 0
    with fresh() as client:
        while len(chains(data_dir)) < 2 and reads < 300:
            answer = client.post(f"{base}/graphql", json=CARD, headers={"Authorization": f"Bearer {token}"})
            assert answer.json()["data"]["familyCard"]["family"]["id"] == "gezin-lavendel"
            reads += 1
    return reads


@pytest.mark.slow  # two server processes start and one is replaced: CI's slow leg (.ci/run)
def test_two_server_processes_on_one_port_are_one_service(data_dir, tmp_path):
    service = start_service(data_dir, free_port(), "--demo", "--workers", "2", timeout=90)
    try:
        printed = "".join(service.process.stdout.readline() for _ in range(4))
        assert "2 workers" in printed
        assert len(workers_of(service.process.pid)) == 2
        port = service.base_url.rsplit(":", 1)[1]
        taken = run_cli("serve", "--data-dir", str(tmp_path / "other"), "--port", port, "--workers", "2")
        assert taken.returncode != 0 and f"cannot listen on 127.0.0.1:{port}: Address already in use" in \
            taken.stderr  # a second service on the same port fails instead of sharing it
        code = re.search(r"signin\?code=([\w-]+)", printed).group(1)
        with fresh() as browser:
            assert browser.get(f"{service.base_url}/signin?code={code}", headers=SAME_SITE).status_code == 303
            # the session made by one process holds on every request, whichever process answers
            assert {browser.get(f"{service.base_url}/app/coalitions/kansrijk-dijkhaven").status_code
                    for _ in range(12)} == {200}
        created = run_cli("token", "create", "--role", "worker", "--professional", "prof-048", "--data-dir", str(data_dir))
        token = created.stdout.strip().splitlines()[-1]
        assert read_cards_until_both_workers_wrote(service.base_url, token, data_dir) < 300
        assert chains(data_dir) == ["audit-w1.jsonl", "audit-w2.jsonl"]

        killed = workers_of(service.process.pid)[0]
        os.kill(killed, signal.SIGKILL)
        while running(killed):  # gone, its socket closed: a connection still queued on it was reset
            time.sleep(0.01)
        with fresh() as client:  # answered all along, by the other process and then by both
            answers = [client.get(f"{service.base_url}/readyz").status_code for _ in range(20)]
        assert answers == [200] * 20
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and (killed in workers_of(service.process.pid)
                                               or len(workers_of(service.process.pid)) < 2):
            time.sleep(0.2)
        assert len(workers_of(service.process.pid)) == 2 and killed not in workers_of(service.process.pid)
        before = {name: (data_dir / "audit" / name).read_text().count("\n") for name in chains(data_dir)}
        with fresh() as client:
            for _ in range(40):
                client.post(f"{service.base_url}/graphql", json=CARD, headers={"Authorization": f"Bearer {token}"})
        assert chains(data_dir) == ["audit-w1.jsonl", "audit-w2.jsonl"]  # the replacement took the free chain
        after = {name: (data_dir / "audit" / name).read_text().count("\n") for name in chains(data_dir)}
        assert sum(after.values()) - sum(before.values()) == 40
        verified = run_cli("audit", "verify", "--data-dir", str(data_dir))
        assert verified.returncode == 0, verified.stdout
        assert "audit chain audit-w1.jsonl intact" in verified.stdout and "audit-w2.jsonl intact" in verified.stdout
        serving = descendants(service.process.pid)  # workers, their compute processes, the database
        assert len(serving) >= 5
    finally:
        service.stop()
    deadline = time.monotonic() + 5  # multiprocessing's resource tracker leaves a moment after `serve`
    while time.monotonic() < deadline and any(running(pid) for pid in serving):
        time.sleep(0.1)
    assert not [Path(f"/proc/{pid}/cmdline").read_text() for pid in serving if running(pid)]  # none outlives `serve`


def descendants(pid: int) -> list[int]:
    children = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    return children + [d for c in children for d in descendants(c)]


def running(pid: int) -> bool:
    try:
        return "State:\tZ" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
