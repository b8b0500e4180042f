"""Who is calling: an API token of ours, or (when configured) a municipality's OIDC access token."""

from __future__ import annotations

from ..store.graph_store import GraphStore
from .oidc import OidcVerifier
from .principal import Principal
from .tokens import PREFIX, authenticate


def bearer_token(authorization: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header, or None."""
    if not authorization or authorization[:7].lower() != "bearer ":
        return None
    return authorization[7:].strip() or None


class Authenticator:
    def __init__(self, store: GraphStore, oidc: OidcVerifier | None = None) -> None:
        self.store = store
        self.oidc = oidc

    def __call__(self, token: str | None) -> Principal | None:
        if not token or len(token) > 8192:
            return None
        if token.startswith(PREFIX):
            return authenticate(self.store, token)
        if self.oidc is not None and token.count(".") == 2:
            return self.oidc.principal(token)
        return None
