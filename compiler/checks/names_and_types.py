"""Check: names and types in a protocol's body: its statements and steps.

Binds names statement by statement (a name carried from round to round of a
repeat keeps one type; one bound after a `stop when` may be unbound after the
loop), and types every step: prompt calls against their signatures, fan-outs,
`keep`, cascades and routes. Expressions are typed by expr_types.py, builtin
calls by builtin_types.py, options by step_options.py.
"""

from __future__ import annotations

from typing import assert_never

from .. import ast
from ..builtins import BUILTINS, CALL_OPTIONS, CASCADE_TIER_OPTIONS
from ..checked import Symbols
from ..diagnostics import DiagnosticSink
from ..types import (
    BOOL,
    INT,
    UNKNOWN,
    AnonRecordType,
    ListType,
    RecordType,
    Type,
    UnknownType,
    assignable,
    join,
    show,
    strip_optional,
    widen,
)
from .expr_types import Binding, ExprTyper, TypingResult
from .step_options import cascade_policy, check_agreement, check_placement, check_route_options


class ProtocolTyper(ExprTyper):
    def __init__(
        self,
        symbols: Symbols,
        sink: DiagnosticSink,
        source_lines: list[str],
        input_types: dict[str, Type],
        knob_types: dict[str, Type],
    ) -> None:
        super().__init__(symbols, sink, source_lines, input_types, knob_types)
        self.repeats: list[ast.Repeat] = []
        self.stopped: list[bool] = []  # per enclosing repeat: a `stop when` seen so far

    # ---- statements ------------------------------------------------------

    def check_body(self, body: tuple[ast.Stmt, ...]) -> None:
        for stmt in body:
            self.check_stmt(stmt)

    def check_stmt(self, stmt: ast.Stmt) -> None:
        match stmt:
            case ast.Knob() | ast.Budget():
                pass  # checked by their own passes; knobs are in scope from the start
            case ast.Assign():
                self.check_assign(stmt)
            case ast.Repeat():
                times = self.type_expr(stmt.times)
                self.expect(times, INT, stmt.times.span, "the repeat count")
                self.repeats.append(stmt)
                self.stopped.append(False)
                self.check_body(stmt.body)
                self.stopped.pop()
                level = len(self.repeats) - 1
                self.repeats.pop()
                for binding in self.scopes[0].values():
                    if binding.skipped_by == level:
                        binding.maybe_unbound = True
            case ast.Stop():
                self.expect(self.type_expr(stmt.condition), BOOL, stmt.condition.span, "stop when")
                if self.stopped:
                    self.stopped[-1] = True
            case ast.Return():
                self.record(stmt, self.type_step(stmt.value))
            case _:
                assert_never(stmt)

    def check_assign(self, stmt: ast.Assign) -> None:
        value_type = self.type_step(stmt.value)
        self.record(stmt, value_type)
        existing = self.lookup(stmt.name)
        if existing is None:
            # Bound after a `stop when` of an enclosing repeat: the innermost such
            # repeat may end before this runs.
            stopping = [level for level, stopped in enumerate(self.stopped) if stopped]
            self.scopes[-1][stmt.name] = Binding(
                value_type,
                "binding",
                len(self.repeats),
                skipped_by=stopping[-1] if stopping else None,
            )
            self.result.binding_types[stmt.name] = value_type
            return
        loop_carried = existing.kind == "binding" and existing.repeat_depth < len(self.repeats)
        if loop_carried:
            # Re-binding a name from outside the repeat: the next round sees it.
            repeat = self.repeats[existing.repeat_depth]
            carried = self.result.carried.setdefault(id(repeat), [])
            if stmt.name not in carried:
                carried.append(stmt.name)
            if not assignable(value_type, existing.type):
                self.sink.error(
                    "M0201",
                    f"'{stmt.name}' is {show(existing.type)} before the repeat, "
                    f"but is re-bound to {show(value_type)} inside it",
                    stmt.name_span,
                    help="a name carried from round to round keeps one type",
                )
            return
        what = {"input": "an input", "knob": "a knob"}.get(existing.kind, "already bound")
        self.sink.error(
            "M0106",
            f"'{stmt.name}' is {what}",
            stmt.name_span,
            help="bindings cannot be re-assigned except across rounds of a repeat; use a new name",
        )

    # ---- steps -----------------------------------------------------------

    def type_step(self, step: ast.Step) -> Type:
        return widen(self._type_step(step))

    def _type_step(self, step: ast.Step) -> Type:
        match step:
            case ast.Placed():
                return self.record(step, self.type_placed(step, allowed=CALL_OPTIONS))
            case ast.FanOut():
                return self.record(step, self.type_fanout(step))
            case ast.Keep():
                return self.record(step, self.type_keep(step))
            case ast.Cascade():
                return self.record(step, self.type_cascade(step))
            case ast.Route():
                return self.record(step, self.type_route(step))
            case _:
                assert_never(step)

    def _calls_value(self, expr: ast.Expr) -> bool:
        """Whether `expr` calls a name bound to a value (reported by type_call)."""
        return (
            isinstance(expr, ast.Call)
            and isinstance(expr.func, ast.Name)
            and expr.func.id not in BUILTINS
            and self.lookup(expr.func.id) is not None
        )

    def _prompt_call(self, expr: ast.Expr) -> str | None:
        """The prompt's name if `expr` calls a prompt (not shadowed by a binding)."""
        if (
            isinstance(expr, ast.Call)
            and isinstance(expr.func, ast.Name)
            and expr.func.id in self.symbols.prompts
            and self.lookup(expr.func.id) is None
        ):
            return expr.func.id
        return None

    def type_placed(
        self, placed: ast.Placed, allowed: tuple[str, ...], list_samples: bool = True
    ) -> Type:
        prompt = self._prompt_call(placed.expr)
        if placed.placement is None:
            if prompt is not None:
                self.sink.error(
                    "M0801",
                    f"call of prompt '{prompt}' has no placement",
                    placed.expr.span,
                    help=f"say where it runs: {prompt}(...) @local, @remote, @auto or @ROLE",
                )
                self.type_call_args(placed.expr)  # type: ignore[arg-type]
                return self.symbols.prompts[prompt].output
            return self.type_expr(placed.expr)
        if prompt is None:
            self.type_expr(placed.expr)
            if _calls_unknown(placed.expr, self.symbols) or self._calls_value(placed.expr):
                return UNKNOWN  # already reported as an unknown function
            self.sink.error(
                "M0802",
                "only a call of a prompt can have a placement",
                placed.placement.span,
                help="remove the @placement, or call a prompt declared with `prompt`",
            )
            return UNKNOWN
        assert isinstance(placed.expr, ast.Call)
        check_placement(self, placed.placement, allowed)
        output = self.type_prompt_call(placed.expr, prompt)
        if list_samples and any(o.name == "samples" for o in placed.placement.options):
            return ListType(output)
        return output

    def type_prompt_call(self, call: ast.Call, prompt: str) -> Type:
        signature = self.symbols.prompts[prompt]
        self.record(call.func, UNKNOWN)
        params = dict(signature.params)
        bound = self.bind_arguments(
            call, [name for name, _ in signature.params], f"prompt '{prompt}'"
        )
        for name, expr in bound.items():
            value_type = self.type_expr(expr)
            self.expect(value_type, params[name], expr.span, f"argument '{name}' of '{prompt}'")
        missing = [name for name in params if name not in bound]
        if missing:
            self.sink.error(
                "M0203",
                f"call of '{prompt}' is missing {_quoted(missing)}",
                call.span,
                help=f"'{prompt}' takes ({_signature(signature.params)})",
            )
        return self.record(call, signature.output)

    def type_fanout(self, fanout: ast.FanOut) -> Type:
        self.scopes.append({})
        for iterator in fanout.iterators:
            over = self.type_expr(iterator.over)
            item = self.list_item(over, iterator.over.span, "for")
            if iterator.var in self.scopes[-1] or self.lookup(iterator.var) is not None:
                self.sink.error(
                    "M0106",
                    f"'{iterator.var}' is already defined",
                    iterator.span,
                    help="give the loop variable a new name",
                )
            self.scopes[-1][iterator.var] = Binding(item, "iterator", len(self.repeats))
        body = self.type_placed(fanout.body, allowed=CALL_OPTIONS, list_samples=False)
        self.record(fanout.body, body)
        self.scopes.pop()
        return ListType(body)

    def type_keep(self, keep: ast.Keep) -> Type:
        source = self.type_expr(keep.source)
        item = self.list_item(source, keep.source.span, "keep")
        scope: dict[str, Binding] = {"it": Binding(item, "element")}
        record = strip_optional(item)
        if isinstance(record, RecordType | AnonRecordType):
            for name, field_type in record.fields:
                scope[name] = Binding(field_type, "element")
        # When the items' type is unknown (after an error in the source, or for an
        # empty `[]`), so are their fields: do not call each name in the condition
        # an unknown name as well.
        fields_unknown = isinstance(item, UnknownType)
        self.unknown_fields_in_scope += fields_unknown
        self.scopes.append(scope)
        self.expect(self.type_expr(keep.condition), BOOL, keep.condition.span, "keep ... where")
        self.scopes.pop()
        self.unknown_fields_in_scope -= fields_unknown
        return ListType(item) if not isinstance(item, UnknownType) else UNKNOWN

    def _tier_output(self, tier: ast.Placed, allowed: tuple[str, ...], what: str) -> Type:
        if tier.placement is None and self._prompt_call(tier.expr) is None:
            self.type_expr(tier.expr)
            self.sink.error(
                "M0803" if what == "cascade" else "M0804",
                f"every tier of a {what} is a prompt call with a placement",
                tier.span,
                help="write a tier as prompt(args) @tier",
            )
            return UNKNOWN
        output = self.type_placed(tier, allowed=allowed, list_samples=False)
        self.record(tier, output)
        return output

    def _common_output(self, outputs: list[tuple[ast.Placed, Type]], what: str) -> Type:
        common: Type | None = None
        for tier, output in outputs:
            if isinstance(output, UnknownType):
                continue
            if common is None:
                common = output
                continue
            joined = join(common, output)
            if joined is None:
                self.sink.error(
                    "M0201",
                    f"tiers of a {what} must return one type: {show(common)} and {show(output)}",
                    tier.span,
                )
                return UNKNOWN
            common = joined
        return common if common is not None else UNKNOWN

    def type_cascade(self, cascade: ast.Cascade) -> Type:
        learned = cascade_policy(self, cascade)
        if len(cascade.tiers) < 2:
            self.sink.error(
                "M0803",
                "a cascade needs at least two tiers",
                cascade.span,
                help="add a later tier to defer to, such as the same prompt @remote",
            )
        elif learned and len(cascade.tiers) > 2:
            self.sink.error(
                "M0803",
                'a cascade(policy: "learned") has two tiers: the local answer and the one '
                "it defers to",
                cascade.tiers[2].span,
                help="remove the later tiers, or nest a second cascade in the last tier's place",
            )
        allowed = (*CALL_OPTIONS, *CASCADE_TIER_OPTIONS)
        outputs = [(t, self._tier_output(t, allowed, "cascade")) for t in cascade.tiers]
        # With too few tiers or an unknown policy, that is the one mistake to show.
        if len(cascade.tiers) >= 2 and learned is not None:
            for position, tier in enumerate(cascade.tiers):
                check_agreement(
                    self.sink, tier, last=position == len(cascade.tiers) - 1, learned=learned
                )
        return self._common_output(outputs, "cascade")

    def type_route(self, route: ast.Route) -> Type:
        check_route_options(self, route)
        if len(route.tiers) < 2:
            self.sink.error("M0804", "a route needs at least two tiers to choose from", route.span)
        outputs = [(t, self._tier_output(t, CALL_OPTIONS, "route")) for t in route.tiers]
        return self._common_output(outputs, "route")


def _calls_unknown(expr: ast.Expr, symbols: Symbols) -> bool:
    return (
        isinstance(expr, ast.Call)
        and isinstance(expr.func, ast.Name)
        and expr.func.id not in BUILTINS
        and expr.func.id not in symbols.prompts
    )


def _quoted(names: list[str]) -> str:
    return ", ".join(f"'{n}'" for n in names)


def _signature(params: tuple[tuple[str, Type], ...]) -> str:
    return ", ".join(f"{n}: {show(t)}" for n, t in params)


__all__ = ["ProtocolTyper", "TypingResult"]
