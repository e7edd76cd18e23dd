"""A lenient JSON reader for what models write: `json_candidates(text)`.

JSON anywhere in the text (the first few balanced `{...}` or `[...]` blocks, inside
code fences or prose) is read strictly first and then by a lenient reader that
accepts single quotes, unquoted keys and words, Python literals, trailing or missing
commas, comments, and closes a block the model did not finish; every leniency used
is recorded as a repair. Total: odd text gives no candidate, never an exception.

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
