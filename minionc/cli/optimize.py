"""`minionc optimize`: the plan with the fewest remote tokens whose measured
quality clears the user's constraint, and the evidence for it."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .common import add_input_options, plan_from

if TYPE_CHECKING:
    from minionc.compiler.optimize.driver import OptimizeError

__all__ = ["add_parser", "cmd_optimize"]


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "optimize",
        help="find the plan with the fewest remote tokens that keeps quality",
        description="Measure the program's candidates (knob values, @auto placements) on a "
        "dev set and write the plan with the fewest remote tokens per query whose measured "
        "quality clears the constraint, with a confidence bound (dev sets are small). Every "
        "model call goes through the call cache and every measurement is saved as it is "
        "made: run the same command again after an interruption and it continues; a second "
        "run on the same data replays for free.",
    )
    parser.add_argument("file", metavar="PROGRAM|PLAN", help="a .minion program or a plan .json")
    parser.add_argument(
        "--dev",
        required=True,
        metavar="DEV.jsonl",
        help="one JSON object per line: the inputs and the `expected` output (a document "
        'may be {"$file": PATH})',
    )
    parser.add_argument(
        "--metric",
        required=True,
        metavar="METRIC",
        help="exact, contains, f1, numeric[:TOLERANCE] or custom:MODULE:FUNCTION",
    )
    constraint = parser.add_mutually_exclusive_group(required=True)
    constraint.add_argument(
        "--min-quality", type=float, metavar="Q", help="the least mean metric score, in [0, 1]"
    )
    constraint.add_argument(
        "--min-relative",
        type=float,
        metavar="R",
        help="the least share of the baseline's quality to keep, e.g. 0.95",
    )
    parser.add_argument(
        "--baseline",
        metavar="PROGRAM|PLAN",
        help="the baseline (default: this program with its knobs as written and every @auto "
        "step on remote), e.g. programs/remote_only.minion",
    )
    parser.add_argument("-o", "--output", required=True, metavar="PLAN.json", help="the plan")
    parser.add_argument("--report", metavar="DIR", help="write the candidates table and plot here")
    parser.add_argument(
        "--budget-calls", type=int, metavar="N", help="most model calls the search may make"
    )
    parser.add_argument("--seed", type=int, default=0, help="candidates and dev order (default 0)")
    parser.add_argument(
        "--search",
        choices=("race", "halving"),
        default="race",
        help="race (default): cheapest-looking first (the static estimate), each on a "
        "first batch and raced to the whole dev set, dropped only on evidence or when it "
        "costs more than one that cleared; halving: successive halving (noisier)",
    )
    parser.add_argument(
        "--max-candidates",
        type=int,
        default=24,
        metavar="N",
        help="candidates to measure when the space is larger (default 24, drawn with --seed)",
    )
    parser.add_argument(
        "--fix",
        metavar="NAME=VALUE",
        action="append",
        default=[],
        help="hold a knob, rewrite or @auto step at one value (a smaller search), e.g. "
        "chunk_size=1000, prefilter=4, s5=local",
    )
    parser.add_argument(
        "--demos",
        type=int,
        default=2,
        metavar="N",
        help="few-shot demonstrations to bootstrap per local prompt with DSPy, the remote "
        "model as teacher, kept when the metric passes (default 2)",
    )
    parser.add_argument(
        "--no-demos",
        action="store_true",
        help="bootstrap no demonstrations (no teacher calls; the search leaves prompts as written)",
    )
    parser.add_argument(
        "--no-calibrate",
        action="store_true",
        help="keep the searched agreement rule of the chosen plan's cascade (by default its "
        "samples, agreement count and free-text similarity threshold are set from what the "
        "local samples did on the dev set)",
    )
    parser.add_argument(
        "--no-train-route",
        action="store_true",
        help="leave the chosen plan's learned route untrained (by default it is trained on the "
        "dev set: which inputs the remote tier is worth it for)",
    )
    parser.add_argument(
        "--demos-share-dev",
        action="store_true",
        help="let short passages of a private dev document go to a remote teacher that is not "
        "on this machine (without it, such prompts get no demonstrations)",
    )
    parser.add_argument(
        "--confidence",
        type=float,
        default=0.9,
        help="one-sided confidence of the quality bound (default 0.9)",
    )
    add_input_options(parser, every_line=True)
    from minionc.binding import add_model_options

    add_model_options(parser)
    parser.add_argument(
        "--cache-dir",
        metavar="DIR",
        help="the call cache, as for `minionc run`; measurements are saved in DIR/optimize "
        "(default: ~/.cache/minionc/calls and ~/.cache/minionc/optimize)",
    )
    parser.add_argument("--protocol", metavar="NAME", help="the protocol, if the file has several")
    parser.add_argument("--json", action="store_true", help="print a JSON summary")


def cmd_optimize(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from minionc.compiler.optimize.devset import DevSetError, load_dev_set
    from minionc.compiler.optimize.driver import OptimizeError, optimize
    from minionc.compiler.optimize.metrics import MetricError, load_metric
    from minionc.compiler.optimize.report import write_report
    from minionc.compiler.optimize.search import Constraint
    from minionc.compiler.plan_io import PlanError, save_plan
    from minionc.progress import RunProgress
    from minionc.runtime.cache import CallCache, default_cache_dir
    from minionc.runtime.executor import Runtime

    from .common import (
        EXIT_ERRORS,
        EXIT_OK,
        EXIT_USAGE,
        CliError,
        check_plan_output,
        open_models,
        run_inputs,
    )

    constraint = _constraint(args, Constraint, CliError, EXIT_USAGE)
    reads = {"the program": Path(args.file), "the --dev file": Path(args.dev)}
    check_plan_output("-o", Path(args.output), reads)  # before hours of search, not after
    try:
        metric = load_metric(args.metric)
    except MetricError as error:
        raise CliError(f"--metric: {error}", EXIT_USAGE) from None
    if args.budget_calls is not None and args.budget_calls < 1:
        raise CliError("--budget-calls must be at least 1", EXIT_USAGE)
    if args.demos < 0:
        raise CliError("--demos must be 0 or more (0: none, like --no-demos)", EXIT_USAGE)
    from minionc.compiler.configure import KnobError, parse_knob_setting

    try:
        fixed = dict(parse_knob_setting(text) for text in args.fix)
    except KnobError as error:
        raise CliError(f"--fix {error}", EXIT_USAGE) from None
    plan = plan_from(args.file, args.protocol, stderr)
    if fixed:  # checked here, before any model loads
        from minionc.compiler.optimize.rewrites import with_demos
        from minionc.compiler.optimize.space import search_space

        try:
            if fixed.get(with_demos.NAME) not in with_demos.SETTINGS:
                shown = ", ".join(json.dumps(v) for v in with_demos.SETTINGS)
                raise ValueError(f"demos: choose one of {shown}")
            # The demos rewrite is built once demos are bootstrapped (the driver checks it).
            search_space(plan).fixed(plan, {k: v for k, v in fixed.items() if k != with_demos.NAME})
        except ValueError as error:
            raise CliError(f"--fix {error}", EXIT_USAGE) from None
    baseline = plan_from(args.baseline, None, stderr) if args.baseline else None
    shared = run_inputs(args)
    try:
        devset = load_dev_set(Path(args.dev), [i.name for i in plan.inputs], shared)
    except DevSetError as error:
        raise CliError(str(error)) from None
    if baseline is not None:
        missing = {i.name for i in baseline.inputs} - {i.name for i in plan.inputs}
        if missing:
            raise CliError(
                f"--baseline {args.baseline} takes inputs the program does not "
                f"({', '.join(sorted(missing))}): a baseline must run on the same dev lines",
                EXIT_USAGE,
            )
    # As for `minionc run`, --cache-dir is the call cache; measurements sit beside the calls.
    calls_dir = Path(args.cache_dir) if args.cache_dir else default_cache_dir()
    store_dir = calls_dir / "optimize" if args.cache_dir else calls_dir.parent / "optimize"
    backends = open_models(plan, args, stderr)
    try:
        with RunProgress(stderr, inputs=1, inputs_label="measurements") as progress:
            runtime = Runtime(
                local=backends.local,
                remote=backends.remote,
                roles=backends.roles,
                cache=CallCache(calls_dir),
                progress=progress.on_event,
            )

            def on_progress(event: Any) -> None:
                progress.input_done(completed=event.done, total=max(event.planned, event.done))

            try:
                optimized = optimize(
                    plan,
                    devset,
                    metric,
                    constraint,
                    runtime,
                    store_dir=store_dir,
                    baseline_plan=baseline,
                    baseline_label=f"baseline: {args.baseline}" if args.baseline else None,
                    seed=args.seed,
                    budget_calls=args.budget_calls,
                    max_candidates=args.max_candidates,
                    strategy=args.search,
                    fixed=fixed,
                    progress=on_progress,
                    max_demos=0 if args.no_demos else args.demos,
                    share_private_demos=args.demos_share_dev,
                    calibrate=not args.no_calibrate,
                    train_routes=not args.no_train_route,
                )
            except OptimizeError as error:
                raise CliError(optimize_error_text(error), EXIT_USAGE) from None
            except KeyboardInterrupt:
                stderr.write(
                    "minionc: interrupted: every measurement so far is saved; run the same "
                    "command again to continue\n"
                )
                return 130
            finally:
                runtime.close()
    finally:
        backends.close()
    report_files: list[Path] = []
    if args.report:
        try:
            report_files = write_report(
                optimized, Path(args.report), title=f"minionc optimize {args.file} ({metric.name})"
            )
        except OSError as error:
            raise CliError(f"--report: cannot write {args.report}: {error}") from None
    search = optimized.search
    if optimized.plan is None:
        # Candidates dropped early were measured on part of the dev set only.
        complete = [r for r in search.records if r.measured(search.order)]
        best = max([search.baseline, *complete], key=lambda r: r.quality(search.order))
        stderr.write(
            f"minionc: no candidate clears {constraint.describe()} on {len(search.order)} dev "
            f"examples (best measured quality {best.quality(search.order):.3f}, {best.label}); "
            "no plan written. Lower the constraint, add dev examples (the bound tightens), or "
            "widen the program's knobs"
            + ("; the call budget ran out first" if search.budget_spent else "")
            + ".\n"
        )
        _print_summary(args, optimized, None, report_files, stdout)
        return EXIT_ERRORS
    try:
        save_plan(optimized.plan, args.output)
    except PlanError as error:
        raise CliError(f"{error}; check the -o path and the free disk space") from None
    _print_summary(args, optimized, Path(args.output), report_files, stdout)
    return EXIT_OK


def _constraint(args: argparse.Namespace, constraint: Any, cli_error: Any, usage: int) -> Any:
    if not 0.5 <= args.confidence < 1:
        raise cli_error("--confidence must be at least 0.5 and below 1 (e.g. 0.9)", usage)
    if args.min_quality is not None:
        if not 0 <= args.min_quality <= 1:
            raise cli_error("--min-quality is a mean metric score between 0 and 1", usage)
        return constraint("absolute", args.min_quality, args.confidence)
    if not 0 < args.min_relative <= 1.5:
        raise cli_error("--min-relative is a share of the baseline's quality, e.g. 0.95", usage)
    return constraint("relative", args.min_relative, args.confidence)


def _print_summary(
    args: argparse.Namespace,
    optimized: Any,
    output: Path | None,
    report_files: list[Path],
    stdout: TextIO,
) -> None:
    search = optimized.search
    order = search.order
    chosen, baseline = search.chosen, search.baseline
    if args.json:
        summary: dict[str, Any] = {
            "plan": str(output) if output else None,
            "constraint": search.constraint.describe(),
            "examples": len(order),
            "candidates_measured": 1 + len(search.records),
            "model_calls": optimized.model_calls,
            "budget_spent": search.budget_spent,
            "demos": optimized.demos.to_json() if optimized.demos else None,
            "calibration": optimized.calibration.to_json() if optimized.calibration else None,
            "route_training": (
                optimized.route_training.to_json() if optimized.route_training else None
            ),
            "baseline": {
                "label": baseline.label,
                "quality": baseline.quality(order),
                "remote_tokens_per_query": baseline.remote_tokens(order),
            },
            "chosen": None,
            "report": [str(p) for p in report_files],
        }
        if chosen is not None:
            summary["chosen"] = {
                "label": chosen.label,
                "quality": chosen.quality(order),
                "remote_tokens_per_query": chosen.remote_tokens(order),
            }
        stdout.write(json.dumps(summary) + "\n")
        return
    lines = [
        f"{'':10} {'quality':>8} {'remote tokens/query':>20}  candidate",
        f"{'baseline':10} {baseline.quality(order):>8.3f} "
        f"{baseline.remote_tokens(order):>20,.0f}  {baseline.label}",
    ]
    if chosen is not None:
        lines.append(
            f"{'chosen':10} {chosen.quality(order):>8.3f} "
            f"{chosen.remote_tokens(order):>20,.0f}  {chosen.label}"
        )
        base_tokens, tokens = baseline.remote_tokens(order), chosen.remote_tokens(order)
        if base_tokens > 0 and tokens > 0:
            lines.append(f"remote tokens: {base_tokens / tokens:.1f}x fewer than the baseline")
        elif base_tokens > 0:
            lines.append(f"remote tokens: none (the baseline spends {base_tokens:,.0f} per query)")
    lines.append(
        f"{1 + len(search.records)} candidates, {len(order)} dev examples, "
        f"{optimized.model_calls} model calls" + (" (budget spent)" if search.budget_spent else "")
    )
    if optimized.demos is not None:
        kept = ", ".join(f"{n} for {name}" for name, n in optimized.demos.kept.items())
        lines.append(
            f"demos: {kept or 'none kept'} ({optimized.demos.teacher_calls} teacher calls)"
        )
    calibration = optimized.calibration
    if calibration is not None:
        best = calibration.chosen
        lines.append(
            f"cascade {calibration.step}: {len(calibration.rows)} agreement settings scored on "
            f"{calibration.examples} examples; "
            + (
                f"calibrated to {best.setting.describe()} (predicted quality {best.quality:.3f}, "
                f"{best.deferred:.0%} deferred to remote)"
                if best is not None
                else "none clears the constraint; kept the searched setting"
            )
        )
    training = optimized.route_training
    if training is not None:
        lines.append(
            f"route {training.step}: trained on {training.examples} dev examples; "
            + (
                f"{training.remote_share:.0%} sent remote (predicted quality "
                f"{training.predicted_quality:.3f})"
                if training.remote_share is not None and training.predicted_quality is not None
                else training.note
            )
        )
    if output is not None:
        lines.append(f"wrote {output}")
    lines += [f"report: {p}" for p in report_files]
    stdout.write("\n".join(lines) + "\n")


# The optimize() arguments an OptimizeError can name, as this command's flags.
_FLAGS = {"max_candidates": "--max-candidates", "fixed": "--fix"}


def optimize_error_text(error: OptimizeError) -> str:
    """The library's error in the words of this command: its flag first."""
    flag = _FLAGS.get(error.argument or "")
    return f"{flag} {error}" if flag else str(error)
