"""The partner survey as the coordinator runs it: start a round (which members, which questions,
until when), download the personal links for a mail merge, follow who answered (with the rate and
who to remind), revoke a link, fill in an answer sitting with a partner, review the answers
(accept in bulk what both sides agree on, accept as another kind, or reject), give people within a
member organisation a link each (a ward, a district team: each answers for her part), close the
round, and compare two rounds.

Only the coalition's coordinators (and admins) reach these pages; every other reader gets the
404 page, as for anything she may not see."""

from __future__ import annotations

import csv
import io
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ..bootstrap import Services
from ..domain import clock
from ..domain.errors import DomainError, NotFound, PermissionDenied
from ..services.principal import Principal
from ..services.surveys import DEFAULT_QUESTIONS
from .access import Post, accepted_post, form_tokens, not_found, saved_at, signed_in
from .downloads import attachment
from .forms import FormData, FormErrors
from .map_pages import Pages
from .node_pages import NodePages
from .rendering import language, link, page

FIELDS = {"title": "title", "closes_on": "closes_on", "members": "members", "answers": "answers",
          "tie_kind": "answers", "coalitionId": "title", "person": "person"}


class SurveyPages:
    def __init__(self, services: Services, pages: Pages, node_pages: NodePages) -> None:
        self.services = services
        self.pages = pages
        self.node_pages = node_pages

    def _base(self, coalition_id: str) -> str:
        return f"/app/coalitions/{coalition_id}/metingen"

    def rounds(self, request: Request, principal: Principal, *, errors: FormErrors | None = None,
               entered: FormData | None = None, status: int = 200) -> Response:
        coalition_id = request.path_params["coalition_id"]
        surveys, vocabulary, lang = self.services.surveys, self.services.vocabulary, language(request)
        coalition = self.services.network.get_node(principal, coalition_id, kind="coalition")
        rounds = surveys.rounds(principal, coalition_id)
        members = surveys.members(principal, coalition_id)
        chosen = set(entered.values_of("members")) if entered else {m["id"] for m in members}
        compared = self._compare(principal, coalition_id, rounds, request.query_params.get("a"),
                                 request.query_params.get("b"))
        questions = set(entered.values_of("questions")) if entered else set(DEFAULT_QUESTIONS)
        return page(request, "surveys.html", status=status, principal=principal, coalition=coalition["name"],
                    coalition_id=coalition_id, crumbs=self.node_pages.crumbs(coalition), rounds=rounds,
                    members=[(m["id"], m["name"], m["id"] in chosen) for m in members],
                    questions=[(v.id, v.label(lang), v.id in questions)
                               for v in vocabulary.enums["survey_question"].values],
                    entered=entered or {}, errors=errors or FormErrors(), base=self._base(coalition_id),
                    compared=compared, **form_tokens(self.pages, request))

    def _compare(self, principal: Principal, coalition_id: str, rounds: list[dict[str, Any]], first: str | None,
                 second: str | None) -> dict[str, Any] | None:
        """Two rounds side by side: the response rates, and the network between the days they
        closed (ties added and ended, findings closed and new), from the time compare."""
        by_id = {r["id"]: r for r in rounds}
        if not first or not second or first not in by_id or second not in by_id:
            return None
        today = clock.today().isoformat()
        a, b = sorted((by_id[first], by_id[second]), key=lambda r: r["opened_on"])
        surveys = self.services.surveys
        rates = []
        for found in (a, b):
            rates.append((found["title"], len(surveys.sent_by(found["id"])), len(found["members"])))
        comparison = self.services.analysis.compare(principal, coalition_id, min(a["closes_on"], today),
                                                    min(b["closes_on"], today))
        ends = {t[end] for t in comparison.ties_added + comparison.ties_removed for end in ("from", "to")}
        names = {i: str(n.get("name") or i) for i, n in self.services.network.get_nodes(principal, sorted(ends)).items()}
        return {"rates": rates, "comparison": comparison, "names": names, "first": a["id"], "second": b["id"]}

    async def start(self, request: Request) -> Response:
        coalition_id = request.path_params["coalition_id"]
        post = await accepted_post(self.pages, request, sent_again=link(request, self._base(coalition_id)))
        if not isinstance(post, Post):
            return post
        principal, form = post.principal, post.form
        try:
            started = await run_in_threadpool(self.services.surveys.start, principal, coalition_id, form.get("title"),
                                              form.get("closes_on"), form.values_of("members"),
                                              form.values_of("questions"))
        except (NotFound, PermissionDenied):
            return not_found(request, principal)
        except DomainError as error:
            errors = FormErrors.of(error, language(request), FIELDS)
            return await run_in_threadpool(lambda: self.rounds(request, principal, errors=errors, entered=form,
                                                               status=422))
        return saved_at(request, f"{self._base(coalition_id)}/{started['id']}")

    def round_page(self, request: Request, principal: Principal, *, errors: FormErrors | None = None,
                   status: int = 200) -> Response:
        coalition_id, round_id = request.path_params["coalition_id"], request.path_params["round_id"]
        surveys, vocabulary, lang = self.services.surveys, self.services.vocabulary, language(request)
        coalition = self.services.network.get_node(principal, coalition_id, kind="coalition")
        found = surveys.round(principal, coalition_id, round_id)
        status_rows = surveys.status(principal, coalition_id, round_id)
        sent = len({row.member for row in status_rows if row.status == "sent"})  # answered through any link
        pairs = surveys.pairs(principal, coalition_id, round_id)
        names = {row.link: row.label for row in status_rows}  # a member's id is its own link
        kinds = {v.id: v.label(lang) for v in vocabulary.enums["reported_tie"].values}
        frequencies = {v.id: v.label(lang) for v in vocabulary.enums["contact_frequency"].values}
        suggestions = [(names.get(link, link), name) for link, r in surveys.responses(round_id).items()
                       for name in (r.get("suggested") or [])]
        return page(request, "survey_round.html", status=status, principal=principal, coalition=coalition["name"],
                    coalition_id=coalition_id, crumbs=self.node_pages.crumbs(coalition) + [
                        ("surveys", self._base(coalition_id))],
                    round=found, rows=status_rows, sent=sent, asked=len(found["members"]),
                    rate=f"{100 * sent / max(1, len(found['members'])):.0f}%",
                    pairs=[p for p in pairs if p.open], agreeing=[p for p in pairs if p.agree and len(p.open) == 2],
                    names=names, kinds=kinds, frequencies=frequencies, suggestions=suggestions,
                    base=f"{self._base(coalition_id)}/{round_id}", errors=errors or FormErrors(),
                    saved=request.query_params.get("saved"), **form_tokens(self.pages, request))

    def links_csv(self, request: Request, principal: Principal) -> Response:
        coalition_id, round_id = request.path_params["coalition_id"], request.path_params["round_id"]
        surveys = self.services.surveys
        origin = f"{request.url.scheme}://{request.url.netloc}"
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["organisatie", "persoon", "link"])
        for row in surveys.status(principal, coalition_id, round_id):
            if not row.revoked:
                writer.writerow([row.name, row.person, f"{origin}/meting/{surveys.link_token(round_id, row.link)}"])
        return attachment(out.getvalue(), "text/csv; charset=utf-8", f"links-{round_id}.csv")

    def fill_in(self, request: Request, principal: Principal) -> Response:
        """Answer with a partner, sitting together: her link, opened by the coordinator (each step
        she saves records that it was filled in together)."""
        coalition_id, round_id = request.path_params["coalition_id"], request.path_params["round_id"]
        found = self.services.surveys.round(principal, coalition_id, round_id)
        chosen = request.path_params["member"]
        if chosen not in self.services.surveys.links(found):
            raise NotFound("this member was not asked", field="member")
        token = self.services.surveys.link_token(round_id, chosen)
        return RedirectResponse(link(request, f"/meting/{token}"), status_code=303)

    async def act(self, request: Request) -> Response:
        """The round's forms: a link for a person within a member, revoke a link, close the round,
        accept or reject answers."""
        coalition_id, round_id = request.path_params["coalition_id"], request.path_params["round_id"]
        here = f"{self._base(coalition_id)}/{round_id}"
        post = await accepted_post(self.pages, request, sent_again=link(request, here))
        if not isinstance(post, Post):
            return post
        principal, form = post.principal, post.form
        action = request.path_params["action"]
        surveys = self.services.surveys
        if action not in ("persoon", "intrekken", "sluiten", "overnemen", "afwijzen"):
            return not_found(request, principal)

        def run() -> Any:
            if action == "persoon":
                return surveys.add_person(principal, coalition_id, round_id, form.get("member", ""), form.get("person"))
            if action == "intrekken":
                return surveys.revoke(principal, coalition_id, round_id, form.get("member", ""))
            if action == "sluiten":
                return surveys.close(principal, coalition_id, round_id)
            answers = form.values_of("answers")
            if action == "overnemen":
                return surveys.accept(principal, coalition_id, round_id, answers, form.get("tie_kind") or None)
            return surveys.reject(principal, coalition_id, round_id, answers)
        try:
            await run_in_threadpool(run)
        except (NotFound, PermissionDenied):
            return not_found(request, principal)
        except DomainError as error:
            errors = FormErrors.of(error, language(request), FIELDS)
            return await run_in_threadpool(lambda: self.round_page(request, principal, errors=errors, status=422))
        return saved_at(request, here, anchor="beoordelen" if action in ("overnemen", "afwijzen") else "")

    def routes(self) -> list[Route]:
        base = "/app/coalitions/{coalition_id}/metingen"
        return [
            Route(base, signed_in(self.pages, self.rounds), methods=["GET"]),
            Route(base, self.start, methods=["POST"]),
            Route(base + "/{round_id}", signed_in(self.pages, self.round_page), methods=["GET"]),
            Route(base + "/{round_id}/links.csv", signed_in(self.pages, self.links_csv), methods=["GET"]),
            Route(base + "/{round_id}/invullen/{member}", signed_in(self.pages, self.fill_in), methods=["GET"]),
            Route(base + "/{round_id}/{action:str}", self.act, methods=["POST"]),
        ]
