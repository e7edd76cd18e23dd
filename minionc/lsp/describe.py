"""How hover and completion put things into words: a definition as code and a
sentence, a type as written, a prompt's signature, a diagnostic with its fix."""

from __future__ import annotations

from typing import assert_never

from minionc.compiler import ast
from minionc.compiler.builtins import BUILTINS
from minionc.compiler.diagnostics import Diagnostic, Span
from minionc.compiler.types import EnumType, RecordType, Type, show, strip_optional

from .analysis import Analysis
from .names import Definition, Kind

__all__ = [
    "PLACEMENT_TEXT",
    "PRIMITIVE_TEXT",
    "describe",
    "diagnostic_message",
    "output_text",
    "params_text",
    "prompt_signature",
    "record_text",
    "source_text",
    "type_ref_text",
]


def diagnostic_message(diagnostic: Diagnostic) -> str:
    """The message an editor shows: what is wrong, its notes, and how to fix it
    (as `minionc check` prints them)."""
    notes = "".join(f"\nnote: {note}" for note in diagnostic.notes)
    return f"{diagnostic.message}{notes}\nhelp: {diagnostic.help_text}"


PLACEMENT_TEXT = {
    "local": "the local tier: the small model on this machine, which may read private data",
    "remote": "the remote tier: the frontier model, paid per token; private data reaches "
    "it only through `share`",
    "auto": "the optimizer places the step, local or remote (`minionc optimize`)",
}
PRIMITIVE_TEXT = {
    "str": "a text",
    "doc": "a long text: a `str` the cost estimate treats as long (a document to split)",
    "int": "an integer",
    "float": "a number",
    "bool": "true or false",
    "list": "`list[T]`: a list of T",
}


def type_ref_text(ref: ast.TypeRef) -> str:
    """A type as written: `list[Finding]?`."""
    args = f"[{', '.join(type_ref_text(a) for a in ref.args)}]" if ref.args else ""
    return f"{ref.name}{args}{'?' if ref.optional else ''}"


def params_text(params: tuple[ast.Param, ...]) -> str:
    return ", ".join(
        f"{p.name}: {'private ' if p.private else ''}{type_ref_text(p.type)}" for p in params
    )


def record_text(name: str, fields: tuple[tuple[str, Type], ...]) -> str:
    return f"type {name} {{ {', '.join(f'{n}: {show(t)}' for n, t in fields)} }}"


def source_text(analysis: Analysis, span: Span) -> str:
    """A one-line span's text as written (the first line of a longer one)."""
    if not 1 <= span.line <= len(analysis.lines):
        return ""
    text = analysis.lines[span.line - 1]
    end = span.end_column - 1 if span.end_line == span.line else len(text)
    return text[span.column - 1 : end].strip()


def _typed(name: str, t: Type | None) -> str:
    return f"{name}: {show(t)}" if t is not None else name


def describe(definition: Definition, analysis: Analysis) -> tuple[str, str]:
    """The definition as code, and a sentence about it."""
    name, node, owner = definition.name, definition.node, definition.owner
    match definition.kind:
        case Kind.ROLE:
            assert isinstance(node, ast.RoleDef)
            model = f' "{node.model}"' if node.model else ""
            return f"{name} = {node.tier}{model}", f"model role on the {node.tier} tier"
        case Kind.PLACEMENT:
            return f"@{name}", PLACEMENT_TEXT.get(name, "")
        case Kind.RECORD:
            record = definition.type
            fields = record.fields if isinstance(record, RecordType) else ()
            return record_text(name, fields), "record type"
        case Kind.ENUM:
            enum = definition.type
            values = enum.values if isinstance(enum, EnumType) else ()
            return f"type {name} = {enum_values(values)}", "string enum type"
        case Kind.FIELD:
            where = f"field of {owner}" if owner else "field of the item"
            return _typed(name, definition.type), where
        case Kind.PRIMITIVE:
            return name, PRIMITIVE_TEXT.get(name, "built-in type")
        case Kind.PROMPT:
            assert isinstance(node, ast.PromptDef)
            return prompt_signature(node), output_text(analysis, node)
        case Kind.PARAMETER:
            return _typed(name, definition.type), f"parameter of prompt {owner}"
        case Kind.PROTOCOL:
            assert isinstance(node, ast.ProtocolDef)
            signature = f"protocol {name}({params_text(node.params)}) -> "
            return signature + type_ref_text(node.output), "protocol"
        case Kind.INPUT:
            marker = "private " if definition.private else ""
            typed = f"{name}: {marker}{show(definition.type) if definition.type else '?'}"
            private = (
                "; private: it reaches a remote step only through `share`"
                if definition.private
                else ""
            )
            return typed, f"input of protocol {owner}{private}"
        case Kind.KNOB:
            assert isinstance(node, ast.Knob)
            written = source_text(analysis, node.span)
            return _typed(name, definition.type), f"knob of protocol {owner}: `{written}`"
        case Kind.BINDING:
            return _typed(name, definition.type), f"bound in protocol {owner}"
        case Kind.ITERATOR:
            return _typed(name, definition.type), "loop variable of the `for`"
        case Kind.ITEM:
            return _typed(name, definition.type), "the item `keep ... where` tests"
        case Kind.BUILTIN:
            doc = BUILTINS[name]
            return doc.signature, f"builtin: {doc.summary}"
        case _:
            assert_never(definition.kind)


def enum_values(values: tuple[str, ...]) -> str:
    return " | ".join(f'"{value}"' for value in values)


def prompt_signature(node: ast.PromptDef) -> str:
    return f"prompt {node.name}({params_text(node.params)}) -> {type_ref_text(node.output)}"


def output_text(analysis: Analysis, node: ast.PromptDef) -> str:
    """What a prompt returns (a record with its fields, an enum with its values)."""
    signature = analysis.symbols.prompts.get(node.name) if analysis.symbols else None
    examples = len(node.examples)
    count = f"; {examples} example{'s' if examples != 1 else ''}" if examples else ""
    if signature is None or signature.node is not node:
        return f"prompt{count}"
    output = signature.output
    named = strip_optional(output)
    shape = ""
    if isinstance(named, RecordType):
        shape = f": `{record_text(named.name, named.fields)}`"
    elif isinstance(named, EnumType):
        shape = f": `{enum_values(named.values)}`"
    return f"output type `{show(output)}`{shape}{count}"
