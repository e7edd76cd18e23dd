"""The execution plan: what `minionc compile` writes and the runtime runs.

A versioned JSON document, validated by pydantic on load, safe to load (plain
data: no code, no pickle). Steps form a tree (a `repeat` holds its body) whose
values flow by name: each step binds a name that later steps read. Expressions
are a small typed IR (`Expr`), never source text to evaluate.

Over 500 lines on purpose: the plan's types and its traversal (walk_steps, step_calls,
step_exprs, walk_expr, map_steps) live together, so a new step kind is added and
walked in one file and the type checker finds every walker that misses it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Annotated, Any, Final, Literal, assert_never

from pydantic import BaseModel, ConfigDict, Field

PLAN_FORMAT: Final = "minionc-plan"
PLAN_VERSION: Final = 1

JsonSchema = dict[str, Any]
JsonValue = Any


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# ---- expressions ----------------------------------------------------------


class RefExpr(_Model):
    """A binding, input, iterator variable, or field of the element in a filter."""

    kind: Literal["ref"] = "ref"
    name: str


class ConstExpr(_Model):
    kind: Literal["const"] = "const"
    value: JsonValue


class KnobExpr(_Model):
    kind: Literal["knob"] = "knob"
    name: str


class FieldExpr(_Model):
    kind: Literal["field"] = "field"
    value: Expr
    field: str


class IndexExpr(_Model):
    kind: Literal["index"] = "index"
    value: Expr
    index: Expr


class ListExpr(_Model):
    kind: Literal["list"] = "list"
    items: list[Expr]


class RecordExpr(_Model):
    kind: Literal["record"] = "record"
    fields: dict[str, Expr]


class OpExpr(_Model):
    """Operators: + - * / % == != < <= > >= and or not neg."""

    kind: Literal["op"] = "op"
    op: str
    args: list[Expr]


class BuiltinExpr(_Model):
    """A deterministic builtin: split, join, format, text, len, retrieve, ..."""

    kind: Literal["builtin"] = "builtin"
    name: str
    args: list[Expr]
    kwargs: dict[str, Expr] = Field(default_factory=dict)


class ShareExpr(_Model):
    """A value derived from private data that the program explicitly lets go remote."""

    kind: Literal["share"] = "share"
    value: Expr
    private_inputs: list[str]


Expr = Annotated[
    RefExpr
    | ConstExpr
    | KnobExpr
    | FieldExpr
    | IndexExpr
    | ListExpr
    | RecordExpr
    | OpExpr
    | BuiltinExpr
    | ShareExpr,
    Field(discriminator="kind"),
]

# ---- declarations ---------------------------------------------------------


class ModelRole(_Model):
    tier: Literal["local", "remote"]
    model: str | None = None  # a default model spec; the runtime may bind another


class Param(_Model):
    name: str
    schema_: JsonSchema = Field(alias="schema")
    private: bool = False

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Example(_Model):
    inputs: dict[str, JsonValue]
    output: JsonValue


class Prompt(_Model):
    params: list[Param]
    output: JsonSchema
    template: str
    examples: list[Example] = Field(default_factory=list)
    line: int


class ChoiceSpace(_Model):
    kind: Literal["choice"] = "choice"
    values: list[JsonValue]


class RangeSpace(_Model):
    kind: Literal["int_range", "float_range"]
    low: float
    high: float


KnobSpace = Annotated[ChoiceSpace | RangeSpace, Field(discriminator="kind")]


class Knob(_Model):
    space: KnobSpace
    default: JsonValue
    value: JsonValue  # the value this plan runs with (the optimizer may change it)


class Budget(_Model):
    tier: str  # local, remote, or a role
    metric: Literal["tokens", "prompt_tokens", "completion_tokens", "calls", "usd"]
    limit: float


# ---- steps ----------------------------------------------------------------


class Placement(_Model):
    """Where an LLM call runs. `target` is what the program wrote (a role, local,
    remote, auto); `tier` is where it runs now; `allowed` is where the optimizer
    may move it (an @auto step that reads private data may only run locally)."""

    target: str
    tier: Literal["local", "remote", "auto"]
    allowed: list[Literal["local", "remote"]]


class LLMCall(_Model):
    prompt: str
    args: dict[str, Expr]
    placement: Placement
    options: dict[str, Expr] = Field(default_factory=dict)  # samples, temperature, ...
    output: JsonSchema  # schema of one answer (before samples make it a list)


class _StepBase(_Model):
    id: str
    binds: str | None  # the name this step binds; None for stop
    output: JsonSchema | None = None  # schema of the bound value
    line: int


class LetStep(_StepBase):
    """A deterministic value: builtins, literals, field access, operators."""

    kind: Literal["let"] = "let"
    value: Expr


class LLMStep(_StepBase):
    kind: Literal["llm"] = "llm"
    call: LLMCall


class Iteration(_Model):
    var: str
    over: Expr


class MapStep(_StepBase):
    """Fan-out: the cross product of the iterators, one job per combination
    (times samples). Results are flattened into one list, in iterator order."""

    kind: Literal["map"] = "map"
    iterators: list[Iteration]
    call: LLMCall | None = None
    value: Expr | None = None  # a deterministic body instead of an LLM call


class FilterStep(_StepBase):
    """Keep the items of `source` for which `where` is true. In `where`, `it` is
    the item, and a record item's fields are in scope by name."""

    kind: Literal["filter"] = "filter"
    source: Expr
    where: Expr


class CascadeTier(_Model):
    call: LLMCall
    agree: Expr | None = None  # k of the tier's samples must agree; None on the last tier
    similarity: Expr | None = None  # free-text agreement threshold


class CascadeStep(_StepBase):
    """Tiers in order; each answers or defers to the next. With `policy`
    "agreement" a tier keeps its answer when its samples agree; with "learned"
    (two tiers) a trained policy reads the first tier's inputs and answer and
    defers when the remote tier is expected to do better (FrugalGPT's scorer)."""

    kind: Literal["cascade"] = "cascade"
    agreement: Literal["exact", "similarity"]
    tiers: list[CascadeTier]
    policy: Literal["agreement", "learned"] = "agreement"
    options: dict[str, Expr] = Field(default_factory=dict)  # `threshold` for "learned"
    learned: dict[str, JsonValue] | None = None  # a trained policy, plain data


class RouteStep(_StepBase):
    kind: Literal["route"] = "route"
    policy: str
    options: dict[str, Expr] = Field(default_factory=dict)
    tiers: list[LLMCall]
    learned: dict[str, JsonValue] | None = None  # a trained policy, plain data


class StopStep(_StepBase):
    kind: Literal["stop"] = "stop"
    when: Expr


class RepeatStep(_StepBase):
    """Run `body` `times` times or until a stop step fires. `carried` names are
    bound before the loop and re-bound in the body: each round sees the last."""

    kind: Literal["repeat"] = "repeat"
    times: Expr
    body: list[Step]
    carried: list[str] = Field(default_factory=list)


class ReturnStep(_StepBase):
    kind: Literal["return"] = "return"
    value: Expr


Step = Annotated[
    LetStep
    | LLMStep
    | MapStep
    | FilterStep
    | CascadeStep
    | RouteStep
    | StopStep
    | RepeatStep
    | ReturnStep,
    Field(discriminator="kind"),
]


# ---- walking a plan -----------------------------------------------------------


def expr_children(expr: Expr) -> list[Expr]:
    """The expressions directly inside `expr`."""
    match expr:
        case FieldExpr(value=value) | ShareExpr(value=value):
            return [value]
        case IndexExpr(value=value, index=index):
            return [value, index]
        case ListExpr(items=items):
            return list(items)
        case RecordExpr(fields=fields):
            return list(fields.values())
        case OpExpr(args=args):
            return list(args)
        case BuiltinExpr(args=args, kwargs=kwargs):
            return [*args, *kwargs.values()]
        case RefExpr() | ConstExpr() | KnobExpr():
            return []
        case _:
            assert_never(expr)


def expr_reads(expr: Expr) -> set[str]:
    """The names (bindings, inputs, iterator variables) an expression reads."""
    if isinstance(expr, RefExpr):
        return {expr.name}
    return set().union(*(expr_reads(child) for child in expr_children(expr)))


def walk_steps(steps: Sequence[Step], where: str = "steps") -> Iterator[tuple[str, Step]]:
    """Every step with its place in the plan (`steps[1].body[0]`), depth first,
    repeat bodies included, in program order."""
    for index, step in enumerate(steps):
        here = f"{where}[{index}]"
        yield here, step
        if isinstance(step, RepeatStep):
            yield from walk_steps(step.body, f"{here}.body")


def step_calls(step: Step, where: str = "") -> Iterator[tuple[str, LLMCall]]:
    """The model calls a step makes itself (a cascade's and a route's tiers), each
    with its place under `where`; a repeat's are its body's, not its own."""
    match step:
        case LLMStep(call=call):
            yield f"{where}.call", call
        case MapStep(call=call):
            if call is not None:
                yield f"{where}.call", call
        case CascadeStep(tiers=tiers):
            for index, tier in enumerate(tiers):
                yield f"{where}.tiers[{index}].call", tier.call
        case RouteStep(tiers=tiers):
            for index, call in enumerate(tiers):
                yield f"{where}.tiers[{index}]", call
        case LetStep() | FilterStep() | StopStep() | RepeatStep() | ReturnStep():
            return
        case _:
            assert_never(step)


def step_exprs(step: Step, where: str = "") -> Iterator[tuple[str, Expr]]:
    """The expressions a step holds itself (its calls' arguments and options
    included; a repeat's body's are their own), each with its place."""
    for call_where, call in step_calls(step, where):
        for name, expr in call.args.items():
            yield f"{call_where}.args.{name}", expr
        for name, expr in call.options.items():
            yield f"{call_where}.options.{name}", expr
    match step:
        case LetStep(value=value) | ReturnStep(value=value):
            yield f"{where}.value", value
        case MapStep():
            for index, iteration in enumerate(step.iterators):
                yield f"{where}.iterators[{index}].over", iteration.over
            if step.value is not None:
                yield f"{where}.value", step.value
        case FilterStep(source=source, where=condition):
            yield f"{where}.source", source
            yield f"{where}.where", condition
        case CascadeStep():
            for index, tier in enumerate(step.tiers):
                if tier.agree is not None:
                    yield f"{where}.tiers[{index}].agree", tier.agree
                if tier.similarity is not None:
                    yield f"{where}.tiers[{index}].similarity", tier.similarity
            for name, expr in step.options.items():
                yield f"{where}.options.{name}", expr
        case RouteStep():
            for name, expr in step.options.items():
                yield f"{where}.options.{name}", expr
        case StopStep(when=when):
            yield f"{where}.when", when
        case RepeatStep(times=times):
            yield f"{where}.times", times
        case LLMStep():
            return
        case _:
            assert_never(step)


def walk_expr(expr: Expr) -> Iterator[Expr]:
    """`expr` and every expression inside it, depth first."""
    yield expr
    for child in expr_children(expr):
        yield from walk_expr(child)


def llm_calls(steps: list[Step]) -> Iterator[LLMCall]:
    """Every model call of the steps, inside repeats and every cascade and route
    tier included, in program order."""
    for _, step in walk_steps(steps):
        for _, call in step_calls(step):
            yield call


def map_expr(expr: Expr, change: Callable[[Expr], Expr]) -> Expr:
    """`expr` rebuilt bottom-up with `change(e)` in place of each expression `e`
    (its children already changed); `change` returns `e` to keep it."""
    match expr:
        case FieldExpr(value=value) | ShareExpr(value=value):
            rebuilt: Expr = expr.model_copy(update={"value": map_expr(value, change)})
        case IndexExpr(value=value, index=index):
            rebuilt = expr.model_copy(
                update={"value": map_expr(value, change), "index": map_expr(index, change)}
            )
        case ListExpr(items=items):
            rebuilt = expr.model_copy(update={"items": [map_expr(i, change) for i in items]})
        case RecordExpr(fields=fields):
            rebuilt = expr.model_copy(
                update={"fields": {k: map_expr(v, change) for k, v in fields.items()}}
            )
        case OpExpr(args=args):
            rebuilt = expr.model_copy(update={"args": [map_expr(a, change) for a in args]})
        case BuiltinExpr(args=args, kwargs=kwargs):
            rebuilt = expr.model_copy(
                update={
                    "args": [map_expr(a, change) for a in args],
                    "kwargs": {k: map_expr(v, change) for k, v in kwargs.items()},
                }
            )
        case RefExpr() | ConstExpr() | KnobExpr():
            rebuilt = expr
        case _:
            assert_never(expr)
    return change(rebuilt)


def map_step_exprs(step: Step, change: Callable[[Expr], Expr]) -> Step:
    """`step` with `map_expr(e, change)` in place of each expression it holds
    itself (as `step_exprs` lists them; a repeat's body is `map_steps`' to walk)."""

    def exprs(values: dict[str, Expr]) -> dict[str, Expr]:
        return {name: map_expr(value, change) for name, value in values.items()}

    def call(c: LLMCall) -> LLMCall:
        return c.model_copy(update={"args": exprs(c.args), "options": exprs(c.options)})

    def optional(value: Expr | None) -> Expr | None:
        return None if value is None else map_expr(value, change)

    match step:
        case LetStep(value=value) | ReturnStep(value=value):
            return step.model_copy(update={"value": map_expr(value, change)})
        case LLMStep():
            return step.model_copy(update={"call": call(step.call)})
        case MapStep():
            iterators = [
                it.model_copy(update={"over": map_expr(it.over, change)}) for it in step.iterators
            ]
            return step.model_copy(
                update={
                    "iterators": iterators,
                    "call": None if step.call is None else call(step.call),
                    "value": optional(step.value),
                }
            )
        case FilterStep():
            return step.model_copy(
                update={
                    "source": map_expr(step.source, change),
                    "where": map_expr(step.where, change),
                }
            )
        case CascadeStep():
            tiers = [
                tier.model_copy(
                    update={
                        "call": call(tier.call),
                        "agree": optional(tier.agree),
                        "similarity": optional(tier.similarity),
                    }
                )
                for tier in step.tiers
            ]
            return step.model_copy(update={"tiers": tiers, "options": exprs(step.options)})
        case RouteStep():
            return step.model_copy(
                update={"tiers": [call(c) for c in step.tiers], "options": exprs(step.options)}
            )
        case StopStep(when=when):
            return step.model_copy(update={"when": map_expr(when, change)})
        case RepeatStep(times=times):
            return step.model_copy(update={"times": map_expr(times, change)})
        case _:
            assert_never(step)


def map_steps(steps: list[Step], change: Callable[[Step], Step]) -> list[Step]:
    """The steps with `change(step)` in place of each one (repeat bodies first,
    then the repeat itself); `change` returns the step as it is to keep it."""
    return expand_steps(steps, lambda step: [change(step)])


def expand_steps(steps: list[Step], change: Callable[[Step], list[Step]]) -> list[Step]:
    """The steps with the steps of `change(step)` in place of each one (none to
    drop it, several to expand it), repeat bodies first."""
    out: list[Step] = []
    for step in steps:
        if isinstance(step, RepeatStep):
            step = step.model_copy(update={"body": expand_steps(step.body, change)})
        out += change(step)
    return out


def returned_step(plan: Plan) -> Step | None:
    """The top-level step whose binding the protocol returns as it is (`return x`
    with x bound by that step), if any: the one step whose answer a metric
    scores directly."""
    if not plan.steps or not isinstance(plan.steps[-1], ReturnStep):
        return None
    returned = plan.steps[-1].value
    if not isinstance(returned, RefExpr):
        return None
    return next((s for s in plan.steps if s.binds == returned.name), None)


def with_step(plan: Plan, step_id: str, change: Callable[[Step], Step]) -> Plan:
    """The plan with step `step_id` (at any depth, inside repeats too) replaced
    by `change(step)`; every other step as it was."""

    steps = map_steps(plan.steps, lambda step: change(step) if step.id == step_id else step)
    return plan.model_copy(update={"steps": steps})


# ---- analysis results -------------------------------------------------------


class PrivateFlow(_Model):
    """Private data that a `share` lets reach a remote step: as an argument, or
    implicitly, as what shapes or controls the call (compiler/flows.py)."""

    inputs: list[str]
    value: str  # the shared expression
    step: str  # id of the remote step
    binds: str
    prompt: str
    placement: str
    line: int
    # argument, option, repeat, stop, fan-out, cascade or route
    kind: str = "argument"
    via: str = ""  # what carries it, for a reader: "option max_tokens", ...


class TierEstimate(_Model):
    prompt_tokens: float = 0
    completion_tokens: float = 0
    calls: float = 0


class StepEstimate(_Model):
    step: str
    binds: str | None
    tier: str
    prompt_tokens: float
    completion_tokens: float
    calls: float
    formula: str  # how the numbers were obtained, for `explain`


class Estimate(_Model):
    assumptions: dict[str, float]  # input tokens, list lengths, keep ratios, ...
    notes: list[str]
    local: TierEstimate
    remote: TierEstimate
    steps: list[StepEstimate]


class Source(_Model):
    path: str
    sha256: str


class Provenance(_Model):
    """Filled in by `minionc optimize`."""

    dev_set_sha256: str
    metric: str
    constraint: str
    quality: float
    remote_tokens_per_query: float
    baseline_quality: float | None = None
    baseline_remote_tokens_per_query: float | None = None
    details: dict[str, JsonValue] = Field(default_factory=dict)


class Plan(_Model):
    format: Literal["minionc-plan"] = PLAN_FORMAT
    version: Literal[1] = PLAN_VERSION
    compiler: str
    source: Source
    protocol: str
    inputs: list[Param]
    output: JsonSchema
    models: dict[str, ModelRole]
    types: dict[str, JsonSchema]
    prompts: dict[str, Prompt]
    knobs: dict[str, Knob]
    budgets: list[Budget]
    steps: list[Step]
    private_flows: list[PrivateFlow]
    estimate: Estimate | None = None
    provenance: Provenance | None = None


for _model in (FieldExpr, IndexExpr, ListExpr, RecordExpr, OpExpr, BuiltinExpr, ShareExpr):
    _model.model_rebuild()
for _step_model in (MapStep, RepeatStep, Plan):
    _step_model.model_rebuild()


def without_location(plan: Plan) -> Plan:
    """The plan with its program file's path blanked (the file's sha256 kept):
    what it computes, for identities that must survive a moved or re-cloned
    checkout (a batch's resume key, the optimizer's store)."""
    return plan.model_copy(update={"source": plan.source.model_copy(update={"path": ""})})
