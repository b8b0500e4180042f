"""Browser sessions for the read-only map pages.

A browser cannot send a bearer token on a link, so the sign-in page exchanges a token (or a
one-time sign-in code printed by `serve --demo`) for a session cookie: random, HttpOnly,
SameSite=Strict, Secure behind TLS, accepted only on the read-only page routes (the GraphQL
endpoint keeps accepting bearer tokens only). The server keeps only hashes: of the session id
and of the token behind it, so a revoked token ends its sessions at the next request. Sessions
live in the service's memory: a restart signs everybody out, which is the safe direction.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from dataclasses import dataclass

COOKIE = "cm_session"
SESSION_SECONDS = 8 * 3600
CODE_SECONDS = 10 * 60


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


@dataclass
class _Entry:
    token_hash: str
    expires: float


class Sessions:
    def __init__(self, session_seconds: int = SESSION_SECONDS, code_seconds: int = CODE_SECONDS) -> None:
        self.session_seconds = session_seconds
        self.code_seconds = code_seconds
        self._sessions: dict[str, _Entry] = {}
        self._codes: dict[str, _Entry] = {}
        self._lock = threading.Lock()

    def start(self, token_hash: str) -> str:
        """A new session for a verified token; returns the cookie value."""
        session = secrets.token_urlsafe(32)
        with self._lock:
            self._drop_expired()
            self._sessions[_digest(session)] = _Entry(token_hash, time.monotonic() + self.session_seconds)
        return session

    def token_hash(self, session: str | None) -> str | None:
        if not session or len(session) > 100:
            return None
        with self._lock:
            entry = self._sessions.get(_digest(session))
            if entry is None or entry.expires < time.monotonic():
                return None
            return entry.token_hash

    def end(self, session: str | None) -> None:
        if session:
            with self._lock:
                self._sessions.pop(_digest(session), None)

    def one_time_code(self, token_hash: str) -> str:
        """A sign-in code for a link: usable once, within `code_seconds`."""
        code = secrets.token_urlsafe(24)
        with self._lock:
            self._codes[_digest(code)] = _Entry(token_hash, time.monotonic() + self.code_seconds)
        return code

    def redeem(self, code: str | None) -> str | None:
        """The token hash behind a code, once; None when unknown, used or expired."""
        if not code or len(code) > 100:
            return None
        with self._lock:
            entry = self._codes.pop(_digest(code), None)
        if entry is None or entry.expires < time.monotonic():
            return None
        return entry.token_hash

    def _drop_expired(self) -> None:
        now = time.monotonic()
        for table in (self._sessions, self._codes):
            for key in [k for k, e in table.items() if e.expires < now]:
                del table[key]
