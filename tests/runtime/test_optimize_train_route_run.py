"""`optimize` trains a program's learned route on its own dev set, on real
models: the embedded Gemma locally with four examples, the same model behind the
loopback server (LiteLLM over HTTP) with twelve as the remote tier."""

from __future__ import annotations

import json
from pathlib import Path

from headline_dev import HEADLINES_DEV as DEV
from headline_dev import write_headline_dev
from minionc.compiler import plan as p
from minionc.compiler.optimize.driver import optimize
from minionc.compiler.optimize.metrics import load_metric
from minionc.compiler.optimize.search import Constraint
from minionc.compiler.optimize.train_route import trainable_route
from minionc.compiler.pipeline import compile_source
from minionc.runtime.executor import Runtime

EXAMPLES = [
    ("feb. gold gains $19.90 to $1,616.50/oz", "up"),
    ("gold falls below $1,300 an ounce; off 2.7% at $1,291.80", "down"),
    ("Gold prices steady ahead of US midterm elections", "neutral"),
    ("can you buy gold in your ira?", "none"),
    ("Gold futures up at Rs 26,027 per 10 gm", "up"),
    ("Gold futures plunge to Rs 27,011 per 10 gm", "down"),
    ("Gold may stay range-bound next few weeks; surplus pressures silver", "neutral"),
    ("rbc cuts kinross gold corp price target to $13", "none"),
]


def prompt(name: str, examples: list[tuple[str, str]]) -> str:
    shown = "\n".join(
        f"  example(headline: {json.dumps(h)}) -> {json.dumps(e)}" for h, e in examples
    )
    template = '  """\n  Headline: {{ headline }}\n  """\n'
    return f"prompt {name}(headline: str) -> Move {{\n{template}{shown}\n}}\n"


HEAD = 'type Move = "up" | "down" | "neutral" | "none"\n'
PROGRAM = (
    HEAD
    + prompt("quick", EXAMPLES[:4])
    + prompt("thorough", EXAMPLES)
    + """
protocol headlines(headline: str) -> Move {
  move = route(policy: "learned") {
    quick(headline) @local(max_tokens: 4)
    thorough(headline) @remote(max_tokens: 4)
  }
  return move
}
"""
)
REMOTE_ONLY = (
    HEAD
    + prompt("thorough", EXAMPLES)
    + """
protocol remote_only(headline: str) -> Move {
  return thorough(headline) @remote(max_tokens: 4)
}
"""
)
EXACT = load_metric("exact")


def test_optimize_trains_the_learned_route_and_measures_it(
    tmp_path: Path, headline_runtime: Runtime
) -> None:
    compiled = compile_source(PROGRAM, "headlines.minion")
    baseline = compile_source(REMOTE_ONLY, "remote_only.minion")
    assert compiled.plan is not None and baseline.plan is not None, compiled.diagnostics
    plan = compiled.plan
    step = trainable_route(plan)
    assert step is not None and step.learned is None
    devset = write_headline_dev(tmp_path / "dev.jsonl", DEV)
    runtime = headline_runtime
    optimized = optimize(
        plan,
        devset,
        EXACT,
        # 90% of remote-only's quality, at the least share sent remote.
        Constraint("relative", 0.9, 0.9),
        runtime,
        store_dir=tmp_path / "store",
        baseline_plan=baseline.plan,
        max_demos=0,
    )
    training = optimized.route_training
    # Both tiers' calls were made by the search already: training replays them.
    assert training is not None and training.examples == len(DEV) and training.model_calls == 0
    search = optimized.search
    # Sending everything remote matches remote-only exactly, so some share clears.
    assert training.remote_share is not None and 0.0 <= training.remote_share <= 1.0
    trained = next(r for r in search.records if "learned route" in r.label)
    assert trained.measured(search.order)
    # The policy's threshold sends that share of the dev set remote, for real.
    routed = sum(trained.outcomes[i].remote_calls > 0 for i in search.order) / len(search.order)
    assert routed == training.remote_share
    policy = next(s for s in trained.plan.steps if isinstance(s, p.RouteStep)).learned
    assert policy is not None and policy["format"] == "minionc-route-policy"
    assert policy["threshold"] is not None and policy["budget"] == {
        "remote_share": training.remote_share
    }
    # Chosen when it clears for real; the provenance says whether the plan holds it.
    assert (search.chosen is trained) == (
        search.clears(trained)
        and trained.remote_tokens(search.order)
        <= min(r.remote_tokens(search.order) for r in search.records if search.clears(r))
    )
    assert optimized.plan is not None and optimized.plan.provenance is not None
    details = optimized.plan.provenance.details["route_training"]
    assert details["in_plan"] == (search.chosen is trained)
    assert details["examples"] == len(DEV)
