"""Reading and writing plans: deterministic JSON out, validated plans in.

A plan is the hand-off between `minionc compile`, `minionc optimize` and the
runtime, and people edit plans by hand. So loading is strict and explains itself:
every problem becomes a `PlanError` whose message names the file and the place
in the plan (`steps[3].call.prompt: unknown prompt 'extrat'`), never a pydantic
dump or a traceback. Loading never runs code: the plan is plain JSON data.

Validation has two layers: pydantic checks the shape (fields, types, kinds);
`validate_plan` then checks what the shape cannot say (calls name prompts that
exist, with the prompt's parameters; knobs referenced exist and hold values in
their spaces; step ids are unique; placements agree with the model roles;
budgets name known tiers).

Over 500 lines on purpose: writing and reading must agree on every field, and the
semantic checks of a loaded plan are what make loading safe; kept side by side.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .plan import (
    PLAN_FORMAT,
    PLAN_VERSION,
    BuiltinExpr,
    ChoiceSpace,
    ConstExpr,
    Expr,
    FieldExpr,
    IndexExpr,
    Knob,
    KnobExpr,
    ListExpr,
    LLMCall,
    OpExpr,
    Plan,
    RangeSpace,
    RecordExpr,
    ShareExpr,
    expr_children,
    step_calls,
    step_exprs,
    walk_steps,
)
from .template_rules import template_problems

# The plan versions this minionc reads. A plan from a newer minionc needs a newer
# minionc; a plan from an older one is recompiled from its program.
SUPPORTED_VERSIONS: tuple[int, ...] = (PLAN_VERSION,)

# More than this many problems is noise: the reader fixes the first ones and retries.
MAX_PROBLEMS = 10

# JSON objects and lists inside each other; compiled plans stay far below it, and
# the passes that walk a plan recurse over it.
MAX_PLAN_NESTING = 200


class PlanError(Exception):
    """A plan that cannot be read, written or trusted. `str(error)` is the message
    to show the user; `problems` holds the individual findings, if any."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = list(problems or [])


# ---- writing ----------------------------------------------------------------


def dump_plan(plan: Plan) -> str:
    """The plan as JSON text. Deterministic: the same plan always gives the same
    bytes (field order is the model's, dict order is insertion order), so plans
    diff cleanly and golden files can be compared byte for byte."""
    return plan.model_dump_json(indent=2, by_alias=True) + "\n"


def save_plan(plan: Plan, path: str | Path) -> None:
    """Write the plan to `path` atomically: into a temporary file next to it, then
    renamed over it, so a full disk or a crash never leaves half a plan behind."""
    target = Path(path)
    text = dump_plan(plan)
    directory = target.parent if str(target.parent) else Path(".")
    temp_name: str | None = None
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, target)
        temp_name = None
    except OSError as error:
        reason = error.strerror or str(error)
        raise PlanError(f"cannot write the plan to {target}: {reason}") from error
    finally:
        if temp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)


def plan_schema() -> dict[str, Any]:
    """JSON Schema of the plan format, for editors and for other tools that read plans."""
    schema = Plan.model_json_schema(by_alias=True)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:minionc:plan:v{PLAN_VERSION}",
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
        "title": f"minionc plan, version {PLAN_VERSION}",
        "description": (
            f'An execution plan written by `minionc compile` ("format": "{PLAN_FORMAT}", '
            f'"version": {PLAN_VERSION}).'
        ),
    }


# ---- reading ----------------------------------------------------------------


def load_plan(path: str | Path) -> Plan:
    """Read and validate the plan at `path`; raises `PlanError` with a readable message."""
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise PlanError(f"{source}: no such file") from error
    except IsADirectoryError as error:
        raise PlanError(f"{source}: is a directory, not a plan file") from error
    except UnicodeDecodeError as error:
        raise PlanError(f"{source}: not UTF-8 text, so not a minionc plan") from error
    except OSError as error:
        raise PlanError(f"{source}: cannot read it: {error.strerror or error}") from error
    return parse_plan(text, source)


def parse_plan(text: str, source_name: str = "<plan>") -> Plan:
    """Validate plan JSON text; `source_name` prefixes every message."""
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except RecursionError:
        raise PlanError(
            f"{source_name}: the JSON nests too deeply to read; a compiled plan is far "
            "shallower (was it written by hand or by another tool?)"
        ) from None
    except _DuplicateKeyError as error:
        raise PlanError(
            f"{source_name}: the key {error.key!r} appears twice in one object"
        ) from None
    except json.JSONDecodeError as error:
        raise PlanError(
            f"{source_name}: not valid JSON (line {error.lineno}, column {error.colno}: "
            f"{error.msg}); a minionc plan is the JSON file `minionc compile` writes"
        ) from None
    if not isinstance(data, dict):
        raise PlanError(
            f"{source_name}: this is not a minionc plan: a plan is a JSON object, "
            f"but this is {_json_kind(data)}"
        )
    if data.get("format") != PLAN_FORMAT:
        found = 'no "format" field' if "format" not in data else f"format {data['format']!r}"
        raise PlanError(
            f'{source_name}: this is not a minionc plan ({found}; a plan has "format": '
            f'"{PLAN_FORMAT}"). Write one with `minionc compile PROGRAM.minion -o PLAN.json`'
        )
    version = data.get("version")
    if not (isinstance(version, int) and not isinstance(version, bool)) or (
        version not in SUPPORTED_VERSIONS
    ):
        readable = ", ".join(str(v) for v in SUPPORTED_VERSIONS)
        newer = isinstance(version, int) and version > max(SUPPORTED_VERSIONS)
        hint = (
            "it was written by a newer minionc: upgrade minionc, or recompile"
            if newer
            else "recompile"
        )
        raise PlanError(
            f"{source_name}: plan version {json.dumps(version)} is not supported; this "
            f"minionc reads plan version {readable}. {hint.capitalize()} the program with "
            f"`minionc compile PROGRAM.minion -o PLAN.json`"
        )
    too_deep = _nesting_beyond(data, MAX_PLAN_NESTING)
    if too_deep is not None:
        raise PlanError(
            f"{source_name}: {too_deep} nests more than {MAX_PLAN_NESTING} levels deep; "
            "a compiled plan is far shallower (was it written by hand or by another tool?)"
        )
    try:
        plan = Plan.model_validate(data)
    except ValidationError as error:
        problems = _pydantic_problems(error, data)
        raise PlanError(_problem_message(source_name, problems), problems) from None
    problems = validate_plan(plan)
    if problems:
        raise PlanError(_problem_message(source_name, problems), problems)
    return plan


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _nesting_beyond(data: Any, limit: int) -> str | None:
    """Where `data` nests deeper than `limit` (a readable path), if it does;
    iterative, so an absurd plan cannot exhaust the stack here."""
    stack: list[tuple[Any, int, str]] = [(data, 0, "the plan")]
    while stack:
        node, depth, where = stack.pop()
        if depth > limit:
            return where
        if isinstance(node, dict):
            stack.extend((v, depth + 1, f"{where}.{k}") for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((v, depth + 1, f"{where}[{i}]") for i, v in enumerate(node))
    return None


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json.loads keeps the last of two equal keys silently; in a hand-edited plan
    # that hides a mistake, so it is an error.
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result


def _json_kind(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return "null"


def _problem_message(source_name: str, problems: list[str]) -> str:
    shown = problems[:MAX_PROBLEMS]
    noun = "problem" if len(problems) == 1 else "problems"
    lines = [f"{source_name}: invalid minionc plan ({len(problems)} {noun}):"]
    lines += [f"  {p}" for p in shown]
    if len(problems) > len(shown):
        lines.append(f"  ... and {len(problems) - len(shown)} more")
    return "\n".join(lines)


def _pydantic_problems(error: ValidationError, data: Any) -> list[str]:
    problems: list[str] = []
    seen: set[str] = set()
    for item in error.errors(include_url=False):
        where = _location(item["loc"], data)
        message = _readable(item)
        line = f"{where}: {message}" if where else message
        if line not in seen:  # unions can report one mistake twice
            seen.add(line)
            problems.append(line)
    return problems


def _location(loc: tuple[int | str, ...], data: Any) -> str:
    """`('steps', 3, 'llm', 'call', 'prompt')` -> `steps[3].call.prompt`.

    Pydantic puts the tag of a discriminated union into the location; it is not a
    key of the data, so walking the data alongside tells it apart and drops it."""
    out = ""
    node: Any = data
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            node = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            continue
        if isinstance(node, dict) and part not in node and node.get("kind") == part:
            continue  # the union tag
        out += f".{part}" if out else str(part)
        node = node.get(part) if isinstance(node, dict) else None
    return out


def _readable(item: Any) -> str:
    kind = item.get("type", "")
    if kind == "missing":
        return "field required"
    if kind == "extra_forbidden":
        return "unknown field (remove it, or check its spelling)"
    if kind == "literal_error":
        expected = item.get("ctx", {}).get("expected", "")
        return f"must be {expected}, not {_short(item.get('input'))}"
    if kind == "union_tag_invalid":
        ctx = item.get("ctx", {})
        return f"unknown kind {ctx.get('tag')!r}; expected one of {ctx.get('expected_tags')}"
    if kind == "union_tag_not_found":
        return "needs a 'kind' field"
    message = str(item.get("msg", "invalid value"))
    message = message[:1].lower() + message[1:]
    if "input" in item and kind.endswith(("_type", "_parsing")):
        message += f", not {_short(item['input'])}"
    return message


def _short(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:37] + "..."


# ---- semantic validation ------------------------------------------------------


def validate_plan(plan: Plan) -> list[str]:
    """What the pydantic shape cannot check. Returns one line per problem,
    each starting with the place in the plan; empty if the plan is sound."""
    problems: list[str] = []
    roles = plan.models

    # knobs: values inside their spaces
    for name, knob in plan.knobs.items():
        for which in ("value", "default"):
            value = getattr(knob, which)
            reason = knob_value_problem(knob, value)
            if reason is not None:
                problems.append(f"knobs.{name}.{which}: {reason}")

    # budgets name a tier or a role
    for index, budget in enumerate(plan.budgets):
        if budget.tier not in ("local", "remote") and budget.tier not in roles:
            known = ", ".join(["local", "remote", *roles])
            problems.append(f"budgets[{index}].tier: unknown tier {budget.tier!r} (known: {known})")
        if not (budget.limit > 0 and math.isfinite(budget.limit)):
            problems.append(f"budgets[{index}].limit: must be a positive number")

    # models: the one tier a role can be bound to is local or remote (pydantic checks),
    # and no role may shadow a placement keyword.
    for role in roles:
        if role in ("local", "remote", "auto"):
            problems.append(f"models.{role}: '{role}' is a placement keyword, not a role name")

    # templates: the same rule as the checker's, so a plan cannot smuggle one in
    for name, prompt in plan.prompts.items():
        params = {param.name for param in prompt.params}
        for problem in template_problems(prompt.template, params):
            problems.append(f"prompts.{name}.template: {problem}")

    seen_ids: dict[str, str] = {}
    for where, step in walk_steps(plan.steps):
        if step.id in seen_ids:
            problems.append(f"{where}.id: step id {step.id!r} is also used at {seen_ids[step.id]}")
        else:
            seen_ids[step.id] = where
        for call_where, call in step_calls(step, where):
            problems += _call_problems(plan, call, call_where)
        for expr_where, expr in step_exprs(step, where):
            problems += _format_problems(expr, expr_where)
            for knob_where, knob_name in _knob_refs(expr, expr_where):
                if knob_name not in plan.knobs:
                    known = ", ".join(plan.knobs) or "none"
                    problems.append(f"{knob_where}: unknown knob {knob_name!r} (knobs: {known})")

    for index, flow in enumerate(plan.private_flows):
        if flow.step not in seen_ids:
            problems.append(f"private_flows[{index}].step: no step has id {flow.step!r}")
    if not problems:  # the privacy rule reads a plan whose calls and names are sound
        problems += privacy_problems(plan)
    return problems


def privacy_problems(plan: Plan, remote_roles: frozenset[str] = frozenset()) -> list[str]:
    """The privacy rule's violations (compiler/flows.py), one line each: a plan
    that sends private data to a remote model without `share` is refused, however
    it was made."""
    from .explain import expr_text
    from .flows import analyze_flows, describe

    problems = []
    for violation in analyze_flows(plan, remote_roles=remote_roles).violations:
        message, fix = describe(violation, expr_text)
        problems.append(f"step {violation.step} (line {violation.line}): {message}; {fix}")
    return problems


def _format_problems(expr: Expr, where: str) -> list[str]:
    """Every `format(...)` inside `expr`: a constant template that follows the
    template rule (a computed value is never rendered as a template)."""
    problems: list[str] = []
    stack: list[tuple[Any, str]] = [(expr, where)]
    while stack:
        node, here = stack.pop()
        if isinstance(node, BuiltinExpr) and node.name == "format":
            first = node.args[0] if node.args else None
            if not (isinstance(first, ConstExpr) and isinstance(first.value, str)):
                problems.append(f"{here}: the template of format() must be a constant string")
            else:
                problems += [
                    f"{here}.args[0]: {problem}"
                    for problem in template_problems(first.value, set(node.kwargs))
                ]
        stack.extend((child, here) for child in expr_children(node))
    return problems


def knob_value_problem(knob: Knob, value: Any) -> str | None:
    """Why `value` is not in the knob's space, or None if it is."""
    space = knob.space
    if isinstance(space, ChoiceSpace):
        if value not in space.values or (
            isinstance(value, bool) != any(isinstance(v, bool) for v in space.values)
        ):
            return f"{_short(value)} is not one of {_short(space.values)}"
        return None
    assert isinstance(space, RangeSpace)
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if not is_number or not math.isfinite(value):
        return f"{_short(value)} is not a number"
    if space.kind == "int_range" and not float(value).is_integer():
        return f"{_short(value)} is not a whole number"
    if not space.low <= value <= space.high:
        return f"{_short(value)} is outside {_range_text(space)}"
    return None


def _range_text(space: RangeSpace) -> str:
    if space.kind == "int_range":
        return f"{int(space.low)}..{int(space.high)}"
    return f"{space.low}..{space.high}"


def _call_problems(plan: Plan, call: LLMCall, where: str) -> list[str]:
    problems: list[str] = []
    prompt = plan.prompts.get(call.prompt)
    if prompt is None:
        known = ", ".join(plan.prompts) or "none"
        problems.append(f"{where}.prompt: unknown prompt {call.prompt!r} (prompts: {known})")
    else:
        params = [p.name for p in prompt.params]
        missing = [p for p in params if p not in call.args]
        extra = [a for a in call.args if a not in params]
        if missing:
            problems.append(
                f"{where}.args: missing {', '.join(repr(m) for m in missing)} "
                f"(prompt {call.prompt!r} takes {', '.join(params) or 'nothing'})"
            )
        if extra:
            problems.append(
                f"{where}.args: {', '.join(repr(e) for e in extra)} is not a parameter of "
                f"prompt {call.prompt!r} (it takes {', '.join(params) or 'nothing'})"
            )
    problems += _placement_problems(plan, call, where)
    return problems


def _placement_problems(plan: Plan, call: LLMCall, where: str) -> list[str]:
    placement = call.placement
    target, tier, allowed = placement.target, placement.tier, placement.allowed
    here = f"{where}.placement"
    if not allowed:
        return [f"{here}.allowed: lists no tier the call may run on"]
    if target in plan.models:
        written = plan.models[target].tier
        # The optimizer may move a call to another allowed tier; otherwise a role
        # target runs on its role's tier.
        if tier != written and tier not in allowed:
            return [
                f"{here}.tier: {tier!r} disagrees with role {target!r}, which is {written!r} "
                f"(allowed: {', '.join(allowed)})"
            ]
    elif target in ("local", "remote"):
        if tier != target and tier not in allowed:
            return [f"{here}.tier: {tier!r} disagrees with target {target!r}"]
    elif target == "auto":
        if tier != "auto" and tier not in allowed:
            return [f"{here}.tier: {tier!r} is not among the allowed tiers {allowed}"]
    else:
        known = ", ".join(["local", "remote", "auto", *plan.models])
        return [f"{here}.target: unknown placement {target!r} (known: {known})"]
    if tier == "auto" and target != "auto":
        return [f"{here}.tier: only an @auto call can be unplaced ('auto')"]
    return []


# ---- walking a plan (the walkers are the plan's own: compiler/plan.py) ---------


def _knob_refs(expr: Expr, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(expr, KnobExpr):
        yield where, expr.name
    elif isinstance(expr, FieldExpr | ShareExpr):
        yield from _knob_refs(expr.value, f"{where}.value")
    elif isinstance(expr, IndexExpr):
        yield from _knob_refs(expr.value, f"{where}.value")
        yield from _knob_refs(expr.index, f"{where}.index")
    elif isinstance(expr, ListExpr):
        for index, item in enumerate(expr.items):
            yield from _knob_refs(item, f"{where}.items[{index}]")
    elif isinstance(expr, RecordExpr):
        for name, item in expr.fields.items():
            yield from _knob_refs(item, f"{where}.fields.{name}")
    elif isinstance(expr, OpExpr):
        for index, item in enumerate(expr.args):
            yield from _knob_refs(item, f"{where}.args[{index}]")
    elif isinstance(expr, BuiltinExpr):
        for index, item in enumerate(expr.args):
            yield from _knob_refs(item, f"{where}.args[{index}]")
        for name, item in expr.kwargs.items():
            yield from _knob_refs(item, f"{where}.kwargs.{name}")
