"""A coordinator marks a finding discussed, planned or not relevant with a note, from the
coalition's home: kept and shown with the finding from then on, written once however often the
form is sent, refused with a Dutch message at the field, and only by the coalition's coordinators."""

from __future__ import annotations

import re


A, B = "kansrijk-dijkhaven", "kansrijk-buurdorp"
HOME = f"/app/coalitions/{A}"


def signed_in(api, role: str = "coordinator", **scope):
    """A browser-like client: signed in with the session cookie, as a person would be."""
    scope = scope or {"coalitions": [A]}
    token = api.token(role, name="Fatima de Vries", **scope)
    api.client.cookies.clear()
    assert api.client.post("/signin", data={"token": token, "next": HOME}, follow_redirects=False).status_code == 303
    return api.client


def first_form(html: str) -> dict[str, str]:
    form = html[html.index('<form class="app-review"'):]
    form = form[:form.index("</form>")]
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))


def test_a_decision_is_kept_and_shown_with_the_finding(embedded_demo):
    browser = signed_in(embedded_demo)
    hidden = first_form(browser.get(HOME).text)
    saved = browser.post(f"{HOME}/findings", data={**hidden, "status": "planned", "note": "Overleg <b>huisartsen</b> in maart"},
                         follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"].startswith(HOME + "?saved=1#bevinding-")
    page = browser.get(saved.headers["location"]).text
    assert "Opgeslagen." in page
    assert "Besluit: Actie gepland</strong>" in page and "door Fatima de Vries: Overleg &lt;b&gt;huisartsen&lt;/b&gt; in maart" in page
    assert 'value="planned" id="bevinding-1-planned" checked' in page  # the form shows what was decided


def test_a_form_sent_twice_is_written_once(embedded_demo):
    browser = signed_in(embedded_demo)
    hidden = first_form(browser.get(HOME).text)
    browser.post(f"{HOME}/findings", data={**hidden, "status": "discussed", "note": "eerste keer"})
    again = browser.post(f"{HOME}/findings", data={**hidden, "status": "not_relevant", "note": "tweede keer"},
                         follow_redirects=False)
    assert again.status_code == 303 and "saved" not in again.headers["location"]
    page = browser.get(HOME).text
    assert "eerste keer" in page and "tweede keer" not in page


def test_a_missing_choice_is_named_at_the_field_and_nothing_is_written(embedded_demo):
    browser = signed_in(embedded_demo)
    hidden = first_form(browser.get(HOME).text)
    refused = browser.post(f"{HOME}/findings", data={**hidden, "note": "mijn notitie"})
    assert refused.status_code == 422
    assert "Dit is nog niet opgeslagen. Verbeter dit:" in refused.text and 'href="#bevinding-1-status"' in refused.text
    assert 'id="bevinding-1-status-fout">Dit moet u invullen.</p>' in refused.text
    assert ">mijn notitie</textarea>" in refused.text  # what she typed is kept
    assert "Besluit:" not in browser.get(HOME).text


def test_an_unknown_choice_gets_the_same_code_as_the_api(embedded_demo):
    browser = signed_in(embedded_demo)
    hidden = first_form(browser.get(HOME).text)
    refused = browser.post(f"{HOME}/findings", data={**hidden, "status": "maybe"})
    assert refused.status_code == 422 and 'id="bevinding-1-status-fout"' in refused.text


def test_only_the_coalitions_coordinators_decide(embedded_demo):
    for role, scope in (("evaluator", {}), ("worker", {"professional": "prof-048"})):
        browser = signed_in(embedded_demo, role, **scope)
        page = browser.get(HOME)
        assert page.status_code == 200 and '<form class="app-review"' not in page.text
    coordinator = signed_in(embedded_demo)
    hidden = first_form(coordinator.get(HOME).text)
    other = signed_in(embedded_demo, "coordinator", coalitions=[B])
    csrf = other.get(f"/app/coalitions/{B}").text
    other_hidden = first_form(csrf) if '<form class="app-review"' in csrf else hidden
    refused = other.post(f"{HOME}/findings", data={**hidden, "csrf": other_hidden["csrf"], "form_id": "x" * 20,
                                                  "status": "planned"})
    assert refused.status_code == 404 and "Pagina niet gevonden" in refused.text


def test_a_form_without_the_sessions_token_is_refused(embedded_demo):
    browser = signed_in(embedded_demo)
    hidden = first_form(browser.get(HOME).text)
    forged = browser.post(f"{HOME}/findings", data={**hidden, "csrf": "0" * 64, "status": "planned"})
    assert forged.status_code == 403 and "Niet verstuurd" in forged.text
    assert "Besluit:" not in browser.get(HOME).text


def test_a_decision_is_not_a_node_of_the_generic_api(embedded_demo):
    browser = signed_in(embedded_demo)
    browser.post(f"{HOME}/findings", data={**first_form(browser.get(HOME).text), "status": "planned", "note": "vertrouwelijk"})
    review = next(iter(embedded_demo.store.list_nodes("finding_review", filters={"coalition": A}).items))
    for token in (embedded_demo.token("coordinator", coalitions=[B]), embedded_demo.token("admin")):
        assert embedded_demo.gql('query($id: ID!) { node(id: $id) { id } }', {"id": review["id"]}, token=token) == {"node": None}
