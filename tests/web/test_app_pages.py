"""The web application over HTTP: who sees which page, in which language, and
what an unknown address answers. The same principals as the GraphQL permission tests."""

from __future__ import annotations

import pytest


A, B = "kansrijk-dijkhaven", "kansrijk-buurdorp"
HOME = f"/app/coalitions/{A}"


def get(api, path: str, token: str | None = None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return api.client.get(path, headers=headers, follow_redirects=False)


@pytest.mark.parametrize("role, scope, sees_home", [
    ("admin", {}, True),
    ("coordinator", {"coalitions": [A]}, True),
    ("coordinator", {"coalitions": [B]}, False),  # another coalition's coordinator: as if it did not exist
    ("evaluator", {}, True),
    ("worker", {"professional": "prof-048"}, True),  # works in Dijkhaven
])
def test_the_coalition_home_answers_each_role_like_the_api(embedded_demo, role, scope, sees_home):
    page = get(embedded_demo, HOME, embedded_demo.token(role, **scope))
    if sees_home:
        assert page.status_code == 200 and "<h1 class=\"utrecht-heading-1\">Kansrijke Start Dijkhaven</h1>" in page.text
        assert "Eerst doen" in page.text and "werkrelaties" in page.text
    else:
        assert page.status_code == 404 and "Pagina niet gevonden" in page.text
        assert "Dijkhaven" not in page.text


def test_a_coalition_that_does_not_exist_looks_like_one_you_may_not_see(embedded_demo):
    admin = embedded_demo.token("admin")
    missing = get(embedded_demo, "/app/coalitions/no-such-coalition", admin)
    hidden = get(embedded_demo, HOME, embedded_demo.token("coordinator", coalitions=[B]))
    assert missing.status_code == hidden.status_code == 404

    def main(text: str) -> str:
        return text[text.index("<main"):text.index("</main>")]

    assert main(missing.text) == main(hidden.text)


def test_signed_out_you_are_sent_to_sign_in_and_back(embedded_demo):
    page = get(embedded_demo, HOME)
    assert page.status_code == 303 and page.headers["location"] == "/signin?next=%2Fapp%2Fcoalitions%2Fkansrijk-dijkhaven"


def test_a_coordinator_of_one_coalition_starts_at_its_home(embedded_demo):
    start = get(embedded_demo, "/app", embedded_demo.token("coordinator", coalitions=[A]))
    assert start.status_code == 303 and start.headers["location"] == HOME
    both = get(embedded_demo, "/app", embedded_demo.token("admin"))
    assert both.status_code == 200 and "Kansrijke Start Dijkhaven" in both.text and "Kansrijke Start Buurdorp" in both.text
    assert get(embedded_demo, "/").headers["location"] == "/app"


def test_every_page_speaks_dutch_and_english_on_request(embedded_demo):
    token = embedded_demo.token("coordinator", coalitions=[A])
    dutch, english = get(embedded_demo, HOME, token), get(embedded_demo, HOME + "?lang=en", token)
    assert '<html lang="nl">' in dutch.text and "Kerncijfers" in dutch.text and "Uitloggen" in dutch.text
    assert '<html lang="en">' in english.text and "Key figures" in english.text and "Do first" in english.text
    # links inside the app keep the page's language; the switch offers the other one
    assert 'class="utrecht-breadcrumb-nav__link" href="/app?lang=en"' in english.text
    assert 'class="utrecht-breadcrumb-nav__link" href="/app"' in dutch.text
    assert f'href="{HOME}?lang=en" lang="en">English' in dutch.text and f'href="{HOME}" lang="nl">Nederlands' in english.text


def test_pages_load_only_from_this_origin_and_say_so(embedded_demo):
    page = get(embedded_demo, HOME, embedded_demo.token("admin"))
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "http" not in policy and page.headers["cache-control"] == "no-store"
    for asset in ("/static/vendor/htmx-2.0.11.min.js", "/static/vendor/utrecht-component-library-9.0.4.css",
                  "/static/vendor/voorbeeld-design-tokens-7.4.1.css", "/static/app.css"):
        assert f'"{asset}"' in page.text and embedded_demo.client.get(asset).status_code == 200


def test_an_unknown_address_gets_the_app_404_and_the_statement_is_public(embedded_demo):
    unknown = embedded_demo.client.get("/app/nothing/here")
    assert unknown.status_code == 404 and "Pagina niet gevonden" in unknown.text and "utrecht" in unknown.text
    statement = embedded_demo.client.get("/toegankelijkheid")
    assert statement.status_code == 200 and "Toegankelijkheidsverklaring" in statement.text
    assert "WCAG 2.1" in statement.text and "voldoet gedeeltelijk" in statement.text


def test_markup_in_a_name_is_shown_as_text(embedded_demo):
    admin = embedded_demo.token("admin")
    embedded_demo.gql('mutation { updateCoalition(id: "kansrijk-dijkhaven", patch: {name: "<script>alert(1)</script> Dijkhaven"}) '
                 '{ __typename } }', token=admin)
    page = get(embedded_demo, HOME, admin)
    assert "<script>alert(1)</script>" not in page.text and "&lt;script&gt;alert(1)&lt;/script&gt; Dijkhaven" in page.text
