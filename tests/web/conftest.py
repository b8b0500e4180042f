"""The web application served by uvicorn on a free port, over the demo data, for a real browser."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Iterator

import pytest
import uvicorn

from graph_service.api.app import create_app
from graph_service.config import Settings
from graph_service.services.tokens import create_token
from tests.conftest import free_port, load_demo_snapshot


@dataclass
class LiveApp:
    base_url: str
    store: object

    def token(self, role: str, **scope) -> str:
        return create_token(self.store, role, **scope)[0]


@pytest.fixture
def live_app(embedded_store, data_dir) -> Iterator[LiveApp]:
    settings = Settings(data_dir=data_dir, rate_limit_per_minute=0, signin_rate_limit_per_minute=0,
                        auth_failure_limit_per_minute=0)
    app = create_app(embedded_store, settings)
    load_demo_snapshot(embedded_store, app.state.audit)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the web application did not start"
        time.sleep(0.02)
    yield LiveApp(f"http://127.0.0.1:{port}", embedded_store)
    server.should_exit = True
    thread.join(10)


@pytest.fixture
def embedded_demo(embedded_store, data_dir):
    """The demo over HTTP, on the embedded store. Every page reads and writes through the
    services, whose store work the service and API tests run on both backends; a page's own
    behaviour does not depend on the backend, so the pages are walked once."""
    from tests.api.conftest import make_api

    api = make_api(embedded_store, data_dir)
    load_demo_snapshot(embedded_store, api.audit)
    return api
