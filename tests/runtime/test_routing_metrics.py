"""RouteLLM's metrics on hand-computed cases, and the budget calibration."""

from __future__ import annotations

import math

import numpy as np
import pytest
from minionc.runtime.routing import metrics
from minionc.runtime.routing.calibrate import threshold_for_share, threshold_for_tokens

# Four queries: weak right on the last two (accuracy 0.5), strong right on all (1.0).
WEAK = np.array([0, 0, 1, 1])
STRONG = np.array([1, 1, 1, 1])


def test_perfect_router_curve_cpt_apgr_and_saving() -> None:
    curve = metrics.route_curve(STRONG - WEAK, WEAK, STRONG)
    # k = 0..4 strong calls: quality 0.5, 0.75, 1, 1, 1.
    assert curve.quality.tolist() == [0.5, 0.75, 1.0, 1.0, 1.0]
    assert curve.pgr.tolist() == [0.0, 0.5, 1.0, 1.0, 1.0]
    # Trapezoids of width 0.25: 0.0625 + 0.1875 + 0.25 + 0.25.
    assert metrics.apgr(curve) == pytest.approx(0.75)
    assert metrics.cpt(curve, 0.5) == pytest.approx(0.25)
    assert metrics.cpt(curve, 0.8) == pytest.approx(0.25 + 0.25 * 0.3 / 0.5)
    # 95% of strong's accuracy is 0.95, reached at 0.25 + 0.25 * 0.2 / 0.25 = 0.45.
    assert metrics.saved_at(curve) == pytest.approx(0.55)


def test_a_constant_score_is_the_random_router_exactly() -> None:
    curve = metrics.route_curve(np.zeros(4), WEAK, STRONG)
    assert curve.pgr == pytest.approx(curve.calls)
    assert metrics.apgr(curve) == pytest.approx(metrics.RANDOM_APGR)
    assert metrics.cpt(curve, 0.5) == pytest.approx(0.5)


def test_the_worst_order_and_the_ends_of_the_curve() -> None:
    curve = metrics.route_curve(WEAK.astype(float), WEAK, STRONG)  # wrong queries last
    assert curve.pgr.tolist() == [0.0, 0.0, 0.0, 0.5, 1.0]
    assert metrics.apgr(curve) == pytest.approx(0.25)
    assert curve.pgr[0] == 0.0  # always-weak
    assert curve.pgr[-1] == 1.0  # always-strong


def test_pgr_can_pass_one_when_strong_is_wrong_where_weak_is_right() -> None:
    weak, strong = np.array([0, 1]), np.array([1, 0])
    curve = metrics.route_curve(strong - weak, weak, strong)
    assert curve.strong_accuracy == curve.weak_accuracy
    with pytest.raises(ValueError, match="undefined"):
        _ = curve.pgr
    weak, strong = np.array([0, 1, 0]), np.array([1, 0, 1])
    curve = metrics.route_curve(strong - weak, weak, strong)
    assert max(curve.pgr) > 1.0


def test_token_axis_weights_calls_by_their_tokens() -> None:
    tokens = np.array([3.0, 1.0, 0.0, 0.0])
    curve = metrics.route_curve(STRONG - WEAK + np.array([0.1, 0, 0, 0]), WEAK, STRONG, tokens)
    assert curve.tokens.tolist() == [0.0, 0.75, 1.0, 1.0, 1.0]
    # Both wrong queries cost all the tokens: PGR 1 needs 100% of them.
    assert metrics.cpt(curve, 1.0, "tokens") == pytest.approx(1.0)
    assert metrics.cpt(curve, 0.5, "tokens") == pytest.approx(0.75)


def test_observed_random_router_averages_one_half() -> None:
    rng = np.random.default_rng(7)
    weak = rng.integers(0, 2, 400)
    strong = np.maximum(weak, rng.integers(0, 2, 400))
    values = [
        metrics.apgr(metrics.route_curve(metrics.random_scores(400, seed), weak, strong))
        for seed in range(60)
    ]
    assert np.mean(values) == pytest.approx(0.5, abs=0.01)


def test_calibrated_share_holds_on_new_data() -> None:
    # Scores are standard normal, so the share a threshold routes is exact:
    # P(score > t) = erfc(t / sqrt 2) / 2. Over many calibration samples the
    # budget must hold about 95% of the time (the margin's promise), and the
    # margin must not cost much.
    for share in (0.1, 0.3, 0.5):
        routed = []
        for seed in range(200):
            calibration = np.random.default_rng(seed).normal(size=500)
            threshold = threshold_for_share(calibration, share)
            routed.append(math.erfc(threshold / math.sqrt(2)) / 2)
        held = np.mean(np.array(routed) <= share)
        assert held >= 0.9, (share, held)
        assert np.mean(routed) > share - 0.05
    calibration = np.random.default_rng(0).normal(size=100)
    assert (calibration > threshold_for_share(calibration, 0.0)).sum() == 0
    assert (calibration > threshold_for_share(calibration, 1.0)).all()


def test_calibrated_tokens_hold_on_new_data() -> None:
    rng = np.random.default_rng(1)
    scores, tokens = rng.normal(size=1000), rng.integers(10, 200, 1000).astype(float)
    threshold = threshold_for_tokens(scores, tokens, 30.0)
    new_scores, new_tokens = rng.normal(size=50_000), rng.integers(10, 200, 50_000)
    spent = float((new_tokens * (new_scores > threshold)).mean())
    assert 20.0 < spent <= 30.0
