"""The card editor over HTTP: a ring a colleague changed meanwhile comes back named, not
overwritten; a wrong value is named at its field with nothing written; a family the worker is not
assigned to answers like one that does not exist; nothing of a family is cached or kept after
signing out."""

from __future__ import annotations

import re
from pathlib import Path

from tests.web.test_finding_reviews import signed_in
from tests.web.test_page_permissions import clients  # noqa: F401 - the matrix's signed-in roles

A = "kansrijk-dijkhaven"


def tokens(html: str) -> dict[str, str]:
    return {name: re.search(rf'name="{name}" value="([^"]*)"', html).group(1) for name in ("csrf", "form_id")}


def new_card(browser) -> tuple[str, str]:
    """A card with one person (oma Ria, ring 2): (family id, person id)."""
    start = browser.get("/app/gezinnen").text
    made = browser.post("/app/gezinnen", data={**tokens(start), "coalition": A, "label": "Gezin Zonnebloem",
                                               "stage": "pregnant", "consent": "yes"}, follow_redirects=False)
    family = made.headers["location"].split("/")[3].split("?")[0]
    added = browser.post(f"/app/gezinnen/{family}/toevoegen", data={
        **tokens(browser.get(f"/app/gezinnen/{family}").text), "name": "oma Ria", "life_area": "family", "ring": "2"},
        follow_redirects=False)
    return family, re.search(r"persoon=([^&#]+)", added.headers["location"]).group(1)


def test_a_ring_changed_meanwhile_is_named_and_kept(embedded_demo):
    browser = signed_in(embedded_demo, "worker", professional="prof-048")
    family, person = new_card(browser)
    panel = browser.get(f"/app/gezinnen/{family}?persoon={person}").text  # the worker sees ring 2 here
    move = {"person": person, "seen_ring": "2", "persoon": person}
    first = browser.post(f"/app/gezinnen/{family}/cirkel", data={**tokens(panel), **move, "ring": "1"},
                         follow_redirects=False)
    assert first.status_code == 303
    stale = browser.post(f"/app/gezinnen/{family}/cirkel", data={**tokens(panel), **move, "ring": "3", "form_id": "f" * 32})
    assert stale.status_code == 409
    assert "Iemand anders heeft dit net veranderd. Er is niets overschreven." in stale.text
    assert "Cirkels: nu 1 (u zag 2)" in stale.text
    assert 'aria-label="oma Ria, cirkel 1 (heel dichtbij)' in browser.get(f"/app/gezinnen/{family}").text


def test_a_wrong_value_is_named_at_its_field_and_nothing_is_written(embedded_demo):
    browser = signed_in(embedded_demo, "worker", professional="prof-048")
    family, person = new_card(browser)
    page = browser.get(f"/app/gezinnen/{family}?persoon={person}").text
    wrong = browser.post(f"/app/gezinnen/{family}/persoon", data={
        **tokens(page), "person": person, "persoon": person, "own": "yes", "seen_emotional": "", "emotional": "7",
        "seen_name": "oma Ria", "name": "oma Ria Jansen"})
    assert wrong.status_code == 422 and 'id="fout-emotional"' in wrong.text and "Vul een getal in van hoogstens 2." in wrong.text
    card = browser.get(f"/app/gezinnen/{family}").text
    assert 'aria-label="oma Ria, cirkel 2' in card and "Jansen" not in card
    empty = browser.post(f"/app/gezinnen/{family}/toevoegen", data={**tokens(card), "name": "", "life_area": "family"})
    assert empty.status_code == 422 and 'id="fout-name"' in empty.text and "Dit moet u invullen." in empty.text


def test_a_family_not_yours_answers_like_one_that_does_not_exist(embedded_demo):
    mine = signed_in(embedded_demo, "worker", professional="prof-048")
    family, _ = new_card(mine)
    other = signed_in(embedded_demo, "worker", professional="prof-001")
    hidden, missing = other.get(f"/app/gezinnen/{family}"), other.get("/app/gezinnen/no-such-family")
    assert hidden.status_code == missing.status_code == 404
    assert "Zonnebloem" not in hidden.text
    for path in ("afdrukken", "afdrukken.pdf", "versies"):
        assert other.get(f"/app/gezinnen/{family}/{path}").status_code == 404
    posted = other.post(f"/app/gezinnen/{family}/toevoegen", data={
        **tokens(other.get("/app/gezinnen").text), "name": "x", "life_area": "family", "ring": "1"})
    assert posted.status_code == 404
    assert "Gezin Zonnebloem</a>" not in other.get("/app/gezinnen").text


def test_nothing_of_a_family_is_cached_or_kept_after_signing_out(embedded_demo):
    browser = signed_in(embedded_demo, "worker", professional="prof-048")
    family, _ = new_card(browser)
    for path in (f"/app/gezinnen/{family}", f"/app/gezinnen/{family}/afdrukken", "/app/gezinnen"):
        assert browser.get(path).headers["cache-control"] == "no-store"
    page = browser.get("/app/gezinnen").text
    out = browser.post("/signout", data={"csrf": tokens(page)["csrf"]}, headers={"Origin": "http://testserver"},
                       follow_redirects=False)
    assert out.status_code == 303 and out.headers["clear-site-data"] == '"cache", "storage"'
    assert browser.get(f"/app/gezinnen/{family}", follow_redirects=False).headers["location"].startswith("/signin")


def test_a_new_card_needs_the_parents_consent(embedded_demo):
    browser = signed_in(embedded_demo, "worker", professional="prof-048")
    start = browser.get("/app/gezinnen").text
    refused = browser.post("/app/gezinnen", data={**tokens(start), "coalition": A, "label": "Gezin Iris", "stage": "pregnant"})
    assert refused.status_code == 422 and 'id="fout-consent"' in refused.text
    assert "Leg eerst vast dat de ouders toestemming geven" in refused.text
    assert "Gezin Iris</a>" not in browser.get("/app/gezinnen").text


def test_a_second_coordinator_and_a_date_that_cannot_be_are_named_at_their_field(embedded_demo):
    browser = signed_in(embedded_demo, "worker", professional="prof-048")
    family, _ = new_card(browser)
    for professional in ("prof-003", "prof-009"):
        page = browser.get(f"/app/gezinnen/{family}?stap=4").text
        browser.post(f"/app/gezinnen/{family}/plaatsen", data={**tokens(page), "person": professional})
    page = browser.get(f"/app/gezinnen/{family}?stap=5").text
    assert browser.post(f"/app/gezinnen/{family}/regisseur", data={**tokens(page), "person": "prof-003"},
                        follow_redirects=False).status_code == 303
    second = browser.post(f"/app/gezinnen/{family}/regisseur", data={**tokens(page), "person": "prof-009",
                                                                     "form_id": "s" * 32})
    assert second.status_code == 422 and 'id="fout-person"' in second.text
    assert "Dit gezin heeft al een regisseur." in second.text
    late = browser.post(f"/app/gezinnen/{family}/afspraak", data={**tokens(page), "what": "Kraamzorg bellen",
                                                                 "due": "2027-02-30", "form_id": "d" * 32})
    assert late.status_code == 422 and 'id="fout-due"' in late.text and "jjjj-mm-dd" in late.text
    assert "Kraamzorg bellen" not in browser.get(f"/app/gezinnen/{family}").text


def test_the_area_texts_never_replace_another_pages_text():
    from graph_service.web import texts as texts_module
    from graph_service.web.texts import TEXTS
    from graph_service.web.texts_card import CARD_TEXTS
    from graph_service.web.texts_evaluation import EVALUATION_TEXTS
    from graph_service.web.texts_survey import SURVEY_TEXTS

    areas = (CARD_TEXTS, EVALUATION_TEXTS, SURVEY_TEXTS)
    for lang in ("nl", "en"):
        keys = [set(area[lang]) for area in areas]
        assert all(not a & b for i, a in enumerate(keys) for b in keys[i + 1:])
        for area in areas:
            assert set(area[lang]) == set(area["nl"])  # every text in both languages
        assert all(TEXTS[lang][k] == area[lang][k] for area in areas for k in area[lang])
    # texts.py's own keys (read from its source: the merge has changed TEXTS by now) are not reused
    source = (Path(texts_module.__file__)).read_text(encoding="utf-8")
    own = set(re.findall(r'^        "(\w+)":', source, re.M))
    assert len(own) > 100 and not own & set().union(*(area["nl"] for area in areas))
