"""Optional single sign-on: verify a municipality's OIDC access tokens (JWTs) and map them to roles.

Only what is configured is trusted: one issuer, one audience, an allowlist of asymmetric
algorithms (never `none`, never a shared-secret HMAC that a public key could be abused for), a
signature by a key of the issuer's JWKS (fetched again when an unknown key id appears, at most
once a minute, which follows the issuer's key rotation), and `exp`/`nbf` with a small leeway.
Claims become a principal through a configured mapping: a group or role claim value gives the
role and the coalitions, another claim names the professional node of a worker. A token that
fails any check, or maps to no role, is simply not a principal: the same terse 401 as a bad API
token.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any, Callable

import jwt

from ..config import ConfigError, OidcSettings
from .principal import Principal, Role

__all__ = ["OidcSettings", "OidcVerifier"]

REFETCH_SECONDS = 60


def _fetch(location: str) -> dict[str, Any]:
    if location.startswith("https://"):
        with urllib.request.urlopen(location, timeout=5) as response:  # noqa: S310 - https only
            return json.loads(response.read())
    return json.loads(Path(location).read_text(encoding="utf-8"))


class OidcVerifier:
    def __init__(self, settings: OidcSettings, fetch: Callable[[str], dict[str, Any]] = _fetch) -> None:
        for group, spec in settings.roles.items():  # a typo fails at start, not at the first sign-in
            try:
                Role(spec.get("role"))
            except ValueError:
                raise ConfigError("COALITION_OIDC_ROLE_MAP", group, f"maps to an unknown role {spec.get('role')!r}") from None
        self.settings = settings
        self._fetch = fetch
        self._keys: dict[str, Any] = {}
        self._fetched_at: float | None = None
        self._lock = threading.Lock()
        self.refetch_seconds = REFETCH_SECONDS

    def _key(self, kid: str | None) -> Any:
        with self._lock:
            stale = self._fetched_at is None or time.monotonic() - self._fetched_at >= self.refetch_seconds
            if kid not in self._keys and stale:  # a new key id: the issuer rotated its keys
                keys = jwt.PyJWKSet.from_dict(self._fetch(self.settings.jwks)).keys
                self._keys = {k.key_id: k for k in keys}
                self._fetched_at = time.monotonic()
            return self._keys.get(kid)

    def principal(self, token: str) -> Principal | None:
        s = self.settings
        try:
            header = jwt.get_unverified_header(token)
            if header.get("alg") not in s.algorithms:
                return None
            key = self._key(header.get("kid"))
            if key is None:
                return None
            claims = jwt.decode(token, key.key, algorithms=list(s.algorithms), audience=s.audience, issuer=s.issuer,
                                leeway=s.leeway_seconds, options={"require": ["exp", "iss", "aud", "sub"]})
        except (jwt.PyJWTError, ValueError, KeyError, OSError):
            return None
        values = claims.get(s.role_claim) or []
        values = [values] if isinstance(values, str) else list(values)
        matched = [s.roles[v] for v in values if v in s.roles]
        if not matched:
            return None
        role = Role(matched[0]["role"])
        coalitions = frozenset(c for m in matched if m["role"] == role.value for c in m.get("coalitions", []))
        professional = claims.get(s.professional_claim) if role is Role.WORKER else None
        if role is Role.WORKER and not isinstance(professional, str):
            return None
        return Principal(id=f"oidc:{claims['sub']}", name=str(claims.get("name") or claims["sub"]), role=role,
                         coalitions=coalitions, professional=professional)
