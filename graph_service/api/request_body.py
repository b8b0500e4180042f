"""The GraphQL request body, checked before strawberry sees it.

A body that is not UTF-8, not JSON, JSON nested past what a parser should follow, or not an
object with a `query`, is answered with a 400 that says so (it used to be a plain-text 500). Text
with control characters (NUL and the other C0 characters except tab, line feed and carriage
return, and DEL) is refused in every variable and every string literal of the document: a NUL
reached FalkorDB, whose client writes parameters into the query text, and came back as
"Unexpected error.". Tabs and line breaks stay allowed: an imported CSV file is sent as text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

#: deeper than any document or variables we accept; a JSON parser recursing further is an attack
MAX_NESTING = 64
STRINGS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
BRACKETS = re.compile(r"[\[\]{}]")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: a GraphQL string escape of such a character in the document's text: \u0000, \u{7F}
ESCAPED_CONTROL = re.compile(r"\\u(?:00(?:0[0-8bcef]|1[0-9a-f])|007f|\{0*(?:[0-8bcef]|1[0-9a-f]|7f)\})", re.I)


@dataclass(eq=False)
class BadBody(Exception):
    message: str
    code: str
    #: where in the request: `variables.familyId`, `query`
    field: str | None = None


def parse_body(body: bytes) -> dict[str, Any]:
    """The request as a JSON object; raises BadBody naming what is wrong."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise BadBody("the request body is not UTF-8 text", "BAD_REQUEST") from None
    if _nesting(text) > MAX_NESTING:
        raise BadBody(f"the request body is JSON nested deeper than {MAX_NESTING} levels", "BAD_REQUEST")
    try:
        request = json.loads(text)
    except ValueError:
        raise BadBody("the request body is not valid JSON", "BAD_REQUEST") from None
    if isinstance(request, list):
        raise BadBody("batching is off: send one operation per request", "BAD_REQUEST")
    if not isinstance(request, dict) or not isinstance(request.get("query", ""), str):
        raise BadBody('send one operation as a JSON object: {"query": "...", "variables": {...}}', "BAD_REQUEST")
    check_text(request)
    return request


def _nesting(text: str) -> int:
    """How deep brackets nest outside strings, without recursing (json.loads recursed to a
    RecursionError at about 1,000 levels). Strings are cut out first: a 5 MB import file in a
    variable is one string, and the brackets left to count are few."""
    depth = deepest = 0
    for bracket in BRACKETS.findall(STRINGS.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def check_text(request: dict[str, Any]) -> None:
    """Refuse control characters in the variables (keys and values) and the document's strings."""
    query = request.get("query") or ""
    if CONTROL.search(query) is not None or ESCAPED_CONTROL.search(query) is not None:
        raise BadBody("the document holds a control character in a string", "INVALID_CHARACTERS", "query")
    stack: list[tuple[str, Any]] = [("variables", request.get("variables"))]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if CONTROL.search(value) is not None:
                raise BadBody("contains a control character (such as NUL)", "INVALID_CHARACTERS", path)
        elif isinstance(value, dict):
            for key, item in value.items():
                if CONTROL.search(key) is not None:
                    raise BadBody("a name contains a control character", "INVALID_CHARACTERS", path)
                stack.append((f"{path}.{key}", item))
        elif isinstance(value, list):
            stack.extend((f"{path}[{index}]", item) for index, item in enumerate(value))
