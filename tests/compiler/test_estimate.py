"""The static cost estimate: figures worked out by hand, each rule, the assumptions
it records, and the standard programs' figures that the optimizer relies on."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from minionc.compiler import plan as p
from minionc.compiler.estimate import (
    EstimateError,
    estimate_plan,
    known_assumptions,
    static_template_tokens,
    tokens_of,
)
from minionc.compiler.plan_io import dump_plan, parse_plan
from plan_helpers import call, compile_program, const, hand_plan, knob, ref, with_knobs


def rows(plan: p.Plan, step: str) -> dict[str, p.StepEstimate]:
    assert plan.estimate is not None
    return {row.tier: row for row in plan.estimate.steps if row.step == step}


# ---- the basic rules -------------------------------------------------------------


def test_token_count_is_ceil_of_chars_over_four() -> None:
    assert tokens_of("") == 0
    assert tokens_of("abcd") == 1
    assert tokens_of("abcde") == 2


def test_static_template_drops_tags() -> None:
    # "Chunk: \nTask: \n" is 15 characters: 4 tokens.
    assert static_template_tokens("Chunk: {{ chunk }}\nTask: {{ task }}\n") == 4
    assert static_template_tokens("{% if x %}ab{% endif %}{# note #}cd") == 1


def test_hand_plan_figures_match_the_hand_computation() -> None:
    plan = estimate_plan(hand_plan())
    estimate = plan.estimate
    assert estimate is not None
    # context 10,000 tokens / chunk_size 1000 = 10 chunks; 2 tasks; 2 samples; 2 rounds.
    # prompt per call: 4 template + 1000 chunk + 1 task = 1005;
    # completion: Finding = 3 ("answer": key) + 40 (str?) = 43.
    assert estimate.local == p.TierEstimate(
        prompt_tokens=80 * 1005, completion_tokens=80 * 43, calls=80
    )
    # decide: 2 template + 30 question + 0.3 x 40 findings x 43 tokens = 548; 40 out; 2 rounds.
    assert estimate.remote == p.TierEstimate(prompt_tokens=2 * 548, completion_tokens=80, calls=2)
    assert estimate.assumptions == {"question": 30, "context": 10000, "kept.keep": 0.3}
    local = rows(plan, "s3")["local"]
    assert local.binds == "findings"
    assert 'c in chunks (10) x t in ["a", "b"] (2)' in local.formula
    assert "x 2 samples = 40 calls" in local.formula
    assert "prompt = 4 template + 1000 chunk + 1 task = 1005" in local.formula
    assert local.formula.startswith("2 rounds x (")
    remote = rows(plan, "s5")["remote"]
    assert "516 findings" in remote.formula


def test_estimate_is_a_copy_and_leaves_the_plan_alone() -> None:
    plan = hand_plan()
    estimated = estimate_plan(plan)
    assert plan.estimate is None
    assert estimated.model_copy(update={"estimate": None}) == plan


def test_assumed_context_changes_the_chunk_count() -> None:
    plan = estimate_plan(hand_plan(), {"context": 50000})
    assert plan.estimate is not None
    assert plan.estimate.local.calls == 50 * 2 * 2 * 2
    assert plan.estimate.assumptions["context"] == 50000


def test_knob_values_drive_the_estimate() -> None:
    plan = estimate_plan(with_knobs(hand_plan(), chunk_size=500, rounds=3))
    assert plan.estimate is not None
    assert plan.estimate.local.calls == 20 * 2 * 2 * 3  # 20 chunks of 500, 3 rounds
    assert plan.estimate.remote.calls == 3


def test_keep_ratio_is_an_assumption() -> None:
    low = estimate_plan(hand_plan(), {"kept.keep": 0.1}).estimate
    high = estimate_plan(hand_plan(), {"kept.keep": 1.0}).estimate
    assert low is not None and high is not None
    assert low.remote.prompt_tokens == 2 * (2 + 30 + 4 * 43)
    assert high.remote.prompt_tokens == 2 * (2 + 30 + 40 * 43)


def test_unknown_assumption_is_an_error_naming_the_known_ones() -> None:
    with pytest.raises(EstimateError) as caught:
        estimate_plan(hand_plan(), {"contxt": 5})
    message = str(caught.value)
    assert "contxt" in message
    assert "did you mean 'context'" in message
    assert "kept.keep" in message and "question" in message


def test_negative_assumption_is_an_error() -> None:
    with pytest.raises(EstimateError, match="must be a number >= 0"):
        estimate_plan(hand_plan(), {"context": -1})


def test_known_assumptions_lists_what_the_plan_uses() -> None:
    assert set(known_assumptions(hand_plan())) == {"question", "context", "kept.keep"}


def _with_steps(steps: list[p.Step], **extra: object) -> p.Plan:
    return hand_plan(steps=steps, private_flows=[], **extra)


def _extract_map(over: p.Expr, **options: p.Expr) -> p.MapStep:
    return p.MapStep(
        id="m",
        binds="findings",
        line=1,
        iterators=[p.Iteration(var="c", over=over)],
        call=call(
            "extract",
            {"chunk": ref("c"), "task": const("a")},
            "worker",
            "local",
            output={"$ref": "#/$defs/Finding"},
            **options,
        ),
    )


@pytest.mark.parametrize(
    ("kwargs", "calls", "chunk"),
    [
        ({"tokens": const(3000)}, 4, 3000),  # ceil(10000 / 3000) = 4 chunks of 3000
        ({"tokens": const(20000)}, 1, 10000),  # one chunk, no bigger than the text
        ({"paragraphs": const(5)}, 25, 400),  # 5 x 80 tokens a paragraph
        ({"pages": const(2)}, 10, 1000),  # 2 x 500 tokens a page
        ({"tokens": const(1000), "overlap": const(100)}, 10, 1100),  # overlap adds
    ],
)
def test_split_rules(kwargs: dict[str, p.Expr], calls: int, chunk: int) -> None:
    split = p.LetStep(
        id="s",
        binds="chunks",
        line=1,
        value=p.BuiltinExpr(name="split", args=[ref("context")], kwargs=kwargs),
    )
    plan = estimate_plan(_with_steps([split, _extract_map(ref("chunks"))]))
    assert plan.estimate is not None
    assert plan.estimate.local.calls == calls
    assert plan.estimate.local.prompt_tokens == calls * (4 + chunk + 1)


def test_max_tokens_caps_the_completion() -> None:
    step = _extract_map(p.ListExpr(items=[const("x")]), max_tokens=const(10))
    plan = estimate_plan(_with_steps([step]))
    assert plan.estimate is not None
    assert plan.estimate.local.completion_tokens == 10
    assert "max_tokens" in plan.estimate.steps[0].formula


def test_lists_in_an_answer_default_to_four_items_and_can_be_assumed() -> None:
    tasks = {"type": "array", "items": {"type": "string"}}
    decompose = p.Prompt(
        params=[p.Param(name="question", schema={"type": "string"})],
        output=tasks,
        template="{{ question }}",
        line=1,
    )
    step = p.LLMStep(
        id="s",
        binds="jobs",
        line=1,
        call=call("decompose", {"question": ref("question")}, "supervisor", "remote", output=tasks),
    )
    prompts = {**hand_plan().prompts, "decompose": decompose}
    plan = _with_steps([step], prompts=prompts)
    default = estimate_plan(plan).estimate
    assumed = estimate_plan(plan, {"jobs.items": 10}).estimate
    assert default is not None and assumed is not None
    assert default.remote.completion_tokens == 4 * 40
    assert assumed.remote.completion_tokens == 10 * 40
    assert default.assumptions["jobs.items"] == 4


def test_samples_make_a_list_and_multiply_calls() -> None:
    step = p.LLMStep(
        id="s",
        binds="votes",
        line=1,
        call=call(
            "decide",
            {"question": ref("question"), "findings": ref("question")},
            "worker",
            "local",
            samples=const(5),
        ),
    )
    plan = estimate_plan(_with_steps([step]))
    assert plan.estimate is not None
    assert plan.estimate.local.calls == 5
    assert "5 samples = 5 calls" in plan.estimate.steps[0].formula


def _decide(
    target: str, tier: str, allowed: list[str] | None = None, **options: p.Expr
) -> p.LLMCall:
    return call(
        "decide",
        {"question": ref("question"), "findings": ref("question")},
        target,
        tier,
        allowed,
        **options,
    )


def test_cascade_later_tiers_run_on_the_deferred_fraction() -> None:
    cascade = p.CascadeStep(
        id="s",
        binds="answer",
        line=1,
        agreement="exact",
        tiers=[
            p.CascadeTier(call=_decide("worker", "local", samples=const(3)), agree=const(2)),
            p.CascadeTier(call=_decide("worker", "local", samples=const(3)), agree=const(2)),
            p.CascadeTier(call=_decide("supervisor", "remote")),
        ],
    )
    plan = _with_steps([cascade])
    estimate = estimate_plan(plan).estimate
    assert estimate is not None
    assert estimate.local.calls == pytest.approx(3 + 0.3 * 3)
    assert estimate.remote.calls == pytest.approx(0.09)  # 0.3 squared
    assert estimate.assumptions["answer.defer"] == 0.3
    assumed = estimate_plan(plan, {"answer.defer": 0.5}).estimate
    assert assumed is not None
    assert assumed.remote.calls == pytest.approx(0.25)


@pytest.mark.parametrize(
    ("policy", "options", "assume", "remote_calls"),
    [
        ("learned", {}, {}, 0.5),
        ("learned", {}, {"answer.remote_share": 0.2}, 0.2),
        ("random", {"share": const(0.1)}, {}, 0.1),
        ("always_local", {}, {}, 0.0),
        ("always_remote", {}, {}, 1.0),
    ],
)
def test_route_shares(
    policy: str, options: dict[str, p.Expr], assume: dict[str, float], remote_calls: float
) -> None:
    route = p.RouteStep(
        id="s",
        binds="answer",
        line=1,
        policy=policy,
        options=options,
        tiers=[_decide("worker", "local"), _decide("supervisor", "remote")],
    )
    estimate = estimate_plan(_with_steps([route]), assume).estimate
    assert estimate is not None
    assert estimate.remote.calls == pytest.approx(remote_calls)
    assert estimate.local.calls == pytest.approx(1 - remote_calls)


def test_auto_calls_count_as_remote_unless_pinned_local() -> None:
    free = p.LLMStep(id="a", binds="x", line=1, call=_decide("auto", "auto", ["local", "remote"]))
    pinned = p.LLMStep(id="b", binds="y", line=2, call=_decide("auto", "auto", ["local"]))
    estimate = estimate_plan(_with_steps([free, pinned])).estimate
    assert estimate is not None
    assert estimate.remote.calls == 1 and estimate.local.calls == 1
    assert any("@auto" in note and "remote" in note for note in estimate.notes)


def test_repeat_note_says_it_is_an_upper_bound() -> None:
    estimate = estimate_plan(hand_plan()).estimate
    assert estimate is not None
    assert any("upper bound" in note for note in estimate.notes)
    assert any("ceil(characters / 4)" in note for note in estimate.notes)


def test_growing_loop_carried_value_is_estimated_per_round() -> None:
    # transcript = transcript + reply, then ask(transcript) @remote: the prompt grows.
    steps: list[p.Step] = [
        p.LetStep(id="s1", binds="transcript", line=1, value=const("")),
        p.RepeatStep(
            id="s2",
            binds=None,
            line=2,
            times=const(3),
            carried=["transcript"],
            body=[
                p.LetStep(
                    id="s3",
                    binds="transcript",
                    line=3,
                    value=p.OpExpr(op="+", args=[ref("transcript"), ref("question")]),
                ),
                p.LLMStep(
                    id="s4",
                    binds="turn",
                    line=4,
                    call=call(
                        "decide",
                        {"question": ref("question"), "findings": ref("transcript")},
                        "supervisor",
                        "remote",
                    ),
                ),
            ],
        ),
    ]
    estimate = estimate_plan(_with_steps(steps)).estimate
    assert estimate is not None
    # rounds see 30, 60, 90 tokens of transcript: 3 x (2 + 30) + 180.
    assert estimate.remote.prompt_tokens == 3 * 32 + 180
    formula = estimate.steps[0].formula
    assert "round 1:" in formula and "round 3:" in formula


# ---- the standard programs -----------------------------------------------------------


def test_minions_local_calls_are_chunks_times_tasks_times_samples_times_rounds() -> None:
    plan = compile_program("minions")
    for values in ({}, {"chunk_size": 1000, "tasks": 8, "samples": 2, "rounds": 3}):
        tuned = with_knobs(plan, **values)
        estimate = estimate_plan(tuned, {"context": 50000}).estimate
        assert estimate is not None
        knobs = {name: k.value for name, k in tuned.knobs.items()}
        chunks = math.ceil(50000 / knobs["chunk_size"])
        assert chunks == 50
        expected = chunks * knobs["tasks"] * knobs["samples"] * knobs["rounds"]
        assert estimate.local.calls == expected
        assert estimate.remote.calls == 2 * knobs["rounds"]  # decompose + synthesize


def test_minions_remote_tokens_are_far_below_remote_only() -> None:
    minions = estimate_plan(compile_program("minions"), {"context": 50000}).estimate
    remote_only = estimate_plan(compile_program("remote_only"), {"context": 50000}).estimate
    assert minions is not None and remote_only is not None
    remote_only_tokens = remote_only.remote.prompt_tokens + remote_only.remote.completion_tokens
    minions_tokens = minions.remote.prompt_tokens + minions.remote.completion_tokens
    assert remote_only_tokens >= 50000
    assert remote_only.local.calls == 0
    assert minions_tokens * 3 < remote_only_tokens
    assert minions.assumptions["context"] == 50000
    assert {"plan.items", "kept.keep"} <= set(minions.assumptions)


def test_minion_transcript_grows_round_by_round() -> None:
    plan = compile_program("minion")
    one = estimate_plan(with_knobs(plan, rounds=1)).estimate
    three = estimate_plan(with_knobs(plan, rounds=3)).estimate
    assert one is not None and three is not None
    # The worker reads the whole document every round; the supervisor never does.
    assert three.local.calls == 3 and three.local.prompt_tokens > 3 * 10000
    assert three.remote.prompt_tokens < 10000
    # The last supervisor turn reads a longer transcript than the first one did.
    per_round_first = (one.remote.prompt_tokens - _opening_turn(one)) / 1
    per_round_mean = (three.remote.prompt_tokens - _opening_turn(three)) / 3
    assert per_round_mean > per_round_first


def _opening_turn(estimate: p.Estimate) -> float:
    return estimate.steps[0].prompt_tokens


def test_abc_cascade_and_routed_defaults() -> None:
    abc = estimate_plan(compile_program("abc_cascade")).estimate
    routed = estimate_plan(compile_program("routed"), {"answer.remote_share": 0.2}).estimate
    assert abc is not None and routed is not None
    assert abc.local.calls == 3  # the samples knob
    assert abc.remote.calls == pytest.approx(0.3)
    assert routed.remote.calls == pytest.approx(0.2)


def test_tier_totals_are_the_sum_of_the_steps() -> None:
    for name in ("minions", "minion", "abc_cascade", "routed", "remote_only"):
        estimate = estimate_plan(compile_program(name), {"context": 50000}).estimate
        assert estimate is not None
        for tier_name in ("local", "remote"):
            tier = getattr(estimate, tier_name)
            mine = [row for row in estimate.steps if row.tier == tier_name]
            assert tier.calls == pytest.approx(sum(r.calls for r in mine))
            assert tier.prompt_tokens == pytest.approx(sum(r.prompt_tokens for r in mine))
        assert all(row.formula for row in estimate.steps)


def test_estimated_plan_round_trips() -> None:
    plan = estimate_plan(compile_program("minions"), {"context": 50000})
    text = dump_plan(plan)
    assert dump_plan(parse_plan(text, "x")) == text


_MINIONS = compile_program("minions")


@settings(max_examples=40, deadline=None)
@given(
    context=st.integers(min_value=0, max_value=400_000),
    chunk=st.sampled_from([500, 1000, 2000, 4000]),
)
def test_minions_estimate_is_sane_for_any_context(context: int, chunk: int) -> None:
    plan = with_knobs(_MINIONS, chunk_size=chunk)
    small = estimate_plan(plan, {"context": context}).estimate
    large = estimate_plan(plan, {"context": context + 5000}).estimate
    assert small is not None and large is not None
    for tier in (small.local, small.remote, large.local, large.remote):
        for value in (tier.calls, tier.prompt_tokens, tier.completion_tokens):
            assert math.isfinite(value) and value >= 0
    assert large.local.prompt_tokens >= small.local.prompt_tokens
    assert large.remote.prompt_tokens >= small.remote.prompt_tokens


def test_split_size_can_be_a_knob() -> None:
    split = p.LetStep(
        id="s",
        binds="chunks",
        line=1,
        value=p.BuiltinExpr(
            name="split", args=[ref("context")], kwargs={"tokens": knob("chunk_size")}
        ),
    )
    plan = estimate_plan(_with_steps([split, _extract_map(ref("chunks"))]))
    assert plan.estimate is not None and plan.estimate.local.calls == 10


def test_number_input_can_be_assumed_as_a_count() -> None:
    steps: list[p.Step] = [
        p.RepeatStep(
            id="r",
            binds=None,
            line=1,
            times=ref("n"),
            body=[
                p.LLMStep(
                    id="s",
                    binds="x",
                    line=2,
                    call=call(
                        "decide",
                        {"question": ref("question"), "findings": ref("question")},
                        "supervisor",
                        "remote",
                    ),
                )
            ],
        )
    ]
    inputs = [*hand_plan().inputs, p.Param(name="n", schema={"type": "integer"})]
    plan = _with_steps(steps, inputs=inputs)
    unassumed = estimate_plan(plan).estimate
    assumed = estimate_plan(plan, {"n": 5}).estimate
    assert unassumed is not None and assumed is not None
    assert unassumed.remote.calls == 1
    assert assumed.remote.calls == 5
    assert assumed.assumptions["n"] == 5


def test_list_concatenation_adds_items() -> None:
    both = p.OpExpr(
        op="+",
        args=[
            p.ListExpr(items=[const("aaaa"), const("bbbb")]),
            p.ListExpr(items=[const("cccccccc")]),
        ],
    )
    steps: list[p.Step] = [
        p.LetStep(id="l", binds="xs", line=1, value=both),
        _extract_map(ref("xs")),
    ]
    estimate = estimate_plan(_with_steps(steps)).estimate
    assert estimate is not None
    assert estimate.local.calls == 3
    # 4 tokens of items in all, spread over 3 calls: 4 template + 4/3 chunk + 1 task each
    assert estimate.local.prompt_tokens == pytest.approx(3 * (4 + 1) + 4)
