"""What a map shows of a coalition's network: everyone, or the organisations with their people
folded into them (readable on a wall for a 60-partner coalition), and everything or one element
with its neighbours. Pure functions over a subgraph's nodes and ties, applied before drawing, so
the map and its table twin show the same elements."""

from __future__ import annotations

from typing import Any

from ..analysis.overview import COALITION_TIES

Nodes = dict[str, dict[str, Any]]
Ties = list[dict[str, Any]]


def fold_people(nodes: Nodes, ties: Ties) -> tuple[Nodes, Ties]:
    """Professionals folded into the organisation they work at: their ties become the
    organisation's (one line per kind and pair), their `works_at` ties disappear. A professional
    without an organisation on the map stays."""
    employer = {t["from"]: t["to"] for t in ties
                if t["kind"] == "works_at" and t["to"] in nodes and nodes.get(t["from"], {}).get("kind") == "professional"}
    kept = {i: n for i, n in nodes.items() if i not in employer}
    folded: Ties = []
    seen: set[tuple[str, str, str]] = set()
    for tie in ties:
        if tie["kind"] == "works_at" and tie["from"] in employer:
            continue
        start, end = employer.get(tie["from"], tie["from"]), employer.get(tie["to"], tie["to"])
        key = (start, end, tie["kind"])
        if start == end or key in seen:
            continue
        seen.add(key)
        folded.append(tie if (start, end) == (tie["from"], tie["to"]) else {**tie, "from": start, "to": end})
    return kept, folded


def around(nodes: Nodes, ties: Ties, focus: frozenset[str]) -> tuple[Nodes, Ties]:
    """Some elements (one partner, or the partners a finding is about) and the elements they have
    a tie with (not counting being part of the coalition), with the ties among them; the
    coalition itself stays, so memberships still give levels."""
    near = set(focus)
    for tie in ties:
        if tie["kind"] not in COALITION_TIES and (tie["from"] in focus or tie["to"] in focus):
            near.update((tie["from"], tie["to"]))
    kept = {i: n for i, n in nodes.items() if i in near or n.get("kind") == "coalition"}
    return kept, [t for t in ties if t["from"] in kept and t["to"] in kept]
