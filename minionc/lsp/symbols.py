"""Document symbols: the outline of a file. Types (records with their fields,
enums), prompts, protocols with their inputs, knobs, budgets and steps (a
repeat holds its own), and the models block with its roles, in file order."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import assert_never

from minionc.compiler import ast
from minionc.compiler.diagnostics import Span
from minionc.compiler.types import show

from .analysis import Analysis
from .describe import enum_values, params_text, prompt_signature, source_text, type_ref_text
from .index import name_after_keyword, step_form

__all__ = ["Symbol", "SymbolKind", "document_symbols"]


class SymbolKind(StrEnum):
    MODELS = "models"
    ROLE = "role"
    RECORD = "record"
    ENUM = "enum"
    FIELD = "field"
    PROMPT = "prompt"
    PROTOCOL = "protocol"
    INPUT = "input"
    KNOB = "knob"
    BUDGET = "budget"
    STEP = "step"
    REPEAT = "repeat"
    RETURN = "return"


@dataclass(frozen=True)
class Symbol:
    name: str
    kind: SymbolKind
    span: Span  # the whole declaration
    selection: Span  # its name, inside `span`
    detail: str = ""
    children: tuple[Symbol, ...] = field(default=())


def _keyword_span(span: Span, keyword: str) -> Span:
    return Span(span.line, span.column, span.line, span.column + len(keyword))


def _through(start: Span, end: Span) -> Span:
    return Span(start.line, start.column, end.end_line, end.end_column)


def document_symbols(analysis: Analysis) -> list[Symbol]:
    """Types, prompts and protocols (with their inputs, knobs, budgets and steps),
    and the models block with its roles, in file order."""
    if analysis.program is None:
        return []
    symbols: list[Symbol] = []
    for item in analysis.program.items:
        symbols.append(_item_symbol(item, analysis))
    return symbols


def _item_symbol(item: ast.Item, analysis: Analysis) -> Symbol:
    match item:
        case ast.ModelsDef():
            roles = tuple(
                Symbol(
                    role.name,
                    SymbolKind.ROLE,
                    _through(role.span, role.tier_span),
                    role.span,
                    role.tier + (f' "{role.model}"' if role.model else ""),
                )
                for role in item.roles
            )
            return Symbol(
                "models",
                SymbolKind.MODELS,
                item.span,
                _keyword_span(item.span, "models"),
                "",
                roles,
            )
        case ast.RecordDef():
            fields = tuple(
                Symbol(
                    f.name,
                    SymbolKind.FIELD,
                    _through(f.span, f.type.span),
                    f.span,
                    type_ref_text(f.type),
                )
                for f in item.fields
            )
            selection = name_after_keyword(analysis.lines, item.span, item.name)
            return Symbol(item.name, SymbolKind.RECORD, item.span, selection, "", fields)
        case ast.EnumDef():
            values = enum_values(item.values)
            selection = name_after_keyword(analysis.lines, item.span, item.name)
            return Symbol(item.name, SymbolKind.ENUM, item.span, selection, values)
        case ast.PromptDef():
            signature = prompt_signature(item).removeprefix(f"prompt {item.name}")
            return Symbol(item.name, SymbolKind.PROMPT, item.span, item.name_span, signature)
        case ast.ProtocolDef():
            inputs = tuple(
                Symbol(
                    p.name,
                    SymbolKind.INPUT,
                    _through(p.span, p.type.span),
                    p.span,
                    ("private " if p.private else "") + type_ref_text(p.type),
                )
                for p in item.params
            )
            body = tuple(_statement_symbols(item.body, analysis))
            detail = f"({params_text(item.params)}) -> {type_ref_text(item.output)}"
            return Symbol(
                item.name, SymbolKind.PROTOCOL, item.span, item.name_span, detail, inputs + body
            )
        case _:
            assert_never(item)


def _statement_symbols(body: tuple[ast.Stmt, ...], analysis: Analysis) -> list[Symbol]:
    symbols: list[Symbol] = []
    for stmt in body:
        match stmt:
            case ast.Knob():
                symbols.append(
                    Symbol(
                        stmt.name,
                        SymbolKind.KNOB,
                        stmt.span,
                        stmt.name_span,
                        _knob_space(analysis, stmt),
                    )
                )
            case ast.Budget():
                name = f"budget {stmt.tier}.{stmt.metric}"
                symbols.append(
                    Symbol(
                        name,
                        SymbolKind.BUDGET,
                        stmt.span,
                        _keyword_span(stmt.span, "budget"),
                        f"<= {stmt.limit}",
                    )
                )
            case ast.Assign():
                symbols.append(
                    Symbol(
                        stmt.name,
                        SymbolKind.STEP,
                        stmt.span,
                        stmt.name_span,
                        _step_detail(stmt, analysis),
                    )
                )
            case ast.Repeat():
                children = tuple(_statement_symbols(stmt.body, analysis))
                times = source_text(analysis, stmt.times.span)
                symbols.append(
                    Symbol(
                        f"repeat {times}",
                        SymbolKind.REPEAT,
                        stmt.span,
                        _keyword_span(stmt.span, "repeat"),
                        "",
                        children,
                    )
                )
            case ast.Stop():
                pass  # not a step that binds anything
            case ast.Return():
                symbols.append(
                    Symbol(
                        "return",
                        SymbolKind.RETURN,
                        stmt.span,
                        _keyword_span(stmt.span, "return"),
                        _step_detail(stmt, analysis),
                    )
                )
            case _:
                assert_never(stmt)
    return symbols


def _knob_space(analysis: Analysis, knob: ast.Knob) -> str:
    """`in [500, 1000] = 1000`: the knob as written, after its name."""
    written = source_text(analysis, knob.span)
    return written.split(knob.name, 1)[-1].strip() if knob.name in written else written


def _step_detail(statement: ast.Assign | ast.Return, analysis: Analysis) -> str:
    """Where an LLM step runs (`extract @worker`, a fan-out `for: extract @worker`,
    `cascade @local -> @remote`); for any other step, the type it binds."""
    form, calls = step_form(statement.value)
    targets = [f"@{c.placement.target}" for c in calls if c.placement is not None]
    if form == "call" and calls:
        return f"{_callee(calls[0])} {targets[0]}"
    if form == "for" and calls:
        return f"for: {_callee(calls[0])} {targets[0]}"
    if form in ("cascade", "route"):
        return f"{form} " + (" -> " if form == "cascade" else " | ").join(targets)
    if isinstance(statement, ast.Assign):
        bound = analysis.index.at(statement.name_span.line, statement.name_span.column)
        if bound is not None and bound.definition.type is not None:
            return show(bound.definition.type)
    return ""


def _callee(placed: ast.Placed) -> str:
    expr = placed.expr
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name):
        return expr.func.id
    return "?"
