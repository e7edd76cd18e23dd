"""Trim what goes remote: a value shared with a remote step (`share findings`)
is cut down first, with the `trim` builtin: every text capped at a length, and
(setting "answers") the optional text fields after a record's first one, the
explanations and quotes, dropped. Fewer remote prompt tokens; the remote model
loses the evidence it would weigh answers by, which the measured quality shows.
"""

from __future__ import annotations

from typing import Any

from minionc.compiler import plan as p

CAP_CHARS = 100


def options(plan: p.Plan) -> tuple[Any, ...]:
    shared = _shared_records(plan)
    if not shared:
        return ()
    settings: tuple[Any, ...] = (None, "cap")
    if any(_explanation_fields(plan, schema) for schema in shared.values()):
        settings += ("answers",)
    return settings


def apply(plan: p.Plan, setting: str | None) -> p.Plan:
    if setting is None:
        return plan
    shared = _shared_records(plan)
    steps = p.map_steps(plan.steps, lambda step: _trimmed(step, plan, shared, setting))
    return plan.model_copy(update={"steps": steps})


def _bindings(steps: list[p.Step]) -> dict[str, dict[str, Any]]:
    """Name -> output schema of every binding (the last one wins in a repeat)."""
    schemas: dict[str, dict[str, Any]] = {}
    for _, step in p.walk_steps(steps):
        if step.binds and step.output is not None:
            schemas[step.binds] = step.output
    return schemas


def _shared_records(plan: p.Plan) -> dict[str, dict[str, Any]]:
    """Names shared with remote calls whose value holds records -> the record schema."""
    bindings = _bindings(plan.steps)
    found: dict[str, dict[str, Any]] = {}
    for call in p.llm_calls(plan.steps):
        if call.placement.tier != "remote":
            continue
        for arg in call.args.values():
            if isinstance(arg, p.ShareExpr) and isinstance(arg.value, p.RefExpr):
                record = _record_schema(plan, bindings.get(arg.value.name, {}))
                if record is not None:
                    found[arg.value.name] = record
    return found


def _resolve(plan: p.Plan, schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref", "")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return plan.types.get(ref.removeprefix("#/$defs/"), {})
    return schema


def _record_schema(plan: p.Plan, schema: dict[str, Any]) -> dict[str, Any] | None:
    schema = _resolve(plan, schema)
    if schema.get("type") == "array":
        schema = _resolve(plan, schema.get("items", {}))
    return schema if schema.get("type") == "object" else None


def _explanation_fields(plan: p.Plan, record: dict[str, Any]) -> list[str]:
    """Optional text fields after the first field: dropping them keeps the type."""
    names = list(record.get("properties", {}))
    required = set(record.get("required", []))
    return [
        name
        for name in names[1:]
        if name not in required and _optional_text(record["properties"][name])
    ]


def _optional_text(schema: dict[str, Any]) -> bool:
    options = schema.get("anyOf", [])
    kinds = {o.get("type") for o in options if isinstance(o, dict)}
    return kinds == {"string", "null"}


def _trimmed(step: p.Step, plan: p.Plan, shared: dict[str, dict[str, Any]], setting: str) -> p.Step:
    if isinstance(step, (p.LLMStep, p.MapStep)) and step.call is not None:
        return step.model_copy(update={"call": _trim_call(step.call, plan, shared, setting)})
    if isinstance(step, p.CascadeStep):
        tiers = [
            t.model_copy(update={"call": _trim_call(t.call, plan, shared, setting)})
            for t in step.tiers
        ]
        return step.model_copy(update={"tiers": tiers})
    if isinstance(step, p.RouteStep):
        calls = [_trim_call(c, plan, shared, setting) for c in step.tiers]
        return step.model_copy(update={"tiers": calls})
    return step


def _trim_call(
    call: p.LLMCall, plan: p.Plan, shared: dict[str, dict[str, Any]], setting: str
) -> p.LLMCall:
    if call.placement.tier != "remote":
        return call
    args = dict(call.args)
    for name, arg in call.args.items():
        if not (isinstance(arg, p.ShareExpr) and isinstance(arg.value, p.RefExpr)):
            continue
        record = shared.get(arg.value.name)
        if record is None:
            continue
        drop = _explanation_fields(plan, record) if setting == "answers" else []
        kwargs: dict[str, p.Expr] = {"chars": p.ConstExpr(value=CAP_CHARS)}
        if drop:
            kwargs["drop"] = p.ConstExpr(value=drop)
        trimmed = p.BuiltinExpr(name="trim", args=[arg.value], kwargs=kwargs)
        args[name] = arg.model_copy(update={"value": trimmed})
    return call.model_copy(update={"args": args})
