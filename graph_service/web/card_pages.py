"""The card editor's pages: a worker's families, the card drawn with the parents (step by step or
free), two versions side by side, and the card to print (the A4 card, the family's copy, a blank
card to draw by hand).

Every page reads through the card editor service, so access, consent and the audit log are the
API's: a family the worker is not assigned to answers like one that does not exist. The changes
are posted by `card_actions.CardActions`."""

from __future__ import annotations

from typing import Any, Mapping
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from ..analysis.card_signals import NAMES, Signal
from ..bootstrap import Services
from ..domain.family_card import SUPPORT_TYPES, Card
from ..services.card_editor import Workbench, may_draw, to_discuss
from ..services.principal import Principal
from ..store.rows import today
from .access import form_tokens
from .card_forms import seen_values
from .card_svg import star_points, svg_card
from .downloads import pdf
from .forms import FormErrors
from .map_pages import Pages
from ..maps.page import enum_label
from .rendering import language, link, page, render
from .texts import texts
from .signal_questions import SIGNAL_QUESTIONS

BASE = "/app/gezinnen"
STEPS = 7
#: the step whose panel shows the coalition's roster without a search
ROSTER_STEP = 4


def card_link(request: Request, family_id: str, anchor: str = "", **params: Any) -> str:
    """The editor of a family, in the page's language, with the given query (empty ones left out)."""
    query = {k: v for k, v in params.items() if v not in (None, "", 0)}
    if language(request) == "en":
        query["lang"] = "en"
    return f"{BASE}/{family_id}" + (f"?{urlencode(query)}" if query else "") + (f"#{anchor}" if anchor else "")


def signal_views(card: Card, signals: list[Signal], lang: str) -> list[dict[str, Any]]:
    """Each signal as the parents read it: a question, the card's own words, and what was decided."""
    en = lang == "en"
    talked = {a.get("signal") for a in card.agreements if a.get("status") != "dropped"}
    views = []
    for signal in signals:
        people = [p for p in (card.person(i) for i in signal.evidence) if p is not None]
        question = SIGNAL_QUESTIONS.get(signal.rule, ("", ""))[1 if en else 0]
        first = people[0].name if people else ("someone" if en else "iemand")
        views.append({"key": signal.key, "name": NAMES.get(signal.rule, ("", ""))[1 if en else 0],
                      "question": question.format(first=first), "text": signal.en if en else signal.nl,
                      "open": signal.open_question, "flag": signal.flag, "talking": signal.key in talked,
                      "people": [p.name for p in people], "severity": signal.severity})
    return views


def field_labels(t: Mapping[str, str]) -> dict[str, str]:
    """A person's form fields by the words of the form (to say which field changed meanwhile)."""
    return {"ring": t["rings"], **{s: t[f"support_{s}"] for s in SUPPORT_TYPES},
            **{f: t[f] for f in ("contact_frequency", "knows_situation", "available_maternity", "criticism",
                                 "conflict", "potential", "focus", "relationship", "life_area")},
            "name": t["name_or_role"]}


def card_names(card: Card) -> dict[str, str]:
    """Everybody on the card (people and family members) by id."""
    return {p.id: p.name for p in card.people} | {m["id"]: str(m.get("label", "")) for m in card.members}


def stage_words(family: Mapping[str, Any], vocabulary: Any, t: Mapping[str, str], lang: str) -> str:
    """"Zwanger, week 24" or "Kind van 0 tot 2 jaar, 7 maanden"."""
    stage = family.get("stage")
    words = vocabulary.enums["family_stage"].get(stage).label(lang) if stage else ""
    if stage == "pregnant" and family.get("pregnancy_week"):
        words += ", " + t["week"].format(week=family["pregnancy_week"])
    elif family.get("child_age_months") is not None and stage == "child_0_2":
        words += ", " + t["months"].format(months=family["child_age_months"])
    return words


class CardPages:
    def __init__(self, services: Services, pages: Pages) -> None:
        self.services = services
        self.pages = pages

    # ------------------------------------------------------------------ my families
    def families(self, request: Request, principal: Principal, *, errors: FormErrors | None = None,
                 entered: Mapping[str, str] | None = None, status: int = 200) -> Response:
        lang, vocabulary = language(request), self.services.vocabulary
        t = texts(lang)
        rows = self.services.card_editor.case_list(principal)
        return page(request, "families.html", status=status, principal=principal, crumbs=[], rows=rows,
                    stage=lambda family: stage_words(family, vocabulary, t, lang),
                    coalitions=self.services.card_editor.coalitions_to_draw_in(principal),
                    stages=vocabulary.enums["family_stage"].values, errors=errors or FormErrors(),
                    entered=entered or {}, base=BASE, **form_tokens(self.pages, request))

    # ------------------------------------------------------------------ the editor
    def editor(self, request: Request, principal: Principal, *, params: Mapping[str, str] | None = None,
               errors: FormErrors | None = None, entered: Mapping[str, Any] | None = None, status: int = 200,
               changed: list[str] | None = None) -> Response:
        """`params`: the page's query (after a post: the form's own); `changed`: the fields a
        colleague changed meanwhile, shown with their values now."""
        family_id = request.path_params["family_id"]
        query = {**request.query_params, **(params or {})}
        lang, vocabulary = language(request), self.services.vocabulary
        t = texts(lang)
        step = int(query["stap"]) if str(query.get("stap", "")).isdigit() and 1 <= int(query["stap"]) <= STEPS else 0
        roster_query = query.get("zoek")
        if roster_query is None and step == ROSTER_STEP:
            roster_query = ""
        bench: Workbench = self.services.card_editor.workbench(principal, family_id, roster_query)
        card = bench.view.card
        signal = next((s for s in bench.view.signals if s.key == query.get("signaal")), None)
        selected = card.person(query.get("persoon", "")) if query.get("persoon") else None
        svg = svg_card(card, vocabulary, t, lang, set(signal.evidence) if signal else set())
        coordinator = card.person(card.coordinator["from"]) if card.coordinator else None
        return page(
            request, "card_editor.html", status=status, principal=principal,
            crumbs=[("my_families", BASE, t["my_families"])], card=card, bench=bench, svg=svg, star=star_points,
            href=lambda pid: card_link(request, family_id, "paneel", stap=step, persoon=pid),
            here=lambda anchor="", **p: card_link(request, family_id, anchor, **{"stap": step, **p}),
            step=step, steps=STEPS, selected=selected, seen=seen_values(selected.tie, selected.node) if selected else {},
            signal=signal, signals=signal_views(card, bench.view.signals, lang), coordinator=coordinator,
            confirm_off=card.person(query.get("eraf", "")) if query.get("eraf") else None,
            roster_query=roster_query, may_draw=may_draw(card.family), stage=stage_words(card.family, vocabulary, t, lang),
            enums={name: vocabulary.enums[name].values for name in ("life_area", "contact_frequency", "intervention_type")},
            choices={name: [(v.id, v.label(lang)) for v in vocabulary.enums[name].values] for name in (
                "knows_situation", "risk_factor", "protective_factor", "review_reason", "member_role", "handover_status")},
            field_labels=field_labels(t), names=card_names(card),
            action=lambda name: link(request, f"{BASE}/{family_id}/{name}"), editor_path=f"{BASE}/{family_id}",
            versions_link=link(request, f"{BASE}/{family_id}/versies"),
            print_link=lambda name, family_copy=False: link(request, f"{BASE}/{family_id}/{name}") + (
                ("&" if language(request) == "en" else "?") + "kopie=gezin" if family_copy else ""),
            status_label=lambda value: enum_label(vocabulary, "agreement_status", value, lang),
            factor_label=lambda f: enum_label(vocabulary, f"{f.get('factor_kind')}_factor", f.get("factor"), lang),
            kind_label=lambda kind: enum_label(vocabulary, "factor_kind", kind, lang),
            role_label=lambda value: enum_label(vocabulary, "member_role", value, lang),
            handover_label=lambda value: enum_label(vocabulary, "handover_status", value, lang),
            support_types=SUPPORT_TYPES, informal=[p for p in card.people if p.informal],
            errors=errors or FormErrors(), entered=entered or {}, changed=changed or [],
            saved=query.get("saved"), undone=query.get("undone"), **form_tokens(self.pages, request))

    # ------------------------------------------------------------------ versions
    def versions(self, request: Request, principal: Principal) -> Response:
        family_id, lang = request.path_params["family_id"], language(request)
        t = texts(lang)
        bench: Workbench = self.services.card_editor.workbench(principal, family_id)
        numbers = [int(v["version"]) for v in bench.view.card.versions]
        compared = None
        first, second = request.query_params.get("a", ""), request.query_params.get("b", "")
        if first.isdigit() and second.isdigit() and {int(first), int(second)} <= set(numbers):
            older, newer = sorted((int(first), int(second)))
            compared = self.services.card_editor.compare(principal, family_id, older, newer)
            for side in ("before", "after"):
                view = compared[side]
                compared[side + "_svg"] = svg_card(view.card, self.services.vocabulary, t, lang)
        return page(request, "card_versions.html", principal=principal, card=bench.view.card,
                    crumbs=[("my_families", BASE, t["my_families"]),
                            (None, card_link(request, family_id), bench.view.card.family.get("label", ""))],
                    compared=compared, star=star_points, first=first, second=second,
                    reasons=self.services.vocabulary.enums["review_reason"].values)

    # ------------------------------------------------------------------ print
    def print_card(self, request: Request, principal: Principal) -> Response:
        """The A4 card; `?kopie=gezin` the family's copy: the card, the agreements and the
        questions, without recorded factors or notes."""
        family_id, lang = request.path_params["family_id"], language(request)
        t = texts(lang)
        view = self.services.card_editor.read(principal, family_id)
        card = view.card
        family_copy = request.query_params.get("kopie") == "gezin"
        vocabulary = self.services.vocabulary
        context = dict(principal=principal, card=card, svg=svg_card(card, vocabulary, t, lang),
                       star=star_points, family_copy=family_copy, names=card_names(card), today=today(),
                       status_label=lambda value: enum_label(vocabulary, "agreement_status", value, lang),
                       factor_label=lambda f: enum_label(vocabulary, f"{f.get('factor_kind')}_factor", f.get("factor"), lang),
                       signals=signal_views(card, to_discuss(view), lang),
                       crumbs=[("my_families", BASE, t["my_families"])])
        return self._printed(request, "card_print.html", context, f"netwerkkaart-{family_id}")

    def blank_card(self, request: Request, principal: Principal) -> Response:
        lang = language(request)
        t = texts(lang)
        card = Card(family={"id": "blank", "label": ""}, as_of=today())
        context = dict(principal=principal, svg=svg_card(card, self.services.vocabulary, t, lang, blank=True),
                       star=star_points, crumbs=[("my_families", BASE, t["my_families"])])
        return self._printed(request, "card_blank.html", context, "lege-netwerkkaart")

    def _printed(self, request: Request, template: str, context: dict[str, Any], name: str) -> Response:
        if request.url.path.endswith(".pdf"):
            suffix = "-gezin" if request.query_params.get("kopie") == "gezin" else ""
            return pdf(request, render(request, template, printing=True, **context), f"{name}{suffix}.pdf",
                       landscape=True)
        return page(request, template, **context)
