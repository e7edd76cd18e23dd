"""Helpers for the compiler's tests: small programs around a few statements, and a
marker that says where a diagnostic's caret must point."""

from __future__ import annotations

from minionc.compiler.diagnostics import Diagnostic
from minionc.compiler.pipeline import CompileResult, compile_source

# Where the caret of the expected diagnostic points; removed before compiling.
MARK = "»"

HEADER = '''\
models { worker = local  boss = remote }
type Finding { answer: str?  score: int }
type Label = "up" | "down"
prompt ask(question: str) -> str """{{ question }}"""
prompt find(chunk: str, task: str) -> Finding """{{ chunk }} {{ task }}"""
prompt judge(text: str) -> Label """{{ text }}"""
'''


def protocol(
    body: str, params: str = "question: str, doc: private doc", output: str = "str"
) -> str:
    """HEADER, then `protocol main(params) -> output { body }` with body indented."""
    lines = "\n".join(f"  {line}" if line else "" for line in body.strip("\n").split("\n"))
    return f"{HEADER}protocol main({params}) -> {output} {{\n{lines}\n}}\n"


def unmark(text: str) -> tuple[str, tuple[int, int]]:
    """Remove the one MARK from `text`; return the text and the MARK's (line, column)."""
    assert text.count(MARK) == 1, "a test program needs exactly one marker"
    before = text[: text.index(MARK)]
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    return text.replace(MARK, ""), (line, column)


def compile_text(text: str, path: str = "t.minion", **kwargs: object) -> CompileResult:
    return compile_source(text, path, **kwargs)  # type: ignore[arg-type]


def codes(result: CompileResult) -> list[str]:
    return [d.code for d in result.diagnostics]


def position(d: Diagnostic) -> tuple[int, int]:
    return d.span.line, d.span.column
