"""The typed syntax tree of a .minion program. Every node carries its source span.

Nodes are frozen dataclasses; equality includes the span, so two nodes are equal
only if they are the same source text at the same place, which lets later passes
key tables by node.
"""

from __future__ import annotations

from collections import abc
from dataclasses import dataclass

from .diagnostics import Span

# ---- types -----------------------------------------------------------------


@dataclass(frozen=True)
class TypeRef:
    name: str
    args: tuple[TypeRef, ...]
    optional: bool
    span: Span


@dataclass(frozen=True)
class FieldDef:
    name: str
    type: TypeRef
    span: Span


@dataclass(frozen=True)
class RecordDef:
    name: str
    fields: tuple[FieldDef, ...]
    span: Span


@dataclass(frozen=True)
class EnumDef:
    name: str
    values: tuple[str, ...]
    span: Span


# ---- models ----------------------------------------------------------------


@dataclass(frozen=True)
class RoleDef:
    name: str
    tier: str
    model: str | None
    span: Span
    tier_span: Span


@dataclass(frozen=True)
class ModelsDef:
    roles: tuple[RoleDef, ...]
    span: Span


# ---- expressions -----------------------------------------------------------


@dataclass(frozen=True)
class Name:
    id: str
    span: Span


@dataclass(frozen=True)
class Literal:
    value: str | int | float | bool | None
    span: Span


@dataclass(frozen=True)
class ListLiteral:
    items: tuple[Expr, ...]
    span: Span


@dataclass(frozen=True)
class KwArg:
    name: str
    value: Expr
    span: Span


@dataclass(frozen=True)
class RecordLiteral:
    fields: tuple[KwArg, ...]
    span: Span


@dataclass(frozen=True)
class FieldAccess:
    value: Expr
    field: str
    field_span: Span
    span: Span


@dataclass(frozen=True)
class Index:
    value: Expr
    index: Expr
    span: Span


@dataclass(frozen=True)
class Call:
    func: Expr
    args: tuple[Expr, ...]
    kwargs: tuple[KwArg, ...]
    span: Span


@dataclass(frozen=True)
class Unary:
    op: str  # "-" or "not"
    operand: Expr
    span: Span


@dataclass(frozen=True)
class Binary:
    op: str  # + - * / % == != < <= > >= and or
    left: Expr
    right: Expr
    span: Span


@dataclass(frozen=True)
class Share:
    value: Expr
    span: Span


Expr = (
    Name
    | Literal
    | ListLiteral
    | RecordLiteral
    | FieldAccess
    | Index
    | Call
    | Unary
    | Binary
    | Share
)

# ---- steps (right-hand sides of bindings) ----------------------------------


@dataclass(frozen=True)
class Placement:
    target: str
    options: tuple[KwArg, ...]
    span: Span
    target_span: Span


@dataclass(frozen=True)
class Placed:
    """An expression, with a placement when it is an LLM call."""

    expr: Expr
    placement: Placement | None
    span: Span


@dataclass(frozen=True)
class Iterator:
    var: str
    over: Expr
    span: Span


@dataclass(frozen=True)
class FanOut:
    iterators: tuple[Iterator, ...]
    body: Placed
    span: Span


@dataclass(frozen=True)
class Keep:
    source: Expr
    condition: Expr
    span: Span


@dataclass(frozen=True)
class Cascade:
    options: tuple[KwArg, ...]
    tiers: tuple[Placed, ...]
    span: Span


@dataclass(frozen=True)
class Route:
    options: tuple[KwArg, ...]
    tiers: tuple[Placed, ...]
    span: Span


Step = Placed | FanOut | Keep | Cascade | Route

# ---- statements ------------------------------------------------------------


@dataclass(frozen=True)
class ChoiceSpace:
    values: tuple[Expr, ...]
    span: Span


@dataclass(frozen=True)
class RangeSpace:
    low: int | float
    high: int | float
    span: Span


@dataclass(frozen=True)
class Knob:
    name: str
    space: ChoiceSpace | RangeSpace
    default: Expr
    span: Span
    name_span: Span


@dataclass(frozen=True)
class Budget:
    tier: str
    metric: str
    limit: int | float
    span: Span
    tier_span: Span
    metric_span: Span


@dataclass(frozen=True)
class Assign:
    name: str
    value: Step
    span: Span
    name_span: Span


@dataclass(frozen=True)
class Repeat:
    times: Expr
    body: tuple[Stmt, ...]
    span: Span


@dataclass(frozen=True)
class Stop:
    condition: Expr
    span: Span


@dataclass(frozen=True)
class Return:
    value: Step
    span: Span


Stmt = Knob | Budget | Assign | Repeat | Stop | Return


def walk_statements(body: tuple[Stmt, ...], depth: int = 0) -> abc.Iterator[tuple[Stmt, int]]:
    """Every statement with the number of repeats around it, depth first, in
    program order (a repeat, then its body)."""
    for stmt in body:
        yield stmt, depth
        if isinstance(stmt, Repeat):
            yield from walk_statements(stmt.body, depth + 1)


# ---- top level -------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    name: str
    type: TypeRef
    private: bool
    span: Span


@dataclass(frozen=True)
class Template:
    """A prompt's Jinja2 text. `first_line`/`indent` map template lines back to source."""

    text: str
    span: Span
    first_line: int
    indent: int


@dataclass(frozen=True)
class Example:
    args: tuple[KwArg, ...]
    output: Expr
    span: Span


@dataclass(frozen=True)
class PromptDef:
    name: str
    params: tuple[Param, ...]
    output: TypeRef
    template: Template
    examples: tuple[Example, ...]
    span: Span
    name_span: Span


@dataclass(frozen=True)
class ProtocolDef:
    name: str
    params: tuple[Param, ...]
    output: TypeRef
    body: tuple[Stmt, ...]
    span: Span
    name_span: Span


Item = ModelsDef | RecordDef | EnumDef | PromptDef | ProtocolDef


@dataclass(frozen=True)
class Program:
    path: str
    items: tuple[Item, ...]

    @property
    def roles(self) -> tuple[RoleDef, ...]:
        return tuple(r for m in self.items if isinstance(m, ModelsDef) for r in m.roles)

    @property
    def records(self) -> tuple[RecordDef, ...]:
        return tuple(i for i in self.items if isinstance(i, RecordDef))

    @property
    def enums(self) -> tuple[EnumDef, ...]:
        return tuple(i for i in self.items if isinstance(i, EnumDef))

    @property
    def prompts(self) -> tuple[PromptDef, ...]:
        return tuple(i for i in self.items if isinstance(i, PromptDef))

    @property
    def protocols(self) -> tuple[ProtocolDef, ...]:
        return tuple(i for i in self.items if isinstance(i, ProtocolDef))
