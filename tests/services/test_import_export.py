"""Coordinators import spreadsheets and export the network to other tools."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import igraph
import networkx as nx
import pytest
from openpyxl import load_workbook

from graph_service.domain.errors import PermissionDenied
from tests.conftest import load_demo_snapshot
from graph_service.services.exporter import export
from graph_service.services.importer import Importer
from graph_service.services.network import NetworkService
from graph_service.services.principal import SYSTEM, Principal, Role

TEMPLATES = Path(__file__).resolve().parents[2] / "seed_data" / "templates"
C1 = "kansrijk-dijkhaven"
HEADER = "id,naam,domein,soort organisatie,fasen,niveau,gemeente,regionaal,ervaringsdeskundig,omschrijving\n"


@pytest.fixture
def demo(store, audit):
    load_demo_snapshot(store, audit)
    return NetworkService(store)


def run(service, content: str | bytes, fmt="csv", dry_run=False, principal=SYSTEM):
    raw = content.encode() if isinstance(content, str) else content
    return Importer(service).run(principal, C1, raw, fmt, dry_run=dry_run)


def test_every_template_imports_cleanly(demo):
    for name in ("partners", "mensen", "gemeenschappen", "interventies", "verbindingen"):
        report = run(demo, (TEMPLATES / f"{name}.csv").read_text())  # later ones refer to earlier ones
        assert report.problems == [], (name, report.problems)
        assert report.rows == 1 and report.written
    report = run(demo, (TEMPLATES / "kansrijke-start-import.xlsx").read_bytes(), "xlsx")
    assert report.problems == [] and report.written
    assert demo.store.get_node("int-voorbeeld")["intervention_type"] == "prenatal_home_visit"
    assert {t["kind"] for t in demo.store.ties_of("prof-voorbeeld")} == {"works_at"}


def test_dry_run_reports_every_bad_row_and_column_and_writes_nothing(demo):
    before = demo.store.counts()
    content = HEADER + (
        "n1,Nieuwe Partner,Sociaal domein,Welzijnsorganisatie,,Uitvoering,,,,\n"
        "n2,,Sociaal domein,Welzijnsorganisatie,,,,,,\n"
        "n3,Partner Drie,Astrologie,Welzijnsorganisatie,,,,,,\n"
        "n4,Partner Vier,social,welfare,Zwangerschap; Later,,,misschien,,\n"
    )
    for dry_run in (True, False):
        report = run(demo, content, dry_run=dry_run)
        assert [(p.row, p.column) for p in report.problems] == [
            (3, "naam"), (4, "domein"), (5, "fasen"), (5, "regionaal")]
        assert not report.written
    assert demo.store.counts() == before


def test_ties_to_unknown_ids_and_duplicates_are_reported(demo):
    report = run(demo, HEADER + "n1,A,Sociaal domein,Welzijnsorganisatie,,,,,,\nn1,B,Sociaal domein,Welzijnsorganisatie,,,,,,\n"
                                "gem-dijk,Gemeente,Sociaal domein,Welzijnsorganisatie,,,,,,\n")
    assert [(p.row, p.column) for p in report.problems] == [(3, "id")]
    ties = "van,naar,soort verbinding,sinds,tot,intensiteit,niveau,fase,status,titel\n" \
           "wt-noord,bestaat-niet,werkt samen met,2024-01-01,,Werken samen,,,,\n" \
           "wt-noord,vp-noord,werkt samen met,2024-01-01,2023-01-01,Werken samen,,,,\n" \
           "wt-noord,vp-noord,verwijst naar,2024-01-01,,Werken samen,,,,\n" \
           "wt-noord,kansrijk-dijkhaven,werkt samen met,2024-01-01,,Werken samen,,,,\n"
    report = run(demo, ties)
    assert [(p.row, p.column) for p in report.problems] == [(2, "naar"), (3, "tot"), (4, "intensiteit"), (5, "van")]


def test_a_real_import_writes_all_rows_and_is_idempotent(demo):
    content = HEADER + "n1,Nieuwe Partner,Sociaal domein,Welzijnsorganisatie,,Management en beleid,,,,\n"
    first = run(demo, content)
    assert first.written and first.nodes == {"organisation": 1} and first.ties == {"member_of": 1}
    run(demo, content)
    ties = demo.store.ties_of("n1")
    assert [(t["kind"], t["to"], t["level"]) for t in ties] == [("member_of", C1, "management")]
    assert demo.store.list_nodes("organisation", coalition=C1, text="nieuwe").items[0]["id"] == "n1"


def test_wrong_headers_and_other_coalitions_are_refused(demo):
    report = run(demo, "naam,kleur\nX,rood\n")
    assert "passen bij geen van de sjablonen" in report.problems[0].message and "kleur" in report.problems[0].message
    coordinator_b = Principal("t", "B", Role.COORDINATOR, frozenset({"kansrijk-buurdorp"}))
    with pytest.raises(PermissionDenied):
        run(demo, HEADER, principal=coordinator_b)
    coordinator_a = Principal("t", "A", Role.COORDINATOR, frozenset({C1}))
    report = run(demo, HEADER + "wt-buur,Overname,Sociaal domein,Welzijnsorganisatie,,,,,,\n", principal=coordinator_a)
    assert [(p.row, p.column) for p in report.problems] == [(2, "id")]


def test_graphml_and_gexf_open_in_networkx_and_igraph(demo, tmp_path):
    for fmt in ("graphml", "gexf"):
        [file] = export(demo, SYSTEM, C1, fmt)
        path = tmp_path / file.name
        path.write_text(file.content)
        graph = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
        sub = demo.store.coalition_subgraph(C1)
        assert graph.number_of_nodes() == len(sub.nodes)
        assert graph.number_of_edges() == len(sub.ties)
        assert graph.nodes["zkh-rivier"]["label"] == "Ziekenhuis Rivierenland (integrale gezinspoli)"
        assert graph.nodes["vp-noord"]["domain"] == "medical"
        if fmt == "graphml":
            ig = igraph.Graph.Read_GraphML(str(path))
        else:
            ig = igraph.Graph.from_networkx(graph)
        assert ig.vcount() == len(sub.nodes) and ig.ecount() == len(sub.ties)


def test_csv_and_json_exports_hold_every_node_and_tie(demo):
    nodes_csv, ties_csv = export(demo, SYSTEM, C1, "csv")
    sub = demo.store.coalition_subgraph(C1)
    assert len(nodes_csv.content.strip().splitlines()) == len(sub.nodes) + 1
    assert len(ties_csv.content.strip().splitlines()) == len(sub.ties) + 1
    assert ties_csv.content.splitlines()[0].startswith("id,kind,from,to,since,until")
    [as_json] = export(demo, SYSTEM, C1, "json")
    assert '"Kansrijke Start Dijkhaven"' in as_json.content


def test_xlsx_template_has_dutch_headers_and_an_example_row():
    workbook = load_workbook(io.BytesIO((TEMPLATES / "kansrijke-start-import.xlsx").read_bytes()))
    assert workbook.sheetnames == ["Partners", "Mensen", "Gemeenschappen", "Interventies", "Verbindingen"]
    partners = list(workbook["Partners"].iter_rows(values_only=True))
    assert partners[0][:4] == ("id", "naam", "domein", "soort organisatie") and len(partners) == 2
    assert base64.b64encode(b"x")  # the GraphQL mutation takes XLSX as base64 (see the session test)


def test_a_file_over_the_size_cap_gets_a_report_and_no_writes(demo):
    before = demo.store.counts()
    report = run(demo, HEADER + "x" * (5 * 1024 * 1024 + 1))
    assert not report.written and "groter dan 5 MB" in report.problems[0].message
    assert demo.store.counts() == before
