"""Check: control flow. `stop when` only inside a repeat; a protocol ends with
exactly one `return`, at top level, with nothing after it; repeat counts >= 1."""

from __future__ import annotations

from .. import ast
from ..diagnostics import DiagnosticSink
from .knobs import iter_knobs, literal_value


def check_control(protocol: ast.ProtocolDef, sink: DiagnosticSink) -> None:
    knobs = {knob.name: knob for knob in iter_knobs(protocol.body)}
    _check_statements(protocol.body, sink, knobs=knobs)
    returns = [s for s in protocol.body if isinstance(s, ast.Return)]
    if not returns:
        nested_return = any(
            isinstance(stmt, ast.Return) and depth > 0
            for stmt, depth in ast.walk_statements(protocol.body)
        )
        if not nested_return:  # else already reported as M0504
            sink.error(
                "M0502",
                f"protocol '{protocol.name}' never returns a value",
                protocol.name_span,
                help="end the protocol with: return NAME",
            )
        return
    first = protocol.body.index(returns[0])
    for stmt in protocol.body[first + 1 :]:
        sink.error(
            "M0503",
            "statement after return never runs",
            stmt.span,
            help="move the return to the end of the protocol",
        )


def _check_statements(
    body: tuple[ast.Stmt, ...], sink: DiagnosticSink, knobs: dict[str, ast.Knob]
) -> None:
    for stmt, depth in ast.walk_statements(body):
        in_repeat = depth > 0
        if isinstance(stmt, ast.Stop) and not in_repeat:
            sink.error(
                "M0501",
                "stop when is only allowed inside a repeat",
                stmt.span,
                help="wrap the steps in repeat N { ... } or remove the stop when",
            )
        elif isinstance(stmt, ast.Return) and in_repeat:
            sink.error(
                "M0504",
                "return inside a repeat",
                stmt.span,
                help="leave the loop with stop when COND, and return after the repeat",
            )
        elif isinstance(stmt, ast.Repeat):
            is_constant, count = literal_value(stmt.times)
            if is_constant and isinstance(count, int) and not isinstance(count, bool) and count < 1:
                sink.error("M0505", f"repeat {count} never runs its body", stmt.times.span)
            elif isinstance(stmt.times, ast.Name) and stmt.times.id in knobs:
                low = _smallest_value(knobs[stmt.times.id])
                if isinstance(low, int) and low < 1:  # a float is a type error
                    sink.error(
                        "M0505",
                        f"knob '{stmt.times.id}' allows {low} rounds, "
                        "and the repeat would never run its body",
                        stmt.times.span,
                        help=f"make every value of knob '{stmt.times.id}' at least 1",
                    )


def _smallest_value(knob: ast.Knob) -> int | float | None:
    """The smallest number a knob can take, if its space is numeric."""
    if isinstance(knob.space, ast.RangeSpace):
        return knob.space.low
    numbers = [
        value
        for is_constant, value in map(literal_value, knob.space.values)
        if is_constant and isinstance(value, int | float) and not isinstance(value, bool)
    ]
    return min(numbers) if numbers else None
