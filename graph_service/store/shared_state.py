"""What the service's replicas share besides the graph, kept in the same database.

Browser sessions, one-time sign-in codes, the one-time ids of web forms and the counters of attempts per client address (so two
replicas behind a load balancer behave as one service), and the audit chains' anchors (so a log
shortened or rebuilt on disk no longer matches them). None of it is graph data (`:Node`): it is
left out of counts, exports and backups, and never bumps the graph version. Statements are in
`cypher/shared_state.cypher` and `cypher/audit.cypher`.
"""

from __future__ import annotations

from .backend import Backend, Row
from .cypher import statement


class SharedState:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    def create_browser_session(self, session_hash: str, token_hash: str, expires: float) -> None:
        self.backend.write(statement("create_browser_session"), {"id": session_hash, "token": token_hash,
                                                                 "expires": expires})

    def browser_session_token(self, session_hash: str, now: float) -> str | None:
        rows = self.backend.read(statement("browser_session_token"), {"id": session_hash, "now": now})
        return rows[0]["token"] if rows else None

    def end_browser_session(self, session_hash: str) -> None:
        self.backend.write(statement("end_browser_session"), {"id": session_hash})

    def create_sign_in_code(self, code_hash: str, token_hash: str, expires: float) -> None:
        self.backend.write(statement("create_sign_in_code"), {"id": code_hash, "token": token_hash, "expires": expires})

    def redeem_sign_in_code(self, code_hash: str) -> Row | None:
        """The code's token hash and expiry, deleting the code in the same statement (once only)."""
        rows = self.backend.write(statement("redeem_sign_in_code"), {"id": code_hash})
        return rows[0] if rows else None

    def count_attempt(self, key: str, window: int) -> int:
        """One more attempt under `key` in this time window; the count so far, over every replica."""
        rows = self.backend.write(statement("count_attempt"), {"id": f"{key}@{window}", "window": window})
        return int(rows[0]["count"])

    def claim_form_submission(self, submission_hash: str, expires: float) -> bool:
        """True for the first post of a form's one-time id, False for the same form sent again."""
        rows = self.backend.write(statement("claim_form_submission"), {"id": submission_hash, "expires": expires})
        return int(rows[0]["count"]) == 1

    def drop_expired_shared_state(self, now: float, window: int) -> None:
        self.backend.write(statement("drop_expired_shared_state"), {"now": now, "window": window})

    def write_audit_anchor(self, chain: str, seq: int, mac: str, at: str) -> None:
        """Keep an audit chain's head (see services.audit) where the log's folder cannot change it."""
        self.backend.write(statement("write_audit_anchor"), {"chain": chain, "seq": seq, "hash": mac, "at": at})

    def read_audit_anchor(self, chain: str) -> Row | None:
        rows = self.backend.read(statement("read_audit_anchor"), {"chain": chain})
        return rows[0] if rows else None
