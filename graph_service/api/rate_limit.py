"""A per-user request budget (token bucket), so one user or a leaked token cannot exhaust the
service for everybody else. In memory, per process: enough for one service instance."""

from __future__ import annotations

import threading
import time


class RateLimiter:
    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._buckets: dict[str, tuple[float, float]] = {}  # user -> (tokens, last refill)
        self._lock = threading.Lock()

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
