"""Check: names and types in a protocol's body.

Resolves every name (suggesting the closest known one), types every expression
and step, checks prompt calls against their signatures, placements and their
options, cascades and routes. Records the type of every expression and binding
for the later passes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import assert_never

from .. import ast
from ..builtins import (
    BUILTINS,
    CALL_OPTIONS,
    CASCADE_OPTIONS,
    CASCADE_POLICIES,
    CASCADE_TIER_OPTIONS,
    PLACEMENT_KEYWORDS,
    ROUTE_OPTIONS,
    ROUTE_POLICIES,
)
from ..checked import Symbols
from ..diagnostics import DiagnosticSink, Span, did_you_mean
from ..types import (
    BOOL,
    FLOAT,
    INT,
    NONE,
    STR,
    UNKNOWN,
    AnonRecordType,
    EnumType,
    ListType,
    OptionalType,
    RecordType,
    StrLiteralType,
    Type,
    UnknownType,
    assignable,
    is_number,
    is_text,
    join,
    show,
    strip_optional,
    widen,
)
from .knobs import literal_value
from .templates import check_template


@dataclass
class _Binding:
    type: Type
    kind: str  # input, knob, binding, iterator, element
    repeat_depth: int = 0  # how many repeats enclose the first binding
    # The repeat (an index into ProtocolTyper.repeats) that may stop before this
    # binding runs; once that repeat is over, the name may be unbound.
    skipped_by: int | None = None
    maybe_unbound: bool = False


@dataclass
class TypingResult:
    expr_types: dict[int, Type] = field(default_factory=dict)
    binding_types: dict[str, Type] = field(default_factory=dict)
    carried: dict[int, list[str]] = field(default_factory=dict)  # id(Repeat) -> names


class ProtocolTyper:
    def __init__(
        self,
        symbols: Symbols,
        sink: DiagnosticSink,
        source_lines: list[str],
        input_types: dict[str, Type],
        knob_types: dict[str, Type],
    ) -> None:
        self.symbols = symbols
        self.sink = sink
        self.source_lines = source_lines
        self.result = TypingResult()
        self.scopes: list[dict[str, _Binding]] = [
            {name: _Binding(t, "input") for name, t in input_types.items()}
        ]
        for name, t in knob_types.items():
            self.scopes[0].setdefault(name, _Binding(t, "knob"))
        self.repeats: list[ast.Repeat] = []
        self.stopped: list[bool] = []  # per enclosing repeat: a `stop when` seen so far
        self.reported_unbound: set[str] = set()
        self.unknown_fields_in_scope = 0  # inside `keep X where` whose X has an error

    # ---- scopes ----------------------------------------------------------

    def lookup(self, name: str) -> _Binding | None:
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        return None

    def known_names(self) -> list[str]:
        return [name for scope in self.scopes for name in scope]

    def record(self, node: object, t: Type) -> Type:
        self.result.expr_types[id(node)] = t
        return t

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
            self.scopes[-1][stmt.name] = _Binding(
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
        self.check_placement(placed.placement, allowed)
        output = self.type_prompt_call(placed.expr, prompt)
        if list_samples and any(o.name == "samples" for o in placed.placement.options):
            return ListType(output)
        return output

    def check_placement(self, placement: ast.Placement, allowed: tuple[str, ...]) -> None:
        target = placement.target
        if target not in PLACEMENT_KEYWORDS and target not in self.symbols.roles:
            known = [*PLACEMENT_KEYWORDS, *self.symbols.roles]
            self.sink.error(
                "M0105",
                f"unknown placement '@{target}'",
                placement.target_span,
                help=did_you_mean(target, known)
                or f"use one of {', '.join('@' + k for k in known)}, or declare the role in models",
            )
        seen: set[str] = set()
        for option in placement.options:
            value_type = self.type_expr(option.value)
            if option.name in seen:
                self.sink.error("M0106", f"option '{option.name}' is given twice", option.span)
            seen.add(option.name)
            if option.name not in allowed:
                self.sink.error(
                    "M0108",
                    f"unknown option '{option.name}' for an LLM call here",
                    option.span,
                    help=did_you_mean(option.name, allowed)
                    or f"options here: {', '.join(allowed)}",
                )
                continue
            expected = FLOAT if option.name in ("temperature", "similarity") else INT
            self.expect(value_type, expected, option.value.span, f"option '{option.name}'")
            is_const, value = literal_value(option.value)
            if is_const and isinstance(value, int | float) and not isinstance(value, bool):
                if option.name in ("samples", "max_tokens", "agree") and value < 1:
                    self.sink.error(
                        "M0201", f"option '{option.name}' must be at least 1", option.value.span
                    )
                if option.name == "similarity" and not 0 <= value <= 1:
                    self.sink.error(
                        "M0201", "option 'similarity' must be between 0 and 1", option.value.span
                    )

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

    def bind_arguments(self, call: ast.Call, params: list[str], owner: str) -> dict[str, ast.Expr]:
        """Match positional then keyword arguments to `params`; report extras."""
        bound: dict[str, ast.Expr] = {}
        for position, arg in enumerate(call.args):
            if position >= len(params):
                self.type_expr(arg)
                self.sink.error(
                    "M0204",
                    f"{owner} takes {len(params)} argument{'s' if len(params) != 1 else ''}, "
                    f"but {len(call.args)} were given",
                    arg.span,
                )
                continue
            bound[params[position]] = arg
        for kwarg in call.kwargs:
            if kwarg.name not in params:
                self.type_expr(kwarg.value)
                self.sink.error(
                    "M0204",
                    f"{owner} has no parameter '{kwarg.name}'",
                    kwarg.span,
                    help=did_you_mean(kwarg.name, params) or f"parameters: {', '.join(params)}",
                )
            elif kwarg.name in bound:
                self.type_expr(kwarg.value)
                self.sink.error("M0204", f"'{kwarg.name}' is given twice", kwarg.span)
            else:
                bound[kwarg.name] = kwarg.value
        return bound

    def type_call_args(self, call: ast.Call) -> None:
        for arg in call.args:
            self.type_expr(arg)
        for kwarg in call.kwargs:
            self.type_expr(kwarg.value)

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
            self.scopes[-1][iterator.var] = _Binding(item, "iterator", len(self.repeats))
        body = self.type_placed(fanout.body, allowed=CALL_OPTIONS, list_samples=False)
        self.record(fanout.body, body)
        self.scopes.pop()
        return ListType(body)

    def list_item(self, t: Type, span: Span, what: str) -> Type:
        if isinstance(t, UnknownType):
            return UNKNOWN
        if isinstance(t, ListType):
            return t.item
        self.sink.error(
            "M0205",
            f"{what} needs a list, but this is {show(t)}",
            span,
            help="split(text, tokens: N) turns a document into a list of chunks"
            if is_text(t)
            else None,
        )
        return UNKNOWN

    def type_keep(self, keep: ast.Keep) -> Type:
        source = self.type_expr(keep.source)
        item = self.list_item(source, keep.source.span, "keep")
        scope: dict[str, _Binding] = {"it": _Binding(item, "element")}
        record = strip_optional(item)
        if isinstance(record, RecordType | AnonRecordType):
            for name, field_type in record.fields:
                scope[name] = _Binding(field_type, "element")
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
        learned = self._cascade_options(cascade)
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
                self._check_agreement(
                    tier, last=position == len(cascade.tiers) - 1, learned=learned
                )
        return self._common_output(outputs, "cascade")

    def _cascade_options(self, cascade: ast.Cascade) -> bool | None:
        """Check `cascade(policy: ..., threshold: ...)`: True for a learned policy,
        None for one that is not known (its tiers' rules are not checked then)."""
        options: dict[str, ast.KwArg] = {}
        for option in cascade.options:
            value_type = self.type_expr(option.value)
            options[option.name] = option
            if option.name not in CASCADE_OPTIONS:
                self.sink.error(
                    "M0108",
                    f"unknown option '{option.name}' for a cascade",
                    option.span,
                    help=did_you_mean(option.name, CASCADE_OPTIONS)
                    or "agreement is set per tier: f(x) @local(samples: 3, agree: 2); "
                    f"cascade options: {', '.join(CASCADE_OPTIONS)}",
                )
            elif option.name == "threshold":
                self.expect(value_type, FLOAT, option.value.span, "cascade option 'threshold'")
        policy = options.get("policy")
        value: object = "agreement"
        if policy is not None:
            _, value = literal_value(policy.value)
            if not isinstance(value, str) or value not in CASCADE_POLICIES:
                self.sink.error(
                    "M0803",
                    f"unknown cascade policy {value!r}"
                    if isinstance(value, str)
                    else "the cascade policy must be a string",
                    policy.value.span,
                    help=did_you_mean(str(value), CASCADE_POLICIES)
                    or f"policies: {', '.join(CASCADE_POLICIES)}",
                )
                return None
        threshold = options.get("threshold")
        if threshold is not None and value != "learned":
            self.sink.error(
                "M0803",
                "threshold: is for a learned cascade; an agreement cascade keeps a tier's "
                "answer when agree: K of its samples match",
                threshold.span,
                help='write cascade(policy: "learned", threshold: T), or remove threshold:',
            )
        return value == "learned"

    def _check_agreement(self, tier: ast.Placed, last: bool, learned: bool = False) -> None:
        if tier.placement is None:
            return
        options = {o.name: o for o in tier.placement.options}
        agree = options.get("agree")
        if learned and not last and agree is None:
            return  # the policy decides; agree: K, if given, must hold as well
        if last:
            if agree is not None:
                self.sink.error(
                    "M0803",
                    "the last tier of a cascade has nowhere to defer to; it takes no agree:",
                    agree.span,
                    help="remove agree: from the last tier",
                )
            return
        if agree is None:
            self.sink.error(
                "M0803",
                "this cascade tier has no agreement rule",
                tier.placement.span,
                help="add samples: N and agree: K: the tier's answer is kept when K of N agree",
            )
            return
        _, k = literal_value(agree.value)
        samples = options.get("samples")
        n: object = 1
        if samples is not None:
            _, n = literal_value(samples.value)
        if isinstance(k, int) and isinstance(n, int) and not isinstance(k, bool):
            if k > n:
                self.sink.error(
                    "M0803",
                    f"agree: {k} cannot be met by {n} sample{'s' if n != 1 else ''}",
                    agree.span,
                    help=f"use agree: K with 1 <= K <= {n}, or more samples",
                )
            elif n == 1:
                self.sink.error(
                    "M0803",
                    "one sample always agrees with itself, so later tiers would never run",
                    tier.placement.span,
                    help="give this tier samples: 2 or more",
                )

    def type_route(self, route: ast.Route) -> Type:
        options: dict[str, ast.KwArg] = {}
        for option in route.options:
            value_type = self.type_expr(option.value)
            options[option.name] = option
            if option.name not in ROUTE_OPTIONS:
                self.sink.error(
                    "M0108",
                    f"unknown option '{option.name}' for a route",
                    option.span,
                    help=did_you_mean(option.name, ROUTE_OPTIONS)
                    or f"route options: {', '.join(ROUTE_OPTIONS)}",
                )
            elif option.name in ("threshold", "share"):
                self.expect(value_type, FLOAT, option.value.span, f"route option '{option.name}'")
        policy = options.get("policy")
        if policy is None:
            self.sink.error(
                "M0804",
                "a route needs a policy",
                route.span,
                help=f'write route(policy: "...") with one of {", ".join(ROUTE_POLICIES)}',
            )
        else:
            _, value = literal_value(policy.value)
            if not isinstance(value, str) or value not in ROUTE_POLICIES:
                self.sink.error(
                    "M0804",
                    f"unknown route policy {value!r}"
                    if isinstance(value, str)
                    else "the route policy must be a string",
                    policy.value.span,
                    help=did_you_mean(str(value), ROUTE_POLICIES)
                    or f"policies: {', '.join(ROUTE_POLICIES)}",
                )
        share = options.get("share")
        if share is not None:
            _, value = literal_value(share.value)
            if isinstance(value, int | float) and not 0 <= value <= 1:
                self.sink.error("M0804", "route share must be between 0 and 1", share.value.span)
        if len(route.tiers) < 2:
            self.sink.error("M0804", "a route needs at least two tiers to choose from", route.span)
        outputs = [(t, self._tier_output(t, CALL_OPTIONS, "route")) for t in route.tiers]
        return self._common_output(outputs, "route")

    # ---- expressions -----------------------------------------------------

    def expect(self, actual: Type, expected: Type, span: Span, what: str) -> None:
        if assignable(actual, expected):
            return
        help_text = None
        if isinstance(actual, ListType) and is_text(expected):
            help_text = "join(items) or text(items) turns a list into a string"
        elif isinstance(actual, RecordType) and is_text(expected):
            help_text = (
                f"pick a field (value.{actual.fields[0][0]}) or use text(value)"
                if actual.fields
                else None
            )
        elif isinstance(actual, OptionalType) and assignable(actual.inner, expected):
            help_text = "the value may be none; filter it out first or give a default"
        self.sink.error(
            "M0201",
            f"{what} must be {show(expected)}, but this is {show(actual)}",
            span,
            help=help_text,
        )

    def type_expr(self, expr: ast.Expr) -> Type:
        return self.record(expr, self._type_expr(expr))

    def _type_expr(self, expr: ast.Expr) -> Type:
        match expr:
            case ast.Name(name, span):
                return self.type_name(name, span)
            case ast.Literal(value):
                if isinstance(value, bool):
                    return BOOL
                if isinstance(value, int):
                    return INT
                if isinstance(value, float):
                    return FLOAT
                if isinstance(value, str):
                    return StrLiteralType(value)
                return NONE
            case ast.ListLiteral(items):
                common: Type | None = None
                for item in items:
                    item_type = self.type_expr(item)
                    if common is None:
                        common = item_type
                    else:
                        joined = join(common, item_type)
                        if joined is None:
                            self.sink.error(
                                "M0201",
                                "list items must have one type: "
                                f"{show(common)} and {show(item_type)}",
                                item.span,
                            )
                            joined = UNKNOWN
                        common = joined
                return ListType(common if common is not None else UNKNOWN)
            case ast.RecordLiteral(fields):
                typed: list[tuple[str, Type]] = []
                for kwarg in fields:
                    if any(n == kwarg.name for n, _ in typed):
                        self.sink.error("M0106", f"field '{kwarg.name}' is given twice", kwarg.span)
                    typed.append((kwarg.name, self.type_expr(kwarg.value)))
                return AnonRecordType(tuple(typed))
            case ast.FieldAccess():
                return self.type_field(expr)
            case ast.Index(value, index):
                value_type = self.type_expr(value)
                self.expect(self.type_expr(index), INT, index.span, "an index")
                if isinstance(value_type, ListType):
                    return value_type.item
                if is_text(value_type):
                    return STR
                if not isinstance(value_type, UnknownType):
                    self.sink.error("M0201", f"cannot index {show(value_type)}", expr.span)
                return UNKNOWN
            case ast.Call():
                return self.type_call(expr)
            case ast.Unary(op, operand):
                operand_type = self.type_expr(operand)
                if op == "not":
                    self.expect(operand_type, BOOL, operand.span, "not")
                    return BOOL
                if not is_number(operand_type) and not isinstance(operand_type, UnknownType):
                    self.sink.error("M0201", f"cannot negate {show(operand_type)}", operand.span)
                    return UNKNOWN
                return operand_type
            case ast.Binary():
                return self.type_binary(expr)
            case ast.Share(value):
                return self.type_expr(value)
            case _:
                assert_never(expr)

    def type_name(self, name: str, span: Span) -> Type:
        binding = self.lookup(name)
        if binding is not None:
            if binding.maybe_unbound and name not in self.reported_unbound:
                self.reported_unbound.add(name)
                self.sink.error(
                    "M0101",
                    f"'{name}' may be unbound here: the repeat can stop before it binds '{name}'",
                    span,
                    help=f"bind '{name}' before the repeat too (it is then carried from round "
                    "to round), or before the stop when",
                )
            return binding.type
        if self.unknown_fields_in_scope:
            return UNKNOWN  # perhaps a field of the items; the source's error says enough
        if name in self.symbols.prompts:
            self.sink.error(
                "M0805",
                f"prompt '{name}' is not a value",
                span,
                help=f"call it in a step of its own: x = {name}(...) @local",
            )
            return UNKNOWN
        if name in BUILTINS:
            self.sink.error("M0201", f"builtin '{name}' is a function; call it", span)
            return UNKNOWN
        self.sink.error(
            "M0101",
            f"unknown name '{name}'",
            span,
            help=did_you_mean(name, self.known_names())
            or "inputs, knobs and earlier bindings are in scope here",
        )
        return UNKNOWN

    def type_field(self, expr: ast.FieldAccess) -> Type:
        value_type = self.type_expr(expr.value)
        optional = isinstance(value_type, OptionalType)
        target = strip_optional(value_type)
        if isinstance(target, UnknownType):
            return UNKNOWN
        if isinstance(target, RecordType | AnonRecordType):
            fields = dict(target.fields)
            if expr.field in fields:
                field_type = fields[expr.field]
                if optional and not isinstance(field_type, OptionalType):
                    return OptionalType(field_type)
                return field_type
            name = target.name if isinstance(target, RecordType) else "the record"
            self.sink.error(
                "M0103",
                f"{name} has no field '{expr.field}'",
                expr.field_span,
                help=did_you_mean(expr.field, fields) or f"fields: {', '.join(fields) or 'none'}",
            )
            return UNKNOWN
        help_text = None
        if isinstance(target, ListType):
            help_text = "a list has no fields: use for/keep over its items, or index it"
        self.sink.error(
            "M0202",
            f"'.{expr.field}' on a value of type {show(value_type)}, which is not a record",
            expr.field_span,
            help=help_text,
        )
        return UNKNOWN

    def type_binary(self, expr: ast.Binary) -> Type:
        left = self.type_expr(expr.left)
        right = self.type_expr(expr.right)
        op = expr.op
        if isinstance(left, UnknownType) or isinstance(right, UnknownType):
            return BOOL if op in ("==", "!=", "<", "<=", ">", ">=", "and", "or") else UNKNOWN
        if op in ("and", "or"):
            self.expect(left, BOOL, expr.left.span, f"'{op}'")
            self.expect(right, BOOL, expr.right.span, f"'{op}'")
            return BOOL
        if op in ("==", "!="):
            if (
                join(left, right) is None
                and join(strip_optional(left), strip_optional(right)) is None
            ):
                self.sink.error(
                    "M0201",
                    f"comparing {show(left)} with {show(right)} is always {op == '!='}",
                    expr.span,
                )
            return BOOL
        if op in ("<", "<=", ">", ">="):
            comparable = (is_number(left) and is_number(right)) or (
                is_text(left) and is_text(right)
            )
            if not comparable:
                self.sink.error("M0201", f"cannot order {show(left)} and {show(right)}", expr.span)
            return BOOL
        if op == "+":
            if is_number(left) and is_number(right):
                return FLOAT if FLOAT in (left, right) else INT
            if is_text(left) and is_text(right):
                return STR
            if isinstance(left, ListType) and isinstance(right, ListType):
                joined = join(left, right)
                if joined is not None:
                    return joined
        elif is_number(left) and is_number(right):
            return FLOAT if op == "/" or FLOAT in (left, right) else INT
        help_text = (
            "text(value) turns any value into a string" if is_text(left) or is_text(right) else None
        )
        self.sink.error(
            "M0201",
            f"cannot apply '{op}' to {show(left)} and {show(right)}",
            expr.span,
            help=help_text,
        )
        return UNKNOWN

    # ---- builtins --------------------------------------------------------

    def type_call(self, call: ast.Call) -> Type:
        if not isinstance(call.func, ast.Name):
            self.type_expr(call.func)
            self.type_call_args(call)
            self.sink.error("M0104", "only prompts and builtins can be called", call.func.span)
            return UNKNOWN
        name = call.func.id
        self.record(call.func, UNKNOWN)
        if name in self.symbols.prompts and self.lookup(name) is None:
            self.type_call_args(call)
            self.sink.error(
                "M0805",
                f"prompt '{name}' is called inside an expression",
                call.span,
                help=f"call it in a step of its own: x = {name}(...) @local, then use x",
            )
            return self.symbols.prompts[name].output
        binding = self.lookup(name)
        if binding is not None and name not in BUILTINS:
            self.type_call_args(call)
            hides_prompt = name in self.symbols.prompts
            self.sink.error(
                "M0104",
                f"'{name}' here is the {binding.kind} '{name}' ({show(binding.type)}), "
                + ("which hides the prompt of that name" if hides_prompt else "not a function"),
                call.func.span,
                help="rename the binding so that it does not hide the prompt"
                if hides_prompt
                else "only prompts and builtins can be called",
            )
            return UNKNOWN
        if name not in BUILTINS:
            self.type_call_args(call)
            known = [*BUILTINS, *self.symbols.prompts]
            self.sink.error(
                "M0104",
                f"unknown function or prompt '{name}'",
                call.func.span,
                help=did_you_mean(name, known)
                or f'declare it: prompt {name}(...) -> T """...""", or use a builtin '
                f"({', '.join(BUILTINS)})",
            )
            return UNKNOWN
        return getattr(self, f"_builtin_{name}")(call)

    def _args(self, call: ast.Call, params: list[str], required: list[str]) -> dict[str, Type]:
        name = call.func.id  # type: ignore[union-attr]
        bound = self.bind_arguments(call, params, f"{name}()")
        types = {param: self.type_expr(expr) for param, expr in bound.items()}
        missing = [p for p in required if p not in bound]
        if missing:
            self.sink.error(
                "M0203",
                f"{name}() is missing {_quoted(missing)}",
                call.span,
                help=BUILTINS[name].signature,
            )
        for param in params:
            types.setdefault(param, UNKNOWN)
        self._bound = bound
        return types

    def _builtin_split(self, call: ast.Call) -> Type:
        types = self._args(call, ["text", "tokens", "paragraphs", "pages", "overlap"], ["text"])
        self.expect(types["text"], STR, self._bound.get("text", call).span, "the text to split")
        sizes = [s for s in ("tokens", "paragraphs", "pages") if s in self._bound]
        if not sizes:
            self.sink.error(
                "M0203",
                "split() needs a chunk size",
                call.span,
                help="write split(text, tokens: 1000), paragraphs: N or pages: N",
            )
        elif len(sizes) > 1:
            self.sink.error(
                "M0204",
                f"split() takes one chunk size, but got {', '.join(sizes)}",
                self._bound[sizes[1]].span,
            )
        for size in (*sizes, "overlap"):
            if size in self._bound:
                self.expect(types[size], INT, self._bound[size].span, f"split {size}")
        return ListType(STR)

    def _builtin_join(self, call: ast.Call) -> Type:
        types = self._args(call, ["items", "sep"], ["items"])
        self.expect(
            types["items"], ListType(STR), self._bound.get("items", call).span, "join items"
        )
        if "sep" in self._bound:
            self.expect(types["sep"], STR, self._bound["sep"].span, "join sep")
        return STR

    def _builtin_format(self, call: ast.Call) -> Type:
        if not call.args:
            self.type_call_args(call)
            self.sink.error("M0203", "format() needs a template string", call.span)
            return STR
        template, *extra = call.args
        for arg in extra:
            self.type_expr(arg)
            self.sink.error(
                "M0204",
                "format() takes one template and named values",
                arg.span,
                help='write format("""...{{ name }}...""", name: value)',
            )
        values = {kwarg.name: self.type_expr(kwarg.value) for kwarg in call.kwargs}
        self.type_expr(template)
        if not isinstance(template, ast.Literal) or not isinstance(template.value, str):
            self.sink.error(
                "M0201", "the template of format() must be a string literal", template.span
            )
            return STR
        line = template.span.line
        text_start = template.span.line + (
            1 if self.source_lines and _opens_block(self.source_lines, template.span) else 0
        )
        check_template(
            ast.Template(template.value, template.span, text_start if text_start else line, 0),
            values,
            self.source_lines,
            self.sink,
            "format()",
        )
        return STR

    def _builtin_text(self, call: ast.Call) -> Type:
        self._args(call, ["value"], ["value"])
        return STR

    def _builtin_len(self, call: ast.Call) -> Type:
        types = self._args(call, ["value"], ["value"])
        value = strip_optional(types["value"])  # len(none) is 0
        if not isinstance(value, ListType | UnknownType) and not is_text(value):
            self.sink.error("M0201", f"len() needs a list or text, not {show(value)}", call.span)
        return INT

    def _builtin_retrieve(self, call: ast.Call) -> Type:
        types = self._args(call, ["chunks", "query", "k"], ["chunks", "query", "k"])
        if "chunks" in self._bound:
            self.expect(
                types["chunks"], ListType(STR), self._bound["chunks"].span, "retrieve chunks"
            )
        if "query" in self._bound:
            self.expect(types["query"], STR, self._bound["query"].span, "retrieve query")
        if "k" in self._bound:
            self.expect(types["k"], INT, self._bound["k"].span, "retrieve k")
        return ListType(STR)

    def _list_arg(self, call: ast.Call) -> Type:
        types = self._args(call, ["items"], ["items"])
        if "items" not in self._bound:
            return UNKNOWN
        return self.list_item(types["items"], self._bound["items"].span, f"{call.func.id}()")  # type: ignore[union-attr]

    def _builtin_flatten(self, call: ast.Call) -> Type:
        item = self._list_arg(call)
        if isinstance(item, UnknownType):
            return UNKNOWN
        if not isinstance(item, ListType):
            self.sink.error(
                "M0205", f"flatten() needs a list of lists, not list[{show(item)}]", call.span
            )
            return UNKNOWN
        return item

    def _builtin_first(self, call: ast.Call) -> Type:
        item = self._list_arg(call)
        return item if isinstance(item, UnknownType | OptionalType) else OptionalType(item)

    _builtin_vote = _builtin_first

    def _builtin_unique(self, call: ast.Call) -> Type:
        item = self._list_arg(call)
        return ListType(item) if not isinstance(item, UnknownType) else UNKNOWN

    def _builtin_batches(self, call: ast.Call) -> Type:
        types = self._args(call, ["items", "size"], ["items", "size"])
        if "size" in self._bound:
            self.expect(types["size"], INT, self._bound["size"].span, "batches size")
        if "items" not in self._bound:
            return UNKNOWN
        item = self.list_item(types["items"], self._bound["items"].span, "batches()")
        return ListType(ListType(item)) if not isinstance(item, UnknownType) else UNKNOWN

    def _builtin_trim(self, call: ast.Call) -> Type:
        types = self._args(call, ["value", "chars", "drop"], ["value"])
        if "chars" in self._bound:
            self.expect(types["chars"], INT, self._bound["chars"].span, "trim chars")
        if "drop" in self._bound:
            self.expect(types["drop"], ListType(STR), self._bound["drop"].span, "trim drop")
        if "value" in self._bound and not ({"chars", "drop"} & set(self._bound)):
            self.sink.error(
                "M0203",
                "trim() needs chars: N or drop: [fields]",
                call.span,
                help=BUILTINS["trim"].signature,
            )
        return types["value"]


def _calls_unknown(expr: ast.Expr, symbols: Symbols) -> bool:
    return (
        isinstance(expr, ast.Call)
        and isinstance(expr.func, ast.Name)
        and expr.func.id not in BUILTINS
        and expr.func.id not in symbols.prompts
    )


def _opens_block(source_lines: list[str], span: Span) -> bool:
    """Whether a triple-quoted string's text starts on the line after its quotes."""
    line = source_lines[span.line - 1] if 1 <= span.line <= len(source_lines) else ""
    rest = line[span.column - 1 :]
    return rest.startswith('"""') and rest[3:].strip() == ""


def _quoted(names: list[str]) -> str:
    return ", ".join(f"'{n}'" for n in names)


def _signature(params: tuple[tuple[str, Type], ...]) -> str:
    return ", ".join(f"{n}: {show(t)}" for n, t in params)


__all__ = ["EnumType", "ProtocolTyper", "TypingResult"]
