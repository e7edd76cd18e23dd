"""The optimizer's two search strategies, compared without a model call.

Each strategy (`race`, the default, and `halving`) is replayed from a complete
table of outcomes: every candidate measured on every dev example. The table comes
from a store of recorded outcomes (`--store`: the candidates it holds on every
example of `--dev`) or from simulated candidate populations (`--simulate N`), where
the truth is known. For each, the report says how many (candidate, example)
outcomes the strategy looked at (what it would have paid for), what it chose, and
whether that is the oracle's choice: the cheapest candidate whose lower confidence
bound clears the constraint on the whole dev set.

    .venv/bin/python bench/search_replay.py --simulate 200 --examples 27
    .venv/bin/python bench/search_replay.py --store STORE.jsonl --dev DEV.jsonl --baseline KEY

Simulated populations: a baseline right on a share of the examples, 24 candidates
with qualities around it and remote costs from 1% to 100% of its own; an example
has a difficulty, and a candidate answers it right when its quality (plus a little
noise) exceeds that difficulty, so outcomes are paired as real ones are.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from minionc.compiler.optimize.devset import load_dev_set
from minionc.compiler.optimize.evaluate import Outcome
from minionc.compiler.optimize.metrics import load_metric
from minionc.compiler.optimize.search import CandidateRecord, Constraint, run_search
from minionc.compiler.optimize.space import Candidate
from minionc.compiler.optimize.store import OutcomeStore
from minionc.compiler.pipeline import compile_source
from minionc.runtime.executor import Runtime

STRATEGIES = ("race", "halving")
_PLAN_SOURCE = "protocol main(question: str) -> str {\n  return question\n}\n"


@dataclass
class Replay:
    strategy: str
    measurements: int
    remote_tokens: int  # what the measured outcomes cost in remote tokens
    chosen: str | None
    oracle: str | None

    @property
    def found_oracle(self) -> bool:
        return self.chosen == self.oracle


def replay(
    table: dict[str, dict[str, tuple[float, int]]],
    baseline: str,
    constraint: Constraint,
    workdir: Path,
    seed: int = 0,
    estimates: dict[str, float] | None = None,
) -> list[Replay]:
    """`table`: candidate key -> example id -> (score, remote tokens);
    `estimates`: candidate key -> a static estimate of its remote tokens (the
    race's order; without it, the mean cost of the first examples, as if the
    estimate were exact)."""
    examples_ids = sorted(next(iter(table.values())))
    dev = workdir / "dev.jsonl"
    dev.write_text(
        "".join(json.dumps({"id": i, "question": i, "expected": "x"}) + "\n" for i in examples_ids),
        encoding="utf-8",
    )
    examples = load_dev_set(dev, ["question"], {}).shuffled(seed)
    plan = compile_source(_PLAN_SOURCE, "replay.minion").plan
    assert plan is not None
    keys = [k for k in table if k != baseline]
    candidates = [(Candidate.of({"candidate": index}, {}), plan) for index in range(len(keys))]
    names = {c.key: key for (c, _), key in zip(candidates, keys, strict=True)}
    if estimates is None:
        estimates = {k: statistics.fmean(t for _, t in list(table[k].values())[:10]) for k in keys}
    by_key = {c.key: estimates[key] for (c, _), key in zip(candidates, keys, strict=True)}

    def estimated(record: CandidateRecord) -> float:
        return by_key[record.candidate.key] if record.candidate is not None else 0.0

    results = []
    oracle = _oracle(table, baseline, constraint, [e.id for e in examples])
    for strategy in STRATEGIES:
        store = OutcomeStore(workdir / f"store-{strategy}.jsonl")
        for (candidate, _), key in zip(candidates, keys, strict=True):
            for example_id, (score, tokens) in table[key].items():
                store._outcomes[(candidate.key, example_id)] = _outcome(example_id, score, tokens)
        for example_id, (score, tokens) in table[baseline].items():
            store._outcomes[("baseline", example_id)] = _outcome(example_id, score, tokens)
        result = run_search(
            candidates=candidates,
            baseline=CandidateRecord(None, "baseline", plan),
            examples=examples,
            metric=load_metric("exact"),
            constraint=constraint,
            runtime=Runtime(),  # never called: every outcome is in the store
            store=store,
            strategy=strategy,  # type: ignore[arg-type]
            estimated_remote=estimated,
        )
        chosen = None
        if result.chosen is not None:
            candidate = result.chosen.candidate
            chosen = baseline if candidate is None else names[candidate.key]
        paid = sum(
            o.remote_tokens for r in (result.baseline, *result.records) for o in r.outcomes.values()
        )
        results.append(Replay(strategy, result.measurements, paid, chosen, oracle))
    return results


def _outcome(example_id: str, score: float, tokens: int) -> Outcome:
    return Outcome(example_id, score, "x", tokens, 0, 1, 0, 0, None)


def _oracle(
    table: dict[str, dict[str, tuple[float, int]]],
    baseline: str,
    constraint: Constraint,
    ids: list[str],
) -> str | None:
    base = [table[baseline][i][0] for i in ids]
    cleared = []
    for key, row in table.items():
        low, _ = constraint.margin_bounds([row[i][0] for i in ids], base)
        if low >= 0:
            cost = statistics.fmean(row[i][1] for i in ids)
            quality = statistics.fmean(row[i][0] for i in ids)
            cleared.append((cost, -quality, key))
    return min(cleared)[2] if cleared else None


def simulated_table(
    rng: random.Random,
    examples: int,
    candidates: int = 24,
    estimate_rng: random.Random | None = None,
) -> tuple[dict[str, dict[str, tuple[float, int]]], dict[str, float]]:
    """Outcomes, and a static estimate of each candidate's cost that is off by
    up to 3x either way (the compiler's estimates assume what a run measures)."""
    difficulty = [rng.random() for _ in range(examples)]
    base_quality = rng.uniform(0.4, 0.8)
    base_cost = 10_000

    def row(quality: float, cost: float) -> dict[str, tuple[float, int]]:
        return {
            f"e{i:03d}": (
                float(difficulty[i] + rng.gauss(0, 0.1) < quality),
                max(1, int(cost * rng.uniform(0.8, 1.2))),
            )
            for i in range(examples)
        }

    table = {"baseline": row(base_quality, base_cost)}
    estimates = {}
    for index in range(candidates):
        quality = base_quality * rng.uniform(0.6, 1.08)
        cost = base_cost * 10 ** rng.uniform(-2, 0)
        table[f"c{index:02d}"] = row(quality, cost)
        estimates[f"c{index:02d}"] = cost * 3 ** (estimate_rng or rng).uniform(-1, 1)
    return table, estimates


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--simulate", type=int, metavar="N", help="N simulated populations")
    parser.add_argument("--examples", type=int, default=27, help="dev examples (simulated)")
    parser.add_argument("--store", type=Path, help="a store of recorded outcomes")
    parser.add_argument("--baseline", default="baseline", help="the baseline's key in --store")
    parser.add_argument("--min-relative", type=float, default=0.95)
    parser.add_argument(
        "--table",
        action="store_true",
        help="with --store: each candidate's figures so far (a search in progress) instead",
    )
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    constraint = Constraint("relative", args.min_relative)
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        if args.store is not None and args.table:
            print(candidates_table(args.store, args.baseline, constraint))
            return 0
        if args.store is not None:
            table = _table_from_store(args.store, args.baseline)
            for result in replay(table, args.baseline, constraint, work, args.seed):
                print(
                    f"{result.strategy}: {result.measurements} measurements "
                    f"({result.remote_tokens:,} remote tokens), chose "
                    f"{result.chosen}, oracle {result.oracle}"
                )
            return 0
        if not args.simulate:
            parser.error("give --simulate N or --store FILE")
        rng = random.Random(args.seed)
        estimate_rng = random.Random(args.seed + 1)  # the same tables with or without estimates
        runs: dict[str, list[Replay]] = {s: [] for s in STRATEGIES}
        for index in range(args.simulate):
            table, estimates = simulated_table(rng, args.examples, estimate_rng=estimate_rng)
            run_dir = work / f"run{index}"
            run_dir.mkdir()
            for result in replay(table, "baseline", constraint, run_dir, index, estimates):
                runs[result.strategy].append(result)
        print(
            f"{args.simulate} simulated populations, {args.examples} dev examples, 24 "
            f"candidates, constraint {constraint.describe()}"
        )
        print(
            "| strategy | found the oracle's choice | measurements (mean) "
            "| remote tokens paid (mean) | none chosen |"
        )
        print("|---|---:|---:|---:|---:|")
        for strategy, results in runs.items():
            found = sum(r.found_oracle for r in results)
            none = sum(r.chosen is None and r.oracle is not None for r in results)
            mean = statistics.fmean(r.measurements for r in results)
            paid = statistics.fmean(r.remote_tokens for r in results)
            print(f"| {strategy} | {found}/{len(results)} | {mean:.0f} | {paid:,.0f} | {none} |")
    return 0


def candidates_table(path: Path, baseline: str, constraint: Constraint) -> str:
    """Each candidate in a store, complete or not: examples measured, right,
    the share of the baseline's quality on the same examples, the constraint's
    lower bound there (>= 0 clears), remote tokens per query and how many times
    fewer than the baseline's; cheapest first."""
    rows = _read_store(path, baseline)
    base = rows[baseline]
    base_cost = statistics.fmean(t for _, t in base.values())
    lines = [
        "| candidate | examples | right | share of the baseline's quality (same examples) "
        "| lower bound of the margin (>= 0 clears) | remote tokens / q | x fewer |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    entries = []
    for key, row in rows.items():
        ids = [i for i in row if i in base]
        scores, base_scores = [row[i][0] for i in ids], [base[i][0] for i in ids]
        low, _ = constraint.margin_bounds(scores, base_scores)
        cost = statistics.fmean(row[i][1] for i in ids)
        share = sum(scores) / sum(base_scores) if sum(base_scores) else float("nan")
        entries.append((cost, key, len(ids), sum(scores), share, low))
    for cost, key, count, right, share, low in sorted(entries):
        fewer = f"{base_cost / cost:.1f}x" if cost else "no remote tokens"
        lines.append(
            f"| {key} | {count} | {right:.0f} | {share:.0%} | {low:+.3f} | {cost:,.0f} | {fewer} |"
        )
    return "\n".join(lines)


def _read_store(path: Path, baseline: str) -> dict[str, dict[str, tuple[float, int]]]:
    """Each candidate's (score, remote tokens) by example, as a store holds them."""
    rows: dict[str, dict[str, tuple[float, int]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            data = json.loads(line)
            rows.setdefault(data["candidate"], {})[data["example"]] = (
                float(data["score"]),
                int(data["remote_tokens"]),
            )
    if baseline not in rows:
        raise SystemExit(f"{path}: no outcomes for the baseline {baseline!r}")
    return rows


def _table_from_store(path: Path, baseline: str) -> dict[str, dict[str, tuple[float, int]]]:
    """The store's candidates that were measured on the examples the baseline was."""
    rows = _read_store(path, baseline)
    wanted = set(rows[baseline])
    complete = {k: v for k, v in rows.items() if set(v) >= wanted}
    print(f"{len(complete) - 1} of {len(rows) - 1} candidates measured on every example")
    return {k: {i: v[i] for i in sorted(wanted)} for k, v in complete.items()}


if __name__ == "__main__":
    sys.exit(main())
