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
def test_store_benchmark_prints_every_figure():
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "benchmarks" / "store_benchmark.py")],
        capture_output=True, text=True, timeout=900,
    )
    print(result.stdout)
    assert result.returncode == 0, result.stderr
    for figure in ("bulk upsert nodes", "bulk link ties", "single get", "coalition subgraph"):
        assert figure in result.stdout


@pytest.mark.slow
def test_api_benchmark_prints_every_figure():
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "benchmarks" / "api_benchmark.py")],
        capture_output=True, text=True, timeout=900,
    )
    print(result.stdout)
    assert result.returncode == 0, result.stderr
    for figure in ("synthetic coalitions", "coalition overview", "list page"):
        assert figure in result.stdout
