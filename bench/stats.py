"""Percentiles of measured latencies, the same way in every benchmark."""

from __future__ import annotations

import statistics


def percentiles(values: list[float]) -> dict[str, float]:
    """p50 (the median), p95 and p99 of `values` (nearest rank)."""
    ordered = sorted(values)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {"p50": statistics.median(ordered), "p95": pick(0.95), "p99": pick(0.99)}
