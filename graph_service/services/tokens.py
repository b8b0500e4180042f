"""API bearer tokens: created once (shown once), stored as a SHA-256 hash, revocable.

Tokens are 256-bit random values, so a fast hash is enough: there is nothing to brute-force
that a slow password hash would protect."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any, Sequence

from ..domain.errors import NotFound, ValidationError
from ..domain.validation import check_id
from ..store.graph_store import GraphStore
from ..store.rows import now_stamp
from .principal import Principal, Role

PREFIX = "cm_"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(
    store: GraphStore,
    role: str,
    *,
    name: str = "",
    coalitions: list[str] | None = None,
    professional: str | None = None,
) -> tuple[str, dict[str, Any]]:
    """Returns the token (to show once) and its stored record (without the hash)."""
    try:
        role_value = Role(role)
    except ValueError:
        raise ValidationError(f"unknown role {role!r}; roles: {', '.join(r.value for r in Role)}", field="role") from None
    coalitions = [check_id(c, "coalition") for c in coalitions or []]
    if role_value in (Role.COORDINATOR, Role.PRIVACY_OFFICER):
        if not coalitions:
            raise ValidationError(f"a {role_value.value.replace('_', ' ')} token needs at least one coalition",
                                  field="coalition")
        for coalition in coalitions:
            if store.get_node(coalition, kind="coalition") is None:
                raise NotFound(f"no coalition with id {coalition!r}", field="coalition")
    if role_value is Role.WORKER:
        if not professional or store.get_node(professional, kind="professional") is None:
            raise NotFound(f"a worker token needs an existing professional, not {professional!r}", field="professional")
    token = PREFIX + secrets.token_urlsafe(32)
    record = {
        "id": secrets.token_hex(6),
        "hash": hash_token(token),
        "name": name or role_value.value,
        "role": role_value.value,
        "coalitions": coalitions,
        "professional": professional,
        "created": now_stamp(),
    }
    stored = store.create_token({k: v for k, v in record.items() if v is not None})
    return token, stored


DEMO_ADMIN = "demo admin (serve --demo)"
#: the coordinator a newcomer signs in as with the link `serve --demo` prints
DEMO_COORDINATOR = "Coördinator Kansrijke Start Dijkhaven (serve --demo)"
DEMO_COALITION = "kansrijk-dijkhaven"


def renew_demo_token(store: GraphStore, role: str, name: str, coalitions: Sequence[str] = ()) -> str:
    """A fresh token for `serve --demo`, revoking the one of the same name from every earlier start:
    a token printed in an old terminal must not keep working for ever."""
    for earlier in store.list_tokens():
        if earlier.get("name") == name and not earlier.get("revoked"):
            store.revoke_token(earlier["id"])
    token, _ = create_token(store, role, name=name, coalitions=list(coalitions))
    return token


def renew_demo_admin_token(store: GraphStore) -> str:
    return renew_demo_token(store, "admin", DEMO_ADMIN)


def authenticate(store: GraphStore, token: str | None) -> Principal | None:
    """The principal of a bearer token, or None when it is unknown, revoked or malformed."""
    if not token or not token.startswith(PREFIX) or len(token) > 200:
        return None
    return principal_of_hash(store, hash_token(token))


def principal_of_hash(store: GraphStore, token_hash: str) -> Principal | None:
    """The principal of a stored token hash (sessions keep the hash, never the token)."""
    record = store.token_by_hash(token_hash)
    if record is None:
        return None
    return Principal(
        id=record["id"],
        name=record.get("name") or record["role"],
        role=Role(record["role"]),
        coalitions=frozenset(record.get("coalitions") or []),
        professional=record.get("professional"),
    )
