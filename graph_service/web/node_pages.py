"""The coalition's partners, professionals, informal supporters, communities and offer as pages:
a list per section to search, filter, sort and page through, and a page per element with
everything the service knows of it: its details in words, the coalitions it is part of, its ties
with since and until, its place in the network, and who changed what and when.

With htmx a list updates in place while the address follows; without JavaScript the same form
reloads the page. Every read goes through the network service with the signed-in principal."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..analysis.overview import COALITION_TIES
from ..bootstrap import Services
from ..domain import clock
from ..maps.page import enum_label
from ..services.principal import Principal
from ..store.backend import Row
from .access import form_tokens, signed_in
from .forms import FormErrors
from .map_pages import Pages
from .rendering import language, page
from .sections import BY_KIND, SECTIONS, Fact, Section, facts, for_section, in_words, property_label, title_of

PAGE_SIZE = 25


@dataclass(frozen=True)
class TieLine:
    id: str
    kind: str  # the relationship kind's name, for the form that ends it
    label: str
    other: str
    other_link: str | None
    outgoing: bool
    since: str
    until: str
    details: str


@dataclass(frozen=True)
class Membership:
    tie_id: str
    kind: str
    coalition: str
    level: str
    since: str
    until: str
    may_end: bool


@dataclass(frozen=True)
class HistoryLine:
    at: str
    by: str
    action: str
    detail: str


def element_link(coalition_id: str, node: Row) -> str | None:
    section = BY_KIND.get(node.get("kind", ""))
    return f"{section.base(coalition_id)}/{node['id']}" if section else None


def may_change(principal: Principal, coalition_id: str) -> bool:
    return principal.runs(coalition_id)


class NodePages:
    def __init__(self, services: Services, pages: Pages) -> None:
        self.services = services
        self.pages = pages

    def crumbs(self, coalition: Row, section: Section | None = None) -> list[tuple[str | None, str, str] | tuple[str, str]]:
        crumbs: list[Any] = [("coalitions", "/app"), (None, f"/app/coalitions/{coalition['id']}", coalition["name"])]
        if section:
            crumbs.append((f"list_{section.slug}", section.base(coalition["id"])))
        return crumbs

    # ------------------------------------------------------------------ list
    def listing(self, request: Request, principal: Principal, section: Section) -> Response:
        coalition_id = request.path_params["coalition_id"]
        network, vocabulary, lang = self.services.network, self.services.vocabulary, language(request)
        coalition = network.get_node(principal, coalition_id, kind="coalition")
        q = request.query_params
        spec = vocabulary.node_kinds[section.kind].properties
        chosen = {name: q.get(name) for name in section.filters if q.get(name)}
        filters = [(name, property_label(spec[name], vocabulary, lang), q.get(name, ""),
                    [(v.id, v.label(lang)) for v in vocabulary.enums[spec[name].enum or ""].values])
                   for name in section.filters]
        level = q.get("level") or None if section.by_level else None
        if section.by_level:
            levels = vocabulary.enums["level"]
            filters.append(("level", levels.en if lang == "en" else levels.nl, q.get("level", ""),
                            [(v.id, v.label(lang)) for v in levels.values]))
        descending = q.get("order") == "desc"
        found = network.list_nodes(principal, section.kind, coalition=coalition_id, filters=chosen,
                                   text=q.get("q") or None, descending=descending, first=PAGE_SIZE,
                                   after=q.get("after") or None, level=level)
        columns = [property_label(spec[name], vocabulary, lang) for name in section.columns]
        rows = [(node, [in_words(vocabulary, spec[name], node.get(name), lang) if node.get(name) is not None else ""
                        for name in section.columns]) for node in found.items]
        params = {"q": q.get("q", ""), **chosen, **({"level": level} if level else {}),
                  "order": "desc" if descending else "asc"}
        template = "nodes_table.html" if request.headers.get("hx-request") else "nodes.html"
        return page(request, template, principal=principal, coalition=coalition["name"], coalition_id=coalition_id,
                    section=section, may_change=may_change(principal, coalition_id), columns=columns, rows=rows,
                    listing=found, query=q.get("q", ""), filters=filters, descending=descending, params=params,
                    crumbs=self.crumbs(coalition))

    # ------------------------------------------------------------------ one element
    def detail(self, request: Request, principal: Principal, section: Section, *, status: int = 200,
               errors: FormErrors | None = None, form: str = "", entered: dict[str, str] | None = None) -> Response:
        """The element's page; `errors` and `entered` bring back the form `form` on it that was refused."""
        coalition_id, node_id = request.path_params["coalition_id"], request.path_params["node_id"]
        network, vocabulary, lang = self.services.network, self.services.vocabulary, language(request)
        coalition = network.get_node(principal, coalition_id, kind="coalition")
        node = network.get_node(principal, node_id, kind=section.kind)
        ties = network.ties_of_many(principal, [node_id])[node_id]
        others = network.get_nodes(principal, sorted({t["to"] if t["from"] == node_id else t["from"] for t in ties}))
        changing = may_change(principal, coalition_id)
        memberships = [self._membership(principal, t, others, lang) for t in ties
                       if t["kind"] in COALITION_TIES and t["to"] in others]
        sources = self.services.surveys.source_titles(ties)
        lines = sorted((self._tie_line(coalition_id, node_id, t, others, lang, sources) for t in ties
                        if t["kind"] not in COALITION_TIES
                        and (t["to"] if t["from"] == node_id else t["from"]) in others),
                       key=lambda line: (bool(line.until), line.other.lower(), line.since))
        current = {m.coalition for m in memberships if not m.until}
        joinable = [c for c in network.coalitions_read_in_full(principal)
                    if may_change(principal, c["id"]) and c["name"] not in current]
        return page(request, "node.html", status=status, principal=principal, coalition=coalition["name"], node=node,
                    title=title_of(node), coalition_id=coalition_id, section=section, may_change=changing,
                    saved=request.query_params.get("saved"), facts=facts(vocabulary, node, lang),
                    memberships=memberships, ties=lines, place=self._place(principal, coalition_id, node_id, lang),
                    history=self._history(principal, node, lang), joinable=joinable,
                    membership_kind=network.membership_kind(section.kind),
                    levels=vocabulary.enums["level"].values, today=clock.today().isoformat(),
                    errors=errors or FormErrors(), refused_form=form, entered=entered or {},
                    crumbs=self.crumbs(coalition, section), **form_tokens(self.pages, request))

    def _membership(self, principal: Principal, tie: Row, others: dict[str, Row], lang: str) -> Membership:
        level = self.services.vocabulary.relationship_kinds["member_of"].properties["level"]
        return Membership(tie_id=tie["id"], kind=tie["kind"], coalition=title_of(others[tie["to"]]),
                          level=in_words(self.services.vocabulary, level, tie.get("level"), lang) if tie.get("level")
                          else "", since=tie.get("since") or "", until=tie.get("until") or "",
                          may_end=not tie.get("until") and may_change(principal, tie["to"]))

    def _tie_line(self, coalition_id: str, node_id: str, tie: Row, others: dict[str, Row], lang: str,
                  sources: dict[str, str]) -> TieLine:
        vocabulary = self.services.vocabulary
        spec = vocabulary.relationship_kinds[tie["kind"]]
        outgoing = tie["from"] == node_id
        other = others[tie["to"] if outgoing else tie["from"]]
        details = [f"{property_label(p, vocabulary, lang)}: {in_words(vocabulary, p, tie[name], lang)}"
                   for name, p in spec.properties.items() if tie.get(name) not in (None, "", []) and name != "source"]
        if tie.get("source") in sources:
            details.append(("From survey: " if lang == "en" else "Uit meting: ") + sources[tie["source"]])
        label = spec.en if lang == "en" else spec.nl
        return TieLine(id=tie["id"], kind=tie["kind"], label=label if outgoing else f"← {label}",
                       other=title_of(other), other_link=element_link(coalition_id, other), outgoing=outgoing,
                       since=tie.get("since") or "", until=tie.get("until") or "", details="; ".join(details))

    def _place(self, principal: Principal, coalition_id: str, node_id: str, lang: str) -> list[Fact]:
        """Where the element stands in the coalition's network, in words: how many it works with
        and how much it connects others (its rank by betweenness)."""
        if self.services.network.read_scope(principal, coalition_id) != "full":
            return []
        analysis = self.services.analysis.analyse(principal, coalition_id)
        between = analysis.nodes.betweenness
        if node_id not in between:
            return []
        rank = 1 + sum(1 for value in between.values() if value > between[node_id])
        words = {"nl": ("Verbindt anderen (tussenpositie)", "plek {rank} van {count}"),
                 "en": ("Connects others (betweenness)", "place {rank} of {count}")}["en" if lang == "en" else "nl"]
        return [Fact(words[0], words[1].format(rank=rank, count=len(between)))]

    def _history(self, principal: Principal, node: Row, lang: str) -> list[HistoryLine]:
        vocabulary, network = self.services.vocabulary, self.services.network
        node_id = node["id"]
        records = network.history.of(node_id)
        names = network.get_nodes(principal, sorted({e for r in records for e in r["elements"]} - {node_id}))
        lines = []
        for record in records:
            parts = []
            spec: Any = vocabulary.node_kinds[node["kind"]]
            if record.get("tie_kind") in vocabulary.relationship_kinds:
                spec = vocabulary.relationship_kinds[record["tie_kind"]]
                with_whom = [title_of(names[e]) for e in record["elements"] if e in names]
                parts.append((spec.en if lang == "en" else spec.nl) + (f" {', '.join(with_whom)}" if with_whom else ""))
            if record.get("fields"):
                parts.append(", ".join(property_label(spec.properties[name], vocabulary, lang)
                                       if name in spec.properties else name.replace("_", " ")
                                       for name in record["fields"]))
            lines.append(HistoryLine(at=record["at"][:16].replace("T", " "), by=record.get("by") or "",
                                     action=enum_label(vocabulary, "change_action", record["action"], lang),
                                     detail=" — ".join(parts)))
        return lines

    def routes(self) -> list[Route]:
        routes = []
        for section in SECTIONS:
            base = "/app/coalitions/{coalition_id}/" + section.slug
            bound = for_section(section)
            routes += [
                Route(base, signed_in(self.pages, bound(self.listing)), methods=["GET"]),
                Route(base + "/{node_id}", signed_in(self.pages, bound(self.detail)), methods=["GET"]),
            ]
        return routes

