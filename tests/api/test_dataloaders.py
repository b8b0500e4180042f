"""No N+1: the number of store round trips does not grow with the number of organisations."""

from __future__ import annotations

from graph_service.store.graph_store import GraphStore

from .conftest import make_api

QUERY = """query($n: Int!) { organisations(first: $n) { edges { node { id
  ties { kind to { id ... on Coalition { name } ... on Organisation { name } } from { id } } } } } }"""


class CountingBackend:
    """The real backend, counting the statements sent to it."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.name = inner.name
        self.calls = 0

    def read(self, statement, params=None):
        self.calls += 1
        return self.inner.read(statement, params)

    def write(self, statement, params=None):
        self.calls += 1
        return self.inner.write(statement, params)

    def ping(self):
        return self.inner.ping()


def _fill(store, n: int) -> None:
    store.create_node("coalition", {"id": "c", "name": "Coalitie"})
    store.bulk_upsert_nodes("organisation", [
        {"id": f"o{i:02d}", "name": f"Partner {i:02d}", "domain": "social", "organisation_type": "welfare"}
        for i in range(n)])
    store.bulk_link("member_of", [{"from": f"o{i:02d}", "to": "c", "since": "2020-01-01", "level": "practice"}
                                  for i in range(n)])
    store.bulk_link("collaborates_with", [{"from": f"o{i:02d}", "to": f"o{(i + 1) % n:02d}", "since": "2021-01-01",
                                           "intensity": "cooperation"} for i in range(n)])


def test_store_round_trips_do_not_grow_with_the_page(store, vocabulary, data_dir):
    _fill(store, 50)
    counting = CountingBackend(store.backend)
    api = make_api(GraphStore(counting, vocabulary), data_dir)
    token = api.token("admin")
    counts = {}
    for n in (5, 50):
        before = counting.calls
        data = api.gql(QUERY, {"n": n}, token)
        counts[n] = counting.calls - before
        edges = data["organisations"]["edges"]
        assert len(edges) == n
        assert all(len(e["node"]["ties"]) == 3 for e in edges)  # member of, and two collaborations
    assert counts[50] == counts[5]
    assert counts[50] <= 6
