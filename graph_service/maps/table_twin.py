"""The table twin of a coalition map: the same elements and ties as the map shows, with the same
filters, as rows a screen reader, a keyboard and a printer can read (WCAG 1.1.1: a picture of a
network has a text alternative that says what the picture says)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..analysis.results import Analysis
from ..domain.vocabulary import Vocabulary
from .coalition_map import METRICS, CoalitionMapBuilder, lang_of
from .page import enum_label, tie_label


@dataclass(frozen=True)
class ElementRow:
    id: str
    name: str
    kind: str
    domain: str
    metric: float


@dataclass(frozen=True)
class TieRow:
    start: str
    kind: str
    end: str
    since: str
    until: str


@dataclass(frozen=True)
class MapTable:
    elements: list[ElementRow]
    ties: list[TieRow]


def shown(f: dict[str, Any], filters: dict[str, str | None]) -> bool:
    """A node shows when it has every chosen value (the map's script decides the same way)."""
    for key, want in filters.items():
        if not want or key == "tie":
            continue
        have = f.get(key)
        if not (want in have if isinstance(have, list) else have == want):
            return False
    return True


def map_table(vocabulary: Vocabulary, nodes: dict[str, dict[str, Any]], ties: list[dict[str, Any]],
              analysis: Analysis, *, lang: str = "nl", metric: str = "degree",
              filters: dict[str, str | None] | None = None) -> MapTable:
    lang = lang_of(lang)
    metric = metric if metric in METRICS else "degree"
    filters = filters or {}
    builder = CoalitionMapBuilder(vocabulary, nodes, ties, analysis.coalition, analysis, lang)
    builder.add_nodes({}, metric)
    builder.add_ties(ties)
    visible = {n["id"]: n for n in builder.net.nodes if shown(n["f"], filters)}
    elements = sorted((ElementRow(id=node_id, name=node["label"],
                                  kind=(vocabulary.node_kinds[node["f"]["kind"]].en if lang == "en"
                                        else vocabulary.node_kinds[node["f"]["kind"]].nl),
                                  domain=enum_label(vocabulary, "domain", node["f"]["domain"], lang)
                                  if node["f"]["domain"] else "",
                                  metric=builder.metrics_of(node_id)[metric])
                       for node_id, node in visible.items()), key=lambda row: (row.name.lower(), row.id))
    since = {t["id"]: (t.get("since") or "", t.get("until") or "") for t in ties}
    rows = []
    for edge in builder.net.edges:
        if edge["from"] not in visible or edge["to"] not in visible:
            continue
        if filters.get("tie") and edge["f"]["kind"] != filters["tie"]:
            continue
        start, end = since.get(edge["id"].split(":", 1)[1], ("", ""))
        rows.append(TieRow(visible[edge["from"]]["label"], tie_label(vocabulary, edge["f"]["kind"], lang),
                           visible[edge["to"]]["label"], start, end))
    return MapTable(elements, sorted(rows, key=lambda r: (r.start.lower(), r.kind, r.end.lower())))
