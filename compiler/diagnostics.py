"""Diagnostics: stable codes, source spans, and rendering with a caret.

Every error a user can cause is a `Diagnostic`; nothing in the compiler raises a
Python exception for a user's mistake. Codes are stable: tests and users rely on
them, so a code is never reused for a different meaning.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True, order=True)
class Span:
    """A region of source text; lines and columns are 1-based, end is exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int

    @staticmethod
    def point(line: int, column: int) -> Span:
        return Span(line, column, line, column + 1)


UNKNOWN_SPAN = Span(1, 1, 1, 2)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


# code -> (title, default help). The title names the rule; the help says how to fix it.
CODES: dict[str, tuple[str, str]] = {
    # syntax
    "M0001": ("syntax error", "check the line for a missing or extra token"),
    "M0002": ("unterminated string", 'close the string with " (or """ for a multi-line one)'),
    "M0003": ("invalid escape in string", r"use one of \\ \" \n \t \r, or write the character"),
    "M0004": ("unexpected character", "remove the character or put it inside a string"),
    "M0005": ("cannot read file", "check the path and that the file is UTF-8 text"),
    "M0006": (
        "string or template too long",
        "pass long text as an input (a document) instead of writing it into the program",
    ),
    # names
    "M0101": ("unknown name", "define the name before using it, or fix its spelling"),
    "M0102": ("unknown type", "use str, doc, int, float, bool, list[T], T? or a declared type"),
    "M0103": ("unknown field", "use one of the record's fields"),
    "M0104": ("unknown function or prompt", "declare a prompt with this name or use a builtin"),
    "M0105": ("unknown placement", "use @local, @remote, @auto or a role from the models block"),
    "M0106": ("duplicate definition", "rename one of the two definitions"),
    "M0107": ("unknown tier", "a role is bound to local or remote"),
    "M0108": ("unknown option", "remove the option or fix its spelling"),
    # types
    "M0201": ("type mismatch", "pass a value of the expected type"),
    "M0202": ("field access on a value that is not a record", "access fields of records only"),
    "M0203": ("missing argument", "pass every parameter the prompt or function declares"),
    "M0204": ("unexpected argument", "remove the argument or add a parameter for it"),
    "M0205": ("not a list", "iterate over a list"),
    "M0206": ("wrong number of type arguments", "write list[T] with exactly one type"),
    "M0207": ("a private marker on a prompt parameter", "mark protocol inputs private"),
    # templates
    "M0301": ("template variable is not a parameter", "add a parameter or fix the variable name"),
    "M0302": ("template syntax error", "fix the Jinja2 syntax of the template"),
    "M0303": ("parameter not used in the template", "use the parameter or remove it"),
    "M0304": (
        "template construct not allowed",
        "templates read their parameters and their public fields only; no names "
        "starting with '_', no loading other templates, no Jinja2 globals but range and loop",
    ),
    # knobs
    "M0401": ("knob default outside its space", "pick a default inside the space"),
    "M0402": (
        "invalid knob space",
        "write [v1, v2, ...] of one type, or LOW..HIGH with LOW <= HIGH",
    ),
    # control flow
    "M0501": ("stop when outside repeat", "put the stop when inside a repeat block"),
    "M0502": ("protocol does not return", "end the protocol with return EXPR"),
    "M0503": ("statement after return", "move the return to the end of the protocol"),
    "M0504": ("return inside repeat", "use stop when to leave a repeat; return after it"),
    "M0505": ("repeat count must be at least 1", "use a positive count"),
    # budgets
    "M0601": ("budget on an undefined tier", "use local, remote or a role from the models block"),
    "M0602": (
        "unknown budget metric",
        "use tokens, prompt_tokens, completion_tokens, calls or usd",
    ),
    "M0603": ("budget limit must be positive", "use a limit above zero"),
    # privacy
    "M0701": ("private data reaches a remote step", "wrap the value in share(...) to allow it"),
    "M0702": ("share of a value that holds no private data", "remove the share"),
    "M0703": (
        "private data sets an option of a remote step",
        "write OPTION: share VALUE to allow it, or use a value that does not depend on "
        "private data",
    ),
    "M0704": (
        "private data decides whether or how often a remote step runs",
        "share the value that controls it (repeat share n, stop when share x, "
        "for c in share xs, or the value a cascade or route decides from), or keep the "
        "step local",
    ),
    # LLM steps
    "M0801": ("LLM call without a placement", "add @local, @remote, @auto or @ROLE after the call"),
    "M0802": ("placement on something that is not an LLM call", "remove the placement"),
    "M0803": ("invalid cascade", "every tier but the last needs agree: K (1 <= K <= samples)"),
    "M0804": ("invalid route", "give a policy and at least two tiers"),
    "M0805": ("prompt called outside a step", "bind the LLM call to a name: x = prompt(...) @tier"),
    # program structure
    "M0901": ("no protocol to run", "declare a protocol, or pass --protocol NAME"),
    "M0902": ("several protocols and no entry chosen", "name one main, or pass --protocol NAME"),
}


@dataclass(frozen=True)
class Diagnostic:
    code: str
    message: str
    span: Span
    path: str
    help: str | None = None
    severity: Severity = Severity.ERROR
    notes: tuple[str, ...] = field(default=())

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def to_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "path": self.path,
            "line": self.span.line,
            "column": self.span.column,
            "end_line": self.span.end_line,
            "end_column": self.span.end_column,
            "help": self.help_text,
            "notes": list(self.notes),
        }

    @property
    def help_text(self) -> str:
        return self.help or CODES[self.code][1]


def source_lines(text: str) -> list[str]:
    """The lines of `text` as the parser numbers them: split at \\n only.

    `str.splitlines` also splits at \\r, \\f, \\x1c, \\u2028 and others, which would
    shift every later line number against the parser's."""
    return [line.removesuffix("\r") for line in text.split("\n")]


def render(diagnostic: Diagnostic, source_text: str | None) -> str:
    """Render as `path:line:col: error[M0101]: message`, the source line and a caret."""
    span = diagnostic.span
    head = (
        f"{diagnostic.path}:{span.line}:{span.column}: "
        f"{diagnostic.severity.value}[{diagnostic.code}]: {diagnostic.message}"
    )
    out = [head]
    lines = source_lines(source_text) if source_text is not None else []
    if 1 <= span.line <= len(lines):
        text = lines[span.line - 1].expandtabs(1)
        gutter = str(span.line)
        pad = " " * len(gutter)
        width = (
            max(1, span.end_column - span.column)
            if span.end_line == span.line
            else max(1, len(text) - span.column + 1)
        )
        out.append(f"{pad} |")
        out.append(f"{gutter} | {text}")
        out.append(f"{pad} | {' ' * (span.column - 1)}{'^' * width}")
    for note in diagnostic.notes:
        out.append(f"  = note: {note}")
    out.append(f"  = help: {diagnostic.help_text}")
    return "\n".join(out)


def closest(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate nearest to `name` by edit distance, if near enough to be a typo."""
    best: tuple[int, str] | None = None
    for candidate in sorted(set(candidates)):
        distance = _edit_distance(name.lower(), candidate.lower())
        if best is None or distance < best[0]:
            best = (distance, candidate)
    if best is None:
        return None
    limit = max(1, len(name) // 3)
    return best[1] if best[0] <= limit else None


def did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    suggestion = closest(name, candidates)
    return f"did you mean '{suggestion}'?" if suggestion else None


def _edit_distance(a: str, b: str) -> int:
    """Edits (insert, delete, replace, swap two neighbours) that turn `a` into `b`;
    a swap counts once, since `aks` for `ask` is one slip of the fingers."""
    before_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                cost = min(cost, before_previous[j - 2] + 1)
            current.append(cost)
        before_previous, previous = previous, current
    return previous[-1]


class DiagnosticSink:
    """Collects diagnostics for one file; passes append, never raise."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.items: list[Diagnostic] = []

    def error(
        self,
        code: str,
        message: str,
        span: Span,
        help: str | None = None,
        notes: tuple[str, ...] = (),
    ) -> None:
        assert code in CODES, code
        self.items.append(Diagnostic(code, message, span, self.path, help, Severity.ERROR, notes))

    def warning(self, code: str, message: str, span: Span, help: str | None = None) -> None:
        assert code in CODES, code
        self.items.append(Diagnostic(code, message, span, self.path, help, Severity.WARNING))

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.items)
