"""The meeting report: the analysis as a page to print and a Markdown file to download, with
names and Dutch labels, and each finding's decision (or "not discussed yet")."""

from __future__ import annotations

import re

from tests.api.conftest import demo_api  # noqa: F401 - the fixture
from tests.web.test_finding_reviews import first_form, signed_in

A, B = "kansrijk-dijkhaven", "kansrijk-buurdorp"
HOME = f"/app/coalitions/{A}"


def test_the_report_shows_what_was_decided_and_what_not(demo_api):  # noqa: F811
    browser = signed_in(demo_api)
    browser.post(f"{HOME}/findings", data={**first_form(browser.get(HOME).text), "status": "discussed",
                                           "note": "In het overleg van maart"})
    report = browser.get(f"{HOME}/verslag").text
    assert "Verslag voor het overleg: Kansrijke Start Dijkhaven" in report
    assert "Besluit: Besproken</strong>" in report and "In het overleg van maart" in report
    assert "Nog niet besproken." in report and '<form class="app-review"' not in report


def test_the_markdown_names_partners_and_decisions_never_codes(demo_api):  # noqa: F811
    browser = signed_in(demo_api)
    browser.post(f"{HOME}/findings", data={**first_form(browser.get(HOME).text), "status": "planned",
                                           "note": "huisartsen uitnodigen"})
    download = browser.get(f"{HOME}/verslag.md")
    assert download.headers["content-type"].startswith("text/markdown")
    assert 'attachment; filename="verslag-kansrijk-dijkhaven-' in download.headers["content-disposition"]
    text = download.text
    assert text.startswith("# Netwerkanalyse: Kansrijke Start Dijkhaven")
    assert "Besluit van de coalitie: Actie gepland (" in text and "Fatima de Vries): huisartsen uitnodigen" in text
    assert "Huisartsenpraktijk De Molen" in text
    assert not re.search(r"\b(isolated_member|weak_cross_domain_ties|ha-molen|kz-wieg)\b", text)


def test_the_report_of_a_coalition_you_may_not_see_does_not_exist(demo_api):  # noqa: F811
    other = signed_in(demo_api, "coordinator", coalitions=[B])
    assert other.get(f"{HOME}/verslag").status_code == 404
    assert other.get(f"{HOME}/verslag.md").status_code == 404
