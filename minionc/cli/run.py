"""`minionc run`: a program or plan on real models, once or as a resumable batch."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .common import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_RUN_FAILED,
    EXIT_USAGE,
    CliError,
    add_cache_and_trace_options,
    add_input_options,
    check_trace_output,
    compiled_plan,
    looks_like_plan,
    open_models,
    run_inputs,
    set_knobs,
    usage_table,
)

if TYPE_CHECKING:
    from minionc.batch_tally import BatchTally
    from minionc.compiler.plan import Plan


def add_parser(commands: Any) -> None:
    from minionc.binding import add_model_options

    run_ = commands.add_parser(
        "run",
        help="run a program or plan on real models",
        description="Run a program (compiled first) or a plan on real models and print "
        "its answer with a local-vs-remote usage table. Each role runs on the model the "
        "command line, the environment, the config file or the program's models block "
        "names, else on the embedded defaults (local: Gemma 3 270M in-process; remote: "
        "Qwen2.5-Coder-1.5B-Instruct behind a loopback server); the run says which, and "
        "why, on stderr. A key lying in the environment never sends a run to a paid "
        "provider by itself.",
    )
    run_.add_argument("file", metavar="PROGRAM|PLAN", help="a .minion program or a plan .json")
    add_input_options(run_)
    add_model_options(run_)
    run_.add_argument(
        "--set",
        metavar="KNOB=VALUE",
        action="append",
        default=[],
        help="run with a knob set to one of its allowed values (e.g. chunk_size=2000)",
    )
    add_cache_and_trace_options(run_)
    run_.add_argument("--json", action="store_true", help="print the result as one JSON object")
    run_.add_argument(
        "--protocol", metavar="NAME", help="the protocol to run, if the file declares several"
    )
    batch = run_.add_argument_group(
        "batch mode",
        "Run the program once per line of a JSONL file. Each line holds that run's inputs "
        "(--input and --input-file give inputs shared by every line; `id`, `expected` and "
        "`meta` are carried to the output). Each result is appended to --out as soon as it "
        "finishes; run the same command again after an interruption and it skips what is done.",
    )
    batch.add_argument("--inputs", metavar="FILE.jsonl", help="one JSON object of inputs per line")
    batch.add_argument("--out", metavar="FILE.jsonl", help="where results go (appended)")
    batch.add_argument(
        "--redo-failed",
        action="store_true",
        help="rerun inputs whose saved result stopped early or has failed model outputs",
    )
    batch.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="inputs run at once (default 1): their remote calls overlap, their local "
        "steps take turns on the one local model",
    )
    batch.add_argument(
        "--ray",
        metavar="ADDRESS",
        help="run the batch on a Ray cluster: its head's host:port, `auto` (the cluster "
        "`ray start` set up here), or `local` (a private one on this machine); --workers "
        "actors, each with its own models (docs/scale.md)",
    )
    batch.add_argument(
        "--ray-actor-cpus",
        type=float,
        default=1.0,
        metavar="N",
        help="CPUs Ray reserves for each actor (default 1; one actor per machine: its CPUs)",
    )
    batch.add_argument(
        "--ray-actor-inputs",
        type=int,
        default=1,
        metavar="K",
        help="inputs each Ray actor runs at once (default 1; 2 or more overlap a remote "
        "tier's waits with the actor's local work, as --workers does in one process)",
    )
    batch.add_argument(
        "--batch-budget",
        action="append",
        default=[],
        metavar="TIER.METRIC=LIMIT",
        help="stop starting inputs once the batch has spent this much, e.g. "
        "remote.tokens=200000 or remote.usd=5 (the plan's own budgets apply per input)",
    )


def cmd_run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from minionc.compiler.plan_io import PlanError, load_plan

    if (args.inputs is None) != (args.out is None):
        raise CliError("batch mode needs both --inputs FILE.jsonl and --out FILE.jsonl", EXIT_USAGE)
    if args.redo_failed and args.inputs is None:
        raise CliError("--redo-failed is for batch mode (--inputs and --out)", EXIT_USAGE)
    if args.inputs is None and (args.workers != 1 or args.batch_budget or args.ray):
        raise CliError(
            "--workers, --batch-budget and --ray are for batch mode (--inputs and --out)",
            EXIT_USAGE,
        )
    if args.ray_actor_cpus <= 0:
        raise CliError("--ray-actor-cpus must be above 0", EXIT_USAGE)
    if args.ray_actor_inputs < 1:
        raise CliError("--ray-actor-inputs must be at least 1", EXIT_USAGE)
    if args.workers < 1:
        raise CliError("--workers must be at least 1", EXIT_USAGE)
    check_trace_output(args)
    if looks_like_plan(args.file):
        try:
            plan = load_plan(args.file)
        except PlanError as error:
            raise CliError(str(error)) from None
    else:
        plan = compiled_plan(args.file, args.protocol, stderr)
    plan = set_knobs(plan, args.set)
    _note_untrained(plan, stderr)
    inputs = run_inputs(args)
    if args.inputs is None:
        _check_input_names(plan, inputs)  # before any model loads
    batch = _prepare_batch(args, plan, inputs) if args.inputs is not None else None
    if batch is not None and args.ray:
        from .run_ray import run_batch_on_ray

        return run_batch_on_ray(args, plan, batch, stdout, stderr)
    backends = open_models(plan, args, stderr, only_this_plan=True)
    try:
        if batch is not None:
            return _run_batch(args, plan, batch, backends, stdout, stderr)
        return _run_once(args, plan, inputs, backends, stdout, stderr)
    finally:
        backends.close()


def _check_input_names(plan: Plan, inputs: dict[str, str]) -> None:
    """Unknown or missing --input names, reported before any model is loaded."""
    from minionc.compiler.diagnostics import did_you_mean

    expected = [i.name for i in plan.inputs]
    problems = []
    for name in sorted(set(inputs) - set(expected)):
        hint = did_you_mean(name, expected)
        problems.append(f"unknown input {name!r}" + (f" ({hint})" if hint else ""))
    missing = [name for name in expected if name not in inputs]
    if missing:
        problems.append(f"missing input {', '.join(missing)}")
    if problems:
        takes = ", ".join(expected) or "no inputs"
        raise CliError(
            f"{'; '.join(problems)}: protocol {plan.protocol} takes {takes} "
            "(give each with --input NAME=VALUE or --input-file NAME=PATH)",
            EXIT_USAGE,
        )


def _note_untrained(plan: Plan, stderr: TextIO) -> None:
    """A learned route or cascade with no policy runs, but never goes remote: say so,
    since the run's answers would otherwise look like a policy's choices."""
    from minionc.runtime.routing.attach import learned_steps

    for step in learned_steps(plan.steps):
        if not step.learned:
            stderr.write(
                f"minionc: note: the learned {step.kind} {step.id} has no trained policy, "
                "so it keeps every local answer; train one with `minionc route-eval DIR "
                "--plan PLAN.json -o TRAINED.json` (docs/routing.md)\n"
            )


def _runtime(args: argparse.Namespace, backends: Any, progress: Any) -> Any:
    from minionc.runtime.cache import CallCache
    from minionc.runtime.executor import Runtime

    return Runtime(
        local=backends.local,
        remote=backends.remote,
        roles=backends.roles,
        cache=CallCache(args.cache_dir) if args.cache_dir else None,
        use_cache=not args.no_cache,
        trace=args.trace,
        progress=progress.on_event,
    )


def _run_once(
    args: argparse.Namespace,
    plan: Plan,
    inputs: dict[str, str],
    backends: Any,
    stdout: TextIO,
    stderr: TextIO,
) -> int:
    from minionc.progress import RunProgress
    from minionc.runtime.executor import RunError

    with RunProgress(stderr) as progress:
        try:
            result = _runtime(args, backends, progress).run(plan, **inputs)
        except RunError as error:
            raise CliError(str(error)) from None
    if args.json:
        stdout.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
    else:
        stdout.write(_format_result(result))
        if result.problem is not None:
            stderr.write(f"minionc: error: {result.problem}\n")
    return EXIT_OK if result.ok else EXIT_RUN_FAILED


def _prepare_batch(args: argparse.Namespace, plan: Plan, shared: dict[str, str]) -> Any:
    """Validate every input line and read what --out already holds, before any
    model is loaded: a mistake costs nothing, and --out is only read."""
    from minionc.batch import (
        BatchError,
        batch_settings,
        check_out_path,
        read_inputs,
        read_state,
    )
    from minionc.batch_tally import BatchBudget

    out = Path(args.out)
    reads = {"the --inputs file": Path(args.inputs), "the program or plan": Path(args.file)}
    for item in args.input_file:
        name, _, path = item.partition("=")
        reads[f"--input-file {name}"] = Path(path)
    if args.trace:
        reads["the --trace file"] = Path(args.trace)
    try:
        budget = BatchBudget.parse(args.batch_budget)
    except BatchError as error:
        raise CliError(f"--batch-budget {error}", EXIT_USAGE) from None
    try:
        check_out_path(out, reads)
        items = read_inputs(Path(args.inputs), [i.name for i in plan.inputs], shared)
        state = read_state(out, items, batch_settings(plan, shared))
    except BatchError as error:
        raise CliError(str(error)) from None
    return items, state, shared, budget


def _run_batch(
    args: argparse.Namespace,
    plan: Plan,
    batch: Any,
    backends: Any,
    stdout: TextIO,
    stderr: TextIO,
) -> int:
    from minionc.batch import (
        BatchError,
        batch_settings,
        open_results,
        pending,
        run_items,
    )
    from minionc.batch_tally import BatchTally
    from minionc.progress import RunProgress

    items, state, shared, budget = batch
    out = Path(args.out)
    settings = batch_settings(plan, shared, backends.local, backends.remote, backends.roles)
    try:  # the models, now that they have an identity
        writer = open_results(out, state, settings, redo_failed=args.redo_failed)
    except BatchError as error:
        raise CliError(str(error)) from None
    todo = list(pending(items, state))
    skipped = len(items) - len(todo)
    if state.dropped_partial_line:
        stderr.write(f"minionc: {out}: dropped a result line cut off by an interruption\n")
    if skipped:
        stderr.write(f"minionc: {skipped} of {len(items)} inputs already done in {out}\n")
    tally = BatchTally(budget)
    try:
        with RunProgress(
            stderr, inputs=len(items), skipped=skipped, concurrent=args.workers > 1
        ) as progress:
            runtime = _runtime(args, backends, progress)

            def on_record(record: dict[str, Any], result: Any) -> None:
                writer.write(record)  # a BatchError stops the batch; what is saved stays
                tally.add(record, result.usage if result is not None else None)
                progress.input_done(usage=tally.usage, failed=tally.no_value)

            runtime.block_on(
                run_items(
                    runtime,
                    plan,
                    todo,
                    settings,
                    workers=args.workers,
                    on_record=on_record,
                    may_start=tally.may_start,
                )
            )
    except BatchError as error:
        raise CliError(str(error)) from None
    except KeyboardInterrupt:
        stderr.write(
            f"minionc: interrupted: {skipped + tally.ran} of {len(items)} inputs are "
            f"saved in {out}; run the same command again to continue\n"
        )
        return EXIT_INTERRUPTED
    finally:
        writer.close()
    return finish_batch(args, items, skipped, tally, stdout, stderr)


def finish_batch(
    args: argparse.Namespace,
    items: list[Any],
    skipped: int,
    tally: BatchTally,
    stdout: TextIO,
    stderr: TextIO,
) -> int:
    """A batch's summary (a table, or --json), and its exit status."""
    out = Path(args.out)
    ran, no_value, with_failures = tally.ran, tally.no_value, tally.with_failures
    total, stopped_by = tally.usage, tally.stopped_by
    summary = {
        "inputs": len(items),
        "ran": ran,
        "skipped": skipped,
        "failed": no_value,
        "with_failed_outputs": with_failures,
        "out": str(out),
        "usage": total.to_json(),
        "batch_budget_reached": stopped_by,
    }
    if args.json:
        stdout.write(json.dumps(summary, ensure_ascii=False) + "\n")
    else:
        stdout.write(
            f"{len(items)} inputs: {ran} ran, {skipped} already done, {no_value} failed (no "
            f"value), {with_failures} with some failed model outputs; results in {out}\n\n"
            + usage_table(total)
        )
    if stopped_by:
        left = len(items) - skipped - ran
        stderr.write(
            f"minionc: the batch budget is spent ({stopped_by}): {left} inputs did not "
            f"start; the {skipped + ran} done are saved in {out}. Raise --batch-budget and "
            "run the same command again to continue\n"
        )
        return EXIT_RUN_FAILED
    if no_value:
        stderr.write(
            f"minionc: error: {no_value} of {ran} inputs run produced no value (see `error` "
            f"and `problem` in {out}); rerun them with --redo-failed\n"
        )
        return EXIT_RUN_FAILED
    return EXIT_OK


def _format_result(result: Any) -> str:
    """The value and the usage table; why a run has no value goes to stderr."""
    lines = [str(result.value), ""] if result.ok else []
    lines.append(usage_table(result.usage).rstrip("\n"))
    if result.failures and result.ok:
        counts = ", ".join(f"{n} {reason}" for reason, n in result.failures_by_reason.items())
        lines.append(f"\nfailed model outputs (the run went on): {counts}")
    return "\n".join(lines) + "\n"
