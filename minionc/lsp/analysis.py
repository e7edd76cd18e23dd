"""What the compiler says about one document's text.

The diagnostics are exactly those of `minionc check` (compile_source, the
pipeline's entry for text). The checker keeps what it learned (types) only for
the protocol that runs, so each other protocol of the file is checked again as
the entry; each one that compiles is lowered and estimated (compiler/estimate.py,
default assumptions), so hover can show any step's placement and tokens per
call. Then the index (index.py) records every name. Nothing here raises for
anything in the text: the parser and the checker never do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from minionc.compiler import ast
from minionc.compiler.check import check_program
from minionc.compiler.checked import CheckedProgram, Symbols
from minionc.compiler.checks.declarations import check_declarations
from minionc.compiler.diagnostics import Diagnostic, DiagnosticSink, source_lines
from minionc.compiler.estimate import estimate_plan
from minionc.compiler.lower import lower_program
from minionc.compiler.pipeline import compile_source
from minionc.compiler.plan import Plan

from .index import Index, build_index

__all__ = ["Analysis", "ProtocolFacts", "analyze", "for_completion", "readable"]


@dataclass(frozen=True)
class ProtocolFacts:
    node: ast.ProtocolDef
    checked: CheckedProgram | None  # None for a second protocol of the same name
    plan: Plan | None  # lowered, with its estimate; None while the file has errors


@dataclass(frozen=True)
class Analysis:
    text: str
    path: str
    lines: list[str]  # as the compiler numbers them (split at \n only)
    diagnostics: list[Diagnostic]
    program: ast.Program | None  # None when the text does not parse
    symbols: Symbols | None
    protocols: tuple[ProtocolFacts, ...]
    index: Index

    def facts(self, protocol: ast.ProtocolDef | None) -> ProtocolFacts | None:
        return next((f for f in self.protocols if f.node is protocol), None)


def analyze(text: str, path: str) -> Analysis:
    result = compile_source(text, path)
    lines = source_lines(text)
    program = result.program
    if program is None:
        return Analysis(text, path, lines, result.diagnostics, None, None, (), Index())
    # What the checker reports was reported above; these sinks only keep it quiet.
    symbols = check_declarations(program, DiagnosticSink(path))
    facts: list[ProtocolFacts] = []
    for protocol in program.protocols:
        checked: CheckedProgram | None
        if result.checked is not None and result.checked.protocol is protocol:
            checked, plan = result.checked, result.plan
        else:
            sink = DiagnosticSink(path)
            checked = check_program(program, text, sink, entry=protocol.name)
            if checked is not None and checked.protocol is not protocol:
                checked = None  # a duplicate: the entry of that name is the first
            plan = lower_program(checked) if checked is not None and not sink.has_errors else None
        facts.append(ProtocolFacts(protocol, checked, estimate_plan(plan) if plan else None))
    by_protocol = {id(f.node): f.checked for f in facts if f.checked is not None}
    index = build_index(program, symbols, lines, by_protocol)
    return Analysis(text, path, lines, result.diagnostics, program, symbols, tuple(facts), index)


def for_completion(
    current: Analysis, line: int, column: int, last_parsed: Analysis | None
) -> Analysis | None:
    """The analysis to complete names from at 0-based (`line`, `column`).
    Half-typed text rarely parses (`x = decision.`), so the first of these that
    parses: the text as it is; without what is being typed (the word before the
    cursor and a `.` or `@` before it: `x = decision`), earlier positions
    unchanged; with that line blanked; `readable(current)`; else the last version
    of the document that parsed (its positions may be a little off)."""
    if current.program is not None:
        return current
    lines = current.text.split("\n")
    if 0 <= line < len(lines):
        typed = lines[line]
        unfinished = re.search(r"[.@]?\s*\w*$", typed[:column])
        start = unfinished.start() if unfinished is not None else column
        for repaired_line in (typed[:start] + typed[column:], _blank(typed)):
            repaired = _with_line(current, lines, line, repaired_line)
            if repaired.program is not None:
                return repaired
    return readable(current) or last_parsed


def readable(current: Analysis) -> Analysis | None:
    """An analysis to read names and the outline from while the text does not
    parse: the text with the line of the syntax error blanked, failing that the
    line before it too (a statement left unfinished there is often reported at
    the next token); every other position unchanged. None if neither parses."""
    if current.program is not None:
        return current
    if not current.diagnostics:
        return None
    lines = current.text.split("\n")
    error_line = current.diagnostics[0].span.line - 1
    blanked = list(lines)
    for line in (error_line, error_line - 1):
        if not 0 <= line < len(lines):
            continue
        blanked[line] = _blank(lines[line])
        repaired = analyze("\n".join(blanked), current.path)
        if repaired.program is not None:
            return repaired
    return None


def _blank(line: str) -> str:
    """The line as spaces (a \r kept), so no other position moves."""
    return re.sub(r"[^\r]", " ", line)


def _with_line(current: Analysis, lines: list[str], line: int, replacement: str) -> Analysis:
    return analyze("\n".join([*lines[:line], replacement, *lines[line + 1 :]]), current.path)
