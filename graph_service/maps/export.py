"""PNG and PDF exports of a map page, drawn by headless Chromium (Debian's `chromium`).

The page is handed to the browser from memory at a made-up origin and every other request is
refused, so an export can never reach the network. PDF is the printable poster: the page's print
layout (map, legend, findings) on A3 landscape.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..domain.errors import ValidationError
from .page import Page

CHROMIUM = os.environ.get("COALITION_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ORIGIN = "http://map.invalid/"


def export_page(page: Page, out: Path, *, width: int = 1600, height: int = 1000) -> None:
    """Write `page` as .html, .png or .pdf, chosen by the file name."""
    suffix = out.suffix.lower()
    out.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if suffix in (".html", ".htm"):
        out.write_text(page.html, encoding="utf-8")
        return
    if suffix not in (".png", ".pdf"):
        raise ValidationError("must end in .html, .png or .pdf", field="out", code="UNKNOWN_FORMAT")
    if not Path(CHROMIUM).exists():
        raise ValidationError(f"PNG and PDF need Chromium at {CHROMIUM} (apt-get install chromium)", field="out")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            tab = browser.new_page(viewport={"width": width, "height": height})

            def serve(route) -> None:  # type: ignore[no-untyped-def]
                if route.request.url == ORIGIN:
                    route.fulfill(status=200, body=page.html, headers={"content-type": "text/html; charset=utf-8",
                                                                        "content-security-policy": page.csp})
                else:
                    route.abort()

            tab.route("**/*", serve)
            tab.goto(ORIGIN)
            tab.wait_for_selector("body[data-ready='1'], .plain", timeout=30_000)
            if suffix == ".png":
                tab.screenshot(path=str(out), full_page=False)
            else:
                tab.emulate_media(media="print")
                tab.evaluate("window.coalitionMap && (coalitionMap.network.redraw(), coalitionMap.network.fit())")
                tab.pdf(path=str(out), format="A3", landscape=True, print_background=True)
        finally:
            browser.close()
