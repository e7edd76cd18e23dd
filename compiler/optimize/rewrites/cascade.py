"""An `@auto` step placed as a cascade: `samples` local answers, kept when
`agree` of them agree, else the remote tier answers (ABC's rule). Labels,
numbers and records agree by exact match after normalisation; free text by
token overlap against a threshold."""

from __future__ import annotations

from typing import Any

from minionc.compiler import plan as p

# (agree, samples) settings the search tries.
SETTINGS: tuple[tuple[int, int], ...] = ((2, 3), (3, 5))
FREE_TEXT_SIMILARITY = 0.7
# Local samples must differ to be worth comparing.
LOCAL_TEMPERATURE = 0.7


def label(agree: int, samples: int) -> str:
    return f"cascade:{agree}/{samples}"


def parse_label(text: str) -> tuple[int, int] | None:
    if not text.startswith("cascade:"):
        return None
    agree, _, samples = text.removeprefix("cascade:").partition("/")
    return int(agree), int(samples)


def to_cascade(step: p.LLMStep, plan: p.Plan, agree: int, samples: int) -> p.CascadeStep:
    call = step.call
    free_text = _is_free_text(plan, call.output)
    local_options: dict[str, p.Expr] = {
        **call.options,
        "samples": p.ConstExpr(value=samples),
        "temperature": p.ConstExpr(value=LOCAL_TEMPERATURE),
    }
    local = call.model_copy(
        update={
            "placement": call.placement.model_copy(update={"tier": "local"}),
            "options": local_options,
        }
    )
    remote = call.model_copy(
        update={"placement": call.placement.model_copy(update={"tier": "remote"})}
    )
    return p.CascadeStep(
        id=step.id,
        binds=step.binds,
        output=step.output,
        line=step.line,
        agreement="similarity" if free_text else "exact",
        tiers=[
            p.CascadeTier(
                call=local,
                agree=p.ConstExpr(value=agree),
                similarity=p.ConstExpr(value=FREE_TEXT_SIMILARITY) if free_text else None,
            ),
            p.CascadeTier(call=remote),
        ],
    )


def _is_free_text(plan: p.Plan, schema: dict[str, Any]) -> bool:
    ref = schema.get("$ref", "")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        schema = plan.types.get(ref.removeprefix("#/$defs/"), {})
    return schema.get("type") == "string" and "enum" not in schema and "x-minion-type" not in schema
