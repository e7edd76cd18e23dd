"""Check: control flow. `stop when` only inside a repeat; a protocol ends with
exactly one `return`, at top level, with nothing after it; repeat counts >= 1."""

from __future__ import annotations

from .. import ast
from ..diagnostics import DiagnosticSink
from .knobs import literal_value


def check_control(protocol: ast.ProtocolDef, sink: DiagnosticSink) -> None:
    _check_block(protocol.body, sink, in_repeat=False)
    returns = [s for s in protocol.body if isinstance(s, ast.Return)]
    if not returns:
        if not _has_nested_return(protocol.body):  # else already reported as M0504
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


def _check_block(body: tuple[ast.Stmt, ...], sink: DiagnosticSink, in_repeat: bool) -> None:
    for stmt in body:
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
            _check_block(stmt.body, sink, in_repeat=True)
        elif isinstance(stmt, ast.Knob) and in_repeat:
            pass  # knobs are declarations; they may sit anywhere


def _has_nested_return(body: tuple[ast.Stmt, ...]) -> bool:
    """Whether a repeat in `body` contains a return (at any depth)."""
    return any(isinstance(s, ast.Repeat) and _contains_return(s.body) for s in body)


def _contains_return(body: tuple[ast.Stmt, ...]) -> bool:
    return any(isinstance(s, ast.Return) for s in body) or _has_nested_return(body)
