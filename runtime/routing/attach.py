"""Put a trained policy into a plan: the `learned` field of its learned routes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from minionc.compiler import plan as p


def learned_routes(steps: list[Any]) -> list[p.RouteStep]:
    found: list[p.RouteStep] = []
    for step in steps:
        if isinstance(step, p.RouteStep) and step.policy == "learned":
            found.append(step)
        elif isinstance(step, p.RepeatStep):
            found.extend(learned_routes(step.body))
    return found


def attach_policy(plan: p.Plan, policy: Mapping[str, Any], step_id: str | None = None) -> p.Plan:
    """The plan with `policy` in the learned route `step_id` (or its only one).
    Raises ValueError when that route does not exist or is ambiguous."""
    routes = learned_routes(plan.steps)
    if step_id is None:
        if len(routes) != 1:
            names = ", ".join(r.id for r in routes) or "none"
            raise ValueError(
                f"the plan has {len(routes)} learned routes ({names}); name one with --step"
            )
        step_id = routes[0].id
    elif step_id not in {r.id for r in routes}:
        raise ValueError(f"the plan has no learned route {step_id!r}")
    return p.with_step(
        plan, step_id, lambda step: step.model_copy(update={"learned": dict(policy)})
    )
