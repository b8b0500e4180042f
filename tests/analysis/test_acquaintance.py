"""One predicate says whether the medical and social professionals around a family know each
other; the card's signal G12 and the evaluators' family figures both use it."""

from __future__ import annotations

import pytest

from graph_service.analysis.acquaintance import ACQUAINTED, links_of, medical_and_social_connected

DOMAINS = {"midwife": {"medical"}, "nurse": {"public_health"}, "team": {"social"}}
EMPLOYERS = {"midwife": {"vp"}, "nurse": {"jgz"}, "team": {"wt"}}


def tie(kind: str, a: str, b: str) -> dict[str, str]:
    return {"kind": kind, "from": a, "to": b}


@pytest.mark.parametrize(("ties", "employers", "connected"), [
    ([], EMPLOYERS, False),
    ([tie("collaborates_with", "team", "midwife")], EMPLOYERS, True),  # either direction
    ([tie("hands_over", "nurse", "team")], EMPLOYERS, True),  # youth health care is on the medical side
    ([tie("refers_to", "midwife", "wt")], EMPLOYERS, True),  # a tie to the other's organisation
    ([], {**EMPLOYERS, "team": {"vp"}}, True),  # the same organisation (a health centre)
    ([tie("funds", "midwife", "team")], EMPLOYERS, False),  # funding is no acquaintance
    ([tie("agreement", "midwife", "team")], EMPLOYERS, True),
    ([tie("collaborates_with", "midwife", "nurse")], EMPLOYERS, False),  # both on the medical side
])
def test_who_knows_whom(ties, employers, connected):
    assert medical_and_social_connected(DOMAINS, employers, links_of(ties)) is connected


def test_the_group_comes_from_the_vocabulary():
    from graph_service.domain.vocabulary import load_vocabulary

    assert ACQUAINTED == load_vocabulary().tie_groups["acquainted"]
    assert "hands_over" in ACQUAINTED and "funds" not in ACQUAINTED
