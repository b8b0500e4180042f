"""The ties to make: for a finding that implies a missing tie, the pairs most worth introducing.

A pair is worth more when the two already share contacts (an introduction is easy), work in the
same phases (they meet the same families) and are well connected (the tie reaches further). Each
suggestion says why in words, with names and labels, never ids or codes.
"""

from __future__ import annotations

import heapq

from typing import Iterable

from .findings import SuggestedTie, label, labels, listing
from .snapshot import Snapshot

HANDOVER_TO = {"youth_health_care": ("de jeugdgezondheidszorg (JGZ)", "youth health care"),
               "neighbourhood_team": ("het wijkteam", "the neighbourhood team")}


def name(snap: Snapshot, node_id: str) -> str:
    node = snap.nodes.get(node_id, {})
    return str(node.get("name") or node.get("label") or node_id)


#: a sentence names at most this many partners, then says how many more there are
MAX_NAMED = 12


def names(snap: Snapshot, nodes: list[str]) -> tuple[str, str]:
    """'A, B en C' and 'A, B and C'; past MAX_NAMED, 'A, B, ... en 37 andere'."""
    if len(nodes) <= MAX_NAMED:
        return listing([name(snap, n) for n in nodes])
    shown = ", ".join(name(snap, n) for n in nodes[:MAX_NAMED])
    rest = len(nodes) - MAX_NAMED
    return f"{shown} en {rest} andere", f"{shown} and {rest} others"


def organisations(snap: Snapshot) -> list[str]:
    """The coalition's member organisations, in id order."""
    return sorted(snap.members_of_kind("organisation"))


def tie(snap: Snapshot, a: str, b: str, reason_nl: str, reason_en: str) -> SuggestedTie:
    return SuggestedTie(from_id=a, to_id=b, from_name=name(snap, a), to_name=name(snap, b),
                        reason_nl=reason_nl, reason_en=reason_en)


def most_central(snap: Snapshot, nodes: Iterable[str], count: int) -> list[str]:
    score = snap.centrality or {}
    return sorted(nodes, key=lambda n: (-score.get(n, 0.0), -snap.degrees.get(n, 0), n))[:count]


def _phases(snap: Snapshot, node_id: str) -> set[str]:
    return set(snap.nodes[node_id].get("phases") or [])


def _why(snap: Snapshot, common: list[str], phases: list[str]) -> tuple[str, str]:
    nl, en = [], []
    if common:
        names_nl, names_en = listing([name(snap, c) for c in common[:2]])
        nl.append(f"beide werken al met {names_nl}")
        en.append(f"both already work with {names_en}")
    if phases:
        phases_nl, phases_en = labels("phase", [p for p in ("preconception", "pregnancy", "birth_maternity",
                                                            "zero_to_two") if p in phases], quoted=True)
        nl.append(f"beide zijn er in de {'fase' if len(phases) == 1 else 'fasen'} {phases_nl}")
        en.append(f"both work in the {'phase' if len(phases) == 1 else 'phases'} {phases_en}")
    return ("; ".join(nl) or "ze kennen elkaar nog niet via een andere partner",
            "; ".join(en) or "they do not know each other through another partner yet")


def pairs(snap: Snapshot, left: list[str], right: list[str], count: int) -> list[SuggestedTie]:
    """Untied pairs between two groups, ranked: shared contacts first, then shared phases, then
    the pair's degree. `left` and `right` should be the most central of each side, so the search
    stays small on large networks."""
    g = snap.partners
    adjacent = {n: set(g[n]) for n in (*left, *right)}
    phases_of = {n: _phases(snap, n) for n in adjacent}
    candidates = []
    for a in left:
        next_to_a, phases_a = adjacent[a], phases_of[a]
        for b in right:
            if a == b or b in next_to_a:
                continue
            common, phases = next_to_a & adjacent[b], phases_a & phases_of[b]
            candidates.append(((-len(common), -len(phases), -(snap.degrees[a] + snap.degrees[b]), a, b), common, phases))
    best = heapq.nsmallest(count, candidates, key=lambda c: c[0])  # sorted, only the few kept
    return [tie(snap, key[3], key[4], *_why(snap, sorted(common), sorted(phases))) for key, common, phases in best]


def best_partner(snap: Snapshot, node: str, options: list[str]) -> SuggestedTie | None:
    """The one partner from `options` the node should be introduced to (see `pairs`)."""
    found = pairs(snap, [node], [o for o in options if o != node], 1)
    return found[0] if found else None


def handover_partners(snap: Snapshot, sources: list[str], targets: set[str]) -> list[SuggestedTie]:
    """The handovers to make: for each source and each kind of receiver (JGZ, the neighbourhood
    team) the receiver that already shares the most partners with the source, else the best
    connected one, so the introduction is easy and the families get there. Shared partners are
    counted over the source's two-step neighbourhood, so a region of thousands stays fast."""
    graph = snap.partners
    out = []
    for kind, (where_nl, where_en) in HANDOVER_TO.items():
        options = {t for t in targets if snap.nodes[t].get("organisation_type") == kind}
        if not options:
            continue
        fallback = min(options, key=lambda t: (-snap.degrees[t], t))
        for source in sources:
            shared: dict[str, int] = {}
            for middle in graph[source]:
                for t in graph[middle]:
                    if t in options and t != source:
                        shared[t] = shared.get(t, 0) + 1
            best = min(shared, key=lambda t: (-shared[t], -snap.degrees[t], t)) if shared else fallback
            common = sorted(set(graph[source]) & set(graph[best]))
            known_nl = f"; ze werken allebei al met {name(snap, common[0])}" if common else ""
            known_en = f"; both already work with {name(snap, common[0])}" if common else ""
            out.append(tie(snap, source, best, f"warme overdracht na de kraamperiode naar {where_nl}{known_nl}",
                           f"warm handover after the maternity period to {where_en}{known_en}"))
    # per source: JGZ first, then the neighbourhood team
    order = {s: i for i, s in enumerate(sources)}
    return sorted(out, key=lambda t: order[t.from_id])


def reachers(snap: Snapshot) -> dict[str, int]:
    """Partners by the number of communities they reach."""
    counts: dict[str, int] = {}
    for t in snap.ties_by_kind.get("reaches", []):
        if t["from"] in snap.partners:
            counts[t["from"]] = counts.get(t["from"], 0) + 1
    return counts


def community_partner(snap: Snapshot, community: str) -> SuggestedTie | None:
    """Who should start reaching a community nobody reaches: the partner that already reaches the
    most other communities (it knows how), among public health, social and informal partners."""
    counts = reachers(snap)
    options = [n for n in snap.partners if snap.domain(n) in ("public_health", "social", "informal")]
    if not options:
        return None
    best = min(options, key=lambda n: (-counts.get(n, 0), -snap.degrees[n], n))
    many = counts.get(best, 0)
    return tie(snap, best, community,
               f"{name(snap, best)} bereikt al {many} andere {'gemeenschap' if many == 1 else 'gemeenschappen'}"
               if many else f"{name(snap, best)} heeft de meeste contacten in de coalitie",
               f"{name(snap, best)} already reaches {many} other {'community' if many == 1 else 'communities'}"
               if many else f"{name(snap, best)} has the most contacts in the coalition")


def key_figure_partner(snap: Snapshot, key_figure: str) -> SuggestedTie | None:
    """The professional partner a lone key figure should be tied to: youth health care or the
    neighbourhood team first (they see every family), the best connected of them."""
    preferred = [n for n in snap.partners
                 if snap.nodes[n].get("organisation_type") in ("youth_health_care", "neighbourhood_team")]
    options = preferred or [n for n in snap.partners if snap.domain(n) in ("public_health", "social")]
    if not options:
        return None
    best = min(options, key=lambda n: (-snap.degrees[n], n))
    kind_nl, kind_en = label("organisation_type", snap.nodes[best].get("organisation_type") or "other")
    return tie(snap, key_figure, best, f"{kind_nl} ziet bijna elk gezin in deze periode",
               f"{kind_en} sees almost every family in this period")
