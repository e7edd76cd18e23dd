"""Train a route policy on recorded outcomes and measure it: the split, the
training (penalty chosen on the calibration split), the threshold per budget,
and RouteLLM's figures for the learned router against the baselines."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from minionc.compiler.tokens import tokens_of

from . import metrics
from .calibrate import threshold_for_share, threshold_for_tokens
from .data import Outcome, OutcomeSet, RoutingDataError
from .features import FeatureMatrix, FeatureSpec, featurize_many
from .logistic import fit_logistic, spectral_norm
from .policy import RoutePolicy

L2_GRID = (3e-4, 1e-3, 3e-3)
DEFAULT_BUDGETS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


@dataclass(frozen=True)
class Split:
    """Indices into the outcome set. Stratified by the (weak, strong) correctness
    pair, so each split sees the same mix of easy, hard and strong-only prompts."""

    train: np.ndarray
    calibration: np.ndarray
    test: np.ndarray
    seed: int
    test_share: float
    calibration_share: float

    def to_json(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "test_share": self.test_share,
            "calibration_share": self.calibration_share,
            "train": len(self.train),
            "calibration": len(self.calibration),
            "test": len(self.test),
            "stratified_by": "(weak correct, strong correct)",
            "method": "numpy default_rng(seed) permutation within each stratum",
        }


def split_outcomes(
    outcomes: Sequence[Outcome], *, seed: int, test_share: float, calibration_share: float
) -> Split:
    if not (
        0 < test_share < 1 and 0 < calibration_share < 1 and test_share + calibration_share < 1
    ):
        raise RoutingDataError(
            "the test and calibration shares must be in (0, 1) and leave some data to train on"
        )
    rng = np.random.default_rng(seed)
    parts: dict[str, list[int]] = {"train": [], "calibration": [], "test": []}
    strata: dict[tuple[bool, bool], list[int]] = {}
    for i, outcome in enumerate(outcomes):
        strata.setdefault((outcome.weak_correct, outcome.strong_correct), []).append(i)
    for key in sorted(strata):
        members = np.array(strata[key])[rng.permutation(len(strata[key]))]
        n_test = round(test_share * len(members))
        n_cal = round(calibration_share * len(members))
        parts["test"] += members[:n_test].tolist()
        parts["calibration"] += members[n_test : n_test + n_cal].tolist()
        parts["train"] += members[n_test + n_cal :].tolist()
    train, calibration, test = (
        np.array(sorted(parts[name]), dtype=np.int64) for name in ("train", "calibration", "test")
    )
    return Split(
        train,
        calibration,
        test,
        seed=seed,
        test_share=test_share,
        calibration_share=calibration_share,
    )


def _labels(outcomes: Sequence[Outcome]) -> tuple[np.ndarray, np.ndarray]:
    weak = np.array([o.weak_correct for o in outcomes], dtype=np.float64)
    strong = np.array([o.strong_correct for o in outcomes], dtype=np.float64)
    return weak, strong


def remote_tokens(outcome: Outcome) -> int:
    """What a strong call costs: its prompt, plus the recorded answer when there is one."""
    return tokens_of(outcome.prompt) + tokens_of(outcome.strong_response or "")


def _raw_features(spec: FeatureSpec, outcomes: Sequence[Outcome]) -> FeatureMatrix:
    responses = [o.weak_response for o in outcomes] if spec.use_response else None
    return featurize_many(spec, [o.prompt for o in outcomes], responses)


def train_policy(
    spec: FeatureSpec,
    train_x: FeatureMatrix,
    train: Sequence[Outcome],
    l2: float,
    norm: float | None = None,
) -> RoutePolicy:
    """Both scorers on the standardised training features. `norm`: the spectral
    norm of those features, when the caller fits several penalties."""
    weak, strong = _labels(train)
    if weak.min() == weak.max() and strong.min() == strong.max():
        raise RoutingDataError(
            "the training split has a single class (every prompt: weak "
            f"{'right' if weak[0] else 'wrong'}, strong {'right' if strong[0] else 'wrong'}); "
            "there is nothing to learn"
        )
    mean, scale = _standardisation(train_x)
    x = train_x.with_dense((train_x.dense - mean) / scale)
    strong_model, weak_model = fit_logistic(x, np.stack([strong, weak], axis=1), l2=l2, norm=norm)
    return RoutePolicy(spec, mean, scale, strong_model, weak_model)


def _standardisation(train_x: FeatureMatrix) -> tuple[np.ndarray, np.ndarray]:
    mean = train_x.dense.mean(axis=0)
    scale = train_x.dense.std(axis=0)
    scale[scale < 1e-9] = 1.0
    return mean, scale


def evaluate(
    data: OutcomeSet,
    *,
    seed: int = 0,
    test_share: float = 0.3,
    calibration_share: float = 0.2,
    budget: float | None = None,
    token_budget: float | None = None,
    spec: FeatureSpec | None = None,
    held_out: OutcomeSet | None = None,
) -> tuple[dict[str, Any], RoutePolicy]:
    """The report (plain data) and the trained policy, its threshold set for
    `budget` (share of remote calls) or `token_budget` (remote tokens per query).
    With `held_out`, every outcome of `data` trains and calibrates and the policy
    is measured on `held_out` alone (a dev split and its test split)."""
    spec = spec or FeatureSpec(use_response=data.has_responses)
    if held_out is None:
        outcomes = data.outcomes
        split = split_outcomes(
            outcomes, seed=seed, test_share=test_share, calibration_share=calibration_share
        )
    else:
        # Every dev outcome trains or calibrates (a stratified split of the two);
        # the held-out ones only measure.
        outcomes = (*data.outcomes, *held_out.outcomes)
        own = split_outcomes(
            data.outcomes, seed=seed, test_share=calibration_share, calibration_share=0.0001
        )
        split = Split(
            train=np.array(sorted([*own.train, *own.calibration]), dtype=np.int64),
            calibration=own.test,
            test=np.arange(len(data.outcomes), len(outcomes), dtype=np.int64),
            seed=seed,
            test_share=len(held_out.outcomes) / len(outcomes),
            calibration_share=calibration_share,
        )
    if min(len(split.train), len(split.calibration), len(split.test)) == 0:
        raise RoutingDataError(
            f"too few prompts ({len(outcomes)}) to split into train, calibration and test"
        )
    raw = _raw_features(spec, outcomes)
    pick = [
        [outcomes[i] for i in split.train],
        [outcomes[i] for i in split.calibration],
        [outcomes[i] for i in split.test],
    ]
    train, calibration, test = pick
    cal_weak, cal_strong = _labels(calibration)
    test_weak, test_strong = _labels(test)
    if test_weak.mean() == test_strong.mean():
        raise RoutingDataError(
            "PGR is undefined on the test split: both models are equally accurate there"
        )

    # The penalty with the best APGR on the calibration split.
    candidates = []
    train_x = raw.take(split.train)
    mean, scale = _standardisation(train_x)
    norm = spectral_norm(train_x.with_dense((train_x.dense - mean) / scale))
    for l2 in L2_GRID:
        policy = train_policy(spec, train_x, train, l2, norm)
        cal_scores = policy.scores(raw.take(split.calibration))
        if cal_weak.mean() != cal_strong.mean():
            quality = metrics.apgr(metrics.route_curve(cal_scores, cal_weak, cal_strong))
        else:
            quality = 0.0
        candidates.append((quality, -l2, policy, cal_scores))
    cal_apgr, neg_l2, policy, cal_scores = max(candidates, key=lambda c: (c[0], c[1]))

    cal_tokens = np.array([remote_tokens(o) for o in calibration], dtype=np.float64)
    test_tokens = np.array([remote_tokens(o) for o in test], dtype=np.float64)
    test_scores = policy.scores(raw.take(split.test))

    def at_threshold(threshold: float) -> dict[str, float]:
        routed = test_scores > threshold
        quality = float(np.where(routed, test_strong, test_weak).mean())
        gap = test_strong.mean() - test_weak.mean()
        return {
            "threshold": threshold,
            "test_remote_share": float(routed.mean()),
            "test_remote_tokens_per_query": float((test_tokens * routed).mean()),
            "test_quality": quality,
            "test_pgr": float((quality - test_weak.mean()) / gap),
        }

    budgets = []
    for share in sorted({*DEFAULT_BUDGETS, *([budget] if budget is not None else [])}):
        threshold = threshold_for_share(cal_scores, share, new_queries=len(test))
        budgets.append({"budget": share, **at_threshold(threshold)})
    chosen: dict[str, Any] | None = None
    if token_budget is not None:
        threshold = threshold_for_tokens(
            cal_scores, cal_tokens, token_budget, new_queries=len(test)
        )
        chosen = {"remote_tokens_per_query": token_budget}
        token_row = {"token_budget": token_budget, **at_threshold(threshold)}
    elif budget is not None:
        threshold = threshold_for_share(cal_scores, budget, new_queries=len(test))
        chosen = {"remote_share": budget}
    if chosen is not None:
        policy = policy.with_threshold(threshold, chosen)

    curves = {
        "learned": metrics.route_curve(test_scores, test_weak, test_strong, test_tokens),
        # The same scores per remote token: the greedy order for a token budget.
        "learned_per_token": metrics.route_curve(
            test_scores / np.maximum(test_tokens, 1.0), test_weak, test_strong, test_tokens
        ),
        "random": metrics.route_curve(
            metrics.random_scores(len(test), seed), test_weak, test_strong, test_tokens
        ),
        "always_weak": None,
        "always_strong": None,
        "oracle": metrics.route_curve(test_strong - test_weak, test_weak, test_strong, test_tokens),
    }
    routers: dict[str, Any] = {
        name: metrics.summary(curve) for name, curve in curves.items() if curve is not None
    }
    routers["always_weak"] = {"remote_share": 0.0, "quality": float(test_weak.mean()), "pgr": 0.0}
    routers["always_strong"] = {
        "remote_share": 1.0,
        "quality": float(test_strong.mean()),
        "pgr": 1.0,
    }
    learned = routers["learned"]
    report: dict[str, Any] = {
        "data": {
            "files": list(data.files),
            "held_out_files": list(held_out.files) if held_out is not None else [],
            "weak_model": data.weak_model,
            "strong_model": data.strong_model,
            "prompts": len(outcomes),
            "contaminated_excluded": data.contaminated_excluded,
            "duplicates_dropped": data.duplicates_dropped,
            "weak_response_features": spec.use_response,
        },
        "split": split.to_json(),
        "features": spec.to_json(),
        "l2": -neg_l2,
        "calibration_apgr": cal_apgr,
        # Thresholds keep their budget on about 95% of batches this large.
        "calibrated_for_batches_of": len(test),
        "weak_accuracy": float(test_weak.mean()),
        "strong_accuracy": float(test_strong.mean()),
        "apgr": learned["apgr"],
        "cpt50": learned["cpt50"],
        "cpt80": learned["cpt80"],
        "apgr_tokens": learned["apgr_tokens"],
        "cpt50_tokens": learned["cpt50_tokens"],
        "cpt80_tokens": learned["cpt80_tokens"],
        "calls_saved_at_95": learned["calls_saved_at_95"],
        "tokens_saved_at_95": learned["tokens_saved_at_95"],
        "random_apgr": metrics.RANDOM_APGR,
        "random_apgr_observed": routers["random"]["apgr"],
        "random_calls_saved_at_95": routers["random"]["calls_saved_at_95"],
        # The expected random router: quality is linear in the share sent strong.
        "random_calls_saved_at_95_expected": float(
            1.0
            - np.clip(
                (0.95 * test_strong.mean() - test_weak.mean())
                / (test_strong.mean() - test_weak.mean()),
                0.0,
                1.0,
            )
        ),
        "oracle_calls_saved_at_95": routers["oracle"]["calls_saved_at_95"],
        "routers": routers,
        "budgets": budgets,
        "policy_budget": chosen,
    }
    if token_budget is not None:
        report["token_budget"] = token_row
    report["curves"] = curve_points(curves)
    return report, policy


CURVE_POINTS = 101


def curve_points(curves: Mapping[str, metrics.RouteCurve | None]) -> dict[str, Any]:
    """Each router's PGR at 101 evenly spaced shares of remote calls and of
    remote tokens (linear between the curve's points): enough to plot."""
    grid = np.linspace(0.0, 1.0, CURVE_POINTS)
    points: dict[str, Any] = {"share": [round(float(x), 4) for x in grid]}
    for name, curve in curves.items():
        if curve is None:
            continue
        pgr = curve.pgr
        points[name] = {
            "pgr_by_calls": [round(float(v), 4) for v in np.interp(grid, curve.calls, pgr)],
            "pgr_by_tokens": [round(float(v), 4) for v in np.interp(grid, curve.tokens, pgr)],
        }
    return points
