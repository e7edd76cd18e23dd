"""`minionc explain`: the text for people and the JSON for tools carry the same
content: inputs, roles, knobs, budgets, the step tree with placements, private
flows, the estimate with formulas and assumptions, and provenance."""

from __future__ import annotations

import json
import re

from minionc.compiler import plan as p
from minionc.compiler.estimate import estimate_plan
from minionc.compiler.explain import explain_json, explain_text, expr_text, type_text
from minionc.compiler.plan import walk_steps
from plan_helpers import PROGRAMS, call, compile_program, const, hand_plan, long_context, ref


def test_text_shows_every_part_of_the_hand_plan() -> None:
    text = explain_text(estimate_plan(hand_plan()))
    assert text.startswith("protocol hand\n")
    assert "programs/hand.minion" in text
    # inputs, the private one marked
    assert "  question  str\n" in text
    assert "  context   doc   private" in text
    # roles
    assert "worker      local" in text
    assert "supervisor  remote  default model openai/gpt-4o" in text
    # knobs with space and value
    assert "chunk_size  in [500, 1000, 2000]  value 1000" in text
    assert "rounds      in 1..3               value 2" in text
    # budgets, with the estimate against them
    assert "remote.tokens <= 40,000   (estimate 1,176 per run: within the budget)" in text
    # the step tree
    assert "s1   let      chunks = split(context, tokens: chunk_size=1000)" in text
    assert "s2   repeat   repeat rounds=2" in text
    assert (
        '      s3   map      findings = for c in chunks, t in ["a", "b"]: '
        "extract(chunk: c, task: t)" in text
    )
    assert "runs @worker -> local" in text
    assert "options samples: 2" in text
    assert "fan-out one job per item of chunks x" in text
    assert "s4   filter   kept = keep findings where answer != none" in text
    assert "runs @supervisor -> remote" in text
    assert 's6   stop     stop when decision != ""' in text
    # the private flow
    assert (
        "context -> kept -> decide @supervisor (remote), bound to decision, "
        "via share at line 14" in text
    )
    # the estimate: table, formulas, assumptions, notes
    assert "  local           80          80,400        3,440      83,840" in text
    assert "  remote           2           1,096           80       1,176" in text
    assert "x 2 samples = 40 calls" in text
    assert "kept.keep = 0.3" in text
    assert "upper bound" in text


def test_local_only_auto_call_is_marked() -> None:
    step = p.LLMStep(
        id="s1",
        binds="x",
        line=3,
        call=call(
            "decide",
            {"question": ref("context"), "findings": ref("question")},
            "auto",
            "auto",
            ["local"],
        ),
    )
    plan = hand_plan(steps=[step], private_flows=[])
    text = explain_text(plan)
    assert "runs @auto -> auto (local only: reads private data)" in text
    data = explain_json(plan)
    assert data["steps"][0]["call"]["placement"]["local_only"] is True
    # No estimate in the plan: the text says how to get one.
    assert data["estimate"] is None
    assert "none in this plan" in text


def test_free_auto_and_moved_calls_say_so() -> None:
    free = call(
        "decide",
        {"question": ref("question"), "findings": ref("question")},
        "auto",
        "auto",
        ["local", "remote"],
    )
    moved = call(
        "decide",
        {"question": ref("question"), "findings": ref("question")},
        "worker",
        "remote",
        ["local", "remote"],
    )
    steps: list[p.Step] = [
        p.LLMStep(id="a", binds="x", line=1, call=free),
        p.LLMStep(id="b", binds="y", line=2, call=moved),
    ]
    text = explain_text(hand_plan(steps=steps, private_flows=[]))
    assert "@auto -> auto (the optimizer places it: local or remote)" in text
    assert "@worker -> remote (moved by the optimizer from local)" in text


def test_cascade_and_route_show_their_tiers() -> None:
    tier_call = call(
        "decide",
        {"question": ref("question"), "findings": ref("question")},
        "worker",
        "local",
        samples=const(3),
    )
    last = call(
        "decide", {"question": ref("question"), "findings": ref("question")}, "supervisor", "remote"
    )
    steps: list[p.Step] = [
        p.CascadeStep(
            id="c",
            binds="label",
            line=1,
            agreement="exact",
            tiers=[p.CascadeTier(call=tier_call, agree=const(2)), p.CascadeTier(call=last)],
        ),
        p.RouteStep(
            id="r",
            binds="answer",
            line=2,
            policy="learned",
            options={"threshold": const(0.5)},
            tiers=[tier_call, last],
            learned={"weights": [0.1, 0.2]},
        ),
    ]
    plan = estimate_plan(hand_plan(steps=steps, private_flows=[]))
    text = explain_text(plan)
    assert "label = cascade (2 tiers, exact agreement)" in text
    assert "tier 1: decide(question, findings: question); kept when agree: 2" in text
    assert "tier 2: decide(question, findings: question); the last word" in text
    assert "answer = route (policy learned, 2 tiers)" in text
    assert "options threshold: 0.5" in text
    assert "a trained policy is stored in the plan" in text
    assert "label.defer" in text and "answer.remote_share" in text
    data = explain_json(plan)
    assert [t["agree"] for t in data["steps"][0]["tiers"]] == ["2", None]
    assert data["steps"][1]["learned"] is True


def test_no_private_flow_is_stated() -> None:
    text = explain_text(hand_plan(steps=[], private_flows=[]))
    assert "none: context never reach a remote model" in text


def test_provenance_is_shown() -> None:
    provenance = p.Provenance(
        dev_set_sha256="ab" * 32,
        metric="exact_match",
        constraint="quality >= 0.9",
        quality=0.93,
        remote_tokens_per_query=4100,
        baseline_quality=0.95,
        baseline_remote_tokens_per_query=52000,
        details={"candidates": 12},
    )
    plan = hand_plan(provenance=provenance)
    text = explain_text(plan)
    assert "provenance (minionc optimize)" in text
    assert "exact_match, constraint quality >= 0.9" in text
    assert "quality 0.93, remote tokens per query 4,100" in text
    assert "baseline        quality 0.95, remote tokens per query 52,000" in text
    assert explain_json(plan)["provenance"]["quality"] == 0.93


def test_json_is_stable_and_complete() -> None:
    plan = estimate_plan(hand_plan(), {"context": 50000})
    data = explain_json(plan)
    assert list(data) == [
        "protocol",
        "format",
        "version",
        "compiler",
        "source",
        "inputs",
        "output",
        "models",
        "types",
        "prompts",
        "knobs",
        "budgets",
        "steps",
        "private_flows",
        "estimate",
        "provenance",
    ]
    assert json.dumps(data) == json.dumps(explain_json(plan))  # deterministic
    assert data["inputs"] == [
        {"name": "question", "type": "str", "private": False},
        {"name": "context", "type": "doc", "private": True},
    ]
    assert data["knobs"]["rounds"] == {
        "space": "1..3",
        "kind": "int_range",
        "default": 2,
        "value": 2,
    }
    assert plan.estimate is not None
    assert data["estimate"] == plan.estimate.model_dump(mode="json")
    repeat = data["steps"][1]
    assert repeat["kind"] == "repeat" and repeat["times"] == "rounds=2"
    fanout = repeat["body"][0]
    assert fanout["fanout"] == [{"var": "c", "over": "chunks"}, {"var": "t", "over": '["a", "b"]'}]
    assert fanout["call"]["placement"]["text"] == "@worker -> local"
    assert data["private_flows"][0]["text"].startswith("context -> kept -> decide @supervisor")
    assert data["budgets"][0]["estimate"] == plan.estimate.remote.prompt_tokens + 80


def test_every_standard_program_explains() -> None:
    for name in PROGRAMS:
        compiled = compile_program(name)
        plan = estimate_plan(compiled, long_context(compiled))
        text = explain_text(plan)
        data = explain_json(plan)
        json.dumps(data)
        for _, step in walk_steps(plan.steps):
            assert f"{step.id} " in text
        for flow in plan.private_flows:
            assert f"via share at line {flow.line}" in text
        assert len(data["private_flows"]) == len(plan.private_flows)
        if long_context(compiled):
            assert re.search(r"\n    context +=  ?50,000\n", text), name


def test_minions_explains_its_private_flow() -> None:
    text = explain_text(estimate_plan(compile_program("minions")))
    assert "context -> distinct -> synthesize @supervisor (remote)" in text
    assert "context   doc   private" in text


def test_expression_rendering() -> None:
    expr = p.OpExpr(
        op="and",
        args=[
            p.OpExpr(op="!=", args=[ref("answer"), const(None)]),
            p.OpExpr(
                op=">",
                args=[
                    p.BuiltinExpr(name="len", args=[ref("answer")]),
                    p.OpExpr(op="*", args=[p.OpExpr(op="+", args=[const(1), const(2)]), const(3)]),
                ],
            ),
        ],
    )
    assert expr_text(expr) == "answer != none and len(answer) > (1 + 2) * 3"
    assert expr_text(p.OpExpr(op="not", args=[ref("done")])) == "not done"
    assert expr_text(
        p.FieldExpr(value=p.IndexExpr(value=ref("xs"), index=const(0)), field="a")
    ) == ("xs[0].a")
    assert expr_text(p.RecordExpr(fields={"a": const(True)})) == "{a: true}"
    assert expr_text(const("x" * 100)).endswith('..."')


def test_type_rendering() -> None:
    assert type_text({"type": "array", "items": {"$ref": "#/$defs/Finding"}}) == "list[Finding]"
    assert type_text({"anyOf": [{"type": "string"}, {"type": "null"}]}) == "str?"
    assert type_text({"type": "string", "enum": ["up", "down"], "title": "Label"}) == "Label"
    assert type_text({"type": "integer"}) == "int"
