"""`minionc route-eval`: train a route policy on recorded outcomes of a weak and
a strong model and print RouteLLM's figures for it (learned against random,
always-weak, always-strong and the oracle)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, TextIO

from .common import EXIT_ERRORS, EXIT_OK, EXIT_USAGE

__all__ = ["add_parser", "cmd_route_eval"]


def _percent(text: str) -> float:
    """`30` or `30%` -> 0.3."""
    try:
        value = float(text.strip().rstrip("%"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a percentage; write e.g. 30") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"{text}: a percentage must be in [0, 100]")
    return value / 100.0


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number in (0, 1)") from None
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"{text}: must be in (0, 1)")
    return value


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "route-eval",
        help="train a route policy on recorded weak/strong outcomes and score it",
        description="Read every *.csv in DIR (columns prompt,<weak model>,<strong model> with "
        "True/False, optional <model>_response columns, as in RouteLLM's data), leave out "
        "the prompts in DIR/contaminated_prompts.jsonl, split them (seeded, stratified by "
        "outcome) into train, calibration and test, train the policy on train, pick its "
        "threshold on calibration and print PGR, CPT and APGR on test, by share of remote "
        "calls and of remote tokens.",
    )
    parser.add_argument("dir", metavar="DIR", help="a directory of CSV files")
    budget = parser.add_mutually_exclusive_group()
    budget.add_argument(
        "--budget",
        type=_percent,
        metavar="B",
        help="the most remote calls, in percent of queries, the policy's threshold keeps to",
    )
    budget.add_argument(
        "--token-budget",
        type=float,
        metavar="N",
        help="instead: the most remote tokens per query, on average",
    )
    parser.add_argument("--seed", type=int, default=0, help="the split's seed (default 0)")
    parser.add_argument(
        "--test-share", type=_share, default=0.3, help="share of prompts tested (default 0.3)"
    )
    parser.add_argument(
        "--calibration-share",
        type=_share,
        default=0.2,
        help="share of prompts for the threshold and the penalty (default 0.2)",
    )
    parser.add_argument(
        "--inputs-only",
        action="store_true",
        help="features of the prompt only, never the weak model's recorded answer (a policy "
        "a route step can use before any call)",
    )
    parser.add_argument(
        "--grounding",
        action="store_true",
        help="a policy reading the weak model's answer also reads whether it is found in the "
        "prompt (for questions over passages; off by default: it did not move APGR on the "
        "data measured, bench/RESULTS.md)",
    )
    parser.add_argument(
        "--test",
        metavar="DIR",
        help="held-out outcomes (CSV files like DIR's): DIR trains and calibrates, this "
        "measures (a dev split and its test split); --test-share is then unused",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--plot",
        metavar="FILE.png",
        help="write the PGR curves (by share of remote calls and of remote tokens) as a PNG",
    )
    parser.add_argument("--policy-out", metavar="FILE", help="write the trained policy (JSON)")
    parser.add_argument(
        "--plan",
        metavar="PLAN.json",
        help="put the policy into this plan's learned route or cascade (one that reads the "
        "local answer: a cascade)",
    )
    parser.add_argument(
        "--step", metavar="ID", help="which learned route or cascade, when it has several"
    )
    parser.add_argument("-o", "--output", metavar="OUT.json", help="where --plan's result goes")


def cmd_route_eval(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from minionc.runtime.routing.data import RoutingDataError, load_outcomes
    from minionc.runtime.routing.evaluate import evaluate
    from minionc.runtime.routing.features import FeatureSpec
    from minionc.runtime.routing.logistic import TrainingNeedsScipy

    def fail(message: str) -> int:
        stderr.write(f"minionc: error: {message}\n")
        return EXIT_USAGE

    if (args.plan is None) != (args.output is None):
        return fail("--plan and -o go together: the plan to read and where to write it")
    if args.output is not None:
        from minionc.files import UnsafeTarget, check_not_read, check_plan_target

        try:  # the plan may be trained in place; another file only if it is a plan
            check_not_read("-o", Path(args.output), {"the outcomes": Path(args.dir)})
            check_plan_target("-o", Path(args.output))
        except UnsafeTarget as error:
            stderr.write(f"minionc: error: {error}\n")
            return EXIT_ERRORS
    plan = None
    if args.plan is not None:
        from minionc.compiler.plan_io import PlanError, load_plan

        try:
            plan = load_plan(args.plan)
        except PlanError as error:
            return fail(str(error))
    try:
        data = load_outcomes(args.dir)
        held_out = load_outcomes(args.test) if args.test else None
        if held_out is not None and (held_out.weak_model, held_out.strong_model) != (
            data.weak_model,
            data.strong_model,
        ):
            return fail(
                f"--test {args.test} records {held_out.weak_model} and {held_out.strong_model}, "
                f"but {args.dir} records {data.weak_model} and {data.strong_model}"
            )
        reads_answer = data.has_responses and not args.inputs_only
        spec = FeatureSpec(use_response=reads_answer, grounding=reads_answer and args.grounding)
        report, policy = evaluate(
            data,
            seed=args.seed,
            test_share=args.test_share,
            calibration_share=args.calibration_share,
            budget=args.budget,
            token_budget=args.token_budget,
            spec=spec,
            held_out=held_out,
        )
    except (RoutingDataError, TrainingNeedsScipy) as error:
        return fail(str(error))
    report["data"]["dir"] = str(args.dir)
    policy_json = policy.to_json()
    policy_json["trained"] = {
        "dir": str(args.dir),
        "weak_model": data.weak_model,
        "strong_model": data.strong_model,
        "split": report["split"],
        "l2": report["l2"],
    }
    try:
        if args.policy_out:
            Path(args.policy_out).write_text(json.dumps(policy_json) + "\n", encoding="utf-8")
        if plan is not None:
            from minionc.compiler.plan_io import PlanError, save_plan
            from minionc.runtime.routing.attach import attach_policy

            try:
                save_plan(attach_policy(plan, policy_json, args.step), args.output)
            except (ValueError, PlanError) as error:
                return fail(str(error))
    except OSError as error:
        return fail(f"cannot write the policy: {error}")
    if args.plot:
        try:
            title = Path(args.dir).resolve().name
            if not write_curve_plot(report, Path(args.plot), title=title):
                stderr.write("minionc: --plot needs matplotlib (pip install matplotlib)\n")
        except OSError as error:
            return fail(f"--plot: cannot write {args.plot}: {error}")
    if args.json:
        stdout.write(json.dumps(report, indent=2) + "\n")
    else:
        stdout.write(format_report(report))
    return EXIT_OK


CURVE_STYLES = {
    "learned": ("learned", "#117733", "-"),
    "learned_per_token": ("learned, per token", "#44aa99", "--"),
    "random": ("random (seeded)", "#999999", "-"),
    "oracle": ("oracle", "#cc6677", ":"),
}


def write_curve_plot(report: dict[str, Any], path: Path, *, title: str) -> bool:
    """PGR against the share of remote calls and of remote tokens, one panel
    each, with always-weak (0, 0) and always-strong (1, 1); False without
    matplotlib."""
    from minionc.plotting import headless_pyplot

    plt = headless_pyplot()
    if plt is None:
        return False
    curves = report["curves"]
    share = curves["share"]
    figure, panels = plt.subplots(1, 2, figsize=(10, 4.2), dpi=120, sharey=True)
    try:
        for axes, axis, label in (
            (panels[0], "pgr_by_calls", "share of queries sent to the remote model"),
            (panels[1], "pgr_by_tokens", "share of remote tokens"),
        ):
            for name, (legend, colour, style) in CURVE_STYLES.items():
                if name in curves:
                    axes.plot(share, curves[name][axis], c=colour, ls=style, lw=1.4, label=legend)
            axes.scatter([0, 1], [0, 1], c="#332288", s=30, zorder=3, label="always weak / strong")
            axes.set_xlabel(label)
            axes.set_xlim(0, 1)
            axes.grid(alpha=0.3)
        panels[0].set_ylabel("PGR (performance gap recovered)")
        panels[0].legend(fontsize=8, loc="lower right")
        learned = report["routers"]["learned"]
        figure.suptitle(
            f"{title}: APGR {learned['apgr']:.3f} (tokens {learned['apgr_tokens']:.3f}), "
            f"random 0.5; test {report['split']['test']} prompts",
            fontsize=10,
        )
        figure.tight_layout()
        path.parent.mkdir(parents=True, exist_ok=True)
        figure.savefig(path)
    finally:
        plt.close(figure)
    return True


def format_report(report: dict[str, Any]) -> str:
    data, split, routers = report["data"], report["split"], report["routers"]
    lines = [
        f"{data['prompts']} prompts from {len(data['files'])} file(s) "
        f"({data['contaminated_excluded']} contaminated and {data['duplicates_dropped']} "
        "duplicate prompts left out)",
        f"weak {data['weak_model']}, strong {data['strong_model']}; features: the prompt"
        + (" and the weak model's recorded answer" if data["weak_response_features"] else ""),
        f"split (seed {split['seed']}, stratified by outcome): train {split['train']}, "
        f"calibration {split['calibration']}, test {split['test']}",
        f"test accuracy: always-weak {report['weak_accuracy']:.3f}, "
        f"always-strong {report['strong_accuracy']:.3f}",
        "",
        "x axis: share of remote calls (tok: share of remote tokens); learned/token: the same "
        "scores divided by the query's remote tokens",
        f"{'router':<16}{'APGR':>7}{'APGR tok':>10}{'CPT50':>7}{'CPT80':>7}"
        f"{'CPT50 tok':>11}{'CPT80 tok':>11}{'saved@95%':>11}{'tok saved':>11}",
    ]
    names = {
        "learned": "learned",
        "learned_per_token": "learned/token",
        "random": "random (seeded)",
        "oracle": "oracle",
    }
    for key, label in names.items():
        r = routers[key]
        lines.append(
            f"{label:<16}{r['apgr']:>7.3f}{r['apgr_tokens']:>10.3f}{r['cpt50']:>7.1%}"
            f"{r['cpt80']:>7.1%}{r['cpt50_tokens']:>11.1%}{r['cpt80_tokens']:>11.1%}"
            f"{r['calls_saved_at_95']:>11.1%}{r['tokens_saved_at_95']:>11.1%}"
        )
    expected = report.get("random_calls_saved_at_95_expected")
    lines.append(
        f"{'random (exp.)':<16}{report['random_apgr']:>7.3f}{'':>10}{'50.0%':>7}{'80.0%':>7}"
        f"{'':>22}" + (f"{expected:>11.1%}" if expected is not None else "")
    )
    lines.append(
        "always-weak: PGR 0 at 0% remote; always-strong: PGR 1 at 100% remote "
        "(saved@95%: remote calls saved keeping 95% of always-strong accuracy)"
    )
    lines += ["", "PGR at a share of remote calls (sweeping the threshold on test):"]
    points = list(routers["learned"]["pgr_at_calls"])
    lines.append(f"{'router':<16}" + "".join(f"{p:>7}" for p in points))
    for key, label in names.items():
        values = routers[key]["pgr_at_calls"]
        lines.append(f"{label:<16}" + "".join(f"{values[p]:>7.2f}" for p in points))
    lines += [
        "",
        "budgets (threshold calibrated on the calibration split, applied to test):",
        f"{'budget':>8}{'remote share':>14}{'tokens/query':>14}{'quality':>9}{'PGR':>7}",
    ]
    for row in report["budgets"]:
        lines.append(
            f"{row['budget']:>8.0%}{row['test_remote_share']:>14.1%}"
            f"{row['test_remote_tokens_per_query']:>14.1f}{row['test_quality']:>9.3f}"
            f"{row['test_pgr']:>7.2f}"
        )
    if "token_budget" in report:
        row = report["token_budget"]
        lines.append(
            f"{row['token_budget']:>6.0f}tk{row['test_remote_share']:>14.1%}"
            f"{row['test_remote_tokens_per_query']:>14.1f}{row['test_quality']:>9.3f}"
            f"{row['test_pgr']:>7.2f}"
        )
    return "\n".join(lines) + "\n"
