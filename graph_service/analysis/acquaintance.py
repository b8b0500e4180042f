"""Whether the medical and the social professionals around one family know each other: the one
predicate behind the card's signal G12 and the evaluators' share of families with "connected
medical and social professionals", so the two can never disagree.

Two professionals know each other when a tie of the vocabulary's `acquainted` group joins them,
when they work at the same organisation, or when such a tie joins one of them with the other's
organisation. Youth health care counts on the medical side (it is health care), as in the
programme's own monitor.
"""

from __future__ import annotations

from typing import Iterable, Mapping

from ..domain.vocabulary import load_vocabulary

MEDICAL_SIDE = frozenset({"medical", "public_health"})
SOCIAL_SIDE = frozenset({"social"})
ACQUAINTED = load_vocabulary().tie_groups["acquainted"]


def links_of(ties: Iterable[Mapping[str, str]]) -> dict[str, set[str]]:
    """Who is joined to whom by a tie that means they know each other (both directions)."""
    links: dict[str, set[str]] = {}
    for tie in ties:
        if tie["kind"] in ACQUAINTED:
            links.setdefault(tie["from"], set()).add(tie["to"])
            links.setdefault(tie["to"], set()).add(tie["from"])
    return links


def medical_and_social_connected(domains: Mapping[str, set[str]], employers: Mapping[str, set[str]],
                                 links: Mapping[str, set[str]]) -> bool:
    """`domains`: the professionals around the family and their domains; `employers`: their
    organisations; `links`: see `links_of`."""
    medical = [p for p, d in domains.items() if d & MEDICAL_SIDE]
    social = [p for p, d in domains.items() if d & SOCIAL_SIDE]
    none: set[str] = set()
    for m in medical:
        m_links, m_orgs = links.get(m, none), employers.get(m, none)
        for s in social:
            if m == s:
                continue
            s_links, s_orgs = links.get(s, none), employers.get(s, none)
            if s in m_links or m_orgs & (s_orgs | s_links) or s_orgs & m_links:
                return True
    return False
