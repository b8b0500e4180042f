"""Driver exceptions reach the caller as ours: a statement past the time limit is a StoreTimeout
(code STORE_TIMEOUT with a Dutch message), a taken id a Conflict, never a raw redis or neo4j
exception."""

from __future__ import annotations

import pytest

from graph_service.domain.errors import Conflict, StoreTimeout
from graph_service.domain.messages import dutch

#: a statement that takes seconds: Neo4j stops it at its limit; FalkorDB runs it to the end before it
#: reports the limit passed, so it gets fewer rows (20 million: under a second there, and still past 1 ms)
SLOW = {"neo4j": "UNWIND range(1, 100000000) AS a WITH a WHERE a % 7 = 0 RETURN count(a) AS n",
        "falkordb": "UNWIND range(1, 20000000) AS a WITH a WHERE a % 7 = 0 RETURN count(a) AS n"}


@pytest.fixture
def impatient(store):
    """The store's own backend with a time limit of milliseconds (Neo4j does not keep limits under
    about 100 ms: it gets 200 ms, for a statement that takes seconds)."""
    backend = store.backend
    attribute = "timeout_ms" if hasattr(backend, "timeout_ms") else "timeout"
    before = getattr(backend, attribute)
    setattr(backend, attribute, 1 if attribute == "timeout_ms" else 0.2)
    yield backend
    setattr(backend, attribute, before)


def test_a_statement_past_the_time_limit_is_a_store_timeout(impatient):
    with pytest.raises(StoreTimeout) as error:
        impatient.read(SLOW["neo4j" if impatient.name == "neo4j" else "falkordb"])
    assert error.value.code == "STORE_TIMEOUT" and "te lang" in dutch(error.value)


def test_the_same_statement_in_time_answers(store):
    assert store.backend.read("UNWIND range(1, 1000) AS a RETURN count(a) AS n") == [{"n": 1000}]


def test_a_taken_id_is_a_conflict_naming_the_field(store):
    store.create_node("organisation", {"id": "org-1", "name": "A", "domain": "social", "organisation_type": "other"})
    with pytest.raises(Conflict) as error:
        store.create_node("organisation", {"id": "org-1", "name": "B", "domain": "social", "organisation_type": "other"})
    assert error.value.code == "ID_TAKEN" and error.value.field == "id"
