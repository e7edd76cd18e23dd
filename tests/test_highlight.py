"""The `minion` Pygments lexer: every standard program lexes without an error token,
the parts a reader looks for get their token types, templates are lexed as Jinja2,
and Pygments finds the lexer by name and by file name (the entry point)."""

from __future__ import annotations

import pytest
from pygments.lexers import get_lexer_by_name, get_lexer_for_filename
from pygments.token import Comment, Error, Keyword, Name, Number, String, Token
from repo_paths import ROOT

from minionc.highlight import MinionLexer, highlight_program

PROGRAMS = sorted((ROOT / "programs").glob("*.minion"))

SAMPLE = '''# a comment
models { worker = local  supervisor = remote }
prompt extract(chunk: str, question: str) -> str {
  """
  Text: {{ chunk }}
  {% for t in tasks %}- {{ t }}{% endfor %}{# note #}
  """
}
protocol main(question: str, context: private doc) -> list[str] {
  knob k in [1, 2] = 2
  parts = split(context, tokens: 1000)
  found = for c in parts: extract(c, question) @worker(max_tokens: 8)
  best = extract(share found, question) @remote
  return found
}
'''


def tokens(source: str) -> list[tuple[object, str]]:
    return [(kind, text) for kind, text in MinionLexer().get_tokens(source) if text.strip()]


@pytest.mark.parametrize("program", PROGRAMS, ids=lambda p: p.name)
def test_every_standard_program_lexes_without_an_error_token(program) -> None:
    found = tokens(program.read_text(encoding="utf-8"))
    assert found and not [t for t in found if t[0] in Error]


def minion_blocks() -> list[tuple[str, str]]:
    """Every ```minion block of the README and docs/ (where a Pygments-based docs
    build highlights them with this lexer), as (file:line, text)."""
    blocks = []
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        lines = path.read_text(encoding="utf-8").splitlines()
        start = None
        for number, line in enumerate(lines, 1):
            if start is None and line.strip() == "```minion":
                start = number
            elif start is not None and line.strip() == "```":
                blocks.append((f"{path.name}:{start}", "\n".join(lines[start : number - 1])))
                start = None
    return blocks


def test_every_minion_example_in_the_docs_is_highlighted_without_an_error_token() -> None:
    blocks = minion_blocks()
    assert len(blocks) >= 4  # the language reference and the README have several
    for where, text in blocks:
        found = tokens(text)
        assert found and not [t for t in found if t[0] in Error], where
        assert any(kind in Keyword for kind, _ in found), where


def test_the_parts_of_a_program_get_their_token_types() -> None:
    found = tokens(SAMPLE)
    kinds = {text: kind for kind, text in found}
    assert kinds["# a comment"] in Comment
    for keyword in ("models", "prompt", "protocol", "knob", "for", "return", "private", "share"):
        assert kinds[keyword] in Keyword, keyword
    assert kinds["doc"] in Keyword.Type and kinds["str"] in Keyword.Type
    assert kinds["split"] in Name.Builtin
    assert kinds["extract"] in Name.Function and kinds["main"] in Name.Function
    assert kinds["worker"] in Name.Decorator  # @worker: a role placement
    assert (Keyword.Pseudo, "remote") in found  # @remote: a tier
    assert kinds["1000"] in Number
    # The template: its text is a string; its {{ }}, {% %} and {# #} are Jinja2.
    assert any(kind in String.Doc and "Text:" in text for kind, text in found)
    jinja = [(kind, text) for kind, text in found if kind not in String and kind is not Token.Text]
    assert ("chunk" in {text for _, text in jinja}) and any(k in Comment for k, _ in jinja)


def test_pygments_finds_the_lexer_by_name_and_file_name() -> None:
    assert isinstance(get_lexer_by_name("minion"), MinionLexer)
    assert isinstance(get_lexer_for_filename("qa.minion"), MinionLexer)


def test_a_program_for_the_terminal_is_coloured_only_when_asked() -> None:
    assert highlight_program(SAMPLE, colour=False) == SAMPLE
    coloured = highlight_program(SAMPLE, colour=True)
    assert "\x1b[" in coloured and "protocol" in coloured
