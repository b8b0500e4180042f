"""Helpers the benchmark scripts share to print their figures."""

from __future__ import annotations


def percentile(samples: list[float], q: float) -> float:
    """The sample at quantile q (nearest rank): what "p95" means in every benchmark's output."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]
