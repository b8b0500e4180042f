"""Request budgets (token buckets): per user, so one user or a leaked token cannot exhaust the
service for everybody else; per client address, for sign-in attempts and wrong bearer tokens, so a
token cannot be guessed at speed. In memory, per process: enough for one service instance."""

from __future__ import annotations

import threading
import time

from starlette.types import Scope


def client_address(scope: Scope) -> str:
    """The peer's address (behind a proxy, run uvicorn with --proxy-headers to see the client's)."""
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


class RateLimiter:
    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._buckets: dict[str, tuple[float, float]] = {}  # user -> (tokens, last refill)
        self._lock = threading.Lock()

    def exhausted(self, user: str) -> bool:
        """True when the budget is empty now; takes nothing (checked before the work it limits)."""
        if self.per_minute <= 0:
            return False
        with self._lock:
            tokens, last = self._buckets.get(user, (float(self.per_minute), time.monotonic()))
        return tokens + (time.monotonic() - last) * self.per_minute / 60.0 < 1.0

    def allow(self, user: str) -> bool:
        """Take one request from the user's budget; False when it is empty. 0 means no limit."""
        if self.per_minute <= 0:
            return True
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(user, (float(self.per_minute), now))
            tokens = min(float(self.per_minute), tokens + (now - last) * self.per_minute / 60.0)
            if tokens < 1.0:
                self._buckets[user] = (tokens, now)
                return False
            self._buckets[user] = (tokens - 1.0, now)
            if len(self._buckets) > 10_000:  # forget users idle for long: their buckets are full anyway
                self._buckets = {u: b for u, b in self._buckets.items() if now - b[1] < 120}
            return True
