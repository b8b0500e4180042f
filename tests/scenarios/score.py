"""Score the analysis on the scenario suite: recall, precision, findings per partner.

    python -m tests.scenarios.score [--show]

Recall: the share of expected findings and signals the analysis gives. Precision: the share of
what it gives that an expert expects. Exits 1 when recall is below 1.0 or any finding or signal
that must not appear does: CI runs this, and so does the test suite.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from dataclasses import dataclass, field
from typing import Any

from graph_service.analysis.analyse import analyse_snapshot
from graph_service.analysis.card_signals import card_signals

from .cards import SCENARIOS as CARD_SCENARIOS
from .coalitions import SCENARIOS as COALITION_SCENARIOS
from .model import Expect, Scenario


@dataclass
class Score:
    scenario: Scenario
    found: list[dict[str, Any]]
    partners: int = 0
    missed: list[Expect] = field(default_factory=list)
    forbidden: list[tuple[Expect, str]] = field(default_factory=list)
    unexpected: list[dict[str, Any]] = field(default_factory=list)

    @property
    def hits(self) -> int:
        return len(self.scenario.expect) - len(self.missed)


def found_in(scenario: Scenario) -> tuple[list[dict[str, Any]], int]:
    """What the service says of the scenario, as dicts the expectations match, and its partners."""
    if scenario.coalition is not None:
        result = analyse_snapshot(scenario.coalition.snapshot())
        return [f.as_dict() for f in result.findings], result.partners
    assert scenario.card is not None
    return [{**dataclasses.asdict(s), "nodes": s.evidence} for s in card_signals(scenario.card)], 0


def score(scenario: Scenario) -> Score:
    found, partners = found_in(scenario)
    result = Score(scenario, found, partners)
    result.missed = [e for e in scenario.expect if not any(e.matches(f) for f in found)]
    result.forbidden = [(e, f["nl"]) for e in scenario.must_not for f in found if e.matches(f)]
    result.unexpected = [f for f in found if not any(e.matches(f) for e in scenario.expect)]
    return result


def score_all() -> list[Score]:
    return [score(s) for s in COALITION_SCENARIOS + CARD_SCENARIOS]


def totals(scores: list[Score]) -> dict[str, float]:
    expected = sum(len(s.scenario.expect) for s in scores)
    found = sum(len(s.found) for s in scores)
    coalitions = [s for s in scores if s.scenario.coalition is not None]
    return {
        "recall": sum(s.hits for s in scores) / expected if expected else 1.0,
        "precision": (found - sum(len(s.unexpected) for s in scores)) / found if found else 1.0,
        "must_not": sum(len(s.forbidden) for s in scores),
        "findings_per_partner": sum(len(s.found) / s.partners for s in coalitions) / len(coalitions),
        "coalitions": len(coalitions),
        "cards": len(scores) - len(coalitions),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print every finding and signal")
    args = parser.parse_args(argv)
    scores = score_all()
    for s in scores:
        what = f"{len(s.found)} findings, {s.partners} partners" if s.partners else f"{len(s.found)} signals"
        print(f"{s.scenario.name:28} expected {len(s.scenario.expect):2}  found {s.hits:2}  unexpected "
              f"{len(s.unexpected):2}  must-not {len(s.forbidden)}  ({what})")
        for expect in s.missed:
            print(f"    MISSED    {expect}")
        for expect, text in s.forbidden:
            print(f"    MUST-NOT  {expect}: {text}")
        for f in s.found if args.show else s.unexpected:
            print(f"    {'found' if args.show else 'unexpected'}  {f['rule']}: {f['nl']}")
    t = totals(scores)
    print(f"\n{t['coalitions']} coalitions, {t['cards']} family cards: recall {t['recall']:.2f}, precision "
          f"{t['precision']:.2f}, must-not {t['must_not']}, findings per partner {t['findings_per_partner']:.2f}")
    return 0 if t["recall"] == 1.0 and t["must_not"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
