"""RouteLLM's router metrics on recorded outcomes.

A router orders the queries by its score and sends the top k to the strong
model. For each k = 0..n: quality(k) = mean correctness when the top k go
strong and the rest weak, and PGR(k) = (quality(k) - weak) / (strong - weak),
where weak and strong are the accuracies of always-weak and always-strong.
The x axis is the share of strong calls k/n, or the share of strong tokens
(the routed queries' tokens over all queries' tokens).

- CPT(p): the least share of strong calls whose PGR reaches p (linear between
  the points of the curve).
- APGR: the area under the PGR curve over x in [0, 1] (trapezoids over every
  k: exact, no binning). A random router's expected PGR(k) is k/n, so it scores
  0.5 exactly. PGR is not capped at 1: a router can beat always-strong when the
  weak model is right where the strong one is wrong.
- Ties in the score are resolved by expectation: within a group of equal scores
  the order is random, so the curve is linear between the group's ends. A
  constant score is therefore exactly the random router.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

PGR_POINTS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


@dataclass(frozen=True)
class RouteCurve:
    """quality[k], calls[k] = k/n and tokens[k] (share of strong tokens) for k = 0..n."""

    calls: np.ndarray
    tokens: np.ndarray
    quality: np.ndarray
    weak_accuracy: float
    strong_accuracy: float

    @property
    def pgr(self) -> np.ndarray:
        gap = self.strong_accuracy - self.weak_accuracy
        if gap == 0:
            raise ValueError("PGR is undefined: the weak and strong models score the same")
        return (self.quality - self.weak_accuracy) / gap


def route_curve(
    scores: np.ndarray,
    weak_correct: np.ndarray,
    strong_correct: np.ndarray,
    tokens: np.ndarray | None = None,
) -> RouteCurve:
    scores = np.asarray(scores, dtype=np.float64)
    weak = np.asarray(weak_correct, dtype=np.float64)
    strong = np.asarray(strong_correct, dtype=np.float64)
    n = len(scores)
    if n == 0:
        raise ValueError("no queries to score")
    cost = np.ones(n) if tokens is None else np.asarray(tokens, dtype=np.float64)
    order = np.argsort(-scores, kind="stable")
    gain = np.concatenate([[0.0], np.cumsum((strong - weak)[order])])
    spent = np.concatenate([[0.0], np.cumsum(cost[order])])
    # The ends of each tie group are exact; inside one the expectation is linear.
    sorted_scores = scores[order]
    ends = np.concatenate([[0], np.flatnonzero(np.diff(sorted_scores) != 0) + 1, [n]])
    k = np.arange(n + 1, dtype=np.float64)
    gain = np.interp(k, ends, gain[ends])
    spent = np.interp(k, ends, spent[ends])
    weak_accuracy, strong_accuracy = float(weak.mean()), float(strong.mean())
    return RouteCurve(
        calls=k / n,
        tokens=spent / spent[-1] if spent[-1] > 0 else k / n,
        quality=weak_accuracy + gain / n,
        weak_accuracy=weak_accuracy,
        strong_accuracy=strong_accuracy,
    )


def area(x: np.ndarray, y: np.ndarray) -> float:
    return float(np.sum((x[1:] - x[:-1]) * (y[1:] + y[:-1]) / 2.0))


def first_reaching(x: np.ndarray, y: np.ndarray, target: float) -> float:
    """The least x where the piecewise-linear curve y(x) reaches target (1.0 if never)."""
    above = np.flatnonzero(y >= target - 1e-12)
    if len(above) == 0:
        return 1.0
    i = int(above[0])
    if i == 0:
        return float(x[0])
    x0, x1, y0, y1 = x[i - 1], x[i], y[i - 1], y[i]
    return float(x0 + (x1 - x0) * (target - y0) / (y1 - y0)) if y1 != y0 else float(x1)


def value_at(x: np.ndarray, y: np.ndarray, at: float) -> float:
    # x is non-decreasing; np.interp takes the last of equal x values, which is fine
    # for a curve that only jumps where x does not move (zero-token queries).
    return float(np.interp(at, x, y))


def apgr(curve: RouteCurve, axis: str = "calls") -> float:
    return area(getattr(curve, axis), curve.pgr)


def cpt(curve: RouteCurve, pgr: float, axis: str = "calls") -> float:
    return first_reaching(getattr(curve, axis), curve.pgr, pgr)


def saved_at(curve: RouteCurve, relative: float = 0.95, axis: str = "calls") -> float:
    """The share of strong calls (or tokens) saved, against always-strong, at the
    least routing that keeps `relative` of always-strong's accuracy."""
    target = relative * curve.strong_accuracy
    return 1.0 - first_reaching(getattr(curve, axis), curve.quality, target)


def summary(curve: RouteCurve) -> dict[str, object]:
    """The figures of one router, both axes."""
    return {
        "apgr": apgr(curve),
        "apgr_tokens": apgr(curve, "tokens"),
        "cpt50": cpt(curve, 0.5),
        "cpt80": cpt(curve, 0.8),
        "cpt50_tokens": cpt(curve, 0.5, "tokens"),
        "cpt80_tokens": cpt(curve, 0.8, "tokens"),
        "calls_saved_at_95": saved_at(curve),
        "tokens_saved_at_95": saved_at(curve, axis="tokens"),
        "pgr_at_calls": {f"{p:.0%}": value_at(curve.calls, curve.pgr, p) for p in PGR_POINTS},
        "pgr_at_tokens": {f"{p:.0%}": value_at(curve.tokens, curve.pgr, p) for p in PGR_POINTS},
    }


def random_scores(n: int, seed: int) -> np.ndarray:
    """A random router's scores: a seeded permutation (distinct, so no ties)."""
    return np.random.default_rng(seed).permutation(n).astype(np.float64)


RANDOM_APGR = 0.5  # the expected APGR of a random router, exactly (see the module doc)
