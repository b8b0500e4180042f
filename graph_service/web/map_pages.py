"""The web pages: sign-in, the list of maps, and the maps themselves.

Page routes are read-only (GET, except signing in and out) and accept a session cookie or a
bearer token; the GraphQL endpoint never accepts the cookie. Every page is served without
caching and with a strict Content-Security-Policy; what a principal may not open answers exactly
like what does not exist. Signing in and out is refused when another site sends it (the
browser's `Sec-Fetch-Site` and `Origin` say so): otherwise a page elsewhere could sign a victim in
as the attacker, or out. Sign-in attempts and wrong bearer tokens are budgeted per client address.
"""

from __future__ import annotations

from typing import Any, Awaitable, Callable, Mapping
from urllib.parse import parse_qs, quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from ..domain.errors import DomainError, NotFound, PermissionDenied, ValidationError
from ..domain.messages import dutch
from ..maps.page import Page, esc, render_plain_page
from ..services.authentication import Authenticator, bearer_token
from ..services.map_pages import MapService
from ..services.principal import Principal
from ..services.tokens import hash_token, principal_of_hash
from ..store.graph_store import GraphStore
from .rate_limit import AttemptBudget, client_address
from .rendering import BASE_HEADERS, page
from .sessions import COOKIE, Sessions

TEXT = {
    "nl": {"signin": "Inloggen", "token": "Toegangssleutel (token)", "go": "Inloggen", "maps": "Kaarten",
           "signout": "Uitloggen", "bad_token": "Deze sleutel is onbekend, verlopen of ingetrokken.",
           "bad_code": "Deze inloglink is al gebruikt of verlopen. Vraag een nieuwe aan.",
           "not_found": "Niet gevonden", "bad_request": "Onjuiste vraag", "none": "Er zijn geen kaarten voor u.",
           "coalition": "Coalitiekaart", "overlay": "Coalitiekaart met witte vlekken", "domains": "Domeinen",
           "family": "Netwerkkaart", "denied": "Geen toegang",
           "missing_coalition": "Deze coalitie bestaat niet.", "missing_map": "Deze kaart bestaat niet of is niet voor u.",
           "cross_site": "Dit formulier kwam van een andere website. Open deze website zelf en probeer het opnieuw.",
           "too_many": "Te veel pogingen vanaf dit adres. Probeer het over een minuut opnieuw."},
    "en": {"signin": "Sign in", "token": "Access token", "go": "Sign in", "maps": "Maps", "signout": "Sign out",
           "bad_token": "This token is unknown, expired or revoked.",
           "bad_code": "This sign-in link was used or has expired. Ask for a new one.",
           "not_found": "Not found", "bad_request": "Bad request", "none": "There are no maps for you.",
           "coalition": "Coalition map", "overlay": "Coalition map with gaps", "domains": "Domains",
           "family": "Network card", "denied": "No access",
           "missing_coalition": "There is no such coalition.", "missing_map": "This map does not exist or is not for you.",
           "cross_site": "This form came from another website. Open this website yourself and try again.",
           "too_many": "Too many attempts from this address. Try again in a minute."},
}
MAX_FORM_BYTES = 4096


def map_filters(query: Mapping[str, str]) -> dict[str, str | None]:
    """The filters a map's address chooses (an empty choice is no filter)."""
    return {k: query[k] for k in ("domain", "phase", "level", "kind", "tie") if query.get(k)}


def focus_of(query: Mapping[str, str]) -> frozenset[str]:
    """The elements a map is focused on: `focus=a,b` (one partner, or the partners of a finding)."""
    return frozenset(i for i in (query.get("focus") or "").split(",") if i)


def _lang(request: Request) -> str:
    return "en" if request.query_params.get("lang") == "en" else "nl"


def _page(page: Page, status: int = 200) -> Response:
    headers = {**BASE_HEADERS, "Content-Security-Policy": page.csp}
    if page.framable:  # shown inside the web application's map page, never inside another site's
        headers["X-Frame-Options"] = "SAMEORIGIN"
    return HTMLResponse(page.html, status_code=status, headers=headers)


def _message(status: int, title: str, text: str, lang: str) -> Response:
    return _page(render_plain_page(title=title, body_html=f'<p class="error">{esc(text)}</p>', lang=lang), status)


def _local(path: str | None) -> str:
    """Only paths on this site may be a redirect target (no open redirect)."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/app"
    return path


def from_this_site(request: Request) -> bool:
    """False when the browser says another site sent this request. Browsers send `Sec-Fetch-Site`
    on every request (`none` when the user typed the address); `Origin` on every POST. A client
    that sends neither (curl, a script) is not a browser that can be tricked."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:  # a page cannot forge it; Origin may be "null" on a same-site form post
        return site in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is None:
        return True
    scheme = request.headers.get("x-forwarded-proto") or request.url.scheme
    return origin == f"{scheme}://{request.url.netloc}"


class Pages:
    def __init__(self, store: GraphStore, maps: MapService, sessions: Sessions, authenticator: Authenticator,
                 signin_attempts: AttemptBudget, failed_tokens: AttemptBudget) -> None:
        self.store = store
        self.maps = maps
        self.sessions = sessions
        self.authenticator = authenticator
        self.signin_attempts = signin_attempts
        self.failed_tokens = failed_tokens

    # ------------------------------------------------------------------ who is asking
    def principal(self, request: Request) -> Principal | None | bool:
        """The principal; None without credentials; False with a bad bearer token."""
        auth = request.headers.get("authorization")
        if auth is not None:
            address = client_address(request.scope)
            if self.failed_tokens.blocked(address):
                return False
            principal = self.authenticator(bearer_token(auth))
            if principal is None:
                self.failed_tokens.spend(address)
            return principal or False
        token_hash = self.sessions.token_hash(request.cookies.get(COOKIE))
        return principal_of_hash(self.store, token_hash) if token_hash else None

    def guarded(self, build: Callable[[Request, Principal], Any]) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            lang = _lang(request)
            principal = await run_in_threadpool(self.principal, request)
            if principal is False:
                return Response(TEXT[lang]["bad_token"], status_code=401, headers={**BASE_HEADERS,
                                "WWW-Authenticate": "Bearer"}, media_type="text/plain; charset=utf-8")
            if principal is None:
                target = quote(request.url.path + (f"?{request.url.query}" if request.url.query else ""), safe="")
                return RedirectResponse(f"/signin?next={target}", status_code=303, headers=BASE_HEADERS)
            try:
                result = await run_in_threadpool(build, request, principal)
            except NotFound:  # the same words whether it does not exist or is not for you
                what = "coalition" if request.url.path.startswith("/maps/") else "map"
                return _message(404, TEXT[lang]["not_found"], TEXT[lang][f"missing_{what}"], lang)
            except PermissionDenied as error:
                return _message(403, TEXT[lang]["denied"], dutch(error) if lang == "nl" else error.message, lang)
            except DomainError as error:  # Dutch by the error's code; the field is named in both
                text = dutch(error) if lang == "nl" else error.message
                return _message(400, TEXT[lang]["bad_request"], f"{error.field}: {text}" if error.field else text, lang)
            return result if isinstance(result, Response) else _page(result)
        return endpoint

    # ------------------------------------------------------------------ sign-in
    async def signin(self, request: Request) -> Response:
        lang = _lang(request)
        t = TEXT[lang]
        target = _local(request.query_params.get("next"))
        attempt = request.method == "POST" or request.query_params.get("code") is not None
        if attempt and not from_this_site(request):
            return _message(403, t["signin"], t["cross_site"], lang)
        address = client_address(request.scope)
        if attempt and (self.signin_attempts.blocked(address)
                        or not await run_in_threadpool(self.signin_attempts.spend, address)):
            response = _message(429, t["signin"], t["too_many"], lang)
            response.headers["Retry-After"] = self.signin_attempts.retry_after()
            return response
        if request.method == "GET" and request.query_params.get("code") is not None:
            token_hash = self.sessions.redeem(request.query_params.get("code"))
            if token_hash is None or await run_in_threadpool(principal_of_hash, self.store, token_hash) is None:
                return _message(401, t["signin"], t["bad_code"], lang)
            return self._signed_in(token_hash, target, request)
        if request.method == "POST":
            body = await request.body()
            form = parse_qs(body[:MAX_FORM_BYTES].decode("utf-8", "replace"))
            token = (form.get("token") or [""])[0].strip()
            target = _local((form.get("next") or [target])[0])
            principal = await run_in_threadpool(principal_of_hash, self.store, hash_token(token)) \
                if token.startswith("cm_") and len(token) < 200 else None
            if principal is None:
                return self._form(request, target, error=t["bad_token"], status=401)
            return self._signed_in(hash_token(token), target, request)
        return self._form(request, target)

    @staticmethod
    def _form(request: Request, target: str, error: str | None = None, status: int = 200) -> Response:
        """The sign-in page, in the web application's look."""
        return page(request, "signin.html", status=status, principal=None, crumbs=[], target=target, error=error)

    def _signed_in(self, token_hash: str, target: str, request: Request) -> Response:
        response = RedirectResponse(target, status_code=303, headers=BASE_HEADERS)
        secure = request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"
        response.set_cookie(COOKIE, self.sessions.start(token_hash), max_age=self.sessions.session_seconds,
                            httponly=True, samesite="strict", secure=secure, path="/")
        return response

    async def signout(self, request: Request) -> Response:
        if not from_this_site(request):
            lang = _lang(request)
            return _message(403, TEXT[lang]["signout"], TEXT[lang]["cross_site"], lang)
        self.sessions.end(request.cookies.get(COOKIE))
        # nothing of a family stays in this browser: no cached page, nothing stored by a page
        response = RedirectResponse("/signin", status_code=303,
                                    headers={**BASE_HEADERS, "Clear-Site-Data": '"cache", "storage"'})
        response.delete_cookie(COOKIE, path="/")
        return response

    # ------------------------------------------------------------------ pages
    def index(self, request: Request, principal: Principal) -> Page:
        lang = _lang(request)
        t = TEXT[lang]
        links = self.maps.index(principal)
        suffix = "?lang=en" if lang == "en" else ""
        items = "".join(
            f'<li><a href="{esc(link.path + (("&" if "?" in link.path else "?") + "lang=en" if lang == "en" else ""))}">'
            f"{esc(t[link.kind])}: {esc(link.title)}</a></li>" for link in links)
        body = (f"<ul>{items}</ul>" if items else f"<p>{esc(t['none'])}</p>") + (
            f'<form method="post" action="/signout{suffix}"><button type="submit">{esc(t["signout"])}</button></form>')
        return render_plain_page(title=t["maps"], body_html=body, lang=lang)

    def coalition(self, request: Request, principal: Principal) -> Page:
        q = request.query_params
        return self.maps.coalition(principal, request.path_params["coalition_id"], as_of=q.get("as_of") or None,
                                   lang=_lang(request), metric=q.get("metric"), overlay=q.get("overlay") in ("1", "true"),
                                   filters=map_filters(q), people=q.get("people") != "0", focus=focus_of(q))

    def compare(self, request: Request, principal: Principal) -> Page:
        q = request.query_params
        if not q.get("from") or not q.get("to"):
            raise ValidationError("give two dates: ?from=yyyy-mm-dd&to=yyyy-mm-dd", field="from", code="TWO_DATES_NEEDED")
        return self.maps.compare(principal, request.path_params["coalition_id"], q["from"], q["to"], lang=_lang(request))

    def domains(self, request: Request, principal: Principal) -> Page:
        others = [c for c in (request.query_params.get("compare") or "").split(",") if c]
        return self.maps.domains(principal, request.path_params["coalition_id"], others=others,
                                 as_of=request.query_params.get("as_of"), lang=_lang(request))

    def family(self, request: Request, principal: Principal) -> Page:
        return self.maps.family(principal, request.path_params["family_id"], lang=_lang(request))

    def routes(self) -> list[Route]:
        return [
            Route("/", lambda request: RedirectResponse("/app", status_code=303, headers=BASE_HEADERS), methods=["GET"]),
            Route("/maps", self.guarded(self.index), methods=["GET"]),
            Route("/signin", self.signin, methods=["GET", "POST"]),
            Route("/signout", self.signout, methods=["POST"]),
            Route("/maps/coalition/{coalition_id}", self.guarded(self.coalition), methods=["GET"]),
            Route("/maps/compare/{coalition_id}", self.guarded(self.compare), methods=["GET"]),
            Route("/maps/domains/{coalition_id}", self.guarded(self.domains), methods=["GET"]),
            Route("/families/{family_id}/card", self.guarded(self.family), methods=["GET"]),
        ]
