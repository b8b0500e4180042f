"""The app that answers while the real one is being built, so `/healthz` answers at once.

Building the service takes seconds (importing the GraphQL and analysis libraries, building the
schema), and the embedded database may need many more to load a country's data. An orchestrator
that asks `/healthz` meanwhile must hear "alive", or it kills the instance it is waiting for. So
uvicorn listens from the first moment with this app: `/healthz` is 200 ("starting") and `/readyz`
503 with Retry-After until the real app, built in a thread, takes over; any other request waits
for it (a second or two: a worker started again after a crash gets its share of connections at
once, and its users must not see an error for it). A start that fails (a bad setting found while
building) is reported by `failed` and stops the server.

It also sets how many threads the server's event loop hands blocking work to (database calls,
waits for an analysis): anyio's default of 40 is more than two cores use, and each thread it
starts during a burst stops the event loop while it starts (measured: 200 partners opening their
survey links at once waited up to 0.85 s with 40, 0.1-0.55 s with 16).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import threading
import time
from typing import Callable

import anyio.to_thread
from starlette.types import ASGIApp, Receive, Scope, Send

LOG = logging.getLogger(__name__)
#: seconds a request other than /healthz and /readyz waits for the service to be built
BUILD_WAIT = 30.0


class StartingApp:
    def __init__(self, build: Callable[[], ASGIApp], on_failure: Callable[[], None] | None = None,
                 threads: int = 16) -> None:
        self._build = build
        self._threads: int | None = threads  # set on the first request, in the server's event loop
        #: what stops the server when the build fails (default: SIGTERM to this process)
        self._on_failure = on_failure or (lambda: os.kill(os.getpid(), signal.SIGTERM))
        self.app: ASGIApp | None = None
        #: why the service could not start (then the server is asked to stop)
        self.failed: BaseException | None = None
        self.built = threading.Event()
        threading.Thread(target=self._building, name="build-app", daemon=True).start()

    def _building(self) -> None:
        try:
            # imported here, after the server listens, rather than by the first request that needs
            # a thread (in the event loop, holding up every request for it)
            import anyio._backends._asyncio  # noqa: F401

            self.app = self._build()
        except BaseException as error:  # noqa: BLE001 - reported by `serve`, which exits with it
            self.failed = error
            LOG.error("the service cannot start: %s", error)
            self._on_failure()  # by default uvicorn stops as on Ctrl+C
        finally:
            self.built.set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self._threads is not None:
            anyio.to_thread.current_default_thread_limiter().total_tokens = self._threads
            self._threads = None
        app = self.app
        if app is not None:
            await app(scope, receive, send)
            return
        if scope["type"] != "http":
            return
        if scope["path"] not in ("/healthz", "/readyz"):  # a request waits for the service, not refused
            deadline = time.monotonic() + BUILD_WAIT
            while self.app is None and self.failed is None and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            if self.app is not None:
                await self.app(scope, receive, send)
                return
        if scope["path"] == "/healthz":
            status, body, headers = 200, {"status": "ok", "store": "starting"}, []
        else:
            status, body = 503, {"status": "unavailable", "reason": "starting"}
            headers = [(b"retry-after", b"2")]
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json"), *headers]})
        await send({"type": "http.response.body", "body": json.dumps(body).encode()})
