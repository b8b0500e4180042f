"""The real ASGI app over the real store, driven over HTTP by starlette's test client."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from graph_service.api.app import create_app
from graph_service.config import Settings
from tests.conftest import load_demo_snapshot
from graph_service.services.tokens import create_token


class Api:
    def __init__(self, client: TestClient, store) -> None:
        self.client = client
        self.store = store

    def token(self, role: str, **scope) -> str:
        return create_token(self.store, role, **scope)[0]

    def post(self, query: str, variables: dict | None = None, token: str | None = None):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return self.client.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers)

    def gql(self, query: str, variables: dict | None = None, token: str | None = None) -> dict:
        response = self.post(query, variables, token)
        assert response.status_code == 200, response.text
        body = response.json()
        assert "errors" not in body, body["errors"]
        return body["data"]


def make_api(store, data_dir: Path, dev_mode: bool = False) -> Api:
    # no request budgets here: the limiters have their own tests, and the fuzzer sends thousands of requests
    app = create_app(store, Settings(dev_mode=dev_mode, data_dir=data_dir, rate_limit_per_minute=0,
                                     signin_rate_limit_per_minute=0, auth_failure_limit_per_minute=0))
    api = Api(TestClient(app), store)
    api.audit = app.state.audit
    return api


@pytest.fixture
def api(store, data_dir) -> Api:
    return make_api(store, data_dir)


@pytest.fixture
def demo_api(store, data_dir) -> Api:
    api = make_api(store, data_dir)
    load_demo_snapshot(store, api.audit)
    return api


def demo_json() -> dict:
    return json.loads((Path(__file__).resolve().parents[2] / "graph_service" / "demo_data" / "coalition.json").read_text())
