"""Each database driver's exceptions turned into ours, in one table per driver.

Above the store nothing knows redis or neo4j: a driver error either means something the caller
can act on (the id is taken: `Conflict`; the database is down: `StoreUnavailable`; a statement ran
past the time limit: `StoreTimeout`) or it is a fault of our own Cypher, which stays as it is so
it is logged as unexpected. Like httpx's mapping of transport errors, the table is data: adding a
case is one line, and a test can read which cases exist.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterator

from ..domain.errors import DomainError

#: turns one driver exception into ours, or None when it is not this rule's case
Translate = Callable[[BaseException], "DomainError | None"]


class ErrorMap:
    def __init__(self, *rules: tuple[type[BaseException] | tuple[type[BaseException], ...], Translate]) -> None:
        self.rules = rules

    def translate(self, exc: BaseException) -> DomainError | None:
        for types, rule in self.rules:
            if isinstance(exc, types) and (error := rule(exc)) is not None:
                return error
        return None

    @contextmanager
    def translating(self) -> Iterator[None]:
        try:
            yield
        except DomainError:
            raise
        except Exception as exc:
            error = self.translate(exc)
            if error is None:
                raise
            raise error from None


def when(text: str, error: Callable[[BaseException], DomainError]) -> Translate:
    """A rule for drivers that tell cases apart only by the message (redis' ResponseError)."""
    return lambda exc: error(exc) if text in str(exc).lower() else None


def one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())
