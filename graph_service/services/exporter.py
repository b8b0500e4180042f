"""Export a coalition's network as GraphML, GEXF (Gephi), CSV or JSON.

The export is the coalition subgraph as of a date: the same nodes and ties the overview and the
maps show, never a family. List values are joined with ';' and missing values left out, because
GraphML and GEXF attributes are scalars.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

import networkx as nx
from openpyxl import Workbook

from ..domain.errors import ValidationError
from .network import NetworkService
from .principal import Principal

FORMATS = ("graphml", "gexf", "csv", "json")


@dataclass(frozen=True)
class ExportFile:
    name: str
    media_type: str
    content: str


def _scalar(value: Any) -> Any:
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return value


#: a cell starting with one of these is read as a formula by Excel, LibreOffice and Google Sheets
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula (`=cmd|' /C calc'!A0`, `+1+1`), prefixed
    with a quote so it is shown as the text it is (OWASP's advice for CSV injection). Numbers stay
    numbers; only text is touched."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _title(node: dict[str, Any]) -> str:
    return str(node.get("name") or node.get("label") or node["id"])


def coalition_graph(service: NetworkService, principal: Principal, coalition_id: str, as_of: str | None = None) -> tuple[nx.MultiDiGraph, dict[str, Any]]:
    service.get_node(principal, coalition_id, kind="coalition")
    service.require_full_read(principal, coalition_id, "export")
    sub = service.coalition_subgraph(principal, coalition_id, as_of)
    graph = nx.MultiDiGraph(name=_title(sub.nodes[coalition_id]))
    for node_id, node in sub.nodes.items():
        attrs = {k: _scalar(v) for k, v in node.items() if k != "id" and v is not None}
        graph.add_node(node_id, label=_title(node), **attrs)
    for tie in sub.ties:
        # the tie id is the edge key (GraphML writes it as the edge's id), not an attribute
        attrs = {k: _scalar(v) for k, v in tie.items() if k not in ("id", "from", "to") and v is not None}
        graph.add_edge(tie["from"], tie["to"], key=tie["id"], **attrs)
    return graph, sub.nodes[coalition_id]


def export(service: NetworkService, principal: Principal, coalition_id: str, file_format: str,
           as_of: str | None = None) -> list[ExportFile]:
    if file_format not in FORMATS:
        raise ValidationError(f"unknown format {file_format!r}; use {', '.join(FORMATS)}", field="format")
    graph, coalition = coalition_graph(service, principal, coalition_id, as_of)
    base = coalition_id
    if file_format == "graphml":
        buffer = io.BytesIO()
        nx.write_graphml(graph, buffer)
        return [ExportFile(f"{base}.graphml", "application/graphml+xml", buffer.getvalue().decode())]
    if file_format == "gexf":
        buffer = io.BytesIO()
        nx.write_gexf(graph, buffer)
        return [ExportFile(f"{base}.gexf", "application/gexf+xml", buffer.getvalue().decode())]
    if file_format == "json":
        data = {
            "coalition": coalition,
            "nodes": [{"id": n, **attrs} for n, attrs in graph.nodes(data=True)],
            "ties": [{"id": key, "from": a, "to": b, **attrs} for a, b, key, attrs in graph.edges(keys=True, data=True)],
        }
        return [ExportFile(f"{base}.json", "application/json", json.dumps(data, ensure_ascii=False, indent=1))]
    (node_columns, node_rows), (tie_columns, tie_rows) = _tables(graph)
    nodes_csv, ties_csv = io.StringIO(), io.StringIO()
    for out, columns, rows in ((nodes_csv, node_columns, node_rows), (ties_csv, tie_columns, tie_rows)):
        writer = csv.DictWriter(out, columns)
        writer.writeheader()
        writer.writerows(rows)
    return [ExportFile(f"{base}-nodes.csv", "text/csv", nodes_csv.getvalue()),
            ExportFile(f"{base}-ties.csv", "text/csv", ties_csv.getvalue())]


Table = tuple[list[str], list[dict[str, Any]]]


def _tables(graph: nx.MultiDiGraph) -> tuple[Table, Table]:
    """The nodes and the ties as rows of columns, safe to open in a spreadsheet."""
    node_columns = ["id", "kind", "label"] + sorted({k for _, a in graph.nodes(data=True) for k in a} - {"kind", "label"})
    tie_columns = ["id", "kind", "from", "to", "since", "until"] + sorted(
        {k for *_, a in graph.edges(keys=True, data=True) for k in a} - {"id", "kind", "since", "until"})
    node_rows = [{k: spreadsheet_safe(v) for k, v in {"id": node_id, **attrs}.items()}
                 for node_id, attrs in graph.nodes(data=True)]
    tie_rows = [{k: spreadsheet_safe(v) for k, v in {**attrs, "id": key, "from": a, "to": b}.items()}
                for a, b, key, attrs in graph.edges(keys=True, data=True)]
    return (node_columns, node_rows), (tie_columns, tie_rows)


def export_xlsx(service: NetworkService, principal: Principal, coalition_id: str, as_of: str | None = None) -> bytes:
    """The coalition's network as one workbook: a sheet of nodes and a sheet of ties."""
    graph, _ = coalition_graph(service, principal, coalition_id, as_of)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, (columns, rows) in zip(("Knooppunten", "Relaties"), _tables(graph)):
        sheet = workbook.create_sheet(title)
        sheet.append(columns)
        for row in rows:
            sheet.append([row.get(column) for column in columns])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
