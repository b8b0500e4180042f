"""Benchmarks run in CI (marked slow) so their figures are printed with every submission.

They assert only that the benchmark ran and printed every figure; speed targets are judged from
the printed numbers, not by timed tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("script", "figures"),
    [
        ("store_benchmark.py", ("bulk upsert nodes", "bulk link ties", "single get", "coalition subgraph",
                                "of which database")),
        # the same workloads on both backends, side by side (the store's default is measured, not assumed)
        ("store_benchmark.py --backend both --nodes 20000", ("falkordb", "neo4j", "single get p95",
                                                              "coalition read cold p95", "coalition read warm p95")),
        ("api_benchmark.py --backend both --coalitions 300 --runs 40", ("falkordb", "neo4j",
                                                                         "coalition overview p95")),
        ("api_benchmark.py", ("synthetic coalitions", "coalition overview", "list page")),
        ("analysis_benchmark.py", ("coalition    200 nodes", "coalition  2,000 nodes", "region    20,000 nodes",
                                   "snapshot included", "igraph alone")),
        ("card_benchmark.py", ("synthetic families: 10,000", "card query (audited, signals)", "card map render",
                               "chain intact: True")),
        ("card_editor_benchmark.py --actions 60", ("synthetic families: 10,000", "add person (quick add)",
                                                    "move to another ring", "set support", "card SVG, 40 people",
                                                    "chain intact: True")),
        ("workspace_benchmark.py --runs 10", ("300 synthetic coalitions", "overview rows: 300 coalitions",
                                               "overview, again", "a coalition's charts page",
                                               "store read of a coalition (reference)")),
        ("map_benchmark.py", ("coalition map: 494 nodes", "HTML generation p50", "laid out before p50",
                               "time until interactive")),
        ("survey_benchmark.py --partners 200", ("partners answering at once", "per step", "one partner alone",
                                                 "CPU per request", "stored: 200 of 200 responses sent, 600 of 600 "
                                                 "answers kept")),
        # a country on one machine: 300 coalitions, 200,000 families, a restart and three loads
        ("national_benchmark.py", ("200,000 families", "/healthz answered after", "one client, each kind alone",
                                   "8 clients, family card only", "64 clients, mixed", "overall", "memory: service",
                                   "cores busy", "floor, the database alone")),
        ("web_benchmark.py --runs 60", ("synthetic coalitions", "coalition home, first visit", "list page",
                                        "form post (change a partner)", "store read of a coalition (reference)")),
    ],
)
def test_benchmark_prints_every_figure(script, figures):
    name, *options = script.split()
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "benchmarks" / name), *options], capture_output=True, text=True,
        timeout=900,
    )
    print(result.stdout)
    assert result.returncode == 0, result.stderr
    for figure in figures:
        assert figure in result.stdout
