"""End-to-end bench: accuracy and remote tokens of remote_only, minion and minions on
the sample document and its question set, with real models in both roles.

Each program runs over every question as a resumable batch (the same machinery as
`minionc run --inputs/--out`): results go to `--out-dir/<program>.jsonl` as each
question finishes, and a rerun of the same command continues where it stopped
(calls of a question cut off midway come back from the bench's own call cache).
Then every answer is scored against the question's expected answer and its
accepted variants, and a table is printed (markdown with --markdown).

    .venv/bin/python bench/e2e.py                      # all 25 questions, 3 programs
    .venv/bin/python bench/e2e.py --limit 5 --programs remote_only,minion
    .venv/bin/python bench/e2e.py --score-only         # re-score saved results

By default the tiers are the embedded default pair (local: Gemma 3 270M on
llama.cpp in-process; remote: Qwen2.5-Coder-1.5B-Instruct behind the loopback
server, over HTTP through LiteLLM). `--local SPEC` and `--remote SPEC` take what
`minionc run` takes (`embedded:NAME`, a GGUF, a LiteLLM model string).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PROGRAMS = ("remote_only", "minion", "minions")


# ---- scoring ----------------------------------------------------------------------


def is_correct(answer: Any, expected: str, accept: list[str]) -> bool:
    """The optimizer's `contains` metric: the answer contains the expected answer
    or an accepted variant after normalisation; for a numeric expected answer,
    one of the answer's numbers equals it ("1346.2" matches "EUR 1,346.2
    million", "1,219.8" does not)."""
    from minionc.compiler.optimize.metrics import load_metric

    return load_metric("contains")(answer, expected, accept) == 1.0


@dataclass
class Score:
    program: str
    questions: int
    correct: int
    correct_single: int
    single: int
    correct_two_fact: int
    two_fact: int
    remote_prompt: list[int]
    remote_completion: list[int]
    remote_calls: list[int]
    local_prompt: list[int]
    local_calls: list[int]
    seconds: list[float]
    failures: int
    errors: int
    answer_chars: list[int]
    cached_calls: list[int]  # remote + local calls answered from the call cache


def score(program: str, records: list[dict[str, Any]]) -> Score:
    result = Score(program, 0, 0, 0, 0, 0, 0, [], [], [], [], [], [], 0, 0, [], [])
    for record in records:
        meta = record.get("meta") or {}
        kind = meta.get("kind", "single")
        ok = is_correct(record.get("value"), record.get("expected", ""), meta.get("accept", []))
        result.questions += 1
        result.correct += ok
        if kind == "two_fact":
            result.two_fact += 1
            result.correct_two_fact += ok
        else:
            result.single += 1
            result.correct_single += ok
        usage = record.get("usage") or {}
        remote, local = usage.get("remote") or {}, usage.get("local") or {}
        # What the plan costs, calls answered from the bench's call cache included
        # (their tokens are in the records written since usage kept them).
        result.remote_prompt.append(_with_replayed(remote, "prompt_tokens"))
        result.remote_completion.append(_with_replayed(remote, "completion_tokens"))
        result.remote_calls.append(remote.get("calls", 0))
        result.cached_calls.append(remote.get("cache_hits", 0) + local.get("cache_hits", 0))
        result.local_prompt.append(_with_replayed(local, "prompt_tokens"))
        result.local_calls.append(local.get("calls", 0))
        result.seconds.append(remote.get("seconds", 0.0) + local.get("seconds", 0.0))
        result.failures += sum((record.get("failures") or {}).values())
        result.errors += 0 if record.get("ok") else 1
        result.answer_chars.append(len(str(record.get("value") or "")))
    return result


def _with_replayed(usage: dict[str, Any], field: str) -> int:
    return int(usage.get(field, 0)) + int(usage.get(f"replayed_{field}", 0))


def _remote_tokens(s: Score) -> list[float]:
    return [p + c for p, c in zip(s.remote_prompt, s.remote_completion, strict=True)]


def table(scores: list[Score]) -> str:
    def mean(values: list[float]) -> float:
        return statistics.fmean(values) if values else 0.0

    baseline = next((s for s in scores if s.program == "remote_only"), None)
    base_remote = (
        mean(
            [p + c for p, c in zip(baseline.remote_prompt, baseline.remote_completion, strict=True)]
        )
        if baseline
        else 0.0
    )
    rows = [
        "| program | questions | accuracy | single-fact | two-fact | remote tokens / question "
        "(prompt + completion) | remote calls / q | x fewer remote tokens than remote_only | "
        "local prompt tokens / q | local calls / q | cached calls / q | model seconds / q | "
        "failed outputs | runs stopped | mean answer chars |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in scores:
        remote = mean(_remote_tokens(s))
        fewer = f"{base_remote / remote:.1f}x" if remote and base_remote else "-"
        rows.append(
            f"| {s.program} | {s.questions} | {s.correct}/{s.questions} "
            f"({100 * s.correct / max(1, s.questions):.0f}%) | {s.correct_single}/{s.single} | "
            f"{s.correct_two_fact}/{s.two_fact} | {remote:,.0f} ({mean(s.remote_prompt):,.0f} + "
            f"{mean(s.remote_completion):,.0f}) | {mean(s.remote_calls):.1f} | {fewer} | "
            f"{mean(s.local_prompt):,.0f} | {mean(s.local_calls):.1f} | "
            f"{mean(s.cached_calls):.1f} | {mean(s.seconds):.0f} | "
            f"{s.failures} | {s.errors} | {mean(s.answer_chars):.0f} |"
        )
    return "\n".join(rows)


# ---- running ----------------------------------------------------------------------


def program_name(program: str) -> str:
    """What a program's results are filed under: `minions` for
    `programs/minions.minion`, `minions.optimized` for a plan file."""
    name = Path(program).name
    for suffix in (".minion", ".json", ".plan"):
        name = name.removesuffix(suffix)
    return name


def load_program(program: str) -> Any:
    """A standard program by name (`minions`), or a `.minion` or plan `.json` path."""
    from minionc.compiler.pipeline import compile_file
    from minionc.compiler.plan_io import load_plan

    path = Path(program)
    if path.suffix == ".json":
        return load_plan(path)
    if path.suffix != ".minion":
        path = ROOT / "programs" / f"{program}.minion"
    compiled = compile_file(path)
    if compiled.plan is None:
        raise SystemExit(f"{program}: does not compile: {compiled.diagnostics}")
    return compiled.plan


def run_program(
    program: str,
    *,
    questions: Path,
    document: str | None,
    out: Path,
    limit: int | None,
    local: Any,
    remote: Any,
    cache_dir: Path,
    settings: dict[str, Any],
) -> None:
    from minionc.compiler.configure import with_knobs
    from minionc.runtime.cache import CallCache
    from minionc.runtime.executor import Runtime

    from minionc.batch import (
        ResultWriter,
        batch_settings,
        pending,
        read_inputs,
        read_state,
        run_item,
    )

    plan = load_program(program)
    plan = with_knobs(plan, {k: v for k, v in settings.items() if k in plan.knobs})
    shared = {"context": document} if document is not None else {}
    items = read_inputs(questions, [i.name for i in plan.inputs], shared)
    items = items[:limit] if limit else items
    # Resume only results of this very plan, shared inputs and models.
    resume_key = batch_settings(plan, shared, local, remote)
    state = read_state(out, items, resume_key)
    todo = list(pending(items, state))
    print(
        f"{program}: {len(items) - len(todo)} of {len(items)} done, {len(todo)} to run", flush=True
    )
    writer = ResultWriter(out, state)
    runtime = Runtime(local=local, remote=remote, cache=CallCache(cache_dir))
    try:
        for item in todo:
            started = time.perf_counter()
            record, _ = run_item(runtime, plan, item, resume_key)
            record["wall_seconds"] = round(time.perf_counter() - started, 1)
            writer.write(record)
            print(
                f"  {program} {item.carried.get('id')}: {str(record.get('value'))[:70]!r} "
                f"(expected {item.carried.get('expected')!r}, {record['wall_seconds']} s)",
                flush=True,
            )
    finally:
        writer.close()
        runtime.close()


def run_programs(
    programs: list[str],
    *,
    questions: Path,
    document: str | None,
    out_dir: Path,
    limit: int | None,
    remote_spec: str | None,
    knob_settings: list[str],
    local_spec: str | None = None,
) -> list[str]:
    """Each program as a resumable batch, the embedded model locally and the
    remote tier `remote_spec` (the loopback by default), one call cache. Returns the
    programs whose results file could not be resumed."""
    from minionc.compiler.configure import parse_knob_setting
    from minionc.runtime.models import default_local_backend, default_remote_backend

    from minionc.batch import BatchError

    settings = dict(parse_knob_setting(s) for s in knob_settings)
    local = default_local_backend(local_spec)
    remote = default_remote_backend(remote_spec)
    refused = []
    try:
        for program in programs:
            try:
                run_program(
                    program,
                    questions=questions,
                    document=document,
                    out=out_dir / f"{program_name(program)}.jsonl",
                    limit=limit,
                    local=local,
                    remote=remote,
                    cache_dir=out_dir / "cache",
                    settings=settings,
                )
            except BatchError as error:
                # Its results file is another plan's (or other inputs'): say so, go on.
                print(f"e2e: {program}: {error}", file=sys.stderr, flush=True)
                refused.append(program)
    finally:
        local.close()
        remote.close()
    return refused


def load_records(out_dir: Path, program: str, limit: int | None) -> list[dict[str, Any]] | None:
    """A program's saved results (the first `limit`), or None if it has none."""
    path = out_dir / f"{program_name(program)}.jsonl"
    if not path.exists():
        return None
    lines = path.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    return records[:limit] if limit else records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--programs", default=",".join(PROGRAMS))
    parser.add_argument("--questions", type=Path, default=ROOT / "samples" / "questions.jsonl")
    parser.add_argument(
        "--document",
        default=str(ROOT / "samples" / "annual_report.txt"),
        help="the document every question reads as `context`; 'none' when each line "
        'names its own (`"context": {"$file": ...}`, as in bench/longdoc/)',
    )
    parser.add_argument("--out-dir", type=Path, default=ROOT / "bench" / "results" / "e2e")
    parser.add_argument("--limit", type=int, help="only the first N questions")
    parser.add_argument("--remote", help="the remote model (`minionc run --remote`'s specs)")
    parser.add_argument("--local", help="the local model (`minionc run --local`'s specs)")
    parser.add_argument("--set", action="append", default=[], metavar="KNOB=VALUE")
    parser.add_argument("--score-only", action="store_true")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args(argv)
    programs = [p.strip() for p in args.programs.split(",") if p.strip()]
    args.out_dir.mkdir(parents=True, exist_ok=True)

    refused: list[str] = []
    if not args.score_only:
        document = (
            None if args.document == "none" else Path(args.document).read_text(encoding="utf-8")
        )
        refused = run_programs(
            programs,
            questions=args.questions,
            document=document,
            out_dir=args.out_dir,
            limit=args.limit,
            remote_spec=args.remote,
            local_spec=args.local,
            knob_settings=args.set,
        )
    scores = []
    for program in programs:
        records = load_records(args.out_dir, program, args.limit)
        if records is not None:
            scores.append(score(program_name(program), records))
    print()
    print(table(scores))
    return 1 if refused else 0


if __name__ == "__main__":
    sys.exit(main())
