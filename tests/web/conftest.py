"""The web application served by uvicorn on a free port, over the demo data, for a real browser."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Iterator

import pytest
import uvicorn
from axe_playwright_python.sync_playwright import Axe

from graph_service.api.app import create_app
from graph_service.config import Settings
from graph_service.services.tokens import create_token
from tests.conftest import free_port, load_demo_snapshot


WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}


@dataclass
class LiveApp:
    base_url: str
    store: object
    #: the app's audit log of family data
    audit: object = None

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
    yield LiveApp(f"http://127.0.0.1:{port}", embedded_store, app.state.audit)
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


class Visit:
    """One browser tab on the live app that records every request it makes."""

    def __init__(self, browser, base_url: str, javascript: bool = True, **options) -> None:
        self.base_url = base_url
        self.context = browser.new_context(java_script_enabled=javascript,
                                           **{"viewport": {"width": 1280, "height": 900}, **options})
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))

    def go(self, path: str) -> None:
        self.page.goto(self.base_url + path)

    def elsewhere(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(self.base_url)]

    def serious_violations(self) -> list[str]:
        results = Axe().run(self.page, options=WCAG)
        return [f"{v['id']}: {v['help']} ({len(v['nodes'])}x)" for v in results.response["violations"]
                if v["impact"] in ("serious", "critical")]

    def sign_in(self, token: str) -> None:
        self.go("/app")
        self.page.get_by_label("Toegangssleutel (token)").fill(token)
        self.page.get_by_role("button", name="Inloggen").click()
        self.page.wait_for_url("**/app**")
        self.page.wait_for_load_state("load")  # scripts and styles in: a key pressed now reaches the page

    def tab_until(self, condition: str, limit: int = 80) -> None:
        """Press Tab until the script `condition` holds for the focused element (keyboard-only use)."""
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            if self.page.evaluate(condition):
                return
        raise AssertionError(f"not reached by Tab: {condition}")

    def follow(self, key: str = "Enter") -> None:
        """Press a key that opens another page (a link, a form's button) and wait for it."""
        with self.page.expect_navigation():
            self.page.keyboard.press(key)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser, live_app):
    opened: list[Visit] = []

    def open_(javascript: bool = True, **options) -> Visit:
        opened.append(Visit(browser, live_app.base_url, javascript, **options))
        return opened[-1]

    yield open_
    for tab in opened:
        tab.close()
