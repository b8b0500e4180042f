"""The partner survey as the respondent sees it, through her personal link and without an account:
one question per step ("Stap 2 van 5"), members first, then a step per member she picked, then the
communities and offers when the round asks about them, then a check of everything and "send".

Every step is a plain form that works without JavaScript, on a phone and by keyboard; each post
is saved at once, so she can stop and come back through the same link. A link that is unknown,
changed, revoked or of a closed round gets one friendly page that tells nothing about the
coalition. Each link has its own budget of requests; wrong links count against the address."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from markupsafe import Markup, escape
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ..bootstrap import Services
from ..domain.kept import Kept
from ..domain.errors import DomainError, NotFound
from ..services.survey_answers import Respondent
from .forms import FormErrors, read_form
from .map_pages import Pages, from_this_site
from .rate_limit import AttemptBudget, client_address
from .rendering import HEADERS, language, page

FIELDS = {"picked": "picked", "suggested": "suggested", "tie_kind": "tie_kind", "frequency": "frequency",
          "quality": "quality", "since": "since", "communities": "communities", "offers": "offers",
          "other": "picked", "link": "picked"}


@dataclass(frozen=True)
class Step:
    number: int
    kind: str  # members, member, communities, offers, check
    other: str = ""
    other_name: str = ""


#: each member's checkbox, escaped once per list of members (its names are read once a minute)
_BOXES: Kept[tuple[tuple[str, str, str], ...]] = Kept(64)


def member_boxes(respondent: Respondent) -> Markup:
    """The other members as checkboxes, her earlier picks ticked. Written here rather than as a
    loop in the template: with a few hundred members, that loop (an attribute lookup and an escape
    per value, on every view) was most of the CPU of the survey's busiest page."""
    rows = _BOXES.get(respondent.members, lambda: tuple(_box(n, member, name)
                                                        for n, (member, name) in enumerate(respondent.members, 1)))
    picked = set((respondent.response or {}).get("picked") or [])
    return Markup("".join(checked if member in picked else plain for member, plain, checked in rows
                          if member != respondent.member))


def _box(number: int, member: str, name: str) -> tuple[str, str, str]:
    """A member's checkbox, as (member, unticked, ticked)."""
    start = (f'<div class="utrecht-form-field utrecht-form-field--checkbox"><input class="utrecht-checkbox" '
             f'type="checkbox" name="picked" value="{escape(member)}" id="veld-picked-{number}"')
    end = (f'><label class="utrecht-form-label utrecht-form-label--checkbox" for="veld-picked-{number}">'
           f'{escape(name)}</label></div>\n')
    return member, start + end, start + " checked" + end


def steps_of(respondent: Respondent) -> list[Step]:
    names = dict(respondent.others)
    picked = [m for m in ((respondent.response or {}).get("picked") or []) if m in names]
    kinds = [("members", "")] + [("member", m) for m in picked]
    kinds += [(k, "") for k in ("communities", "offers") if respondent.asks(k)] + [("check", "")]
    return [Step(i + 1, kind, other, names.get(other, "")) for i, (kind, other) in enumerate(kinds)]


class SurveyAnswerPages:
    def __init__(self, services: Services, pages: Pages, link_budget: AttemptBudget,
                 wrong_links: AttemptBudget) -> None:
        self.services = services
        self.pages = pages
        self.link_budget = link_budget
        self.wrong_links = wrong_links

    async def _respondent(self, request: Request, then: Callable[[Respondent], object] | None = None
                          ) -> Respondent | Response:
        """The respondent a link opens, or the page that refuses it; `then` (the step's write)
        runs on her in the same trip to a thread as the link's budget and reads, and its errors
        are raised here."""
        token = request.path_params["token"]
        address = client_address(request.scope)
        if self.wrong_links.blocked(address):
            return self._too_often(request)

        def admitted() -> Respondent | str:
            if not self.link_budget.spend(token[-32:]):
                return "too often"
            try:
                respondent = self.services.survey_answers.open(token)
            except NotFound:
                self.wrong_links.spend(address)
                return "refused"
            if then is not None:
                then(respondent)
            return respondent
        found = await run_in_threadpool(admitted)
        if found == "too often":
            return self._too_often(request)
        if found == "refused":
            return page(request, "survey_closed.html", status=404, principal=None, crumbs=[], busy=False)
        return found  # type: ignore[return-value]

    def _too_often(self, request: Request) -> Response:
        answer = page(request, "survey_closed.html", status=429, principal=None, crumbs=[], busy=True)
        answer.headers["Retry-After"] = self.link_budget.retry_after()
        return answer

    async def start(self, request: Request) -> Response:
        respondent = await self._respondent(request)
        if isinstance(respondent, Response):
            return respondent
        steps = steps_of(respondent)
        sent = (respondent.response or {}).get("status") == "sent"
        return RedirectResponse(self._step_url(request, steps[-1].number if sent else 1), status_code=303,
                                headers=HEADERS)

    def _step_url(self, request: Request, number: int) -> str:
        base = f"/meting/{request.path_params['token']}/stap/{number}"
        return base + ("?lang=en" if language(request) == "en" else "")

    async def step(self, request: Request) -> Response:
        respondent = await self._respondent(request)
        if isinstance(respondent, Response):
            return respondent
        return self._render(request, respondent)

    def _render(self, request: Request, respondent: Respondent, *, errors: FormErrors | None = None,
                status: int = 200) -> Response:
        steps = steps_of(respondent)
        number = int(request.path_params["number"])
        if not 1 <= number <= len(steps):
            return RedirectResponse(self._step_url(request, 1), status_code=303, headers=HEADERS)
        vocabulary, lang = self.services.vocabulary, language(request)
        current = steps[number - 1]
        kinds = [(v.id, v.label(lang)) for v in vocabulary.enums["reported_tie"].values]
        frequencies = [(v.id, v.label(lang)) for v in vocabulary.enums["contact_frequency"].values]
        phases = {v.id: v.label(lang) for v in vocabulary.enums["phase"].values}
        choices = ([(i, f"{name} ({', '.join(phases.get(p, p) for p in of)})" if of else name)
                    for i, name, of in self.services.survey_answers.choices(respondent, current.kind)]
                   if current.kind in ("communities", "offers") else [])
        scores = {"nl": ("heel slecht", "slecht", "redelijk", "goed", "heel goed"),
                  "en": ("very poorly", "poorly", "fairly", "well", "very well")}[lang]
        return page(request, "survey_step.html", status=status, principal=None, crumbs=[], respondent=respondent,
                    member_boxes=member_boxes(respondent) if current.kind == "members" else "",
                    step=current, count=len(steps), errors=errors or FormErrors(),
                    answer=respondent.answers.get(current.other) or {}, kind_options=kinds,
                    frequency_options=frequencies, quality_options=[(i + 1, f"{i + 1}: {w}") for i, w in enumerate(scores)],
                    kind_labels=dict(kinds), frequency_labels=dict(frequencies), choices=choices,
                    action=self._step_url(request, number), back=self._step_url(request, number - 1) if number > 1
                    else None, sent=request.query_params.get("sent"))

    async def save(self, request: Request) -> Response:
        if not from_this_site(request):  # a link is a credential: another site may not post with it
            return page(request, "refused.html", status=403, principal=None, crumbs=[])
        form = await read_form(request)
        number = int(request.path_params["number"])
        answers = self.services.survey_answers
        saved: list[Step] = []

        def write(respondent: Respondent) -> None:  # who is signed in (sitting with her), and the write
            steps = steps_of(respondent)
            if not 1 <= number <= len(steps):
                return
            current = steps[number - 1]
            saved.append(current)
            principal = self.pages.principal(request)
            sitting_with = principal.name if principal and principal.runs(respondent.round["coalition"]) else None
            if current.kind == "members":
                answers.save_members(respondent, form.values_of("picked"), form.get("suggested", ""), sitting_with)
            elif current.kind == "member":
                answers.save_answer(respondent, current.other, form, sitting_with)
            elif current.kind in ("communities", "offers"):
                answers.save_choices(respondent, current.kind, form.values_of(current.kind), sitting_with)
            else:
                answers.send(respondent, sitting_with)
        try:
            respondent = await self._respondent(request, then=write)
        except NotFound:  # the round closed between her link's check and the write
            return page(request, "survey_closed.html", status=404, principal=None, crumbs=[], busy=False)
        except DomainError as error:
            refreshed = await run_in_threadpool(answers.open, request.path_params["token"])
            return self._render(request, refreshed, errors=FormErrors.of(error, language(request), FIELDS),
                                status=422)
        if isinstance(respondent, Response):
            return respondent
        if not saved:
            return RedirectResponse(self._step_url(request, 1), status_code=303, headers=HEADERS)
        if saved[0].kind == "check":
            url = self._step_url(request, number)
            return RedirectResponse(url + ("&" if "?" in url else "?") + "sent=1", status_code=303, headers=HEADERS)
        return RedirectResponse(self._step_url(request, number + 1), status_code=303, headers=HEADERS)

    def routes(self) -> list[Route]:
        return [
            Route("/meting/{token}", self.start, methods=["GET"]),
            Route("/meting/{token}/stap/{number:int}", self.step, methods=["GET"]),
            Route("/meting/{token}/stap/{number:int}", self.save, methods=["POST"]),
        ]
