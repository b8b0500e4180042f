"""Domain errors as GraphQL answers, decided in one place.

A mutation answers a domain error as a typed member of its result union (`ValidationError`,
`NotFound`, ...), so a client can show the field and the Dutch message. A query answers "unknown or
not yours" with null (or an empty list), and any other domain error as a GraphQL error carrying
the error's code and field. Resolvers only declare which of the two they are, with
`@errors_as_results` or `@errors_raised(missing=...)`; none writes its own try block.

No `from __future__ import annotations` here: strawberry reads these annotations at run time.
"""

import functools
from typing import Annotated, Any, Awaitable, Callable, Optional, TypeVar, Union

import strawberry
from graphql import GraphQLError

from ...domain.errors import Conflict, DomainError, NotFound, PermissionDenied, ValidationError
from ...domain.messages import dutch

Resolver = TypeVar("Resolver", bound=Callable[..., Awaitable[Any]])

@strawberry.type(name="ValidationError", description="Input that does not fit the vocabulary.")
class ValidationErrorResult:
    message: str
    message_nl: str = strawberry.field(description="The message in Dutch, for people (by the stable code).")
    field: Optional[str]
    code: str


@strawberry.type(name="NotFound", description="Unknown, or not visible to you.")
class NotFoundResult:
    message: str
    message_nl: str = strawberry.field(description="The message in Dutch, for people.")
    field: Optional[str]


@strawberry.type(name="PermissionDenied", description="You may not do this.")
class PermissionDeniedResult:
    message: str
    message_nl: str = strawberry.field(description="The message in Dutch, for people.")


@strawberry.type(name="Conflict", description="Clashes with what is stored.")
class ConflictResult:
    message: str
    message_nl: str = strawberry.field(description="The message in Dutch, for people (by the stable code).")
    field: Optional[str]
    code: str


ERROR_TYPES = (ValidationErrorResult, NotFoundResult, PermissionDeniedResult, ConflictResult)


def error_result(error: DomainError) -> Any:
    """Map a domain error to its typed GraphQL result."""
    nl = dutch(error)
    if isinstance(error, ValidationError):
        return ValidationErrorResult(message=error.message, message_nl=nl, field=error.field, code=error.code)
    if isinstance(error, NotFound):
        return NotFoundResult(message=error.message, message_nl=nl, field=error.field)
    if isinstance(error, PermissionDenied):
        return PermissionDeniedResult(message=error.message, message_nl=nl)
    if isinstance(error, Conflict):
        return ConflictResult(message=error.message, message_nl=nl, field=error.field, code=error.code)
    raise error



class PublicError(GraphQLError):
    """A query error that is safe to show: carries the domain error's code and field."""

    def __init__(self, error: DomainError) -> None:
        super().__init__(error.message, extensions={"code": error.code, "field": error.field, "messageNl": dutch(error)})



def result_union(name: str, payload: type) -> Any:
    return Annotated[Union[(payload, *ERROR_TYPES)], strawberry.union(name)]  # type: ignore[misc]




def errors_as_results(resolver: Resolver) -> Resolver:
    """For mutations: a domain error becomes the typed member of the result union."""

    @functools.wraps(resolver)
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return await resolver(*args, **kwargs)
        except DomainError as error:
            return error_result(error)

    return wrapper  # type: ignore[return-value]


def errors_raised(*, missing: Any = None) -> Callable[[Resolver], Resolver]:
    """For queries: unknown or not visible answers `missing` (null, or a fresh empty list when
    `missing` is `list`); any other domain error is raised as a public GraphQL error."""

    def decorate(resolver: Resolver) -> Resolver:
        @functools.wraps(resolver)
        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return await resolver(*args, **kwargs)
            except NotFound as error:
                if missing is RAISE:
                    raise PublicError(error) from None
                return missing() if missing is list else missing
            except DomainError as error:
                raise PublicError(error) from None

        return wrapper  # type: ignore[return-value]

    return decorate


#: `errors_raised(missing=RAISE)`: a query whose "not found" is an error too (e.g. a region of coalitions)
RAISE = object()
