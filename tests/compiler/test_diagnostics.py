"""Every diagnostic code, triggered by a small program: the code, the caret's line
and column (marked » in the program), and a message that names the mistake.
Then: suggestions, rendering, several errors in one run, no cascades, warnings."""

from __future__ import annotations

from pathlib import Path

import pytest
from minion_snippets import HEADER, MARK, codes, compile_text, position, protocol, unmark
from minionc.compiler.diagnostics import CODES, Severity, closest, render
from minionc.compiler.pipeline import compile_file
from repo_paths import ROOT

SEED = ROOT / "tests" / "data" / "fuzz_seed.minion"

# (code, program with » where the caret must point, text the message must contain)
CASES: list[tuple[str, str, str]] = [
    # ---- syntax
    ("M0001", protocol("a = ask(question, », question) @worker\nreturn a"), "unexpected ','"),
    ("M0001", 'protocol main() -> str {\n  return "a"»\n\n', "unexpected end of file"),
    ("M0001", protocol("x = question +\n»return x"), "unexpected keyword 'return'"),
    ("M0001", protocol("x = »1e999\nreturn text(x)"), "number 1e999 is too large"),
    ("M0001", protocol("x = " + "-" * 96 + "»-----1\nreturn text(x)"), "nests more than 100"),
    ("M0002", protocol('x = »"abc\nreturn x'), "never closed"),
    ("M0002", 'prompt p(q: str) -> str »""" {{ q }}\nprotocol main() -> str { return "x" }',
     "never closed"),
    ("M0003", protocol('x = "a»\\qb"\nreturn x'), "unknown escape '\\q'"),
    ("M0003", 'prompt p(q: str) -> str """\n  {{ q }} »\\w\n"""\n', "unknown escape '\\w'"),
    ("M0004", protocol("x = question »$ 1\nreturn x"), "unexpected character '$'"),
    ("M0006", protocol('x = »"' + "a" * 100_001 + '"\nreturn x'), "the limit is 100,000"),
    ("M0006", 'prompt p(q: str) -> str »"""' + "a" * 100_001 + '{{ q }}"""\n'
     'protocol m() -> str { return "x" }', "the limit is 100,000"),
    # ---- names
    ("M0101", protocol("x = »questoin\nreturn x"), "unknown name 'questoin'"),
    ("M0101", protocol('repeat 3 {\n  a = ask(question) @boss\n  stop when a == "x"\n'
                       '  b = ask(a) @boss\n}\nreturn a + »b + b'), "'b' may be unbound here"),
    ("M0102", protocol("return q", params="q: »strr"), "unknown type 'strr'"),
    ("M0102", HEADER + "type Pair { left: »Findng }\n" + protocol("return question")[len(HEADER) :],
     "unknown type 'Findng'"),
    ("M0103", protocol('a = find(question, "t") @worker\nreturn text(a.»answr)'),
     "Finding has no field 'answr'"),
    ("M0103", HEADER + 'prompt show(f: Finding) -> str """{{ f.»answr }}"""\n'
     'protocol m() -> str { return "x" }', "no field 'answr'"),
    ("M0104", protocol("a = »summarize(question) @worker\nreturn a"),
     "unknown function or prompt 'summarize'"),
    ("M0104", protocol('ask = "x"\na = »ask(question) @worker\nreturn a'), "hides the prompt"),
    ("M0105", protocol("a = ask(question) @»wroker\nreturn a"), "unknown placement '@wroker'"),
    ("M0106", protocol('a = "x"\n»a = "y"\nreturn a'), "'a' is already bound"),
    ("M0106", HEADER + "»type Finding { x: str }\n" + protocol("return question")[len(HEADER) :],
     "type 'Finding' is defined twice"),
    ("M0106", protocol('»question = "x"\nreturn question'), "'question' is an input"),
    ("M0107", 'models { w = »lokal }\nprotocol m() -> str { return "x" }', "unknown tier 'lokal'"),
    ("M0108", protocol("a = ask(question) @worker(»sample: 2)\nreturn a"),
     "unknown option 'sample'"),
    # ---- types
    ("M0201", protocol("a = ask(»3) @worker\nreturn a"),
     "argument 'question' of 'ask' must be str"),
    ("M0201", protocol("return »len(question)"), "must be str, but this is int"),
    ("M0201", protocol('x = »question + 1\nreturn x'), "cannot apply '+' to str and int"),
    ("M0202", protocol("a = question.»answer\nreturn a"), "'.answer' on a value of type str"),
    ("M0203", protocol("a = »find(question) @worker\nreturn text(a)"), "missing 'task'"),
    ("M0203", protocol("c = »split(doc)\nreturn text(c)"), "split() needs a chunk size"),
    ("M0203", protocol("c = »trim(question)\nreturn c"), "trim() needs chars: N or drop"),
    ("M0201", protocol('c = trim(question, chars: »"ten")\nreturn c'), "trim chars"),
    ("M0201", protocol('c = batches([question], size: »"two")\nreturn text(c)'), "batches size"),
    ("M0205", protocol("c = batches(»question, size: 2)\nreturn text(c)"), "needs a list"),
    ("M0204", protocol('a = ask(question, »"extra") @worker\nreturn a'),
     "takes 1 argument, but 2 were given"),
    ("M0204", protocol("a = ask(question, »tone: 1) @worker\nreturn a"),
     "has no parameter 'tone'"),
    ("M0205", protocol("a = for c in »question: ask(c) @worker\nreturn text(a)"),
     "for needs a list, but this is str"),
    ("M0206", protocol('return "x"', params="q: »list[str, int]"), "exactly one type argument"),
    ("M0206", protocol('return "x"', params="q: »str[int]"), "type 'str' takes no type arguments"),
    ("M0207", 'prompt p(»a: private str) -> str """{{ a }}"""\nprotocol m() -> str { return "x" }',
     "prompt parameter 'a' is marked private"),
    # ---- templates
    ("M0301", 'prompt p(question: str) -> str """\n  Q: {{ »questoin }}\n"""\n'
     'protocol m() -> str { return "x" }', "uses 'questoin', which is not a parameter"),
    ("M0302", 'prompt p(q: str) -> str """\n  intro\n  »{% if q %}\n"""\n'
     'protocol m() -> str { return "x" }', "template of prompt 'p'"),
    ("M0302", 'prompt p(q: str) -> str """{{ q | »uper }}"""\nprotocol m() -> str { return "x" }',
     "no filter named 'uper'"),
    ("M0302", protocol('x = format("{{ v | »nope }}", v: question)\nreturn x'),
     "no filter named 'nope'"),
    ("M0304", protocol('x = format("{{ v.»__class__ }}", v: question)\nreturn x'),
     "may not access the attribute '__class__'"),
    ("M0304", 'prompt p(q: str) -> str """{{ »joiner }} {{ q }}"""\n'
     'protocol m() -> str { return "x" }', "uses Jinja2's global 'joiner'"),
    ("M0303", 'prompt p(q: str, »extra: int) -> str """{{ q }}"""\n'
     'protocol m(q: str) -> str { a = p(q, 1) @local\n return a }',
     "parameter 'extra' of prompt 'p' is not used"),
    # ---- knobs
    ("M0401", protocol('knob k in 1..4 = »9\nreturn "x"'), "default 9 of knob 'k' is outside"),
    ("M0401", protocol('knob k in [1, 2] = »3\nreturn "x"'), "not one of its values"),
    ("M0402", protocol('knob k in »5..1 = 3\nreturn "x"'), "knob 'k' has an empty range 5..1"),
    ("M0402", protocol('knob k in »[1, "a"] = 1\nreturn "x"'), "mix types (int, str)"),
    # ---- control flow
    ("M0501", protocol('»stop when true\nreturn "x"'), "only allowed inside a repeat"),
    ("M0502", HEADER + 'protocol »main(q: str) -> str {\n  a = "x"\n}\n', "never returns"),
    ("M0503", protocol('return "x"\n»a = 1'), "statement after return"),
    ("M0504", protocol('repeat 2 {\n  »return "x"\n}'), "return inside a repeat"),
    ("M0505", protocol('repeat »0 {\n  a = 1\n}\nreturn "x"'), "repeat 0 never runs"),
    ("M0505", protocol('knob r in 0..3 = 1\nrepeat »r {\n  a = 1\n}\nreturn "x"'),
     "knob 'r' allows 0 rounds"),
    # ---- budgets
    ("M0601", protocol('budget »remot.tokens <= 10\nreturn "x"'), "budget on 'remot'"),
    ("M0602", protocol('budget remote.»tokenz <= 10\nreturn "x"'),
     "unknown budget metric 'tokenz'"),
    ("M0603", protocol('»budget remote.tokens <= 0\nreturn "x"'), "budget limit 0 allows nothing"),
    # ---- privacy
    ("M0701", protocol("a = ask(»doc) @boss\nreturn a"), "derives from private input doc"),
    ("M0702", protocol("a = ask(»share question) @boss\nreturn a"), "'question' holds no private"),
    ("M0703", protocol("a = ask(question) @boss(max_tokens: len(»doc))\nreturn a"),
     "sets max_tokens of ask @boss"),
    ("M0704", protocol("repeat len(»doc) {\n  a = ask(question) @boss\n}\nreturn question"),
     "how many times the repeat runs"),
    # ---- LLM steps
    ("M0801", protocol("a = »ask(question)\nreturn a"), "call of prompt 'ask' has no placement"),
    ("M0802", protocol("a = text(question) »@worker\nreturn a"), "only a call of a prompt"),
    ("M0803", protocol("a = cascade {\n  ask(question) »@worker\n  ask(question) @boss\n}\n"
                       "return a"), "no agreement rule"),
    ("M0803", protocol("a = cascade {\n  ask(question) @worker(samples: 2, »agree: 3)\n"
                       "  ask(question) @boss\n}\nreturn a"), "agree: 3 cannot be met by 2"),
    ("M0803", protocol("a = »cascade { ask(question) @worker }\nreturn a"), "at least two tiers"),
    ("M0108", protocol("a = cascade(»agree: 2) {\n  ask(question) @worker(samples: 2, agree: 2)\n"
                       "  ask(question) @boss\n}\nreturn a"), "unknown option 'agree'"),
    ("M0803", protocol('a = cascade(policy: »"lerned") {\n  ask(question) @worker\n'
                       "  ask(question) @boss\n}\nreturn a"), "unknown cascade policy 'lerned'"),
    ("M0803", protocol("a = cascade(»threshold: 0.2) {\n  ask(question) @worker(samples: 2, "
                       "agree: 2)\n  ask(question) @boss\n}\nreturn a"),
     "threshold: is for a learned cascade"),
    ("M0201", protocol('a = cascade(policy: "learned", threshold: »"high") {\n'
                       "  ask(question) @worker\n  ask(question) @boss\n}\nreturn a"),
     "cascade option 'threshold' must be float"),
    ("M0803", protocol('a = cascade(policy: "learned") {\n  ask(question) @worker\n'
                       "  ask(question) @boss\n  »ask(question) @boss\n}\nreturn a"),
     "has two tiers"),
    ("M0804", protocol("a = »route { ask(question) @worker ask(question) @boss }\nreturn a"),
     "a route needs a policy"),
    ("M0804", protocol('a = route(policy: »"lerned") { ask(question) @worker ask(question) @boss }'
                       "\nreturn a"), "unknown route policy 'lerned'"),
    ("M0805", protocol('a = len(»ask(question))\nreturn "x"'), "prompt 'ask' is called inside"),
    ("M0805", protocol('a = »ask\nreturn "x"'), "prompt 'ask' is not a value"),
    # ---- program structure
    ("M0901", "»models { w = local }\n", "declares no protocol"),
    ("M0902", 'protocol a() -> str { return "x" }\nprotocol »b() -> str { return "y" }\n',
     "2 protocols (a, b) and none is main"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("code", "marked", "fragment"),
    CASES,
    ids=[f"{code}-{i}" for i, (code, _, _) in enumerate(CASES)],
)
def test_each_code_is_reported_at_the_right_place(code: str, marked: str, fragment: str) -> None:
    text, expected_position = unmark(marked)
    result = compile_text(text)
    assert codes(result) == [code], [render(d, text) for d in result.diagnostics]
    (diagnostic,) = result.diagnostics
    assert position(diagnostic) == expected_position, render(diagnostic, text)
    assert fragment in diagnostic.message
    assert diagnostic.path == "t.minion"
    assert diagnostic.help_text  # every diagnostic says how to fix it
    rendered = render(diagnostic, text)
    line, column = expected_position
    assert rendered.startswith(f"t.minion:{line}:{column}: ")


def test_every_code_has_a_case() -> None:
    covered = {code for code, _, _ in CASES} | {"M0005"}  # M0005: read errors, below
    assert covered == set(CODES)


# ---- M0005: the file cannot be read -------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.minion"
    result = compile_file(path)
    assert codes(result) == ["M0005"]
    assert "no such file" in result.diagnostics[0].message
    assert str(path) in result.diagnostics[0].message
    assert position(result.diagnostics[0]) == (1, 1)
    assert result.plan is None
    render(result.diagnostics[0], result.source_text)  # no source line, still renders


def test_directory(tmp_path: Path) -> None:
    result = compile_file(tmp_path)
    assert codes(result) == ["M0005"]
    assert "is a directory" in result.diagnostics[0].message


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.minion"
    path.write_bytes('protocol m() -> str { return "caf\xe9" }'.encode("latin-1"))
    result = compile_file(path)
    assert codes(result) == ["M0005"]
    assert "not UTF-8" in result.diagnostics[0].message


def test_compile_file_reads_a_good_file(tmp_path: Path) -> None:
    path = tmp_path / "ok.minion"
    path.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    result = compile_file(path)
    assert result.diagnostics == []
    assert result.plan is not None


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.minion"
    path.write_bytes(b"\xef\xbb\xbf" + SEED.read_bytes())
    result = compile_file(path)
    assert result.diagnostics == []
    assert result.plan is not None


# ---- the example compiles cleanly -----------------------------------------------


def test_positive_example_has_no_diagnostics() -> None:
    text = SEED.read_text(encoding="utf-8")
    result = compile_text(text, "b.minion")
    assert result.diagnostics == []
    assert result.ok
    assert result.plan is not None
    assert result.plan.protocol == "minions"


@pytest.mark.parametrize("path", sorted(ROOT.glob("programs/*.minion")), ids=lambda p: p.name)
def test_seed_programs_have_no_diagnostics(path: Path) -> None:
    result = compile_file(path)
    assert [render(d, result.source_text) for d in result.diagnostics] == []
    assert result.plan is not None


# ---- suggestions -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("marked", "suggestion"),
    [
        (protocol("x = »questoin\nreturn x"), "question"),
        (protocol("x = »qeustion\nreturn x"), "question"),
        (protocol("return q", params="q: »strr"), "str"),
        (protocol("a = ask(question) @»supervisr\nreturn a", params="question: str"), None),
        (protocol("a = ask(question) @»wroker\nreturn a"), "worker"),
        (protocol("a = »aks(question) @worker\nreturn a"), "ask"),
        (protocol('a = find(question, "t") @worker\nreturn text(a.»scroe)'), "score"),
        (protocol("a = ask(question) @worker(»temprature: 0.5)\nreturn a"), "temperature"),
        (protocol('budget remote.»tokns <= 10\nreturn "x"'), "tokens"),
        (protocol('a = route(policy: »"lerned") { ask(question) @worker ask(question) @boss }'
                  "\nreturn a"), "learned"),
        ('prompt p(question: str) -> str """{{ »questin }}"""\nprotocol m() -> str { return "x" }',
         "question"),
    ],
)  # fmt: skip
def test_unknown_names_suggest_the_closest(marked: str, suggestion: str | None) -> None:
    text, expected_position = unmark(marked)
    result = compile_text(text)
    assert len(result.diagnostics) == 1, codes(result)
    diagnostic = result.diagnostics[0]
    assert position(diagnostic) == expected_position
    if suggestion is None:  # nothing close: the help lists what there is instead
        assert "did you mean" not in diagnostic.help_text
    else:
        assert diagnostic.help_text == f"did you mean '{suggestion}'?"


def test_closest_ignores_far_names() -> None:
    assert closest("questoin", ["question", "doc"]) == "question"
    assert closest("zzz", ["question", "doc"]) is None
    assert closest("x", []) is None


# ---- rendering ------------------------------------------------------------------------


def test_render_shows_the_line_and_a_caret_under_the_name() -> None:
    text = "protocol main(question: str) -> str {\n  x = questoin\n  return x\n}\n"
    result = compile_text(text, "demo.minion")
    (diagnostic,) = result.diagnostics
    assert render(diagnostic, text) == (
        "demo.minion:2:7: error[M0101]: unknown name 'questoin'\n"
        "  |\n"
        "2 |   x = questoin\n"
        "  |       ^^^^^^^^\n"
        "  = help: did you mean 'question'?"
    )


def test_render_of_a_warning_and_a_wide_gutter() -> None:
    text = "\n" * 11 + "protocol main(q: str) -> str {\n  a = text(share q)\n  return a\n}\n"
    result = compile_text(text, "w.minion")
    (diagnostic,) = result.diagnostics
    assert diagnostic.severity is Severity.WARNING
    lines = render(diagnostic, text).split("\n")
    assert lines[0] == (
        "w.minion:13:12: warning[M0702]: 'q' holds no private data; share does nothing"
    )
    assert lines[1] == "   |"
    assert lines[2] == "13 |   a = text(share q)"
    assert lines[3] == "   |            ^^^^^^^"
    assert lines[4] == "  = help: remove the share"


def test_render_counts_lines_like_the_parser() -> None:
    # \f and \u2028 are line breaks to str.splitlines but not to the parser.
    text = "# a\f comment\u2028 here\nprotocol main(q: str) -> str {\n  return questoin\n}\n"
    result = compile_text(text)
    (diagnostic,) = result.diagnostics
    assert position(diagnostic) == (3, 10)
    assert "3 |   return questoin" in render(diagnostic, text)


def test_render_with_tabs_keeps_the_caret_under_the_name() -> None:
    text = "protocol main(q: str) -> str {\n\treturn questoin\n}\n"
    (diagnostic,) = compile_text(text).diagnostics
    rendered = render(diagnostic, text).split("\n")
    source, caret = rendered[2], rendered[3]
    assert source[caret.index("^") : caret.index("^") + len("questoin")] == "questoin"


def test_render_of_a_multi_line_span_underlines_to_the_end_of_the_line() -> None:
    text = protocol("a = cascade {\n  ask(question) @worker(samples: 2, agree: 2)\n}\nreturn a")
    (diagnostic,) = compile_text(text).diagnostics
    assert diagnostic.code == "M0803"
    assert diagnostic.span.end_line > diagnostic.span.line
    rendered = render(diagnostic, text).split("\n")
    assert rendered[2].endswith("a = cascade {")
    assert rendered[3].endswith("^" * len("cascade {"))


def test_to_json() -> None:
    text, _ = unmark(protocol("x = »questoin\nreturn x"))
    data = compile_text(text).diagnostics[0].to_json()
    assert data["code"] == "M0101"
    assert data["severity"] == "error"
    assert data["help"] == "did you mean 'question'?"
    assert (data["line"], data["column"], data["end_column"]) == (8, 7, 15)


# ---- many errors at once, and no cascades -------------------------------------------------


def test_independent_errors_are_all_reported() -> None:
    text = protocol(
        """
a = ask(questoin) @worker
b = find(question, "t") @wroker
knob k in 1..3 = 7
return text(b.answr)
"""
    )
    result = compile_text(text)
    assert sorted(codes(result)) == ["M0101", "M0103", "M0105", "M0401"]
    assert result.plan is None
    lines = {d.code: d.span.line for d in result.diagnostics}
    assert lines == {"M0101": 8, "M0105": 9, "M0401": 10, "M0103": 11}


def test_errors_in_declarations_and_protocols_are_all_reported() -> None:
    text = """\
models { w = lokal }
type T { a: strng }
prompt p(x: str) -> str \"\"\"{{ topic }}\"\"\"
protocol main(q: str) -> str {
  budget remote.tokenz <= 5
  return q
}
"""
    result = compile_text(text)
    assert codes(result) == ["M0107", "M0102", "M0301", "M0303", "M0602"]


@pytest.mark.parametrize(
    "body",
    [
        # an unknown name, used again later
        "a = questoin\nb = a + 1\nc = ask(text(b)) @worker\nreturn c",
        # an unknown prompt's result, used later
        "a = summarize(question) @worker\nb = a.answer\nreturn b",
        # an unknown input type, used later
        "return text(q.x)",
        # a call of an unknown field, used later
        'a = find(question, "t") @worker\nb = a.answr\nc = b + 1\nreturn text(c)',
        # a missing placement: the output type is still known
        "a = ask(question)\nb = ask(a) @worker\nreturn b",
        # a bad fan-out source
        "a = for c in question: ask(c) @worker\nb = for x in a: ask(x) @worker\nreturn text(b)",
        # a return inside a repeat does not also say the protocol never returns
        'repeat 2 {\n  return "x"\n}',
        # a one-tier cascade does not also complain about its agreement rule
        "a = cascade { ask(question) @worker(samples: 3, agree: 2) }\nreturn a",
        # an unknown placement on a private value: one error, not a privacy one too
        "a = ask(doc) @wroker\nreturn a",
        # an unknown list kept: its fields in the condition are not unknown names too
        "k = keep findngs where answer != none and score > 1\nreturn text(k)",
        # a binding that hides a prompt, called: not also "placement on a non-call"
        'ask = "x"\na = ask(question) @worker\nreturn a',
        # a misspelt template variable does not also make its parameter unused
        None,
    ],
)
def test_one_mistake_one_diagnostic(body: str | None) -> None:
    if body is None:
        text = (
            'prompt p(question: str) -> str """{{ questoin }}"""\n'
            'protocol m() -> str { return "x" }'
        )
    elif body.startswith("return text(q.x)"):
        text = protocol(body, params="q: Mystery")
    else:
        text = protocol(body)
    result = compile_text(text)
    assert len(result.diagnostics) == 1, [render(d, text) for d in result.diagnostics]


# ---- warnings do not stop compilation -------------------------------------------------------


def test_unused_parameter_warning_still_compiles() -> None:
    text = (
        'prompt p(q: str, extra: int) -> str """{{ q }}"""\n'
        "protocol m(q: str) -> str {\n  a = p(q, 1) @local\n  return a\n}\n"
    )
    result = compile_text(text)
    assert codes(result) == ["M0303"]
    assert not result.diagnostics[0].is_error
    assert result.plan is not None
    assert result.ok


def test_useless_share_warning_still_compiles() -> None:
    result = compile_text(protocol("a = ask(share question) @boss\nreturn a"))
    assert codes(result) == ["M0702"]
    assert result.diagnostics[0].severity is Severity.WARNING
    assert result.plan is not None
    assert result.ok


def test_an_error_and_a_warning_give_no_plan() -> None:
    text = (
        'prompt p(q: str, extra: int) -> str """{{ q }}"""\n'
        "protocol m(q: str) -> str {\n  a = p(q, 1) @local\n  return questoin\n}\n"
    )
    result = compile_text(text)
    assert sorted(codes(result)) == ["M0101", "M0303"]
    assert result.plan is None
    assert not result.ok


# ---- a few more specific behaviours -----------------------------------------------------------


def test_entry_protocol_that_does_not_exist() -> None:
    text = 'protocol alpha() -> str { return "x" }\nprotocol beta() -> str { return "y" }\n'
    result = compile_text(text, protocol="alpah")
    assert codes(result) == ["M0901"]
    assert "no protocol named 'alpah'" in result.diagnostics[0].message
    assert result.diagnostics[0].help_text == "did you mean 'alpha'?"
    chosen = compile_text(text, protocol="beta")
    assert chosen.diagnostics == [] and chosen.plan is not None
    assert chosen.plan.protocol == "beta"


def test_several_protocols_with_a_main() -> None:
    text = 'protocol helper() -> str { return "x" }\nprotocol main() -> str { return "y" }\n'
    result = compile_text(text)
    assert result.diagnostics == [] and result.plan is not None
    assert result.plan.protocol == "main"


def test_keyword_as_a_field_name_is_still_fine() -> None:
    text = (
        "type T { stop: bool  type: str }\n"
        "protocol main(t: T) -> str {\n  x = t.type\n  return x\n}\n"
    )
    result = compile_text(text)
    assert result.diagnostics == []


def test_syntax_error_at_end_of_file_points_after_the_last_token() -> None:
    text, (line, column) = unmark("protocol main() -> str {\n  x = [1, 2»\n\n\n")
    (diagnostic,) = compile_text(text).diagnostics
    assert diagnostic.code == "M0001"
    assert position(diagnostic) == (line, column)
    assert "end of file" in diagnostic.message


def test_template_errors_point_into_the_template_line() -> None:
    marked = (
        'prompt p(question: str, task: str) -> str """\n'
        "  Question: {{ question }}\n"
        "  Task: {{ »tsk }}\n"
        '"""\n'
        'protocol m() -> str { return "x" }\n'
    )
    text, expected = unmark(marked)
    result = compile_text(text)
    assert codes(result) == ["M0301"]
    assert position(result.diagnostics[0]) == expected
    assert result.diagnostics[0].help_text == "did you mean 'task'?"


def test_template_with_escaped_newlines_keeps_the_caret_inside_the_string() -> None:
    marked = (
        'prompt p(question: str) -> str """\\n\\n\\n\\n\\n  {{ »questin }}"""\n'
        'protocol m() -> str { return "x" }\n'
    )
    text, expected = unmark(marked)
    result = compile_text(text)
    assert codes(result) == ["M0301"]
    assert position(result.diagnostics[0]) == expected


def test_examples_hold_constants_only() -> None:
    marked = (
        'prompt p(q: str) -> str {\n  """{{ q }}"""\n'
        '  example(q: »"a" + "b") -> "ab"\n}\n'
        'protocol m() -> str { return "x" }\n'
    )
    text, expected = unmark(marked)
    result = compile_text(text)
    assert codes(result) == ["M0201"]
    assert position(result.diagnostics[0]) == expected
    assert "constants" in result.diagnostics[0].message


def test_marker_is_not_left_in_any_case() -> None:
    for _, marked, _ in CASES:
        assert unmark(marked)[0].count(MARK) == 0


@pytest.mark.parametrize(
    ("expression", "value"),
    [("n - 1", ["-", "n", 1]), ("n -1", ["-", "n", 1]), ("(n - 1)", ["-", "n", 1])],
)
def test_binary_minus_is_subtraction(expression: str, value: list[object]) -> None:
    # `-` is both a sign and an operator; after an operand it is the operator.
    text = f"protocol main(n: int) -> int {{\n  x = {expression}\n  return x\n}}\n"
    result = compile_text(text)
    assert result.diagnostics == []
    assert result.plan is not None
    op = result.plan.steps[0].value  # type: ignore[union-attr]
    assert [op.op, op.args[0].name, op.args[1].value] == value


def test_a_sign_still_starts_an_expression() -> None:
    text = "protocol main(n: int) -> list[int] {\n  x = [-1, - n, n - -2]\n  return x\n}\n"
    result = compile_text(text)
    assert result.diagnostics == []


def test_keep_over_anonymous_records_sees_their_fields() -> None:
    body = 'k = keep [{answer: "a", score: 2}] where score > 1\nreturn text(k)'
    result = compile_text(protocol(body))
    assert result.diagnostics == []


def test_recursive_records_are_one_type_at_every_depth() -> None:
    text = (
        "type Node { v: str  kids: list[Node]  next: Node?  a: Node?  b: Node? }\n"
        'prompt p(n: Node) -> Node """{{ n.v }}"""\n'
        "protocol main(x: Node) -> str {\n"
        "  a = for k in x.kids: p(k) @local\n"
        "  b = for k in x.kids[0].kids[0].kids[0].kids[0].kids[0].kids[0].kids[0].kids[0].kids:"
        " p(k) @local\n"
        "  c = p(a[0]) @local\n"
        "  return text(c.kids[0].kids[0].kids[0].kids[0].kids[0].kids[0].kids[0].v)\n"
        "}\n"
    )
    result = compile_text(text)
    assert result.diagnostics == []
    assert result.plan is not None
    node = result.plan.types["Node"]
    assert node["properties"]["kids"] == {"type": "array", "items": {"$ref": "#/$defs/Node"}}


def test_a_long_chain_of_records_compiles() -> None:
    n = 400
    text = "".join(f"type T{i} {{ a: T{i + 1}? }}\n" for i in range(n))
    text += f"type T{n} {{ x: str }}\n"
    text += "protocol main(t: T0) -> str {\n  return text(t.a.a.a)\n}\n"
    result = compile_text(text)
    assert result.diagnostics == []
    assert result.plan is not None
    assert len(result.plan.types) == n + 1


@pytest.mark.parametrize(
    "text",
    [
        # `-` does not associate: its chain nests (a chain of `+` is balanced, below)
        "protocol main(q: int) -> int {\n  x = " + "1 - " * 300 + "1\n  return x\n}\n",
        "protocol main(q: int) -> int {\n  x = " + "[" * 300 + "]" * 300 + "\n  return 1\n}\n",
        "protocol main(q: " + "list[" * 300 + "str" + "]" * 300 + ") -> int {\n  return 1\n}\n",
        'prompt p(q: str) -> str """{{ ' + "(" * 300 + "q" + ")" * 300 + ' }}"""\n'
        "protocol main(q: str) -> str {\n  return q\n}\n",
    ],
    ids=["difference", "list", "type", "template"],
)
def test_deep_nesting_is_a_diagnostic_not_a_crash(text: str) -> None:
    result = compile_text(text)
    assert codes(result) in (["M0001"], ["M0302"])
    assert "nests" in result.diagnostics[0].message


def test_a_long_flat_chain_of_plus_and_or_is_balanced_not_an_error() -> None:
    # Far past what a left-deep tree could recurse through (the limit is 1,000 frames).
    terms = " + ".join(["q"] * 2500)
    conds = " or ".join(['q == "x"'] * 2500)
    result = compile_text(
        f"protocol main(q: str) -> str {{\n  a = {terms}\n  b = {conds}\n  return a + text(b)\n}}\n"
    )
    assert result.diagnostics == [] and result.plan is not None


@pytest.mark.parametrize(
    "body",
    [
        # bound before the stop: always bound once the repeat is over
        'repeat 3 {\n  a = ask(question) @boss\n  stop when a == "x"\n}\nreturn a',
        # bound before the repeat, re-bound after the stop: carried, always bound
        'b = ""\nrepeat 3 {\n  stop when true\n  b = ask(question) @boss\n}\nreturn b',
        # used after the stop, inside the same round: bound there
        'repeat 3 {\n  stop when true\n  c = "x"\n  d = c + c\n}\nreturn "x"',
    ],
)
def test_names_bound_in_a_repeat_are_bound_after_it(body: str) -> None:
    assert compile_text(protocol(body)).diagnostics == []


def test_a_name_bound_after_a_nested_stop_may_be_unbound_after_that_repeat() -> None:
    marked = protocol(
        'repeat 3 {\n  repeat 2 {\n    stop when true\n    c = "x"\n  }\n  d = »c\n}\nreturn d'
    )
    text, expected = unmark(marked)
    result = compile_text(text)
    assert codes(result) == ["M0101"]
    assert position(result.diagnostics[0]) == expected
