"""The scenario suite: every finding and signal an expert expects is given, none that must not
appear is, and coalitions get at most 1.2 findings per partner (`python -m tests.scenarios.score`
prints the figures)."""

from __future__ import annotations

from .coalitions import village
from .model import Expect, Scenario
from .score import main, score, score_all, totals


def test_recall_is_whole_nothing_forbidden_appears_and_findings_stay_few():
    scores = score_all()
    figures = totals(scores)
    assert figures["coalitions"] >= 8 and figures["cards"] >= 8
    assert [(s.scenario.name, e) for s in scores for e in s.missed] == []
    assert [(s.scenario.name, e, text) for s in scores for e, text in s.forbidden] == []
    assert figures["recall"] == 1.0 and figures["findings_per_partner"] <= 1.2


def test_the_score_catches_a_missed_and_a_forbidden_finding(capsys):
    wrong = Scenario("fout", "expects what is not there and forbids what is", coalition=village(),
                     expect=[Expect("phase_gap")], must_not=[Expect("isolated_member", nodes=("ha",))])
    result = score(wrong)
    assert result.missed == [Expect("phase_gap")]
    assert [e for e, _ in result.forbidden] == [Expect("isolated_member", nodes=("ha",))]
    assert main([]) == 0 and "recall 1.00" in capsys.readouterr().out
