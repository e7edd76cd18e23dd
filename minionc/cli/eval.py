"""`minionc eval`: a program or plan on a labelled set, as a score table
(minionc/evaluation.py); `--compare OTHER` side by side, with paired differences."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, TextIO

from .common import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    CliError,
    add_cache_and_trace_options,
    add_input_options,
    open_models,
    plan_from,
    run_inputs,
)

__all__ = ["add_parser", "cmd_eval"]


def add_parser(commands: Any) -> None:
    from minionc.binding import add_model_options

    parser = commands.add_parser(
        "eval",
        help="score a program or plan on a labelled set",
        description="Run a program or plan on every line of a labelled JSONL set (the "
        "inputs, `expected`, optional `id` and `meta.accept`: the format of `minionc "
        "optimize --dev`) and print its score with a 90%% interval, remote and local "
        "tokens, dollars and wall time per item, and failed outputs by kind. With --out "
        "the results are a batch results file: run the same command again after an "
        "interruption and it continues.",
    )
    parser.add_argument("file", metavar="PROGRAM|PLAN", help="a .minion program or a plan .json")
    parser.add_argument("--data", required=True, metavar="FILE.jsonl", help="the labelled set")
    parser.add_argument(
        "--metric",
        default="contains",
        help="exact, contains (default), f1, numeric[:TOL] or custom:MODULE:FUNCTION",
    )
    parser.add_argument(
        "--compare",
        metavar="PROGRAM|PLAN",
        help="evaluate this one too, on the same items and models, and show the paired difference",
    )
    parser.add_argument("--out", metavar="FILE.jsonl", help="keep each item's result here")
    parser.add_argument(
        "--compare-out", metavar="FILE.jsonl", help="the same for --compare's results"
    )
    parser.add_argument("--show", action="store_true", help="one line per item as well")
    parser.add_argument("--json", action="store_true", help="print a JSON summary")
    parser.add_argument("--workers", type=int, default=1, metavar="N", help="items at once")
    add_input_options(parser, every_line=True)
    parser.add_argument("--protocol", metavar="NAME", help="the protocol, if the file has several")
    add_model_options(parser)
    add_cache_and_trace_options(parser)


def cmd_eval(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from minionc import evaluation
    from minionc.batch import BatchError, BatchState, batch_settings, check_out_path, read_state
    from minionc.compiler.optimize.devset import DevSetError, load_dev_set
    from minionc.compiler.optimize.evaluate import item_for
    from minionc.compiler.optimize.metrics import MetricError, load_metric

    if args.workers < 1:
        raise CliError("--workers must be at least 1", EXIT_USAGE)
    if args.compare_out and not args.compare:
        raise CliError("--compare-out is for --compare", EXIT_USAGE)
    try:
        metric = load_metric(args.metric)
    except MetricError as error:
        raise CliError(f"--metric: {error}", EXIT_USAGE) from None
    plan = plan_from(args.file, args.protocol, stderr)
    other = plan_from(args.compare, None, stderr) if args.compare else None
    shared = run_inputs(args)
    try:
        data = load_dev_set(Path(args.data), [i.name for i in plan.inputs], shared)
    except DevSetError as error:
        raise CliError(f"--data: {error}") from None
    runs = [("file", plan, args.out, _label(args.file, plan))]
    if other is not None:
        runs.append(("compare", other, args.compare_out, _label(args.compare, other)))
    states = {}
    reads = {"the --data file": Path(args.data), "the program or plan": Path(args.file)}
    for key, run_plan, out, _ in runs:
        if out is None:
            states[key] = BatchState()
            continue
        try:
            check_out_path(Path(out), reads)
            items = [item_for(run_plan, e) for e in data.examples]
            states[key] = read_state(Path(out), items, batch_settings(run_plan, shared))
        except BatchError as error:
            raise CliError(str(error)) from None
    backends = open_models(plan, args, stderr)
    summaries, scores = [], {}
    try:
        for key, run_plan, out, label in runs:
            records = _run(args, run_plan, data, states[key], out, shared, backends, stderr)
            scores[key] = evaluation.score_records(data.examples, records, metric)
            summaries.append(evaluation.summarize(label, scores[key]))
    except KeyboardInterrupt:
        saved = " (the results so far are saved in --out)" if args.out else ""
        stderr.write(f"minionc: interrupted{saved}; run the same command again to continue\n")
        return EXIT_INTERRUPTED
    finally:
        backends.close()
    result = evaluation.paired(scores["file"], scores["compare"]) if other is not None else None
    if args.json:
        summary = {
            "metric": metric.name,
            "data": str(args.data),
            "data_sha256": data.sha256,
            "results": [s.to_json() for s in summaries],
            "paired": result.to_json() if result is not None else None,
        }
        if args.show:
            summary["items"] = {
                key: [
                    {"id": s.id, "line": s.line, "score": s.score, "value": s.value}
                    for s in item_scores
                ]
                for key, item_scores in scores.items()
            }
        stdout.write(json.dumps(summary, ensure_ascii=False, default=str) + "\n")
        return EXIT_OK
    if args.show:
        for key, _, _, label in runs:
            stdout.write(f"{label}:\n" + "\n".join(evaluation.item_lines(scores[key])) + "\n\n")
    stdout.write(evaluation.table(summaries, metric.name) + "\n")
    if result is not None:
        stdout.write("\n" + evaluation.paired_text(runs[0][3], runs[1][3], result) + "\n")
    return EXIT_OK


def _label(path: str, plan: Any) -> str:
    return f"{plan.protocol} ({Path(path).name})"


def _run(
    args: argparse.Namespace,
    plan: Any,
    data: Any,
    state: Any,
    out: str | None,
    shared: dict[str, str],
    backends: Any,
    stderr: TextIO,
) -> dict[int, dict[str, Any]]:
    """Every item's record by line: those `out` holds already, then the rest run."""
    from minionc.batch import BatchError, batch_settings, open_results, pending, run_items
    from minionc.compiler.optimize.evaluate import item_for
    from minionc.runtime.cache import CallCache
    from minionc.runtime.executor import Runtime

    items = [item_for(plan, e) for e in data.examples]
    settings = batch_settings(plan, shared, backends.local, backends.remote, backends.roles)
    writer = None
    if out is not None:
        try:
            writer = open_results(Path(out), state, settings, redo_failed=False)
        except BatchError as error:
            raise CliError(str(error)) from None
    records = dict(state.done)
    todo = list(pending(items, state))
    if records:
        stderr.write(f"minionc: {len(records)} of {len(items)} items already done in {out}\n")

    def on_record(record: dict[str, Any], result: Any) -> None:
        if writer is not None:
            writer.write(record)
        records[record["line"]] = record

    runtime = Runtime(
        local=backends.local,
        remote=backends.remote,
        roles=backends.roles,
        cache=CallCache(args.cache_dir) if args.cache_dir else None,
        use_cache=not args.no_cache,
        trace=args.trace,
    )
    try:
        runtime.block_on(
            run_items(runtime, plan, todo, settings, workers=args.workers, on_record=on_record)
        )
    except BatchError as error:
        raise CliError(str(error)) from None
    finally:
        runtime.close()
        if writer is not None:
            writer.close()
    return records
