"""Check: names and types of expressions.

Resolves every name (suggesting the closest known one) through the scopes,
types every expression, and types builtin calls through the table in
builtin_types.py. Records the type of every node for the later passes. The
statement and step checks (names_and_types.py) build on this.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import assert_never

from .. import ast
from ..builtins import BUILTINS
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
)
from .builtin_types import BUILTIN_TYPINGS


@dataclass
class Binding:
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


class ExprTyper:
    """Types expressions in scopes of names: the inputs and knobs, then what the
    protocol binds (and, while a fan-out or `keep` is checked, its variables)."""

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
        self.scopes: list[dict[str, Binding]] = [
            {name: Binding(t, "input") for name, t in input_types.items()}
        ]
        for name, t in knob_types.items():
            self.scopes[0].setdefault(name, Binding(t, "knob"))
        self.reported_unbound: set[str] = set()
        self.unknown_fields_in_scope = 0  # inside `keep X where` whose X has an error

    # ---- scopes ----------------------------------------------------------

    def lookup(self, name: str) -> Binding | None:
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        return None

    def known_names(self) -> list[str]:
        return [name for scope in self.scopes for name in scope]

    def record(self, node: object, t: Type) -> Type:
        self.result.expr_types[id(node)] = t
        return t

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

    # ---- calls -----------------------------------------------------------

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
        return BUILTIN_TYPINGS[name](self, call)

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
