"""Check: top-level declarations. Resolves roles, records, enums and prompt
signatures into `Symbols`; reports duplicates, unknown types and unknown tiers."""

from __future__ import annotations

from .. import ast
from ..builtins import BUILTINS, TIERS
from ..checked import PromptSignature, Symbols
from ..diagnostics import DiagnosticSink, did_you_mean
from ..types import PRIMITIVES, UNKNOWN, EnumType, ListType, OptionalType, RecordType, Type

RESERVED_TYPE_NAMES = (*PRIMITIVES, "list")


def resolve_type(ref: ast.TypeRef, symbols: Symbols, sink: DiagnosticSink) -> Type:
    """The semantic type a written type stands for; UNKNOWN after reporting an error."""
    resolved: Type
    if ref.name == "list":
        if len(ref.args) != 1:
            sink.error("M0206", "list takes exactly one type argument: list[T]", ref.span)
            resolved = UNKNOWN
        else:
            resolved = ListType(resolve_type(ref.args[0], symbols, sink))
    elif ref.args:
        sink.error("M0206", f"type '{ref.name}' takes no type arguments", ref.span)
        resolved = UNKNOWN
    elif ref.name in PRIMITIVES:
        resolved = PRIMITIVES[ref.name]
    elif ref.name in symbols.records:
        resolved = symbols.records[ref.name]  # type: ignore[assignment]
    elif ref.name in symbols.enums:
        resolved = symbols.enums[ref.name]  # type: ignore[assignment]
    else:
        known = [*RESERVED_TYPE_NAMES, *symbols.records, *symbols.enums]
        sink.error(
            "M0102", f"unknown type '{ref.name}'", ref.span, help=did_you_mean(ref.name, known)
        )
        resolved = UNKNOWN
    return OptionalType(resolved) if ref.optional and resolved is not UNKNOWN else resolved


def check_declarations(program: ast.Program, sink: DiagnosticSink) -> Symbols:
    symbols = Symbols()
    _collect_roles(program, symbols, sink)
    _collect_types(program, symbols, sink)
    _collect_prompts(program, symbols, sink)
    return symbols


def _collect_roles(program: ast.Program, symbols: Symbols, sink: DiagnosticSink) -> None:
    for role in program.roles:
        if role.name in symbols.roles:
            sink.error("M0106", f"role '{role.name}' is defined twice", role.span)
            continue
        if role.name in ("local", "remote", "auto"):
            sink.error(
                "M0106",
                f"'{role.name}' is a built-in placement and cannot be a role name",
                role.span,
                help="pick another name, such as worker or supervisor",
            )
            continue
        if role.tier not in TIERS:
            sink.error(
                "M0107",
                f"unknown tier '{role.tier}' for role '{role.name}'",
                role.tier_span,
                help=did_you_mean(role.tier, TIERS) or "a role is bound to local or remote",
            )
        symbols.roles[role.name] = role


def _collect_types(program: ast.Program, symbols: Symbols, sink: DiagnosticSink) -> None:
    seen: dict[str, ast.RecordDef | ast.EnumDef] = {}
    items: tuple[ast.RecordDef | ast.EnumDef, ...] = (*program.records, *program.enums)
    for item in items:
        if item.name in seen or item.name in RESERVED_TYPE_NAMES:
            what = "a built-in type" if item.name in RESERVED_TYPE_NAMES else "defined twice"
            sink.error("M0106", f"type '{item.name}' is {what}", item.span)
            continue
        seen[item.name] = item
        if isinstance(item, ast.EnumDef):
            if len(set(item.values)) != len(item.values):
                sink.error("M0106", f"type '{item.name}' lists a value twice", item.span)
            symbols.enums[item.name] = EnumType(item.name, tuple(dict.fromkeys(item.values)))
    # Records may refer to each other in any order, and to themselves through
    # list[...] or T?. One RecordType object per record is registered first, then
    # each one's fields are resolved against the full table and filled in: a
    # reference to a record is that very object, so recursion is a cycle of
    # objects, resolved in linear time (records are nominal; see RecordType).
    records = [i for i in seen.values() if isinstance(i, ast.RecordDef)]
    for record in records:
        symbols.records[record.name] = RecordType(record.name, ())
    for record in records:
        fields: list[tuple[str, Type]] = []
        names: set[str] = set()
        for field in record.fields:
            if field.name in names:
                sink.error("M0106", f"field '{field.name}' is defined twice", field.span)
                continue
            names.add(field.name)
            fields.append((field.name, resolve_type(field.type, symbols, sink)))
        # Frozen for everyone else; filled in once, here, before any other use.
        object.__setattr__(symbols.records[record.name], "fields", tuple(fields))


def _collect_prompts(program: ast.Program, symbols: Symbols, sink: DiagnosticSink) -> None:
    for prompt in program.prompts:
        if prompt.name in symbols.prompts or prompt.name in BUILTINS:
            what = "a builtin" if prompt.name in BUILTINS else "defined twice"
            sink.error("M0106", f"prompt '{prompt.name}' is {what}", prompt.name_span)
            continue
        params: list[tuple[str, Type]] = []
        names: set[str] = set()
        for param in prompt.params:
            if param.name in names:
                sink.error("M0106", f"parameter '{param.name}' is defined twice", param.span)
                continue
            if param.private:
                sink.error(
                    "M0207",
                    f"prompt parameter '{param.name}' is marked private",
                    param.span,
                    help="privacy belongs to protocol inputs; remove 'private' here",
                )
            names.add(param.name)
            params.append((param.name, resolve_type(param.type, symbols, sink)))
        output = resolve_type(prompt.output, symbols, sink)
        symbols.prompts[prompt.name] = PromptSignature(prompt.name, tuple(params), output, prompt)
