"""Forms of the web application: reading a post, refusing one another site sent, writing a form
once however often it is sent, and errors a person can act on.

Every form carries a CSRF token (derived from the session cookie) and a one-time id. Errors come
from the services, the same `DomainError`s with the same codes as the API, and are shown in Dutch
at their field and in a summary above the form that links to each field. Browsers do no
validation of their own (`novalidate`): one set of rules, one set of messages."""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from starlette.requests import Request

from ..domain.errors import DomainError
from ..domain.messages import dutch
from .map_pages import from_this_site
from .sessions import COOKIE, Sessions

MAX_FORM_BYTES = 16_384


@dataclass
class FormErrors:
    """Messages by form field, in the order they are shown in the summary."""

    messages: dict[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.messages)

    @classmethod
    def of(cls, error: DomainError, lang: str, fields: dict[str, str]) -> "FormErrors":
        """The error at the form field its `field` names (`fields`: service field -> form field)."""
        return cls.of_all([error], lang, fields)

    @classmethod
    def of_all(cls, errors: list[DomainError], lang: str, fields: dict[str, str]) -> "FormErrors":
        messages: dict[str, str] = {}
        for error in errors:
            messages.setdefault(fields.get(error.field or "", next(iter(fields.values()))),
                                error.message if lang == "en" else dutch(error))
        return cls(messages)


class FormData(dict):  # type: ignore[type-arg]
    """A posted form: `form[name]` and `form.get(name)` give the first value, `values(name)` all
    of them (checkboxes)."""

    def __init__(self, lists: dict[str, list[str]]) -> None:
        super().__init__({key: values[0] for key, values in lists.items()})
        self.lists = lists

    def values_of(self, name: str) -> list[str]:
        return self.lists.get(name, [])


async def read_form(request: Request) -> FormData:
    body = (await request.body())[:MAX_FORM_BYTES]
    return FormData(parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True))


def new_form_id() -> str:
    return secrets.token_urlsafe(16)


def sent_by_this_site(request: Request, form: FormData, sessions: Sessions) -> bool:
    """A form signed in by cookie must carry this session's token and come from this site; a
    bearer token is not sent by a browser on its own, so it needs neither."""
    if "authorization" in request.headers:
        return True
    expected = sessions.csrf_token(request.cookies.get(COOKIE))
    given = form.get("csrf", "")
    return from_this_site(request) and expected is not None and hmac.compare_digest(expected, given)
