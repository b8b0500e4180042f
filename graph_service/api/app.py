"""The starlette application.

The store is opened before the app is built (by `serve`), so a store that cannot start fails the
command with a one-line message instead of a half-started server.
"""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..config import ConfigError, Settings
from ..domain.errors import Busy
from ..bootstrap import Services
from ..store.graph_store import GraphStore
from .access_log import AccessLog
from .health import StoreHealth
from .graphql_app import CatchBodyTooLarge, GraphQLEndpoint, GuardedGraphQL
from ..web.card_actions import CardActions
from ..web.card_pages import CardPages
from ..web.evaluator_pages import EvaluatorPages
from ..web.access import not_found
from ..web.app_pages import AppPages
from ..web.node_forms import NodeForms
from ..web.import_pages import ImportPages
from ..web.map_app_pages import MapAppPages
from ..web.node_pages import NodePages
from ..web.offer_page import OfferPage
from ..web.survey_answer_pages import SurveyAnswerPages
from ..web.survey_pages import SurveyPages
from ..web.tie_forms import TieForms
from ..web.map_pages import Pages
from ..web.rendering import STATIC, compile_templates, page
from ..web.rate_limit import AttemptBudget, RateLimiter
from .schema import build_schema
from ..web.sessions import Sessions
from .trusted_documents import TrustedDocuments


def create_app(store: GraphStore, settings: Settings, services: Services | None = None) -> Starlette:
    """The HTTP application over one set of services (built here from the store and settings
    unless the caller, such as `serve`, already has them)."""
    services = services or Services(store, settings)
    health = StoreHealth(store, settings.store_grace_seconds)
    schema = build_schema(store.vocabulary, dev_mode=settings.dev_mode)
    audit = services.audit
    audit.repair()  # a line torn by a crash is cut off (and that is logged) before anything is served
    endpoint = GraphQLEndpoint(schema, services, dev_mode=settings.dev_mode)
    restricted = GraphQLEndpoint(build_schema(store.vocabulary, dev_mode=settings.dev_mode, family_data=False),
                                 services, dev_mode=settings.dev_mode)
    authenticator = services.authenticator
    trusted = _trusted_documents(settings.trusted_documents)
    # budgets per client address, counted in the database: one for the API and the pages, over every replica
    failed_tokens = AttemptBudget(store.shared, "wrong-token", settings.auth_failure_limit_per_minute)
    graphql = GuardedGraphQL(endpoint, authenticator, dev_mode=settings.dev_mode,
                             limiter=RateLimiter(settings.rate_limit_per_minute), without_family_data=restricted,
                             trusted=trusted, failed_tokens=failed_tokens)
    sessions = Sessions(store.shared)
    compile_templates()
    pages = Pages(store, services.maps, sessions, authenticator, failed_tokens=failed_tokens,
                  signin_attempts=AttemptBudget(store.shared, "sign-in", settings.signin_rate_limit_per_minute))
    middleware = [Middleware(AccessLog)]  # outermost: every request gets an id and a line, refused ones too
    if settings.trusted_hosts:  # answer only to our own names (a wrong Host header gets 400)
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=list(settings.trusted_hosts)))
    if settings.cors_origins:  # browsers of other origins get no CORS headers unless listed
        middleware.append(Middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["POST"],
                                     allow_headers=["Authorization", "Content-Type", "X-On-Behalf-Of"],
                                     allow_credentials=False, max_age=600))
    app = Starlette(
        debug=False,
        middleware=middleware,
        routes=[
            Route("/healthz", health.healthz),
            Route("/readyz", health.readyz),
            Route("/graphql", CatchBodyTooLarge(graphql)),
            # routes are tried in order: the survey's are the busiest pages (every partner at once)
            # and a personal survey link is its own budget: a respondent clicks through some twenty steps
            *SurveyAnswerPages(services, pages, AttemptBudget(store.shared, "survey-link", settings.rate_limit_per_minute),
                               failed_tokens).routes(),
            *pages.routes(),
            *AppPages(services, pages).routes(),
            *_network_pages(services, pages),
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
        ],
        exception_handlers={404: _not_found, Busy: _busy},
    )
    app.state.store = store
    app.state.settings = settings
    app.state.schema = schema
    app.state.audit = audit
    app.state.sessions = sessions
    return app


def _network_pages(services: Services, pages: Pages) -> list[Route]:
    """The pages of the coalition's network; the forms' fixed addresses (`/new`) come before an
    element's own address."""
    node_pages = NodePages(services, pages)
    return [*NodeForms(services, pages, node_pages).routes(), *TieForms(services, pages, node_pages).routes(),
            *node_pages.routes(), *OfferPage(services, pages, node_pages).routes(),
            *MapAppPages(services, pages, node_pages).routes(), *ImportPages(services, pages, node_pages).routes(),
            *SurveyPages(services, pages, node_pages).routes(), *CardActions(CardPages(services, pages)).routes(),
            *EvaluatorPages(services, pages).routes()]


async def _not_found(request: Request, exc: HTTPException) -> Response:
    """An address that does not exist gets the app's 404 page, in the app's look."""
    return not_found(request, None)


async def _busy(request: Request, exc: Exception) -> Response:
    """Too much computing waits already: a page that says so, 503 with Retry-After (nothing was
    half-done: the work that was refused had not started)."""
    answer = page(request, "busy.html", status=503, principal=None, crumbs=[], again=request.url.path)
    answer.headers["Retry-After"] = str(Busy.retry_after)
    return answer


def _trusted_documents(path: Path | None) -> TrustedDocuments | None:
    """The registered documents, or None (any valid document runs); a bad manifest stops the start."""
    if path is None:
        return None
    try:
        return TrustedDocuments.load(path)
    except ValueError as exc:
        raise ConfigError("COALITION_TRUSTED_DOCUMENTS", str(path), str(exc)) from None
