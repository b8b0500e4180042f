"""Who is asking, for every page of the web application: signed out, a page sends you to sign in
and back; a page about something you may not see answers exactly like one about something that
does not exist (the app's 404 page)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Awaitable, Callable
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ..domain.errors import NotFound, PermissionDenied
from ..services.principal import Principal
from .forms import FormData, new_form_id, read_form, sent_by_this_site
from .map_pages import Pages
from .rendering import HEADERS, link, page
from .sessions import COOKIE

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


@dataclass
class Post:
    principal: Principal
    form: FormData


async def accepted_post(pages: Pages, request: Request, sent_again: str) -> Post | Response:
    """A form post from a signed-in person, sent by this site, the first time it is sent; anything
    else gets its answer: sign in, refused, or (the same form again) back to `sent_again`, since
    the first post was written already."""
    principal = await run_in_threadpool(pages.principal, request)
    if not principal:
        return RedirectResponse("/signin", status_code=303, headers=HEADERS)
    form = await read_form(request)
    if not sent_by_this_site(request, form, pages.sessions):
        return page(request, "refused.html", status=403, principal=principal, crumbs=[])
    if not await run_in_threadpool(pages.sessions.claim_form, form.get("form_id")):
        return RedirectResponse(sent_again, status_code=303, headers=HEADERS)
    return Post(principal, form)


def form_tokens(pages: Pages, request: Request) -> dict[str, str | None]:
    """What every form of a page carries: the session's CSRF token and a new one-time id."""
    return {"csrf": pages.sessions.csrf_token(request.cookies.get(COOKIE)), "form_id": new_form_id()}


def saved_at(request: Request, path: str, anchor: str = "") -> RedirectResponse:
    """After a form was written: back to `path` (in the page's language), saying so, at `anchor`."""
    target = link(request, path)
    return RedirectResponse(target + ("&" if "?" in target else "?") + "saved=1" + (f"#{anchor}" if anchor else ""),
                            status_code=303, headers=HEADERS)
