"""Completion: the fields of a record after `x.`, roles after `@`, types where a
type is written, a prompt's parameters in its template, and elsewhere the names
in scope, prompts and builtins with their signatures, and keywords. Which one is
read from the line before the cursor (a small look at the text: half-typed code
has no AST there); the names come from the analysis (analysis.for_completion
picks one that parsed)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum, StrEnum

from minionc.compiler import ast
from minionc.compiler.builtins import BUILTINS, PLACEMENT_KEYWORDS
from minionc.compiler.types import (
    AnonRecordType,
    OptionalType,
    RecordType,
    Type,
    show,
    strip_optional,
)
from minionc.highlight import CONSTANTS, KEYWORDS

from .analysis import Analysis
from .describe import (
    PLACEMENT_TEXT,
    PRIMITIVE_TEXT,
    output_text,
    prompt_signature,
    record_text,
    type_ref_text,
)
from .names import BUILTIN_TYPES, LIST_TYPE, Kind

__all__ = ["Completion", "CompletionKind", "Group", "completions"]


class CompletionKind(StrEnum):
    KEYWORD = "keyword"
    VARIABLE = "variable"
    FIELD = "field"
    PROMPT = "prompt"
    BUILTIN = "builtin"
    TYPE = "type"
    ROLE = "role"


class Group(IntEnum):
    """The order completions are offered in: what is nearest first."""

    NAME = 0
    PROMPT = 1
    BUILTIN = 2
    TYPE = 3
    KEYWORD = 4


@dataclass(frozen=True)
class Completion:
    label: str
    kind: CompletionKind
    detail: str
    documentation: str | None = None
    group: Group = Group.NAME


_MEMBER = re.compile(r"((?:[A-Za-z_]\w*\s*\.\s*)*[A-Za-z_]\w*)\s*\.\s*\w*$")
_PLACEMENT = re.compile(r"@\s*\w*$")
# After `->`, `list[` or `name:` outside a protocol's body, a type comes next.
_TYPE_POSITION = re.compile(r"(->|\blist\s*\[)\s*\w*$|:\s*(private\s+)?\w*$")

_VARIABLE_KINDS = {
    Kind.INPUT: "input",
    Kind.KNOB: "knob",
    Kind.BINDING: "binding",
    Kind.ITERATOR: "loop variable",
    Kind.ITEM: "item",
    Kind.FIELD: "field of the item",
}


def completions(analysis: Analysis | None, text: str, line: int, column: int) -> list[Completion]:
    """What may be typed at the position of `text` (the document as it is now).
    `analysis` is the one to take names from (analysis.for_completion)."""
    lines = text.split("\n")
    before = lines[line][:column] if 0 <= line < len(lines) else ""
    template = _template_at(analysis, line + 1, column + 1) if analysis else None
    if template is not None:
        return _parameter_completions(template)
    if _in_comment_or_string(before):
        return []
    if _PLACEMENT.search(before):
        return _placement_completions(analysis)
    member = _MEMBER.search(before)
    if member is not None and not re.search(r"\d\s*\.\s*\w*$", before):
        # Names are looked up where the chain starts: the text after it may have
        # been cut off to make the document parse (analysis.for_completion).
        return _member_completions(analysis, member.group(1), line, member.start())
    body = _protocol_at(analysis, line + 1, column + 1) if analysis else None
    if body is None and _TYPE_POSITION.search(before):
        return _type_completions(analysis)
    return _general_completions(analysis, line, column, in_body=body is not None)


def _in_comment_or_string(before: str) -> bool:
    """Whether the line up to the cursor ends inside a comment or a one-line
    string (a quote count that is odd)."""
    quotes = 0
    for index, char in enumerate(before):
        if char == '"' and (index == 0 or before[index - 1] != "\\"):
            quotes += 1
        elif char == "#" and quotes % 2 == 0:
            return True
    return quotes % 2 == 1


def _template_at(analysis: Analysis, line: int, column: int) -> ast.PromptDef | None:
    """The prompt whose template holds the position (inside its quotes)."""
    if analysis.program is None:
        return None
    for prompt in analysis.program.prompts:
        span = prompt.template.span
        if (span.line, span.column) < (line, column) < (span.end_line, span.end_column):
            return prompt
    return None


def _parameter_completions(prompt: ast.PromptDef) -> list[Completion]:
    """In a template, the prompt's parameters are the names it may read."""
    return [
        Completion(
            p.name, CompletionKind.VARIABLE, type_ref_text(p.type), f"parameter of {prompt.name}"
        )
        for p in prompt.params
    ]


def _protocol_at(analysis: Analysis, line: int, column: int) -> ast.ProtocolDef | None:
    """The protocol whose body holds the position (after its `-> T`)."""
    if analysis.program is None:
        return None
    for protocol in analysis.program.protocols:
        output = protocol.output.span
        start = (output.end_line, output.end_column)
        if start <= (line, column) <= (protocol.span.end_line, protocol.span.end_column):
            return protocol
    return None


def _placement_completions(analysis: Analysis | None) -> list[Completion]:
    items = [
        Completion(name, CompletionKind.ROLE, f"{d.node.tier} role", group=Group.NAME)
        for name, d in (analysis.index.globals.items() if analysis else ())
        if d.kind is Kind.ROLE and isinstance(d.node, ast.RoleDef)
    ]
    items.extend(
        Completion(name, CompletionKind.KEYWORD, "placement", PLACEMENT_TEXT[name], Group.KEYWORD)
        for name in PLACEMENT_KEYWORDS
    )
    return items


def _member_completions(
    analysis: Analysis | None, chain: str, line: int, column: int
) -> list[Completion]:
    """The fields of the record that `a.b.c` (before the `.`) is."""
    if analysis is None:
        return []
    names = [part.strip() for part in chain.split(".")]
    scope = {d.name: d for d in analysis.index.in_scope(line + 1, column + 1)}
    head = scope.get(names[0])
    current: Type | None = head.type if head is not None else None
    for name in names[1:]:
        current = _field_type(current, name)
    record = strip_optional(current) if current is not None else None
    if not isinstance(record, RecordType | AnonRecordType):
        return []
    owner = record.name if isinstance(record, RecordType) else "the record"
    return [
        Completion(name, CompletionKind.FIELD, show(field_type), f"field of {owner}")
        for name, field_type in record.fields
    ]


def _field_type(t: Type | None, name: str) -> Type | None:
    record = strip_optional(t) if t is not None else None
    if not isinstance(record, RecordType | AnonRecordType):
        return None
    found = dict(record.fields).get(name)
    if found is not None and isinstance(t, OptionalType) and not isinstance(found, OptionalType):
        return OptionalType(found)
    return found


def _type_completions(analysis: Analysis | None) -> list[Completion]:
    """The declared types first, then the built-in ones."""
    items: list[Completion] = []
    for name, d in analysis.index.globals.items() if analysis else ():
        if d.kind is Kind.RECORD and isinstance(d.type, RecordType):
            items.append(
                Completion(
                    name, CompletionKind.TYPE, record_text(name, d.type.fields), None, Group.NAME
                )
            )
        elif d.kind is Kind.ENUM:
            items.append(
                Completion(name, CompletionKind.TYPE, "string enum type", None, Group.NAME)
            )
    items.extend(
        Completion(name, CompletionKind.TYPE, "built-in type", PRIMITIVE_TEXT[name], Group.TYPE)
        for name in (*BUILTIN_TYPES, LIST_TYPE.name)
    )
    return items


def _general_completions(
    analysis: Analysis | None, line: int, column: int, in_body: bool
) -> list[Completion]:
    items: list[Completion] = []
    if analysis is not None and in_body:
        for d in analysis.index.in_scope(line + 1, column + 1):
            kind = CompletionKind.FIELD if d.kind is Kind.FIELD else CompletionKind.VARIABLE
            detail = show(d.type) if d.type is not None else _VARIABLE_KINDS.get(d.kind, "")
            items.append(Completion(d.name, kind, detail, _VARIABLE_KINDS.get(d.kind)))
        for name, d in analysis.index.globals.items():
            if d.kind is Kind.PROMPT and isinstance(d.node, ast.PromptDef):
                signature = prompt_signature(d.node).removeprefix("prompt ")
                output = output_text(analysis, d.node)
                items.append(
                    Completion(name, CompletionKind.PROMPT, signature, output, Group.PROMPT)
                )
    if in_body or analysis is None:
        for name, builtin in BUILTINS.items():
            items.append(
                Completion(
                    name, CompletionKind.BUILTIN, builtin.signature, builtin.summary, Group.BUILTIN
                )
            )
    for word in (*KEYWORDS, *CONSTANTS):
        items.append(Completion(word, CompletionKind.KEYWORD, "keyword", None, Group.KEYWORD))
    return items
