"""The compiler pipeline: read -> parse -> check -> lower. One function per pass,
each in its own module; this module only strings them together."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import ast
from .checked import CheckedProgram
from .diagnostics import Diagnostic, DiagnosticSink, Span
from .parse import parse_source
from .plan import Plan


@dataclass
class CompileResult:
    path: str
    source_text: str | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    program: ast.Program | None = None
    checked: CheckedProgram | None = None
    plan: Plan | None = None

    @property
    def ok(self) -> bool:
        return self.plan is not None and not any(d.is_error for d in self.diagnostics)


def read_source(path: str | Path, sink: DiagnosticSink) -> str | None:
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        sink.error("M0005", f"no such file: {path}", Span(1, 1, 1, 2))
    except IsADirectoryError:
        sink.error("M0005", f"{path} is a directory, not a .minion file", Span(1, 1, 1, 2))
    except UnicodeDecodeError as error:
        sink.error("M0005", f"{path} is not UTF-8 text ({error.reason})", Span(1, 1, 1, 2))
    except OSError as error:
        sink.error("M0005", f"cannot read {path}: {error.strerror}", Span(1, 1, 1, 2))
    return None


def compile_source(text: str, path: str, *, protocol: str | None = None) -> CompileResult:
    """Parse, check and lower `text`. Never raises for a user's mistake: problems
    are in `result.diagnostics`, and `result.plan` is None if there were errors."""
    from .check import check_program
    from .lower import lower_program

    sink = DiagnosticSink(path)
    result = CompileResult(path, text, sink.items)
    program = parse_source(text, path, sink)
    result.program = program
    if program is None:
        return result
    checked = check_program(program, text, sink, entry=protocol)
    result.checked = checked
    if checked is None or sink.has_errors:
        return result
    result.plan = lower_program(checked)
    return result


def compile_file(path: str | Path, *, protocol: str | None = None) -> CompileResult:
    sink = DiagnosticSink(str(path))
    text = read_source(path, sink)
    if text is None:
        return CompileResult(str(path), None, sink.items)
    return compile_source(text, str(path), protocol=protocol)
