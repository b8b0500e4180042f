"""What the store hands out besides plain rows: pages with cursors, subgraphs, and the small
helpers every part of the store shares (well-formed ids, today, the time stamp of a write)."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from typing import Any, Iterable

from ..domain import clock
from ..domain.errors import ValidationError
from ..domain.validation import ID_PATTERN
from .backend import Row

MAX_PAGE_SIZE = 100
#: rows per write statement in bulk operations that may span several statements (restore)
CHUNK = 5000


def now_stamp() -> str:
    return clock.now_iso()


def today() -> str:
    return clock.today().isoformat()


@dataclass(frozen=True)
class Page:
    items: list[Row]
    end_cursor: str | None
    has_next_page: bool
    #: one cursor per item, to continue after that item
    cursors: list[str] = field(default_factory=list)


@dataclass
class Subgraph:
    """A read of part of the graph: nodes by id and the ties among them."""

    nodes: dict[str, Row] = field(default_factory=dict)
    ties: list[Row] = field(default_factory=list)
    version: int = 0


def well_formed(ids: Iterable[Any]) -> list[str]:
    """Only ids that can exist: anything else is simply not found (and never reaches Cypher)."""
    return sorted({i for i in ids if isinstance(i, str) and ID_PATTERN.match(i)})


def encode_cursor(sort_key: str, node_id: str) -> str:
    raw = json.dumps([sort_key, node_id], ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        key, node_id = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if isinstance(key, str) and isinstance(node_id, str):
            return key, node_id
    except (ValueError, TypeError, binascii.Error):
        pass
    raise ValidationError("is not a cursor this service gave out", field="after", code="INVALID_CURSOR")
