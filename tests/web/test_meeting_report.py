"""The meeting report: the analysis as a page to print and a Markdown file to download, with
names and Dutch labels, and each finding's decision (or "not discussed yet")."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from tests.web.test_finding_reviews import first_form, signed_in

A, B = "kansrijk-dijkhaven", "kansrijk-buurdorp"
HOME = f"/app/coalitions/{A}"


def test_the_report_shows_what_was_decided_and_what_not(embedded_demo):
    browser = signed_in(embedded_demo)
    browser.post(f"{HOME}/findings", data={**first_form(browser.get(HOME).text), "status": "discussed",
                                           "note": "In het overleg van maart"})
    report = browser.get(f"{HOME}/verslag").text
    assert "Verslag voor het overleg: Kansrijke Start Dijkhaven" in report
    assert "Besluit: Besproken</strong>" in report and "In het overleg van maart" in report
    assert "Nog niet besproken." in report and '<form class="app-review"' not in report


def test_the_markdown_names_partners_and_decisions_never_codes(embedded_demo):
    browser = signed_in(embedded_demo)
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


def test_the_report_of_a_coalition_you_may_not_see_does_not_exist(embedded_demo):
    other = signed_in(embedded_demo, "coordinator", coalitions=[B])
    assert other.get(f"{HOME}/verslag").status_code == 404
    assert other.get(f"{HOME}/verslag.md").status_code == 404


def test_the_report_and_the_map_download_as_pdf_with_names_and_decisions(embedded_demo):
    browser = signed_in(embedded_demo)
    browser.post(f"{HOME}/findings", data={**first_form(browser.get(HOME).text), "status": "planned",
                                           "note": "huisartsen uitnodigen"})
    report = browser.get(f"{HOME}/verslag.pdf")
    assert report.headers["content-type"] == "application/pdf"
    assert 'filename="verslag-kansrijk-dijkhaven-' in report.headers["content-disposition"]
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(report.content)).pages)
    assert "Kansrijke Start Dijkhaven" in text and "huisartsen uitnodigen" in text and "Actie gepland" in text
    assert "Huisartsenpraktijk De Molen" in text and "ha-molen" not in text
    poster = browser.get(f"{HOME}/kaart.pdf?domain=medical")
    assert poster.headers["content-type"] == "application/pdf"
    first = PdfReader(io.BytesIO(poster.content)).pages[0]
    assert float(first.mediabox.width) > float(first.mediabox.height)  # A3 landscape, a poster
    assert "Coalitiekaart: Kansrijke Start Dijkhaven" in " ".join(first.extract_text().split())
    other = signed_in(embedded_demo, "coordinator", coalitions=[B])
    assert other.get(f"{HOME}/verslag.pdf").status_code == 404 and other.get(f"{HOME}/kaart.pdf").status_code == 404


def test_without_chromium_on_the_server_the_pdf_link_says_how_to_print(embedded_demo, monkeypatch):
    monkeypatch.setattr("graph_service.maps.export.CHROMIUM", "/nonexistent/chromium")
    answer = signed_in(embedded_demo).get(f"{HOME}/verslag.pdf")
    assert answer.status_code == 503 and "Opslaan als PDF" in answer.text
