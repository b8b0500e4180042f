"""The limits every GraphQL request passes, and what of an error reaches the client or the log."""

import logging
import re
import traceback
from importlib.metadata import version
from typing import Any, Iterator

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)

from ...domain.errors import DomainError
from ..query_cost import QueryCostLimit

LOG = logging.getLogger(__name__)
#: MaxAliasesLimiter counts aliases through fragment spreads only from this release (PYSEC-2026-2284)
STRAWBERRY_FLOOR = (0, 315, 7)
if tuple(int(p) for p in re.findall(r"\d+", version("strawberry-graphql"))[:3]) < STRAWBERRY_FLOOR:  # pragma: no cover
    raise ImportError(f"strawberry-graphql >= {'.'.join(map(str, STRAWBERRY_FLOOR))} is required (alias-limit fix)")
MAX_DEPTH = 10
MAX_ALIASES = 20
MAX_TOKENS = 2000


def should_mask(error: GraphQLError) -> bool:
    """Only our public errors and GraphQL's own messages reach the client: validation, and the
    coercion of variables (an unknown input field, an enum value that does not exist), whose
    message names the variable and the field."""
    original = getattr(error, "original_error", None)
    return original is not None and not isinstance(original, (DomainError, GraphQLError))


class Schema(strawberry.Schema):
    """Logs only unexpected errors of our own code, and never their message: a typed or validation
    error is the client's business, and any message may quote user input (possibly personal
    data). What is logged is the error type, the field path and the stack of our code."""

    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        for error in errors:
            original = error.original_error
            if error.path is None or not should_mask(error) or original is None:
                continue
            stack = "".join(traceback.format_tb(original.__traceback__))
            LOG.error("unexpected %s at %s\n%s", type(original).__name__, ".".join(map(str, error.path)), stack)


SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")


class HideSuggestions(SchemaExtension):
    """Outside development, "Did you mean ...?" would read the schema out to anyone probing it
    with misspelled names while introspection is off: drop the hint, keep the error."""

    def on_validate(self) -> Iterator[None]:
        yield
        for error in self.execution_context.pre_execution_errors or []:
            error.message = SUGGESTION.sub("", error.message)


def extensions(dev_mode: bool) -> list[Any]:
    # The limits' validation rules are made once per schema. The depth and alias limiters make a
    # new rule class each time they are made, and made per request they made every request's
    # rules differ: the validation cache, keyed by the rules, never hit, and each request
    # validated its document again (6-7 ms of a 10 ms card read). The cost rule does not depend
    # on the variables (see api/query_cost.py), so one validation serves every request.
    rules = [*QueryDepthLimiter(max_depth=MAX_DEPTH).validation_rules,
             *MaxAliasesLimiter(max_alias_count=MAX_ALIASES).validation_rules, QueryCostLimit]
    limits: list[Any] = [
        lambda: AddValidationRules(rules),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: MaskErrors(should_mask_error=should_mask),
        # clients send the same few documents over and over: parse and validate each once
        lambda: ParserCache(maxsize=256),
        lambda: ValidationCache(maxsize=256),
    ]
    return limits if dev_mode else limits + [DisableIntrospection, HideSuggestions]
