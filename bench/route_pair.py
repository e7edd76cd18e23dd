"""Learned routing on the real pair (issue 18): both tiers of
programs/routed.minion (or of another program's `@auto` step, `--program
programs/doc_qa.minion --route s4`) on every question of a split, written as the
outcome CSV `minionc route-eval` reads. A row's prompt is what the learned policy reads (the
first tier's arguments: the retrieved passages and the question), and the weak
and strong columns say whether the local and the remote answer were right (the
optimizer's `contains` metric), with both answers.

    .venv/bin/python bench/route_pair.py --questions bench/longdoc/dev.jsonl \\
        --out bench/results/route_pair/dev
    .venv/bin/python bench/route_pair.py --questions bench/longdoc/test.jsonl \\
        --out bench/results/route_pair/test
    .venv/bin/minionc route-eval bench/results/route_pair/dev \\
        --test bench/results/route_pair/test --json

Resumable: each question's outcome is appended to OUT/outcomes.jsonl as it is
measured (the CSV is written anew from it), and model calls come back from
OUT/cache after an interruption (or from --cache: a copy of another run's call
cache answers the calls it made for free). The default pair unless
--local/--remote say.

Another local worker on the same passages: `--split-tokenizer embedded:gemma-3-270m`
cuts the document with that model's vocabulary (what the default pair's runs cut
with), so the remote tier reads exactly the passages it read there, and
`--strong-from DIR` takes its answers from that run's outcomes wherever the
passages and question are the same (a question whose differ runs both tiers):

    .venv/bin/python bench/route_pair.py --questions bench/longdoc/dev.jsonl \\
        --out bench/results/route_pair_qwen05/dev --local embedded:qwen2.5-coder-0.5b-instruct \\
        --split-tokenizer embedded:gemma-3-270m --strong-from bench/results/route_pair/dev
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PROGRAM = ROOT / "programs" / "routed.minion"


def as_route(plan: Any, step: str) -> Any:
    """The plan with its `@auto` step `step` placed as a route between the tiers
    (as the optimizer places one; `forced` then picks the tier)."""
    from minionc.compiler.optimize.space import Candidate, apply_candidate, search_space

    auto = dict(search_space(plan).auto_steps)
    if step not in auto or not {"local", "remote"} <= set(auto[step]):
        raise SystemExit(f"route_pair: {step} is not an @auto step that may run on either tier")
    return apply_candidate(plan, Candidate.of({}, {step: "route:length:500"}))


def forced(plan: Any, policy: str) -> Any:
    """The plan with its route's policy replaced (always_local, always_remote)."""
    from minionc.compiler import plan as p

    def change(step: p.Step) -> p.Step:
        return step.model_copy(update={"policy": policy, "learned": None})

    route = next(s for s in plan.steps if isinstance(s, p.RouteStep))
    return p.with_step(plan, route.id, change)


class CountedBy:
    """A backend whose `count_tokens` is another model's vocabulary: the runtime
    cuts `split(tokens: N)` with the local tier's counter, so this keeps the cut
    of that model while another one answers."""

    def __init__(self, backend: Any, counter: Any) -> None:
        self._backend = backend
        self._counter = counter

    def __getattr__(self, name: str) -> Any:
        return getattr(self._backend, name)

    def count_tokens(self, text: str) -> int:
        return int(self._counter.count_tokens(text))

    def close(self) -> None:
        self._backend.close()
        self._counter.close()


def recorded(outcomes: Path) -> dict[str, dict[str, Any]]:
    """The records of an outcomes.jsonl by question id (none if it is not there)."""
    if not outcomes.exists():
        return {}
    records = {}
    for line in outcomes.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            records[record["id"]] = record
    return records


def measure(
    questions: Path,
    out: Path,
    local_spec: str | None,
    remote_spec: str | None,
    program: Path = PROGRAM,
    route: str | None = None,
    cache: Path | None = None,
    split_tokenizer: str | None = None,
    strong_from: Path | None = None,
) -> None:
    from minionc.compiler.optimize.metrics import load_metric
    from minionc.runtime.cache import CallCache
    from minionc.runtime.executor import Runtime
    from minionc.runtime.models import default_local_backend, default_remote_backend

    import minionc
    from minionc.batch import read_inputs

    plan = minionc.compile_file(program)
    if route is not None:
        plan = as_route(plan, route)
    tiers = {"weak": forced(plan, "always_local"), "strong": forced(plan, "always_remote")}
    metric = load_metric("contains")
    out.mkdir(parents=True, exist_ok=True)
    done_path = out / "outcomes.jsonl"
    done = recorded(done_path)
    strong_records = recorded(strong_from / "outcomes.jsonl") if strong_from else {}
    items = read_inputs(questions, [i.name for i in plan.inputs], {})
    local = default_local_backend(local_spec)
    if split_tokenizer is not None:
        local = CountedBy(local, default_local_backend(split_tokenizer, vocab_only=True))
    remote = default_remote_backend(remote_spec)
    runtime = Runtime(local=local, remote=remote, cache=CallCache(cache or out / "cache"))
    try:
        with done_path.open("a", encoding="utf-8") as sink:
            for item in items:
                key = str(item.carried.get("id", item.line))
                if key in done:
                    continue
                record: dict[str, Any] = {"id": key, "models": [local.name, remote.name]}
                expected = item.carried.get("expected", "")
                accept = (item.carried.get("meta") or {}).get("accept", [])
                earlier = strong_records.get(key)
                for tier, tier_plan in tiers.items():
                    if tier == "strong" and earlier and earlier["prompt"] == record["prompt"]:
                        # The same passages and question: the remote answer recorded there.
                        record["strong"] = earlier["strong"]
                        record["strong_correct"] = earlier["strong_correct"]
                        record["strong_from"] = str(strong_from)
                        continue
                    result = runtime.run(tier_plan, **item.inputs)
                    record[tier] = result.value
                    record[f"{tier}_correct"] = metric(result.value, expected, accept) == 1.0
                    record["prompt"] = result.routes[0].query if result.routes else key
                sink.write(json.dumps(record, ensure_ascii=False) + "\n")
                sink.flush()
                done[key] = record
                print(
                    f"{key}: local {record['weak_correct']}, remote {record['strong_correct']}",
                    flush=True,
                )
    finally:
        runtime.close()
        local.close()
        remote.close()
    write_csv(out / f"{program.stem}.csv", list(done.values()))


def as_response(value: Any) -> str:
    """An answer as the runtime hands it to a cascade's policy: the text itself
    (route-eval reads the column as it stands; JSON quotes around it would be
    features the policy never sees at run time). No value is no text; structured
    values as JSON."""
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def write_csv(path: Path, records: list[dict[str, Any]]) -> None:
    if not records:
        return
    weak, strong = records[0]["models"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["prompt", weak, strong, f"{weak}_response", f"{strong}_response"])
        for r in records:
            writer.writerow(
                [
                    r["prompt"],
                    str(r["weak_correct"]),
                    str(r["strong_correct"]),
                    as_response(r["weak"]),
                    as_response(r["strong"]),
                ]
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--local", help="the local model (`minionc run --local`'s specs)")
    parser.add_argument("--remote", help="the remote model (`minionc run --remote`'s specs)")
    parser.add_argument("--program", type=Path, default=PROGRAM)
    parser.add_argument("--route", metavar="STEP", help="route this @auto step between the tiers")
    parser.add_argument("--cache", type=Path, help="the call cache (default OUT/cache)")
    parser.add_argument(
        "--split-tokenizer",
        metavar="SPEC",
        help="cut the document with this model's vocabulary (a --local spec), not the worker's",
    )
    parser.add_argument(
        "--strong-from",
        type=Path,
        metavar="DIR",
        help="take the remote answers from DIR/outcomes.jsonl where the passages are the same",
    )
    args = parser.parse_args(argv)
    measure(
        args.questions,
        args.out,
        args.local,
        args.remote,
        args.program,
        args.route,
        args.cache,
        args.split_tokenizer,
        args.strong_from,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
