"""The coalition's partners as pages: a list to search, filter by domain, sort and page through,
and a page per partner with everything the service knows of it (its properties in words, its
coalitions and its ties with since and until). With htmx the list updates in place while the
address follows; without JavaScript the same form reloads the page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..bootstrap import Services
from ..domain.vocabulary import PropertySpec, Vocabulary
from ..services.principal import Principal
from .access import signed_in
from .map_pages import Pages
from .rendering import language, page

PAGE_SIZE = 25


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


@dataclass(frozen=True)
class TieLine:
    kind: str
    other: str
    other_link: str | None
    since: str
    until: str


def _value(vocabulary: Vocabulary, spec: PropertySpec, value: Any, lang: str) -> str:
    if spec.type == "bool":
        return ("yes" if value else "no") if lang == "en" else ("ja" if value else "nee")
    if spec.type in ("enum", "enum_list"):
        enum = vocabulary.enums[spec.enum or ""]
        values = value if isinstance(value, list) else [value]
        return ", ".join(found.label(lang) if (found := enum.get(v)) else str(v) for v in values)
    return str(value)


def facts(vocabulary: Vocabulary, node: dict[str, Any], lang: str) -> list[Fact]:
    """A node's properties in words, in the vocabulary's order, leaving out what is not filled in."""
    kind = vocabulary.node_kinds[node["kind"]]
    out = []
    for name, spec in kind.properties.items():
        if node.get(name) in (None, "", []):
            continue
        label = (spec.en if lang == "en" else spec.nl) or name.replace("_", " ")
        out.append(Fact(label, _value(vocabulary, spec, node[name], lang)))
    return out


class PartnerPages:
    def __init__(self, services: Services, pages: Pages) -> None:
        self.services = services
        self.pages = pages

    def partners(self, request: Request, principal: Principal) -> Response:
        coalition_id = request.path_params["coalition_id"]
        network, vocabulary, lang = self.services.network, self.services.vocabulary, language(request)
        coalition = network.get_node(principal, coalition_id, kind="coalition")
        q = request.query_params
        domain = q.get("domain") or None
        descending = q.get("order") == "desc"
        listing = network.list_nodes(principal, "organisation", coalition=coalition_id,
                                     filters={"domain": domain} if domain else {}, text=q.get("q") or None,
                                     descending=descending, first=PAGE_SIZE, after=q.get("after") or None)
        spec = vocabulary.node_kinds["organisation"].properties
        rows = [(n, _value(vocabulary, spec["domain"], n["domain"], lang),
                 _value(vocabulary, spec["organisation_type"], n["organisation_type"], lang)) for n in listing.items]
        template = "partners_table.html" if request.headers.get("hx-request") else "partners.html"
        return page(request, template, principal=principal, coalition=coalition["name"], coalition_id=coalition_id,
                    rows=rows, listing=listing, query=q.get("q", ""), domain=domain or "", descending=descending,
                    domains=vocabulary.enums["domain"].values, crumbs=[("coalitions", "/app"), (None, f"/app/coalitions/{coalition_id}",
                                                                             coalition["name"])])

    def partner(self, request: Request, principal: Principal) -> Response:
        coalition_id, partner_id = request.path_params["coalition_id"], request.path_params["partner_id"]
        network, vocabulary, lang = self.services.network, self.services.vocabulary, language(request)
        coalition = network.get_node(principal, coalition_id, kind="coalition")
        node = network.get_node(principal, partner_id, kind="organisation")
        member = [t for t in network.ties_of_many(principal, [partner_id])[partner_id] if t["kind"] == "member_of"]
        coalitions = network.get_nodes(principal, [t["to"] for t in member])
        level = vocabulary.relationship_kinds["member_of"].properties["level"]
        memberships = [Fact(str(coalitions[t["to"]].get("name")), _value(vocabulary, level, t.get("level"), lang))
                       for t in member if t["to"] in coalitions]
        lines = []
        for other, ties in network.partners(principal, partner_id):
            for tie in ties:
                spec = vocabulary.relationship_kinds[tie["kind"]]
                link = (f"/app/coalitions/{coalition_id}/partners/{other['id']}" if other["kind"] == "organisation"
                        else None)
                lines.append(TieLine(kind=spec.en if lang == "en" else spec.nl,
                                     other=str(other.get("name") or other.get("label") or ""), other_link=link,
                                     since=tie.get("since") or "", until=tie.get("until") or ""))
        return page(request, "partner.html", principal=principal, coalition=coalition["name"], node=node,
                    facts=facts(vocabulary, node, lang), memberships=memberships, ties=lines,
                    crumbs=[("coalitions", "/app"), (None, f"/app/coalitions/{coalition_id}", coalition["name"]),
                            ("partners", f"/app/coalitions/{coalition_id}/partners")])

    def routes(self) -> list[Route]:
        return [
            Route("/app/coalitions/{coalition_id}/partners", signed_in(self.pages, self.partners), methods=["GET"]),
            Route("/app/coalitions/{coalition_id}/partners/{partner_id}", signed_in(self.pages, self.partner),
                  methods=["GET"]),
        ]
