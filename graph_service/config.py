"""One settings object, read from environment variables (and overridden by CLI flags).

| variable | meaning | default |
| --- | --- | --- |
| COALITION_DATA_DIR | where the embedded database keeps its files | ./data |
| COALITION_STORE_URL | empty: embedded FalkorDB; falkor://host:port; neo4j:// or bolt:// | (empty) |
| COALITION_GRAPH | FalkorDB graph name | coalition |
| NEO4J_USER / NEO4J_PASSWORD | Neo4j credentials | neo4j / (empty) |
| NEO4J_DATABASE | Neo4j database name | neo4j |
| COALITION_STORE_TIMEOUT | seconds a store call may take | 30 |
| COALITION_HOST / COALITION_PORT | where `serve` listens | 127.0.0.1 / 8000 |
| COALITION_DEV | 1 turns on development mode | 0 |
| COALITION_MAX_STRING_LENGTH | longest accepted one-line text | 500 |
| COALITION_RETENTION_MONTHS | months after the child's second birthday a family card is kept | 3 |
| COALITION_CORS_ORIGINS | comma-separated origins allowed to call /graphql from a browser | (none) |
| COALITION_TRUSTED_HOSTS | comma-separated host names the service answers to | (any) |
| COALITION_AUDIT_RETENTION_DAYS | days audit events are kept (`coalition-map audit prune`) | 1825 |
| COALITION_PSEUDONYM_KEY | secret (>= 16 bytes) for evaluators' pseudonyms of people; empty: a random key kept in `<data dir>/secrets/pseudonym.key` | (generated) |
| COALITION_TRUSTED_DOCUMENTS | JSON file of sha256 -> GraphQL document: only these documents run (production) | (any valid document) |
| COALITION_RATE_LIMIT | GraphQL requests per minute per user (0: no limit) | 600 |
| COALITION_SIGNIN_RATE_LIMIT | sign-in attempts per minute per client address (0: no limit) | 10 |
| COALITION_AUTH_FAILURE_LIMIT | wrong bearer tokens per minute per client address before 429 (0: no limit) | 30 |
| COALITION_AUDIT_KEY | secret (>= 16 bytes) of the audit log's keyed chain; empty: a random key kept in `<data dir>/secrets/audit.key` | (generated) |
| COALITION_STORE_GRACE | seconds the database may be unreachable before /healthz reports the service unhealthy | 30 |
| COALITION_REPLICA | this replica's name when several serve one database (its own audit chain in the shared folder) | (none) |
| COALITION_WORKERS | server processes of `serve` on one port (each its own audit chain; state they share is in the database) | 1 |
| COALITION_ANALYSIS_WORKERS | processes per server process that run analyses and map layouts (0: in the server process) | 1 |
| COALITION_ANALYSIS_QUEUE | analyses waiting per server process before a request gets 503 with Retry-After | 8 |
| COALITION_THREADS | threads per server process for database calls and waits for analyses (more than the analysis processes plus queue) | 16 |
| COALITION_START_TIMEOUT | seconds the embedded database may take to load its files at start | 600 |
| COALITION_OIDC_ISSUER / _AUDIENCE / _JWKS | single sign-on: accept this issuer's JWT access tokens | (off) |
| COALITION_OIDC_ALGORITHMS | allowed signature algorithms (asymmetric only) | RS256 |
| COALITION_OIDC_ROLE_MAP | JSON: {"claim": "groups", "roles": {"<group>": {"role": ..., "coalitions": [...]}}, "professional_claim": ...} | {} |
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping

#: the shortest secret accepted for keyed pseudonyms and the audit chain
MIN_KEY_BYTES = 16
#: JWT signature algorithms that need the issuer's private key to forge
ASYMMETRIC = frozenset({"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"})


class ConfigError(ValueError):
    """A setting that cannot be used: names the variable and the value, so the fix is obvious.
    This module is a leaf: plain values only; checks that need services happen where the service
    is built."""

    def __init__(self, variable: str, value: object, reason: str) -> None:
        """`value` None: a secret, never repeated in a message."""
        super().__init__(f"{variable}: {reason}" if value is None else f"{variable}={value!r}: {reason}")
        self.variable = variable


@dataclass(frozen=True)
class OidcSettings:
    """Single sign-on: which issuer's JWT access tokens count, and how their claims map to roles
    (role names are checked when the verifier is built)."""

    issuer: str
    audience: str
    #: an https URL or a file path of the issuer's JSON Web Key Set
    jwks: str
    algorithms: tuple[str, ...] = ("RS256",)
    #: claim holding group or role names, e.g. "groups" or "roles"
    role_claim: str = "groups"
    #: claim value -> {"role": ..., "coalitions": [...]}
    roles: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    #: claim holding a worker's professional node id
    professional_claim: str = "professional"
    leeway_seconds: int = 30

    def __post_init__(self) -> None:
        unsafe = set(self.algorithms) - ASYMMETRIC
        if unsafe or not self.algorithms:
            raise ConfigError("COALITION_OIDC_ALGORITHMS", ",".join(self.algorithms),
                              f"must be asymmetric; not allowed: {sorted(unsafe) or 'none given'}")


def _list(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split(",") if v.strip())


def _number(env: Mapping[str, str], name: str, default: str, kind: type[int] | type[float]) -> Any:
    value = env.get(name, default)
    try:
        return kind(value)
    except ValueError:
        raise ConfigError(name, value, f"must be a {'whole ' if kind is int else ''}number") from None


def _bounded(env: Mapping[str, str], name: str, default: str, low: int, high: int) -> int:
    value = _number(env, name, default, int)
    if not low <= value <= high:
        raise ConfigError(name, value, f"must be from {low} to {high}")
    return value


def _threads(env: Mapping[str, str]) -> int:
    """Threads per server process: a request waiting for an analysis holds one, so there must be
    more than the analyses that can run and wait, or card reads would wait behind them."""
    threads = _bounded(env, "COALITION_THREADS", "16", 4, 256)
    waiting = (_bounded(env, "COALITION_ANALYSIS_WORKERS", "1", 0, 16)
               + _bounded(env, "COALITION_ANALYSIS_QUEUE", "8", 1, 1000))
    if threads <= waiting:
        raise ConfigError("COALITION_THREADS", threads, f"must be more than COALITION_ANALYSIS_WORKERS + "
                          f"COALITION_ANALYSIS_QUEUE ({waiting}): analyses waiting would hold every thread")
    return threads


def _secret(env: Mapping[str, str], name: str) -> str:
    value = env.get(name, "")
    if value and len(value.encode()) < MIN_KEY_BYTES:
        raise ConfigError(name, None, f"must be at least {MIN_KEY_BYTES} bytes")
    return value


def _replica(value: str) -> str:
    if value and not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,31}", value):
        raise ConfigError("COALITION_REPLICA", value, "must be a short name of lower-case letters, digits and -")
    return value


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


def _oidc(env: Mapping[str, str]) -> OidcSettings | None:
    issuer = env.get("COALITION_OIDC_ISSUER", "").strip()
    if not issuer:
        return None
    raw = env.get("COALITION_OIDC_ROLE_MAP", "{}") or "{}"
    try:
        mapping = json.loads(raw)
    except ValueError:
        raise ConfigError("COALITION_OIDC_ROLE_MAP", raw[:80], "must be a JSON object") from None
    return OidcSettings(
        issuer=issuer, audience=env.get("COALITION_OIDC_AUDIENCE", "").strip(),
        jwks=env.get("COALITION_OIDC_JWKS", "").strip(), algorithms=_list(env.get("COALITION_OIDC_ALGORITHMS", "RS256")),
        role_claim=mapping.get("claim", "groups"), roles=mapping.get("roles", {}),
        professional_claim=mapping.get("professional_claim", "professional"),
    )


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("data")
    store_url: str = ""
    graph_name: str = "coalition"
    neo4j_user: str = "neo4j"
    neo4j_password: str = ""
    neo4j_database: str = "neo4j"
    store_timeout: float = 30.0
    host: str = "127.0.0.1"
    port: int = 8000
    dev_mode: bool = False
    max_string_length: int = 500
    retention_months: int = 3
    cors_origins: tuple[str, ...] = ()
    trusted_hosts: tuple[str, ...] = ()
    oidc: OidcSettings | None = None
    rate_limit_per_minute: int = 600
    audit_retention_days: int = 1825
    pseudonym_key: str = ""
    trusted_documents: Path | None = None
    signin_rate_limit_per_minute: int = 10
    auth_failure_limit_per_minute: int = 30
    audit_key: str = ""
    #: signs the personal links of partner surveys (made in the data folder when not set)
    survey_key: str = ""
    store_grace_seconds: float = 30.0
    replica: str = ""
    workers: int = 1
    analysis_workers: int = 1
    analysis_queue: int = 8
    threads: int = 16
    start_timeout: float = 600.0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Settings":
        env = os.environ if env is None else env
        return cls(
            data_dir=Path(env.get("COALITION_DATA_DIR", "data")),
            store_url=env.get("COALITION_STORE_URL", "").strip(),
            graph_name=env.get("COALITION_GRAPH", "coalition"),
            neo4j_user=env.get("NEO4J_USER", "neo4j"),
            neo4j_password=env.get("NEO4J_PASSWORD", ""),
            neo4j_database=env.get("NEO4J_DATABASE", "neo4j"),
            store_timeout=_number(env, "COALITION_STORE_TIMEOUT", "30", float),
            host=env.get("COALITION_HOST", "127.0.0.1"),
            port=_number(env, "COALITION_PORT", "8000", int),
            dev_mode=_flag(env.get("COALITION_DEV")),
            max_string_length=_number(env, "COALITION_MAX_STRING_LENGTH", "500", int),
            retention_months=_number(env, "COALITION_RETENTION_MONTHS", "3", int),
            cors_origins=_list(env.get("COALITION_CORS_ORIGINS")),
            trusted_hosts=_list(env.get("COALITION_TRUSTED_HOSTS")),
            oidc=_oidc(env),
            rate_limit_per_minute=_number(env, "COALITION_RATE_LIMIT", "600", int),
            audit_retention_days=_number(env, "COALITION_AUDIT_RETENTION_DAYS", "1825", int),
            # the manifest is loaded (and a bad one stops the start) where the API is built
            trusted_documents=Path(documents) if (documents := env.get("COALITION_TRUSTED_DOCUMENTS", "").strip())
            else None,
            pseudonym_key=_secret(env, "COALITION_PSEUDONYM_KEY"),
            signin_rate_limit_per_minute=_number(env, "COALITION_SIGNIN_RATE_LIMIT", "10", int),
            auth_failure_limit_per_minute=_number(env, "COALITION_AUTH_FAILURE_LIMIT", "30", int),
            audit_key=_secret(env, "COALITION_AUDIT_KEY"),
            survey_key=_secret(env, "COALITION_SURVEY_KEY"),
            store_grace_seconds=_number(env, "COALITION_STORE_GRACE", "30", float),
            replica=_replica(env.get("COALITION_REPLICA", "").strip()),
            workers=_bounded(env, "COALITION_WORKERS", "1", 1, 64),
            analysis_workers=_bounded(env, "COALITION_ANALYSIS_WORKERS", "1", 0, 16),
            analysis_queue=_bounded(env, "COALITION_ANALYSIS_QUEUE", "8", 1, 1000),
            threads=_threads(env),
            start_timeout=_number(env, "COALITION_START_TIMEOUT", "600", float),
        )

    def with_overrides(self, **changes: object) -> "Settings":
        """CLI flags win over the environment; `None` means the flag was not given."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})
