"""Fuzzing the parser and the checker with random mutations of real programs.

Property: `compile_source` never raises, whatever the input; every diagnostic has
a known code and a span inside the file, and renders. A program without errors
lowers to a plan. The default run is small and derandomized (reproducible in CI);
set MINIONC_FUZZ_EXAMPLES=5000 for a long run of the second test.
"""

from __future__ import annotations

import os
import re
import traceback
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minionc.compiler.diagnostics import CODES, render
from minionc.compiler.pipeline import compile_source

ROOT = Path(__file__).resolve().parents[2]
SEED_FILES = [ROOT / "tests" / "data" / "fuzz_seed.minion", *sorted(ROOT.glob("programs/*.minion"))]
SEEDS = [path.read_text(encoding="utf-8") for path in SEED_FILES]

# Tokens of the language, roughly: strings (triple-quoted first), comments, names,
# numbers, two-character operators, any other single character.
_TOKEN_RE = re.compile(
    r'"""(?:[^"\\]|\\[\s\S]|"(?!""))*"""|"(?:[^"\\\n]|\\.)*"|#[^\n]*'
    r"|[A-Za-z_]\w*|\d+(?:\.\d+)?|->|\.\.|<=|>=|==|!=|\s+|[\s\S]"
)

KEYWORDS = [
    "models", "type", "prompt", "protocol", "example", "private", "knob", "in", "budget",
    "repeat", "stop", "when", "return", "for", "keep", "where", "cascade", "route", "share",
    "and", "or", "not", "none", "true", "false", "list", "str", "doc", "int", "float", "bool",
    "local", "remote", "auto", "split", "text", "format", "len", "first", "flatten",
]  # fmt: skip
FRAGMENTS = [
    "{", "}", "(", ")", "[", "]", '"', '"""', "'", "@", ".", "..", ",", ":", "?", "|", "=",
    "->", "<=", "==", "!=", "+", "-", "*", "/", "%", "\\", "\\n", "\\q", "\n", " ", "\t",
    "0", "1", "-1", "9999999999999999999999", "1.5", "1e400", "{{", "}}", "{%", "%}", "{#",
    "#", "\r", "\r\n", "\x00", "é", "\u2028", "_", "x", "@auto", "@remote", "@local",
    "share ", "samples: 0", "agree: 5", "private ", "list[", "str?",
]  # fmt: skip


_NAME_RE = re.compile(r"[A-Za-z_]\w*")
_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")
NUMBERS = ["0", "1", "2", "-1", "0.5", "1.0", "3", "100", "1e9", "99999999999999999999"]
STRINGS = [
    '""', '"x"', '"learned"', '"{{ x }}"', '"{{ question }}"', '"{% if %}"', '"{{ a.b }}"',
    '"""\n  {{ question }}\n"""', '"a\\nb"', '"\\q"', '"{{ q | nofilter }}"', '"é"',
]  # fmt: skip


def tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(text)


@st.composite
def mutated_programs(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 4))):
        text = draw(_mutation(text))
    return text


def _mutation(text: str) -> st.SearchStrategy[str]:
    toks = tokens(text)
    lines = text.splitlines(keepends=True)
    n_toks = max(1, len(toks))
    n_lines = max(1, len(lines))

    def delete_token(i: int) -> str:
        return "".join(toks[:i] + toks[i + 1 :])

    def duplicate_token(i: int) -> str:
        return "".join(toks[: i + 1] + toks[i:])

    def swap_tokens(i: int, j: int) -> str:
        t = list(toks)
        if t:
            i, j = i % len(t), j % len(t)
            t[i], t[j] = t[j], t[i]
        return "".join(t)

    def replace_token(i: int, new: str) -> str:
        return "".join(toks[:i] + [new] + toks[i + 1 :])

    # Like-for-like replacements keep the program parseable, to reach the checker
    # and the lowering rather than stop at a syntax error.
    names = [i for i, t in enumerate(toks) if _NAME_RE.fullmatch(t)] or [0]
    numbers = [i for i, t in enumerate(toks) if _NUMBER_RE.fullmatch(t)] or [0]
    strings = [i for i, t in enumerate(toks) if t.startswith('"')] or [0]
    words = sorted({t for t in toks if _NAME_RE.fullmatch(t)} | set(KEYWORDS))

    def delete_line(i: int) -> str:
        return "".join(lines[:i] + lines[i + 1 :])

    def duplicate_line(i: int) -> str:
        return "".join(lines[: i + 1] + lines[i:])

    def swap_lines(i: int, j: int) -> str:
        ls = list(lines)
        if ls:
            i, j = i % len(ls), j % len(ls)
            ls[i], ls[j] = ls[j], ls[i]
        return "".join(ls)

    def insert(at: int, new: str) -> str:
        return text[:at] + new + text[at:]

    def truncate(at: int) -> str:
        return text[:at]

    token_index = st.integers(0, n_toks - 1)
    line_index = st.integers(0, n_lines - 1)
    position = st.integers(0, len(text))
    snippet = st.one_of(
        st.sampled_from(FRAGMENTS),
        st.sampled_from(KEYWORDS),
        st.lists(st.sampled_from(FRAGMENTS + KEYWORDS), min_size=1, max_size=6).map("".join),
        st.text(max_size=4),
    )
    return st.one_of(
        st.builds(replace_token, st.sampled_from(names), st.sampled_from(words)),
        st.builds(replace_token, st.sampled_from(numbers), st.sampled_from(NUMBERS)),
        st.builds(replace_token, st.sampled_from(strings), st.sampled_from(STRINGS)),
        st.builds(delete_token, token_index),
        st.builds(duplicate_token, token_index),
        st.builds(swap_tokens, token_index, token_index),
        st.builds(replace_token, token_index, snippet),
        st.builds(delete_line, line_index),
        st.builds(duplicate_line, line_index),
        st.builds(swap_lines, line_index, line_index),
        st.builds(insert, position, snippet),
        st.builds(truncate, position),
    )


def check_compiles_cleanly_or_reports(text: str) -> None:
    try:
        result = compile_source(text, "fuzz.minion")
    except Exception:  # the property: no input makes the compiler raise
        pytest.fail(f"compile_source raised on input:\n{text!r}\n\n{traceback.format_exc()}")
    lines = text.split("\n")  # the parser counts lines at \n only
    for d in result.diagnostics:
        where = f"{d.code} {d.message!r} at {d.span} in input:\n{text!r}"
        assert d.code in CODES, where
        assert d.span.line >= 1 and d.span.column >= 1, where
        assert d.span.line <= len(lines), where
        line_text = lines[d.span.line - 1]
        assert d.span.column <= len(line_text) + 1, where
        assert (d.span.end_line, d.span.end_column) > (d.span.line, d.span.column), where
        try:
            rendered = render(d, text)
        except Exception:
            pytest.fail(f"render raised for {where}\n\n{traceback.format_exc()}")
        assert f"[{d.code}]" in rendered
    has_errors = any(d.is_error for d in result.diagnostics)
    if has_errors:
        assert result.plan is None
    elif result.program is not None and result.checked is not None:
        assert result.plan is not None, f"no errors but no plan for input:\n{text!r}"
        result.plan.model_dump_json()


def test_seeds_compile() -> None:
    for path, text in zip(SEED_FILES, SEEDS, strict=True):
        result = compile_source(text, str(path))
        assert [d.code for d in result.diagnostics if d.is_error] == [], path
        assert result.plan is not None


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated_programs())
def test_mutated_programs_never_crash(text: str) -> None:
    check_compiles_cleanly_or_reports(text)


LONG_RUN = int(os.environ.get("MINIONC_FUZZ_EXAMPLES", "0"))


@pytest.mark.skipif(not LONG_RUN, reason="set MINIONC_FUZZ_EXAMPLES=N for a long fuzz run")
@settings(
    max_examples=max(1, LONG_RUN),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated_programs())
def test_mutated_programs_never_crash_long(text: str) -> None:
    check_compiles_cleanly_or_reports(text)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(FRAGMENTS + KEYWORDS), max_size=40).map(" ".join))
def test_random_token_soup_never_crashes(text: str) -> None:
    check_compiles_cleanly_or_reports(text)
