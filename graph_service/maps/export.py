"""PNG and PDF exports of a page, drawn by headless Chromium (Debian's `chromium`).

The page is handed to the browser from memory at a made-up origin, with the site's own static
files (styles) from their folder, and every other request is refused, so an export can never
reach the network. A map's PDF is the printable poster: the page's print layout (map, legend,
findings) on A3 landscape; a report is A4 portrait.
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
    out.write_bytes(draw(page, "png" if suffix == ".png" else "pdf", width=width, height=height))


def draw(page: Page, kind: str, *, width: int = 1600, height: int = 1000, static: Path | None = None,
         paper: str = "A3", landscape: bool = True) -> bytes:
    """The page as PNG or PDF bytes. `static`: the folder behind the page's `/static/` links."""
    if not Path(CHROMIUM).exists():
        raise ValidationError(f"PNG and PDF need Chromium at {CHROMIUM} (apt-get install chromium)", field="out")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            tab = browser.new_page(viewport={"width": width, "height": height})

            def serve(route) -> None:  # type: ignore[no-untyped-def]
                url = route.request.url
                asset = _static_file(static, url)
                if url == ORIGIN:
                    route.fulfill(status=200, body=page.html, headers={"content-type": "text/html; charset=utf-8",
                                                                        "content-security-policy": page.csp})
                elif asset is not None:
                    route.fulfill(status=200, path=str(asset))
                else:
                    route.abort()

            tab.route("**/*", serve)
            tab.goto(ORIGIN)
            tab.wait_for_selector("body[data-ready='1'], .plain, main.app-main", timeout=30_000)
            if kind == "png":
                return tab.screenshot(full_page=False)
            tab.emulate_media(media="print")
            tab.evaluate("window.coalitionMap && (coalitionMap.network.redraw(), coalitionMap.network.fit())")
            return tab.pdf(format=paper, landscape=landscape, print_background=True)
        finally:
            browser.close()


def _static_file(static: Path | None, url: str) -> Path | None:
    """The file of this site's static folder a page asks for; None for anything else."""
    prefix = ORIGIN + "static/"
    if static is None or not url.startswith(prefix):
        return None
    wanted = (static / url[len(prefix):].split("?")[0]).resolve()
    return wanted if wanted.is_file() and wanted.is_relative_to(static.resolve()) else None
