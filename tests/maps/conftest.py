"""Map pages opened in the suite's headless Chromium (the `browser` fixture of tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


class OpenedPage:
    """A map page opened at a made-up origin, with every request and console message recorded."""

    ORIGIN = "http://maps.test"

    def __init__(self, browser, html: str, csp: str) -> None:
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.requests: list[str] = []
        self.console: list[tuple[str, str]] = []
        self.page.on("console", lambda m: self.console.append((m.type, m.text)))
        self.page.on("pageerror", lambda e: self.console.append(("pageerror", str(e))))

        def serve(route) -> None:
            self.requests.append(route.request.url)
            if route.request.url == self.ORIGIN + "/map":
                route.fulfill(status=200, body=html, headers={"content-type": "text/html; charset=utf-8",
                                                              "content-security-policy": csp})
            else:
                route.abort()

        self.page.route("**/*", serve)
        self.page.goto(self.ORIGIN + "/map")
        self.page.wait_for_selector("body[data-ready='1']", timeout=15000)

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def errors(self) -> list[tuple[str, str]]:
        return [m for m in self.console if m[0] in ("error", "pageerror")]

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def open_page(browser):
    opened: list[OpenedPage] = []

    def open_(html: str, csp: str) -> OpenedPage:
        page = OpenedPage(browser, html, csp)
        opened.append(page)
        return page

    yield open_
    for page in opened:
        page.close()
