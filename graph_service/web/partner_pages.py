"""The coalition's partners as pages: a list to search, filter by domain, sort and page through,
and a page per partner with everything the service knows of it (its properties in words, its
coalitions and its ties with since and until). With htmx the list updates in place while the
address follows; without JavaScript the same form reloads the page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ..bootstrap import Services
from ..domain import clock
from ..domain.errors import DomainError, NotFound, PermissionDenied
from ..domain.vocabulary import PropertySpec, Vocabulary
from ..maps.page import enum_label
from ..services.principal import Principal
from .access import Post, accepted_post, form_tokens, not_found, signed_in
from .forms import FormData, FormErrors
from .map_pages import Pages
from .node_form import fields_of, posted_values, properties_of
from .rendering import HEADERS, language, link, page

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
        values = value if isinstance(value, list) else [value]
        return ", ".join(enum_label(vocabulary, spec.enum or "", v, lang) for v in values)
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
        may_change = principal.is_admin or principal.coordinates(coalition_id)
        return page(request, template, principal=principal, coalition=coalition["name"], coalition_id=coalition_id,
                    may_change=may_change,
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
        may_change = principal.is_admin or principal.coordinates(coalition_id)
        return page(request, "partner.html", principal=principal, coalition=coalition["name"], node=node,
                    coalition_id=coalition_id, may_change=may_change, saved=request.query_params.get("saved"),
                    facts=facts(vocabulary, node, lang), memberships=memberships, ties=lines,
                    crumbs=[("coalitions", "/app"), (None, f"/app/coalitions/{coalition_id}", coalition["name"]),
                            ("partners", f"/app/coalitions/{coalition_id}/partners")])

    # ------------------------------------------------------------------ forms
    def _coordinating(self, principal: Principal, coalition_id: str) -> dict[str, Any]:
        """The coalition, when this principal may change its network (else: as if it did not exist)."""
        coalition = self.services.network.get_node(principal, coalition_id, kind="coalition")
        if not (principal.is_admin or principal.coordinates(coalition_id)):
            raise PermissionDenied("you do not coordinate this coalition", field="coalitionId")
        return coalition

    def form_page(self, request: Request, principal: Principal, *, values: dict[str, Any] | None = None,
                  errors: FormErrors | None = None, status: int = 200) -> Response:
        coalition_id = request.path_params["coalition_id"]
        partner_id = request.path_params.get("partner_id")
        coalition = self._coordinating(principal, coalition_id)
        vocabulary, lang = self.services.vocabulary, language(request)
        if values is None:
            values = (self.services.network.get_node(principal, partner_id, kind="organisation") if partner_id
                      else {"level": "practice"})
        base = f"/app/coalitions/{coalition_id}/partners"
        crumbs = [("coalitions", "/app"), (None, f"/app/coalitions/{coalition_id}", coalition["name"]),
                  ("partners", base)]
        return page(request, "partner_form.html", status=status, principal=principal, coalition=coalition["name"],
                    crumbs=crumbs, heading="edit_partner" if partner_id else "new_partner",
                    action=f"{base}/{partner_id}/edit" if partner_id else f"{base}/new",
                    fields=fields_of(vocabulary, "organisation", values, lang), new=partner_id is None,
                    level=values.get("level", ""), levels=vocabulary.enums["level"].values,
                    errors=errors or FormErrors(), **form_tokens(self.pages, request))

    async def save(self, request: Request) -> Response:
        """Create a partner as a member of the coalition, or change one: all of it or nothing."""
        coalition_id = request.path_params["coalition_id"]
        partner_id = request.path_params.get("partner_id")
        base = f"/app/coalitions/{coalition_id}/partners"
        post = await accepted_post(self.pages, request, sent_again=link(request, f"{base}/{partner_id}" if partner_id
                                                                         else base))
        if not isinstance(post, Post):
            return post
        principal, form = post.principal, post.form
        values = posted_values(self.services.vocabulary, "organisation", form)
        try:
            node = await run_in_threadpool(self._write, principal, coalition_id, partner_id, values, form)
        except (NotFound, PermissionDenied):
            return not_found(request, principal)
        except DomainError as error:
            fields = {name: name for name in values} | {"coalitionId": "level", "level": "level", "since": "level"}
            errors = FormErrors.of(error, language(request), fields)
            return await run_in_threadpool(lambda: self.form_page(
                request, principal, values={**values, "level": form.get("level", "")}, errors=errors, status=422))
        target = link(request, f"{base}/{node['id']}")
        return RedirectResponse(target + ("&" if "?" in target else "?") + "saved=1", status_code=303, headers=HEADERS)

    def _write(self, principal: Principal, coalition_id: str, partner_id: str | None, values: dict[str, Any],
               form: FormData) -> dict[str, Any]:
        network, vocabulary = self.services.network, self.services.vocabulary
        if partner_id is None:
            props = properties_of(vocabulary, "organisation", values, patch=False)
            membership = {"level": form.get("level") or None, "since": clock.today().isoformat()}
            return network.create_member(principal, "organisation", props, coalition_id, membership)
        self._coordinating(principal, coalition_id)
        props = properties_of(vocabulary, "organisation", values, patch=True)
        return network.update_node(principal, "organisation", partner_id, props)

    def routes(self) -> list[Route]:
        base = "/app/coalitions/{coalition_id}/partners"
        return [
            Route(base, signed_in(self.pages, self.partners), methods=["GET"]),
            Route(f"{base}/new", signed_in(self.pages, self.form_page), methods=["GET"]),
            Route(f"{base}/new", self.save, methods=["POST"]),
            Route(base + "/{partner_id}", signed_in(self.pages, self.partner), methods=["GET"]),
            Route(base + "/{partner_id}/edit", signed_in(self.pages, self.form_page), methods=["GET"]),
            Route(base + "/{partner_id}/edit", self.save, methods=["POST"]),
        ]
