"""Import and export from the web application: the coordinator downloads a template, uploads a
partner list, reads each wrong row and field in Dutch with nothing written, fixes it and writes it
all at once; a file that is not a spreadsheet, too big or a zip bomb is refused with a message;
the network downloads as XLSX, CSV, GEXF, GraphML and JSON."""

from __future__ import annotations

import io
import re
import zipfile

from openpyxl import Workbook, load_workbook

from graph_service.web.sessions import COOKIE
from tests.web.test_finding_reviews import signed_in
from tests.web.test_partner_forms import hidden

A, B = "kansrijk-dijkhaven", "kansrijk-buurdorp"
PAGE = f"/app/coalitions/{A}/importeren"
HEADER = "id,naam,domein,soort organisatie,niveau\n"
GOOD = "mc-haven,Mamacafé De Haven,Informeel netwerk en gemeenschap,Vrijwilligersorganisatie,Uitvoering\n"
BAD = "bs-haven,Buurtsteun De Haven,Sportclub,Vrijwilligersorganisatie,Uitvoering\n"


def upload(browser, name: str, content: bytes):
    fields = hidden(browser.get(PAGE).text.split('enctype="multipart/form-data"')[1])
    return browser.post(PAGE, data=fields, files={"file": (name, content)})


def test_a_list_is_checked_row_by_row_then_written_all_at_once(embedded_demo):
    browser = signed_in(embedded_demo)
    refused = upload(browser, "partners.csv", (HEADER + GOOD + BAD).encode())
    assert refused.status_code == 422 and "Er zijn 1 problemen. Er is niets opgeslagen." in refused.text
    row = re.search(r"<td class=\"utrecht-table__cell\">partners</td><td class=\"utrecht-table__cell\">(\d+)</td>\s*"
                    r"<td class=\"utrecht-table__cell\">domein</td><td class=\"utrecht-table__cell\">([^<]+)</td>",
                    refused.text)
    assert row and row.group(1) == "3" and "Sportclub" in row.group(2)
    assert "Mamacafé" not in browser.get(f"/app/coalitions/{A}/partners?q=mamacaf").text.split("</form>")[-1]
    checked = upload(browser, "partners.csv", (HEADER + GOOD).encode())
    assert checked.status_code == 200 and "Alles is goed." in checked.text and "Organisatie: 1" in checked.text
    confirm = hidden(checked.text.split('action="/app/coalitions/kansrijk-dijkhaven/importeren/bevestigen"')[1])
    written = browser.post(f"{PAGE}/bevestigen", data=confirm, follow_redirects=False)
    assert written.status_code == 303 and "written=" in written.headers["location"]
    assert "Opgeslagen:" in browser.get(written.headers["location"]).text
    assert browser.post(f"{PAGE}/bevestigen", data=confirm, follow_redirects=False).headers["location"] == PAGE
    again = {**confirm, **{k: v for k, v in hidden(browser.get(PAGE).text).items() if k == "form_id"}}
    assert browser.post(f"{PAGE}/bevestigen", data=again).status_code == 404  # the draft was used up
    found = browser.get(f"/app/coalitions/{A}/partners?q=mamacaf").text
    assert found.count(">Mamacafé De Haven</a>") == 1
    assert "Ingelezen uit een bestand" in browser.get(f"/app/coalitions/{A}/partners/mc-haven").text


def test_what_is_not_a_spreadsheet_too_big_or_a_bomb_is_refused(embedded_demo):
    browser = signed_in(embedded_demo)
    wrong = upload(browser, "partners.pdf", b"%PDF-1.4")
    assert wrong.status_code == 422 and "Kies een CSV- of Excel-bestand" in wrong.text
    big = upload(browser, "partners.csv", HEADER.encode() + b"x" * (5 * 1024 * 1024 + 10))
    assert big.status_code == 413 and "groter dan 5 MB" in big.text
    workbook = Workbook()
    workbook.active.title = "Partners"
    workbook.active.append(["id", "naam", "domein", "soort organisatie"])
    out = io.BytesIO()
    workbook.save(out)
    source, bomb = zipfile.ZipFile(io.BytesIO(out.getvalue())), io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</worksheet>", b"<!--" + b" " * 80_000_000 + b"--></worksheet>")
            target.writestr(item, data)
    refused = upload(browser, "bom.xlsx", bomb.getvalue())
    assert refused.status_code == 422 and "Er is niets opgeslagen." in refused.text


def test_templates_and_the_network_download(embedded_demo):
    browser = signed_in(embedded_demo)
    workbook = load_workbook(io.BytesIO(browser.get(f"{PAGE}/sjablonen/kansrijke-start-import.xlsx").content))
    assert workbook.sheetnames == ["Partners", "Mensen", "Gemeenschappen", "Interventies", "Verbindingen"]
    assert browser.get(f"{PAGE}/sjablonen/partners.csv").text.startswith("id,naam,domein")
    exported = load_workbook(io.BytesIO(browser.get(f"/app/coalitions/{A}/export/{A}.xlsx").content))
    names = [row[2] for row in exported["Knooppunten"].iter_rows(min_row=2, values_only=True)]
    assert exported.sheetnames == ["Knooppunten", "Relaties"] and "Kraamzorg De Wieg" in names
    for name, start in ((f"{A}.gexf", "<?xml"), (f"{A}.graphml", "<?xml"), (f"{A}.json", "{"),
                        (f"{A}-nodes.csv", "id,kind,label"), (f"{A}-ties.csv", "id,kind,from,to")):
        answer = browser.get(f"/app/coalitions/{A}/export/{name}")
        assert answer.status_code == 200 and answer.text.startswith(start), name
        assert f'filename="{name}"' in answer.headers["content-disposition"]
    assert browser.get(f"/app/coalitions/{A}/export/{A}.exe").status_code == 404


def test_others_neither_import_nor_export(embedded_demo):
    other = signed_in(embedded_demo, coalitions=[B])
    assert other.get(PAGE).status_code == 404 and other.get(f"/app/coalitions/{A}/export/{A}.xlsx").status_code == 404
    evaluator = signed_in(embedded_demo, "evaluator", coalitions=[A])
    page = evaluator.get(PAGE).text
    assert "Een lijst inlezen" not in page and "Excel (XLSX)" in page
    sessions = embedded_demo.client.app.state.sessions
    fields = {"csrf": sessions.csrf_token(evaluator.cookies.get(COOKIE)), "form_id": "eval-1"}
    assert evaluator.post(PAGE, data=fields, files={"file": ("p.csv", (HEADER + GOOD).encode())}).status_code == 404
