"""The write of a checked spreadsheet import: every node and tie of it in one statement."""

from __future__ import annotations

from typing import Any

from .cypher import statement
from .rows import now_stamp
from .store_base import StoreBase


class ImportStore(StoreBase):
    def write_import(self, nodes: dict[str, list[dict[str, Any]]], ties: dict[str, list[dict[str, Any]]]) -> None:
        """`nodes` by kind (`id`, `props`), `ties` by relationship type (`from`, `to`, `props`, and the
        `changes` that update a tie that already exists): all written, or none."""
        self.backend.write(statement("import_batch"), {"nodes": nodes, "ties": ties, "stamp": now_stamp()})
