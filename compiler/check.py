"""Pass 2: AST -> checked program. Runs the validations of compiler/checks/ in
order; each reports into the sink and none stops the others, so one run shows
every independent error."""

from __future__ import annotations

from . import ast
from .checked import CheckedProgram, Symbols
from .checks.budgets import check_budgets
from .checks.control import check_control
from .checks.declarations import check_declarations, resolve_type
from .checks.entry import choose_entry
from .checks.expr_types import ExprTyper
from .checks.knobs import check_knobs
from .checks.names_and_types import ProtocolTyper
from .checks.privacy import check_privacy
from .checks.templates import check_templates
from .diagnostics import DiagnosticSink, source_lines
from .types import Type


def check_program(
    program: ast.Program, source_text: str, sink: DiagnosticSink, entry: str | None = None
) -> CheckedProgram | None:
    """Check `program`; return what was learned about its entry protocol, or None
    when there is no protocol to run. Diagnostics go to `sink`."""
    symbols = check_declarations(program, sink)
    lines = source_lines(source_text)

    def type_constant(expr: ast.Expr) -> Type:
        typer = ExprTyper(symbols, sink, lines, {}, {})
        return typer.type_expr(expr)

    check_templates(program, symbols, source_text, sink, type_constant)
    chosen = choose_entry(program, entry, sink)
    checked: CheckedProgram | None = None
    for protocol in program.protocols:
        result = _check_protocol(program, protocol, symbols, source_text, sink)
        if protocol is chosen:
            checked = result
    return checked


def _check_protocol(
    program: ast.Program,
    protocol: ast.ProtocolDef,
    symbols: Symbols,
    source_text: str,
    sink: DiagnosticSink,
) -> CheckedProgram:
    input_types: dict[str, Type] = {}
    for param in protocol.params:
        if param.name in input_types:
            sink.error("M0106", f"input '{param.name}' is defined twice", param.span)
            continue
        input_types[param.name] = resolve_type(param.type, symbols, sink)
    output_type = resolve_type(protocol.output, symbols, sink)
    knob_types = check_knobs(protocol, sink)
    check_budgets(protocol, symbols, sink)
    check_control(protocol, sink)

    typer = ProtocolTyper(symbols, sink, source_lines(source_text), input_types, knob_types)
    typer.check_body(protocol.body)
    for stmt in protocol.body:
        if isinstance(stmt, ast.Return):
            typer.expect(
                typer.result.expr_types[id(stmt)],
                output_type,
                stmt.value.span,
                f"the result of protocol '{protocol.name}'",
            )
    checked = CheckedProgram(
        program=program,
        source_text=source_text,
        protocol=protocol,
        symbols=symbols,
        input_types=input_types,
        output_type=output_type,
        knob_types=knob_types,
        binding_types=typer.result.binding_types,
        expr_types=typer.result.expr_types,
        private_inputs=tuple(p.name for p in protocol.params if p.private),
        carried=typer.result.carried,
    )
    # The privacy rule reads the plan the protocol lowers to, so it runs once the
    # program is otherwise sound (a program with errors has no plan to read).
    if not sink.has_errors:
        privacy = check_privacy(checked, sink)
        checked.private_flows = privacy.flows
        checked.local_only = privacy.local_only
    return checked
