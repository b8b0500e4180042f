"""API tokens: stored by hash only (the token itself is shown once, when it is made)."""

from __future__ import annotations

from typing import Any, Mapping

from .backend import Row
from .cypher import statement
from .rows import now_stamp, well_formed
from .store_base import StoreBase


class TokenStore(StoreBase):
    def create_token(self, token: Mapping[str, Any]) -> Row:
        return self.backend.write(statement("create_token"), {"token": dict(token)})[0]["token"]

    def token_by_hash(self, token_hash: str) -> Row | None:  # the hash is hex we computed ourselves
        rows = self.backend.read(statement("token_by_hash"), {"hash": token_hash})
        return rows[0]["token"] if rows else None

    def list_tokens(self) -> list[Row]:
        return [r["token"] for r in self.backend.read(statement("list_tokens"))]

    def revoke_token(self, token_id: str) -> bool:
        if not well_formed([token_id]):
            return False
        return bool(self.backend.write(statement("revoke_token"), {"id": token_id, "stamp": now_stamp()}))
