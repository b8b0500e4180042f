"""Typed domain errors.

Every error a user can cause is one of these, with a stable `code` and, where it applies, the
`field` path it is about. `domain.messages` gives the Dutch text of each code. The API maps them to typed GraphQL results and the CLI to one-line
messages; anything else is an internal error and is masked.
"""

from __future__ import annotations


class DomainError(Exception):
    """Base class of errors that are safe to show to the caller."""

    code = "DOMAIN_ERROR"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None, **params: object) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        #: values the Dutch text of the code uses (`domain.messages`): a limit, the value refused
        self.params = params
        if code:
            self.code = code

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class ValidationError(DomainError):
    """Input does not fit the vocabulary; `field` names the path (e.g. `rows[3].domain`)."""

    code = "INVALID"


class NotFound(DomainError):
    """The object does not exist, or the caller may not know that it exists."""

    code = "NOT_FOUND"


class Conflict(DomainError):
    """The change clashes with what is stored (an id already taken, another kind)."""

    code = "CONFLICT"


class PermissionDenied(DomainError):
    """The caller may not do this."""

    code = "PERMISSION_DENIED"


class StoreUnavailable(DomainError):
    """The graph database cannot be reached or started."""

    code = "STORE_UNAVAILABLE"


class StoreTimeout(StoreUnavailable):
    """A statement ran past the database's time limit (the database itself is fine)."""

    code = "STORE_TIMEOUT"


class Busy(DomainError):
    """Too much CPU work is waiting (or its worker process stopped): try again shortly (503)."""

    code = "BUSY"
    #: seconds a client should wait before it asks again
    retry_after = 5
