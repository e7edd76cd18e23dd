"""Cascade calibration's scoring and plan edits on known observations (no model
calls); the same calibration on real models, where its prediction must match a
real run of the calibrated plan, is in tests/runtime/test_optimize_calibrate_run.py."""

from __future__ import annotations

from minionc.compiler import plan as p
from minionc.compiler.optimize.calibrate import (
    AgreementSetting,
    Observation,
    calibratable_cascade,
    score_settings,
    thresholds,
    with_setting,
)
from minionc.compiler.optimize.metrics import load_metric
from minionc.compiler.optimize.search import Constraint
from minionc.compiler.pipeline import compile_file, compile_source
from repo_paths import ROOT

EXACT = load_metric("exact")
RELATIVE = Constraint("relative", 0.95, 0.9)


def observation(name: str, answers: list[str | None], remote: str, expected: str) -> Observation:
    return Observation(
        example=name,
        expected=expected,
        alternatives=(),
        local_answers=tuple(answers),
        remote_answer=remote,
        cascade_remote_tokens=100,
        other_remote_tokens=0,
    )


def labels_case() -> list[Observation]:
    """Twenty examples: on twelve all five samples agree and are right; on four,
    three of five agree on a wrong label; on four the samples scatter. The
    remote tier is always right."""
    agreeing = [observation(f"a{i}", ["up"] * 5, "up", "up") for i in range(12)]
    misled = [
        observation(f"m{i}", ["down", "down", "down", "up", "none"], "up", "up") for i in range(4)
    ]
    scattered = [
        observation(f"s{i}", ["up", "down", "none", "neutral", "up"], "down", "down")
        for i in range(4)
    ]
    return agreeing + misled + scattered


def test_every_setting_is_scored_as_the_cascade_would_answer() -> None:
    observations = labels_case()
    baseline = {o.example: 1.0 for o in observations}
    rows = score_settings(
        observations, EXACT, RELATIVE.margin_bounds, free_text=False, baseline=baseline
    )
    assert len(rows) == sum(range(1, 6))  # (samples, agree) with agree <= samples <= 5
    by_setting = {(r.setting.samples, r.setting.agree): r for r in rows}
    # One sample always stands: the misled (wrong) and scattered ("up", wrong) lose.
    assert by_setting[(1, 1)].deferred == 0.0
    assert by_setting[(1, 1)].quality == 12 / 20
    # Three of three: the misled examples agree on "down" (wrong); the scattered defer.
    three = by_setting[(3, 3)]
    assert three.deferred == 4 / 20 and three.quality == 16 / 20
    # Four of five: only the twelve unanimous examples stand; the rest defer and
    # the remote tier gets them right.
    four = by_setting[(5, 4)]
    assert four.deferred == 8 / 20 and four.quality == 1.0
    assert four.remote_tokens == 8 / 20 * 100
    # Cheapest first; the first clearing row is what calibration chooses.
    tokens = [r.remote_tokens for r in rows]
    assert tokens == sorted(tokens)
    chosen = next(r for r in rows if r.clears)
    assert chosen.quality == 1.0 and chosen.deferred == 8 / 20
    assert not by_setting[(1, 1)].clears and not three.clears


def test_free_text_thresholds_come_from_the_samples() -> None:
    observations = [
        observation("x", ["5.2 million", "$5.2 million", "5.2 million dollars"], "5.2 million", ""),
        observation("y", ["Leeds", "Leeds office", "York"], "Leeds", ""),
    ]
    cuts = thresholds(observations)
    # "5.2 million" vs "5.2 million dollars": 2 of 3 tokens; "Leeds" vs "Leeds office": 1 of 2.
    assert 0.6667 in cuts and 0.5 in cuts and 1.0 in cuts
    assert all(0 < c <= 1 for c in cuts)
    contains = load_metric("contains")
    for o in observations:
        object.__setattr__(o, "expected", o.remote_answer)
    rows = score_settings(
        observations,
        contains,
        Constraint("absolute", 0.0).margin_bounds,
        free_text=True,
        baseline={},
    )
    assert {r.setting.similarity for r in rows} == set(cuts)
    # At 0.5, "Leeds" and "Leeds office" agree (2 of 3); at 1.0 they do not.
    loose = next(r for r in rows if r.setting == AgreementSetting(3, 2, 0.5))
    strict = next(r for r in rows if r.setting == AgreementSetting(3, 2, 1.0))
    assert loose.deferred < strict.deferred


def test_with_setting_writes_the_rule_into_the_returned_cascade() -> None:
    plan = compile_file(ROOT / "programs" / "abc_cascade.minion").plan
    assert plan is not None
    step = calibratable_cascade(plan)
    assert step is not None and step.agreement == "similarity"
    tuned = with_setting(plan, step.id, AgreementSetting(4, 3, 0.6154))
    tier = next(s for s in tuned.steps if isinstance(s, p.CascadeStep)).tiers[0]
    assert tier.call.options["samples"] == p.ConstExpr(value=4)
    assert tier.agree == p.ConstExpr(value=3)
    assert tier.similarity == p.ConstExpr(value=0.6154)
    assert tier.call.options["temperature"] == step.tiers[0].call.options["temperature"]
    assert plan.steps != tuned.steps  # the original is untouched
    assert calibratable_cascade(tuned) is not None


def test_a_cascade_the_protocol_does_not_return_is_left_alone() -> None:
    source = '''
prompt label(text: str) -> str """Text: {{ text }}"""
protocol p(text: str) -> str {
  first = cascade {
    label(text) @local(samples: 3, agree: 2)
    label(text) @remote
  }
  second = label(first) @local
  return second
}
'''
    compiled = compile_source(source, "inline.minion")
    assert compiled.plan is not None, compiled.diagnostics
    assert calibratable_cascade(compiled.plan) is None
