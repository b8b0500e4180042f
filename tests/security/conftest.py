"""The attacker's probes: the demo service, as in the penetration test, with one professional of
the neighbouring coalition Buurdorp and a token for every role an attacker could hold."""

from __future__ import annotations

import pytest

from tests.conftest import load_demo_snapshot
from tests.api.conftest import Api, make_api

DIJKHAVEN, BUURDORP = "kansrijk-dijkhaven", "kansrijk-buurdorp"
#: assigned to gezin-lavendel; prof-013 (a GP of Dijkhaven) is assigned to no demo family
ASSIGNED, UNASSIGNED, BUUR = "prof-048", "prof-013", "prof-buur"
FAMILY = "gezin-lavendel"
RESULT = ("__typename ... on NotFound { message field } ... on PermissionDenied { message } "
          "... on ValidationError { field code message } ... on Conflict { field code }")


@pytest.fixture
def probe(store, data_dir) -> Api:
    api = make_api(store, data_dir)
    load_demo_snapshot(store, api.audit)
    store.create_node("professional", {"id": BUUR, "name": "Femke Buurdorp"})
    store.link("works_at", BUUR, "wt-buur", {"since": "2021-01-01"})
    store.create_node("professional", {"id": "prof-los", "name": "Nog nergens werkzaam"})
    api.tokens = {
        "admin": api.token("admin"),
        "coordinator": api.token("coordinator", coalitions=[DIJKHAVEN]),
        "coordinator_b": api.token("coordinator", coalitions=[BUURDORP]),
        "assigned": api.token("worker", professional=ASSIGNED),
        "unassigned": api.token("worker", professional=UNASSIGNED),
        "worker_b": api.token("worker", professional=BUUR),
        "worker_nowhere": api.token("worker", professional="prof-los"),
        "evaluator": api.token("evaluator"),
        "privacy": api.token("privacy_officer", coalitions=[DIJKHAVEN]),
        "privacy_b": api.token("privacy_officer", coalitions=[BUURDORP]),
    }
    return api
