"""Single sign-on tokens: only the configured issuer's properly signed, current tokens for our
audience become a principal, and only through the configured role mapping."""

from __future__ import annotations

import datetime as dt
import json

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from graph_service.config import ConfigError
from graph_service.services.oidc import OidcSettings, OidcVerifier
from graph_service.services.principal import Role

ISSUER = "https://sso.dijkhaven.nl/realms/gemeente"
AUDIENCE = "kansrijke-start"
ROLES = {"ks-coordinatoren": {"role": "coordinator", "coalitions": ["kansrijk-dijkhaven"]},
         "wijkteam": {"role": "worker"}, "onderzoek": {"role": "evaluator"}}


def new_key(kid: str):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    return key, {**jwk, "kid": kid, "alg": "RS256", "use": "sig"}


@pytest.fixture
def issuer(tmp_path):
    key, jwk = new_key("k1")
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps({"keys": [jwk]}))
    verifier = OidcVerifier(OidcSettings(issuer=ISSUER, audience=AUDIENCE, jwks=str(jwks), roles=ROLES))
    return {"key": key, "kid": "k1", "jwks": jwks, "verifier": verifier}


def token(key, kid="k1", **overrides) -> str:
    now = dt.datetime.now(dt.timezone.utc)
    claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": "u-123", "name": "Anna", "exp": now + dt.timedelta(minutes=5),
              "iat": now, "groups": ["ks-coordinatoren"], **overrides}
    return jwt.encode({k: v for k, v in claims.items() if v is not None}, key, algorithm="RS256", headers={"kid": kid})


def test_a_valid_token_maps_to_a_role_and_coalitions(issuer):
    principal = issuer["verifier"].principal(token(issuer["key"]))
    assert principal.role is Role.COORDINATOR and principal.coalitions == {"kansrijk-dijkhaven"}
    assert principal.id == "oidc:u-123" and principal.name == "Anna"
    worker = issuer["verifier"].principal(token(issuer["key"], groups=["wijkteam"], professional="prof-048"))
    assert worker.role is Role.WORKER and worker.professional == "prof-048"


@pytest.mark.parametrize("case", ["alg none", "hmac with the public key", "wrong audience", "wrong issuer", "expired",
                                  "not yet valid", "no expiry", "unknown key", "unmapped group", "worker without node",
                                  "garbage"])
def test_forged_or_unfit_tokens_are_refused(issuer, case):
    key = issuer["key"]
    now = dt.datetime.now(dt.timezone.utc)
    if case == "alg none":
        bad = jwt.encode({"iss": ISSUER, "aud": AUDIENCE, "sub": "x", "exp": now + dt.timedelta(minutes=5),
                          "groups": ["ks-coordinatoren"]}, None, algorithm="none", headers={"kid": "k1"})
    elif case == "hmac with the public key":
        public = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        header = jwt.utils.base64url_encode(json.dumps({"alg": "HS256", "kid": "k1", "typ": "JWT"}).encode())
        body = jwt.utils.base64url_encode(json.dumps({"iss": ISSUER, "aud": AUDIENCE, "sub": "x", "groups": ["ks-coordinatoren"],
                                                      "exp": int((now + dt.timedelta(minutes=5)).timestamp())}).encode())
        import hashlib
        import hmac
        signature = jwt.utils.base64url_encode(hmac.new(public, header + b"." + body, hashlib.sha256).digest())
        bad = (header + b"." + body + b"." + signature).decode()
    elif case == "wrong audience":
        bad = token(key, aud="another-app")
    elif case == "wrong issuer":
        bad = token(key, iss="https://evil.example")
    elif case == "expired":
        bad = token(key, exp=now - dt.timedelta(minutes=5))
    elif case == "not yet valid":
        bad = token(key, nbf=now + dt.timedelta(minutes=10))
    elif case == "no expiry":
        bad = token(key, exp=None)
    elif case == "unknown key":
        other, _ = new_key("k9")
        bad = token(other, kid="k9")
    elif case == "unmapped group":
        bad = token(key, groups=["iedereen"])
    elif case == "worker without node":
        bad = token(key, groups=["wijkteam"])
    else:
        bad = "not.a.token"
    assert issuer["verifier"].principal(bad) is None


def test_key_rotation_is_followed(issuer):
    assert issuer["verifier"].principal(token(issuer["key"])) is not None  # fetches the key set
    new, jwk = new_key("k2")
    issuer["jwks"].write_text(json.dumps({"keys": [jwk]}))
    assert issuer["verifier"].principal(token(issuer["key"])) is not None  # the old key is still cached
    rotated = token(new, kid="k2")
    issuer["verifier"].refetch_seconds = 0  # the minute between fetches has passed
    assert issuer["verifier"].principal(rotated) is not None
    assert issuer["verifier"].principal(token(issuer["key"])) is None  # the retired key no longer verifies


def test_symmetric_algorithms_cannot_be_configured():
    with pytest.raises(ConfigError, match="COALITION_OIDC_ALGORITHMS='HS256': must be asymmetric"):
        OidcSettings(issuer=ISSUER, audience=AUDIENCE, jwks="x", algorithms=("HS256",))
    # a role that does not exist stops the start when the verifier is built
    with pytest.raises(ConfigError, match="COALITION_OIDC_ROLE_MAP='g': maps to an unknown role 'superuser'"):
        OidcVerifier(OidcSettings(issuer=ISSUER, audience=AUDIENCE, jwks="x", roles={"g": {"role": "superuser"}}))


def test_the_api_accepts_sso_tokens_when_configured(store, data_dir, issuer, tmp_path):
    from starlette.testclient import TestClient

    from graph_service.api.app import create_app
    from graph_service.config import Settings

    env = {"COALITION_OIDC_ISSUER": ISSUER, "COALITION_OIDC_AUDIENCE": AUDIENCE,
           "COALITION_OIDC_JWKS": str(issuer["jwks"]), "COALITION_OIDC_ROLE_MAP": json.dumps({"roles": ROLES})}
    settings = Settings.from_env(env).with_overrides(data_dir=data_dir)
    client = TestClient(create_app(store, settings))
    ok = client.post("/graphql", json={"query": "{ me { role coalitions } }"},
                     headers={"Authorization": f"Bearer {token(issuer['key'])}"})
    assert ok.json() == {"data": {"me": {"role": "coordinator", "coalitions": ["kansrijk-dijkhaven"]}}}
    expired = token(issuer["key"], exp=dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=1))
    refused = client.post("/graphql", json={"query": "{ me { role } }"}, headers={"Authorization": f"Bearer {expired}"})
    assert refused.status_code == 401 and refused.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
