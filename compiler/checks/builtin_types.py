"""Check: calls of builtins, one typing function per builtin in a table.

`BUILTIN_TYPINGS` maps every name of compiler/builtins.BUILTINS to the function
that checks a call's arguments and returns its type; the table must cover them
all (checked at import), so a new builtin cannot be forgotten here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .. import ast
from ..builtins import BUILTINS
from ..diagnostics import Span
from ..types import (
    BOOL,
    INT,
    STR,
    UNKNOWN,
    ListType,
    OptionalType,
    Type,
    UnknownType,
    is_text,
    show,
    strip_optional,
)
from .templates import check_template

if TYPE_CHECKING:
    from .expr_types import ExprTyper


def _arguments(
    typer: ExprTyper, call: ast.Call, params: list[str], required: list[str]
) -> tuple[dict[str, Type], dict[str, ast.Expr]]:
    """The arguments bound to `params` and their types (UNKNOWN for a missing one);
    a missing required one is reported."""
    name = call.func.id  # type: ignore[union-attr]
    bound = typer.bind_arguments(call, params, f"{name}()")
    types = {param: typer.type_expr(expr) for param, expr in bound.items()}
    missing = [p for p in required if p not in bound]
    if missing:
        typer.sink.error(
            "M0203",
            f"{name}() is missing {_quoted(missing)}",
            call.span,
            help=BUILTINS[name].signature,
        )
    for param in params:
        types.setdefault(param, UNKNOWN)
    return types, bound


def _list_arg(typer: ExprTyper, call: ast.Call) -> Type:
    types, bound = _arguments(typer, call, ["items"], ["items"])
    if "items" not in bound:
        return UNKNOWN
    return typer.list_item(types["items"], bound["items"].span, f"{call.func.id}()")  # type: ignore[union-attr]


def _split(typer: ExprTyper, call: ast.Call) -> Type:
    types, bound = _arguments(
        typer, call, ["text", "tokens", "paragraphs", "pages", "overlap"], ["text"]
    )
    typer.expect(types["text"], STR, bound.get("text", call).span, "the text to split")
    sizes = [s for s in ("tokens", "paragraphs", "pages") if s in bound]
    if not sizes:
        typer.sink.error(
            "M0203",
            "split() needs a chunk size",
            call.span,
            help="write split(text, tokens: 1000), paragraphs: N or pages: N",
        )
    elif len(sizes) > 1:
        typer.sink.error(
            "M0204",
            f"split() takes one chunk size, but got {', '.join(sizes)}",
            bound[sizes[1]].span,
        )
    for size in (*sizes, "overlap"):
        if size in bound:
            typer.expect(types[size], INT, bound[size].span, f"split {size}")
    return ListType(STR)


def _join(typer: ExprTyper, call: ast.Call) -> Type:
    types, bound = _arguments(typer, call, ["items", "sep"], ["items"])
    typer.expect(types["items"], ListType(STR), bound.get("items", call).span, "join items")
    if "sep" in bound:
        typer.expect(types["sep"], STR, bound["sep"].span, "join sep")
    return STR


def _format(typer: ExprTyper, call: ast.Call) -> Type:
    if not call.args:
        typer.type_call_args(call)
        typer.sink.error("M0203", "format() needs a template string", call.span)
        return STR
    template, *extra = call.args
    for arg in extra:
        typer.type_expr(arg)
        typer.sink.error(
            "M0204",
            "format() takes one template and named values",
            arg.span,
            help='write format("""...{{ name }}...""", name: value)',
        )
    values = {kwarg.name: typer.type_expr(kwarg.value) for kwarg in call.kwargs}
    typer.type_expr(template)
    if not isinstance(template, ast.Literal) or not isinstance(template.value, str):
        typer.sink.error(
            "M0201", "the template of format() must be a string literal", template.span
        )
        return STR
    line = template.span.line
    text_start = template.span.line + (
        1 if typer.source_lines and _opens_block(typer.source_lines, template.span) else 0
    )
    check_template(
        ast.Template(template.value, template.span, text_start if text_start else line, 0),
        values,
        typer.source_lines,
        typer.sink,
        "format()",
    )
    return STR


def _text(typer: ExprTyper, call: ast.Call) -> Type:
    _arguments(typer, call, ["value"], ["value"])
    return STR


def _len(typer: ExprTyper, call: ast.Call) -> Type:
    types, _ = _arguments(typer, call, ["value"], ["value"])
    value = strip_optional(types["value"])  # len(none) is 0
    if not isinstance(value, ListType | UnknownType) and not is_text(value):
        typer.sink.error("M0201", f"len() needs a list or text, not {show(value)}", call.span)
    return INT


def _retrieve(typer: ExprTyper, call: ast.Call) -> Type:
    types, bound = _arguments(
        typer, call, ["chunks", "query", "k", "cover"], ["chunks", "query", "k"]
    )
    if "cover" in bound:
        typer.expect(types["cover"], BOOL, bound["cover"].span, "retrieve cover")
    if "chunks" in bound:
        typer.expect(types["chunks"], ListType(STR), bound["chunks"].span, "retrieve chunks")
    if "query" in bound:
        typer.expect(types["query"], STR, bound["query"].span, "retrieve query")
    if "k" in bound:
        typer.expect(types["k"], INT, bound["k"].span, "retrieve k")
    return ListType(STR)


def _flatten(typer: ExprTyper, call: ast.Call) -> Type:
    item = _list_arg(typer, call)
    if isinstance(item, UnknownType):
        return UNKNOWN
    if not isinstance(item, ListType):
        typer.sink.error(
            "M0205", f"flatten() needs a list of lists, not list[{show(item)}]", call.span
        )
        return UNKNOWN
    return item


def _first(typer: ExprTyper, call: ast.Call) -> Type:
    item = _list_arg(typer, call)
    return item if isinstance(item, UnknownType | OptionalType) else OptionalType(item)


def _unique(typer: ExprTyper, call: ast.Call) -> Type:
    item = _list_arg(typer, call)
    return ListType(item) if not isinstance(item, UnknownType) else UNKNOWN


def _batches(typer: ExprTyper, call: ast.Call) -> Type:
    types, bound = _arguments(typer, call, ["items", "size"], ["items", "size"])
    if "size" in bound:
        typer.expect(types["size"], INT, bound["size"].span, "batches size")
    if "items" not in bound:
        return UNKNOWN
    item = typer.list_item(types["items"], bound["items"].span, "batches()")
    return ListType(ListType(item)) if not isinstance(item, UnknownType) else UNKNOWN


def _trim(typer: ExprTyper, call: ast.Call) -> Type:
    types, bound = _arguments(typer, call, ["value", "chars", "drop"], ["value"])
    if "chars" in bound:
        typer.expect(types["chars"], INT, bound["chars"].span, "trim chars")
    if "drop" in bound:
        typer.expect(types["drop"], ListType(STR), bound["drop"].span, "trim drop")
    if "value" in bound and not ({"chars", "drop"} & set(bound)):
        typer.sink.error(
            "M0203",
            "trim() needs chars: N or drop: [fields]",
            call.span,
            help=BUILTINS["trim"].signature,
        )
    return types["value"]


BUILTIN_TYPINGS: dict[str, Callable[[ExprTyper, ast.Call], Type]] = {
    "split": _split,
    "join": _join,
    "format": _format,
    "text": _text,
    "len": _len,
    "retrieve": _retrieve,
    "flatten": _flatten,
    "first": _first,
    "vote": _first,  # the same shape: list[T] -> T?
    "unique": _unique,
    "batches": _batches,
    "trim": _trim,
}
if set(BUILTIN_TYPINGS) != set(BUILTINS):
    raise AssertionError(f"builtins without a typing: {set(BUILTINS) ^ set(BUILTIN_TYPINGS)}")


def _opens_block(source_lines: list[str], span: Span) -> bool:
    """Whether a triple-quoted string's text starts on the line after its quotes."""
    line = source_lines[span.line - 1] if 1 <= span.line <= len(source_lines) else ""
    rest = line[span.column - 1 :]
    return rest.startswith('"""') and rest[3:].strip() == ""


def _quoted(names: list[str]) -> str:
    return ", ".join(f"'{n}'" for n in names)
