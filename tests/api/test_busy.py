"""When the analyses waiting for a worker process fill the pool, an analysis request gets a 503
with Retry-After at once, in JSON from the API and as a Dutch page in the app; card reads go on
being served; once the pool has room, the same request is answered."""

from __future__ import annotations

import threading
import time

import pytest

from graph_service.domain import compute_pool
from tests.web.test_finding_reviews import A, HOME, signed_in

ANALYSIS = '{ analysis(coalitionId: "kansrijk-dijkhaven", asOf: "2025-03-03") { partners } }'


@pytest.fixture
def store(embedded_store):  # the pool is the server process's, in front of any database
    return embedded_store


@pytest.fixture
def full_pool():
    """A pool of one process and no queue, kept busy by a call of two seconds."""
    pool = compute_pool.configure(1, 0)
    pool.warm()
    holder = threading.Thread(target=pool.run, args=(time.sleep, 2.0))
    holder.start()
    time.sleep(0.2)
    yield holder
    holder.join()
    compute_pool.configure(0, 8)


def test_an_analysis_that_finds_the_pool_full_gets_503_with_retry_after(demo_api, full_pool):
    coordinator = demo_api.token("coordinator", coalitions=[A])
    refused = demo_api.post(ANALYSIS, token=coordinator)
    assert refused.status_code == 503 and refused.headers["retry-after"] == "5"
    error = refused.json()["errors"][0]
    assert error["extensions"]["code"] == "BUSY" and "probeer het over een paar seconden opnieuw" in \
        error["extensions"]["messageNl"].lower()
    worker = demo_api.token("worker", professional="prof-048")
    card = demo_api.post('{ familyCard(familyId: "gezin-lavendel") { family { id } } }', token=worker)
    assert card.status_code == 200 and card.json()["data"]["familyCard"]["family"]["id"] == "gezin-lavendel"
    full_pool.join()
    assert demo_api.gql(ANALYSIS, token=coordinator)["analysis"]["partners"] > 10


def test_the_coalition_home_says_it_is_busy_in_dutch_and_how_to_try_again(demo_api, full_pool):
    browser = signed_in(demo_api)
    page = browser.get(HOME)
    assert page.status_code == 503 and page.headers["retry-after"] == "5"
    assert "Het is nu erg druk" in page.text and "Er is niets verloren gegaan." in page.text
    assert f'href="{HOME}">Probeer opnieuw</a>' in page.text
    full_pool.join()
    assert browser.get(HOME).status_code == 200
