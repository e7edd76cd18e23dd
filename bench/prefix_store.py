"""The llama.cpp prefix store across rounds: a MinionS-style fan-out (N chunks x
T tasks, the worker prompt of bench/throughput.py) run for two rounds over the
same chunks with different tasks, the way a second MinionS round or the next
question of a batch reads the document again. Measured side by side in one
process, interleaved per repetition, on one llama.cpp thread each:

- store on:  the backend keeps each chunk's KV state after its first reading
             (a fresh backend per repetition, so round 1 starts cold);
- store off: `prefix_store_bytes=0`, the runtime as it was: round 2 evaluates
             every chunk again (consecutive jobs on one chunk still share it).

    python bench/prefix_store.py [--chunks 8] [--tasks 4] [--repeat 2] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import throughput  # the workload and program of the throughput bench
from minionc.runtime.backends.llamacpp import LlamaCppBackend
from minionc.runtime.embedded import embedded_model_path
from minionc.runtime.executor import Runtime

WAYS = ("store_off", "store_on")


def run_rounds(backend: LlamaCppBackend, plan: Any, workload: Any, tasks: list[list[str]]) -> dict:
    runtime = Runtime(local=backend, use_cache=False, seed=throughput.RUNTIME_SEED)
    rounds = []
    try:
        for round_tasks in tasks:
            started = time.perf_counter()
            result = runtime.run(plan, document=workload.document, tasks=round_tasks)
            seconds = time.perf_counter() - started
            if result.error is not None:
                raise RuntimeError(f"the run stopped: {result.error}")
            usage = result.usage.local
            rounds.append(
                {
                    "seconds": round(seconds, 2),
                    "calls": usage.calls,
                    "prompt_tokens": usage.prompt_tokens,
                    "evaluated_prompt_tokens": usage.prompt_tokens - usage.cached_prompt_tokens,
                    "findings": len(result.value or []),
                }
            )
    finally:
        runtime.close()
    return {"rounds": rounds, "seconds": round(sum(r["seconds"] for r in rounds), 2)}


def run_bench(chunks: int, n_tasks: int, repeat: int, chunk_tokens: int, threads: int) -> dict:
    model = embedded_model_path()
    plan = throughput.compile_plan(throughput.program_source("chunk_major", chunk_tokens))
    runs: dict[str, list[dict]] = {way: [] for way in WAYS}
    with LlamaCppBackend(model, n_ctx=throughput.N_CTX, n_threads=threads) as counter:
        # Twice the tasks: the first half for round 1, the second for round 2.
        workload = throughput.build_workload(
            chunks, 2 * n_tasks, chunk_tokens, counter.count_tokens
        )
    tasks = [workload.tasks[:n_tasks], workload.tasks[n_tasks:]]
    for _ in range(repeat):
        for way in WAYS:
            store = 0 if way == "store_off" else 1 << 30
            with LlamaCppBackend(
                model, n_ctx=throughput.N_CTX, n_threads=threads, prefix_store_bytes=store
            ) as backend:
                runs[way].append(run_rounds(backend, plan, workload, tasks))
    summary = {
        way: {
            "round1_seconds": statistics.median(r["rounds"][0]["seconds"] for r in runs[way]),
            "round2_seconds": statistics.median(r["rounds"][1]["seconds"] for r in runs[way]),
            "round2_evaluated_prompt_tokens": runs[way][-1]["rounds"][1]["evaluated_prompt_tokens"],
            "round2_prompt_tokens": runs[way][-1]["rounds"][1]["prompt_tokens"],
        }
        for way in WAYS
    }
    off, on = summary["store_off"], summary["store_on"]
    return {
        "workload": {"chunks": chunks, "tasks_per_round": n_tasks, "chunk_tokens": chunk_tokens},
        "threads": threads,
        "repeat": repeat,
        "runs": runs,
        "summary": summary,
        "ratios": {
            "round2_off_over_on": round(off["round2_seconds"] / max(on["round2_seconds"], 1e-9), 2),
            "two_rounds_off_over_on": round(
                (off["round1_seconds"] + off["round2_seconds"])
                / max(on["round1_seconds"] + on["round2_seconds"], 1e-9),
                2,
            ),
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chunks", type=int, default=8)
    parser.add_argument("--tasks", type=int, default=4, help="tasks per round")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--chunk-tokens", type=int, default=throughput.CHUNK_TOKENS)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--json", metavar="PATH")
    args = parser.parse_args(argv)
    report = run_bench(args.chunks, args.tasks, args.repeat, args.chunk_tokens, args.threads)
    report["command"] = " ".join(
        [".venv/bin/python", "bench/prefix_store.py", *(sys.argv[1:] if argv is None else argv)]
    )
    report["machine"] = throughput.machine()
    s, r = report["summary"], report["ratios"]
    print("| way | round 1 s | round 2 s | round 2 prompt tokens evaluated / sent |")
    print("|---|---:|---:|---:|")
    for way in WAYS:
        w = s[way]
        print(
            f"| {way} | {w['round1_seconds']:.1f} | {w['round2_seconds']:.1f} | "
            f"{w['round2_evaluated_prompt_tokens']:,} / {w['round2_prompt_tokens']:,} |"
        )
    print(
        f"\nround 2: store off / on = {r['round2_off_over_on']:.2f}x; "
        f"both rounds: {r['two_rounds_off_over_on']:.2f}x\n{report['command']}"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
