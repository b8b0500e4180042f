"""The evaluator's cross-domain view: domains as nodes, tie counts as line widths, the domain x
domain matrix as a heat map (inline SVG), and several coalitions' bridging figures side by side."""

from __future__ import annotations

import math
from typing import Any

from ..analysis.results import Analysis, DomainCell
from ..analysis.rules import DOMAINS
from ..domain.vocabulary import Vocabulary
from .coalition_map import OPTIONS, TEXT as MAP_TEXT, lang_of
from .page import DOMAIN_COLOUR, MapNetwork, Page, esc, render_page

TEXT = {
    "nl": {"title": "Verbindingen tussen domeinen", "heat": "Waargenomen / verwacht bij toeval",
           "side": "Coalities naast elkaar", "partners": "partners", "ties": "verbindingen",
           "bridging": "brugindex", "ei": "E-I-index", "density": "dichtheid", "within": "binnen het domein"},
    "en": {"title": "Ties between domains", "heat": "Observed / expected by chance", "side": "Coalitions side by side",
           "partners": "partners", "ties": "ties", "bridging": "bridging index", "ei": "E-I index",
           "density": "density", "within": "within the domain"},
}


def _cell_colour(ratio: float) -> str:
    """Red (far below chance) through white (as expected) to green (above)."""
    ratio = max(0.0, min(ratio, 2.0))
    if ratio < 1:
        shade = int(255 * ratio)
        return f"#ff{shade:02x}{shade:02x}"
    shade = int(255 * (2 - ratio))
    return f"#{shade:02x}ff{shade:02x}"


def heat_map_svg(matrix: list[DomainCell], labels: dict[str, str], title: str) -> str:
    """The domain x domain matrix as an SVG (presentation attributes only: the CSP forbids style)."""
    cells = {(c.a, c.b): c for c in matrix}
    size, left, top = 40, 160, 120
    width, height = left + size * len(DOMAINS) + 10, top + size * len(DOMAINS) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="heat" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="{esc(title)}">']
    for i, domain in enumerate(DOMAINS):
        parts.append(f'<text x="{left - 6}" y="{top + i * size + size / 2 + 4}" text-anchor="end" font-size="11">'
                     f"{esc(labels[domain])}</text>")
        x = left + i * size + size / 2
        parts.append(f'<text x="{x}" y="{top - 6}" font-size="11" transform="rotate(-45 {x} {top - 6})">'
                     f"{esc(labels[domain])}</text>")
    for i, a in enumerate(DOMAINS):
        for j, b in enumerate(DOMAINS):
            cell = cells.get((a, b)) or cells.get((b, a)) or DomainCell(a, b, 0, 0.0)
            ratio = cell.observed / cell.expected if cell.expected else 1.0
            parts.append(f'<rect x="{left + j * size}" y="{top + i * size}" width="{size - 2}" height="{size - 2}" '
                         f'fill="{_cell_colour(ratio)}" stroke="#d9e2ec" data-cell="{a}|{b}">'
                         f"<title>{esc(labels[a])} – {esc(labels[b])}: {cell.observed} / {cell.expected:.1f}</title></rect>")
            parts.append(f'<text x="{left + j * size + size / 2 - 1}" y="{top + i * size + size / 2 + 4}" '
                         f'text-anchor="middle" font-size="11">{cell.observed}</text>')
    parts.append("</svg>")
    return "".join(parts)


def render_domain_map(vocabulary: Vocabulary, analysis: Analysis, side_by_side: list[dict[str, Any]],
                      *, lang: str = "nl") -> Page:
    lang = lang_of(lang)
    t, mt = TEXT[lang], MAP_TEXT[lang]
    labels = {d: vocabulary.enums["domain"].get(d).label(lang) for d in DOMAINS}  # type: ignore[union-attr]
    within = {c.a: c.observed for c in analysis.domain_matrix if c.a == c.b}
    net = MapNetwork()
    for i, domain in enumerate(DOMAINS):
        angle = 2 * math.pi * i / len(DOMAINS) - math.pi / 2
        net.add_node(domain, label=f"{labels[domain]}\n{within.get(domain, 0)} {t['within']}", shape="dot",
                     color={"background": DOMAIN_COLOUR[domain], "border": "#334e68"},
                     x=260 * math.cos(angle), y=260 * math.sin(angle), physics=False,
                     size=14 + 3 * math.sqrt(within.get(domain, 0)), f={"domain": domain},
                     tooltip=f"{labels[domain]}: {within.get(domain, 0)} {t['ties']} {t['within']}")
    for cell in analysis.domain_matrix:
        if cell.a == cell.b or not cell.observed:
            continue
        net.add_edge(cell.a, cell.b, id=f"{cell.a}|{cell.b}", width=1 + 2 * math.sqrt(cell.observed), color="#627d98",
                     label=str(cell.observed), arrows="", f={"kind": "domain"},
                     tooltip=f"{labels[cell.a]} – {labels[cell.b]}: {cell.observed} {t['ties']} ({cell.expected:.1f})")
    rows = "".join(
        f"<tr><td>{esc(r['name'])}</td><td>{r['partners']}</td><td>{r['ties']}</td><td>{r['bridging_index']:.2f}</td>"
        f"<td>{r['ei_index']:.2f}</td><td>{r['density']:.3f}</td></tr>" for r in side_by_side)
    panel = (f'<button class="no-print" type="button" data-print>{esc(mt["print"])}</button>'
             f"<h2>{esc(t['heat'])}</h2>" + heat_map_svg(analysis.domain_matrix, labels, t["heat"])
             + f"<h2>{esc(t['side'])}</h2><table data-side-by-side><tr><th></th><th>{esc(t['partners'])}</th>"
             f"<th>{esc(t['ties'])}</th><th>{esc(t['bridging'])}</th><th>{esc(t['ei'])}</th><th>{esc(t['density'])}</th>"
             f"</tr>{rows}</table>")
    return render_page(title=f"{t['title']}: {analysis.name}", subtitle=f"{mt['as_of']} {analysis.as_of}",
                       lang=lang, network=net, options=OPTIONS, panel_html=panel)
