"""Skip the remote decomposition: the question itself is the one task.

Applies to a remote LLM step that reads the question and returns a record whose
only field is a list of texts (a decomposition into tasks) that a fan-out
iterates over. Rewritten, that step binds `{tasks: [question]}` without a model
call: one remote call fewer per round, and the workers read the question as
written. Right for questions that are already a single lookup; a question that
needs several facts may lose them, which the measured quality shows.
"""

from __future__ import annotations

from typing import Any

from minionc.compiler import plan as p

from .prefilter import query_input


def options(plan: p.Plan) -> tuple[Any, ...]:
    query = query_input(plan)
    if query is None or not _decompositions(plan, query):
        return ()
    return (False, True)


def apply(plan: p.Plan, enabled: bool) -> p.Plan:
    query = query_input(plan)
    if not enabled or query is None:
        return plan
    targets = _decompositions(plan, query)
    steps = p.map_steps(plan.steps, lambda step: _replaced(step, targets, query))
    return plan.model_copy(update={"steps": steps})


def _decompositions(plan: p.Plan, query: str) -> dict[str, str]:
    """Step id -> the list field, for each decomposition step."""
    iterated = _iterated_fields(plan.steps)
    found: dict[str, str] = {}
    for _, step in p.walk_steps(plan.steps):
        if not (isinstance(step, p.LLMStep) and step.binds):
            continue
        call = step.call
        reads_query = any(
            isinstance(arg, p.RefExpr) and arg.name == query for arg in call.args.values()
        )
        field = _only_text_list_field(plan, call.output)
        if (
            call.placement.tier == "remote"
            and reads_query
            and field is not None
            and (step.binds, field) in iterated
        ):
            found[step.id] = field
    return found


def _only_text_list_field(plan: p.Plan, schema: dict[str, Any]) -> str | None:
    ref = schema.get("$ref", "")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        schema = plan.types.get(ref.removeprefix("#/$defs/"), {})
    properties = schema.get("properties")
    if schema.get("type") != "object" or not isinstance(properties, dict) or len(properties) != 1:
        return None
    ((name, field_schema),) = properties.items()
    is_text_list = (
        isinstance(field_schema, dict)
        and field_schema.get("type") == "array"
        and field_schema.get("items", {}).get("type") == "string"
    )
    return name if is_text_list else None


def _iterated_fields(steps: list[p.Step]) -> set[tuple[str, str]]:
    fields: set[tuple[str, str]] = set()
    for _, step in p.walk_steps(steps):
        if isinstance(step, p.MapStep):
            for it in step.iterators:
                over = it.over
                if isinstance(over, p.FieldExpr) and isinstance(over.value, p.RefExpr):
                    fields.add((over.value.name, over.field))
    return fields


def _replaced(step: p.Step, targets: dict[str, str], query: str) -> p.Step:
    if not (isinstance(step, p.LLMStep) and step.id in targets):
        return step
    record = p.RecordExpr(fields={targets[step.id]: p.ListExpr(items=[p.RefExpr(name=query)])})
    return p.LetStep(id=step.id, binds=step.binds, output=step.output, line=step.line, value=record)
