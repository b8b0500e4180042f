"""The starlette application.

The store is opened before the app is built (by `serve`), so a store that cannot start fails the
command with a one-line message instead of a half-started server.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from ..config import Settings
from ..services.audit import AuditLog
from ..services.maps import MapService
from ..store.graph_store import GraphStore
from .graphql_app import CatchBodyTooLarge, GraphQLEndpoint, GuardedGraphQL
from .pages import Pages
from .schema import build_schema
from .sessions import Sessions


def create_app(store: GraphStore, settings: Settings) -> Starlette:
    async def healthz(request: Request) -> JSONResponse:
        """The process is up; says nothing about the database (that is /readyz)."""
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> JSONResponse:
        """Ready when the store answers; a load balancer takes the instance out otherwise."""
        ready = await run_in_threadpool(store.ping)
        if not ready:
            return JSONResponse({"status": "unavailable", "store": store.backend.name}, status_code=503)
        return JSONResponse({"status": "ready", "store": store.backend.name})

    schema = build_schema(store.vocabulary, dev_mode=settings.dev_mode)
    audit = AuditLog.in_data_dir(settings.data_dir)
    endpoint = GraphQLEndpoint(schema, store, audit, dev_mode=settings.dev_mode)
    graphql = GuardedGraphQL(endpoint, store, dev_mode=settings.dev_mode)
    sessions = Sessions()
    maps = MapService(endpoint.service, endpoint.analysis, endpoint.cards)
    pages = Pages(store, maps, sessions)
    app = Starlette(
        debug=False,
        routes=[
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/graphql", CatchBodyTooLarge(graphql)),
            *pages.routes(),
        ],
    )
    app.state.store = store
    app.state.settings = settings
    app.state.schema = schema
    app.state.audit = audit
    app.state.sessions = sessions
    return app
