"""Candidate extraction from model text: labelled lines (and lenient JSON, re-exported).

Two readers, both total (they return nothing rather than raise on odd text):

- `parse_labelled`: the few-shot format a small base model completes
  ("Answer: ...", "Citation: ...", a numbered list under "Tasks:"), where the
  completion starts right after the first label, text after the answer (a
  hallucinated next "Document:" / "Question:" block, a repeated label, a blank
  line) is cut off, and labels match without regard to case or spacing;
- `json_candidates`: JSON anywhere in the text (the first few balanced `{...}` or
  `[...]` blocks, inside code fences or prose), read strictly first and then by a
  lenient reader that accepts single quotes, unquoted keys and words, Python
  literals, trailing or missing commas, comments, and closes a block the model
  did not finish; every leniency used is recorded as a repair.

The lenient JSON reader is in lenient_json.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .lenient_json import JsonCandidate, json_candidates
from .output_schema import FieldSpec, is_null_word, kind_of, label_of, norm_label

# ---- labelled lines -------------------------------------------------------------

_LABEL_LINE = re.compile(
    r"^[ \t]*(?:[*_#>]+[ \t]*)?([A-Za-z][A-Za-z0-9 _\-]{0,40}?)[ \t]*(?:\*\*|__)?[ \t]*:"
    r"(?:\*\*|__)?[ \t]?(.*)$"
)
_ITEM = re.compile(r"^[ \t]*(?:\(?\d{1,3}[.):]|[-*•+])[ \t]+(.*)$")


# Labels that start an input block in the usual few-shot templates: a line that
# starts with one of these ends the answer even before any value was read.
BLOCK_LABELS = frozenset(
    {"document", "question", "context", "task", "headline", "input", "text", "passage"}
    | {"excerpt", "chunk", "q", "review", "sentence", "query"}
)


@dataclass
class Labelled:
    values: dict[str, Any]  # field name -> text, or list of item texts for a list field
    repairs: list[str]
    labels_found: int  # labels written in the text (the implied first one not counted)


def _is_list(field_spec: FieldSpec) -> bool:
    return kind_of(field_spec.schema) == "array"


class _LabelIndex:
    def __init__(self, fields: list[FieldSpec]) -> None:
        self.fields = fields
        self.by_norm: dict[str, int] = {}
        for i, spec in enumerate(fields):
            self.by_norm.setdefault(norm_label(spec.name), i)
            self.by_norm.setdefault(norm_label(label_of(spec.name)), i)
        forms = []
        for i, spec in enumerate(fields):
            for text in {spec.name, label_of(spec.name)}:
                words = [re.escape(w) for w in re.split(r"[\s_\-]+", text) if w]
                if words:
                    forms.append((i, r"[\s_\-]*".join(words)))
        self.inline = [
            (i, re.compile(r"(?:^|(?<=\s))(?:\*\*)?(" + form + r")(?:\*\*)?\s*:", re.IGNORECASE))
            for i, form in forms
        ]

    def lookup(self, label: str) -> int | None:
        return self.by_norm.get(norm_label(label))

    def split_inline(self, first: int, text: str) -> list[tuple[int, str]]:
        """ "$5M Citation: revenue was $5M" -> [(first, "$5M"), (citation, "revenue was $5M")]."""
        hits: list[tuple[int, int, int]] = []  # (start, end, field)
        for i, pattern in self.inline:
            for match in pattern.finditer(text):
                if match.start() > 0 or i != first:
                    hits.append((match.start(), match.end(), i))
                    break
        hits.sort()
        parts: list[tuple[int, str]] = []
        current, position = first, 0
        for start, end, i in hits:
            if start < position:
                continue
            parts.append((current, text[position:start]))
            current, position = i, end
        parts.append((current, text[position:]))
        return parts


def parse_labelled(
    text: str,
    fields: list[FieldSpec],
    *,
    first_implied: bool,
    stop_labels: frozenset[str] = BLOCK_LABELS,
) -> Labelled | None:
    """Read labelled lines. `first_implied`: the text continues a prompt that
    ended with the first field's label, so its first line is that field's value.
    `stop_labels`: normalised labels that start the next block (the template's
    line prefixes, such as "document"); a field's own label never stops it. None
    when no field was found."""
    if not fields:
        return None
    index = _LabelIndex(fields)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    entries: dict[int, list[str]] = {}
    repairs: list[str] = []
    labels_found = 0
    current: int | None = None
    cut_line: int | None = None

    def has_value(i: int | None) -> bool:
        return i is not None and any(part.strip() for part in entries.get(i, []))

    def start_fields(label_index: int, rest: str) -> bool:
        """Record a label line; False when it repeats a field (the next block)."""
        nonlocal current
        parts = index.split_inline(label_index, rest)
        if len(parts) > 1:
            repairs.append("split_inline_fields")
        for i, value in parts:
            if i in entries:
                return False
            entries[i] = [value]
            current = i
        return True

    for number, line in enumerate(lines):
        if number == 0 and first_implied:
            rest = line
            match = _LABEL_LINE.match(rest)
            if match and index.lookup(match.group(1)) == 0 and not match.group(2).startswith("//"):
                rest = match.group(2)  # "Answer: Answer: x"
                repairs.append("repeated_first_label")
            if not start_fields(0, rest):
                cut_line = number
                break
            continue
        match = _LABEL_LINE.match(line)
        if match and match.group(2).startswith("//"):
            match = None  # a URL, not a label
        found = index.lookup(match.group(1)) if match else None
        if found is not None:
            if found in entries:  # a field again: the model started another answer
                cut_line = number
                break
            labels_found += 1
            if not start_fields(found, match.group(2) if match else ""):
                cut_line = number
                break
            continue
        if not line.strip():
            if has_value(current):
                cut_line = number
                break
            continue
        if match and (norm_label(match.group(1)) in stop_labels or has_value(current)):
            cut_line = number  # the next block ("Document: ...") or an unrelated label
            break
        if current is None:
            if line.strip():
                repairs.append("ignored_preamble")
            continue
        spec = fields[current]
        if _is_list(spec):
            item = _ITEM.match(line)
            items_so_far = entries[current]
            if item is not None:
                items_so_far.append(item.group(1))
                continue
            if not any(part.strip() for part in items_so_far):
                items_so_far.append(line)
                continue
            cut_line = number
            break
        if not has_value(current):
            entries[current].append(line)
            continue
        cut_line = number
        break

    if cut_line is not None and "\n".join(lines[cut_line:]).strip():
        repairs.append("cut_trailing_text")
    if not entries or (not first_implied and labels_found == 0):
        return None
    values: dict[str, Any] = {}
    for i, parts in entries.items():
        spec = fields[i]
        if _is_list(spec):
            inline, items = parts[0], [p for p in parts[1:] if p.strip()]
            if inline.strip() and not (is_null_word(inline) and not items):
                items = _split_inline_items(inline, spec) + items
            values[spec.name] = items if items else inline
        else:
            nonblank = [p for p in parts if p.strip()]
            values[spec.name] = nonblank[0] if nonblank else ""
    return Labelled(values, repairs, labels_found)


def _split_inline_items(text: str, spec: FieldSpec) -> list[str]:
    """Items written on the label's own line: "1. a 2. b", or "a; b"; for a
    list of non-strings also "1, 2, 3". One item otherwise."""
    stripped = text.strip()
    numbered = re.split(r"(?:^|\s)\d{1,3}[.)]\s+", stripped)
    numbered = [p.strip() for p in numbered if p.strip()]
    if len(numbered) > 1 or re.match(r"\d{1,3}[.)]\s", stripped):
        return numbered or [stripped]
    if ";" in stripped:
        return [p.strip() for p in stripped.split(";") if p.strip()]
    items_schema = spec.schema.get("items", {}) if isinstance(spec.schema, dict) else {}
    if isinstance(items_schema, dict) and items_schema.get("type") in {"integer", "number"}:
        return [p.strip() for p in stripped.split(",") if p.strip()]
    return [stripped]


def first_paragraph(text: str) -> tuple[str, bool]:
    """The first paragraph of non-blank lines, and whether anything followed."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n").split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    end = start
    while end < len(lines) and lines[end].strip():
        end += 1
    rest = "\n".join(lines[end:]).strip()
    return "\n".join(lines[start:end]).strip(), bool(rest)


def list_items(text: str) -> list[str]:
    """The items of a list written as lines ("1. a", "- b", or plain lines)."""
    items = []
    for line in text.replace("\r", "\n").split("\n"):
        if not line.strip():
            continue
        match = _ITEM.match(line)
        items.append((match.group(1) if match else line).strip())
    return items


__all__ = [
    "BLOCK_LABELS",
    "JsonCandidate",
    "Labelled",
    "first_paragraph",
    "json_candidates",
    "list_items",
    "parse_labelled",
]
