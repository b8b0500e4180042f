"""Browser sessions for the read-only map pages, shared by every replica of the service.

A browser cannot send a bearer token on a link, so the sign-in page exchanges a token (or a
one-time sign-in code printed by `serve --demo`) for a session cookie: random, HttpOnly,
SameSite=Strict, Secure behind TLS, accepted only on the read-only page routes (the GraphQL
endpoint keeps accepting bearer tokens only). Sessions and codes live in the database, so a
browser signed in on one replica behind a load balancer is signed in on all, and a code is
redeemed once across all of them. The database keeps only hashes: of the session id, of the code
and of the token behind them, so a revoked token ends its sessions at the next request.
"""

from __future__ import annotations

import hashlib
import secrets

from ..domain import clock
from ..store.shared_state import SharedState

COOKIE = "cm_session"
SESSION_SECONDS = 8 * 3600
CODE_SECONDS = 10 * 60


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


class Sessions:
    def __init__(self, store: SharedState, session_seconds: int = SESSION_SECONDS,
                 code_seconds: int = CODE_SECONDS) -> None:
        self.store = store
        self.session_seconds = session_seconds
        self.code_seconds = code_seconds

    def start(self, token_hash: str) -> str:
        """A new session for a verified token; returns the cookie value."""
        session = secrets.token_urlsafe(32)
        now = clock.timestamp()
        self.store.drop_expired_shared_state(now, int(now // 60) - 1)
        self.store.create_browser_session(_digest(session), token_hash, now + self.session_seconds)
        return session

    def token_hash(self, session: str | None) -> str | None:
        if not session or len(session) > 100:
            return None
        return self.store.browser_session_token(_digest(session), clock.timestamp())

    def end(self, session: str | None) -> None:
        if session and len(session) <= 100:
            self.store.end_browser_session(_digest(session))

    def one_time_code(self, token_hash: str) -> str:
        """A sign-in code for a link: usable once, within `code_seconds`."""
        code = secrets.token_urlsafe(24)
        self.store.create_sign_in_code(_digest(code), token_hash, clock.timestamp() + self.code_seconds)
        return code

    def redeem(self, code: str | None) -> str | None:
        """The token hash behind a code, once; None when unknown, used or expired."""
        if not code or len(code) > 100:
            return None
        entry = self.store.redeem_sign_in_code(_digest(code))
        if entry is None or entry["expires"] < clock.timestamp():
            return None
        return str(entry["token"])

    def csrf_token(self, session: str | None) -> str | None:
        """The token every form of this session carries: derived from the session cookie, which a
        page on another site can neither read nor guess."""
        if not session or len(session) > 100:
            return None
        return _digest("csrf\n" + session)

    def claim_form(self, form_id: str | None) -> bool:
        """True the first time a form's one-time id is posted (for the length of a session)."""
        if not form_id or len(form_id) > 100:
            return False
        return self.store.claim_form_submission(_digest("form\n" + form_id), clock.timestamp() + self.session_seconds)
