"""Request budgets.

- Per user (a token bucket in memory): one user or a leaked token cannot exhaust the service for
  everybody else. It is a fairness guard, kept per replica: behind a load balancer with N
  replicas a user gets up to N times COALITION_RATE_LIMIT.
- Per client address, for sign-in attempts and wrong bearer tokens (AttemptBudget): a security
  limit, so the attempts are counted in the database per minute, and every replica sees the same
  count; a token cannot be guessed at speed by spreading the guesses over replicas.
"""

from __future__ import annotations

import threading
import time

from starlette.types import Scope

from ..domain import clock
from ..store.shared_state import SharedState


def client_address(scope: Scope) -> str:
    """The peer's address (behind a proxy, run uvicorn with --proxy-headers to see the client's)."""
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


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


class AttemptBudget:
    """At most `per_minute` attempts of one kind per client address and minute, over every replica.

    Each attempt is counted in the database before it is judged; once over the budget, the replica
    remembers the address until the minute ends and refuses it without asking the database or
    judging anything (so at most one more guess per replica gets through). 0 means no limit."""

    def __init__(self, store: SharedState, kind: str, per_minute: int) -> None:
        self.store = store
        self.kind = kind
        self.per_minute = per_minute
        self._blocked: dict[str, int] = {}  # address -> the minute it is blocked in
        self._lock = threading.Lock()

    @staticmethod
    def _minute() -> int:
        return int(clock.timestamp() // 60)

    def retry_after(self) -> str:
        return str(60 - int(clock.timestamp()) % 60)

    def blocked(self, address: str) -> bool:
        with self._lock:
            return self._blocked.get(address) == self._minute()

    def spend(self, address: str) -> bool:
        """Count one attempt; False when it is over the budget (the address is then blocked)."""
        if self.per_minute <= 0:
            return True
        minute = self._minute()
        if self.store.count_attempt(f"{self.kind}:{address}", minute) <= self.per_minute:
            return True
        with self._lock:
            self._blocked = {a: m for a, m in self._blocked.items() if m == minute}
            self._blocked[address] = minute
        return False
