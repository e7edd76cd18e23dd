"""Put a trained policy into a plan: the `learned` field of a learned route or of
a learned cascade."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from minionc.compiler import plan as p

LearnedStep = p.RouteStep | p.CascadeStep


def learned_steps(steps: list[p.Step]) -> list[LearnedStep]:
    """Every `route(policy: "learned")` and `cascade(policy: "learned")`, nested
    repeat bodies included, in plan order."""
    return [
        step
        for _, step in p.walk_steps(steps)
        if isinstance(step, p.RouteStep | p.CascadeStep) and step.policy == "learned"
    ]


def attach_policy(plan: p.Plan, policy: Mapping[str, Any], step_id: str | None = None) -> p.Plan:
    """The plan with `policy` in the learned route or cascade `step_id` (or its
    only one). A policy that reads the local answer goes only into a cascade: a
    route decides before any call. Raises ValueError when the step does not
    exist, is ambiguous or cannot hold the policy."""
    reads_answer = bool((policy.get("features") or {}).get("use_response", False))
    steps = learned_steps(plan.steps)
    if step_id is None:
        if len(steps) != 1:
            names = ", ".join(f"{s.id} ({s.kind})" for s in steps) or "none"
            raise ValueError(
                f"the plan has {len(steps)} learned routes and cascades ({names}); "
                "name one with --step"
            )
        step_id = steps[0].id
    target = next((s for s in steps if s.id == step_id), None)
    if target is None:
        raise ValueError(f"the plan has no learned route or cascade {step_id!r}")
    if reads_answer and isinstance(target, p.RouteStep):
        raise ValueError(
            f"the policy reads the local model's answer, and {step_id} is a route, which "
            'decides before any call: write the step as cascade(policy: "learned") { ... }, '
            "or train the policy on the inputs alone (--inputs-only)"
        )
    return p.with_step(
        plan, step_id, lambda step: step.model_copy(update={"learned": dict(policy)})
    )
