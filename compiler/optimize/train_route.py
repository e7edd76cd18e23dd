"""A learned route trained from the program's own dev set.

For a top-level `route(policy: "learned")` whose value the protocol returns
(local tier first, remote last), the plan runs on every dev example twice, once
with the route held on each tier (through the call cache), so each example
yields the text the policy reads and the metric's score of either tier's
answer. The route policy of runtime/routing (hashed text features, two logistic
scorers) learns from those, the prompt only: a route scores its inputs before
any call. Dev sets are small, so the threshold is chosen on cross-fitted scores
(each example scored by a policy that did not see it): the least share of
examples sent remote whose confidence bound clears the constraint. The final
policy, trained on every example, gets the threshold that sends that share of
the dev set remote, and goes into the plan (plain data); the driver measures
that plan on the dev set before it keeps it.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from minionc.compiler import plan as p
from minionc.runtime.executor import Runtime
from minionc.runtime.routing.attach import attach_policy
from minionc.runtime.routing.data import Outcome, RoutingDataError
from minionc.runtime.routing.evaluate import train_policy
from minionc.runtime.routing.features import FeatureMatrix, FeatureSpec, featurize_many

from minionc.batch import run_item

from .devset import DevExample
from .metrics import Metric

__all__ = ["RouteTraining", "train_route", "trainable_route"]

FOLDS = 5
L2 = 1e-3  # the middle of runtime/routing's grid; too few examples here to choose


@dataclass(frozen=True)
class RouteExample:
    example: str
    query: str
    local_score: float
    remote_score: float
    route_remote_tokens: int  # what the route's remote call cost
    other_remote_tokens: int


@dataclass
class RouteTraining:
    step: str
    examples: int
    remote_share: float | None  # of dev examples the chosen threshold sends remote
    predicted_quality: float | None
    predicted_remote_tokens: float | None
    margin_low: float | None
    model_calls: int
    note: str = ""

    @property
    def adopted_label(self) -> str | None:
        """How the trained plan is labelled among the candidates; None: none."""
        if self.remote_share is None:
            return None
        return f"learned route ({self.remote_share:.0%} of dev remote)"

    def to_json(self) -> dict[str, Any]:
        def rounded(value: float | None, digits: int = 4) -> float | None:
            return None if value is None else round(value, digits)

        return {
            "step": self.step,
            "examples": self.examples,
            "remote_share": rounded(self.remote_share),
            "predicted_quality": rounded(self.predicted_quality),
            "predicted_remote_tokens_per_query": rounded(self.predicted_remote_tokens, 1),
            "margin_lower_bound": rounded(self.margin_low),
            "model_calls": self.model_calls,
            "note": self.note,
        }


def trainable_route(plan: p.Plan) -> p.RouteStep | None:
    """The learned route the protocol returns, if it is top level, local then remote."""
    step = p.returned_step(plan)
    if (
        isinstance(step, p.RouteStep)
        and step.policy == "learned"
        and len(step.tiers) == 2
        and step.tiers[0].placement.tier == "local"
        and step.tiers[1].placement.tier == "remote"
    ):
        return step
    return None


def _held(plan: p.Plan, step_id: str, policy: str) -> p.Plan:
    return p.with_step(
        plan, step_id, lambda step: step.model_copy(update={"policy": policy, "learned": None})
    )


def observe_route(
    plan: p.Plan,
    step: p.RouteStep,
    examples: Sequence[DevExample],
    metric: Metric,
    runtime: Runtime,
) -> tuple[list[RouteExample], int]:
    """Every example under the route held local and held remote."""
    local_plan = _held(plan, step.id, "always_local")
    remote_plan = _held(plan, step.id, "always_remote")
    observed: list[RouteExample] = []
    calls = 0
    for example in examples:
        runs = []
        for held_plan in (local_plan, remote_plan):
            _, result = run_item(runtime, held_plan, example.item)
            if result is not None:
                calls += result.usage.remote.calls + result.usage.local.calls
            runs.append(result)
        local, remote = runs
        if local is None or remote is None:
            continue
        seen = [r for r in local.routes if r.step == step.id]
        if not seen:
            continue
        usage = remote.usage.steps.get(step.id, {}).get("remote")
        route_tokens = usage.tokens_with_replayed if usage else 0
        observed.append(
            RouteExample(
                example=example.id,
                query=seen[0].query,
                local_score=metric(local.value, example.expected, example.alternatives),
                remote_score=metric(remote.value, example.expected, example.alternatives),
                route_remote_tokens=route_tokens,
                other_remote_tokens=local.usage.remote.tokens_with_replayed,
            )
        )
    return observed, calls


def _outcomes(observed: Sequence[RouteExample]) -> list[Outcome]:
    return [
        Outcome(
            prompt=o.query, weak_correct=o.local_score >= 0.5, strong_correct=o.remote_score >= 0.5
        )
        for o in observed
    ]


def _cross_fitted(
    raw: FeatureMatrix, outcomes: Sequence[Outcome], spec: FeatureSpec, seed: int
) -> np.ndarray:
    """Each example's score from a policy trained on the other folds (0 where a
    fold's training part has a single class: nothing to learn there)."""
    n = len(outcomes)
    folds = np.random.default_rng(seed).permutation(n) % min(FOLDS, n)
    scores = np.zeros(n)
    for fold in range(min(FOLDS, n)):
        held = np.flatnonzero(folds == fold)
        train = np.flatnonzero(folds != fold)
        try:
            policy = train_policy(spec, raw.take(train), [outcomes[int(i)] for i in train], L2)
        except RoutingDataError:
            continue
        scores[held] = policy.scores(raw.take(held))
    return scores


def train_route(
    plan: p.Plan,
    examples: Sequence[DevExample],
    metric: Metric,
    satisfies: Any,
    runtime: Runtime,
    *,
    baseline: Mapping[str, float],
    seed: int = 0,
) -> tuple[RouteTraining, p.Plan] | None:
    """The training's summary and the plan with the trained policy (unchanged
    when nothing can be learned or no share clears); None without such a route."""
    step = trainable_route(plan)
    if step is None:
        return None
    observed, calls = observe_route(plan, step, examples, metric, runtime)
    spec = FeatureSpec(use_response=False)
    training = RouteTraining(step.id, len(observed), None, None, None, None, calls)
    outcomes = _outcomes(observed)
    if len(observed) < 2 * FOLDS or len({(o.weak_correct, o.strong_correct) for o in outcomes}) < 2:
        training.note = "too few examples, or a single outcome class: nothing to learn"
        return training, plan
    raw = featurize_many(spec, [o.query for o in observed])
    cross = _cross_fitted(raw, outcomes, spec, seed)
    base = [baseline.get(o.example, 0.0) for o in observed]
    order = np.argsort(-cross, kind="stable")
    best: tuple[int, list[float], float, float] | None = None
    for routed in range(len(observed) + 1):  # the top `routed` examples go remote
        remote = set(order[:routed].tolist())
        scores = [o.remote_score if i in remote else o.local_score for i, o in enumerate(observed)]
        low, _ = satisfies(scores, base)
        if low >= 0:
            tokens = statistics.fmean(
                o.other_remote_tokens + (o.route_remote_tokens if i in remote else 0)
                for i, o in enumerate(observed)
            )
            best = (routed, scores, tokens, low)
            break
    if best is None:
        training.note = "no share of remote calls clears the constraint on cross-fitted scores"
        return training, plan
    routed, scores, tokens, low = best
    final = train_policy(spec, raw, outcomes, L2)
    final_scores = np.sort(final.scores(raw))[::-1]
    share = routed / len(observed)
    # The threshold that sends the same share of the dev set remote (every one
    # above it): between the routed-th and the next score.
    if routed == 0:
        threshold = float(final_scores[0]) + 1.0
    elif routed == len(observed):
        threshold = float(final_scores[-1]) - 1.0
    else:
        threshold = float((final_scores[routed - 1] + final_scores[routed]) / 2)
    policy_json = final.with_threshold(threshold, {"remote_share": share}).to_json()
    policy_json["trained"] = {"dev_examples": len(observed), "cross_fitted_folds": FOLDS}
    training.remote_share = share
    training.predicted_quality = statistics.fmean(scores)
    training.predicted_remote_tokens = tokens
    training.margin_low = low
    return training, attach_policy(plan, policy_json, step.id)
