"""Privacy flow (DESIGN 3.3): private inputs, and everything computed from them by
deterministic or local steps, reach a remote step only through `share`."""

from __future__ import annotations

import pytest
from minion_snippets import codes, compile_text, position, protocol, unmark
from minionc.compiler import plan as p
from minionc.compiler.diagnostics import render
from minionc.compiler.pipeline import CompileResult

PARAMS = "question: str, doc: private doc, notes: private str"


def leak(marked_body: str, code: str = "M0701") -> None:
    """The program has exactly one error, `code`, at the » marker."""
    text, expected = unmark(protocol(marked_body, params=PARAMS))
    result = compile_text(text)
    assert codes(result) == [code], [render(d, text) for d in result.diagnostics]
    assert position(result.diagnostics[0]) == expected
    assert "private input" in result.diagnostics[0].message
    assert result.plan is None


def clean(body: str) -> CompileResult:
    text = protocol(body, params=PARAMS)
    result = compile_text(text)
    assert result.diagnostics == [], [render(d, text) for d in result.diagnostics]
    assert result.plan is not None
    return result


def steps(plan: p.Plan) -> list[object]:
    """Every step of the plan, repeat bodies included."""
    found: list[object] = []
    for step in plan.steps:
        found.append(step)
        found.extend(getattr(step, "body", []) or [])
    return found


def step_binding(plan: p.Plan, name: str) -> object:
    return next(s for s in steps(plan) if getattr(s, "binds", None) == name)


@pytest.mark.parametrize(
    "body",
    [
        # directly, to a remote role and to @remote
        "a = ask(»doc) @boss\nreturn a",
        "a = ask(»notes) @remote\nreturn a",
        "a = ask(question: »doc) @boss\nreturn a",
        # through deterministic steps
        "c = split(doc, tokens: 100)\na = ask(»join(c)) @boss\nreturn a",
        'f = format("Notes: {{ n }}", n: notes)\na = ask(»f) @boss\nreturn a',
        "t = text(doc)\na = ask(»t) @boss\nreturn a",
        "s = question + notes\na = ask(»s) @boss\nreturn a",
        "a = ask(»question + notes) @boss\nreturn a",
        "n = len(doc)\na = ask(»text(n)) @boss\nreturn a",
        "c = split(doc, tokens: 100)\nf = first(c)\na = ask(»text(f)) @boss\nreturn a",
        "c = split(doc, tokens: 100)\nr = retrieve(c, question, k: 2)\na = ask(»join(r)) @boss\n"
        "return a",
        # through a local LLM step
        "s = ask(doc) @worker\na = ask(»s) @boss\nreturn a",
        "s = ask(doc) @local\na = ask(»s) @remote\nreturn a",
        "f = find(doc, question) @worker\na = ask(»text(f.score)) @boss\nreturn a",
        # an @auto step reading private data may run locally: its output is tainted
        "s = ask(doc) @auto\na = ask(»s) @boss\nreturn a",
        # through a fan-out iterator variable
        "c = split(doc, tokens: 100)\na = for x in c: ask(»x) @boss\nreturn text(a)",
        "c = split(doc, tokens: 100)\na = for x in c, t in [question]: find(»x, t) @boss\n"
        "return text(a)",
        # through a local fan-out, then remote
        "c = split(doc, tokens: 100)\na = for x in c: ask(x) @worker\nb = ask(»join(a)) @boss\n"
        "return b",
        # through a keep
        "c = split(doc, tokens: 100)\nf = for x in c: find(x, question) @worker\n"
        "k = keep f where score > 1\nb = ask(»text(k)) @boss\nreturn b",
        # through a list or a record literal
        "a = ask(»text([question, notes])) @boss\nreturn a",
        "a = ask(»text({q: question, n: notes})) @boss\nreturn a",
        # through a cascade's and a route's local tiers
        "s = cascade {\n  ask(doc) @worker(samples: 2, agree: 2)\n  ask(share doc) @boss\n}\n"
        "a = ask(»s) @boss\nreturn a",
        'r = route(policy: "random") { ask(doc) @worker ask(question) @boss }\n'
        "a = ask(»r) @boss\nreturn a",
        # in a cascade's remote tier
        "s = cascade {\n  ask(doc) @worker(samples: 2, agree: 2)\n  ask(»doc) @boss\n}\nreturn s",
        # the return step is a step like another
        "return ask(»notes) @boss",
        # a loop-carried variable: bound from local output in round 1, sent in round 2
        'memo = ""\nrepeat 2 {\n  a = ask(»memo) @boss\n  memo = ask(doc) @worker\n}\nreturn memo',
        # ... through a chain of carried names, which takes three rounds to arrive
        'x = ""\ny = ""\nz = ""\nrepeat 4 {\n  a = ask(»x) @boss\n  x = y\n  y = z\n'
        "  z = ask(doc) @worker\n}\nreturn x",
        # in a nested repeat
        'm = ""\nrepeat 2 {\n  repeat 2 {\n    a = ask(»m) @boss\n  }\n  m = text(notes)\n}\n'
        "return m",
    ],
)
def test_private_data_reaching_a_remote_step_is_an_error(body: str) -> None:
    leak(body)


def test_the_message_names_every_private_input_and_the_step() -> None:
    text, _ = unmark(protocol("s = doc + notes\na = ask(»s) @boss\nreturn a", params=PARAMS))
    (diagnostic,) = compile_text(text).diagnostics
    assert diagnostic.message == (
        "'s' derives from private inputs doc, notes and would be sent to ask @boss, "
        "which runs remotely"
    )
    assert "share s" in diagnostic.help_text


def test_each_leaking_argument_is_reported_once() -> None:
    text = protocol(
        'memo = ""\nrepeat 3 {\n  a = find(doc, memo) @boss\n  memo = text(notes)\n}\nreturn memo',
        params=PARAMS,
    )
    result = compile_text(text)
    assert codes(result) == ["M0701", "M0701"]
    assert [d.span.column for d in result.diagnostics] == [14, 19]


@pytest.mark.parametrize(
    "body",
    [
        # private data may stay local, in any number of steps
        "s = ask(doc) @worker\nt = ask(s) @local\nreturn t",
        "c = split(doc, tokens: 100)\na = for x in c: ask(x) @worker\nreturn join(a)",
        "return text(doc)",
        # a loop count and a stop condition that control only local calls
        "n = len(doc)\nrepeat n {\n  a = ask(doc) @worker\n  stop when n > 3\n}\nreturn a",
        # ... or that the program releases
        "n = len(doc)\nrepeat share n {\n  a = ask(question) @boss\n  stop when share n > 3\n}\n"
        "return a",
        # remote output is not tainted: computed from a shared value, it may go remote
        "s = ask(share doc) @boss\nr = ask(s) @boss\nt = ask(text(r)) @remote\nreturn t",
        # a non-private input may go remote
        "a = ask(question) @boss\nreturn a",
        # a loop-carried variable that only ever holds remote output
        'm = ""\nrepeat 2 {\n  m = ask(question + m) @boss\n}\nreturn m',
    ],
)
def test_allowed_flows(body: str) -> None:
    clean(body)


def test_share_allows_the_flow_and_records_it() -> None:
    result = clean("s = ask(doc) @worker\nr = ask(share s) @boss\nreturn r")
    assert result.checked is not None
    (flow,) = result.checked.private_flows
    assert flow.inputs == ("doc",)
    assert flow.value == "s"
    assert flow.binding == "r"
    assert flow.prompt == "ask"
    assert flow.placement == "@boss"
    assert result.plan is not None
    (planned,) = result.plan.private_flows
    assert planned.inputs == ["doc"]
    assert planned.value == "s"
    assert planned.binds == "r"
    assert planned.prompt == "ask"
    assert planned.placement == "@boss"
    assert planned.line == 9
    remote_step = step_binding(result.plan, "r")
    assert planned.step == remote_step.id  # type: ignore[attr-defined]
    (share,) = remote_step.call.args.values()  # type: ignore[attr-defined]
    assert isinstance(share, p.ShareExpr)
    assert share.private_inputs == ["doc"]


def test_every_share_is_a_flow() -> None:
    result = clean(
        "c = split(doc, tokens: 100)\n"
        "a = for x in c: ask(share x) @boss\n"
        "b = find(share doc, share notes) @remote\n"
        "s = cascade {\n  ask(notes) @worker(samples: 2, agree: 2)\n  ask(share notes) @boss\n}\n"
        "return s"
    )
    assert result.checked is not None
    flows = [(f.inputs, f.value, f.binding, f.kind) for f in result.checked.private_flows]
    assert flows == [
        (("doc",), "x", "a", "argument"),
        # the fan-out sends every item, so their number too
        (("doc",), "x", "a", "fan-out"),
        (("doc",), "doc", "b", "argument"),
        (("notes",), "notes", "b", "argument"),
        (("notes",), "notes", "s", "argument"),
        # the remote tier receives what the worker's answers were computed from
        (("notes",), "notes", "s", "cascade"),
    ]
    assert result.plan is not None
    assert [f.binds for f in result.plan.private_flows] == ["a", "a", "b", "b", "s", "s"]
    assert all(f.step for f in result.plan.private_flows)


def test_share_of_part_of_an_argument_does_not_cover_the_rest() -> None:
    leak("a = ask(»text(share notes) + doc) @boss\nreturn a")


def test_share_in_a_loop_is_recorded_once() -> None:
    result = clean(
        'm = ""\nrepeat 3 {\n  r = ask(share m) @boss\n  m = ask(notes) @worker\n}\nreturn r'
    )
    assert result.checked is not None
    assert len(result.checked.private_flows) == 1


def test_auto_step_reading_private_data_is_pinned_local() -> None:
    result = clean(
        "a = ask(doc) @auto\n"
        "b = ask(question) @auto\n"
        "c = split(doc, tokens: 100)\n"
        "d = for x in c: ask(x) @auto\n"
        "e = ask(share doc) @auto\n"
        "return a"
    )
    assert result.plan is not None
    allowed = {
        name: step_binding(result.plan, name).call.placement.allowed  # type: ignore[attr-defined]
        for name in "abde"
    }
    assert allowed == {
        "a": ["local"],
        "b": ["local", "remote"],
        "d": ["local"],
        "e": ["local", "remote"],  # the program shared it: the optimizer may send it
    }
    assert step_binding(result.plan, "a").call.placement.tier == "auto"  # type: ignore[attr-defined]
    # The shared value may go remote, so it is a flow like any other.
    (flow,) = result.plan.private_flows
    assert (flow.binds, flow.placement, flow.inputs) == ("e", "@auto", ["doc"])
    (share,) = step_binding(result.plan, "e").call.args.values()  # type: ignore[attr-defined]
    assert share.private_inputs == ["doc"]


def test_private_inputs_are_marked_in_the_plan() -> None:
    result = clean("return question")
    assert result.plan is not None
    assert {i.name: i.private for i in result.plan.inputs} == {
        "question": False,
        "doc": True,
        "notes": True,
    }


# ---- implicit flows: what shapes a remote call, or decides whether it runs ------------


@pytest.mark.parametrize(
    ("body", "code"),
    [
        # options of a remote call
        ("a = ask(question) @boss(max_tokens: len(»doc))\nreturn a", "M0703"),
        ("n = len(doc) % 3 + 1\na = ask(question) @boss(samples: »n)\nreturn text(a)", "M0703"),
        ("a = ask(question) @remote(temperature: len(»notes) / 100)\nreturn a", "M0703"),
        # how often it runs: a repeat count, a stop condition (also of an outer loop)
        ("n = len(doc)\nrepeat »n {\n  a = ask(question) @boss\n}\nreturn question", "M0704"),
        ("repeat len(»doc) {\n  a = ask(question) @boss\n}\nreturn question", "M0704"),
        (
            "repeat 3 {\n  v = ask(doc) @worker\n  a = ask(question) @boss\n"
            '  stop when »v == "y"\n}\nreturn question',
            "M0704",
        ),
        (
            'repeat 3 {\n  v = ask(doc) @worker\n  stop when »v == "y"\n  repeat 2 {\n'
            "    a = ask(question) @boss\n  }\n}\nreturn question",
            "M0704",
        ),
        # how many calls: a remote fan-out over a list derived from private data
        (
            "c = split(doc, tokens: 100)\na = for x in »c: ask(question) @boss\nreturn text(a)",
            "M0704",
        ),
        (
            "l = for x in split(doc, tokens: 10): ask(x) @worker\n"
            "b = for y in »l: ask(question) @boss\nreturn text(b)",
            "M0704",
        ),
        # whether it runs: a route's policy reads the first tier's arguments
        (
            'r = route(policy: "length") { ask(»doc) @worker  ask(question) @boss }\nreturn r',
            "M0704",
        ),
        (
            'r = route(policy: "learned") { ask(»notes) @worker  ask(question) @boss }\nreturn r',
            "M0704",
        ),
        (
            'r = route(policy: "random", share: len(»doc) / 1000) '
            "{ ask(question) @worker  ask(question) @boss }\nreturn r",
            "M0704",
        ),
        # ... or a cascade's earlier answers, and its agreement settings
        (
            "s = cascade {\n  ask(»doc) @worker(samples: 2, agree: 2)\n  ask(question) @boss\n}\n"
            "return s",
            "M0704",
        ),
        (
            "k = len(doc) % 2 + 1\ns = cascade {\n  ask(question) @worker(samples: 2, agree: »k)\n"
            "  ask(question) @boss\n}\nreturn s",
            "M0704",
        ),
        # data that control shaped is tainted: a filter's condition, a count of
        # rounds, the length of a local fan-out's result
        ("k = keep [question] where len(doc) > 3\na = ask(»text(k)) @boss\nreturn a", "M0701"),
        (
            'x = ""\nrepeat 3 {\n  v = ask(doc) @worker\n  stop when v == "y"\n  x = x + "a"\n}\n'
            "a = ask(»x) @boss\nreturn a",
            "M0701",
        ),
        (
            "l = for x in split(doc, tokens: 10): ask(question) @worker\n"
            "a = ask(»text(len(l))) @boss\nreturn a",
            "M0701",
        ),
    ],
)
def test_private_data_controlling_a_remote_step_is_an_error(body: str, code: str) -> None:
    leak(body, code)


def test_a_value_controlling_several_remote_calls_is_one_error_with_a_note() -> None:
    text = protocol(
        "n = len(doc)\nrepeat n {\n  a = ask(question) @boss\n  b = ask(question) @remote\n}\n"
        "return question",
        params=PARAMS,
    )
    (diagnostic,) = compile_text(text).diagnostics
    assert diagnostic.code == "M0704"
    assert "ask @boss" in diagnostic.message
    assert diagnostic.notes == ("it also controls ask @remote",)
    assert "repeat share n" in diagnostic.help_text


def test_an_implicit_flow_released_by_share_is_listed_with_what_it_controls() -> None:
    result = clean(
        "a = ask(question) @boss(max_tokens: share len(doc))\n"
        "n = len(doc)\nrepeat share n {\n  b = ask(question) @boss\n}\n"
        "repeat 2 {\n  v = ask(doc) @worker\n  c = ask(question) @boss\n"
        '  stop when share v == "y"\n}\n'
        "l = split(doc, tokens: 100)\nd = for x in share l: ask(question) @boss\n"
        'r = route(policy: "length") { ask(notes) @worker  ask(share notes) @boss }\n'
        "return a"
    )
    assert result.plan is not None
    kinds = [(f.kind, f.binds, f.value) for f in result.plan.private_flows]
    assert kinds == [
        ("option", "a", "len(doc)"),
        ("repeat", "b", "n"),
        ("stop", "c", "v"),
        ("fan-out", "d", "l"),
        ("argument", "r", "notes"),
        ("route", "r", "notes"),
    ]
    from minionc.compiler.explain import explain_text

    text = explain_text(result.plan)
    assert "doc -> len(doc) -> ask @boss (remote) as its option max_tokens" in text
    assert "as the count of its repeat (how often it runs)" in text
    assert "deciding whether it is chosen" in text


def test_auto_step_controlled_by_private_data_is_pinned_local() -> None:
    result = clean(
        "a = ask(question) @auto(max_tokens: len(doc))\n"
        "c = split(doc, tokens: 100)\nb = for x in c: ask(question) @auto\n"
        "d = ask(question) @auto\nreturn a"
    )
    assert result.plan is not None
    allowed = {
        name: step_binding(result.plan, name).call.placement.allowed  # type: ignore[attr-defined]
        for name in "abd"
    }
    assert allowed == {"a": ["local"], "b": ["local"], "d": ["local", "remote"]}
    assert result.plan.private_flows == []


def test_the_standard_programs_keep_their_flows() -> None:
    from minionc.compiler.pipeline import compile_file
    from repo_paths import ROOT

    flows = {}
    for path in sorted((ROOT / "programs").glob("*.minion")):
        result = compile_file(path)
        assert result.ok, [d.message for d in result.diagnostics]
        assert result.plan is not None
        flows[path.stem] = [(f.kind, f.value) for f in result.plan.private_flows]
    assert flows == {
        "abc_cascade": [("argument", "evidence"), ("cascade", "evidence")],
        "doc_qa": [("argument", "evidence")],
        "frugal_cascade": [],
        "local_only": [],
        "minion": [("argument", "transcript")],
        "minions": [("argument", "distinct")],
        "remote_only": [("argument", "context")],
        "routed": [("argument", "evidence"), ("route", "evidence")],
    }
