"""`optimize` trains a learned route even when its untrained plan (every answer
local) never got far: when the program's defaults are its only candidate (every
knob fixed, no baseline program) they are measured only as the baseline, and
against a baseline program the race drops the untrained route after its first
examples. Training is what can make the plan clear. A scripted backend: the
local tier is wrong exactly on the questions that say "hard"."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from minionc.compiler import plan as p
from minionc.compiler.optimize import driver
from minionc.compiler.optimize.devset import load_dev_set
from minionc.compiler.optimize.metrics import load_metric
from minionc.compiler.optimize.search import Constraint
from minionc.compiler.pipeline import compile_source
from minionc.runtime.executor import Runtime
from scripted_backend import ScriptedBackend

PROGRAM = '''
prompt answer(question: str) -> str """Question: {{ question }}"""
protocol qa(question: str) -> str {
  a = route(policy: "learned") {
    answer(question) @local(max_tokens: 8)
    answer(question) @remote(max_tokens: 8)
  }
  return a
}
'''


REMOTE_ONLY = '''
prompt answer(question: str) -> str """Question: {{ question }}"""
protocol remote_only(question: str) -> str {
  return answer(question) @remote(max_tokens: 8)
}
'''
ROWS = [
    {"question": f"{kind} question number {i}?", "expected": "x"}
    for i in range(10)
    for kind in ("easy", "hard")
]


def run_optimize(tmp_path: Path, constraint: Constraint, baseline: str | None) -> Any:
    compiled = compile_source(PROGRAM, "qa.minion")
    assert compiled.plan is not None, [d.message for d in compiled.diagnostics]
    baseline_plan = compile_source(baseline, "remote_only.minion").plan if baseline else None
    dev = tmp_path / "dev.jsonl"
    dev.write_text("".join(json.dumps(r) + "\n" for r in ROWS), encoding="utf-8")
    local = ScriptedBackend(tier="local", answer="x", rules={"hard": "wrong"})
    remote = ScriptedBackend(tier="remote", answer="x", name="strong")
    return driver.optimize(
        compiled.plan,
        load_dev_set(dev, ["question"], {}),
        load_metric("exact"),
        constraint,
        Runtime(local=local, remote=remote, use_cache=False),
        store_dir=tmp_path / "store",
        baseline_plan=baseline_plan,
        max_demos=0,
    )


def test_the_defaults_route_is_trained_when_they_are_the_only_candidate(tmp_path: Path) -> None:
    optimized = run_optimize(tmp_path, Constraint("absolute", 0.9, 0.5), baseline=None)
    # Untrained, the defaults answer locally: half right, short of 0.9.
    search = optimized.search
    assert search.baseline.quality(search.order) == 0.5
    assert_trained_and_chosen(optimized)


def test_a_route_the_race_dropped_untrained_is_trained(tmp_path: Path) -> None:
    optimized = run_optimize(tmp_path, Constraint("relative", 0.95, 0.5), baseline=REMOTE_ONLY)
    search = optimized.search
    (untrained,) = [r for r in search.records if "learned route" not in r.label]
    assert untrained.dropped is not None and not untrained.measured(search.order)
    assert_trained_and_chosen(optimized)


def assert_trained_and_chosen(optimized: Any) -> None:
    search = optimized.search
    training = optimized.route_training
    assert training is not None and training.examples == len(ROWS)
    assert training.remote_share is not None and 0.0 < training.remote_share < 1.0
    assert optimized.plan is not None, "the trained route clears and is written"
    route = next(s for s in optimized.plan.steps if isinstance(s, p.RouteStep))
    assert route.learned is not None and route.learned["format"] == "minionc-route-policy"
    chosen = search.chosen
    assert chosen is not None and "learned route" in chosen.label
    assert chosen.quality(search.order) >= 0.9
    # What it sends remote is the questions the local tier gets wrong.
    sent = {e for e in search.order if chosen.outcomes[e].remote_calls > 0}
    hard = {e for e in search.order if chosen.outcomes[e].score < 1.0}
    assert not hard and sent
    assert optimized.plan.provenance is not None
    assert optimized.plan.provenance.details["route_training"]["in_plan"] is True
