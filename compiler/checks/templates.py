"""Check: prompt templates and few-shot examples.

Uses Jinja2's own parser and AST: a template variable that is not a parameter, a
field a record parameter does not have, a syntax error, an unused parameter; and
examples whose arguments or output do not fit the prompt's signature.
"""

from __future__ import annotations

from collections.abc import Callable

import jinja2
from jinja2 import nodes

from .. import ast
from ..checked import Symbols
from ..diagnostics import DiagnosticSink, Span, closest, did_you_mean, source_lines
from ..template_rules import (
    JINJA_GLOBALS,
    MAX_TEMPLATE_CHARS,
    PARSE_ENV,
    TEMPLATE_GLOBALS,
    parse_template,
    undeclared_names,
    unknown_filter_or_test,
    unsafe_constructs,
)
from ..types import RecordType, Type, assignable, show, strip_optional


def _template_line(template: ast.Template, line: int) -> int:
    """The source line of line `line` (1-based) of a template, kept inside the
    string literal: escapes such as \\n or a backslash at the end of a line make
    the template's lines differ from the source's."""
    first = max(template.span.line, min(template.first_line, template.span.end_line))
    return max(template.span.line, min(first + line - 1, template.span.end_line))


def template_source_span(
    template: ast.Template, source_lines: list[str], line: int, name: str
) -> Span:
    """Map line `line` of a template (1-based) and a variable name to a source span."""
    source_line = _template_line(template, line)
    # Search the expected line first, then the rest of the literal.
    candidates = [
        source_line,
        *range(template.span.line, template.span.end_line + 1),
    ]
    for candidate in candidates:
        if not 1 <= candidate <= len(source_lines):
            continue
        text = source_lines[candidate - 1]
        low = template.span.column - 1 if candidate == template.span.line else 0
        high = template.span.end_column - 1 if candidate == template.span.end_line else len(text)
        found = text.find(name, low, high) if name else -1
        if found >= 0:
            return Span(candidate, found + 1, candidate, found + 1 + len(name))
    return Span.point(template.span.line, template.span.column)


def _line_span(template: ast.Template, source_lines: list[str], line: int) -> Span:
    """The text of line `line` of a template, in the source, without its indent."""
    source_line = _template_line(template, line)
    if not 1 <= source_line <= len(source_lines):
        return Span.point(template.span.line, template.span.column)
    text = source_lines[source_line - 1]
    start = len(text) - len(text.lstrip())
    if source_line == template.span.line:
        start = max(start, template.span.column - 1)
    end = len(text)
    if source_line == template.span.end_line:
        end = min(end, template.span.end_column - 1)
    return Span(source_line, start + 1, source_line, max(start + 2, end + 1))


def check_template(
    template: ast.Template,
    params: dict[str, Type],
    source_lines: list[str],
    sink: DiagnosticSink,
    owner: str,
) -> set[str]:
    """Report template problems; return the parameter names the template uses."""
    if len(template.text) > MAX_TEMPLATE_CHARS:
        sink.error(
            "M0006",
            f"template of {owner} is {len(template.text):,} characters long; "
            f"the limit is {MAX_TEMPLATE_CHARS:,}",
            Span.point(template.span.line, template.span.column),
            help="pass long text as an input (a document) instead of writing it into the program",
        )
        return set(params)
    try:
        tree = parse_template(template.text)
        unknown_filter = unknown_filter_or_test(tree)
        used = undeclared_names(tree) if unknown_filter is None else set()  # compiles it
    except jinja2.TemplateSyntaxError as error:  # includes TemplateAssertionError
        span = _line_span(template, source_lines, error.lineno or 1)
        sink.error("M0302", f"template of {owner}: {error.message}", span)
        return set(params)  # do not also report every parameter as unused
    except RecursionError:  # Jinja2 parses and compiles recursively
        sink.error(
            "M0302",
            f"template of {owner} nests too deeply for Jinja2",
            Span.point(template.span.line, template.span.column),
            help="split the template's expressions into simpler ones",
        )
        return set(params)
    unsafe = unsafe_constructs(tree)
    for finding in unsafe:
        sink.error(
            "M0304",
            f"template of {owner}: {finding.message}",
            template_source_span(template, source_lines, finding.line, finding.name),
            help=finding.help,
        )
    if unknown_filter is not None:
        kind, name, lineno = unknown_filter
        known = PARSE_ENV.filters if kind == "filter" else PARSE_ENV.tests
        sink.error(
            "M0302",
            f"template of {owner}: no {kind} named '{name}'",
            template_source_span(template, source_lines, lineno, name),
            help=did_you_mean(name, known) or f"use one of Jinja2's built-in {kind}s",
        )
        return set(params)
    first_use = _first_line_of_names(tree)
    unknown = sorted(used - set(params) - TEMPLATE_GLOBALS)
    suggested: set[str] = set()
    for name in unknown:
        span = template_source_span(template, source_lines, first_use.get(name, 1), name)
        suggestion = closest(name, params)
        if suggestion is not None:
            suggested.add(suggestion)
        if name in JINJA_GLOBALS:
            sink.error(
                "M0304",
                f"template of {owner} uses Jinja2's global '{name}', which templates do not have",
                span,
                help="a template reads its parameters, range(...) and loop; "
                "compute anything else in the protocol and pass it in",
            )
            continue
        sink.error(
            "M0301",
            f"template of {owner} uses '{name}', which is not a parameter",
            span,
            help=did_you_mean(name, params)
            or f"add a parameter '{name}' to {owner}, or remove it from the template",
        )
    for node in tree.find_all(nodes.Getattr):
        if isinstance(node.node, nodes.Name) and node.node.name in params:
            record = strip_optional(params[node.node.name])
            if isinstance(record, RecordType) and record.field(node.attr) is None:
                span = template_source_span(template, source_lines, node.lineno, node.attr)
                fields = [n for n, _ in record.fields]
                sink.error(
                    "M0103",
                    f"template of {owner}: record {record.name} has no field '{node.attr}'",
                    span,
                    help=did_you_mean(node.attr, fields) or f"fields: {', '.join(fields)}",
                )
    # A misspelt variable is one mistake: do not also call its parameter unused.
    return (used | suggested) & set(params)


def _first_line_of_names(tree: nodes.Template) -> dict[str, int]:
    lines: dict[str, int] = {}
    for node in tree.find_all(nodes.Name):
        if node.ctx == "load" and node.name not in lines:
            lines[node.name] = node.lineno
    return lines


ExprTyper = Callable[[ast.Expr], Type]


def check_templates(
    program: ast.Program,
    symbols: Symbols,
    source_text: str,
    sink: DiagnosticSink,
    type_constant: ExprTyper,
) -> None:
    """Check every prompt's template and examples. `type_constant` types an
    expression in an empty scope (examples hold literals only)."""
    lines = source_lines(source_text)
    for prompt in program.prompts:
        signature = symbols.prompts.get(prompt.name)
        if signature is None or signature.node is not prompt:
            continue
        params = dict(signature.params)
        used = check_template(prompt.template, params, lines, sink, f"prompt '{prompt.name}'")
        for param in prompt.params:
            if param.name not in used:
                sink.warning(
                    "M0303",
                    f"parameter '{param.name}' of prompt '{prompt.name}' "
                    "is not used in its template",
                    param.span,
                    help=f"write {{{{ {param.name} }}}} in the template, or remove the parameter",
                )
        for example in prompt.examples:
            _check_example(example, prompt, params, signature.output, sink, type_constant)


def _check_example(
    example: ast.Example,
    prompt: ast.PromptDef,
    params: dict[str, Type],
    output: Type,
    sink: DiagnosticSink,
    type_constant: ExprTyper,
) -> None:
    given: set[str] = set()
    for kwarg in example.args:
        if kwarg.name in given:
            sink.error("M0204", f"example gives '{kwarg.name}' twice", kwarg.span)
            continue
        given.add(kwarg.name)
        if kwarg.name not in params:
            sink.error(
                "M0204",
                f"prompt '{prompt.name}' has no parameter '{kwarg.name}'",
                kwarg.span,
                help=did_you_mean(kwarg.name, params),
            )
            continue
        if not _is_constant(kwarg.value, sink):
            continue
        value_type = type_constant(kwarg.value)
        if not assignable(value_type, params[kwarg.name]):
            sink.error(
                "M0201",
                f"example value for '{kwarg.name}' is {show(value_type)}, "
                f"but the parameter is {show(params[kwarg.name])}",
                kwarg.value.span,
            )
    missing = [name for name in params if name not in given]
    if missing:
        sink.error(
            "M0203",
            f"example of prompt '{prompt.name}' is missing {', '.join(repr(m) for m in missing)}",
            example.span,
        )
    if not _is_constant(example.output, sink):
        return
    output_type = type_constant(example.output)
    if not assignable(output_type, output):
        sink.error(
            "M0201",
            f"example output is {show(output_type)}, "
            f"but prompt '{prompt.name}' returns {show(output)}",
            example.output.span,
            help=_record_help(output),
        )


def _is_constant(expr: ast.Expr, sink: DiagnosticSink) -> bool:
    """Examples are data written into the plan: literals, negative numbers, and
    lists and records of those. Report the first part that is not."""
    match expr:
        case ast.Literal():
            return True
        case ast.Unary("-", ast.Literal(value)) if isinstance(value, int | float) and not (
            isinstance(value, bool)
        ):
            return True
        case ast.ListLiteral(items):
            return all(_is_constant(item, sink) for item in items)
        case ast.RecordLiteral(fields):
            return all(_is_constant(field.value, sink) for field in fields)
    sink.error(
        "M0201",
        "an example holds constants only",
        expr.span,
        help="write the value itself: a string, a number, true/false/none, [...] or {name: ...}",
    )
    return False


def _record_help(output: Type) -> str | None:
    record = strip_optional(output)
    if isinstance(record, RecordType):
        fields = ", ".join(f"{n}: {show(t)}" for n, t in record.fields)
        return f"write the output as {{{fields}}}; optional fields may be none or left out"
    return None
