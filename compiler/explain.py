"""`minionc explain`: a plan, for people (`explain_text`) and for tools (`explain_json`).

Both show the same content: the protocol and its inputs (private ones marked),
the model roles, knobs with their space and value, budgets, the steps as a tree
(kind, binding, prompt, where each call runs and why, fan-out shape, options),
every flow of private data to a remote model, the cost estimate with its
formulas and assumptions, and the optimizer's provenance when there is one.

The JSON form is stable: keys are fixed and ordered, so scripts and tests can
rely on it; expressions appear both as data (in the plan) and as one-line text.

Over 500 lines on purpose: the text and the JSON renderings sit side by side so that
they keep showing the same content; each is one function per part of the plan.
"""

from __future__ import annotations

import json
import math
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, assert_never

from .plan import (
    PLAN_VERSION,
    Budget,
    BuiltinExpr,
    CascadeStep,
    ChoiceSpace,
    ConstExpr,
    Estimate,
    Expr,
    FieldExpr,
    FilterStep,
    IndexExpr,
    KnobExpr,
    LetStep,
    ListExpr,
    LLMCall,
    LLMStep,
    MapStep,
    OpExpr,
    Plan,
    PrivateFlow,
    RangeSpace,
    RecordExpr,
    RefExpr,
    RepeatStep,
    ReturnStep,
    RouteStep,
    ShareExpr,
    Step,
    StopStep,
)

WIDTH = 100  # wrap long lines (formulas) at this width
_LONG_STRING = 48  # longer string literals are shortened in one-line renderings

# ---- rendering expressions and types ---------------------------------------------

_PRECEDENCE = {
    "or": 1,
    "and": 2,
    "not": 3,
    "==": 4,
    "!=": 4,
    "<": 4,
    "<=": 4,
    ">": 4,
    ">=": 4,
    "+": 5,
    "-": 5,
    "*": 6,
    "/": 6,
    "%": 6,
    "neg": 7,
}


def expr_text(expr: Expr, plan: Plan | None = None) -> str:
    """An expression as the user would write it. With `plan`, a knob shows its
    value: `chunk_size=1000`."""
    return _expr(expr, plan, 0)


def _expr(expr: Expr, plan: Plan | None, outer: int) -> str:
    match expr:
        case RefExpr():
            return expr.name
        case KnobExpr():
            knob = plan.knobs.get(expr.name) if plan is not None else None
            return f"{expr.name}={_value(knob.value)}" if knob is not None else expr.name
        case ConstExpr():
            return _value(expr.value, shorten=True)
        case FieldExpr():
            return f"{_expr(expr.value, plan, 8)}.{expr.field}"
        case IndexExpr():
            return f"{_expr(expr.value, plan, 8)}[{_expr(expr.index, plan, 0)}]"
        case ListExpr():
            return "[" + ", ".join(_expr(i, plan, 0) for i in expr.items) + "]"
        case RecordExpr():
            fields = ", ".join(f"{k}: {_expr(v, plan, 0)}" for k, v in expr.fields.items())
            return "{" + fields + "}"
        case ShareExpr():
            return f"share {_expr(expr.value, plan, 8)}"
        case BuiltinExpr():
            args = [_expr(a, plan, 0) for a in expr.args]
            args += [f"{k}: {_expr(v, plan, 0)}" for k, v in expr.kwargs.items()]
            return f"{expr.name}({', '.join(args)})"
        case OpExpr():
            level = _PRECEDENCE.get(expr.op, 4)
            if expr.op in ("neg", "not") and len(expr.args) == 1:
                symbol = "-" if expr.op == "neg" else "not "
                text = symbol + _expr(expr.args[0], plan, level)
            else:
                text = f" {expr.op} ".join(_expr(a, plan, level + 1) for a in expr.args)
            return f"({text})" if level < outer else text
        case _:
            assert_never(expr)


def _value(value: Any, shorten: bool = False) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
        if shorten and len(text) > _LONG_STRING:
            text = text[: _LONG_STRING - 4] + '..."'
        return text
    if isinstance(value, list):
        return "[" + ", ".join(_value(v, shorten) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_value(v, shorten)}" for k, v in value.items()) + "}"
    return json.dumps(value)


def type_text(schema: Mapping[str, Any]) -> str:
    """A JSON Schema from the plan, as the language writes the type."""
    ref = schema.get("$ref")
    if isinstance(ref, str):
        return ref.rsplit("/", 1)[-1]
    branches = schema.get("anyOf")
    if isinstance(branches, list):
        inner = [b for b in branches if isinstance(b, Mapping) and b.get("type") != "null"]
        if len(inner) == 1 and len(branches) == 2:
            return f"{type_text(inner[0])}?"
        return " | ".join(type_text(b) for b in branches if isinstance(b, Mapping))
    if "enum" in schema:
        title = schema.get("title")
        return str(title) if title else " | ".join(json.dumps(v) for v in schema["enum"])
    kind = schema.get("type")
    if kind == "string":
        return "doc" if schema.get("x-minion-type") == "doc" else "str"
    if kind == "array":
        return f"list[{type_text(schema.get('items', {}))}]"
    if kind == "object":
        title = schema.get("title")
        if title:
            return str(title)
        fields = schema.get("properties", {})
        return "{" + ", ".join(f"{n}: {type_text(s)}" for n, s in fields.items()) + "}"
    names = {"integer": "int", "number": "float", "boolean": "bool", "null": "none"}
    return names.get(str(kind), "any")


def space_text(knob_space: ChoiceSpace | RangeSpace) -> str:
    if isinstance(knob_space, ChoiceSpace):
        return "[" + ", ".join(_value(v) for v in knob_space.values) + "]"
    if knob_space.kind == "int_range":
        return f"{int(knob_space.low)}..{int(knob_space.high)}"
    return f"{knob_space.low}..{knob_space.high}"


def number_text(value: float) -> str:
    """`705,600`, `0.3`: thousands separated, at most two decimals."""
    rounded = round(value, 2)
    if rounded == int(rounded):
        return f"{int(rounded):,}"
    return f"{rounded:,.2f}".rstrip("0").rstrip(".")


# ---- placements and calls ----------------------------------------------------------


def placement_text(plan: Plan, call: LLMCall) -> str:
    """`@worker -> local`, with why, when the tier is constrained or moved."""
    placement = call.placement
    text = f"@{placement.target} -> {placement.tier}"
    if placement.target == "auto":
        if placement.allowed == ["local"]:
            text += " (local only: reads private data)"
        elif placement.tier == "auto":
            text += " (the optimizer places it: " + " or ".join(placement.allowed) + ")"
        else:
            text += " (placed by the optimizer)"
    else:
        written = _target_tier(plan, placement.target)
        if written is not None and written != placement.tier:
            text += f" (moved by the optimizer from {written})"
    return text


def _target_tier(plan: Plan, target: str) -> str | None:
    if target in ("local", "remote", "auto"):
        return target
    role = plan.models.get(target)
    return role.tier if role is not None else None


def call_text(call: LLMCall, plan: Plan) -> str:
    """`extract(chunk: c, task: t)`; an argument named like its parameter shows once."""
    args = []
    for name, value in call.args.items():
        rendered = expr_text(value, plan)
        args.append(rendered if rendered == name else f"{name}: {rendered}")
    return f"{call.prompt}({', '.join(args)})"


def _options(options: Mapping[str, Expr], plan: Plan) -> dict[str, str]:
    return {name: expr_text(value, plan) for name, value in options.items()}


def _call_json(call: LLMCall, plan: Plan) -> dict[str, Any]:
    placement = call.placement
    return {
        "prompt": call.prompt,
        "text": call_text(call, plan),
        "args": {name: expr_text(value, plan) for name, value in call.args.items()},
        "placement": {
            "target": placement.target,
            "tier": placement.tier,
            "allowed": list(placement.allowed),
            "local_only": placement.target == "auto" and placement.allowed == ["local"],
            "text": placement_text(plan, call),
        },
        "options": _options(call.options, plan),
        "output": type_text(call.output),
    }


# ---- steps --------------------------------------------------------------------------


def step_json(step: Step, plan: Plan) -> dict[str, Any]:
    """One step as stable JSON: common fields, then the kind's own."""
    out: dict[str, Any] = {
        "id": step.id,
        "kind": step.kind,
        "line": step.line,
        "binds": step.binds,
        "type": type_text(step.output) if step.output is not None else None,
        "text": step_summary(step, plan),
    }
    match step:
        case LetStep() | ReturnStep():
            out["value"] = expr_text(step.value, plan)
        case LLMStep():
            out["call"] = _call_json(step.call, plan)
        case MapStep():
            out["fanout"] = [
                {"var": i.var, "over": expr_text(i.over, plan)} for i in step.iterators
            ]
            out["call"] = _call_json(step.call, plan) if step.call is not None else None
            out["value"] = expr_text(step.value, plan) if step.value is not None else None
        case FilterStep():
            out["source"] = expr_text(step.source, plan)
            out["where"] = expr_text(step.where, plan)
        case CascadeStep():
            out["agreement"] = step.agreement
            out["tiers"] = [
                {
                    **_call_json(tier.call, plan),
                    "agree": expr_text(tier.agree, plan) if tier.agree is not None else None,
                    "similarity": (
                        expr_text(tier.similarity, plan) if tier.similarity is not None else None
                    ),
                }
                for tier in step.tiers
            ]
            out["policy"] = step.policy
            out["options"] = _options(step.options, plan)
            out["learned"] = step.learned is not None
        case RouteStep():
            out["policy"] = step.policy
            out["options"] = _options(step.options, plan)
            out["learned"] = step.learned is not None
            out["tiers"] = [_call_json(call, plan) for call in step.tiers]
        case StopStep():
            out["when"] = expr_text(step.when, plan)
        case RepeatStep():
            out["times"] = expr_text(step.times, plan)
            out["carried"] = list(step.carried)
            out["body"] = [step_json(s, plan) for s in step.body]
        case _:
            assert_never(step)
    return out


def step_summary(step: Step, plan: Plan) -> str:
    """One line: what the step computes, as the program wrote it."""
    bind = f"{step.binds} = " if step.binds else ""
    match step:
        case LetStep():
            return bind + expr_text(step.value, plan)
        case LLMStep():
            return bind + call_text(step.call, plan)
        case MapStep():
            loops = ", ".join(f"{i.var} in {expr_text(i.over, plan)}" for i in step.iterators)
            body = (
                call_text(step.call, plan)
                if step.call is not None
                else expr_text(step.value, plan)
                if step.value is not None
                else "?"
            )
            return f"{bind}for {loops}: {body}"
        case FilterStep():
            return f"{bind}keep {expr_text(step.source, plan)} where {expr_text(step.where, plan)}"
        case CascadeStep():
            if step.policy == "learned":
                trained = "trained" if step.learned else "untrained: keeps the local answer"
                return f"{bind}cascade ({len(step.tiers)} tiers, learned deferral, {trained})"
            return f"{bind}cascade ({len(step.tiers)} tiers, {step.agreement} agreement)"
        case RouteStep():
            return f"{bind}route (policy {step.policy}, {len(step.tiers)} tiers)"
        case StopStep():
            return f"stop when {expr_text(step.when, plan)}"
        case RepeatStep():
            carried = f"; carried: {', '.join(step.carried)}" if step.carried else ""
            return f"repeat {expr_text(step.times, plan)}{carried}"
        case ReturnStep():
            return f"return {expr_text(step.value, plan)}"
        case _:
            assert_never(step)


def _step_lines(step: Step, plan: Plan, indent: str) -> list[str]:
    head = f"{indent}{step.id:<4} {step.kind:<8} {step_summary(step, plan)}"
    lines = [f"{head}   (line {step.line})"]
    more = indent + " " * 14

    def call_lines(call: LLMCall, label: str = "") -> None:
        lines.append(f"{more}{label}runs {placement_text(plan, call)}")
        if call.options:
            opts = ", ".join(f"{k}: {v}" for k, v in _options(call.options, plan).items())
            lines.append(f"{more}{' ' * len(label)}options {opts}")

    match step:
        case LLMStep():
            call_lines(step.call)
        case MapStep():
            if step.call is not None:
                shape = " x ".join(expr_text(i.over, plan) for i in step.iterators)
                lines.append(f"{more}fan-out one job per item of {shape}")
                call_lines(step.call)
        case CascadeStep():
            for position, tier in enumerate(step.tiers, 1):
                rule = []
                if tier.agree is not None:
                    rule.append(f"agree: {expr_text(tier.agree, plan)}")
                if tier.similarity is not None:
                    rule.append(f"similarity: {expr_text(tier.similarity, plan)}")
                if step.policy == "learned" and position < len(step.tiers):
                    rule.append("the learned policy does not defer")
                keep = f"; kept when {', '.join(rule)}" if rule else "; the last word"
                lines.append(f"{more}tier {position}: {call_text(tier.call, plan)}{keep}")
                call_lines(tier.call, label="        ")
        case RouteStep():
            if step.options:
                opts = ", ".join(f"{k}: {v}" for k, v in _options(step.options, plan).items())
                lines.append(f"{more}options {opts}")
            if step.learned is not None:
                lines.append(f"{more}a trained policy is stored in the plan")
            for position, call in enumerate(step.tiers, 1):
                lines.append(f"{more}tier {position}: {call_text(call, plan)}")
                call_lines(call, label="        ")
        case RepeatStep():
            for inner in step.body:
                lines += _step_lines(inner, plan, indent + "      ")
        case LetStep() | FilterStep() | StopStep() | ReturnStep():
            pass  # the summary line says it all
        case _:
            assert_never(step)
    return lines


# ---- private flows ------------------------------------------------------------------


def flow_text(flow: PrivateFlow, plan: Plan) -> str:
    """`context -> kept -> synthesize @supervisor (remote), bound to decision, via
    share at line 24`; an implicit flow says what it controls."""
    target = flow.placement.lstrip("@")
    tier = _target_tier(plan, target) or "?"
    inputs = ", ".join(flow.inputs)
    chain = [inputs] if flow.value in flow.inputs else [inputs, flow.value]
    how = _FLOW_KINDS.get(flow.kind, "{via}").format(via=flow.via)
    return (
        f"{' -> '.join(chain)} -> {flow.prompt} @{target} ({tier}){how}, "
        f"bound to {flow.binds}, via share at line {flow.line}"
    )


_FLOW_KINDS = {
    "argument": "",
    "option": " as its {via}",
    "repeat": " as the count of its repeat (how often it runs)",
    "stop": " as the stop condition of its repeat (how often it runs)",
    "fan-out": " as {via} (how many calls)",
    "cascade": " deciding whether it runs (the cascade reads {via})",
    "route": " deciding whether it is chosen (the route's {via})",
}


def plan_flows(plan: Plan) -> list[PrivateFlow]:
    """The flows `share` releases in `plan`, found anew by the privacy rule (a
    plan's own list is a record for readers; an edited one cannot hide a flow)."""
    from .flows import analyze_flows
    from .lower import plan_flow

    # The plan's own record may say more (the source text and line of each share):
    # used where it names the same flow, never to hide one.
    recorded = {(f.step, f.kind, f.via, tuple(f.inputs)): f for f in plan.private_flows}
    flows = []
    for found in analyze_flows(plan).flows:
        flow = plan_flow(found, expr_text)
        same = recorded.get((flow.step, flow.kind, flow.via, tuple(flow.inputs)))
        flows.append(same if same is not None else flow)
    return flows


# ---- dollars ------------------------------------------------------------------------


@dataclass(frozen=True)
class RunCost:
    """Dollars per run of a plan's estimate, priced by the caller (the compiler has
    no price table): per estimate row (step, tier), None where the model bound
    there is unpriced; and per tier. `prices` says which model each price is of
    and where it comes from; `unpriced` names the models without one."""

    rows: dict[tuple[str, str], float | None]
    tiers: dict[str, float | None]
    prices: list[str] = field(default_factory=list)
    unpriced: list[str] = field(default_factory=list)

    @property
    def total(self) -> float | None:
        values = list(self.tiers.values())
        return None if any(v is None for v in values) else sum(v or 0.0 for v in values)

    def to_json(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "tiers": dict(self.tiers),
            "steps": [
                {"step": step, "tier": tier, "usd": usd} for (step, tier), usd in self.rows.items()
            ],
            "prices": list(self.prices),
            "unpriced": list(self.unpriced),
        }


def usd_text(value: float | None) -> str:
    """`$12.35`, `$0.0123`, `$0.0000369`, `$0`, `unpriced`: cents from a dollar up,
    three significant digits below."""
    if value is None:
        return "unpriced"
    if value == 0:
        return "$0"
    if value >= 1:
        return f"${value:,.2f}"
    digits = max(2, 2 - math.floor(math.log10(value)))
    return f"${value:.{digits}f}".rstrip("0").rstrip(".")


# ---- the whole plan -----------------------------------------------------------------


def explain_json(plan: Plan) -> dict[str, Any]:
    """The plan explained, as a stable JSON object (the same content as the text)."""
    return {
        "protocol": plan.protocol,
        "format": plan.format,
        "version": plan.version,
        "compiler": plan.compiler,
        "source": {"path": plan.source.path, "sha256": plan.source.sha256},
        "inputs": [
            {"name": p.name, "type": type_text(p.schema_), "private": p.private}
            for p in plan.inputs
        ],
        "output": type_text(plan.output),
        "models": {
            name: {"tier": role.tier, "model": role.model} for name, role in plan.models.items()
        },
        "types": sorted(plan.types),
        "prompts": {
            name: {
                "params": [{"name": p.name, "type": type_text(p.schema_)} for p in prompt.params],
                "output": type_text(prompt.output),
                "examples": len(prompt.examples),
                "line": prompt.line,
            }
            for name, prompt in plan.prompts.items()
        },
        "knobs": {
            name: {
                "space": space_text(knob.space),
                "kind": knob.space.kind,
                "default": knob.default,
                "value": knob.value,
            }
            for name, knob in plan.knobs.items()
        },
        "budgets": [
            {
                "tier": b.tier,
                "metric": b.metric,
                "limit": b.limit,
                "text": f"{b.tier}.{b.metric} <= {number_text(b.limit)}",
                "estimate": budget_estimate(plan, b),
            }
            for b in plan.budgets
        ],
        "steps": [step_json(step, plan) for step in plan.steps],
        "private_flows": [
            {**flow.model_dump(mode="json"), "text": flow_text(flow, plan)}
            for flow in plan_flows(plan)
        ],
        "estimate": plan.estimate.model_dump(mode="json") if plan.estimate else None,
        "provenance": plan.provenance.model_dump(mode="json") if plan.provenance else None,
    }


def explain_text(plan: Plan, costs: RunCost | None = None) -> str:
    """The plan explained for a person reading a terminal; with `costs`, its
    estimate in dollars too."""
    out: list[str] = []
    add = out.append
    add(f"protocol {plan.protocol}")
    add(f"  source    {plan.source.path} (sha256 {plan.source.sha256[:12]})")
    add(
        f"  compiled  by minionc {plan.compiler}; plan format {plan.format}, "
        f"version {plan.version}"
        + ("" if plan.version == PLAN_VERSION else " (not this minionc's version)")
    )

    add("")
    add("inputs")
    width = max((len(p.name) for p in plan.inputs), default=0)
    for param in plan.inputs:
        mark = (
            "   private: stays on this machine unless the program shares it"
            if param.private
            else ""
        )
        add(f"  {param.name:<{width}}  {type_text(param.schema_)}{mark}")
    if not plan.inputs:
        add("  (none)")
    add(f"output  {type_text(plan.output)}")

    add("")
    add("models")
    width = max((len(n) for n in plan.models), default=0)
    for name, role in plan.models.items():
        model = f"  default model {role.model}" if role.model else ""
        add(f"  {name:<{width}}  {role.tier}{model}")
    if not plan.models:
        add("  (no roles: calls name @local, @remote or @auto)")

    add("")
    add("knobs")
    width = max((len(n) for n in plan.knobs), default=0)
    spaces = {name: space_text(knob.space) for name, knob in plan.knobs.items()}
    space_width = max((len(t) for t in spaces.values()), default=0)
    for name, knob in plan.knobs.items():
        default = "" if knob.value == knob.default else f" (default {_value(knob.default)})"
        add(
            f"  {name:<{width}}  in {spaces[name]:<{space_width}}  "
            f"value {_value(knob.value)}{default}"
        )
    if not plan.knobs:
        add("  (none)")

    add("")
    add("budgets")
    for budget in plan.budgets:
        line = f"  {budget.tier}.{budget.metric} <= {number_text(budget.limit)}"
        estimated = budget_estimate(plan, budget)
        if estimated is not None:
            verdict = "within the budget" if estimated <= budget.limit else "OVER the budget"
            line += f"   (estimate {number_text(estimated)} per run: {verdict})"
        add(line)
    if not plan.budgets:
        add("  (none)")

    add("")
    add("steps")
    for step in plan.steps:
        out.extend(_step_lines(step, plan, "  "))

    add("")
    add("private data sent to remote models")
    flows = plan_flows(plan)
    for flow in flows:
        add(f"  {flow_text(flow, plan)}")
    if not flows:
        private = [p.name for p in plan.inputs if p.private]
        add(
            f"  none: {', '.join(private)} never reach a remote model"
            if private
            else "  none (no input is private)"
        )

    add("")
    if plan.estimate is None:
        add("estimate")
        add("  (none in this plan: `minionc explain PROGRAM.minion` computes one)")
    else:
        out.extend(_estimate_lines(plan.estimate, costs))

    if plan.provenance is not None:
        prov = plan.provenance
        add("")
        add("provenance (minionc optimize)")
        add(f"  dev set sha256  {prov.dev_set_sha256}")
        add(f"  metric          {prov.metric}, constraint {prov.constraint}")
        add(
            f"  chosen          quality {number_text(prov.quality)}, remote tokens per query "
            f"{number_text(prov.remote_tokens_per_query)}"
        )
        if prov.baseline_quality is not None or prov.baseline_remote_tokens_per_query is not None:
            quality = (
                number_text(prov.baseline_quality) if prov.baseline_quality is not None else "?"
            )
            tokens = (
                number_text(prov.baseline_remote_tokens_per_query)
                if prov.baseline_remote_tokens_per_query is not None
                else "?"
            )
            add(f"  baseline        quality {quality}, remote tokens per query {tokens}")
        for key, value in prov.details.items():
            add(f"  {key}: {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(out) + "\n"


def budget_estimate(plan: Plan, budget: Budget) -> float | None:
    """The estimated figure a budget limits, per run; None if there is no estimate,
    or the budget is on dollars or on one role (the estimate is per tier)."""
    if plan.estimate is None or budget.tier not in ("local", "remote"):
        return None
    tier = plan.estimate.local if budget.tier == "local" else plan.estimate.remote
    figures = {
        "tokens": tier.prompt_tokens + tier.completion_tokens,
        "prompt_tokens": tier.prompt_tokens,
        "completion_tokens": tier.completion_tokens,
        "calls": tier.calls,
    }
    return figures.get(budget.metric)


def _estimate_lines(estimate: Estimate, costs: RunCost | None = None) -> list[str]:
    out = ["estimate per run (static; see the formulas and assumptions)"]
    usd = f"{'usd':>12}" if costs is not None else ""
    header = f"  {'tier':<8}{'calls':>10}{'prompt tokens':>16}{'completion':>13}{'total':>12}"
    out.append(header + usd)
    for name, tier in (("local", estimate.local), ("remote", estimate.remote)):
        total = tier.prompt_tokens + tier.completion_tokens
        dollars = f"{usd_text(costs.tiers.get(name)):>12}" if costs is not None else ""
        out.append(
            f"  {name:<8}{number_text(tier.calls):>10}{number_text(tier.prompt_tokens):>16}"
            f"{number_text(tier.completion_tokens):>13}{number_text(total):>12}{dollars}"
        )
    if costs is not None:
        out.append(f"  dollars per run: {usd_text(costs.total)}")
        for line in costs.prices:
            out.append(f"    {line}")
        for line in costs.unpriced:
            out.append(f"    unpriced: {line}")
    if estimate.steps:
        out.append("")
        binds_width = max(5, *(len(row.binds or "") for row in estimate.steps))
        out.append(
            f"  {'step':<6}{'binds':<{binds_width + 2}}{'tier':<8}{'calls':>8}"
            f"{'prompt tokens':>16}{'completion':>13}{usd}"
        )
        for row in estimate.steps:
            dollars = (
                f"{usd_text(costs.rows.get((row.step, row.tier))):>12}" if costs is not None else ""
            )
            out.append(
                f"  {row.step:<6}{(row.binds or ''):<{binds_width + 2}}{row.tier:<8}"
                f"{number_text(row.calls):>8}{number_text(row.prompt_tokens):>16}"
                f"{number_text(row.completion_tokens):>13}{dollars}"
            )
            out.extend(
                textwrap.wrap(
                    row.formula,
                    width=WIDTH,
                    initial_indent="        ",
                    subsequent_indent="          ",
                    break_on_hyphens=False,
                )
            )
    if estimate.assumptions:
        out.append("")
        out.append("  assumptions (change with --assume NAME=VALUE)")
        width = max(len(n) for n in estimate.assumptions)
        for name, value in estimate.assumptions.items():
            out.append(f"    {name:<{width}} = {number_text(value)}")
    if estimate.notes:
        out.append("")
        out.append("  notes")
        for note in estimate.notes:
            out.extend(
                textwrap.wrap(
                    note, width=WIDTH, initial_indent="    - ", subsequent_indent="      "
                )
            )
    return out
