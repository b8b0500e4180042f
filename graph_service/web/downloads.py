"""Files to download from a page: a PDF drawn on the server by headless Chromium from the same
HTML the page shows (so the PDF and the page never disagree), at most two at a time."""

from __future__ import annotations

import threading
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response

from ..maps import export
from ..maps.page import Page
from .rendering import BASE_HEADERS, CSP, STATIC, page

#: a PDF takes a browser (about 150 MB for a second): more at once waits its turn
_DRAWING = threading.BoundedSemaphore(2)


def attachment(content: bytes | str, media_type: str, filename: str) -> Response:
    return Response(content, media_type=media_type,
                    headers={**BASE_HEADERS, "Content-Disposition": f'attachment; filename="{filename}"'})


def pdf(request: Request, html: str, filename: str, *, csp: str = CSP, paper: str = "A4",
        landscape: bool = False) -> Response:
    """Call from a worker thread: drawing takes a second or two. Without Chromium on the server,
    a page that says so and points to printing from the browser."""
    if not Path(export.CHROMIUM).exists():
        return page(request, "no_pdf.html", status=503, principal=None, crumbs=[])
    with _DRAWING:
        content = export.draw(Page(html=html, csp=csp), "pdf", static=STATIC, paper=paper, landscape=landscape)
    return attachment(content, "application/pdf", filename)


def png(request: Request, svg: str, filename: str, width: int, height: int) -> Response:
    """A chart's SVG as a PNG image, drawn by headless Chromium at its own size (call from a
    worker thread); without Chromium, the page that says so."""
    if not Path(export.CHROMIUM).exists():
        return page(request, "no_pdf.html", status=503, principal=None, crumbs=[])
    html = f'<!DOCTYPE html><html><body class="plain" style="margin:0">{svg}</body></html>'
    with _DRAWING:
        content = export.draw(Page(html=html, csp="default-src 'none'; style-src 'unsafe-inline'; img-src data:"),
                              "png", width=width, height=height)
    return attachment(content, "image/png", filename)
