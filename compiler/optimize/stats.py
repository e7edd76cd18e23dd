"""Confidence bounds on measured quality: dev sets are small, and a candidate that
scores 0.80 on 20 examples may well score 0.65 on the next 20.

Scores are in [0, 1]. For a bounded score the variance is at most mean x (1 -
mean), so the Wilson interval, exact in spirit for right/wrong scores, is
conservative for graded ones (token F1). A relative constraint compares the
candidate with the baseline on the same examples (paired), which is far tighter
than comparing two separate intervals.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from statistics import NormalDist

__all__ = ["paired_bounds", "wilson_bounds", "z_for"]


def z_for(confidence: float) -> float:
    """The one-sided normal quantile: 1.2816 for 0.90."""
    if not 0.5 <= confidence < 1:
        raise ValueError(f"confidence must be in [0.5, 1), got {confidence}")
    return NormalDist().inv_cdf(confidence)


def wilson_bounds(scores: Sequence[float], confidence: float = 0.9) -> tuple[float, float]:
    """One-sided lower and upper bounds on the mean score, each at `confidence`."""
    n = len(scores)
    if n == 0:
        return 0.0, 1.0
    mean = sum(scores) / n
    z = z_for(confidence)
    centre = (mean + z * z / (2 * n)) / (1 + z * z / n)
    spread = z * math.sqrt(mean * (1 - mean) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - spread), min(1.0, centre + spread)


def paired_bounds(
    candidate: Sequence[float], baseline: Sequence[float], ratio: float, confidence: float = 0.9
) -> tuple[float, float]:
    """Lower and upper bounds on mean(candidate) - ratio x mean(baseline) from
    per-example differences (a t-style bound with the sample variance). A
    positive lower bound: the candidate keeps at least `ratio` of the baseline's
    quality, at `confidence`; a negative upper bound: it does not."""
    if len(candidate) != len(baseline):
        raise ValueError("paired scores need the same examples")
    n = len(candidate)
    if n < 2:
        return -math.inf, math.inf
    differences = [c - ratio * b for c, b in zip(candidate, baseline, strict=True)]
    mean = sum(differences) / n
    # The normal quantile understates small-sample spread; widen by n/(n-1)
    # (a simple stand-in for Student's t, which the stdlib lacks).
    spread = z_for(confidence) * statistics.stdev(differences) / math.sqrt(n) * n / (n - 1)
    return mean - spread, mean + spread
