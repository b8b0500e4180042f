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


def _drawn(request: Request, drawing: Page, kind: str, media_type: str, filename: str, **options: object) -> Response:
    """Call from a worker thread: drawing takes a second or two. Without Chromium on the server,
    a page that says so and points to printing from the browser."""
    if not Path(export.CHROMIUM).exists():
        return page(request, "no_pdf.html", status=503, principal=None, crumbs=[])
    with _DRAWING:
        content = export.draw(drawing, kind, **options)  # type: ignore[arg-type]
    return attachment(content, media_type, filename)


def pdf(request: Request, html: str, filename: str, *, csp: str = CSP, paper: str = "A4",
        landscape: bool = False) -> Response:
    return _drawn(request, Page(html=html, csp=csp), "pdf", "application/pdf", filename, static=STATIC, paper=paper,
                  landscape=landscape)


def png(request: Request, svg: str, filename: str, width: int, height: int) -> Response:
    """A chart's SVG as a PNG image at its own size."""
    html = f'<!DOCTYPE html><html><body class="plain" style="margin:0">{svg}</body></html>'
    drawing = Page(html=html, csp="default-src 'none'; style-src 'unsafe-inline'; img-src data:")
    return _drawn(request, drawing, "png", "image/png", filename, width=width, height=height)
