"""The coalition map inside the web application: organisations only by default (their people
folded into them, one tick to unfold), focus on a partner and its neighbours, filters and the
size-by metric chosen in a plain form, a date to see the network as it was, views saved under a
name as links, and beside the map its table twin (the same elements and ties as rows). The
change between two dates is chosen with two date pickers.

The map itself is the self-contained map page in a frame of this site; everything a keyboard or
screen reader user needs is also in the page around it."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..bootstrap import Services
from ..domain.errors import DomainError, NotFound, PermissionDenied
from ..maps.coalition_map import METRICS
from ..services.map_views import PARAMETERS, canonical_query
from ..services.principal import Principal
from .access import Post, accepted_post, form_tokens, not_found, saved_at, signed_in
from .forms import FormErrors
from .map_pages import Pages, focus_of, map_filters
from .node_pages import NodePages, element_link, may_change
from .downloads import pdf
from .rendering import language, page
from .texts import texts
from .sections import title_of

#: the map service's field names -> the form's
FIELDS = {name: name for name in PARAMETERS} | {"asOf": "as_of", "from": "from", "to": "to", "name": "name",
                                                "query": "name"}


class MapAppPages:
    def __init__(self, services: Services, pages: Pages, node_pages: NodePages) -> None:
        self.services = services
        self.pages = pages
        self.node_pages = node_pages

    def _choices(self, lang: str) -> list[tuple[str, str, list[tuple[str, str]]]]:
        """The filters of the form: (parameter, label, options), from the vocabulary."""
        vocabulary = self.services.vocabulary
        out = []
        for key, enum in (("domain", "domain"), ("phase", "phase"), ("level", "level")):
            spec = vocabulary.enums[enum]
            out.append((key, spec.en if lang == "en" else spec.nl, [(v.id, v.label(lang)) for v in spec.values]))
        words = texts(lang)
        out.append(("kind", words["kind"],
                    [(k.name, k.en if lang == "en" else k.nl) for k in vocabulary.network_kinds if k.name != "coalition"]))
        out.append(("tie", words["tie_kind"],
                    [(name, r.en if lang == "en" else r.nl) for name, r in vocabulary.relationship_kinds.items()
                     if r.scope is None and name not in ("member_of", "belongs_to")]))
        return out

    def map_page(self, request: Request, principal: Principal, *, status: int = 200,
                 errors: FormErrors | None = None, name: str = "") -> Response:
        coalition_id, lang, q = request.path_params["coalition_id"], language(request), request.query_params
        network, maps = self.services.network, self.services.maps
        coalition = network.get_node(principal, coalition_id, kind="coalition")
        network.require_full_read(principal, coalition_id, "open the map of")
        params = {key: q.get(key, "") for key in PARAMETERS}
        params["people"] = "1" if q.get("people") == "1" else "0"  # organisations only, unless asked
        table, problems = None, errors or FormErrors()
        if not problems:
            try:
                table = maps.table(principal, coalition_id, as_of=params["as_of"] or None, lang=lang,
                                   metric=params["metric"] or None, filters=map_filters(q),
                                   people=params["people"] == "1", focus=focus_of(q))
            except DomainError as error:
                problems, status = FormErrors.of(error, lang, FIELDS), 422
        graph = network.coalition_subgraph(principal, coalition_id)
        focusable = sorted(((n["id"], title_of(n)) for n in graph.nodes.values()
                            if n["kind"] != "coalition" and (params["people"] == "1" or n["kind"] != "professional")),
                           key=lambda item: item[1].lower())
        query = canonical_query({**params, **({"lang": "en"} if lang == "en" else {})})
        views = [(v["name"], f"/app/coalitions/{coalition_id}/kaart?{v['query']}") for v in
                 self.services.map_views.of_coalition(principal, coalition_id)]
        return page(request, "map.html", status=status, principal=principal, coalition=coalition["name"],
                    coalition_id=coalition_id, crumbs=self.node_pages.crumbs(coalition), params=params,
                    choices=self._choices(lang), metrics=METRICS, focusable=focusable, table=table,
                    frame=f"/maps/coalition/{coalition_id}?{query}" if table else None, query=query,
                    links={row.id: element_link(coalition_id, graph.nodes[row.id]) for row in (table.elements if table
                                                                                              else []) if row.id in graph.nodes},
                    views=sorted(views), may_save=may_change(principal, coalition_id), name=name, errors=problems,
                    saved=q.get("saved"), **form_tokens(self.pages, request))

    async def save_view(self, request: Request) -> Response:
        coalition_id = request.path_params["coalition_id"]
        here = f"/app/coalitions/{coalition_id}/kaart"
        post = await accepted_post(self.pages, request, sent_again=here)
        if not isinstance(post, Post):
            return post
        principal, form = post.principal, post.form
        params = {key: form.get(key, "") for key in PARAMETERS}

        def check(chosen: dict[str, str]) -> None:
            self.services.maps.table(principal, coalition_id, as_of=chosen.get("as_of"), metric=chosen.get("metric"),
                                     filters=map_filters(chosen), people=chosen.get("people") == "1",
                                     focus=focus_of(chosen))
        try:
            view = await run_in_threadpool(self.services.map_views.save, principal, coalition_id, form.get("name"),
                                           params, check)
        except (NotFound, PermissionDenied):
            return not_found(request, principal)
        except DomainError as error:
            errors = FormErrors.of(error, language(request), FIELDS)
            return await run_in_threadpool(lambda: self.map_page(request, principal, status=422, errors=errors,
                                                                 name=form.get("name", "")))
        return saved_at(request, f"{here}?{view['query']}")

    def map_pdf(self, request: Request, principal: Principal) -> Response:
        """The map as the page shows it (the same choices), as an A3 poster to print."""
        coalition_id, q = request.path_params["coalition_id"], request.query_params
        self.services.network.require_full_read(principal, coalition_id, "download the map of")
        drawn = self.services.maps.coalition(principal, coalition_id, as_of=q.get("as_of") or None,
                                             lang=language(request), metric=q.get("metric") or None,
                                             filters=map_filters(q), people=q.get("people") == "1", focus=focus_of(q))
        return pdf(request, drawn.html, f"kaart-{coalition_id}.pdf", csp=drawn.csp, paper="A3", landscape=True)

    def change(self, request: Request, principal: Principal) -> Response:
        """The network between two dates: ties added and ended, findings closed and new."""
        coalition_id, lang, q = request.path_params["coalition_id"], language(request), request.query_params
        network = self.services.network
        coalition = network.get_node(principal, coalition_id, kind="coalition")
        network.require_full_read(principal, coalition_id, "compare the network of")
        dates = {"from": q.get("from", ""), "to": q.get("to", "")}
        comparison, errors, status = None, FormErrors(), 200
        if dates["from"] and dates["to"]:
            try:
                comparison = self.services.analysis.compare(principal, coalition_id, dates["from"], dates["to"])
            except DomainError as error:
                errors, status = FormErrors.of(error, lang, FIELDS), 422
        names: dict[str, str] = {}
        if comparison:
            ends = {t[end] for t in comparison.ties_added + comparison.ties_removed for end in ("from", "to")}
            names = {i: title_of(n) for i, n in network.get_nodes(principal, sorted(ends)).items()}
        query = urlencode({**dates, **({"lang": "en"} if lang == "en" else {})})
        return page(request, "map_change.html", status=status, principal=principal, coalition=coalition["name"],
                    coalition_id=coalition_id, crumbs=self.node_pages.crumbs(coalition) + [
                        ("map", f"/app/coalitions/{coalition_id}/kaart")],
                    dates=dates, comparison=comparison, names=names, errors=errors,
                    frame=f"/maps/compare/{coalition_id}?{query}" if comparison else None,
                    tie_label=lambda kind: self._tie_label(kind, lang))

    def _tie_label(self, kind: str, lang: str) -> str:
        spec: Any = self.services.vocabulary.relationship_kinds.get(kind)
        return (spec.en if lang == "en" else spec.nl) if spec else kind

    def routes(self) -> list[Route]:
        base = "/app/coalitions/{coalition_id}/kaart"
        return [
            Route(base, signed_in(self.pages, self.map_page), methods=["GET"]),
            Route(base + ".pdf", signed_in(self.pages, self.map_pdf), methods=["GET"]),
            Route(f"{base}/weergaven", self.save_view, methods=["POST"]),
            Route(f"{base}/verandering", signed_in(self.pages, self.change), methods=["GET"]),
        ]
