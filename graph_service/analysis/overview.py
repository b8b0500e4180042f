"""Who is at a coalition's table, counted: members by domain, level and phase, interventions by
phase, and the ties between domains. Pure: it reads the coalition's subgraph, nothing else."""

from __future__ import annotations

from collections import Counter
from typing import Any

#: ties that make something part of a coalition rather than a working relationship
COALITION_TIES = frozenset({"member_of", "belongs_to"})
Row = dict[str, Any]


def coalition_overview(nodes: dict[str, Row], ties: list[Row], coalition_id: str) -> dict[str, Any]:
    members = {t["from"]: t.get("level") for t in ties if t["kind"] == "member_of" and t["to"] == coalition_id}
    organisations = [n for i, n in nodes.items() if n["kind"] == "organisation" and i in members]
    by_domain = Counter(n["domain"] for n in organisations)
    by_level = Counter(level for level in members.values() if level)
    by_phase = Counter(p for n in organisations for p in n.get("phases") or [])
    interventions = [n for n in nodes.values() if n["kind"] == "intervention"]
    interventions_by_phase = Counter(p for n in interventions for p in n.get("phases") or [])

    def domain_of(node: Row) -> str | None:
        if node.get("domain"):
            return node["domain"]
        if node["kind"] == "informal_supporter":
            return "informal"
        return None

    staff_domain = {}
    for tie in ties:
        if tie["kind"] == "works_at" and tie["to"] in nodes:
            staff_domain[tie["from"]] = domain_of(nodes[tie["to"]])
    domain_ties: Counter[tuple[str, str]] = Counter()
    for tie in ties:
        if tie["kind"] in COALITION_TIES or tie["kind"] == "works_at":
            continue
        ends = []
        for end in (tie["from"], tie["to"]):
            node = nodes[end]
            ends.append(domain_of(node) or staff_domain.get(end))
        if all(ends):
            a, b = sorted(ends)
            domain_ties[(a, b)] += 1
    return {
        "coalition": nodes[coalition_id],
        "members": len(members),
        "by_domain": dict(by_domain),
        "by_level": dict(by_level),
        "by_phase": dict(by_phase),
        "interventions_by_phase": dict(interventions_by_phase),
        "domain_ties": {f"{a}|{b}": n for (a, b), n in sorted(domain_ties.items())},
    }

