"""What the card editor's forms post: every change autosaves at once (there is no save button to
forget) and lands back on the card, saying so. A wrong value comes back at its field with nothing
written; a field a colleague changed meanwhile comes back with its value now, not overwritten.

The editor's script posts the same forms (a drag or a key press fills in the ring form), so a
page without the script works the same way."""

from __future__ import annotations

from typing import Awaitable, Callable

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ..domain.errors import Conflict, DomainError, NotFound, PermissionDenied
from ..services.principal import Principal
from ..store.rows import today
from .access import Post, accepted_post, not_found, signed_in
from .card_forms import FIELDS, person_changes
from .card_pages import BASE, CardPages, card_link
from .forms import FormData, FormErrors
from .rendering import HEADERS, language

#: what an action did, as (anchor on the card, extra query) for the page it lands on
Landing = tuple[str, dict[str, str]]
Action = Callable[[Principal, str, FormData], Landing]


class CardActions:
    def __init__(self, card_pages: CardPages) -> None:
        self.card_pages = card_pages
        self.services = card_pages.services
        self.pages = card_pages.pages
        self.editor = card_pages.services.card_editor
        self.actions: dict[str, Action] = {
            "toestemming": self._consent, "samen-met": self._drawn_with, "toevoegen": self._quick_add,
            "plaatsen": self._place, "cirkel": self._ring, "persoon": self._person, "eraf": self._take_off,
            "verbinden": self._link, "regisseur": self._coordinator, "regisseur-stoppen": self._stop_coordinator,
            "afspraak": self._agreement, "factor": self._factor, "bespreken": self._talk,
            "niet-van-toepassing": self._not_relevant, "terugzetten": self._undo, "versie": self._version,
            "delen": self._share, "delen-stoppen": self._stop_sharing, "gezinslid": self._member,
            "overdracht": self._handover, "overdracht-gedaan": self._handover_done,
        }

    # ------------------------------------------------------------------ new card
    async def create(self, request: Request) -> Response:
        post = await accepted_post(self.pages, request, sent_again=BASE)
        if not isinstance(post, Post):
            return post
        principal, form = post.principal, post.form
        props = {k: form.get(k) or None for k in ("label", "stage")}
        for number in ("pregnancy_week", "child_age_months"):
            text = (form.get(number) or "").strip()
            props[number] = int(text) if text.isdigit() else (text or None)
        props["first_child"] = form.get("first_child") == "yes" or None
        try:
            view = await run_in_threadpool(self.editor.start, principal, form.get("coalition", ""),
                                           {k: v for k, v in props.items() if v is not None}, form.get("consent") == "yes")
        except DomainError as error:  # a coalition she does not work in is named at the form, too
            errors = FormErrors.of(error, language(request), FIELDS)
            return await run_in_threadpool(lambda: self.card_pages.families(request, principal, errors=errors,
                                                                            entered=form, status=422))
        return RedirectResponse(card_link(request, view.card.id, stap=1), status_code=303, headers=HEADERS)

    # ------------------------------------------------------------------ changes
    async def act(self, request: Request) -> Response:
        family_id, name = request.path_params["family_id"], request.path_params["action"]
        action = self.actions.get(name)
        post = await accepted_post(self.pages, request, sent_again=card_link(request, family_id))
        if not isinstance(post, Post):
            return post
        principal, form = post.principal, post.form
        if action is None:
            return not_found(request, principal)
        keep = {"stap": form.get("stap", ""), "persoon": form.get("persoon", "")}
        try:
            anchor, extra = await run_in_threadpool(action, principal, family_id, form)
        except (NotFound, PermissionDenied):
            return not_found(request, principal)
        except DomainError as error:
            changed = error.params.get("changed") if isinstance(error, Conflict) else None
            errors = FormErrors.of(error, language(request), FIELDS)
            status = 409 if isinstance(error, Conflict) else 422
            return await run_in_threadpool(lambda: self.card_pages.editor(
                request, principal, params=keep, errors=errors, entered=form, changed=changed, status=status))
        query = {**keep, "saved": "1", **extra}
        return RedirectResponse(card_link(request, family_id, anchor, **query), status_code=303, headers=HEADERS)

    def _consent(self, principal: Principal, family_id: str, form: FormData) -> Landing:
        self.editor.consent_to_draw(principal, family_id, form.get("given") == "yes")
        return "toestemming", {}

    def _drawn_with(self, principal: Principal, family_id: str, form: FormData) -> Landing:
        self.editor.update_family(principal, family_id, {"drawn_with": form.get("drawn_with") or None})
        return "afdrukken", {}

    def _quick_add(self, principal: Principal, family_id: str, form: FormData) -> Landing:
        ring = form.get("ring") or "2"
        view = self.editor.quick_add(principal, family_id, {"name": form.get("name", ""), "life_area": form.get("life_area")},
                                     {"ring": int(ring) if ring.isdigit() else ring})
        return "toevoegen", {"persoon": view.placed or ""}

    def _place(self, principal: Principal, family_id: str, form: FormData) -> Landing:
        ring = form.get("ring") or "3"
        self.editor.place(principal, family_id, form.get("person", ""), {"ring": int(ring) if ring.isdigit() else ring})
        return "hulpverleners", {"persoon": form.get("person", "")}

    def _ring(self, principal: Principal, family_id: str, form: FormData) -> Landing:
        person, ring = form.get("person", ""), form.get("ring", "")
        self.editor.change_person(principal, family_id, person, {"ring": int(ring) if ring.isdigit() else ring},
                                  {"ring": form.get("seen_ring", "")})
        return f"persoon-{person}", {"persoon": person}

    def _person(self, principal: Principal, family_id: str, form: FormData) -> Landing:
        person = form.get("person", "")
        support, details, seen = person_changes(form, self.services.vocabulary, form.get("own") == "yes")
        if support or details:
            self.editor.change_person(principal, family_id, person, support, seen, details or None)
        return "paneel", {"persoon": person}

    def _take_off(self, principal: Principal, family_id: str, form: FormData) -> Landing:
        self.editor.take_off(principal, family_id, form.get("person", ""))
        return "kaart", {"persoon": ""}

    def _link(self, principal: Principal, family_id: str, form: FormData) -> Landing:
        self.editor.link_people(principal, family_id, form.get("first", ""), form.get("second", ""))
        return "verbinden", {}

    def _coordinator(self, principal: Principal, family_id: str, form: FormData) -> Landing:
        self.editor.choose_coordinator(principal, family_id, form.get("person", ""))
        return "regisseur", {}

    def _stop_coordinator(self, principal: Principal, family_id: str, form: FormData) -> Landing:
        self.editor.stop_coordinator(principal, family_id)
        return "regisseur", {}

    def _member(self, principal: Principal, family_id: str, form: FormData) -> Landing:
        year = (form.get("birth_year") or "").strip()
        props = {"label": form.get("label", ""), "role": form.get("role") or None,
                 "birth_year": int(year) if year.isdigit() else (year or None)}
        self.editor.add(principal, family_id, "family_member", {k: v for k, v in props.items() if v is not None})
        return "gezin", {}

    def _handover(self, principal: Principal, family_id: str, form: FormData) -> Landing:
        self.editor.hand_over(principal, family_id, form.get("from", ""), form.get("to", ""), form.get("status", ""))
        return "overdracht", {}

    def _handover_done(self, principal: Principal, family_id: str, form: FormData) -> Landing:
        self.editor.handover_done(principal, family_id, form.get("handover", ""))
        return "overdracht", {}

    def _agreement(self, principal: Principal, family_id: str, form: FormData) -> Landing:
        props = {"what": form.get("what", ""), "who": form.get("who") or None, "due": form.get("due") or None,
                 "status": "open"}
        self.editor.add(principal, family_id, "card_agreement", {k: v for k, v in props.items() if v is not None})
        return "afspraken", {}

    def _factor(self, principal: Principal, family_id: str, form: FormData) -> Landing:
        kind = form.get("factor_kind", "")
        factor = form.get(f"factor_{kind}") or form.get("factor", "")
        self.editor.add(principal, family_id, "factor_record",
                        {"factor_kind": kind, "factor": factor, "recorded_on": today()})
        return "factoren", {}

    def _talk(self, principal: Principal, family_id: str, form: FormData) -> Landing:
        self.editor.talk_about(principal, family_id, form.get("signal", ""))
        return "signalen", {}

    def _not_relevant(self, principal: Principal, family_id: str, form: FormData) -> Landing:
        self.editor.not_relevant(principal, family_id, form.get("signal", ""), form.get("note") or None)
        return "signalen", {}

    def _undo(self, principal: Principal, family_id: str, form: FormData) -> Landing:
        self.editor.undo(principal, family_id)
        return "kaart", {"undone": "1", "saved": ""}

    def _version(self, principal: Principal, family_id: str, form: FormData) -> Landing:
        self.editor.save_version(principal, family_id, form.get("reason", ""))
        return "versies", {}

    def _share(self, principal: Principal, family_id: str, form: FormData) -> Landing:
        self.editor.record_consent(principal, family_id, form.get("recipient", ""), form.get("purpose", ""))
        return "delen", {}

    def _stop_sharing(self, principal: Principal, family_id: str, form: FormData) -> Landing:
        self.editor.revoke_consent(principal, family_id, form.get("consent", ""))
        return "delen", {}

    # ------------------------------------------------------------------ routes
    def routes(self) -> list[Route]:
        pages = self.card_pages
        page: Callable[[Callable[..., Response]], Callable[[Request], Awaitable[Response]]] = \
            lambda build: signed_in(self.pages, build)  # noqa: E731
        return [
            Route(BASE, page(pages.families), methods=["GET"]),
            Route(BASE, self.create, methods=["POST"]),
            Route(f"{BASE}/lege-kaart", page(pages.blank_card), methods=["GET"]),
            Route(f"{BASE}/lege-kaart.pdf", page(pages.blank_card), methods=["GET"]),
            Route(BASE + "/{family_id}", page(pages.editor), methods=["GET"]),
            Route(BASE + "/{family_id}/versies", page(pages.versions), methods=["GET"]),
            Route(BASE + "/{family_id}/afdrukken", page(pages.print_card), methods=["GET"]),
            Route(BASE + "/{family_id}/afdrukken.pdf", page(pages.print_card), methods=["GET"]),
            Route(BASE + "/{family_id}/{action}", self.act, methods=["POST"]),
        ]
