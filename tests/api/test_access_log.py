"""Every request gets an id and one access-log line; refused requests and failed sign-ins are
warnings; no line holds a token, a sign-in code or a family's id."""

from __future__ import annotations

import io
import json
import logging

import pytest

from graph_service.api import logs

CARD = '{ familyCard(familyId: "gezin-lavendel") { family { id } } }'


@pytest.fixture
def log_lines():
    """The service's JSON log lines, as `serve` writes them."""
    stream = io.StringIO()
    logs.configure(logging.INFO, stream)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logging.getLogger("graph_service").handlers[:] = []


def test_each_request_has_an_id_and_a_line_without_secrets(demo_api, log_lines):
    worker = demo_api.token("worker", professional="prof-048")
    card = demo_api.post(CARD, token=worker)
    assert card.status_code == 200 and card.json()["data"]["familyCard"]["family"]["id"] == "gezin-lavendel"
    page = demo_api.client.get("/families/gezin-lavendel/card?lang=en", headers={"Authorization": f"Bearer {worker}"})
    wrong = demo_api.client.get("/signin?code=not-a-real-code-123")
    refused = demo_api.post("{ me { role } }", token="wrong-token-456")
    given = demo_api.client.get("/healthz", headers={"X-Request-Id": "proxy-7f3a"})
    survey = demo_api.client.get("/meting/round-1.vp-noord.0123456789abcdef0123456789abcdef/stap/2")

    lines = [line for line in log_lines() if line["logger"] == "graph_service.api.access_log"]
    by_id = {line["request_id"]: line for line in lines}
    for response in (card, page, wrong, refused):
        assert response.headers["x-request-id"] in by_id
    assert given.headers["x-request-id"] == "proxy-7f3a" and by_id["proxy-7f3a"]["status"] == 200
    assert by_id[page.headers["x-request-id"]]["path"] == "/families/{id}/card"
    assert by_id[survey.headers["x-request-id"]]["path"] == "/meting/{link}/stap/2"  # a link is a credential
    failed = by_id[wrong.headers["x-request-id"]]
    assert (failed["level"], failed["message"], failed["status"], failed["path"]) == ("warning", "sign-in failed", 401,
                                                                                      "/signin")
    assert by_id[refused.headers["x-request-id"]]["level"] == "warning"
    assert by_id[refused.headers["x-request-id"]]["status"] == 401
    everything = "\n".join(json.dumps(line) for line in log_lines())
    for secret in (worker, "not-a-real-code-123", "wrong-token-456", "gezin-lavendel", "Lavendel",
                   "0123456789abcdef0123456789abcdef"):
        assert secret not in everything
