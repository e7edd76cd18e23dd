"""A Pygments lexer for `.minion` programs, so docs, terminals and tools that use
Pygments highlight them (registered as the `minion` lexer through the
`pygments.lexers` entry point: `pygmentize -l minion prog.minion`).

It follows grammar/minion.lark: keywords, the built-in types and functions,
placements (`@local`, `@remote`, `@auto`, `@ROLE`), `#` comments, numbers, plain
strings, and triple-quoted templates, whose `{{ ... }}`, `{% ... %}` and
`{# ... #}` parts are lexed as Jinja2 (Pygments' Django/Jinja lexer).
`highlight_program` renders a program for a terminal.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pygments.lexer import RegexLexer, bygroups, using, words
from pygments.lexers.templates import DjangoLexer
from pygments.token import (
    Comment,
    Keyword,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Whitespace,
)

__all__ = ["MinionLexer", "highlight_program"]

KEYWORDS = (
    "protocol", "prompt", "type", "models", "example", "knob", "budget", "repeat", "stop",
    "when", "return", "for", "in", "keep", "where", "cascade", "route", "share", "private",
    "and", "or", "not",
)  # fmt: skip
CONSTANTS = ("true", "false", "none")
TYPES = ("str", "int", "float", "bool", "doc", "list")
BUILTINS = (
    "split", "join", "format", "text", "len", "retrieve", "flatten", "first", "unique",
    "vote", "trim", "batches",
)  # fmt: skip
TIERS = ("local", "remote", "auto")


class MinionLexer(RegexLexer):
    name = "Minion"
    aliases: ClassVar[list[str]] = ["minion"]
    filenames: ClassVar[list[str]] = ["*.minion"]
    mimetypes: ClassVar[list[str]] = ["text/x-minion"]

    tokens: ClassVar[dict[str, Any]] = {
        "root": [
            (r"\s+", Whitespace),
            (r"#[^\n]*", Comment.Single),
            (r'"""', String.Doc, "template"),
            (r'"(?:[^"\\\n]|\\.)*"', String.Double),
            (r"\d+(\.\d+)?([eE][+-]?\d+)?", Number),
            (r"(@)(" + "|".join(TIERS) + r")\b", bygroups(Punctuation, Keyword.Pseudo)),
            (r"(@)([A-Za-z_][A-Za-z0-9_]*)", bygroups(Punctuation, Name.Decorator)),
            (
                r"(protocol|prompt)(\s+)([A-Za-z_][A-Za-z0-9_]*)",
                bygroups(Keyword, Whitespace, Name.Function),
            ),
            (words(KEYWORDS, suffix=r"\b"), Keyword),
            (words(CONSTANTS, suffix=r"\b"), Keyword.Constant),
            (words(TYPES, suffix=r"\b"), Keyword.Type),
            (words(TIERS, suffix=r"\b"), Keyword.Pseudo),
            (words(BUILTINS, suffix=r"(?=\s*\()"), Name.Builtin),
            (r"[A-Za-z_][A-Za-z0-9_]*(?=\s*\()", Name.Function),
            (r"[A-Za-z_][A-Za-z0-9_]*", Name),
            (r"->|==|!=|<=|>=|[<>+\-*/%=|?]", Operator),
            (r"[{}()\[\],.:;]", Punctuation),
        ],
        "template": [
            (r'"""', String.Doc, "#pop"),
            (r"(\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\})", using(DjangoLexer)),
            (r'[^"{]+', String.Doc),
            (r'[{"]', String.Doc),
        ],
    }


def highlight_program(source: str, *, colour: bool) -> str:
    """The program as it should look in a terminal: coloured when `colour`."""
    if not colour:
        return source
    from pygments import highlight
    from pygments.formatters import TerminalFormatter

    return highlight(source, MinionLexer(), TerminalFormatter())
