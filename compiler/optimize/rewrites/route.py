"""An `@auto` step placed as a route by input length: inputs up to `threshold`
tokens go to the local tier, longer ones (harder for a small model) to the
remote tier. The learned policy (issue 5) will replace the length rule."""

from __future__ import annotations

from minionc.compiler import plan as p

THRESHOLDS: tuple[int, ...] = (500, 2000)


def label(threshold: int) -> str:
    return f"route:length:{threshold}"


def parse_label(text: str) -> int | None:
    if not text.startswith("route:length:"):
        return None
    return int(text.removeprefix("route:length:"))


def to_route(step: p.LLMStep, threshold: int) -> p.RouteStep:
    call = step.call
    local, remote = (
        call.model_copy(update={"placement": call.placement.model_copy(update={"tier": tier})})
        for tier in ("local", "remote")
    )
    return p.RouteStep(
        id=step.id,
        binds=step.binds,
        output=step.output,
        line=step.line,
        policy="length",
        options={"threshold": p.ConstExpr(value=threshold)},
        tiers=[local, remote],
    )
