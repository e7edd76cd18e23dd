"""The threshold that keeps a budget on new data.

The threshold is set on a calibration split the scorers never saw. Taking the
plain (1 - B) quantile of its scores would keep the budget only on average: the
share of a long run of new queries routed above it is off by about
sqrt(B (1 - B) / m) for m calibration queries, and a batch of n new queries
varies by a further sqrt(B (1 - B) / n). So the quantile is taken at B minus `z`
standard errors of the two together (z = 1.645: the budget holds on about 95%
of batches of `new_queries`; None: a long run).
"""

from __future__ import annotations

import math

import numpy as np

Z_ONE_SIDED_95 = 1.645


def threshold_for_share(
    scores: np.ndarray,
    share: float,
    *,
    z: float = Z_ONE_SIDED_95,
    new_queries: int | None = None,
) -> float:
    """A threshold t such that routing `score > t` sends at most `share` of new
    queries remote (with the margin above)."""
    if not 0.0 <= share <= 1.0:
        raise ValueError(f"a share of remote calls must be in [0, 1], not {share}")
    m = len(scores)
    if m == 0:
        raise ValueError("calibration needs at least one query")
    ordered = np.sort(np.asarray(scores, dtype=np.float64))[::-1]
    variance = share * (1.0 - share) * (1.0 / m + (1.0 / new_queries if new_queries else 0.0))
    target = share - z * math.sqrt(variance)
    allowed = math.floor(m * max(0.0, target))
    if allowed <= 0:
        return float(ordered[0])  # nothing is strictly above the top score
    if allowed >= m:
        return float(ordered[-1]) - 1.0  # everything (a finite number, for JSON)
    # Scores strictly above ordered[allowed] are at most `allowed` (fewer with ties).
    return float(ordered[allowed])


def threshold_for_tokens(
    scores: np.ndarray,
    tokens: np.ndarray,
    tokens_per_query: float,
    *,
    z: float = Z_ONE_SIDED_95,
    new_queries: int | None = None,
) -> float:
    """A threshold whose routed queries spend at most `tokens_per_query` remote
    tokens per query on average (margin: the routed count's relative standard
    error, sqrt((1 - p) / p * (1 / m + 1 / n)), applied to the spend)."""
    m = len(scores)
    if m == 0:
        raise ValueError("calibration needs at least one query")
    order = np.argsort(-np.asarray(scores, dtype=np.float64), kind="stable")
    ordered_scores = np.asarray(scores, dtype=np.float64)[order]
    spent = np.cumsum(np.asarray(tokens, dtype=np.float64)[order]) / max(1, m)
    best = 0
    for k in range(1, m + 1):
        if k < m and ordered_scores[k] == ordered_scores[k - 1]:
            continue  # a threshold cannot split a tie
        p = k / m
        inverse_sizes = 1.0 / m + (1.0 / new_queries if new_queries else 0.0)
        margin = 1.0 + z * math.sqrt((1.0 - p) / p * inverse_sizes)
        if spent[k - 1] * margin <= tokens_per_query:
            best = k
    if best == 0:
        return float(ordered_scores[0])
    if best >= m:
        return float(ordered_scores[-1]) - 1.0
    return float(ordered_scores[best])
