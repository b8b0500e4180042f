"""Faults on a real Neo4j: the database killed during a stream of acknowledged writes, and a
service started while the database is down. Each test runs its own Neo4j (the launcher), so they
are in the slow suite (about a minute), which CI runs."""

from __future__ import annotations

import os
import signal
import threading
import time

import httpx
import pytest

from graph_service.store.graph_store import GraphStore
from tests.cli_helpers import SCRIPT
from tests.conftest import NEO4J_PASSWORD, Neo4jServer, free_port, neo4j_backend, short_tmpdir, start_neo4j, stop_neo4j

pytestmark = pytest.mark.slow


def test_acknowledged_writes_survive_kill_9_of_neo4j(vocabulary):
    home, port = short_tmpdir("cm-neo4j-kill-"), free_port()
    process, uri = start_neo4j(home, port)
    store = GraphStore(neo4j_backend(Neo4jServer(uri, "neo4j", NEO4J_PASSWORD), timeout=5), vocabulary)
    store.migrate()
    acknowledged: list[str] = []

    def write() -> None:  # acknowledged one by one until the database goes away
        for i in range(100_000):
            try:
                store.create_node("community", {"id": f"c-{i}", "name": f"Gemeenschap {i}"})
            except Exception:  # noqa: BLE001 - the kill ends the stream; what was acknowledged counts
                return
            acknowledged.append(f"c-{i}")

    writer = threading.Thread(target=write)
    writer.start()
    while len(acknowledged) < 300:
        time.sleep(0.01)
    os.kill(process.pid, signal.SIGKILL)  # the JVM: no shutdown, no checkpoint
    writer.join(120)
    store.close()
    process, uri = start_neo4j(home, port)
    try:
        again = GraphStore(neo4j_backend(Neo4jServer(uri, "neo4j", NEO4J_PASSWORD)), vocabulary)
        found = again.get_nodes(acknowledged)
        assert len(acknowledged) >= 300 and set(found) == set(acknowledged)
        again.close()
    finally:
        stop_neo4j(process)


def test_a_service_started_while_neo4j_is_down_waits_and_recovers_by_itself(data_dir):
    home, port, service_port = short_tmpdir("cm-neo4j-late-"), free_port(), free_port()
    env = {**os.environ, "COALITION_STORE_URL": f"bolt://127.0.0.1:{port}", "NEO4J_PASSWORD": NEO4J_PASSWORD}
    log = (data_dir / "serve.log").open("w")
    import subprocess

    service = subprocess.Popen([SCRIPT, "serve", "--data-dir", str(data_dir), "--port", str(service_port)],
                               stdout=log, stderr=log, env=env)
    base = f"http://127.0.0.1:{service_port}"
    process = None
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        assert httpx.get(f"{base}/healthz").json()["status"] == "ok"
        assert httpx.get(f"{base}/readyz").status_code == 503
        early = httpx.post(f"{base}/graphql", json={"query": "{ me { role } }"}, headers={"Authorization": "Bearer cm_x"})
        assert early.status_code == 503 and early.json()["errors"][0]["extensions"]["code"] == "STORE_UNAVAILABLE"
        process, _ = start_neo4j(home, port)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and httpx.get(f"{base}/readyz", timeout=5).status_code != 200:
            time.sleep(0.5)
        log.flush()
        assert httpx.get(f"{base}/readyz").json() == {"status": "ready", "store": "neo4j"}, \
            (data_dir / "serve.log").read_text()[-3000:]
        late = httpx.post(f"{base}/graphql", json={"query": "{ me { role } }"}, headers={"Authorization": "Bearer cm_x"})
        assert late.status_code == 401  # an answer of the service itself: the database is there
    finally:
        service.terminate()
        service.wait(30)
        log.close()
        if process is not None:
            stop_neo4j(process)
    assert "Traceback" not in (data_dir / "serve.log").read_text()
