"""`optimize` trains a learned route even when the program's defaults are its
only candidate (every knob fixed, no baseline program): the defaults are then
measured only as the baseline, with the route untrained (every answer local),
and training is what can make the plan clear. A scripted backend: the local tier
is wrong exactly on the questions that say "hard"."""

from __future__ import annotations

import json
from pathlib import Path

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


def test_the_defaults_route_is_trained_when_they_are_the_only_candidate(tmp_path: Path) -> None:
    compiled = compile_source(PROGRAM, "qa.minion")
    assert compiled.plan is not None, [d.message for d in compiled.diagnostics]
    dev = tmp_path / "dev.jsonl"
    rows = [
        {"question": f"{kind} question number {i}?", "expected": "x"}
        for i in range(10)
        for kind in ("easy", "hard")
    ]
    dev.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    local = ScriptedBackend(tier="local", answer="x", rules={"hard": "wrong"})
    remote = ScriptedBackend(tier="remote", answer="x", name="strong")
    optimized = driver.optimize(
        compiled.plan,
        load_dev_set(dev, ["question"], {}),
        load_metric("exact"),
        Constraint("absolute", 0.9, 0.5),
        Runtime(local=local, remote=remote, use_cache=False),
        store_dir=tmp_path / "store",
        max_demos=0,
    )
    search = optimized.search
    # Untrained, the defaults answer locally: half right, short of 0.9.
    assert search.baseline.quality(search.order) == 0.5
    training = optimized.route_training
    assert training is not None and training.examples == len(rows)
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
