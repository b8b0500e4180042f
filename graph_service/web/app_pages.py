"""The pages of the web application: the list of coalitions, a coalition's home and the
accessibility statement.

Every page asks the same services as the GraphQL API, with the principal of the session cookie
(or a bearer token). Signed out, a page sends you to sign in and back. A coalition you may not see
answers exactly like one that does not exist: the app's 404 page."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ..analysis.report import markdown_report
from ..bootstrap import Services
from ..domain.errors import DomainError, NotFound, PermissionDenied
from ..services.principal import Principal, Role
from .access import Post, accepted_post, form_tokens, not_found, saved_at, signed_in
from .coalition_home import decision_in_words, home_view
from .forms import FormErrors
from .map_pages import Pages
from .downloads import attachment, pdf
from .rendering import HEADERS, language, link, page, render
from .sections import SECTIONS


class AppPages:
    def __init__(self, services: Services, pages: Pages) -> None:
        self.services = services
        self.pages = pages

    # ------------------------------------------------------------------ pages
    def coalitions(self, request: Request, principal: Principal) -> Response:
        if principal.role is Role.WORKER:  # a neighbourhood-team worker, nurse or midwife starts at her families
            return RedirectResponse(link(request, "/app/gezinnen"), status_code=303, headers=HEADERS)
        coalitions = self.services.network.coalitions_read_in_full(principal)
        if len(coalitions) == 1:  # a coordinator of one coalition starts at its home
            return RedirectResponse(link(request, f"/app/coalitions/{coalitions[0]['id']}"), status_code=303,
                                    headers=HEADERS)
        return page(request, "coalitions.html", principal=principal, coalitions=coalitions,
                    crumbs=[])

    def coalition_home(self, request: Request, principal: Principal, *, status: int = 200,
                       errors: FormErrors | None = None, entered: dict[str, str] | None = None) -> Response:
        coalition_id = request.path_params["coalition_id"]
        network = self.services.network
        network.require_full_read(principal, coalition_id, "open the coalition's home")
        overview = network.overview(principal, coalition_id)
        analysis = self.services.analysis.analyse(principal, coalition_id)
        nodes = network.coalition_subgraph(principal, coalition_id).nodes
        reviews = self.services.reviews.of_coalition(principal, coalition_id)
        view = home_view(overview, analysis, nodes, reviews, self.services.vocabulary, language(request))
        if request.url.path.endswith(("/verslag", "/verslag.pdf")):  # the meeting report: printable, no forms
            context = dict(principal=principal, view=view, coalition=view.name,
                           crumbs=[("coalitions", "/app"), (None, f"/app/coalitions/{coalition_id}", view.name)])
            if request.url.path.endswith(".pdf"):
                return pdf(request, render(request, "report.html", **context), f"verslag-{coalition_id}-{view.as_of}.pdf")
            return page(request, "report.html", **context)
        may_review = principal.runs(coalition_id)
        return page(request, "coalition_home.html", status=status, principal=principal, view=view, coalition=view.name,
                    crumbs=[("coalitions", "/app")], may_review=may_review, sections=SECTIONS, errors=errors or FormErrors(),
                    entered=entered or {}, statuses=self.services.vocabulary.enums["review_status"].values,
                    saved=request.query_params.get("saved"), **form_tokens(self.pages, request))

    async def review_finding(self, request: Request) -> Response:
        """Mark a finding discussed, planned or not relevant, with a note; back to the home page."""
        coalition_id = request.path_params["coalition_id"]
        home = link(request, f"/app/coalitions/{coalition_id}")
        post = await accepted_post(self.pages, request, sent_again=home)
        if not isinstance(post, Post):
            return post
        principal, form = post.principal, post.form
        try:
            await run_in_threadpool(self.services.reviews.mark, principal, coalition_id, form.get("finding", ""),
                                    form.get("status"), form.get("note"))
        except (NotFound, PermissionDenied):
            return not_found(request, principal)
        except DomainError as error:
            errors = FormErrors.of(error, language(request), {"status": "status", "note": "note", "finding": "status"})
            return await run_in_threadpool(lambda: self.coalition_home(
                request, principal, status=422, errors=errors, entered=form))
        anchor = form.get("anchor", "")
        return saved_at(request, f"/app/coalitions/{coalition_id}", anchor if anchor.startswith("bevinding-") else "")

    def report_markdown(self, request: Request, principal: Principal) -> Response:
        """The meeting report as Markdown to download: names and Dutch labels, and what the
        coalition already decided about each finding."""
        coalition_id, lang = request.path_params["coalition_id"], language(request)
        self.services.network.require_full_read(principal, coalition_id, "download the report of")
        analysis = self.services.analysis.analyse(principal, coalition_id)
        reviews = self.services.reviews.of_coalition(principal, coalition_id)
        decisions = {key: decision_in_words(review, self.services.vocabulary, lang) for key, review in reviews.items()}
        return attachment(markdown_report(analysis, lang, decisions), "text/markdown; charset=utf-8",
                          f"verslag-{coalition_id}-{analysis.as_of}.md")

    async def accessibility(self, request: Request) -> Response:
        return page(request, "accessibility.html", principal=None, crumbs=[])

    def routes(self) -> list[Route]:
        return [
            Route("/app", signed_in(self.pages, self.coalitions), methods=["GET"]),
            Route("/app/coalitions/{coalition_id}", signed_in(self.pages, self.coalition_home), methods=["GET"]),
            Route("/app/coalitions/{coalition_id}/findings", self.review_finding, methods=["POST"]),
            Route("/app/coalitions/{coalition_id}/verslag", signed_in(self.pages, self.coalition_home), methods=["GET"]),
            Route("/app/coalitions/{coalition_id}/verslag.md", signed_in(self.pages, self.report_markdown),
                  methods=["GET"]),
            Route("/app/coalitions/{coalition_id}/verslag.pdf", signed_in(self.pages, self.coalition_home),
                  methods=["GET"]),
            Route("/toegankelijkheid", self.accessibility, methods=["GET"]),
        ]

