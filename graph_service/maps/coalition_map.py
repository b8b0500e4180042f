"""The coalition map, its gap overlay and its time view, for coordinators and evaluators.

Colour is the domain and shape the kind (so the map reads without colour too), size the chosen
metric (degree, betweenness or brokerage; all three travel with the page, so switching is
instant), line style the relationship kind. Positions come from the seeded layout of `layout.py`, so
the same data always gives the same picture and the page is interactive at once (no physics).
"""

from __future__ import annotations

import json
from typing import Any, Iterable

from ..analysis.findings import Finding
from ..analysis.metrics import NodeMetrics
from ..analysis.results import Analysis, Comparison
from ..analysis.rules import DOMAINS
from ..domain.errors import ValidationError
from ..domain.vocabulary import Vocabulary
from .layout import seeded_layout
from .page import DOMAIN_COLOUR, MapNetwork, Page, domain_legend, enum_label, esc, render_page, tie_label

METRICS = ("degree", "betweenness", "brokerage")
KIND_SHAPE = {"organisation": "dot", "professional": "square", "informal_supporter": "diamond",
              "community": "triangle", "intervention": "triangleDown", "neighbourhood": "hexagon"}
KIND_SYMBOL = {"organisation": "●", "professional": "■", "informal_supporter": "◆", "community": "▲",
               "intervention": "▼", "neighbourhood": "⬢"}
#: relationship kind -> (colour, dashes, arrow, width)
TIE_STYLE: dict[str, tuple[str, Any, bool, float]] = {
    "collaborates_with": ("#486581", False, False, 2),
    "refers_to": ("#2680c2", [8, 4], True, 2),
    "warm_handover": ("#7c5e10", False, True, 3),
    "agreement": ("#9446ed", [2, 4], False, 2),
    "funds": ("#3f9142", [12, 4, 2, 4], True, 2),
    "works_at": ("#d9e2ec", False, False, 1),
    "offers": ("#bcccdc", [4, 4], True, 1),
    "reaches": ("#f0b429", [2, 3], True, 1.5),
    "located_in": ("#e4e7eb", [1, 4], False, 1),
}
HIDDEN_TIES = frozenset({"member_of", "belongs_to"})  # drawn as the map itself, not as lines
ADDED, REMOVED, SUGGESTED = "#2f9e44", "#e03131", "#e8590c"
OVERLAP_COLOURS = ("#0b7285", "#862e9c", "#5c940d", "#a61e4d", "#1864ab")

TEXT = {
    "nl": {"coalition_map": "Coalitiekaart", "overlay": "met witte vlekken", "time": "Verandering",
           "as_of": "stand van", "filters": "Filters", "all": "alle", "search": "Zoek op naam",
           "size": "Grootte naar", "legend": "Legenda", "findings": "Bevindingen", "kinds": "Soort",
           "suggested": "voorgestelde verbinding", "unreached": "niet bereikte gemeenschap",
           "isolated": "partner zonder verbindingen", "broker": "enige bruggenbouwer", "overlap": "overlappend aanbod",
           "added": "nieuwe verbinding", "removed": "verdwenen verbinding", "closed": "Opgeloste bevindingen",
           "new": "Nieuwe bevindingen", "none": "geen", "print": "Afdrukken", "nodes_shown": "zichtbaar",
           "degree": "verbindingen", "betweenness": "tussenpositie", "brokerage": "makelaarsrollen",
           "figures": "Kerncijfers", "from": "van", "to": "tot", "source": "uit meting"},
    "en": {"coalition_map": "Coalition map", "overlay": "with gaps", "time": "Change", "as_of": "as of",
           "filters": "Filters", "all": "all", "search": "Search by name", "size": "Size by", "legend": "Legend",
           "findings": "Findings", "kinds": "Kind", "suggested": "suggested tie", "unreached": "unreached community",
           "isolated": "partner without ties", "broker": "single broker", "overlap": "overlapping offer",
           "added": "tie added", "removed": "tie removed", "closed": "Findings closed", "new": "Findings new",
           "none": "none", "print": "Print", "nodes_shown": "shown", "degree": "degree",
           "betweenness": "betweenness", "brokerage": "brokerage", "figures": "Headline figures",
           "from": "from", "to": "to", "source": "from survey"},
}
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
#: the coalition gap rules by name, for the findings beside a map
RULE_NAMES = {
    "missing_domain": ("Domein ontbreekt", "Domain missing"),
    "missing_partner_type": ("Partner ontbreekt", "Partner type missing"),
    "missing_level": ("Niveau ontbreekt", "Level missing"),
    "weak_cross_domain_ties": ("Weinig verbindingen tussen domeinen", "Few ties between domains"),
    "single_broker": ("Eén bruggenbouwer", "Single broker"),
    "unreached_community": ("Gemeenschap niet bereikt", "Community not reached"),
    "phase_gap": ("Fase zonder aanbod", "Phase without offer"),
    "overlap": ("Overlappend aanbod", "Overlapping offer"),
    "no_warm_handover": ("Geen warme overdracht", "No warm handover"),
    "isolated_member": ("Partner zonder verbindingen", "Partner without ties"),
    "pillar_without_activity": ("Pijler zonder activiteit", "Pillar without activity"),
}


def lang_of(lang: str | None) -> str:
    return "en" if lang == "en" else "nl"


def check_choice(value: str | None, allowed: Iterable[str], field: str) -> str | None:
    """A filter or metric value from a URL or the command line, or a clear error naming it."""
    allowed = list(allowed)
    if value in (None, ""):
        return None
    if value not in allowed:
        raise ValidationError(f"{value!r} is not one of: {', '.join(allowed)}", field=field, code="UNKNOWN_VALUE",
                              value=str(value)[:80])
    return value


class CoalitionMapBuilder:
    """Nodes and edges of a coalition subgraph, with metrics, findings and filter attributes."""

    def __init__(self, vocabulary: Vocabulary, nodes: dict[str, dict[str, Any]], ties: list[dict[str, Any]],
                 coalition_id: str, analysis: Analysis | None, lang: str) -> None:
        self.vocabulary = vocabulary
        self.lang = lang
        self.t = TEXT[lang]
        self.coalition_id = coalition_id
        self.nodes = {i: n for i, n in nodes.items() if n["kind"] in KIND_SHAPE}
        self.ties = ties
        self.per_node = analysis.nodes if analysis else NodeMetrics()
        self.findings = analysis.findings if analysis else []
        self.levels: dict[str, set[str]] = {}
        self.employer: dict[str, str] = {}
        for tie in ties:
            if tie["kind"] == "member_of" and tie["to"] == coalition_id:
                self.levels.setdefault(tie["from"], set()).add(tie.get("level") or "practice")
            elif tie["kind"] == "works_at":
                self.employer.setdefault(tie["from"], tie["to"])
        self.offered_by: dict[str, str] = {t["to"]: t["from"] for t in ties if t["kind"] == "offers"}
        self.node_findings: dict[str, list[str]] = {}
        for finding in self.findings:
            for node_id in finding.nodes:
                self.node_findings.setdefault(node_id, []).append(finding.en if lang == "en" else finding.nl)
        self.net = MapNetwork()

    def domain(self, node_id: str) -> str | None:
        node = self.nodes.get(node_id) or {}
        if node.get("domain"):
            return node["domain"]
        if node.get("kind") in ("informal_supporter", "community"):
            return "informal"
        owner = self.employer.get(node_id) or self.offered_by.get(node_id)
        return (self.nodes.get(owner) or {}).get("domain") if owner else None

    def metrics_of(self, node_id: str) -> dict[str, float]:
        per_node = self.per_node
        brokerage = per_node.brokerage.get(node_id) or {}
        return {"degree": float(per_node.degree.get(node_id) or 0.0),
                "betweenness": float(per_node.betweenness.get(node_id) or 0.0),
                "brokerage": float(sum(brokerage.values()))}

    def _tooltip(self, node: dict[str, Any], metrics: dict[str, float]) -> str:
        kind = self.vocabulary.node_kinds[node["kind"]]
        lines = [str(node.get("name", node["id"])), kind.en if self.lang == "en" else kind.nl]
        domain = self.domain(node["id"])
        if domain:
            lines.append(enum_label(self.vocabulary, "domain", domain, self.lang))
        for prop, enum in (("organisation_type", "organisation_type"), ("intervention_type", "intervention_type")):
            if node.get(prop):
                lines.append(enum_label(self.vocabulary, enum, node[prop], self.lang))
        if node.get("phases"):
            lines.append(", ".join(enum_label(self.vocabulary, "phase", p, self.lang) for p in node["phases"]))
        for level in sorted(self.levels.get(node["id"], ())):
            lines.append(enum_label(self.vocabulary, "level", level, self.lang))
        if node["id"] in self.per_node.degree:
            lines.append(" · ".join(f"{self.t[m]}: {metrics[m]:.2f}" if m != "brokerage" else f"{self.t[m]}: {metrics[m]:.0f}"
                                    for m in METRICS))
        lines += [f"• {text}" for text in self.node_findings.get(node["id"], [])[:4]]
        return "\n".join(lines)

    def add_nodes(self, positions: dict[str, tuple[float, float]], metric: str) -> None:
        values = {i: self.metrics_of(i) for i in self.nodes}
        top = {m: max((v[m] for v in values.values()), default=0.0) or 1.0 for m in METRICS}
        for node_id in sorted(self.nodes):
            node = self.nodes[node_id]
            domain = self.domain(node_id)
            x, y = positions.get(node_id, (0.0, 0.0))
            self.net.add_node(
                node_id, label=str(node.get("name", node_id)), shape=KIND_SHAPE[node["kind"]],
                color={"background": DOMAIN_COLOUR.get(domain, DOMAIN_COLOUR[None]), "border": "#334e68"},
                x=x, y=y, physics=False, borderWidth=1, size=8 + 28 * values[node_id][metric] / top[metric],
                m={m: values[node_id][m] / top[m] for m in METRICS},
                f={"domain": domain, "kind": node["kind"], "phase": list(node.get("phases") or []),
                   "level": sorted(self.levels.get(node_id, ()))},
                tooltip=self._tooltip(node, values[node_id]),
            )

    def add_ties(self, ties: list[dict[str, Any]], colour: str | None = None, dashes: Any = None,
                 width: float | None = None, status: str | None = None) -> None:
        for tie in ties:
            if tie["kind"] in HIDDEN_TIES or tie["from"] not in self.nodes or tie["to"] not in self.nodes:
                continue
            base_colour, base_dashes, arrow, base_width = TIE_STYLE.get(tie["kind"], ("#9aa5b1", False, False, 1))
            name = tie_label(self.vocabulary, tie["kind"], self.lang)
            tooltip = f"{self.nodes[tie['from']].get('name', tie['from'])} {name} {self.nodes[tie['to']].get('name', tie['to'])}"
            if status:
                tooltip += f" ({self.t[status]})"
            if tie.get("source_title"):
                tooltip += f" · {self.t['source']}: {tie['source_title']}"
            self.net.add_edge(
                tie["from"], tie["to"], id=f"{status or 'tie'}:{tie['id']}", color=colour or base_colour,
                dashes=base_dashes if dashes is None else dashes, width=width or base_width,
                arrows="to" if arrow else "", f={"kind": tie["kind"]}, tooltip=tooltip,
                **({"status": status} if status else {}),
            )

    def overlay(self) -> list[tuple[str, list[str]]]:
        """Mark the gaps on the map; returns the legend items that occur."""
        by_id = self.net.node_map
        used: list[tuple[str, list[str]]] = []
        for finding in self.findings:
            rule = finding.rule
            if rule == "weak_cross_domain_ties":
                for s in finding.suggested_ties:
                    if s.from_id in by_id and s.to_id in by_id:
                        self.net.add_edge(
                            s.from_id, s.to_id, id=f"suggested:{s.from_id}:{s.to_id}", color=SUGGESTED,
                            dashes=[10, 8], width=2, arrows="", f={"kind": "suggested"}, status="suggested",
                            tooltip=f"{self.t['suggested']}: " + (s.reason_en if self.lang == "en" else s.reason_nl))
                used.append(("suggested", []))
            elif rule == "unreached_community":
                for node_id in finding.nodes:
                    node = by_id.get(node_id)
                    if node and node["f"]["kind"] == "community":
                        node["color"]["border"] = REMOVED
                        node["borderWidth"] = 4
                        node["label"] = "⚠ " + node["label"]
                        node["mark"] = "unreached"
                used.append(("unreached", finding.nodes))
            elif rule == "isolated_member" and finding.severity == "high":
                for node_id in finding.nodes:
                    if node_id in by_id:
                        by_id[node_id]["shapeProperties"] = {"borderDashes": [4, 4]}
                        by_id[node_id]["borderWidth"] = 3
                        by_id[node_id]["color"]["border"] = REMOVED
                        by_id[node_id]["mark"] = "isolated"
                used.append(("isolated", finding.nodes))
            elif rule == "single_broker":
                for node_id in finding.nodes[:1]:
                    if node_id in by_id:
                        by_id[node_id]["borderWidth"] = 7
                        by_id[node_id]["color"]["border"] = SUGGESTED
                        by_id[node_id]["mark"] = "broker"
                used.append(("broker", finding.nodes[:1]))
        overlaps = [f for f in self.findings if f.rule == "overlap"]
        for group, finding in enumerate(overlaps):
            colour = OVERLAP_COLOURS[group % len(OVERLAP_COLOURS)]
            for node_id in finding.nodes:
                if node_id in by_id and "mark" not in by_id[node_id]:
                    by_id[node_id]["color"]["border"] = colour
                    by_id[node_id]["borderWidth"] = 4
                    by_id[node_id]["mark"] = f"overlap-{group + 1}"
                    by_id[node_id]["label"] += f" [{group + 1}]"
            used.append(("overlap", finding.nodes))
        return used

    # ------------------------------------------------------------------ panel
    def filters(self) -> list[dict[str, Any]]:
        present = {key: set() for key in ("domain", "kind", "phase", "level")}
        for node in self.net.nodes:
            for key in ("domain", "kind"):
                if node["f"][key]:
                    present[key].add(node["f"][key])
            for key in ("phase", "level"):
                present[key].update(node["f"][key])
        enums = {"domain": "domain", "phase": "phase", "level": "level"}
        out = []
        for key in ("domain", "phase", "level"):
            values = [v for v in self.vocabulary.enums[enums[key]].values if v.id in present[key]]
            label = self.vocabulary.enums[enums[key]].en if self.lang == "en" else self.vocabulary.enums[enums[key]].nl
            out.append({"key": key, "target": "node", "label": label,
                        "options": [(v.id, v.label(self.lang)) for v in values]})
        kinds = [k for k in self.vocabulary.node_kinds.values() if k.name in present["kind"]]
        out.append({"key": "kind", "target": "node", "label": self.t["kinds"],
                    "options": [(k.name, k.en if self.lang == "en" else k.nl) for k in kinds]})
        tie_kinds = sorted({e["f"]["kind"] for e in self.net.edges if e["f"]["kind"] in self.vocabulary.relationship_kinds})
        out.append({"key": "tie", "target": "edge", "label": "Relatie" if self.lang == "nl" else "Relationship",
                    "options": [(k, self.vocabulary.relationship_kinds[k].en if self.lang == "en"
                                 else self.vocabulary.relationship_kinds[k].nl) for k in tie_kinds]})
        return out


def filter_controls(filters: list[dict[str, Any]], initial: dict[str, str | None], t: dict[str, str],
                    metric: str | None = None) -> str:
    parts = [f'<button class="no-print" type="button" data-print>{esc(t["print"])}</button>',
             f'<div class="no-print"><h2>{esc(t["filters"])}</h2>',
             f'<label class="control">{esc(t["search"])} <input type="search" data-search></label>']
    if metric:
        options = "".join(f'<option value="{m}"{" selected" if m == metric else ""}>{esc(t[m])}</option>' for m in METRICS)
        parts.append(f'<label class="control">{esc(t["size"])} <select data-metric>{options}</select></label>')
    for f in filters:
        options = [f'<option value="">{esc(t["all"])}</option>']
        for value, label in f["options"]:
            selected = " selected" if initial.get(f["key"]) == value else ""
            options.append(f'<option value="{esc(value)}"{selected}>{esc(label)}</option>')
        parts.append(f'<label class="control">{esc(f["label"])} <select data-filter="{esc(f["key"])}" '
                     f'data-target="{esc(f["target"])}">{"".join(options)}</select></label>')
    parts.append(f'<p class="muted"><span data-count>0</span> {esc(t["nodes_shown"])}</p></div>')
    return "".join(parts)


def findings_list(findings: list[Finding], lang: str, limit: int = 12) -> str:
    ordered = sorted(findings, key=lambda f: (SEVERITY_ORDER.get(f.severity, 3), f.rule))[:limit]
    parts = []
    for f in ordered:
        classes = "signal priority" if f.severity == "high" else "signal"
        text = f.en if lang == "en" else f.nl
        name = RULE_NAMES.get(f.rule, (f.rule, f.rule))[1 if lang == "en" else 0]
        action = f.action_en if lang == "en" else f.action_nl
        parts.append(f'<div class="{classes}" role="button" tabindex="0" aria-pressed="false" '
                     f'data-evidence="{esc(_json(f.nodes))}"><strong>{esc(name)}</strong>{esc(text)}'
                     f'<div class="suggestion">{esc(action)}</div></div>')
    return "".join(parts)


def _json(values: list[str]) -> str:
    return json.dumps(list(values))


def legend(vocabulary: Vocabulary, lang: str, kinds: Iterable[str], tie_kinds: Iterable[str],
           extra: list[tuple[str, str]] = ()) -> str:
    t = TEXT[lang]
    parts = [f"<h2>{esc(t['legend'])}</h2>"]
    for kind in kinds:
        spec = vocabulary.node_kinds[kind]
        parts.append(f'<div class="legend-row"><span class="shape">{KIND_SYMBOL[kind]}</span>'
                     f'{esc(spec.en if lang == "en" else spec.nl)}</div>')
    parts.append(domain_legend(vocabulary, lang, DOMAINS))
    for kind in tie_kinds:
        spec = vocabulary.relationship_kinds[kind]
        parts.append(f'<div class="legend-row"><span class="swatch tie-{kind}"></span>'
                     f'{esc(spec.en if lang == "en" else spec.nl)}</div>')
    for css, text in extra:
        parts.append(f'<div class="legend-row"><span class="swatch {css}"></span>{esc(text)}</div>')
    return "".join(parts)


OPTIONS = {"physics": {"enabled": False}, "interaction": {"hover": True, "tooltipDelay": 150, "multiselect": True},
           "nodes": {"font": {"size": 12}}, "edges": {"smooth": False, "selectionWidth": 2}}


def render_coalition_map(vocabulary: Vocabulary, graph_nodes: dict[str, dict[str, Any]], ties: list[dict[str, Any]],
                         analysis: Analysis, *, lang: str = "nl", metric: str = "degree", overlay: bool = False,
                         initial: dict[str, str | None] | None = None) -> Page:
    lang = lang_of(lang)
    t = TEXT[lang]
    builder = CoalitionMapBuilder(vocabulary, graph_nodes, ties, analysis.coalition, analysis, lang)
    drawn = [(x["from"], x["to"]) for x in ties if x["kind"] not in HIDDEN_TIES]
    positions = seeded_layout(sorted(builder.nodes), [e for e in drawn if e[0] in builder.nodes and e[1] in builder.nodes])
    builder.add_nodes(positions, metric)
    builder.add_ties(ties)
    marks = builder.overlay() if overlay else []
    extra = [(f"mark-{name}", t[name]) for name in dict.fromkeys(name for name, _ in marks)]
    panel = (filter_controls(builder.filters(), initial or {}, t, metric)
             + f"<h2>{esc(t['findings'])}</h2>" + findings_list(analysis.findings, lang)
             + legend(vocabulary, lang, sorted({n["f"]["kind"] for n in builder.net.nodes}),
                      sorted({e["f"]["kind"] for e in builder.net.edges if e["f"]["kind"] in TIE_STYLE}), extra))
    title = f"{t['coalition_map']}: {analysis.name}" + (f" ({t['overlay']})" if overlay else "")
    return render_page(title=title, subtitle=f"{t['as_of']} {analysis.as_of}", lang=lang, network=builder.net,
                       options=OPTIONS, panel_html=panel, extra={"filters": {k: v for k, v in (initial or {}).items() if v}},
                       framable=True)


def render_time_map(vocabulary: Vocabulary, graph_nodes: dict[str, dict[str, Any]], ties_after: list[dict[str, Any]],
                    comparison: Comparison, analysis: Analysis, *, lang: str = "nl") -> Page:
    """The network at the later date with the ties added (green) and removed (red) since the earlier one."""
    lang = lang_of(lang)
    t = TEXT[lang]
    builder = CoalitionMapBuilder(vocabulary, graph_nodes, ties_after + comparison.ties_removed,
                                  analysis.coalition, analysis, lang)
    added = {x["id"] for x in comparison.ties_added}
    all_ties = ties_after + comparison.ties_removed
    positions = seeded_layout(sorted(builder.nodes), [(x["from"], x["to"]) for x in all_ties
                                                      if x["from"] in builder.nodes and x["to"] in builder.nodes
                                                      and x["kind"] not in HIDDEN_TIES])
    builder.add_nodes(positions, "degree")
    builder.add_ties([x for x in ties_after if x["id"] not in added])
    builder.add_ties(comparison.ties_added, colour=ADDED, width=4, status="added")
    builder.add_ties(comparison.ties_removed, colour=REMOVED, dashes=[6, 6], width=3, status="removed")
    figures = "".join(f"<tr><td>{esc(name)}</td><td>{v.before:.2f}</td><td>{v.after:.2f}</td></tr>"
                      for name, v in comparison.figures.items())
    panel = (filter_controls(builder.filters(), {}, t)
             + f"<h2>{esc(t['closed'])}</h2>" + (findings_list(comparison.findings_closed, lang) or esc(t["none"]))
             + f"<h2>{esc(t['new'])}</h2>" + (findings_list(comparison.findings_new, lang) or esc(t["none"]))
             + f"<h2>{esc(t['figures'])}</h2><table><tr><th></th><th>{esc(comparison.from_date)}</th>"
             + f"<th>{esc(comparison.to_date)}</th></tr>{figures}</table>"
             + legend(vocabulary, lang, sorted({n["f"]["kind"] for n in builder.net.nodes}), [],
                      [("mark-added", t["added"]), ("mark-removed", t["removed"])]))
    title = f"{t['time']}: {analysis.name}"
    return render_page(title=title, subtitle=f"{t['from']} {comparison.from_date} {t['to']} {comparison.to_date}",
                       lang=lang, network=builder.net, options=OPTIONS, panel_html=panel, framable=True)
