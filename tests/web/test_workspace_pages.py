"""The evaluator's workspace over HTTP: who reaches it, a coalition outside her scope answers like
one that does not exist, a period without data says so, a wrong date is named at its field, and
every family figure she can open, in any two views side by side, shows no count under 10."""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook

from graph_service.services.evaluator_workspace import quarter_ends
from tests.services.test_evaluator_workspace import add_families
from tests.web.test_page_permissions import clients  # noqa: F401 - the matrix's signed-in roles

A, B = "kansrijk-dijkhaven", "kansrijk-buurdorp"


def get(api, path: str, token: str):
    return api.client.get(path, headers={"Authorization": f"Bearer {token}"}, follow_redirects=False)


def main(html: str) -> str:
    return html[html.index("<main"):html.index("</main>")]


def test_who_reaches_the_workspace_and_which_coalitions_she_sees(embedded_demo):
    scoped = embedded_demo.token("evaluator", coalitions=[B])
    overview = get(embedded_demo, "/app/evaluatie", scoped)
    assert overview.status_code == 200 and "Kansrijke Start Buurdorp" in overview.text
    assert "Kansrijke Start Dijkhaven" not in overview.text
    hidden, missing = get(embedded_demo, f"/app/evaluatie/{A}", scoped), get(embedded_demo, "/app/evaluatie/nergens", scoped)
    assert hidden.status_code == missing.status_code == 404 and main(hidden.text) == main(missing.text)
    for path in (f"/app/evaluatie/{A}/gezinnen", f"/app/evaluatie/{A}/grafiek/domeinen.csv"):
        assert get(embedded_demo, path, scoped).status_code == 404
    coordinator = embedded_demo.token("coordinator", coalitions=[A])
    mine = get(embedded_demo, "/app/evaluatie", coordinator).text
    assert "Kansrijke Start Dijkhaven" in mine and "Kansrijke Start Buurdorp" not in mine
    worker = embedded_demo.token("worker", professional="prof-048")
    assert get(embedded_demo, "/app/evaluatie", worker).status_code == 404


def test_a_period_without_data_says_so_and_a_wrong_date_is_named(embedded_demo):
    token = embedded_demo.token("evaluator")
    early = get(embedded_demo, f"/app/evaluatie/vergelijken?coalition={A}&van=1990-01-01&tot=1995-01-01", token)
    assert early.status_code == 200 and "Er zijn geen gegevens voor deze periode" in early.text
    wrong = get(embedded_demo, f"/app/evaluatie/vergelijken?coalition={A}&van=2026-02-30&tot=2026-11-01", token)
    assert wrong.status_code == 422 and 'id="fout-van"' in wrong.text and "jjjj-mm-dd" in wrong.text
    backwards = get(embedded_demo, f"/app/evaluatie/vergelijken?coalition={A}&van=2026-06-01&tot=2026-01-01", token)
    assert backwards.status_code == 422 and "De einddatum moet na de begindatum liggen." in backwards.text
    any_day = get(embedded_demo, f"/app/evaluatie/vergelijken?coalition={A}&van=2026-01-15&tot=2026-11-01", token)
    assert "Cijfers over gezinnen vergelijken we alleen per kwartaal" in any_day.text


def family_figures(html: str) -> dict[tuple[str, str], str]:
    """(quarter, column) -> what the family figures table shows."""
    table = html[html.index('id="gezinscijfers"'):]
    table = table[:table.index("</table>")]
    header = re.findall(r'<th class="utrecht-table__header-cell" scope="col">([^<]*)</th>', table)
    shown = {}
    for quarter, cells in re.findall(r'scope="row">([^<]*)</th>(.*?)</tr>', table, re.S):
        values = re.findall(r'<td class="utrecht-table__cell">([^<]*)</td>', cells)
        shown.update({(quarter, column): value.strip() for column, value in zip(header[1:], values)})
    return shown


def count_of(text: str) -> int | None:
    found = re.search(r"\((\d+) gezinnen\)|^(\d+)$", text)
    return int(found.group(1) or found.group(2)) if found else None


def test_every_pair_of_views_shows_no_family_count_under_10(embedded_demo):
    store = embedded_demo.store
    quarters = quarter_ends(4)
    add_families(store, A, 30, "2024-01-01", "old", coordinated=True)
    add_families(store, A, 12, "2024-01-01", "free", coordinated=False)
    add_families(store, A, 4, quarters[-2][:8] + "15", "late", coordinated=True)
    add_families(store, A, 15, quarters[1][:8] + "15", "mid", coordinated=False)
    token = embedded_demo.token("evaluator")
    views = {"page": family_figures(get(embedded_demo, f"/app/evaluatie/{A}/gezinnen", token).text)}
    workbook = load_workbook(io.BytesIO(get(embedded_demo, "/app/evaluatie/rapport.xlsx", token).content))
    sheet = next(workbook[n] for n in workbook.sheetnames if n.startswith("gezinnen Kansrijke Start Dijk"))
    header = [c.value for c in sheet[1]]
    views["excel"] = {(row[0], column): str(value) for row in sheet.iter_rows(min_row=2, values_only=True)
                      for column, value in zip(header[1:], row[1:])}
    compared = get(embedded_demo, f"/app/evaluatie/vergelijken?coalition={A}&van={quarters[0]}&tot={quarters[-1]}",
                   token).text
    assert "Gezinnen op de twee data" in compared and "zou samen met het andere kwartaal" in compared
    table = compared[compared.index('id="gezinnen-vergeleken"'):]
    table = table[:table.index("</table>")]
    views["compare"] = {}
    for label, cells in re.findall(r'scope="row">([^<]*)</th>(.*?)</tr>', table, re.S):
        column = "Gezinnen" if label == "Gezinnen" else label
        for quarter, value in zip((quarters[0], quarters[-1]), re.findall(r'<td class="utrecht-table__cell">([^<]*)</td>', cells)):
            views["compare"][(quarter, column)] = value.strip()
    overview = get(embedded_demo, "/app/evaluatie", token).text
    row = overview[overview.index("Kansrijke Start Dijkhaven</a>"):]
    views["overview"] = {(quarters[-1], "Gezinnen"): re.findall(r'<td class="utrecht-table__cell">([^<]*)</td>', row)[-1]}
    shown = [(view, key, count_of(text)) for view, cells in views.items() for key, text in cells.items()]
    assert any(count is not None for _, _, count in shown)  # the figures that may be shown are shown
    for view, key, count in shown:
        assert count is None or count >= 10, (view, key, count)
    # the same figure in two views is the same; the same figure in two quarters differs by 0 or 10 or more
    for view, (quarter, column), count in shown:
        for other_view, (other_quarter, other_column), other in shown:
            if column != other_column or count is None or other is None:
                continue
            if quarter == other_quarter:
                assert count == other, (view, other_view, quarter, column)
            else:
                assert count == other or abs(count - other) >= 10, (quarter, other_quarter, column, count, other)


def test_the_workspace_rows_of_the_permission_matrix(clients):
    """The evaluator (of the matrix: scoped to A) and the coalition's coordinator reach A's figures;
    the other coordinator and the worker do not; signed out, sign in first."""
    from tests.web.test_page_permissions import ask, wrong_answers

    api, cookies = clients
    theirs = {"coordinator": "ok", "other": "none", "evaluator": "ok", "worker": "none"}
    assert wrong_answers(clients, [
        ("GET", "/app/evaluatie", {"coordinator": "ok", "other": "ok", "evaluator": "ok", "worker": "none"}, None),
        *(("GET", path, theirs, None) for path in (f"/app/evaluatie/{A}", f"/app/evaluatie/{A}/gezinnen",
                                                   f"/app/evaluatie/{A}/grafiek/fasen.csv"))]) == []
    # comparing a coalition outside her scope answers as comparing one that does not exist: her own form
    hidden = ask(api, cookies["other"], "GET", f"/app/evaluatie/vergelijken?coalition={A}&van=2025-12-31&tot=2026-06-30")
    missing = ask(api, cookies["other"], "GET", "/app/evaluatie/vergelijken?coalition=nergens&van=2025-12-31&tot=2026-06-30")
    assert main(hidden.text) == main(missing.text) and "Dijkhaven" not in hidden.text
