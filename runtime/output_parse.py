"""Candidate extraction from model text: labelled lines and lenient JSON.

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

The lenient reader is ours rather than the json_repair library's because it reads
more of what models write: on the real outputs of tests/runtime/data/
gemma_outputs.jsonl that hold JSON, it parses 14 of 14 as a person reads them and
json_repair 9 of 14 (`bench/json_readers.py`, the rest of the parser unchanged).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

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


# ---- lenient JSON ---------------------------------------------------------------

_MAX_JSON_DEPTH = 64
_MAX_STARTS = 4


class _JsonError(Exception):
    pass


@dataclass
class JsonCandidate:
    value: Any
    repairs: list[str]
    truncated: bool  # the block was not closed (closers were added)
    cut_value: bool  # a string or word was cut off by the end of the text
    start: int
    end: int


@dataclass
class _Reader:
    text: str
    pos: int
    repairs: list[str] = field(default_factory=list)
    truncated: bool = False
    cut_value: bool = False

    def note(self, repair: str) -> None:
        if repair not in self.repairs:
            self.repairs.append(repair)

    def at_end(self) -> bool:
        return self.pos >= len(self.text)

    def skip_space(self) -> None:
        text = self.text
        while self.pos < len(text):
            c = text[self.pos]
            if c.isspace():
                self.pos += 1
            elif text.startswith("//", self.pos) or c == "#":
                end = text.find("\n", self.pos)
                self.pos = len(text) if end < 0 else end
                self.note("comments")
            elif text.startswith("/*", self.pos):
                end = text.find("*/", self.pos + 2)
                self.pos = len(text) if end < 0 else end + 2
                self.note("comments")
            else:
                return

    def value(self, depth: int) -> Any:
        if depth > _MAX_JSON_DEPTH:
            raise _JsonError("nested too deeply")
        self.skip_space()
        if self.at_end():
            self.truncated = self.cut_value = True
            raise _JsonError("the text ends where a value should be")
        c = self.text[self.pos]
        if c == "{":
            return self.obj(depth)
        if c == "[":
            return self.arr(depth)
        if c in "\"'“‘":
            return self.string()
        if c in "-+.0123456789":
            return self.number()
        if c.isalpha() or c == "_":
            return self.word()
        raise _JsonError(f"unexpected {c!r}")

    def obj(self, depth: int) -> dict[str, Any]:
        self.pos += 1
        result: dict[str, Any] = {}
        while True:
            self.skip_space()
            if self.at_end():
                self.close()
                return result
            c = self.text[self.pos]
            if c == "}":
                self.pos += 1
                return result
            if c == ",":
                self.note("extra_comma")
                self.pos += 1
                continue
            if c in "\"'“‘":
                key = self.string()
            elif c.isalpha() or c in "_$":
                key = self.bare_key()
            else:
                raise _JsonError(f"unexpected {c!r} where a key should be")
            self.skip_space()
            if self.at_end():
                self.close(cut=True)
                return result
            if self.text[self.pos] in ":=":
                if self.text[self.pos] == "=":
                    self.note("equals_for_colon")
                self.pos += 1
            else:
                raise _JsonError("expected ':' after a key")
            try:
                result[key] = self.value(depth + 1)
            except _JsonError:
                if self.truncated:
                    return result
                raise
            if self.cut_value:
                return result
            self.skip_space()
            if self.at_end():
                self.close()
                return result
            c = self.text[self.pos]
            if c == ",":
                self.pos += 1
                self.skip_space()
                if not self.at_end() and self.text[self.pos] == "}":
                    self.note("trailing_comma")
            elif c == "}":
                self.pos += 1
                return result
            elif c in "\"'“‘" or c.isalpha() or c == "_":
                self.note("missing_comma")
            else:
                raise _JsonError(f"unexpected {c!r} after a value")

    def arr(self, depth: int) -> list[Any]:
        self.pos += 1
        result: list[Any] = []
        while True:
            self.skip_space()
            if self.at_end():
                self.close()
                return result
            c = self.text[self.pos]
            if c == "]":
                self.pos += 1
                return result
            if c == ",":
                self.note("extra_comma")
                self.pos += 1
                continue
            try:
                result.append(self.value(depth + 1))
            except _JsonError:
                if self.truncated:
                    return result
                raise
            if self.cut_value:
                return result
            self.skip_space()
            if self.at_end():
                self.close()
                return result
            c = self.text[self.pos]
            if c == ",":
                self.pos += 1
                self.skip_space()
                if not self.at_end() and self.text[self.pos] == "]":
                    self.note("trailing_comma")
            elif c == "]":
                self.pos += 1
                return result
            elif c in "\"'“‘{[-0123456789" or c.isalpha():
                self.note("missing_comma")
            else:
                raise _JsonError(f"unexpected {c!r} in a list")

    def close(self, *, cut: bool = False) -> None:
        self.truncated = True
        if cut:
            self.cut_value = True
        self.note("closed_truncated_json")

    def string(self) -> str:
        text = self.text
        quote = text[self.pos]
        closing = {"“": "”", "‘": "’"}.get(quote, quote)
        if quote == "'":
            self.note("single_quotes")
        elif quote in "“‘":
            self.note("typographic_quotes")
        self.pos += 1
        out: list[str] = []
        while self.pos < len(text):
            c = text[self.pos]
            if c == "\\" and self.pos + 1 < len(text):
                out.append(self._escape())
                continue
            if c == closing:
                if quote == "'" and not self._ends_here():
                    out.append(c)  # an apostrophe: 'Acme's revenue'
                    self.pos += 1
                    continue
                self.pos += 1
                return "".join(out)
            if c in "\n\r\t" or ord(c) < 0x20:
                self.note("control_characters")
            out.append(c)
            self.pos += 1
        self.close(cut=True)
        return "".join(out)

    def _ends_here(self) -> bool:
        rest = self.text[self.pos + 1 :].lstrip()
        return not rest or rest[0] in ",:}]"

    def _escape(self) -> str:
        text = self.text
        c = text[self.pos + 1]
        simple = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "/": "/"}
        if c in simple:
            self.pos += 2
            return simple[c]
        if c == "u":
            digits = text[self.pos + 2 : self.pos + 6]
            if re.fullmatch(r"[0-9a-fA-F]{4}", digits):
                self.pos += 6
                return chr(int(digits, 16))
            self.note("bad_escape")
            self.pos += 2
            return "u"
        if c not in "\"'\\":
            self.note("bad_escape")
        self.pos += 2
        return c

    _NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")

    def number(self) -> int | float:
        match = self._NUMBER.match(self.text, self.pos)
        if match is None:
            raise _JsonError("bad number")
        token = match.group(0)
        self.pos = match.end()
        if token.startswith("+") or token.startswith(".") or token.endswith("."):
            self.note("loose_number")
        if self.at_end():
            self.cut_value = self.truncated = True
        try:
            if re.fullmatch(r"[-+]?\d+", token):
                return int(token)
            return float(token)
        except (ValueError, OverflowError) as error:
            raise _JsonError("bad number") from error

    def bare_key(self) -> str:
        match = re.compile(r"[A-Za-z_$][\w$\-]*").match(self.text, self.pos)
        if match is None:
            raise _JsonError("bad key")
        self.pos = match.end()
        self.note("unquoted_keys")
        return match.group(0)

    def word(self) -> Any:
        match = re.compile(r"[A-Za-z_][A-Za-z_0-9]*").match(self.text, self.pos)
        if match is None:
            raise _JsonError("bad word")
        token = match.group(0)
        literals = {"true": True, "false": False, "null": None}
        python = {"True": True, "False": False, "None": None, "none": None}
        if token in literals:
            self.pos = match.end()
            return literals[token]
        if token in python:
            self.pos = match.end()
            self.note("python_literals")
            return python[token]
        # An unquoted string value: up to the next , } ] or line end.
        end = self.pos
        while end < len(self.text) and self.text[end] not in ",}]\n":
            end += 1
        value = self.text[self.pos : end].strip()
        self.pos = end
        self.note("unquoted_strings")
        if end >= len(self.text):
            self.close(cut=True)
        return value


def _outside_text(text: str, start: int, end: int) -> str:
    """What surrounds a JSON block, without code fences."""
    outside = text[:start] + text[end:]
    outside = re.sub(r"```[A-Za-z0-9_-]*", "", outside)
    return outside.strip()


def json_candidates(text: str) -> list[JsonCandidate]:
    """JSON values found in the text, best first: the first few blocks that start
    with `{` or `[` and are not inside an earlier one."""
    starts = sorted(
        [m.start() for m in re.finditer(r"\{", text)][:_MAX_STARTS]
        + [m.start() for m in re.finditer(r"\[", text)][:_MAX_STARTS]
    )
    found: list[JsonCandidate] = []
    covered_until = -1
    decoder = json.JSONDecoder()
    for start in starts:
        if start < covered_until:
            continue
        candidate: JsonCandidate | None = None
        try:
            value, end = decoder.raw_decode(text, start)
            candidate = JsonCandidate(value, [], False, False, start, end)
        except (ValueError, RecursionError):
            reader = _Reader(text, start)
            try:
                value = reader.value(0)
            except (_JsonError, RecursionError):
                if reader.truncated:
                    found.append(
                        JsonCandidate(None, ["closed_truncated_json"], True, True, start, len(text))
                    )
                continue
            candidate = JsonCandidate(
                value, list(reader.repairs), reader.truncated, reader.cut_value, start, reader.pos
            )
        outside = _outside_text(text, candidate.start, candidate.end)
        if outside:
            candidate.repairs.append("json_in_text")
        elif "```" in text:
            candidate.repairs.append("code_fence")
        found.append(candidate)
        covered_until = candidate.end
    return found
