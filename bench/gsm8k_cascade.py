"""A learned cascade run end to end on recorded GPT-4 / Mixtral outputs (issue 5).

`programs/frugal_cascade.minion` answers every GSM8K question with the local
(weak) model; a scorer trained on the question and that answer defers to the
remote (strong) model when it expects a better answer there. This bench trains
the scorer exactly as `minionc route-eval --budget B --plan` does (same split,
same seed), puts it into the compiled plan, and runs the plan with the runtime on
the test split, both models replayed from `../shared/data/routellm/gsm8k/`
(runtime/backends/replay.py). It reports what the run did (accuracy by the
recorded correctness of the tier that answered, share deferred, remote tokens
per query) next to route-eval's offline figures for the same threshold, and
counts the queries where the run decided otherwise than the offline scorer.

    .venv/bin/python bench/gsm8k_cascade.py [--budgets 20,30,50] [--json OUT.json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "routellm" / "gsm8k"
PROGRAM = ROOT / "programs" / "frugal_cascade.minion"


def run_budget(data: Any, plan: Any, budget: float, seed: int) -> dict[str, Any]:
    from minionc.runtime.backends.replay import ReplayBackend
    from minionc.runtime.executor import Runtime
    from minionc.runtime.routing.attach import attach_policy
    from minionc.runtime.routing.evaluate import evaluate, split_outcomes

    report, policy = evaluate(data, seed=seed, budget=budget)
    offline = next(row for row in report["budgets"] if row["budget"] == budget)
    trained = attach_policy(plan, policy.to_json())
    split = split_outcomes(data.outcomes, seed=seed, test_share=0.3, calibration_share=0.2)
    test = [data.outcomes[i] for i in split.test]
    weak = ReplayBackend.from_outcomes(data, "weak")
    strong = ReplayBackend.from_outcomes(data, "strong")
    right = deferred = remote_tokens = local_tokens = disagree = failed = 0
    with Runtime(local=weak, remote=strong, use_cache=False) as runtime:
        for outcome in test:
            result = runtime.run(trained, question=outcome.prompt)
            failed += not result.ok or bool(result.failures)
            went = result.usage.tier("remote").calls > 0
            deferred += went
            right += outcome.strong_correct if went else outcome.weak_correct
            remote_tokens += result.usage.tier("remote").tokens
            local_tokens += result.usage.tier("local").tokens
            # The offline scorer, on the recorded answer rather than the parsed one.
            score = policy.score(outcome.prompt, outcome.weak_response)
            disagree += went != (score > (policy.threshold or 0.0))
    n = len(test)
    weak_acc = report["routers"]["always_weak"]["quality"]
    strong_acc = report["routers"]["always_strong"]["quality"]
    quality = right / n
    return {
        "budget": budget,
        "queries": n,
        "threshold": policy.threshold,
        "run": {
            "accuracy": quality,
            "deferred_share": deferred / n,
            "remote_tokens_per_query": remote_tokens / n,
            "local_tokens_per_query": local_tokens / n,
            "pgr": (quality - weak_acc) / (strong_acc - weak_acc),
            "keeps_share_of_strong": quality / strong_acc,
            "failed_runs": failed,
            "decided_otherwise_than_offline": disagree,
        },
        "offline": {
            "accuracy": offline["test_quality"],
            "deferred_share": offline["test_remote_share"],
            "remote_tokens_per_query": offline["test_remote_tokens_per_query"],
        },
        "always_weak": weak_acc,
        "always_strong": strong_acc,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--budgets", default="20,30,50", help="percent of calls, comma-separated")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="write the rows here")
    args = parser.parse_args(argv)
    if not (args.data / "gsm8k_responses.csv").is_file():
        print(f"bench: no recorded GSM8K outputs at {args.data}", file=sys.stderr)
        return 2

    from minionc.runtime.routing.data import load_outcomes

    import minionc

    data = load_outcomes(args.data)
    plan = minionc.compile_file(PROGRAM)
    rows = [run_budget(data, plan, float(b) / 100, args.seed) for b in args.budgets.split(",")]
    first = rows[0]
    print(
        f"GSM8K test split: {first['queries']} questions; always-weak "
        f"{first['always_weak']:.3f}, always-strong {first['always_strong']:.3f}\n"
    )
    print(
        "| budget | run accuracy | run deferred | run remote tok/q | % of always-strong "
        "| PGR | offline accuracy | offline deferred | decided otherwise | failed runs |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        run, off = row["run"], row["offline"]
        print(
            f"| {row['budget']:.0%} | {run['accuracy']:.3f} | {run['deferred_share']:.1%} | "
            f"{run['remote_tokens_per_query']:.1f} | {run['keeps_share_of_strong']:.1%} | "
            f"{run['pgr']:.2f} | {off['accuracy']:.3f} | {off['deferred_share']:.1%} | "
            f"{run['decided_otherwise_than_offline']} | {run['failed_runs']} |"
        )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
