"""Two replicas of the service on one Neo4j behave as one service, the way a municipality runs it
behind a load balancer: sessions, sign-in codes and the budgets of attempts live in the database;
each replica writes its own audit chain in the shared audit folder, and reading and checking the
log covers both."""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from graph_service.store.cypher import statement
from tests.cli_helpers import SCRIPT, run_cli
from tests.conftest import free_port, neo4j_backend

SAME_SITE = {"Sec-Fetch-Site": "same-origin"}
CARD = {"query": '{ familyCard(familyId: "gezin-lavendel") { family { id } } }'}


def _serve(data_dir: Path, replica: str, env: dict[str, str], *extra: str) -> tuple[subprocess.Popen[str], str]:
    port = free_port()
    log = (data_dir.parent / f"{data_dir.name}-{replica}.log").open("w")
    process = subprocess.Popen([SCRIPT, "serve", "--data-dir", str(data_dir), "--port", str(port), *extra],
                               stdout=subprocess.PIPE, stderr=log, text=True,
                               env={**env, "COALITION_REPLICA": replica})
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert process.poll() is None, (data_dir.parent / f"{data_dir.name}-{replica}.log").read_text()
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return process, base
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    process.kill()
    raise AssertionError(f"replica {replica} not ready")


@pytest.fixture
def replicas(neo4j_server, data_dir):
    backend = neo4j_backend(neo4j_server)
    backend.write(statement("delete_everything"))
    backend.close()
    env = {**os.environ, "COALITION_STORE_URL": neo4j_server.uri, "NEO4J_USER": neo4j_server.user,
           "NEO4J_PASSWORD": neo4j_server.password}
    first, a = _serve(data_dir, "a", env, "--demo")
    second, b = _serve(data_dir, "b", env)
    try:
        yield a, b, first, env
    finally:
        for process in (first, second):
            process.terminate()
            process.wait(30)


@pytest.mark.slow  # a minute of the default run's ten: it runs in CI's slow leg (.ci/run)
def test_two_replicas_on_one_neo4j_behave_as_one_service(replicas, data_dir):
    a, b, first, env = replicas
    # the one-time sign-in link printed by replica a opens a session on replica b, once
    printed = "".join(first.stdout.readline() for _ in range(4))
    code = re.search(r"signin\?code=([\w-]+)", printed).group(1)
    browser = httpx.Client(base_url=b)
    assert browser.get(f"/signin?code={code}", headers=SAME_SITE).status_code == 303
    assert browser.get("/maps").status_code == 200
    assert httpx.get(f"{a}/signin?code={code}", headers=SAME_SITE).status_code == 401  # used up
    # a worker signs in on a and reads on b with the same cookie; revoked, she is refused on both
    created = run_cli("token", "create", "--role", "worker", "--professional", "prof-048", "--data-dir", str(data_dir),
                      env=env)
    token_id, token = created.stdout.split()[1], created.stdout.strip().splitlines()[-1]
    worker = httpx.Client(base_url=a)
    assert worker.post("/signin", data={"token": token}, headers=SAME_SITE).status_code == 303
    cookie = worker.cookies.get("cm_session")
    assert httpx.get(f"{b}/families/gezin-lavendel/card", cookies={"cm_session": cookie}).status_code == 200
    for base in (a, b):  # her card reads, one on each replica
        answer = httpx.post(f"{base}/graphql", json=CARD, headers={"Authorization": f"Bearer {token}"})
        assert answer.json()["data"]["familyCard"]["family"]["id"] == "gezin-lavendel"
    assert run_cli("token", "revoke", token_id, "--data-dir", str(data_dir), env=env).returncode == 0
    if time.time() % 60 > 40:  # the budget counts per minute of the clock: stay inside one
        time.sleep(61 - time.time() % 60)
    for base in (a, b):
        assert httpx.post(f"{base}/graphql", json=CARD, headers={"Authorization": f"Bearer {token}"}).status_code == 401
        refused = httpx.get(f"{base}/families/gezin-lavendel/card", cookies={"cm_session": cookie})
        assert refused.status_code == 303  # back to the sign-in page
    # guessing tokens on both replicas draws from one budget per address
    guesses = [httpx.post(f"{(a, b)[n % 2]}/graphql", json=CARD, headers={"Authorization": f"Bearer cm_guess{n}"})
               for n in range(31)]
    statuses = [g.status_code for g in guesses]
    assert statuses == [401] * 28 + [429] * 3  # the revoked token, tried on both, was two of the 30
    # each replica wrote its own chain; both are intact and read together
    chains = sorted(p.name for p in (data_dir / "audit").glob("audit*.jsonl"))
    assert chains == ["audit-a.jsonl", "audit-b.jsonl"]
    verified = run_cli("audit", "verify", "--data-dir", str(data_dir), env=env)
    assert verified.returncode == 0, verified.stdout
    assert "audit chain audit-a.jsonl intact" in verified.stdout and "audit chain audit-b.jsonl intact" in verified.stdout
    shown = run_cli("audit", "show", "--family", "gezin-lavendel", "--format", "json", "--data-dir", str(data_dir), env=env)
    replicas_seen = {line.split('"replica": "')[1][0] for line in shown.stdout.splitlines()
                     if '"action": "read"' in line and '"professional": "prof-048"' in line}
    assert replicas_seen == {"a", "b"}
