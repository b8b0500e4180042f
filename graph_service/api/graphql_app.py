"""The /graphql endpoint: bearer authentication and HTTP hardening around strawberry.

Operations are accepted only as POST with `application/json`, bodies are capped, queries via GET,
multipart uploads and batching are off, and GraphiQL exists only in development mode. Requests
without a valid token never reach the schema.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.asgi import GraphQL

from ..domain.errors import Busy, StoreTimeout, StoreUnavailable
from ..domain.messages import dutch_for
from ..domain.validation import ID_PATTERN
from ..bootstrap import Services
from ..services.authentication import Authenticator, bearer_token
from ..services.principal import Role
from ..web.rate_limit import AttemptBudget, RateLimiter, client_address
from .request_body import BadBody, parse_body
from .trusted_documents import TrustedDocuments
from .schema import Context

#: the roles whose schema has families and their cards (everyone else gets a schema without them);
#: a privacy officer needs it for the review of emergency grants, and reaches no card through it
FAMILY_ROLES = frozenset({Role.ADMIN, Role.WORKER, Role.PRIVACY_OFFICER})
#: big enough for an import file of a few thousand rows sent as a string field
MAX_BODY_BYTES = 5 * 1024 * 1024


def _error(status: int, message: str, code: str, headers: dict[str, str] | None = None,
           field: str | None = None, message_nl: str | None = None) -> Response:
    extensions = {"code": code, **({"field": field} if field else {}), **({"messageNl": message_nl} if message_nl else {})}
    body = json.dumps({"errors": [{"message": message, "extensions": extensions}]})
    return Response(body, status_code=status, media_type="application/json", headers=headers)


class GraphQLEndpoint(GraphQL):
    """strawberry's ASGI app with our context (principal, service, per-request DataLoaders)."""

    def __init__(self, schema: Any, services: Services, *, dev_mode: bool) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if dev_mode else None,
            allow_queries_via_get=False,
            multipart_uploads_enabled=False,
        )
        self.services = services

    async def get_context(self, request: Request, response: Response) -> Context:  # type: ignore[override]
        # the GraphiQL page (development mode) is served without a principal; it executes nothing
        return Context(principal=request.scope.get("principal"), services=self.services)  # type: ignore[arg-type]

    def create_response(self, response_data: Any, sub_response: Response) -> Response:  # type: ignore[override]
        """An answer that could not be computed because the service is too busy is a 503 with
        Retry-After, so clients and load balancers back off (the body still says why, in JSON)."""
        response = super().create_response(response_data, sub_response)
        errors = response_data.get("errors") if isinstance(response_data, dict) else None
        if any((error.get("extensions") or {}).get("code") == Busy.code for error in errors or ()):
            response.status_code = 503
            response.headers["Retry-After"] = str(Busy.retry_after)
        return response


class GuardedGraphQL:
    """Checks method, content type, size, token and body before strawberry sees the request."""

    def __init__(self, endpoint: GraphQLEndpoint, authenticator: Authenticator, *, dev_mode: bool,
                 limiter: RateLimiter | None = None, without_family_data: GraphQLEndpoint | None = None,
                 trusted: TrustedDocuments | None = None, failed_tokens: AttemptBudget | None = None) -> None:
        self.endpoint = endpoint
        #: coordinators and evaluators are served a schema in which families do not exist (S16)
        self.without_family_data = without_family_data or endpoint
        self.authenticator = authenticator
        self.limiter = limiter or RateLimiter(0)
        #: wrong bearer tokens per client address: guessing costs a 429 after a few dozen a minute
        self.failed_tokens = failed_tokens
        self.dev_mode = dev_mode
        self.trusted = trusted

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            response = await self._guard(scope, receive, send)
        except StoreTimeout:
            response = _error(503, "the database took too long for this request; ask for less at once or try "
                              "again later", "STORE_TIMEOUT", {"Retry-After": "5"})
        except StoreUnavailable:
            # the database is down (or restarting): say so in JSON, never a plain-text 500
            response = _error(503, "the database is not available; try again shortly", "STORE_UNAVAILABLE",
                              {"Retry-After": "5"})
        if response is not None:
            await response(scope, receive, send)

    def _too_many_wrong_tokens(self) -> Response:
        return _error(429, "too many wrong tokens from this address; try again in a minute", "RATE_LIMITED",
                      {"Retry-After": self.failed_tokens.retry_after() if self.failed_tokens else "60"})

    async def _guard(self, scope: Scope, receive: Receive, send: Send) -> Response | None:
        """A refusal to send, or None when the request was served."""
        if scope["type"] != "http":
            return _error(400, "only HTTP is served here", "BAD_REQUEST")
        request = Request(scope)
        if self.dev_mode and request.method == "GET" and "text/html" in request.headers.get("accept", ""):
            await self.endpoint(scope, receive, send)  # GraphiQL page, development mode only
            return None
        if request.method != "POST":
            return _error(405, "send GraphQL operations as POST", "METHOD_NOT_ALLOWED", {"Allow": "POST"})
        if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
            return _error(415, "send GraphQL operations as application/json", "UNSUPPORTED_MEDIA_TYPE")
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            return _error(413, f"request body over {MAX_BODY_BYTES} bytes", "PAYLOAD_TOO_LARGE")
        if not self.endpoint.services.store.schema_ready:  # started while the database was down
            raise StoreUnavailable("the database has not answered yet")
        address = client_address(scope)
        if self.failed_tokens is not None and self.failed_tokens.blocked(address):
            return self._too_many_wrong_tokens()
        token = bearer_token(request.headers.get("authorization"))
        principal = await run_in_threadpool(self.authenticator, token)
        if principal is None:
            if self.failed_tokens is not None and not await run_in_threadpool(self.failed_tokens.spend, address):
                return self._too_many_wrong_tokens()
            return _error(401, "a valid bearer token is required", "UNAUTHENTICATED", {"WWW-Authenticate": "Bearer"})
        if not self.limiter.allow(principal.id):
            return _error(429, "too many requests; try again in a minute", "RATE_LIMITED", {"Retry-After": "60"})
        on_behalf_of = request.headers.get("x-on-behalf-of")
        if on_behalf_of is not None:
            if not ID_PATTERN.match(on_behalf_of):
                return _error(400, "X-On-Behalf-Of must be an id", "BAD_REQUEST")
            principal = replace(principal, on_behalf_of=on_behalf_of)  # recorded in the audit log
        scope["principal"] = principal
        endpoint = self.endpoint if principal.role in FAMILY_ROLES else self.without_family_data
        body = await Request(scope, _capped(receive)).body()
        try:
            parse_body(body)
        except BadBody as bad:
            if bad.code == "INVALID_CHARACTERS":  # refused like any other attempt, and audited like one
                await run_in_threadpool(self.endpoint.services.audit.record, principal, "denied", family=None,
                                        what=f"refused input: control character in {bad.field}")
            return _error(400, bad.message, bad.code, field=bad.field,
                          message_nl=dutch_for(bad.code, fallback="BAD_REQUEST"))
        if self.trusted is not None:
            resolved = self.trusted.resolve(body)
            if resolved is None:
                return _error(400, "unknown document: only registered documents run here", "DOCUMENT_NOT_TRUSTED")
            body = resolved
        await endpoint(scope, _replay(body), send)
        return None


def _replay(body: bytes) -> Receive:
    """A receive channel that hands strawberry a body we already read (and resolved)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


def _capped(receive: Receive) -> Receive:
    """Stop reading a body without Content-Length once it passes the cap."""
    seen = 0

    async def capped_receive() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > MAX_BODY_BYTES:
                raise BodyTooLarge()
        return message

    return capped_receive


class BodyTooLarge(Exception):
    pass


class CatchBodyTooLarge:
    """Turns an over-long streamed body into a 413 instead of a 500."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.app(scope, receive, send)
        except BodyTooLarge:
            await _error(413, f"request body over {MAX_BODY_BYTES} bytes", "PAYLOAD_TOO_LARGE")(scope, receive, send)
