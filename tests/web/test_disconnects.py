"""Clients that go away or stall cost the server nothing beyond their own request: an analysis
whose client left frees its compute process when the analysis is done, and clients that stop
halfway through sending a request hold a connection, never a thread, so everybody else is
answered meanwhile. Over real HTTP, against uvicorn."""

from __future__ import annotations

import json
import socket
import time
from urllib.parse import urlsplit

import httpx
import pytest

from graph_service.domain import compute_pool
from tests.web.test_finding_reviews import A

ANALYSIS = '{ analysis(coalitionId: "kansrijk-dijkhaven", asOf: "%s") { partners } }'
CARD = '{ familyCard(familyId: "gezin-lavendel") { family { id } } }'


@pytest.fixture
def one_compute_process():
    """A pool of one compute process and no queue: a second analysis at once gets 503."""
    compute_pool.configure(1, 0).warm()
    yield
    compute_pool.configure(0, 8)


def raw_request(base_url: str, token: str, body: bytes, send: int | None = None) -> socket.socket:
    """A POST to /graphql on a socket of its own, of which only `send` bytes of the body leave."""
    address = urlsplit(base_url)
    connection = socket.create_connection((address.hostname, address.port), timeout=5)
    head = (f"POST /graphql HTTP/1.1\r\nHost: {address.netloc}\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode()
    connection.sendall(head + body[:len(body) if send is None else send])
    return connection


def test_a_client_that_leaves_or_stalls_holds_no_worker(live_app, one_compute_process):
    coordinator = live_app.token("coordinator", coalitions=[A])
    worker = live_app.token("worker", professional="prof-048")
    card = json.dumps({"query": CARD}).encode()
    stalled = [raw_request(live_app.base_url, worker, card, send=10) for _ in range(50)]  # more than the threads
    try:
        gone = raw_request(live_app.base_url, coordinator, json.dumps({"query": ANALYSIS % "2025-03-03"}).encode())
        gone.close()  # left before the answer
        started = time.monotonic()
        answer = httpx.post(f"{live_app.base_url}/graphql", json={"query": CARD},
                            headers={"Authorization": f"Bearer {worker}"}, timeout=10)
        assert answer.status_code == 200 and answer.json()["data"]["familyCard"]["family"]["id"] == "gezin-lavendel"
        assert time.monotonic() - started < 2  # not queued behind the 50 half-sent requests
        while True:  # the analysis nobody waits for any more still ends, and frees the process
            again = httpx.post(f"{live_app.base_url}/graphql", json={"query": ANALYSIS % "2025-03-04"},
                               headers={"Authorization": f"Bearer {coordinator}"}, timeout=10)
            if again.status_code == 200:
                break
            assert again.status_code == 503 and time.monotonic() - started < 10, again.text[:200]
            time.sleep(0.1)
        assert again.json()["data"]["analysis"]["partners"] > 10
    finally:
        for connection in stalled:
            connection.close()
