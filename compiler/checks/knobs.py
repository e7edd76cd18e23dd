"""Check: knob declarations. Spaces must be literals of one type (or LOW..HIGH with
LOW <= HIGH); the default must lie inside the space. Returns each knob's type."""

from __future__ import annotations

from collections.abc import Iterator

from .. import ast
from ..diagnostics import DiagnosticSink
from ..types import BOOL, FLOAT, INT, STR, UNKNOWN, Type, show


def iter_knobs(body: tuple[ast.Stmt, ...]) -> Iterator[ast.Knob]:
    for stmt, _ in ast.walk_statements(body):
        if isinstance(stmt, ast.Knob):
            yield stmt


def literal_value(expr: ast.Expr) -> tuple[bool, object]:
    """(True, value) if `expr` is a constant (a literal, or a negated number)."""
    if isinstance(expr, ast.Literal):
        return True, expr.value
    if (
        isinstance(expr, ast.Unary)
        and expr.op == "-"
        and isinstance(expr.operand, ast.Literal)
        and isinstance(expr.operand.value, int | float)
        and not isinstance(expr.operand.value, bool)
    ):
        return True, -expr.operand.value
    return False, None


def _type_of_value(value: object) -> Type:
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, int):
        return INT
    if isinstance(value, float):
        return FLOAT
    if isinstance(value, str):
        return STR
    return UNKNOWN


def check_knobs(protocol: ast.ProtocolDef, sink: DiagnosticSink) -> dict[str, Type]:
    knob_types: dict[str, Type] = {}
    inputs = {p.name for p in protocol.params}
    for knob in iter_knobs(protocol.body):
        if knob.name in knob_types or knob.name in inputs:
            sink.error("M0106", f"'{knob.name}' is already defined", knob.name_span)
            continue
        knob_types[knob.name] = _check_knob(knob, sink)
    return knob_types


def _check_knob(knob: ast.Knob, sink: DiagnosticSink) -> Type:
    is_constant, default = literal_value(knob.default)
    if not is_constant or default is None:
        sink.error("M0401", f"default of knob '{knob.name}' must be a constant", knob.default.span)
        return UNKNOWN
    if isinstance(knob.space, ast.RangeSpace):
        low, high = knob.space.low, knob.space.high
        if low > high:
            sink.error(
                "M0402", f"knob '{knob.name}' has an empty range {low}..{high}", knob.space.span
            )
            return UNKNOWN
        knob_type = INT if isinstance(low, int) and isinstance(high, int) else FLOAT
        if isinstance(default, bool) or not isinstance(default, int | float):
            sink.error(
                "M0401",
                f"default of knob '{knob.name}' is {show(_type_of_value(default))}, "
                f"but its space is a range of numbers",
                knob.default.span,
            )
        elif not low <= default <= high:
            sink.error(
                "M0401",
                f"default {default} of knob '{knob.name}' is outside its space {low}..{high}",
                knob.default.span,
                help=f"pick a default between {low} and {high}, or widen the range",
            )
        elif knob_type == INT and isinstance(default, float):
            sink.error(
                "M0401",
                f"default {default} of knob '{knob.name}' is not an integer, "
                f"but its range {low}..{high} is",
                knob.default.span,
            )
        return knob_type
    values: list[object] = []
    types: set[Type] = set()
    for expr in knob.space.values:
        is_value, value = literal_value(expr)
        if not is_value or value is None:
            sink.error("M0402", f"values of knob '{knob.name}' must be constants", expr.span)
            return UNKNOWN
        values.append(value)
        types.add(_type_of_value(value))
    if types == {INT, FLOAT}:
        types = {FLOAT}
    if len(types) != 1:
        sink.error(
            "M0402",
            f"values of knob '{knob.name}' mix types ({', '.join(sorted(show(t) for t in types))})",
            knob.space.span,
        )
        return UNKNOWN
    if len(set(map(repr, values))) != len(values):
        sink.error("M0402", f"knob '{knob.name}' lists a value twice", knob.space.span)
    if default not in values or (type(default) is bool and not any(v is default for v in values)):
        shown = ", ".join(repr(v) if isinstance(v, str) else str(v) for v in values)
        sink.error(
            "M0401",
            f"default {default!r} of knob '{knob.name}' is not one of its values",
            knob.default.span,
            help=f"pick one of {shown}, or add the default to the list",
        )
    return types.pop()
