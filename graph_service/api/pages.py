"""Map pages served over HTTP: authorised, never cached, with a strict Content-Security-Policy.

For now a page route accepts the same bearer token as the GraphQL endpoint; what the family card
service refuses (an unassigned or unknown family) is a plain 404, the same for both.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from ..domain.errors import NotFound
from ..maps.family_card_map import render_family_card
from ..services.family_cards import FamilyCardService
from ..services.tokens import authenticate
from ..store.graph_store import GraphStore

PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def _plain(status: int, text: str, headers: dict[str, str] | None = None) -> Response:
    return Response(text, status_code=status, media_type="text/plain; charset=utf-8",
                    headers={**PAGE_HEADERS, **(headers or {})})


class FamilyCardPage:
    """GET /families/{family_id}/card[?lang=en]: the network card as an interactive map."""

    def __init__(self, store: GraphStore, cards: FamilyCardService) -> None:
        self.store = store
        self.cards = cards

    async def handle(self, request: Request) -> Response:
        auth = request.headers.get("authorization", "")
        token = auth[7:].strip() if auth[:7].lower() == "bearer " else None
        principal = await run_in_threadpool(authenticate, self.store, token)
        if principal is None:
            return _plain(401, "a valid bearer token is required", {"WWW-Authenticate": "Bearer"})
        lang = "en" if request.query_params.get("lang") == "en" else "nl"
        try:
            view = await run_in_threadpool(self.cards.read, principal, request.path_params["family_id"])
        except NotFound:
            return _plain(404, "no such family card")
        page = render_family_card(view.card, view.signals, self.store.vocabulary, lang)
        return HTMLResponse(page.html, headers={**PAGE_HEADERS, "Content-Security-Policy": page.csp})
