"""An evaluator in her workspace, in headless Chromium: the overview of the demo coalitions sorted
by bridging index, a heat map with its table, two dates compared, the Excel report read back
against the API and the PDF report with a page per chart; axe on every page; and no person's name
and no family count under 10 anywhere in the pages or the downloads."""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook
from pypdf import PdfReader

A, B = "kansrijk-dijkhaven", "kansrijk-buurdorp"
#: charts of the PDF report: the bridging bars, and per coalition the heat map, the phases and seven figures over time
CHARTS = 1 + 2 * 9


def people_names(store) -> list[str]:
    names = []
    for kind in ("professional", "informal_supporter"):
        names += [str(n["name"]) for n in store.list_all(kind) if n.get("name")]
    return names


def small_family_counts(text: str) -> list[str]:
    """Family counts under 10 written as a number ("3 gezinnen", "(4 families)")."""
    return re.findall(r"\b[1-9] (?:gezinnen|families)\b", text)


def test_an_evaluator_compares_coalitions_and_takes_the_report_away(visit, live_app):
    tab = visit()
    page = tab.page
    token = live_app.token("evaluator")
    tab.sign_in(token)
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("^Evaluatie")).click()
    assert page.locator("h1").inner_text() == "Evaluatie" and tab.serious_violations() == []
    seen = [page.inner_text("main")]

    # sorted by bridging index, highest first
    page.get_by_label("Sorteer op").select_option(value="bridging_index")
    with page.expect_navigation():
        page.get_by_role("button", name="Sorteren").click()
    values = [float(v.split()[0]) for v in page.locator("#overzicht td[data-figure=bridging_index]").all_inner_texts()]
    assert len(values) == 2 and values == sorted(values, reverse=True)
    assert page.locator("#overzicht svg[role=img]").count() == 2 * 8  # a small chart per figure and coalition

    # the heat map of a coalition, and its table
    with page.expect_navigation():
        page.get_by_role("link", name="Kansrijke Start Dijkhaven").click()
    heat = page.get_by_role("img", name="Samenwerking tussen domeinen: Kansrijke Start Dijkhaven")
    assert heat.count() == 1
    table = page.get_by_role("table", name="Samenwerking tussen domeinen: Kansrijke Start Dijkhaven")
    assert table.locator("tbody tr").count() >= 10 and "Medisch domein" in table.inner_text()
    assert tab.serious_violations() == []
    seen.append(page.inner_text("main"))
    svg = page.request.get(f"{tab.base_url}/app/evaluatie/{A}/grafiek/domeinen.svg")
    assert svg.status == 200 and svg.text().startswith("<svg") and "Medisch domein" in svg.text()
    png = page.request.get(f"{tab.base_url}/app/evaluatie/{A}/grafiek/domeinen.png")
    assert png.status == 200 and png.body()[:8] == b"\x89PNG\r\n\x1a\n"
    with page.expect_navigation():
        page.get_by_role("link", name="Cijfers over gezinnen").click()
    seen.append(page.inner_text("main"))
    assert "minder dan 10" in seen[-1] and tab.serious_violations() == []

    # one coalition at two dates
    page.goto(f"{tab.base_url}/app/evaluatie/vergelijken")
    page.get_by_label("Coalitie", exact=True).select_option(value=A)
    page.get_by_label("Van (jjjj-mm-dd)").fill("2024-01-01")
    page.get_by_label("Tot (jjjj-mm-dd)").fill("2026-11-01")
    with page.expect_navigation():
        page.get_by_role("button", name="Vergelijk").nth(1).click()
    changed = page.inner_text("main")
    assert "Wat is er veranderd? (2024-01-01 – 2026-11-01)" in changed and "Brugindex: van" in changed
    assert tab.serious_violations() == []
    seen.append(changed)

    # the Excel report: its overview sheet holds the API's figures
    page.goto(f"{tab.base_url}/app/evaluatie")
    with page.expect_download() as download:
        page.get_by_role("link", name="Alles als Excel (een blad per cijfer)").click()
    workbook = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    overview = workbook["Evaluatie"]
    header = [c.value for c in overview[1]]
    rows = {r[0]: dict(zip(header, r)) for r in overview.iter_rows(min_row=2, values_only=True)}
    api = tab.page.request.post(f"{tab.base_url}/graphql", headers={"Authorization": f"Bearer {token}"}, data={
        "query": "query($ids: [ID!]!) { coalitionsSideBySide(coalitionIds: $ids) { name partners ties density "
                 "eiIndex bridgingIndex } }", "variables": {"ids": [A, B]}}).json()["data"]["coalitionsSideBySide"]
    assert len(api) == 2
    for figures in api:
        row = rows[figures["name"]]
        assert row["Partners"] == figures["partners"] and row["Werkrelaties"] == figures["ties"]
        assert abs(row["Brugindex"] - figures["bridgingIndex"]) < 1e-4
        assert abs(row["Dichtheid"] - figures["density"]) < 1e-4 and abs(row["E-I-index"] - figures["eiIndex"]) < 1e-4
    for kind in ("domeinen", "fasen", "gezinnen"):  # a sheet per figure of each coalition
        assert len([name for name in workbook.sheetnames if name.startswith(kind + " Kansrijke")]) == 2, kind
    cells = " ".join(str(v) for sheet in workbook for row in sheet.iter_rows(values_only=True) for v in row if v is not None)

    # the PDF report: a page per chart
    report = page.request.get(f"{tab.base_url}/app/evaluatie/rapport.pdf")
    reader = PdfReader(io.BytesIO(report.body()))
    pdf_text = " ".join(p.extract_text() for p in reader.pages)
    assert len(reader.pages) == CHARTS and "bij toeval verwacht" in pdf_text.lower()

    # nobody's name and no family count under 10, in any page or download
    everything = " ".join(seen) + cells + pdf_text
    for name in people_names(live_app.store):
        assert name not in everything, name
    assert small_family_counts(everything) == []
    assert tab.elsewhere() == []
