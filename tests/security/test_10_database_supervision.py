"""Item 10 (low): no recovery when the database dies. After `kill -9` of the embedded database
every GraphQL call returned a plain-text 500 and `/healthz` stayed 200 for ever; the service
needed an outside restart."""

from __future__ import annotations

import os
import signal
import time

import httpx
from falkordb import FalkorDB
from starlette.testclient import TestClient

from graph_service.api.app import create_app
from graph_service.config import Settings
from graph_service.store.embedded_server import EmbeddedServer
from graph_service.store.falkordb_backend import FalkorBackend
from graph_service.store.graph_store import GraphStore
from tests.cli_helpers import database_pid, run_cli, start_service
from tests.conftest import free_port


def test_a_killed_database_is_started_again_and_callers_get_json_meanwhile(data_dir):
    created = run_cli("token", "create", "--role", "admin", "--data-dir", str(data_dir))
    token = created.stdout.strip().splitlines()[-1]
    service = start_service(data_dir, free_port())
    try:
        auth = {"Authorization": f"Bearer {token}"}
        first = database_pid(data_dir)
        os.kill(first, signal.SIGKILL)
        seen = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            answer = httpx.post(f"{service.base_url}/graphql", json={"query": "{ me { role } }"}, headers=auth, timeout=30)
            ready = httpx.get(f"{service.base_url}/readyz", timeout=30).status_code
            seen.append((answer.status_code, answer.headers["content-type"], ready))
            if answer.status_code == 200 and ready == 200 and database_pid(data_dir) != first:
                break
            time.sleep(0.05)
        assert seen[-1] == (200, "application/json", 200), seen[-5:]
        assert any(ready == 503 for *_, ready in seen), "readyz never said the database was away"
        assert {status for status, *_ in seen} <= {200, 503}
        assert all(kind == "application/json" for _, kind, _ in seen), "a plain-text answer while the database was away"
        assert httpx.post(f"{service.base_url}/graphql", json={"query": "{ me { role } }"},
                          headers=auth).json() == {"data": {"me": {"role": "admin"}}}
        assert httpx.get(f"{service.base_url}/healthz").status_code == 200
    finally:
        service.stop()


def test_healthz_turns_unhealthy_when_the_database_stays_away_past_the_grace_period(data_dir, vocabulary):
    server = EmbeddedServer(data_dir / "db").start()  # not supervised: it stays dead
    backend = FalkorBackend(FalkorDB(unix_socket_path=str(server.socket_path)), "g", timeout=2)
    try:
        store = GraphStore(backend, vocabulary)
        store.migrate()
        client = TestClient(create_app(store, Settings(data_dir=data_dir, store_grace_seconds=0.5)))
        assert client.get("/healthz").json() == {"status": "ok"}
        server.kill_database()
        assert client.get("/healthz").json() == {"status": "ok", "store": "recovering"}
        assert client.get("/readyz").status_code == 503
        time.sleep(0.6)
        late = client.get("/healthz")
        assert late.status_code == 503 and late.json()["status"] == "unhealthy"
        answer = client.post("/graphql", json={"query": "{ me { role } }"}, headers={"Authorization": "Bearer cm_x"})
        assert answer.status_code == 503 and answer.json()["errors"][0]["extensions"]["code"] == "STORE_UNAVAILABLE"
    finally:
        backend.close()
        server.stop()
