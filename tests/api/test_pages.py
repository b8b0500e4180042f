"""Map pages over HTTP: signing in with a token, the session cookie, the list of maps, clear errors."""

from __future__ import annotations

import pytest

from graph_service.services.tokens import hash_token


@pytest.fixture
def store(embedded_store):  # every test of this module on one backend
    """Map pages over HTTP ask the same services as the API: on the embedded store (the services run
    on both backends)."""
    return embedded_store


A = "kansrijk-dijkhaven"


@pytest.fixture
def admin(demo_api):
    return demo_api.token("admin")


def sign_in(api, token: str, next_path: str = "/maps"):
    return api.client.post("/signin", data={"token": token, "next": next_path}, follow_redirects=False)


def test_a_browser_signs_in_once_and_reads_pages_with_the_cookie_only(demo_api, admin):
    anonymous = demo_api.client.get("/maps", follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"] == "/signin?next=%2Fmaps"
    form = demo_api.client.get("/signin?next=/maps/domains/" + A)
    assert form.status_code == 200 and 'type="password" name="token"' in form.text
    assert "form-action 'self'" in form.headers["content-security-policy"]
    refused = sign_in(demo_api, "cm_wrong")
    assert refused.status_code == 401 and "onbekend" in refused.text and "set-cookie" not in refused.headers
    signed = sign_in(demo_api, admin, "/maps/domains/" + A)
    assert signed.status_code == 303 and signed.headers["location"] == "/maps/domains/" + A
    cookie = signed.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "secure" not in cookie and "path=/" in cookie
    page = demo_api.client.get("/maps")
    assert page.status_code == 200 and "Coalitiekaart: Kansrijke Start Buurdorp" in page.text
    # the cookie is for read-only pages: the API still wants a bearer token
    api = demo_api.client.post("/graphql", json={"query": "{ me { role } }"})
    assert api.status_code == 401
    demo_api.client.post("/signout")
    assert demo_api.client.get("/maps", follow_redirects=False).status_code == 303


def test_the_cookie_is_secure_behind_tls_and_redirects_stay_on_the_site(demo_api, admin):
    secure = demo_api.client.post("/signin", data={"token": admin, "next": "//evil.example/x"},
                                  headers={"X-Forwarded-Proto": "https"}, follow_redirects=False)
    assert "secure" in secure.headers["set-cookie"].lower()
    assert secure.headers["location"] == "/app"


def test_a_revoked_token_ends_its_sessions(demo_api):
    from graph_service.services.tokens import create_token

    token, record = create_token(demo_api.store, "evaluator", name="tijdelijk")
    sign_in(demo_api, token)
    assert demo_api.client.get("/maps").status_code == 200
    demo_api.store.revoke_token(record["id"])
    assert demo_api.client.get("/maps", follow_redirects=False).status_code == 303


def test_one_time_sign_in_codes_work_once(demo_api, admin):
    sessions = demo_api.client.app.state.sessions
    code = sessions.one_time_code(hash_token(admin))
    first = demo_api.client.get(f"/signin?code={code}", follow_redirects=False)
    assert first.status_code == 303 and "cm_session=" in first.headers["set-cookie"]
    demo_api.client.cookies.clear()
    assert demo_api.client.get(f"/signin?code={code}", follow_redirects=False).status_code == 401
    sessions.code_seconds = -1
    expired = sessions.one_time_code(hash_token(admin))
    assert demo_api.client.get(f"/signin?code={expired}", follow_redirects=False).status_code == 401


def test_each_role_sees_the_maps_it_may_open(demo_api):
    def links(token: str) -> str:
        return demo_api.client.get("/maps", headers={"Authorization": f"Bearer {token}"}).text

    coordinator = links(demo_api.token("coordinator", coalitions=[A]))
    assert "Kansrijke Start Dijkhaven" in coordinator and "Buurdorp" not in coordinator
    worker = links(demo_api.token("worker", professional="prof-048"))
    assert "/families/gezin-lavendel/card" in worker and "gezin-zonnebloem" not in worker
    evaluator = links(demo_api.token("evaluator"))
    assert "Dijkhaven" in evaluator and "Buurdorp" in evaluator and "/families/" not in evaluator


@pytest.mark.parametrize(("path", "status", "words"), [
    ("/maps/coalition/nergens", 404, "Deze coalitie bestaat niet."),
    (f"/maps/coalition/{A}?metric=size", 400, "metric: &#x27;size&#x27; kennen we hier niet. Kies een waarde uit de lijst."),
    (f"/maps/coalition/{A}?domain=astrology&lang=en", 400, "domain: &#x27;astrology&#x27; is not one of"),
    (f"/maps/coalition/{A}?tie=supports", 400, "tie: &#x27;supports&#x27; kennen we hier niet"),
    (f"/maps/compare/{A}?from=2024-01-01", 400, "from: Kies twee datums: een begindatum en een einddatum."),
    (f"/maps/compare/{A}?from=2024-01-01&lang=en", 400, "from: give two dates"),
    (f"/maps/compare/{A}?from=2025-01-01&to=2024-01-01", 400, "from: De einddatum moet na de begindatum liggen."),
])
def test_bad_requests_get_a_clear_page(demo_api, admin, path, status, words):
    page = demo_api.client.get(path, headers={"Authorization": f"Bearer {admin}"})
    assert page.status_code == status
    assert words in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]


def test_every_map_page_is_strict_and_uncached(demo_api, admin):
    for path in (f"/maps/coalition/{A}", f"/maps/coalition/{A}?overlay=1&metric=brokerage&lang=en",
                 f"/maps/compare/{A}?from=2022-01-01&to=2026-01-01", f"/maps/domains/{A}?compare=kansrijk-buurdorp"):
        page = demo_api.client.get(path, headers={"Authorization": f"Bearer {admin}"})
        assert page.status_code == 200, path
        csp = page.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'sha256-" in csp and "unsafe" not in csp
        assert page.headers["cache-control"] == "no-store"
        # the coalition maps are shown inside the web application's map page: framed by this site only
        framed = path.startswith(("/maps/coalition/", "/maps/compare/"))
        assert page.headers["x-frame-options"] == ("SAMEORIGIN" if framed else "DENY"), path
        assert ("frame-ancestors 'self'" if framed else "frame-ancestors 'none'") in csp, path
