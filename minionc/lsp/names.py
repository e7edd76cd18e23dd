"""The names of a `.minion` program, as the index (index.py) records them:
definitions (what a name is, where it is written, its type), occurrences (a
name as written somewhere, with the definition it stands for), and where each
protocol-level name is in scope. Plain data, with the lookups hover, go to
definition and completion need.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from minionc.compiler import ast
from minionc.compiler.builtins import BUILTINS, PLACEMENT_KEYWORDS
from minionc.compiler.diagnostics import Span
from minionc.compiler.types import PRIMITIVES, Type

__all__ = [
    "BUILTIN_FUNCTIONS",
    "BUILTIN_PLACEMENTS",
    "BUILTIN_TYPES",
    "LIST_TYPE",
    "Definition",
    "Index",
    "Kind",
    "Occurrence",
    "Visible",
    "contains",
]


class Kind(StrEnum):
    """What a name is; the value is how hover names it."""

    ROLE = "role"
    PLACEMENT = "placement"  # local, remote, auto: built in
    RECORD = "record type"
    ENUM = "enum type"
    FIELD = "field"
    PRIMITIVE = "built-in type"
    PROMPT = "prompt"
    PARAMETER = "parameter"  # of a prompt
    PROTOCOL = "protocol"
    INPUT = "input"  # of a protocol
    KNOB = "knob"
    BINDING = "binding"
    ITERATOR = "loop variable"
    ITEM = "item"  # `it` in `keep ... where`
    BUILTIN = "builtin"


@dataclass(frozen=True, eq=False)
class Definition:
    """One named thing. Compared by identity: two definitions of one name (a
    duplicate the checker reports) are two definitions."""

    kind: Kind
    name: str
    span: Span | None  # where its name is written; None for what is built in
    # The type of its value (of a record or enum type: the type it declares);
    # None where there is none or the checker could not tell.
    type: Type | None = None
    owner: str | None = None  # the record, prompt or protocol it belongs to
    node: object | None = None  # the AST node that declares it
    private: bool = False  # a private protocol input


@dataclass(frozen=True)
class Occurrence:
    """A name as written at `span`, standing for `definition`."""

    span: Span
    definition: Definition
    protocol: ast.ProtocolDef | None = None
    # The statement whose step this name binds (`x = ...`) or places (`@worker`):
    # hover shows where that step runs and what it costs.
    statement: ast.Assign | ast.Return | None = None


@dataclass(frozen=True)
class Visible:
    """`definition` is in scope from `start` to `end`, both included."""

    definition: Definition
    start: tuple[int, int]
    end: tuple[int, int]


def contains(span: Span, line: int, column: int) -> bool:
    """Whether 1-based (line, column) is inside `span` or just after its end (the
    cursor right after a word is on the word)."""
    return (span.line, span.column) <= (line, column) <= (span.end_line, span.end_column)


@dataclass
class Index:
    occurrences: list[Occurrence] = field(default_factory=list)
    # Top-level names: roles, types, prompts, protocols (the first of duplicates).
    globals: dict[str, Definition] = field(default_factory=dict)
    # Where inputs, knobs, bindings, loop variables and `keep` items are in scope.
    visible: list[Visible] = field(default_factory=list)

    def at(self, line: int, column: int) -> Occurrence | None:
        """The occurrence under 1-based (line, column), if any: one the position
        is inside beats one it just follows (`a.b` with the cursor before `.b`
        is on `a`); of nested ones, the innermost."""
        inside = [o for o in self.occurrences if contains(o.span, line, column)]
        if not inside:
            return None

        def rank(occurrence: Occurrence) -> tuple[bool, tuple[int, int]]:
            span = occurrence.span
            strictly = (line, column) < (span.end_line, span.end_column)
            return strictly, (span.line, span.column)

        return max(inside, key=rank)

    def in_scope(self, line: int, column: int) -> list[Definition]:
        """The protocol-level names (inputs, knobs, bindings, loop variables, a
        `keep` item's fields) in scope at 1-based (line, column), innermost first
        where two share a name."""
        found: dict[str, tuple[tuple[int, int], Definition]] = {}
        for visible in self.visible:
            if visible.start <= (line, column) <= visible.end:
                name = visible.definition.name
                if name not in found or found[name][0] < visible.start:
                    found[name] = (visible.start, visible.definition)
        return [definition for _, definition in found.values()]


# What is built in: the same objects for every document.
BUILTIN_FUNCTIONS = {name: Definition(Kind.BUILTIN, name, None) for name in BUILTINS}
BUILTIN_PLACEMENTS = {name: Definition(Kind.PLACEMENT, name, None) for name in PLACEMENT_KEYWORDS}
BUILTIN_TYPES = {name: Definition(Kind.PRIMITIVE, name, None, t) for name, t in PRIMITIVES.items()}
LIST_TYPE = Definition(Kind.PRIMITIVE, "list", None)
