"""Item 11 (low): sign-in and sign-out across sites. An auto-submitted POST from another origin
signed the victim in as the attacker (login CSRF) and signed her out; 300 wrong tokens on
`/signin` in 0.3 s and 700 wrong bearer tokens on `/graphql` met no rate limit."""

from __future__ import annotations

import datetime as dt
import time
from typing import Iterator

import pytest
from starlette.testclient import TestClient

from graph_service.api.app import create_app
from graph_service.domain import clock
from graph_service.web.sessions import COOKIE
from graph_service.config import Settings

EVIL = {"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}


@pytest.fixture
def browser(probe, data_dir) -> TestClient:
    """The service with its sign-in and wrong-token budgets on (10 and 30 a minute per address)."""
    app = create_app(probe.store, Settings(data_dir=data_dir, signin_rate_limit_per_minute=10,
                                           auth_failure_limit_per_minute=30))
    return TestClient(app, base_url="http://testserver")


@pytest.mark.parametrize("headers", [EVIL, {"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"},
                                     {"Origin": "null"}])
def test_a_sign_in_posted_by_another_site_is_refused(probe, browser, headers):
    response = browser.post("/signin", data={"token": probe.tokens["coordinator"]}, headers=headers,
                            follow_redirects=False)
    assert response.status_code == 403 and COOKIE not in response.cookies
    assert "andere website" in response.text


def test_a_sign_out_posted_by_another_site_leaves_the_session_alone(probe, browser):
    signed_in = browser.post("/signin", data={"token": probe.tokens["coordinator"]},
                             headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"},
                             follow_redirects=False)
    assert signed_in.status_code == 303 and browser.cookies.get(COOKIE)
    assert browser.post("/signout", headers=EVIL, follow_redirects=False).status_code == 403
    assert browser.get("/maps").status_code == 200
    assert browser.post("/signout", headers={"Sec-Fetch-Site": "same-origin"}, follow_redirects=False).status_code == 303
    assert browser.get("/maps", follow_redirects=False).status_code == 303  # to the sign-in page


def test_a_sign_in_link_opened_from_another_site_is_refused(probe, browser):
    code = browser.app.state.sessions.one_time_code("0" * 64)
    refused = browser.get(f"/signin?code={code}", headers={"Sec-Fetch-Site": "cross-site"}, follow_redirects=False)
    assert refused.status_code == 403


@pytest.fixture
def start_of_a_minute() -> Iterator[None]:
    """Budgets count per minute of the clock: the burst of attempts happens at the start of one
    (the clock stands still there), never across two."""
    moment = dt.datetime.fromtimestamp(int(time.time()) // 60 * 60 + 1, dt.timezone.utc)
    previous = clock.use(clock.FixedClock(moment))
    yield
    clock.use(previous)


def test_sign_in_attempts_and_wrong_bearer_tokens_are_budgeted_per_address(probe, browser, start_of_a_minute):
    answers = [browser.post("/signin", data={"token": f"cm_wrong{n}"}).status_code for n in range(12)]
    assert answers[:10] == [401] * 10 and answers[10:] == [429, 429]
    wrong = [browser.post("/graphql", json={"query": "{ me { role } }"},
                          headers={"Authorization": f"Bearer cm_wrong{n}"}).status_code for n in range(32)]
    assert wrong[:30] == [401] * 30 and wrong[30:] == [429, 429]
    # from that address even the right token waits for the minute to pass
    blocked = browser.post("/graphql", json={"query": "{ me { role } }"},
                           headers={"Authorization": f"Bearer {probe.tokens['admin']}"})
    assert blocked.status_code == 429 and 1 <= int(blocked.headers["Retry-After"]) <= 60
