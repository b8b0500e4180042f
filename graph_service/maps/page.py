"""One page machinery for every map: our own template with vis-network inlined.

A page loads nothing from anywhere: vis-network and its styles come from `graph_service/visualisations/vendor`
and are inlined, the map data travels in a JSON block that is never executed, and every text a
user typed reaches the page either escaped (panel HTML) or through `textContent` (tooltips).
The Content-Security-Policy allows exactly the inlined scripts and styles by their hashes.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from pyvis.network import Network

from ..domain.vocabulary import Vocabulary

VISUALISATIONS = Path(__file__).resolve().parents[1] / "visualisations"
#: one colour per domain on every map (the legend swatches are the `dom-*` classes of map.css)
DOMAIN_COLOUR = {"medical": "#e66a6a", "public_health": "#9f7aea", "social": "#4098d7", "informal": "#f7c948",
                 "policy": "#9aa5b1", None: "#cbd2d9"}


class _Ids(list):  # type: ignore[type-arg]
    """pyvis keeps node ids in a list and looks every edge's two ends up in it: a set beside the
    list makes that constant time (a 2,000-partner map otherwise spends most of its time there)."""

    def __init__(self) -> None:
        super().__init__()
        self._members: set[Any] = set()

    def append(self, node_id: Any) -> None:
        super().append(node_id)
        self._members.add(node_id)

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._members


class MapNetwork(Network):
    """pyvis's Network, the one way every map is built: nodes and edges with vis-network's options,
    rendered by `render_page` with our own self-contained template (never pyvis's, which loads
    its scripts from a CDN). Directed, so pyvis keeps two ties between the same pair (an undirected
    pyvis network drops the second)."""

    def __init__(self) -> None:
        super().__init__(directed=True, cdn_resources="in_line")
        self.node_ids = _Ids()

    def node(self, node_id: str) -> dict[str, Any]:
        """The options of a node already added, to change in place (an overlay marks nodes)."""
        return self.node_map[node_id]


@dataclass(frozen=True)
class Page:
    html: str
    #: the Content-Security-Policy to serve the page with
    csp: str
    #: may be shown inside a page of this site (the coalition maps in the web application)
    framable: bool = False


@lru_cache(maxsize=None)
def _asset(relative: str) -> str:
    return (VISUALISATIONS / relative).read_text(encoding="utf-8")


def _hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode() + "'"


def json_for_html(value: Any) -> str:
    """JSON that cannot close its script element or open a comment."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def enum_label(vocabulary: Vocabulary, enum: str, value: Any, lang: str) -> str:
    """The Dutch or English label of an enumeration value (the value itself when unknown)."""
    spec = vocabulary.enums.get(enum)
    found = spec.get(str(value)) if spec and value is not None else None
    return found.label(lang) if found else str(value)


def tie_label(vocabulary: Vocabulary, kind: str, lang: str) -> str:
    spec = vocabulary.relationship_kinds.get(kind)
    return (spec.en if lang == "en" else spec.nl) if spec else kind


def domain_legend(vocabulary: Vocabulary, lang: str, domains: Iterable[str]) -> str:
    return "".join(f'<div class="legend-row"><span class="shape dom-{domain}">■</span>'
                   f'{esc(enum_label(vocabulary, "domain", domain, lang))}</div>' for domain in domains)


def render_page(*, title: str, subtitle: str, lang: str, network: MapNetwork, options: dict[str, Any], panel_html: str,
                extra: dict[str, Any] | None = None, framable: bool = False) -> Page:
    """The whole page. `panel_html` must already be escaped (build it with `esc`). A `framable`
    page may be shown inside a page of this site; a family card never is."""
    scripts = [_asset("vendor/vis-network.min.js"), _asset("templates/map.js")]
    styles = [_asset("vendor/vis-network.css"), _asset("templates/map.css")]
    data = json_for_html({"nodes": network.nodes, "edges": network.edges, "options": options, **(extra or {})})
    page = "".join([
        f'<!DOCTYPE html>\n<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f"<title>{esc(title)}</title>\n",
        *(f"<style>{s}</style>\n" for s in styles),
        "</head>\n<body>\n",
        f"<header><h1>{esc(title)}</h1><p>{esc(subtitle)}</p></header>\n",
        f'<main><div id="network" role="img" aria-label="{esc(title)}"></div>\n<aside>{panel_html}</aside></main>\n',
        f'<script type="application/json" id="map-data">{data}</script>\n',
        *(f"<script>{s}</script>\n" for s in scripts),
        "</body>\n</html>\n",
    ])
    csp = "; ".join([
        "default-src 'none'",
        "script-src " + " ".join(_hash(s) for s in scripts),
        "style-src " + " ".join(_hash(s) for s in styles),
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'self'" if framable else "frame-ancestors 'none'",
    ])
    return Page(html=page, csp=csp, framable=framable)


def render_plain_page(*, title: str, body_html: str, lang: str = "nl") -> Page:
    """A page without a map (sign-in, the list of maps, an error): no script at all.
    `body_html` must already be escaped."""
    style = _asset("templates/map.css")
    page = (f'<!DOCTYPE html>\n<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(title)}</title>\n<style>{style}</style>\n</head>\n<body>\n"
            f'<header><h1>{esc(title)}</h1></header>\n<div class="plain">{body_html}</div>\n</body>\n</html>\n')
    csp = "; ".join(["default-src 'none'", f"style-src {_hash(style)}", "form-action 'self'", "base-uri 'none'",
                     "frame-ancestors 'none'"])
    return Page(html=page, csp=csp)
