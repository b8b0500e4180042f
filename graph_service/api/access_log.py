"""The access log: one line per HTTP request with its request id, method, path, status and time.

The request id comes from a well-formed `X-Request-Id` header (a proxy's) or is made here, is
returned in the response's `X-Request-Id` and is on every log line written while the request is
served. The query string is never logged (a sign-in link carries its code there) and the id in a
family's path is replaced by `{id}`, a personal survey link's by `{link}`; headers are never
logged, so no token either. Refused
requests (4xx) are logged as warnings, sign-in failures by name.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .logs import REQUEST_ID

LOG = logging.getLogger(__name__)
GIVEN_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
FAMILY_PATH = re.compile(r"^/families/[^/]+")
#: a personal survey link is a credential: its path is never written down
SURVEY_PATH = re.compile(r"^/meting/[^/]+")


def loggable_path(path: str) -> str:
    return SURVEY_PATH.sub("/meting/{link}", FAMILY_PATH.sub("/families/{id}", path))


class AccessLog:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
        request_id = given if GIVEN_ID.fullmatch(given) else uuid.uuid4().hex
        token = REQUEST_ID.set(request_id)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            path = loggable_path(scope.get("path", ""))
            fields = {"method": scope.get("method"), "path": path, "status": status,
                      "duration_ms": round((time.perf_counter() - started) * 1000, 1)}
            if status == 401 and path.startswith("/signin"):
                LOG.warning("sign-in failed", extra=fields)
            elif status >= 400:
                LOG.warning("refused %s %s: %s", fields["method"], path, status, extra=fields)
            else:
                LOG.info("%s %s %s", fields["method"], path, status, extra=fields)
            REQUEST_ID.reset(token)
