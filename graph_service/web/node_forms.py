"""The forms that change a coalition's network: add or change a partner, professional, informal
supporter, community or offer; join another coalition; end a membership or a tie on a date.

Every form goes through `accepted_post` (signed in, sent by this site, written once however often
it is sent) and the network service, which checks the coordinator's scope and the values with
the same rules and error codes as the API. A refused form comes back with the message at its
field and in the summary, with what was typed kept; nothing is written."""

from __future__ import annotations

from typing import Any, Callable

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..bootstrap import Services
from ..domain import clock
from ..domain.errors import DomainError, NotFound, PermissionDenied, ValidationError
from ..services.principal import Principal
from ..store.backend import Row
from .access import Post, accepted_post, form_tokens, not_found, saved_at, signed_in
from .forms import FormData, FormErrors
from .map_pages import Pages
from .node_form import fields_of, posted_values, properties_of
from .node_pages import NodePages, may_change
from .rendering import language, link, page
from .sections import SECTIONS, Section, for_section


class Refused(Exception):
    """A form with problems at several fields, all named before anything is written."""

    def __init__(self, errors: list[DomainError]) -> None:
        super().__init__(f"{len(errors)} problems")
        self.errors = errors


class NodeForms:
    def __init__(self, services: Services, pages: Pages, node_pages: NodePages) -> None:
        self.services = services
        self.pages = pages
        self.node_pages = node_pages

    def _coordinating(self, principal: Principal, coalition_id: str) -> Row:
        """The coalition, when this principal may change its network (else: as if it did not exist)."""
        coalition = self.services.network.get_node(principal, coalition_id, kind="coalition")
        if not may_change(principal, coalition_id):
            raise PermissionDenied("you do not coordinate this coalition", field="coalitionId")
        return coalition

    # ------------------------------------------------------------------ new or changed element
    def form_page(self, request: Request, principal: Principal, section: Section, *,
                  values: dict[str, Any] | None = None, errors: FormErrors | None = None, status: int = 200) -> Response:
        coalition_id, node_id = request.path_params["coalition_id"], request.path_params.get("node_id")
        coalition = self._coordinating(principal, coalition_id)
        vocabulary, lang = self.services.vocabulary, language(request)
        if values is None:
            # a new element may come with its name (a partner suggested in a survey)
            values = (self.services.network.get_node(principal, node_id, kind=section.kind) if node_id
                      else {"level": "practice", "name": request.query_params.get("name", "")[:200]})
        base = section.base(coalition_id)
        with_level = self.services.network.membership_kind(section.kind) == "member_of"
        return page(request, "node_form.html", status=status, principal=principal, coalition=coalition["name"],
                    crumbs=self.node_pages.crumbs(coalition, section),
                    heading=f"edit_{section.slug}" if node_id else f"new_{section.slug}",
                    action=f"{base}/{node_id}/edit" if node_id else f"{base}/new",
                    fields=fields_of(vocabulary, section.kind, values, lang), ask_level=with_level and not node_id,
                    level=values.get("level", ""), levels=vocabulary.enums["level"].values,
                    errors=errors or FormErrors(), **form_tokens(self.pages, request))

    async def save(self, request: Request, section: Section) -> Response:
        """Create an element as part of the coalition, or change one: all of it or nothing."""
        coalition_id, node_id = request.path_params["coalition_id"], request.path_params.get("node_id")
        base = section.base(coalition_id)
        post = await accepted_post(self.pages, request, sent_again=link(request, f"{base}/{node_id}" if node_id else base))
        if not isinstance(post, Post):
            return post
        principal, form = post.principal, post.form
        values = posted_values(self.services.vocabulary, section.kind, form)
        try:
            node = await run_in_threadpool(self._write, principal, section, coalition_id, node_id, values, form)
        except (NotFound, PermissionDenied):
            return not_found(request, principal)
        except (Refused, DomainError) as error:
            fields = {name: name for name in values} | {"coalitionId": "level", "level": "level", "since": "level"}
            errors = FormErrors.of_all(error.errors if isinstance(error, Refused) else [error], language(request), fields)
            return await run_in_threadpool(lambda: self.form_page(
                request, principal, section, values={**values, "level": form.get("level", "")}, errors=errors,
                status=422))
        return saved_at(request, f"{base}/{node['id']}")

    def _write(self, principal: Principal, section: Section, coalition_id: str, node_id: str | None,
               values: dict[str, Any], form: FormData) -> Row:
        network, vocabulary = self.services.network, self.services.vocabulary
        self._coordinating(principal, coalition_id)
        if node_id is not None:  # an element that is not there (or not hers to see) is named before its values
            network.get_node(principal, node_id, kind=section.kind)
        props = properties_of(vocabulary, section.kind, values, patch=node_id is not None)
        problems = network.property_problems(section.kind, props, partial=node_id is not None)
        with_level = node_id is None and network.membership_kind(section.kind) == "member_of"
        if with_level and not form.get("level"):
            problems.append(ValidationError("is required", field="level", code="REQUIRED"))
        if problems:
            raise Refused(problems)
        if node_id is None:
            membership: dict[str, Any] = {"since": clock.today().isoformat()}
            if with_level:
                membership["level"] = form["level"]
            return network.create_member(principal, section.kind, props, coalition_id, membership)
        return network.update_node(principal, section.kind, node_id, props)

    # ------------------------------------------------------------------ memberships and ties on the element's page
    async def join(self, request: Request, section: Section) -> Response:
        """Make the element part of another coalition this principal coordinates."""
        def write(principal: Principal, form: FormData, node_id: str) -> None:
            kind = self.services.network.membership_kind(section.kind)
            props: dict[str, Any] = {"since": form.get("since") or clock.today().isoformat()}
            if kind == "member_of":
                props["level"] = form.get("level") or None
            coalition = form.get("coalition", "")
            if not coalition:
                raise ValidationError("choose a coalition", field="coalition", code="REQUIRED")
            self.services.network.link(principal, kind, node_id, coalition, props)
        return await self._on_element(request, section, write, {"coalition": "coalition", "to": "coalition",
                                                                 "level": "level"})

    async def end(self, request: Request, section: Section) -> Response:
        """End a membership or a tie on a date: it stays in the history of the network, never a
        silent delete."""
        def write(principal: Principal, form: FormData, node_id: str) -> None:
            kind, tie_id = form.get("tie_kind", ""), form.get("tie", "")
            tie = self.services.network.get_tie(principal, kind, tie_id) if kind else None
            if tie is None or node_id not in (tie["from"], tie["to"]):
                raise NotFound("no such tie of this element", field="tie")
            self.services.network.update_tie(principal, kind, tie_id, {"until": form.get("until") or None})
        return await self._on_element(request, section, write, {"until": "until"})

    async def _on_element(self, request: Request, section: Section,
                          write: Callable[[Principal, FormData, str], None], fields: dict[str, str]) -> Response:
        coalition_id, node_id = request.path_params["coalition_id"], request.path_params["node_id"]
        detail = f"{section.base(coalition_id)}/{node_id}"
        post = await accepted_post(self.pages, request, sent_again=link(request, detail))
        if not isinstance(post, Post):
            return post
        principal, form = post.principal, post.form

        def checked_write() -> None:
            self._coordinating(principal, coalition_id)  # before any check of the values: learn nothing
            write(principal, form, node_id)
        try:
            await run_in_threadpool(checked_write)
        except (NotFound, PermissionDenied):
            return not_found(request, principal)
        except DomainError as error:
            errors = FormErrors.of(error, language(request), fields)
            try:
                return await run_in_threadpool(lambda: self.node_pages.detail(
                    request, principal, section, errors=errors, form=form.get("form_name", ""), entered=form,
                    status=422))
            except (NotFound, PermissionDenied):  # the element itself is not there
                return not_found(request, principal)
        return saved_at(request, detail, anchor=form.get("form_name", ""))

    def routes(self) -> list[Route]:
        routes = []
        for section in SECTIONS:
            base = "/app/coalitions/{coalition_id}/" + section.slug
            bound = for_section(section)
            routes += [
                Route(f"{base}/new", signed_in(self.pages, bound(self.form_page)), methods=["GET"]),
                Route(f"{base}/new", bound(self.save), methods=["POST"]),
                Route(base + "/{node_id}/edit", signed_in(self.pages, bound(self.form_page)), methods=["GET"]),
                Route(base + "/{node_id}/edit", bound(self.save), methods=["POST"]),
                Route(base + "/{node_id}/join", bound(self.join), methods=["POST"]),
                Route(base + "/{node_id}/end", bound(self.end), methods=["POST"]),
            ]
        return routes

