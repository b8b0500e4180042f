"""Liveness and readiness, as a load balancer or an orchestrator reads them.

`/readyz` says whether the database answers now: an instance whose database is down (or
restarting) is taken out of rotation. `/healthz` says whether the process is worth keeping: it
answers from the first second after start (while the embedded database loads its files, which
takes a while with a country's data), stays 200 through a database restart, and turns 503 once the
database has been unreachable for longer than the grace period (`COALITION_STORE_GRACE`), so that
an orchestrator replaces an instance that cannot recover by itself. A ping that hangs counts as
down after PING_TIMEOUT.
"""

from __future__ import annotations

import asyncio
import time

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from ..store.graph_store import GraphStore

PING_TIMEOUT = 2.0


class StoreHealth:
    def __init__(self, store: GraphStore, grace_seconds: float) -> None:
        self.store = store
        self.grace_seconds = grace_seconds
        self._down_since: float | None = None

    async def _answers(self) -> bool:
        try:
            up = await asyncio.wait_for(run_in_threadpool(self.store.ping), PING_TIMEOUT)
        except asyncio.TimeoutError:
            up = False
        now = time.monotonic()
        if up:
            self._down_since = None
        elif self._down_since is None:
            self._down_since = now
        return up

    async def healthz(self, request: Request) -> JSONResponse:
        if not self.store.schema_ready:  # still starting: loading the data, or waiting for a database
            return JSONResponse({"status": "ok", "store": "starting"})  # not down: do not replace us
        if await self._answers():
            return JSONResponse({"status": "ok"})
        down_for = time.monotonic() - (self._down_since or time.monotonic())
        if down_for <= self.grace_seconds:
            return JSONResponse({"status": "ok", "store": "recovering"})
        return JSONResponse({"status": "unhealthy", "store": f"unreachable for {down_for:.0f} s"}, status_code=503)

    async def readyz(self, request: Request) -> JSONResponse:
        name = self.store.backend.name
        if not self.store.schema_ready or not await self._answers():
            return JSONResponse({"status": "unavailable", "store": name}, status_code=503,
                                headers={"Retry-After": "5"})
        return JSONResponse({"status": "ready", "store": name})
