"""Columns between the compiler and the client. The compiler counts code points
(a Python string's indices, 1-based in spans); an LSP client counts UTF-16 code
units unless both sides agreed on UTF-8 or UTF-32 at initialisation. They differ
only on a line with characters outside the Basic Multilingual Plane (an emoji in
a prompt), where a wrong conversion would put every later column off."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Columns"]

_UNIT_BYTES = {"utf-8": 1, "utf-16": 2, "utf-32": 4}


@dataclass(frozen=True)
class Columns:
    encoding: str = "utf-16"  # the negotiated PositionEncodingKind's value

    def _width(self, char: str) -> int:
        if self.encoding == "utf-8":
            return len(char.encode("utf-8"))
        if self.encoding == "utf-32":
            return 1
        return 2 if ord(char) > 0xFFFF else 1  # a surrogate pair

    def to_client(self, line: str, column: int) -> int:
        """The client's column for 0-based code point `column` of `line`."""
        return sum(self._width(char) for char in line[:column])

    def from_client(self, line: str, units: int) -> int:
        """The 0-based code point column for the client's column `units`; a
        column past the end (or inside a character) gives the next character."""
        counted = 0
        for index, char in enumerate(line):
            if counted >= units:
                return index
            counted += self._width(char)
        return len(line)
