"""Who is asking, for every page of the web application: signed out, a page sends you to sign in
and back; a page about something you may not see answers exactly like one about something that
does not exist (the app's 404 page)."""

from __future__ import annotations

from typing import Awaitable, Callable
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ..domain.errors import NotFound, PermissionDenied
from ..services.principal import Principal
from .map_pages import Pages
from .rendering import HEADERS, page

PageBuilder = Callable[[Request, Principal], Response]


def signed_in(pages: Pages, build: PageBuilder) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        principal = await run_in_threadpool(pages.principal, request)
        if not principal:
            target = quote(request.url.path + (f"?{request.url.query}" if request.url.query else ""), safe="")
            return RedirectResponse(f"/signin?next={target}", status_code=303, headers=HEADERS)
        try:
            return await run_in_threadpool(build, request, principal)
        except (NotFound, PermissionDenied):  # not yours answers like not there
            return not_found(request, principal)
    return endpoint


def not_found(request: Request, principal: Principal | None) -> Response:
    return page(request, "not_found.html", status=404, principal=principal, crumbs=[])
