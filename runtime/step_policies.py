"""The decisions of cascades and routes: how close two free-text answers must be
to agree, whether a learned cascade defers, and which tier a route picks.

The executor evaluates what they read (options, arguments) and applies the
budgets (at the cap, a route or a learned cascade keeps the local answer).
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from minionc.compiler import plan as p

from .results import RunError

if TYPE_CHECKING:
    from .routing.policy import RoutePolicy

DEFAULT_SIMILARITY = 0.8  # free-text answers agree above this similarity
DEFAULT_THRESHOLD = 0.5  # a learned policy defers above this score
DEFAULT_SHARE = 0.5  # a random route's share of remote calls
DEFAULT_LENGTH = 2000  # a length route sends longer inputs (tokens) remote


def similarity(step: p.CascadeStep, tier_similarity: float | None) -> float | None:
    """The similarity at which a tier's free-text answers agree (None: exact)."""
    if step.agreement == "exact":
        return None
    return tier_similarity if tier_similarity is not None else DEFAULT_SIMILARITY


class LearnedPolicies:
    """The trained policies of a plan's learned cascades and routes, each loaded
    once per run (numpy and the policy code load only when a plan has one)."""

    def __init__(self) -> None:
        self.loaded: dict[str, RoutePolicy] = {}

    def policy(self, what: str, step_id: str, learned: Mapping[str, Any]) -> RoutePolicy:
        from .routing.policy import PolicyError, RoutePolicy

        policy = self.loaded.get(step_id)
        if policy is None:
            try:
                policy = RoutePolicy.from_json(learned)
            except PolicyError as error:
                raise RunError(f"{what} {step_id}: {error}") from None
            self.loaded[step_id] = policy
        return policy

    def cascade_deferral(
        self,
        step: p.CascadeStep,
        args: Mapping[str, Any],
        answer: Any,
        threshold_option: float | None,
    ) -> tuple[float | None, bool]:
        """The trained policy's score of the first tier's inputs and answer, and
        whether it defers. Untrained, the cascade keeps the local answer."""
        from .routing.policy import policy_query

        if not step.learned:
            return None, False
        policy = self.policy("cascade", step.id, step.learned)
        response = None
        if policy.spec.use_response:
            response = answer if isinstance(answer, str) else json.dumps(answer, default=str)
        score = policy.score(policy_query(policy, args), response)
        threshold = policy.threshold
        if threshold is None:
            threshold = threshold_option if threshold_option is not None else DEFAULT_THRESHOLD
        return score, score > float(threshold)

    def route_score(self, step: p.RouteStep, args: Mapping[str, Any]) -> tuple[float, float | None]:
        """The trained policy's score of this call's inputs, and its calibrated
        threshold (None: the route's `threshold` option applies)."""
        from .routing.policy import policy_query

        policy = self.policy("route", step.id, step.learned or {})
        if policy.spec.use_response:
            raise RunError(
                f"route {step.id}: the policy reads the local model's answer (trained "
                "for a cascade); a route scores its inputs before any call: use it in a "
                'cascade(policy: "learned") { ... }'
            )
        return policy.score(policy_query(policy, args)), policy.threshold


def route_choice(
    step: p.RouteStep,
    options: Mapping[str, Any],
    args: Mapping[str, Any],
    *,
    rng: random.Random,
    count_tokens: Callable[[str], int],
    policies: LearnedPolicies,
) -> p.LLMCall:
    """The tier a route's policy picks for these arguments (the first tier's),
    before the budgets have their say."""
    first, last = step.tiers[0], step.tiers[-1]
    match step.policy:
        case "always_remote":
            return last
        case "random":
            return last if rng.random() < float(options.get("share", DEFAULT_SHARE)) else first
        case "length":
            size = sum(count_tokens(str(a)) for a in args.values())
            return last if size > float(options.get("threshold", DEFAULT_LENGTH)) else first
        case "learned" if step.learned:
            score, calibrated = policies.route_score(step, args)
            # A policy calibrated for a budget carries the threshold that keeps it.
            threshold = (
                calibrated
                if calibrated is not None
                else options.get("threshold", DEFAULT_THRESHOLD)
            )
            return last if score > float(threshold) else first
        case _:  # always_local; an untrained learned route stays local
            return first
