"""Add a tie between two elements of the coalition: on an element's page, choose the other one
(grouped by kind, by name), the kind of tie, since when (today unless told), until when if it is
already known, and how strong a collaboration is. The network service checks both ends and the
values, with the API's rules and error codes."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..analysis.overview import COALITION_TIES
from ..bootstrap import Services
from ..domain import clock
from ..domain.errors import DomainError, NotFound, PermissionDenied, ValidationError
from ..services.principal import Principal
from .access import Post, accepted_post, form_tokens, not_found, saved_at, signed_in
from .forms import FormData, FormErrors
from .map_pages import Pages
from .node_pages import NodePages, may_change
from .rendering import language, link, page
from .sections import SECTIONS, Section, for_section, title_of

#: the service's field names -> the form's
FIELDS = {"kind": "kind", "from": "kind", "to": "other", "since": "since", "until": "until",
          "intensity": "intensity"}


class TieForms:
    def __init__(self, services: Services, pages: Pages, node_pages: NodePages) -> None:
        self.services = services
        self.pages = pages
        self.node_pages = node_pages

    def _kinds(self, section: Section, lang: str) -> list[tuple[str, str]]:
        """The kinds of tie that can start at this section's kind, in words."""
        return [(name, spec.en if lang == "en" else spec.nl)
                for name, spec in self.services.vocabulary.relationship_kinds.items()
                if section.kind in spec.from_kinds and name not in COALITION_TIES and spec.scope is None]

    def form_page(self, request: Request, principal: Principal, section: Section, *,
                  errors: FormErrors | None = None, entered: dict[str, str] | None = None, status: int = 200) -> Response:
        coalition_id, node_id = request.path_params["coalition_id"], request.path_params["node_id"]
        network, vocabulary, lang = self.services.network, self.services.vocabulary, language(request)
        coalition = network.get_node(principal, coalition_id, kind="coalition")
        if not may_change(principal, coalition_id):
            raise PermissionDenied("you do not coordinate this coalition")
        node = network.get_node(principal, node_id, kind=section.kind)
        groups: dict[str, list[tuple[str, str]]] = {}
        for other in network.coalition_subgraph(principal, coalition_id).nodes.values():
            if other["kind"] != "coalition" and other["id"] != node_id:
                kind = vocabulary.node_kinds[other["kind"]]
                groups.setdefault(kind.en if lang == "en" else kind.nl, []).append((other["id"], title_of(other)))
        crumbs = self.node_pages.crumbs(coalition, section) + [(None, f"{section.base(coalition_id)}/{node_id}",
                                                                title_of(node))]
        return page(request, "tie_form.html", status=status, principal=principal, coalition=coalition["name"],
                    crumbs=crumbs, title=title_of(node), action=f"{section.base(coalition_id)}/{node_id}/ties/new",
                    kinds=self._kinds(section, lang),
                    groups=sorted((label, sorted(items, key=lambda i: i[1].lower())) for label, items in groups.items()),
                    intensities=vocabulary.enums["intensity"].values,
                    entered=entered or {"since": clock.today().isoformat()}, errors=errors or FormErrors(),
                    **form_tokens(self.pages, request))

    async def save(self, request: Request, section: Section) -> Response:
        coalition_id, node_id = request.path_params["coalition_id"], request.path_params["node_id"]
        detail = f"{section.base(coalition_id)}/{node_id}"
        post = await accepted_post(self.pages, request, sent_again=link(request, detail))
        if not isinstance(post, Post):
            return post
        principal, form = post.principal, post.form
        try:
            await run_in_threadpool(self._write, principal, section, coalition_id, node_id, form)
        except (NotFound, PermissionDenied) as error:
            if error.field == "to":  # the chosen partner is gone, or was never hers to tie
                return await self._refused(request, principal, section, error, form)
            return not_found(request, principal)
        except DomainError as error:
            return await self._refused(request, principal, section, error, form)
        return saved_at(request, detail, anchor="relaties")

    async def _refused(self, request: Request, principal: Principal, section: Section, error: DomainError,
                       form: FormData) -> Response:
        errors = FormErrors.of(error, language(request), FIELDS)
        try:
            return await run_in_threadpool(lambda: self.form_page(request, principal, section, errors=errors,
                                                                  entered=form, status=422))
        except (NotFound, PermissionDenied):
            return not_found(request, principal)

    def _write(self, principal: Principal, section: Section, coalition_id: str, node_id: str, form: FormData) -> None:
        network = self.services.network
        network.get_node(principal, coalition_id, kind="coalition")
        if not may_change(principal, coalition_id):  # before any check of the values: learn nothing
            raise PermissionDenied("you do not coordinate this coalition")
        kind = form.get("kind", "")
        if kind not in dict(self._kinds(section, "nl")):
            raise ValidationError("choose the kind of tie", field="kind", code="REQUIRED")
        if not form.get("other"):
            raise ValidationError("choose with whom", field="to", code="REQUIRED")
        props: dict[str, Any] = {"since": form.get("since") or None, "until": form.get("until") or None}
        if "intensity" in self.services.vocabulary.relationship_kinds[kind].properties:
            props["intensity"] = form.get("intensity") or None
        network.link(principal, kind, node_id, form["other"], {k: v for k, v in props.items() if v is not None})

    def routes(self) -> list[Route]:
        routes = []
        for section in SECTIONS:
            path = "/app/coalitions/{coalition_id}/" + section.slug + "/{node_id}/ties/new"
            bound = for_section(section)
            routes += [Route(path, signed_in(self.pages, bound(self.form_page)), methods=["GET"]),
                       Route(path, bound(self.save), methods=["POST"])]
        return routes
