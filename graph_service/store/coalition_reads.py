"""Reads of a coalition as a whole: who belongs to which coalition, the coalition's network as of a
date (cached until a change touches it) and the anonymous support profiles of its families."""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Sequence

from ..domain.errors import NotFound
from ..domain.validation import parse_date
from .backend import Row
from .cypher import statement
from .rows import Subgraph, today, well_formed
from .store_base import StoreBase

#: coalition subgraphs kept per process (keyed by coalition and date): at 300 coalitions of 130
#: partners, about 0.5 MB each
SUBGRAPH_CACHE_SIZE = 512


@dataclass
class _Kept:
    graph: Subgraph
    #: the graph version up to which no change touched the graph (its own version at first)
    checked: int


class CoalitionReads(StoreBase):
    def __init__(self) -> None:
        self._subgraphs: OrderedDict[tuple[str, str], _Kept] = OrderedDict()
        self._subgraphs_lock = threading.Lock()

    def coalitions_of(self, ids: Sequence[str], as_of: str | dt.date | None = None) -> dict[str, tuple[str, set[str]]]:
        """node id -> (kind, coalitions it is part of on `as_of`, today by default)."""
        wanted = well_formed(ids)
        if not wanted:
            return {}
        params = {"ids": wanted, "as_of": parse_date(as_of, "asOf") if as_of else today()}
        return {
            row["id"]: (row["kind"], {c for c in row["coalitions"] if c})
            for row in self.backend.read(statement("coalitions_of"), params)
        }

    def coalitions_of_node(self, node_id: str) -> set[str]:
        """The coalitions one node is part of today (empty for an unknown node)."""
        scope = self.coalitions_of([node_id]).get(node_id)
        return scope[1] if scope else set()

    def families_assigned_to(self, professional_id: str, family_ids: Sequence[str]) -> set[str]:
        """Which of these families the professional is assigned to today."""
        params = {"professional": professional_id, "ids": well_formed(family_ids), "as_of": today()}
        rows = self.backend.read(statement("families_assigned_to"), params)
        return set(rows[0]["ids"]) if rows else set()

    def family_support_profiles(self, coalition_id: str, as_of: str | dt.date | None = None) -> list[Row]:
        """Per family of the coalition: the people around it, without names (for aggregates)."""
        if not well_formed([coalition_id]):
            return []
        params = {"coalition": coalition_id, "as_of": parse_date(as_of, "asOf") if as_of else today()}
        rows = self.backend.read(statement("family_support_profiles"), params)
        return [{"family": r["family"], "people": [p for p in r["people"] if p and p.get("id")]} for r in rows]

    def _read_coalition(self, coalition_id: str, as_of: str, version: int) -> Subgraph:
        """Read rows of `node`, or of `from` with its `ties`, into one Subgraph (see the statement,
        which leaves the ties of families' cards unread)."""
        graph = Subgraph(version=version)
        if not well_formed([coalition_id]):
            return graph
        card_types = sorted(self.vocabulary.relationship_kinds[k].type for k in self.vocabulary.card_tie_kinds)
        rows = self.backend.read(statement("coalition_subgraph"), {"coalition": coalition_id, "as_of": as_of,
                                                                   "card_types": card_types})
        nodes, ties = graph.nodes, graph.ties
        for row in rows:
            if row["node"] is not None:
                nodes[row["node"]["id"]] = row["node"]
        done: set[str] = set()
        for row in rows:
            source = row["from"]
            if source is None or source in done:
                continue
            done.add(source)
            for tie in row["ties"]:
                if tie["to"] in nodes:
                    tie["from"] = source
                    ties.append(self.tie_row(tie))
        return graph

    def coalition_subgraph(self, coalition_id: str, as_of: str | dt.date | None = None) -> Subgraph:
        """The coalition's network as it was on `as_of` (today by default).

        Kept until a change touches it: every mutation (from any process) bumps the graph version
        and records the ids it touched, so one small read tells whether the changes since the
        network was read touched any of its nodes (a write to another coalition does not). The
        kept network keeps the version it was read at, so what is kept by that version (its
        analysis, overview, views) stays valid with it. The returned object is shared: treat it
        as read-only."""
        key = (coalition_id, parse_date(as_of, "asOf") if as_of else today())
        with self._subgraphs_lock:
            kept = self._subgraphs.get(key)
            if kept is not None:
                self._subgraphs.move_to_end(key)
        if kept is None:
            version = self.graph_version()  # read first: a write after it makes the entry stale, never wrong
        else:
            version, untouched = self._untouched_since(kept.checked, kept.graph.nodes)
            if untouched:
                with self._subgraphs_lock:
                    kept.checked = max(kept.checked, version)
                return kept.graph
        graph = self._read_coalition(*key, version)
        if not graph.nodes:
            raise NotFound(f"no coalition with id {coalition_id!r}", field="coalitionId")
        with self._subgraphs_lock:
            self._subgraphs[key] = _Kept(graph, version)
            while len(self._subgraphs) > SUBGRAPH_CACHE_SIZE:
                self._subgraphs.popitem(last=False)
        return graph

    def _untouched_since(self, since: int, ids: dict[str, Row]) -> tuple[int, bool]:
        """The graph version now, and whether every change after `since` is on record and touched
        none of `ids` (a change without a record, such as an import batch or a restore, counts
        as touching everything)."""
        rows = self.backend.read(statement("graph_changes_since"), {"since": since})
        version = int(rows[0]["version"]) if rows else 0
        touched = rows[0]["touched"] if rows else []
        if version == since:
            return version, True
        if len(touched) != version - since:
            return version, False
        return version, not any(i == "*" or i in ids for change in touched for i in change)
