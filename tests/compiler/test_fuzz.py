"""Fuzzing the parser, the checker and the lowering.

Inputs: random mutations of real programs (tests/data/fuzz_seed.minion and
programs/*.minion: tokens and lines deleted, duplicated, swapped or replaced,
characters inserted, text truncated); random programs built from the grammar; and
well-typed random programs, most of which compile, to reach the privacy analysis
and the lowering.

Property: `compile_source` never raises, whatever the input; every diagnostic has
a known code and a span inside the file, and renders; a program with an error has
no plan, and one without errors has a plan that passes the plan's own validation
and survives a JSON round trip. The default run is small and derandomized
(reproducible in CI); MINIONC_FUZZ_EXAMPLES=5000 runs the `_long` tests.
"""

from __future__ import annotations

import os
import re
import traceback
from collections.abc import Callable

import pytest
from example_budget import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from minionc.compiler.diagnostics import CODES, render
from minionc.compiler.pipeline import compile_source
from minionc.compiler.plan_io import dump_plan, parse_plan, validate_plan
from repo_paths import ROOT

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
        return "".join([*toks[:i], new, *toks[i + 1 :]])

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


# ---- well-formed programs, built from the grammar ------------------------------
# Random but parseable protocols reach the checker, the privacy analysis and the
# lowering far more often than mutations do.

HEADER = '''models { worker = local  boss = remote }
type Finding { answer: str?  score: int  tags: list[str] }
type Label = "up" | "down"
prompt ask(question: str) -> str """{{ question }}"""
prompt find(chunk: str, task: str) -> Finding """{{ chunk }} {{ task }}"""
prompt judge(text: str) -> Label """{{ text }}"""
'''
PARAMS = ["question: str", "doc: private doc", "n: int", "f: Finding", "xs: list[str]"]
NAMES = ["question", "doc", "n", "f", "xs", "a", "b", "c", "k", "it", "answer", "score", "ask"]
PLACEMENTS = ["@worker", "@boss", "@local", "@remote", "@auto", "@worker(samples: 2)", "@nowhere"]


def _expressions() -> st.SearchStrategy[str]:
    leaves = st.one_of(
        st.sampled_from(NAMES),
        st.sampled_from(['"x"', '"up"', "1", "0", "-1", "2.5", "true", "false", "none", "[]"]),
    )

    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.builds("{}.{}".format, inner, st.sampled_from(["answer", "score", "tags", "x"])),
            st.builds("{}[{}]".format, inner, inner),
            st.builds(
                "({} {} {})".format, inner, st.sampled_from(["+", "-", "==", "<", "and"]), inner
            ),
            st.builds("not {}".format, inner),
            st.builds("share {}".format, inner),
            st.builds("[{}, {}]".format, inner, inner),
            st.builds("{{answer: {}, score: {}, tags: []}}".format, inner, inner),
            st.builds(
                "{}({})".format,
                st.sampled_from(
                    ["text", "len", "first", "unique", "vote", "flatten", "join", "nope"]
                ),
                inner,
            ),
            st.builds("split({}, tokens: {})".format, inner, inner),
            st.builds('format("{{{{ v }}}}", v: {})'.format, inner),
            st.builds("retrieve({}, {}, k: {})".format, inner, inner, inner),
        )

    return st.recursive(leaves, extend, max_leaves=6)


EXPR = _expressions()
CALL = st.builds(
    "{}({}, {}) {}".format,
    st.sampled_from(["find", "ask", "judge", "find"]),
    EXPR,
    EXPR,
    st.sampled_from(PLACEMENTS),
) | st.builds(
    "{}({}) {}".format, st.sampled_from(["ask", "judge"]), EXPR, st.sampled_from(PLACEMENTS)
)
STEP = st.one_of(
    EXPR,
    CALL,
    st.builds("for {} in {}: {}".format, st.sampled_from(["x", "a", "c"]), EXPR, CALL),
    st.builds("keep {} where {}".format, EXPR, EXPR),
    st.builds(
        "cascade {{ {} {} }}".format,
        CALL.map(lambda c: c.replace("@worker", "@worker(samples: 3, agree: 2)")),
        CALL,
    ),
    st.builds('route(policy: "learned") {{ {} {} }}'.format, CALL, CALL),
)


def _statements(depth: int) -> st.SearchStrategy[str]:
    simple = st.one_of(
        st.builds("{} = {}".format, st.sampled_from(["a", "b", "c", "k", "question"]), STEP),
        st.builds("knob k in {} = {}".format, st.sampled_from(["1..3", "[1, 2]", '["a"]']), EXPR),
        st.builds(
            "budget {}.{} <= {}".format,
            st.sampled_from(["remote", "boss", "x"]),
            st.sampled_from(["tokens", "calls", "usd"]),
            st.sampled_from(["1", "0", "2.5"]),
        ),
        st.builds("stop when {}".format, EXPR),
    )
    if depth == 0:
        return simple
    block = st.lists(_statements(depth - 1), max_size=4).map("\n".join)
    return simple | st.builds("repeat {} {{\n{}\n}}".format, EXPR, block)


@st.composite
def generated_programs(draw: st.DrawFn) -> str:
    params = draw(st.lists(st.sampled_from(PARAMS), max_size=4, unique=True))
    body = draw(st.lists(_statements(2), max_size=8))
    output = draw(st.sampled_from(["str", "int", "Finding", "list[str]", "Label?"]))
    final = draw(st.one_of(st.just("return a"), st.builds("return {}".format, STEP)))
    return (
        f"{HEADER}protocol main({', '.join(params)}) -> {output} {{\n"
        + "\n".join([*body, final])
        + "\n}\n"
    )


# ---- well-typed programs -----------------------------------------------------------
# Built type by type, so that most compile to a plan: they exercise the privacy
# analysis, the lowering and the plan's validation, not only the error paths.

TYPED_PARAMS = {
    "question": ("str", "str"),
    "doc": ("private doc", "str"),
    "notes": ("private str", "str"),
    "n": ("int", "int"),
    "xs": ("list[str]", "list[str]"),
    "f": ("Finding", "Finding"),
}
REMOTE = ["@boss", "@remote"]
LOCAL = ["@worker", "@local", "@auto"]


class _Typed:
    """Draws expressions and steps of a given type from the names in scope."""

    def __init__(self, draw: st.DrawFn, env: dict[str, str]) -> None:
        self.draw = draw
        self.env = env
        self.count = 0
        self.top: list[str] = []

    def pick(self, options: list[str]) -> str:
        return self.draw(st.sampled_from(options))

    def names(self, t: str) -> list[str]:
        return [name for name, name_type in self.env.items() if name_type == t]

    def expr(self, t: str, depth: int = 2) -> str:
        names = self.names(t)
        if depth <= 0 or self.draw(st.integers(0, 3)) == 0:
            leaves = {
                "str": ['"x"', '""'],
                "int": ["1", "3", "0"],
                "bool": ["true", "false"],
                "list[str]": ['["a", "b"]'],
                "Finding": ['{answer: "a", score: 1, tags: []}'],
                "list[Finding]": ["[]"],
                "Label": ['"up"'],
            }[t]
            return self.pick(names + leaves if names else leaves)
        e = lambda t2: self.expr(t2, depth - 1)  # noqa: E731
        forms = {
            "str": [
                lambda: f"text({e(self.pick(['int', 'Finding', 'list[str]', 'str']))})",
                lambda: f"join({e('list[str]')})",
                lambda: f'join({e("list[str]")}, sep: ", ")',
                lambda: f"{e('str')} + {e('str')}",
                lambda: f'format("{{{{ v }}}}: {{{{ w }}}}", v: {e("str")}, w: {e("int")})',
                lambda: f"text({e('Label')})",
            ],
            "int": [
                lambda: f"len({e(self.pick(['str', 'list[str]', 'list[Finding]']))})",
                lambda: f"{e('int')} {self.pick(['+', '-', '*'])} {e('int')}",
                lambda: f"{e('Finding')}.score",
                lambda: f"-{e('int')}",
            ],
            "bool": [
                lambda: f"{e('int')} {self.pick(['<', '>=', '==', '!='])} {e('int')}",
                lambda: f"not {e('bool')}",
                lambda: f"{e('bool')} {self.pick(['and', 'or'])} {e('bool')}",
                lambda: f"{e('str')} == {e('str')}",
                lambda: f"{e('Finding')}.answer != none",
                lambda: f'{e("Label")} == "up"',
            ],
            "list[str]": [
                lambda: (
                    f"split({e('str')}, {self.pick(['tokens', 'paragraphs', 'pages'])}: "
                    f"{self.pick(['100', '2'])})"
                ),
                lambda: f"[{e('str')}, {e('str')}]",
                lambda: f"retrieve({e('list[str]')}, {e('str')}, k: {self.pick(['1', '3'])})",
                lambda: f"unique({e('list[str]')})",
                lambda: f"{e('Finding')}.tags",
                lambda: f"flatten([{e('list[str]')}, {e('list[str]')}])",
                lambda: f"{e('list[str]')} + {e('list[str]')}",
            ],
            "Finding": [
                lambda: f"{{answer: {e('str')}, score: {e('int')}, tags: {e('list[str]')}}}",
            ],
            "list[Finding]": [lambda: f"[{e('Finding')}]"],
            "Label": [lambda: '"down"'],
        }[t]
        return self.draw(st.sampled_from(forms))()

    def arg(self, t: str, placement: str) -> str:
        value = self.expr(t)
        if placement in REMOTE and self.draw(st.booleans()):
            return f"share {value}" if value.isidentifier() else f"share ({value})"
        return value

    def placement(self) -> str:
        target = self.pick(REMOTE + LOCAL)
        option = self.pick(["", "", "(temperature: 0.5)", "(max_tokens: 64)"])
        return target + option

    def call(self, t: str) -> str:
        placement = self.placement()
        if t == "Finding":
            return f"find({self.arg('str', placement)}, {self.arg('str', placement)}) {placement}"
        if t == "Label":
            return f"judge({self.arg('str', placement)}) {placement}"
        return f"ask({self.arg('str', placement)}) {placement}"

    def step(self, t: str) -> str:
        forms: list[Callable[[], str]] = [lambda: self.expr(t)]
        if t in ("str", "Finding", "Label"):
            forms.append(lambda: self.call(t))
            forms.append(
                lambda: (
                    f"cascade {{\n  {self.call(t).split(' @')[0]} @worker(samples: 3, agree: 2)"
                    f"\n  {self.call(t)}\n}}"
                )
            )
            forms.append(
                lambda: (
                    f'route(policy: "{self.pick(["learned", "length", "random"])}") '
                    f"{{ {self.call(t).split(' @')[0]} @local  {self.call(t)} }}"
                )
            )
        if t in ("list[str]", "list[Finding]", "list[Label]"):
            item = t[5:-1]
            forms.append(lambda: self.fanout(item))
        if t == "list[Finding]":
            condition = self.pick(["score > 1", "answer != none", "len(tags) > 0", "it.score >= 0"])
            forms.append(lambda: f"keep {self.expr('list[Finding]')} where {condition}")
        if t == "list[str]":
            forms.append(lambda: f"keep {self.expr('list[str]')} where len(it) > 2")
        return self.draw(st.sampled_from(forms))()

    def fanout(self, item: str) -> str:
        self.count += 1
        var = f"v{self.count}"
        over = self.expr("list[str]")
        self.env[var] = "str"
        try:
            return f"for {var} in {over}: {self.call(item)}"
        finally:
            del self.env[var]

    def statements(self, depth: int, outer: list[str]) -> list[str]:
        """A block; `outer` holds the bindings made before the enclosing repeat,
        which the block may re-bind (the next round sees the new value)."""
        out: list[str] = []
        bound: list[str] = []
        for _ in range(self.draw(st.integers(1, 4))):
            kind = self.draw(st.integers(0, 9))
            if kind <= 5 or depth == 0:
                self.count += 1
                t = self.pick(["str", "int", "bool", "list[str]", "Finding", "list[Finding]"])
                name = f"b{self.count}"
                out.append(f"{name} = {self.step(t)}")
                self.env[name] = t
                bound.append(name)
            elif kind == 6 and outer:
                name = self.pick(outer)
                out.append(f"{name} = {self.step(self.env[name])}")
            elif kind == 7 and outer is not self.top:
                out.append(f"stop when {self.expr('bool')}")
            else:
                self.count += 1
                knob = f"k{self.count}"
                out.append(f"knob {knob} in {self.pick(['1..3', '[1, 2]'])} = 1")
                self.env[knob] = "int"
                body = self.statements(depth - 1, [*outer, *bound])
                out.append(f"repeat {self.pick([knob, '2'])} {{")
                out.extend("  " + line for line in body)
                out.append("}")
        return out


@st.composite
def typed_programs(draw: st.DrawFn) -> str:
    chosen = draw(st.lists(st.sampled_from(sorted(TYPED_PARAMS)), min_size=1, unique=True))
    env = {name: TYPED_PARAMS[name][1] for name in chosen}
    typed = _Typed(draw, env)
    body = typed.statements(2, typed.top)
    output = draw(st.sampled_from(["str", "int", "bool", "list[str]", "Finding"]))
    if draw(st.booleans()):
        body.append(f"budget {draw(st.sampled_from(['remote', 'boss']))}.calls <= 5")
    body.append(f"return {typed.step(output)}")
    params = ", ".join(f"{name}: {TYPED_PARAMS[name][0]}" for name in chosen)
    lines = "\n".join(f"  {line}" for line in "\n".join(body).split("\n"))
    return f"{HEADER}protocol main({params}) -> {output} {{\n{lines}\n}}\n"


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
        # What the checker passed, the plan's own validation accepts too.
        assert validate_plan(result.plan) == [], f"invalid plan for input:\n{text!r}"
        assert parse_plan(dump_plan(result.plan)) == result.plan


def test_seeds_compile() -> None:
    for path, text in zip(SEED_FILES, SEEDS, strict=True):
        result = compile_source(text, str(path))
        assert [d.code for d in result.diagnostics if d.is_error] == [], path
        assert result.plan is not None


# The test command: a few hundred examples each (a fifth by hand: example_budget),
# derandomized so a run is reproducible.
FAST = settings(
    max_examples=examples(300),
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# By hand: MINIONC_FUZZ_EXAMPLES=5000 pytest tests/compiler/test_fuzz.py -k long
LONG_RUN = int(os.environ.get("MINIONC_FUZZ_EXAMPLES", "0"))
LONG = settings(
    max_examples=max(1, LONG_RUN),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
long_run = pytest.mark.skipif(not LONG_RUN, reason="set MINIONC_FUZZ_EXAMPLES=N for a long run")


@settings(FAST, max_examples=examples(200))
@given(mutated_programs())
def test_mutated_programs_never_crash(text: str) -> None:
    check_compiles_cleanly_or_reports(text)


@settings(FAST, max_examples=examples(150))
@given(generated_programs())
def test_generated_programs_never_crash(text: str) -> None:
    check_compiles_cleanly_or_reports(text)


@FAST
@given(typed_programs())
def test_typed_programs_never_crash(text: str) -> None:
    check_compiles_cleanly_or_reports(text)


@settings(FAST, max_examples=examples(200))
@given(st.lists(st.sampled_from(FRAGMENTS + KEYWORDS), max_size=40).map(" ".join))
def test_random_token_soup_never_crashes(text: str) -> None:
    check_compiles_cleanly_or_reports(text)


@long_run
@LONG
@given(mutated_programs())
def test_mutated_programs_never_crash_long(text: str) -> None:
    check_compiles_cleanly_or_reports(text)


@long_run
@LONG
@given(generated_programs())
def test_generated_programs_never_crash_long(text: str) -> None:
    check_compiles_cleanly_or_reports(text)


@long_run
@LONG
@given(typed_programs())
def test_typed_programs_never_crash_long(text: str) -> None:
    check_compiles_cleanly_or_reports(text)
