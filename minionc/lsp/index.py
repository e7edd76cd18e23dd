"""The index of a `.minion` program: every name it defines, and every place a
name is used (names.py has what is recorded).

One walk over the AST records each definition (its kind, where its name is
written, its type) and each occurrence of a name, the definition's own name
included, with the definition it stands for. Names resolve as the checker
resolves them (compiler/checks/expr_types.py): a protocol's inputs and knobs
from its start, a binding from its statement on (re-binding a carried name
refers to the first binding), loop variables inside their `for`, a `keep`
item (`it`) and its record fields inside the `where`; then prompts, then
builtins. Types come from the checker's tables, so hover shows what the checker
decided. Nothing here parses text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import assert_never

from minionc.compiler import ast
from minionc.compiler.checked import CheckedProgram, Symbols
from minionc.compiler.checks.declarations import resolve_type
from minionc.compiler.diagnostics import DiagnosticSink, Span
from minionc.compiler.types import (
    AnonRecordType,
    EnumType,
    ListType,
    RecordType,
    Type,
    UnknownType,
    strip_optional,
)

from .names import (
    BUILTIN_FUNCTIONS,
    BUILTIN_PLACEMENTS,
    BUILTIN_TYPES,
    LIST_TYPE,
    Definition,
    Index,
    Kind,
    Occurrence,
    Visible,
)

__all__ = ["build_index", "name_after_keyword", "step_form"]


def build_index(
    program: ast.Program,
    symbols: Symbols,
    lines: list[str],
    checked: Mapping[int, CheckedProgram],
) -> Index:
    """The index of `program`; `checked` maps id(protocol node) to what the
    checker learned about that protocol (its types), for those it could check."""
    return _Indexer(program, symbols, lines, checked).run()


def _span_end(span: Span) -> tuple[int, int]:
    return span.end_line, span.end_column


def _item_type(t: Type | None) -> Type | None:
    return t.item if isinstance(t, ListType) else None


def _known(t: Type | None) -> Type | None:
    return None if isinstance(t, UnknownType) else t


def name_after_keyword(lines: list[str], span: Span, name: str) -> Span:
    """Where `name` is written in a declaration that starts at `span` with a
    keyword (`type Finding {`): the parser keeps only the declaration's span."""
    for line_number in range(span.line, min(span.end_line, len(lines)) + 1):
        text = lines[line_number - 1]
        start = span.column - 1 if line_number == span.line else 0
        if line_number == span.line:
            start += len("type")  # past the keyword, which may equal a name
        found = re.compile(rf"\b{re.escape(name)}\b").search(text, start)
        if found is not None:
            return Span(line_number, found.start() + 1, line_number, found.end() + 1)
    return Span.point(span.line, span.column)


def step_form(step: ast.Step) -> tuple[str, tuple[ast.Placed, ...]]:
    """A step's form (`value`, `call`, `for`, `keep`, `cascade`, `route`) and the
    prompt calls in it that have a placement, in order: what hover and the
    outline say about where a step runs."""
    match step:
        case ast.Placed():
            return ("call", (step,)) if step.placement is not None else ("value", ())
        case ast.FanOut():
            return "for", (step.body,) if step.body.placement is not None else ()
        case ast.Keep():
            return "keep", ()
        case ast.Cascade():
            return "cascade", tuple(t for t in step.tiers if t.placement is not None)
        case ast.Route():
            return "route", tuple(t for t in step.tiers if t.placement is not None)
        case _:
            assert_never(step)


class _Indexer:
    def __init__(
        self,
        program: ast.Program,
        symbols: Symbols,
        lines: list[str],
        checked: Mapping[int, CheckedProgram],
    ) -> None:
        self.program = program
        self.symbols = symbols
        self.lines = lines
        self.checked_by_protocol = checked
        self.index = Index()
        self.declared: dict[int, Definition] = {}  # id(declaring node) -> its definition
        self.fields: dict[tuple[str, str], Definition] = {}  # (record, field)
        self.parameters: dict[tuple[str, str], Definition] = {}  # (prompt, parameter)
        # While a protocol is walked:
        self.protocol: ast.ProtocolDef | None = None
        self.checked: CheckedProgram | None = None
        self.scopes: list[dict[str, Definition]] = []
        self.statement: ast.Assign | ast.Return | None = None

    def run(self) -> Index:
        for item in self.program.items:
            self.declare(item)
        for item in self.program.items:
            self.item(item)
        return self.index

    # ---- declarations ------------------------------------------------------

    def resolve(self, ref: ast.TypeRef) -> Type | None:
        # The checker reported any mistake in it already; only the type is wanted.
        return _known(resolve_type(ref, self.symbols, DiagnosticSink(self.program.path)))

    def define(self, node: object, definition: Definition) -> Definition:
        self.declared[id(node)] = definition
        if definition.kind in (Kind.ROLE, Kind.RECORD, Kind.ENUM, Kind.PROMPT, Kind.PROTOCOL):
            self.index.globals.setdefault(definition.name, definition)
        return definition

    def define_members(
        self,
        kind: Kind,
        owner: str,
        members: Sequence[ast.FieldDef] | Sequence[ast.Param],
        table: dict[tuple[str, str], Definition],
    ) -> None:
        """A record's fields or a prompt's parameters: each a name with a type."""
        for member in members:
            definition = Definition(
                kind, member.name, member.span, self.resolve(member.type), owner=owner, node=member
            )
            self.define(member, definition)
            table.setdefault((owner, member.name), definition)

    def declare(self, item: ast.Item) -> None:
        """Top-level names first: a prompt may use a type declared below it."""
        match item:
            case ast.ModelsDef():
                for role in item.roles:
                    self.define(role, Definition(Kind.ROLE, role.name, role.span, node=role))
            case ast.RecordDef():
                span = name_after_keyword(self.lines, item.span, item.name)
                record = self.symbols.records.get(item.name)
                record_type = record if isinstance(record, RecordType) else None
                self.define(item, Definition(Kind.RECORD, item.name, span, record_type, node=item))
                self.define_members(Kind.FIELD, item.name, item.fields, self.fields)
            case ast.EnumDef():
                span = name_after_keyword(self.lines, item.span, item.name)
                enum = self.symbols.enums.get(item.name)
                enum_type = enum if isinstance(enum, EnumType) else None
                self.define(item, Definition(Kind.ENUM, item.name, span, enum_type, node=item))
            case ast.PromptDef():
                self.define(item, Definition(Kind.PROMPT, item.name, item.name_span, node=item))
                self.define_members(Kind.PARAMETER, item.name, item.params, self.parameters)
            case ast.ProtocolDef():
                self.define(item, Definition(Kind.PROTOCOL, item.name, item.name_span, node=item))
            case _:
                assert_never(item)

    def occur(self, span: Span, definition: Definition | None) -> None:
        if definition is not None:
            self.index.occurrences.append(
                Occurrence(span, definition, self.protocol, self.statement)
            )

    def own_name(self, node: object, span: Span) -> None:
        self.occur(span, self.declared.get(id(node)))

    def type_ref(self, ref: ast.TypeRef) -> None:
        name_span = Span(
            ref.span.line, ref.span.column, ref.span.line, ref.span.column + len(ref.name)
        )
        if ref.name == "list":
            definition: Definition | None = LIST_TYPE
        else:
            definition = BUILTIN_TYPES.get(ref.name) or self.index.globals.get(ref.name)
            if definition is not None and definition.kind not in (
                Kind.RECORD,
                Kind.ENUM,
                Kind.PRIMITIVE,
            ):
                definition = None  # a role or prompt of that name is not a type
        self.occur(name_span, definition)
        for arg in ref.args:
            self.type_ref(arg)

    # ---- items -------------------------------------------------------------

    def item(self, item: ast.Item) -> None:
        match item:
            case ast.ModelsDef():
                for role in item.roles:
                    self.own_name(role, role.span)
            case ast.RecordDef():
                self.own_name(item, self.declared[id(item)].span or item.span)
                for field_def in item.fields:
                    self.own_name(field_def, field_def.span)
                    self.type_ref(field_def.type)
            case ast.EnumDef():
                self.own_name(item, self.declared[id(item)].span or item.span)
            case ast.PromptDef():
                self.prompt(item)
            case ast.ProtocolDef():
                self.protocol_def(item)
            case _:
                assert_never(item)

    def prompt(self, prompt: ast.PromptDef) -> None:
        self.own_name(prompt, prompt.name_span)
        for param in prompt.params:
            self.own_name(param, param.span)
            self.type_ref(param.type)
        self.type_ref(prompt.output)
        self.scopes = [{}]
        output = self.resolve(prompt.output)
        for example in prompt.examples:
            for kwarg in example.args:
                self.occur(kwarg.span, self.parameters.get((prompt.name, kwarg.name)))
                self.expr(kwarg.value)
            record = strip_optional(output) if output is not None else None
            if isinstance(example.output, ast.RecordLiteral) and isinstance(record, RecordType):
                for kwarg in example.output.fields:
                    self.occur(kwarg.span, self.fields.get((record.name, kwarg.name)))
            self.expr(example.output)
        self.scopes = []

    def protocol_def(self, protocol: ast.ProtocolDef) -> None:
        self.protocol = protocol
        self.checked = self.checked_by_protocol.get(id(protocol))
        self.own_name(protocol, protocol.name_span)
        whole = ((protocol.span.line, protocol.span.column), _span_end(protocol.span))
        base: dict[str, Definition] = {}
        for param in protocol.params:
            known = self.checked.input_types.get(param.name) if self.checked else None
            definition = Definition(
                Kind.INPUT,
                param.name,
                param.span,
                _known(known) if known is not None else self.resolve(param.type),
                owner=protocol.name,
                node=param,
                private=param.private,
            )
            self.define(param, definition)
            base.setdefault(param.name, definition)
            self.index.visible.append(Visible(definition, *whole))
            self.occur(param.span, definition)
            self.type_ref(param.type)
        self.type_ref(protocol.output)
        # Knobs are in scope from the start of the body, wherever they are declared.
        for stmt, _ in ast.walk_statements(protocol.body):
            if isinstance(stmt, ast.Knob) and stmt.name not in base:
                knob_type = self.checked.knob_types.get(stmt.name) if self.checked else None
                definition = Definition(
                    Kind.KNOB, stmt.name, stmt.name_span, _known(knob_type), protocol.name, stmt
                )
                self.define(stmt, definition)
                base[stmt.name] = definition
                self.index.visible.append(Visible(definition, *whole))
        self.scopes = [base]
        self.body(protocol.body)
        self.scopes = []
        self.protocol = None
        self.checked = None

    # ---- statements --------------------------------------------------------

    def body(self, body: tuple[ast.Stmt, ...]) -> None:
        for stmt in body:
            self.stmt(stmt)

    def stmt(self, stmt: ast.Stmt) -> None:
        match stmt:
            case ast.Knob():
                self.own_name(stmt, stmt.name_span)
                if isinstance(stmt.space, ast.ChoiceSpace):
                    for value in stmt.space.values:
                        self.expr(value)
                self.expr(stmt.default)
            case ast.Budget():
                self.occur(stmt.tier_span, self.placement_target(stmt.tier))
            case ast.Assign():
                self.statement = stmt
                self.step(stmt.value)
                self.assign(stmt)
                self.statement = None
            case ast.Repeat():
                self.expr(stmt.times)
                self.body(stmt.body)
            case ast.Stop():
                self.expr(stmt.condition)
            case ast.Return():
                self.statement = stmt
                self.step(stmt.value)
                self.statement = None
            case _:
                assert_never(stmt)

    def assign(self, stmt: ast.Assign) -> None:
        existing = self.lookup(stmt.name)
        if existing is not None:  # a carried name re-bound in a repeat (or an error)
            self.occur(stmt.name_span, existing)
            return
        bound = self.checked.binding_types.get(stmt.name) if self.checked else None
        owner = self.protocol.name if self.protocol else None
        definition = Definition(
            Kind.BINDING, stmt.name, stmt.name_span, _known(bound), owner, node=stmt
        )
        self.scopes[-1][stmt.name] = definition
        if self.protocol is not None:
            end = _span_end(self.protocol.span)
            self.index.visible.append(Visible(definition, _span_end(stmt.span), end))
        self.occur(stmt.name_span, definition)

    # ---- steps -------------------------------------------------------------

    def step(self, step: ast.Step) -> None:
        match step:
            case ast.Placed():
                self.placed(step)
            case ast.FanOut():
                self.scopes.append({})
                for iterator in step.iterators:
                    self.expr(iterator.over)
                    definition = Definition(
                        Kind.ITERATOR,
                        iterator.var,
                        iterator.span,
                        _known(_item_type(self.type_of(iterator.over))),
                        node=iterator,
                    )
                    self.scopes[-1][iterator.var] = definition
                    visible = Visible(definition, _span_end(iterator.span), _span_end(step.span))
                    self.index.visible.append(visible)
                    self.occur(iterator.span, definition)
                self.placed(step.body)
                self.scopes.pop()
            case ast.Keep():
                self.expr(step.source)
                self.scopes.append(self.keep_scope(step))
                self.expr(step.condition)
                self.scopes.pop()
            case ast.Cascade() | ast.Route():
                for option in step.options:
                    self.expr(option.value)
                for tier in step.tiers:
                    self.placed(tier)
            case _:
                assert_never(step)

    def keep_scope(self, keep: ast.Keep) -> dict[str, Definition]:
        """`it` and, for record items, their fields (by name) in the condition."""
        item = _known(_item_type(self.type_of(keep.source)))
        scope = {"it": Definition(Kind.ITEM, "it", None, item)}
        record = strip_optional(item) if item is not None else None
        if isinstance(record, RecordType | AnonRecordType):
            for name, field_type in record.fields:
                declared = (
                    self.fields.get((record.name, name)) if isinstance(record, RecordType) else None
                )
                scope[name] = declared or Definition(Kind.FIELD, name, None, _known(field_type))
        start = (keep.condition.span.line, keep.condition.span.column)
        for definition in scope.values():
            self.index.visible.append(Visible(definition, start, _span_end(keep.condition.span)))
        return scope

    def placed(self, placed: ast.Placed) -> None:
        self.expr(placed.expr)
        if placed.placement is not None:
            target = placed.placement
            self.occur(target.target_span, self.placement_target(target.target))
            for option in target.options:
                self.expr(option.value)

    def placement_target(self, name: str) -> Definition | None:
        role = self.index.globals.get(name)
        if role is not None and role.kind is Kind.ROLE:
            return role
        return BUILTIN_PLACEMENTS.get(name)

    # ---- expressions -------------------------------------------------------

    def type_of(self, node: object) -> Type | None:
        return _known(self.checked.type_of(node)) if self.checked is not None else None

    def lookup(self, name: str) -> Definition | None:
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        return None

    def global_callable(self, name: str) -> Definition | None:
        prompt = self.index.globals.get(name)
        if prompt is not None and prompt.kind is Kind.PROMPT:
            return prompt
        return BUILTIN_FUNCTIONS.get(name)

    def expr(self, expr: ast.Expr) -> None:
        match expr:
            case ast.Name():
                self.occur(expr.span, self.lookup(expr.id) or self.global_callable(expr.id))
            case ast.Literal():
                pass
            case ast.ListLiteral():
                for item in expr.items:
                    self.expr(item)
            case ast.RecordLiteral():
                for kwarg in expr.fields:
                    self.expr(kwarg.value)
            case ast.FieldAccess():
                self.expr(expr.value)
                record = strip_optional(self.type_of(expr.value) or UnknownType())
                if isinstance(record, RecordType):
                    self.occur(expr.field_span, self.fields.get((record.name, expr.field)))
            case ast.Index():
                self.expr(expr.value)
                self.expr(expr.index)
            case ast.Call():
                self.call(expr)
            case ast.Unary():
                self.expr(expr.operand)
            case ast.Binary():
                self.expr(expr.left)
                self.expr(expr.right)
            case ast.Share():
                self.expr(expr.value)
            case _:
                assert_never(expr)

    def call(self, call: ast.Call) -> None:
        callee: Definition | None = None
        if isinstance(call.func, ast.Name):
            # A binding of that name hides the prompt or builtin, as in the checker.
            callee = self.lookup(call.func.id) or self.global_callable(call.func.id)
            self.occur(call.func.span, callee)
        else:
            self.expr(call.func)
        for arg in call.args:
            self.expr(arg)
        for kwarg in call.kwargs:
            if callee is not None and callee.kind is Kind.PROMPT:
                self.occur(kwarg.span, self.parameters.get((callee.name, kwarg.name)))
            self.expr(kwarg.value)
