"""Cascade calibration on real models: the embedded Gemma samples headlines
locally, the same model behind the loopback server (LiteLLM over HTTP) is the
remote tier. What calibration predicts for a setting from one observation run
must be what a real run of the plan with that setting does, and `optimize`
writes the calibrated rule into the plan it returns."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from headline_dev import HEADLINES_DEV, write_headline_dev
from minionc.compiler import plan as p
from minionc.compiler.optimize.calibrate import (
    calibratable_cascade,
    observe,
    score_settings,
    with_setting,
)
from minionc.compiler.optimize.driver import optimize
from minionc.compiler.optimize.evaluate import evaluate_example
from minionc.compiler.optimize.metrics import load_metric
from minionc.compiler.optimize.search import Constraint
from minionc.compiler.pipeline import compile_source
from minionc.runtime.executor import Runtime

PROGRAM = '''
type Move = "up" | "down" | "neutral" | "none"
prompt direction(headline: str) -> Move {
  """
  Headline: {{ headline }}
  """
  example(headline: "feb. gold gains $19.90 to $1,616.50/oz") -> "up"
  example(headline: "gold falls below $1,300 an ounce; off 2.7% at $1,291.80") -> "down"
  example(headline: "Gold prices steady ahead of US midterm elections") -> "neutral"
  example(headline: "can you buy gold in your ira?") -> "none"
}
protocol headlines(headline: str) -> Move {
  move = cascade {
    direction(headline) @local(samples: 3, agree: 3, temperature: 1.0, max_tokens: 4)
    direction(headline) @remote(max_tokens: 4)
  }
  return move
}
'''
DEV = HEADLINES_DEV[:8]
EXACT = load_metric("exact")


def compiled_plan() -> Any:
    compiled = compile_source(PROGRAM, "headlines.minion")
    assert compiled.plan is not None, compiled.diagnostics
    return compiled.plan


def test_the_predicted_outcome_of_every_setting_is_what_a_real_run_gives(
    tmp_path: Path, headline_runtime: Runtime
) -> None:
    plan, runtime = compiled_plan(), headline_runtime
    devset = write_headline_dev(tmp_path / "dev.jsonl", DEV)
    step = calibratable_cascade(plan)
    assert step is not None
    observations, calls = observe(plan, step, devset.examples, runtime, samples=4)
    assert len(observations) == len(DEV) and calls > 0
    assert all(len(o.local_answers) == 4 for o in observations)
    assert all(o.cascade_remote_tokens > 0 for o in observations)
    rows = score_settings(
        observations,
        EXACT,
        Constraint("absolute", 0.0).margin_bounds,
        free_text=False,
        baseline={},
    )
    assert len(rows) == 1 + 2 + 3 + 4
    # Replay three settings for real (their calls come from the call cache).
    for samples, agree in ((1, 1), (3, 2), (4, 4)):
        row = next(r for r in rows if (r.setting.samples, r.setting.agree) == (samples, agree))
        tuned = with_setting(plan, step.id, row.setting)
        outcomes = [evaluate_example(runtime, tuned, e, EXACT) for e in devset.examples]
        assert sum(o.score for o in outcomes) / len(outcomes) == row.quality, row.setting
        deferred = sum(o.remote_calls > 0 for o in outcomes) / len(outcomes)
        assert deferred == row.deferred, row.setting
        tokens = sum(o.remote_tokens for o in outcomes) / len(outcomes)
        assert tokens == row.remote_tokens, row.setting
        assert sum(o.model_calls for o in outcomes) == 0  # all replayed from the cache


def test_optimize_writes_the_calibrated_rule_into_its_plan(
    tmp_path: Path, headline_runtime: Runtime
) -> None:
    plan, runtime = compiled_plan(), headline_runtime
    devset = write_headline_dev(tmp_path / "dev.jsonl", DEV)
    optimized = optimize(
        plan,
        devset,
        EXACT,
        Constraint("absolute", 0.0),
        runtime,
        store_dir=tmp_path / "store",
        max_demos=0,
    )
    calibration = optimized.calibration
    assert calibration is not None and calibration.examples == len(DEV)
    assert calibration.chosen is not None and calibration.chosen.clears
    assert optimized.plan is not None and optimized.plan.provenance is not None
    details = optimized.plan.provenance.details
    assert details["calibration"]["in_plan"] is True
    assert details["calibration"]["chosen"] == calibration.chosen.to_json()
    tier = next(s for s in optimized.plan.steps if isinstance(s, p.CascadeStep)).tiers[0]
    setting = calibration.chosen.setting
    assert tier.call.options["samples"] == p.ConstExpr(value=setting.samples)
    assert tier.agree == p.ConstExpr(value=setting.agree)
    # Any quality clears, so the cheapest rule wins: nothing deferred.
    assert calibration.chosen.deferred == 0.0
    assert optimized.plan.provenance.remote_tokens_per_query == 0.0
    # The calibrated plan is in the evidence, measured on the whole dev set.
    assert optimized.search.chosen is not None
    assert "calibrated cascade" in optimized.search.chosen.label
    assert optimized.search.chosen.measured(optimized.search.order)
