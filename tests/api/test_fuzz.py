"""Fuzz every query and mutation of the schema against the running server (schemathesis).

No request may produce a 5xx, and none may hit an internal error (which the server would mask as
"Unexpected error."): bad input must always meet a typed error or a GraphQL validation message."""

from __future__ import annotations

from pathlib import Path

import graphql
import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis_graphql import nodes

from ..cli_helpers import run_cli, start_service
from ..conftest import free_port, short_tmpdir

SDL = (Path(__file__).resolve().parents[2] / "graph_service" / "schema" / "schema.graphql").read_text()


def _row(items: dict[str, str]) -> graphql.ObjectValueNode:
    return nodes.Object([graphql.ObjectFieldNode(name=graphql.NameNode(value=k), value=nodes.String(v))
                         for k, v in items.items()])


# bulkUpsert's rows: lists of objects with plausible and implausible keys and any text
schemathesis.graphql.scalar("JSON", st.lists(
    st.dictionaries(st.sampled_from(["id", "name", "domain", "organisation_type", "phases", "label", "colour"]),
                    st.text(max_size=20), max_size=5).map(_row), max_size=4).map(nodes.List))
schema = schemathesis.graphql.from_file(SDL)


@pytest.fixture(scope="module")
def fuzz_server():
    data_dir = short_tmpdir("cm-fuzz-")
    # every operation many times in a minute: the per-user request budget would answer 429 instead
    running = start_service(data_dir, free_port(), "--demo", env={"COALITION_RATE_LIMIT": "0"})
    created = run_cli("token", "create", "--role", "admin", "--data-dir", str(data_dir))
    yield running, created.stdout.strip().splitlines()[-1]
    running.stop()


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_5xx_and_no_internal_error(case, fuzz_server):
    server, token = fuzz_server
    response = case.call(base_url=f"{server.base_url}/graphql", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code < 500, response.text
    assert "Unexpected error." not in response.text, (case.body, response.text)
    assert httpx.get(f"{server.base_url}/healthz").status_code == 200
