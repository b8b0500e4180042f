"""The evaluator's charts with their data: each chart is an SVG and the table it draws, so the page
shows both, and the downloads (SVG, PNG, CSV, Excel) and the report come from the same rows.

Built from what the workspace service answers, so it is tested without a browser."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any, Mapping

from markupsafe import Markup
from openpyxl import Workbook

from ..analysis.bridging import FIGURES, BridgingFigures
from ..domain.vocabulary import Vocabulary
from ..services.evaluator_workspace import OverviewRow
from . import charts

#: figures drawn over time on a coalition's page: every figure but the E-I index by chance (it moves only with the domains' sizes)
OVER_TIME = tuple(f for f in FIGURES if f != "ei_expected")
#: figures with a fraction as value: written with two decimals; the rest are counts
FRACTIONS = frozenset({"density", "ei_index", "ei_expected", "bridging_index", "cross_domain_share"})


@dataclass
class Chart:
    key: str
    title: str
    svg: Markup
    header: list[str]
    rows: list[list[Any]]
    #: the explanation's text keys (means_/computed_/caveat_ + this)
    explains: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def value_text(name: str, value: float) -> str:
    return f"{value:.2f}" if name in FRACTIONS else f"{value:.0f}"


def domain_chart(figures: BridgingFigures, vocabulary: Vocabulary, t: Mapping[str, str], lang: str) -> Chart:
    label = {d.id: d.label(lang) for d in vocabulary.enums["domain"].values}
    domains = [d for d in vocabulary.order("domain") if any(d in (c.a, c.b) for c in figures.matrix)]
    cells = [charts.Cell(label[c.a], label[c.b], c.observed, c.expected) for c in figures.matrix]
    title = f"{t['heat_map']}: {figures.name}"
    rows = [[label[c.a], label[c.b], c.observed, round(c.expected, 2)] for c in figures.matrix]
    return Chart("domeinen", title, charts.heat_map(title, [label[d] for d in domains], cells),
                 [t["ws_domain"], t["ws_domain"], t["observed"], t["expected"]], rows, "heat_map")


def phase_chart(figures: BridgingFigures, vocabulary: Vocabulary, t: Mapping[str, str], lang: str) -> Chart:
    phases = vocabulary.enums["phase"]
    items = [(phases.get(p).label(lang), float(n)) for p, n in figures.phase_ties.items()]  # type: ignore[union-attr]
    title = f"{t['medical_social_per_phase']}: {figures.name}"
    return Chart("fasen", title, charts.bars(title, items, digits=0), [t["ws_phase"], t["fig_ties"]],
                 [[label, int(n)] for label, n in items], "phase")


def time_chart(name: str, series: list[tuple[str, float]], figures: BridgingFigures, t: Mapping[str, str]) -> Chart:
    figure = t[f"fig_{name}"]
    title = f"{t['figure_over_time'].format(figure=figure)}: {figures.name}"
    digits = 2 if name in FRACTIONS else 0
    return Chart(f"verloop-{name}", title, charts.line(title, series, digits), [t["date"], figure],
                 [[date, round(value, 4)] for date, value in series], "over_time")


def coalition_charts(row: OverviewRow, vocabulary: Vocabulary, t: Mapping[str, str], lang: str) -> list[Chart]:
    figures = row.figures
    return [domain_chart(figures, vocabulary, t, lang), phase_chart(figures, vocabulary, t, lang),
            *(time_chart(name, row.series[name], figures, t) for name in OVER_TIME)]


def bridging_chart(rows: list[OverviewRow], t: Mapping[str, str]) -> Chart:
    items = [(r.figures.name, r.figures.values["bridging_index"]) for r in rows]
    title = t["bridging_side_by_side"]
    return Chart("brugindex", title, charts.bars(title, items, reference=1.0), [t["coalition"], t["fig_bridging_index"]],
                 [[name, round(value, 4)] for name, value in items], "bridging_index")


def as_csv(chart: Chart) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(chart.header)
    writer.writerows(chart.rows)
    return out.getvalue()


def as_workbook(sheets: list[tuple[str, list[str], list[list[Any]]]]) -> bytes:
    """Sheets of (title, header, rows); a title is cut to Excel's 31 characters, kept unique."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for title, header, rows in sheets:
        name = title.replace("/", "-").replace(":", "")[:31]
        number = 2
        while name in used:
            name = f"{title[:28]} {number}"
            number += 1
        used.add(name)
        sheet = workbook.create_sheet(name)
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
