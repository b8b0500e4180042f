"""Item 3 (medium): spreadsheet bombs. `importFile` capped the compressed size only: a 1.6 KB XLSX
declaring the dimension `A1:XFD1048576` kept a core busy for over 90 s, a 339 KB one took the
service to 2.1 GB, and 3.5 MB held 5 million rows. Files are now read in a child process with
memory and time limits, in streaming mode, with caps on unpacked size, rows, columns and cells."""

from __future__ import annotations

import base64
import io
import re
import resource
import zipfile

import pytest
from openpyxl import Workbook

from graph_service.services import file_reader
from graph_service.services.import_sheets import ALL_HEADERS
from tests.security.conftest import DIJKHAVEN


@pytest.fixture
def store(embedded_store):  # every test of this module on one backend
    """A file is read in a child process before anything reaches a database: on the embedded store
    (the import's writes run on both backends in tests/services)."""
    return embedded_store


IMPORT = ("mutation($c: String!, $f: ImportFormat!) { importFile(coalitionId: \"%s\", format: $f, content: $c, "
          "dryRun: true) { __typename ... on ImportReport { written problems { sheet row column message } } } }" % DIJKHAVEN)
HEADER = ["id", "naam", "domein", "soort organisatie"]


def _xlsx(rows: list[list[str]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Partners"
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _rewrite_sheet(content: bytes, change) -> bytes:  # type: ignore[no-untyped-def]
    """The same workbook with its first sheet's XML changed (what an attacker edits by hand)."""
    source, out = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = change(data.decode()).encode()
            target.writestr(item, data)
    return out.getvalue()


def _problems(probe, content: bytes) -> list[dict]:
    answer = probe.gql(IMPORT, {"c": base64.b64encode(content).decode(), "f": "XLSX"},
                       probe.tokens["coordinator"])["importFile"]
    assert answer["written"] is False
    return answer["problems"]


def _peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_a_declared_dimension_of_a_whole_sheet_is_ignored(probe):
    good = _xlsx([HEADER, ["imp-1", "Stichting Boog", "Sociaal domein", "Welzijnsorganisatie"]])
    bomb = _rewrite_sheet(good, lambda xml: re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:XFD1048576"/>', xml))
    assert "A1:XFD1048576" in zipfile.ZipFile(io.BytesIO(bomb)).read("xl/worksheets/sheet1.xml").decode()
    assert len(bomb) < 8000
    assert _problems(probe, bomb) == []  # read as the two rows it holds


def test_millions_of_rows_and_a_huge_unpacked_member_are_refused_without_swelling_the_service(probe):
    far = _xlsx([HEADER, ["imp-1", "Stichting Boog", "Sociaal domein", "Welzijnsorganisatie"]])
    far = _rewrite_sheet(far, lambda xml: xml.replace(
        "</sheetData>", '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'))
    many = _rewrite_sheet(_xlsx([HEADER]), lambda xml: xml.replace(
        "</sheetData>", "".join(f'<row r="{n}"/>' for n in range(2, 400_000)) + "</sheetData>"))
    padded = _rewrite_sheet(_xlsx([HEADER]), lambda xml: xml.replace("</worksheet>", "<!--" + " " * 80_000_000 + "--></worksheet>"))
    assert len(padded) < 1_000_000
    before = _peak_memory_mb()  # the bombs are made: from here on only the service works
    assert [p["message"] for p in _problems(probe, far)] == ["meer dan 50000 regels"]
    assert [p["message"] for p in _problems(probe, many)] == ["meer dan 50000 regels"]
    assert [p["message"] for p in _problems(probe, padded)] == ["het werkboek is uitgepakt groter dan 60 MB"]
    assert _peak_memory_mb() - before < 50, "the service parsed the bombs in its own process"


def test_too_many_rows_columns_or_characters_name_the_limit_and_the_place(probe):
    rows = [HEADER] + [[f"imp-{n}", "Naam", "Sociaal domein", "Welzijnsorganisatie"] for n in range(20_001)]
    assert [p["message"] for p in _problems(probe, _xlsx(rows))] == ["meer dan 20000 rijen"]
    wide = _xlsx([HEADER + [f"extra {n}" for n in range(60)]])
    assert [(p["row"], p["message"]) for p in _problems(probe, wide)] == [(1, "meer dan 50 kolommen")]
    csv = "id,naam,domein,soort organisatie\nimp-1," + "a" * 140_000 + ",Sociaal domein,Welzijnsorganisatie\n"
    answer = probe.gql(IMPORT, {"c": csv, "f": "CSV"}, probe.tokens["coordinator"])["importFile"]
    assert [(p["row"], p["column"], p["message"]) for p in answer["problems"]] == [
        (2, "naam", "de cel is langer dan 32.767 tekens")]


def test_a_reader_past_its_time_is_stopped_and_answered(monkeypatch):
    monkeypatch.setattr(file_reader, "TIME_LIMIT_SECONDS", 0.001)
    with pytest.raises(file_reader.FileProblem) as refused:
        file_reader.read_file(b"id,naam\nx,y\n", "csv", ALL_HEADERS)
    assert refused.value.code == "TOO_SLOW"
    assert "duurde langer dan" in refused.value.message
