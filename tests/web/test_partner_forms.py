"""A coordinator adds a partner to her coalition and changes its details, over HTTP: one write
for the partner and its membership, a form sent twice writes once, bad input is named at its field with what was typed kept, and only the coalition's coordinators may do it."""

from __future__ import annotations

import re

from tests.web.test_finding_reviews import signed_in

A, B = "kansrijk-dijkhaven", "kansrijk-buurdorp"
LIST = f"/app/coalitions/{A}/partners"


def hidden(html: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))


NEW = {"name": "Mamacafé De Haven", "domain": "informal", "organisation_type": "volunteer_organisation",
       "level": "practice", "phases": ["pregnancy", "zero_to_two"], "municipality": "Dijkhaven"}


def test_a_new_partner_is_a_member_at_once_and_shown_in_words(embedded_demo):
    browser = signed_in(embedded_demo)
    form = browser.get(f"{LIST}/new")
    assert form.status_code == 200 and 'for="veld-name">Naam</label>' in form.text and "novalidate" in form.text
    saved = browser.post(f"{LIST}/new", data={**hidden(form.text), **NEW}, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"].endswith("?saved=1")
    page = browser.get(saved.headers["location"]).text
    assert "Mamacafé De Haven</h1>" in page and "Opgeslagen." in page
    assert "Zwangerschap, Na de geboorte (0-2 jaar)" in page and "Kansrijke Start Dijkhaven" in page
    assert "Mamacafé De Haven" in browser.get(f"{LIST}?q=mamacaf").text  # a member of the coalition


def test_a_form_sent_twice_adds_one_partner(embedded_demo):
    browser = signed_in(embedded_demo)
    fields = {**hidden(browser.get(f"{LIST}/new").text), **NEW}
    browser.post(f"{LIST}/new", data=fields)
    browser.post(f"{LIST}/new", data=fields)
    assert browser.get(f"{LIST}?q=mamacaf").text.count('Mamacafé De Haven</a>') == 1


def test_bad_input_is_named_at_its_field_and_nothing_is_written(embedded_demo):
    browser = signed_in(embedded_demo)
    refused = browser.post(f"{LIST}/new", data={**hidden(browser.get(f"{LIST}/new").text), **NEW, "domain": ""})
    assert refused.status_code == 422
    assert 'href="#veld-domain">Dit moet u invullen.</a>' in refused.text and 'id="fout-domain"' in refused.text
    assert 'value="Mamacafé De Haven"' in refused.text  # what she typed is kept
    assert "Mamacafé" not in browser.get(f"{LIST}?q=mamacaf").text.split("<main")[1].split("</form>")[1]


def test_changing_a_partner_keeps_what_is_not_touched(embedded_demo):
    browser = signed_in(embedded_demo)
    form = browser.get(f"{LIST}/kz-wieg/edit").text
    assert 'value="Kraamzorg De Wieg"' in form and 'value="medical" selected' in form
    fields = dict(re.findall(r'<input class="utrecht-textbox" type="text" name="(\w+)" id="[^"]+" value="([^"]*)"', form))
    selected = dict(re.findall(r'name="(\w+)" id="veld-\w+"[^>]*>\s*<option value="">[^<]*</option>.*?<option value="(\w+)" selected', form, re.S))
    data = {**hidden(form), **fields, **selected, "name": "Kraamzorg De Wieg (Dijkhaven)"}
    saved = browser.post(f"{LIST}/kz-wieg/edit", data=data, follow_redirects=True)
    assert "Kraamzorg De Wieg (Dijkhaven)</h1>" in saved.text and "Medisch domein" in saved.text
    emptied = browser.post(f"{LIST}/kz-wieg/edit", data={**data, **hidden(browser.get(f"{LIST}/kz-wieg/edit").text),
                                                         "name": ""})
    assert emptied.status_code == 422 and 'href="#veld-name"' in emptied.text
    assert "Kraamzorg De Wieg (Dijkhaven)</h1>" in browser.get(f"{LIST}/kz-wieg").text


def test_only_the_coalitions_coordinators_add_or_change(embedded_demo):
    coordinator = signed_in(embedded_demo)
    form_fields = hidden(coordinator.get(f"{LIST}/new").text)
    for role, scope in (("evaluator", {}), ("worker", {"professional": "prof-048"}), ("coordinator", {"coalitions": [B]})):
        browser = signed_in(embedded_demo, role, **scope)
        assert browser.get(f"{LIST}/new").status_code == 404
        assert browser.get(f"{LIST}/kz-wieg/edit").status_code == 404
        token = browser.get(f"/app/coalitions/{B}/partners").text
        mine = hidden(token).get("csrf") or form_fields["csrf"]
        refused = browser.post(f"{LIST}/new", data={**form_fields, "csrf": mine, "form_id": role * 4, **NEW})
        assert refused.status_code in (403, 404)
    assert "Mamacafé" not in signed_in(embedded_demo).get(f"{LIST}?q=mamacaf").text.split("</form>")[-1]


def test_every_wrong_field_is_named_at_once(embedded_demo):
    browser = signed_in(embedded_demo)
    refused = browser.post(f"{LIST}/new", data={**hidden(browser.get(f"{LIST}/new").text), **NEW, "name": "",
                                                "domain": "", "level": ""})
    assert refused.status_code == 422
    summary = refused.text.split('class="utrecht-unordered-list"')[1].split("</ul>")[0]
    assert [link for link in re.findall(r'href="#veld-(\w+)"', summary)] == ["name", "domain", "level"]
