"""Items 6 and 7. Names imported as `=1+1`, `+1+1`, `-2+3`, `=cmd|' /C calc'!A0` came back as
formulas in `exportCoalition(format: CSV)` (medium-low); and the CSV dialect was sniffed from the
header line only, so a quoted name with a comma and doubled quotes inside landed in the wrong
columns, and one ending in a doubled quote kept two extra quote characters (low-medium).
"""

from __future__ import annotations

import csv
import io

import pytest

from graph_service.services.exporter import spreadsheet_safe

from tests.security.conftest import DIJKHAVEN

FORMULAS = ["=1+1", "+1+1", "-2+3", "=cmd|' /C calc'!A0", "@SUM(A1:A2)"]
IMPORT = ("mutation($c: String!) { importFile(coalitionId: \"%s\", format: CSV, content: $c) { __typename "
          "... on ImportReport { written problems { row column message } } } }" % DIJKHAVEN)


def test_exported_cells_that_a_spreadsheet_would_run_are_neutralised(probe):
    for n, name in enumerate(FORMULAS):
        probe.store.create_node("organisation", {"id": f"org-f{n}", "name": name, "domain": "social",
                                                 "organisation_type": "welfare"})
        probe.store.link("member_of", f"org-f{n}", DIJKHAVEN, {"since": "2020-01-01", "level": "practice"})
    files = probe.gql(f'{{ exportCoalition(coalitionId: "{DIJKHAVEN}", format: CSV) {{ name content }} }}',
                      token=probe.tokens["coordinator"])["exportCoalition"]
    nodes = next(f["content"] for f in files if f["name"].endswith("-nodes.csv"))
    labels = {row["id"]: row["label"] for row in csv.DictReader(io.StringIO(nodes, newline=""))}
    assert [labels[f"org-f{n}"] for n in range(len(FORMULAS))] == ["'" + name for name in FORMULAS]
    assert labels["vp-noord"] == "Verloskundigenpraktijk Noord"  # ordinary text is left as it is
    # names are stored trimmed; a tab or carriage return that leads a cell is neutralised too
    assert [spreadsheet_safe(v) for v in ("\t=1+1", "\r=1+1", 7, -2)] == ["'\t=1+1", "'\r=1+1", 7, -2]


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_quoted_fields_with_doubled_quotes_and_delimiters_are_read_as_rfc_4180_says(probe, delimiter):
    d = delimiter
    names = ['Stichting "De Brug", Noord', 'Stichting "De Brug"', "Buurtwerk; Zuid"]
    rows = [f'imp-q{n}{d}"{name.replace(chr(34), chr(34) * 2)}"{d}Sociaal domein{d}Welzijnsorganisatie'
            for n, name in enumerate(names)]
    content = f"id{d}naam{d}domein{d}soort organisatie\n" + "\n".join(rows) + "\n"
    report = probe.gql(IMPORT, {"c": content}, probe.tokens["coordinator"])["importFile"]
    assert report == {"__typename": "ImportReport", "written": True, "problems": []}
    assert [probe.store.get_node(f"imp-q{n}")["name"] for n in range(len(names))] == names


def test_a_broken_quote_is_named_by_its_line(probe):
    content = 'id,naam,domein,soort organisatie\nimp-1,"Open aanhalingsteken,Sociaal domein,Welzijnsorganisatie\n'
    report = probe.gql(IMPORT, {"c": content}, probe.tokens["coordinator"])["importFile"]
    assert not report["written"] and "geen geldige CSV" in report["problems"][0]["message"]
