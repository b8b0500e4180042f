"""The coalition overview counted from a subgraph alone: who is at the table and how the domains
are tied, with staff counted in their employer's domain."""

from __future__ import annotations

from graph_service.analysis.overview import coalition_overview

NODES = {
    "co": {"id": "co", "kind": "coalition", "name": "Coalitie"},
    "vp": {"id": "vp", "kind": "organisation", "domain": "medical", "phases": ["pregnancy"]},
    "wt": {"id": "wt", "kind": "organisation", "domain": "social", "phases": ["pregnancy", "zero_to_two"]},
    "jan": {"id": "jan", "kind": "professional", "name": "Jan"},
    "buur": {"id": "buur", "kind": "informal_supporter", "name": "Buurvrouw"},
    "cursus": {"id": "cursus", "kind": "intervention", "phases": ["pregnancy"]},
}
TIES = [
    {"kind": "member_of", "from": "vp", "to": "co", "level": "practice"},
    {"kind": "member_of", "from": "wt", "to": "co", "level": "strategic"},
    {"kind": "works_at", "from": "jan", "to": "wt"},
    {"kind": "refers_to", "from": "vp", "to": "jan"},  # the midwife refers to a team member: medical-social
    {"kind": "collaborates_with", "from": "wt", "to": "buur"},  # social-informal
    {"kind": "offers", "from": "vp", "to": "cursus"},  # the offer has no domain of its own: not counted
]


def test_members_are_counted_by_domain_level_and_phase():
    overview = coalition_overview(NODES, TIES, "co")
    assert overview["members"] == 2 and overview["coalition"]["name"] == "Coalitie"
    assert overview["by_domain"] == {"medical": 1, "social": 1}
    assert overview["by_level"] == {"practice": 1, "strategic": 1}
    assert overview["by_phase"] == {"pregnancy": 2, "zero_to_two": 1}
    assert overview["interventions_by_phase"] == {"pregnancy": 1}


def test_ties_between_domains_count_staff_in_their_employers_domain():
    assert coalition_overview(NODES, TIES, "co")["domain_ties"] == {"medical|social": 1, "informal|social": 1}
