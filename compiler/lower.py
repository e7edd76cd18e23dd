"""Pass 3: checked program -> Plan. Pure translation: every decision was made by
the checker; this pass only writes it down in the plan's vocabulary."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, assert_never

from . import ast
from . import plan as p
from .checked import CheckedProgram
from .checks.budgets import iter_budgets
from .checks.knobs import iter_knobs, literal_value
from .diagnostics import Span, source_lines
from .explain import expr_text
from .flows import Flow, analyze_flows
from .types import (
    AnonRecordType,
    EnumType,
    ListType,
    RecordType,
    Type,
    is_text,
    json_schema,
    strip_optional,
)


def lower_program(checked: CheckedProgram) -> p.Plan:
    """The plan of a checked program, with every flow of private data that a
    `share` releases recorded (compiler/flows.py decides them, on the plan)."""
    draft = translate(checked)
    report = analyze_flows(draft.plan)
    share_inputs = {
        _key(draft.origins[id(share)]): sorted(taint)
        for share, taint in report.shares.values()
        if id(share) in draft.origins
    }
    final = translate(checked, share_inputs)
    flows = analyze_flows(final.plan).flows
    return final.plan.model_copy(
        update={"private_flows": [plan_flow(flow, final.text_of, final.line_of) for flow in flows]}
    )


@dataclass
class Lowered:
    """A plan translated from a checked program, and where each of its parts
    came from: `origins` maps id(plan expression) to its source span, `placed`
    id(plan call) to the AST node it was written as (for the privacy check)."""

    plan: p.Plan
    origins: dict[int, Span]
    placed: dict[int, ast.Placed]
    source_lines: list[str]

    def line_of(self, flow: Flow) -> int:
        """The line of the share that releases `flow` (its step's, failing that)."""
        span = self.origins.get(id(flow.share))
        return span.line if span is not None else flow.line

    def text_of(self, expr: Any) -> str:
        """An expression as written in the source, else as the plan renders it."""
        span = self.origins.get(id(expr))
        one_line = span is not None and span.line == span.end_line
        if span is not None and one_line and 1 <= span.line <= len(self.source_lines):
            return self.source_lines[span.line - 1][span.column - 1 : span.end_column - 1]
        return expr_text(expr)


def translate(
    checked: CheckedProgram, share_inputs: dict[tuple[int, int], list[str]] | None = None
) -> Lowered:
    """The plan, with no flows recorded; `share_inputs` gives each share (by its
    source position) the private inputs it releases."""
    lowering = _Lowering(checked, share_inputs or {})
    plan = lowering.plan()
    return Lowered(plan, lowering.origins, lowering.placed, source_lines(checked.source_text))


def plan_flow(
    flow: Flow, text_of: Callable[[Any], str], line_of: Callable[[Flow], int] | None = None
) -> p.PrivateFlow:
    """A flow as the plan records it, with expressions shown by `text_of`."""
    return p.PrivateFlow(
        inputs=list(flow.inputs),
        value=text_of(flow.expr),
        step=flow.step,
        binds=flow.binds or "",
        prompt=flow.prompt,
        placement=flow.placement,
        line=line_of(flow) if line_of is not None else flow.line,
        kind=flow.kind,
        via=flow.via,
    )


def _key(span: Span) -> tuple[int, int]:
    return span.line, span.column


def _schema(t: Type) -> dict[str, Any]:
    # Named types are referenced as #/$defs/NAME; the plan's `types` holds them.
    return json_schema(t, defs={})


class _Lowering:
    def __init__(
        self, checked: CheckedProgram, share_inputs: dict[tuple[int, int], list[str]]
    ) -> None:
        self.checked = checked
        self.symbols = checked.symbols
        self.counter = 0
        self.knobs = set(checked.knob_types)
        self.shadowed: list[set[str]] = []  # names that hide knobs (keep fields, loop vars)
        self.share_inputs = share_inputs
        self.origins: dict[int, Span] = {}
        self.placed: dict[int, ast.Placed] = {}

    # ---- top level -------------------------------------------------------

    def plan(self) -> p.Plan:
        checked = self.checked
        protocol = checked.protocol
        types: dict[str, Any] = {}
        for name in [*self.symbols.records, *self.symbols.enums]:
            json_schema(self.symbols.records.get(name) or self.symbols.enums[name], types)  # type: ignore[arg-type]
        steps = self.body(protocol.body)
        return p.Plan(
            compiler=_compiler_version(),
            source=p.Source(
                path=checked.program.path,
                sha256=hashlib.sha256(checked.source_text.encode("utf-8")).hexdigest(),
            ),
            protocol=protocol.name,
            inputs=[
                p.Param(
                    name=param.name,
                    schema=_schema(checked.input_types[param.name]),
                    private=param.private,
                )
                for param in protocol.params
                if param.name in checked.input_types
            ],
            output=_schema(checked.output_type),
            models={
                name: p.ModelRole(tier=role.tier, model=role.model)  # type: ignore[arg-type]
                for name, role in self.symbols.roles.items()
            },
            types={name: types[name] for name in sorted(types)},
            prompts={name: self.prompt(sig.node) for name, sig in self.symbols.prompts.items()},
            knobs={knob.name: self.knob(knob) for knob in iter_knobs(protocol.body)},
            budgets=[
                p.Budget(tier=b.tier, metric=b.metric, limit=b.limit)  # type: ignore[arg-type]
                for b in iter_budgets(protocol.body)
            ],
            steps=steps,
            private_flows=[],
        )

    def prompt(self, node: ast.PromptDef) -> p.Prompt:
        signature = self.symbols.prompts[node.name]
        return p.Prompt(
            params=[p.Param(name=n, schema=_schema(t)) for n, t in signature.params],
            output=_schema(signature.output),
            template=node.template.text,
            examples=[
                p.Example(
                    inputs={k.name: _constant(k.value) for k in example.args},
                    output=_constant(example.output),
                )
                for example in node.examples
            ],
            line=node.span.line,
        )

    def knob(self, knob: ast.Knob) -> p.Knob:
        _, default = literal_value(knob.default)
        space: p.ChoiceSpace | p.RangeSpace
        if isinstance(knob.space, ast.RangeSpace):
            is_int = isinstance(knob.space.low, int) and isinstance(knob.space.high, int)
            space = p.RangeSpace(
                kind="int_range" if is_int else "float_range",
                low=knob.space.low,
                high=knob.space.high,
            )
        else:
            space = p.ChoiceSpace(values=[literal_value(v)[1] for v in knob.space.values])
        return p.Knob(space=space, default=default, value=default)

    # ---- steps -----------------------------------------------------------

    def next_id(self) -> str:
        self.counter += 1
        return f"s{self.counter}"

    def body(self, body: tuple[ast.Stmt, ...]) -> list[p.Step]:
        steps: list[p.Step] = []
        for stmt in body:
            match stmt:
                case ast.Assign(name, value):
                    steps.append(self.step(value, name, stmt.span.line))
                case ast.Repeat(times, inner):
                    step_id = self.next_id()
                    steps.append(
                        p.RepeatStep(
                            id=step_id,
                            binds=None,
                            line=stmt.span.line,
                            times=self.expr(times),
                            body=self.body(inner),
                            carried=self.checked.carried.get(id(stmt), []),
                        )
                    )
                case ast.Stop(condition):
                    steps.append(
                        p.StopStep(
                            id=self.next_id(),
                            binds=None,
                            line=stmt.span.line,
                            when=self.expr(condition),
                        )
                    )
                case ast.Return(value):
                    if isinstance(value, ast.Placed) and value.placement is None:
                        steps.append(
                            p.ReturnStep(
                                id=self.next_id(),
                                binds=None,
                                line=stmt.span.line,
                                output=_schema(self.checked.output_type),
                                value=self.expr(value.expr),
                            )
                        )
                    else:  # return f(x) @remote: bind the call, then return it
                        steps.append(self.step(value, "result", stmt.span.line))
                        steps.append(
                            p.ReturnStep(
                                id=self.next_id(),
                                binds=None,
                                line=stmt.span.line,
                                output=_schema(self.checked.output_type),
                                value=p.RefExpr(name="result"),
                            )
                        )
                case ast.Knob() | ast.Budget():
                    pass  # lowered from the whole protocol (iter_knobs, iter_budgets)
                case _:
                    assert_never(stmt)
        return steps

    def step(self, value: ast.Step, name: str, line: int) -> p.Step:
        step_id = self.next_id()
        output = _schema(self.checked.type_of(value))
        common: dict[str, Any] = {"id": step_id, "binds": name, "line": line, "output": output}
        match value:
            case ast.Placed(expr, None):
                return p.LetStep(**common, value=self.expr(expr))
            case ast.Placed():
                return p.LLMStep(**common, call=self.call(value, step_id))
            case ast.FanOut(iterators, body):
                lowered = [p.Iteration(var=i.var, over=self.expr(i.over)) for i in iterators]
                self.shadowed.append({i.var for i in iterators})
                if body.placement is None:
                    result = p.MapStep(**common, iterators=lowered, value=self.expr(body.expr))
                else:
                    result = p.MapStep(**common, iterators=lowered, call=self.call(body, step_id))
                self.shadowed.pop()
                return result
            case ast.Keep(source, condition):
                item = self.checked.type_of(value)
                fields = {"it"}
                record = strip_optional(item.item) if isinstance(item, ListType) else None
                if isinstance(record, RecordType | AnonRecordType):
                    fields |= {n for n, _ in record.fields}
                self.shadowed.append(fields)
                where = self.expr(condition)
                self.shadowed.pop()
                return p.FilterStep(**common, source=self.expr(source), where=where)
            case ast.Cascade(options, tiers):
                output_type = strip_optional(self.checked.type_of(value))
                free_text = is_text(output_type) and not isinstance(output_type, EnumType)
                policy = next(
                    (literal_value(o.value)[1] for o in options if o.name == "policy"),
                    "agreement",
                )
                return p.CascadeStep(
                    **common,
                    agreement="similarity" if free_text else "exact",
                    tiers=[self.cascade_tier(t, step_id) for t in tiers],
                    policy="learned" if policy == "learned" else "agreement",
                    options={o.name: self.expr(o.value) for o in options if o.name != "policy"},
                )
            case ast.Route(options, tiers):
                lowered_options = {
                    o.name: self.expr(o.value) for o in options if o.name != "policy"
                }
                policy = next(
                    (literal_value(o.value)[1] for o in options if o.name == "policy"),
                    "always_local",
                )
                return p.RouteStep(
                    **common,
                    policy=str(policy),
                    options=lowered_options,
                    tiers=[self.call(t, step_id) for t in tiers],
                )
            case _:
                assert_never(value)

    def cascade_tier(self, tier: ast.Placed, step_id: str) -> p.CascadeTier:
        options = {o.name: o.value for o in tier.placement.options} if tier.placement else {}
        call = self.call(tier, step_id, exclude=("agree", "similarity"))
        agree = options.get("agree")
        similarity = options.get("similarity")
        return p.CascadeTier(
            call=call,
            agree=self.expr(agree) if agree is not None else None,
            similarity=self.expr(similarity) if similarity is not None else None,
        )

    def call(self, placed: ast.Placed, step_id: str, exclude: tuple[str, ...] = ()) -> p.LLMCall:
        assert placed.placement is not None and isinstance(placed.expr, ast.Call)
        assert isinstance(placed.expr.func, ast.Name)
        prompt = placed.expr.func.id
        signature = self.symbols.prompts[prompt]
        names = [n for n, _ in signature.params]
        args: dict[str, Any] = {}
        for position, arg in enumerate(placed.expr.args):
            args[names[position]] = self.expr(arg, step_id)
        for kwarg in placed.expr.kwargs:
            args[kwarg.name] = self.expr(kwarg.value, step_id)
        args = {name: args[name] for name in names if name in args}  # parameter order
        target = placed.placement.target
        tier = self.symbols.tier_of(target) or "local"
        if tier == "auto":
            allowed = ["local"] if id(placed) in self.checked.local_only else ["local", "remote"]
        else:
            allowed = [tier]
        call = p.LLMCall(
            prompt=prompt,
            args=args,
            placement=p.Placement(target=target, tier=tier, allowed=allowed),  # type: ignore[arg-type]
            options={
                o.name: self.expr(o.value)
                for o in placed.placement.options
                if o.name not in exclude
            },
            output=_schema(signature.output),
        )
        self.placed[id(call)] = placed
        return call

    # ---- expressions -----------------------------------------------------

    def is_knob(self, name: str) -> bool:
        return name in self.knobs and not any(name in scope for scope in self.shadowed)

    def expr(self, expr: ast.Expr, step_id: str | None = None) -> p.Expr:
        lowered = self.translate_expr(expr, step_id)
        self.origins[id(lowered)] = expr.span
        return lowered

    def translate_expr(self, expr: ast.Expr, step_id: str | None) -> p.Expr:
        match expr:
            case ast.Name(name):
                return p.KnobExpr(name=name) if self.is_knob(name) else p.RefExpr(name=name)
            case ast.Literal(value):
                return p.ConstExpr(value=value)
            case ast.ListLiteral(items):
                return p.ListExpr(items=[self.expr(i, step_id) for i in items])
            case ast.RecordLiteral(fields):
                return p.RecordExpr(fields={f.name: self.expr(f.value, step_id) for f in fields})
            case ast.FieldAccess(value, field):
                return p.FieldExpr(value=self.expr(value, step_id), field=field)
            case ast.Index(value, index):
                return p.IndexExpr(value=self.expr(value, step_id), index=self.expr(index, step_id))
            case ast.Call(ast.Name(name), args, kwargs):
                return p.BuiltinExpr(
                    name=name,
                    args=[self.expr(a, step_id) for a in args],
                    kwargs={k.name: self.expr(k.value, step_id) for k in kwargs},
                )
            case ast.Unary(op, operand):
                return p.OpExpr(op="neg" if op == "-" else op, args=[self.expr(operand, step_id)])
            case ast.Binary(op, left, right):
                return p.OpExpr(op=op, args=[self.expr(left, step_id), self.expr(right, step_id)])
            case ast.Share(value):
                return p.ShareExpr(
                    value=self.expr(value, step_id),
                    private_inputs=self.share_inputs.get(_key(expr.span), []),
                )
            case ast.Call():
                raise AssertionError("the checker lets only builtins be called")
            case _:
                assert_never(expr)


def _constant(expr: ast.Expr) -> Any:
    """The JSON value of a constant expression (examples hold only constants)."""
    match expr:
        case ast.Literal(value):
            return value
        case ast.Unary("-", operand):
            return -_constant(operand)
        case ast.ListLiteral(items):
            return [_constant(i) for i in items]
        case ast.RecordLiteral(fields):
            return {f.name: _constant(f.value) for f in fields}
    return None


def _compiler_version() -> str:
    from minionc import __version__

    return __version__
