"""`minionc explain`: a plan for a person, and which model each role runs on."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any, TextIO

from .common import (
    ASSUME_HELP,
    EXIT_OK,
    EXIT_USAGE,
    CliError,
    assumptions,
    compiled_plan,
    estimated,
    looks_like_plan,
    model_binding,
    parse_assumption,
)

if TYPE_CHECKING:
    pass


def add_parser(commands: Any) -> None:
    from minionc.binding import add_model_options

    explain = commands.add_parser(
        "explain",
        help="explain what a program or plan does and costs",
        description="Explain a plan for a person: inputs (private ones marked), model "
        "roles, knobs, budgets, the steps and where each runs, every flow of private "
        "data to a remote model, and the cost estimate with its formulas. Takes a "
        ".minion program (compiled first) or a plan .json file.",
    )
    explain.add_argument("file", metavar="FILE|PLAN", help="a .minion program or a plan .json")
    explain.add_argument("--json", action="store_true", help="print the explanation as JSON")
    explain.add_argument(
        "--protocol", metavar="NAME", help="the protocol to explain, if the file declares several"
    )
    add_model_options(explain, gpu=False)
    explain.add_argument(
        "--assume",
        metavar="NAME=NUMBER",
        action="append",
        type=parse_assumption,
        help=ASSUME_HELP,
    )


def cmd_explain(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from minionc.compiler.explain import explain_json, explain_text
    from minionc.compiler.plan_io import PlanError, load_plan

    assume = assumptions(args)
    if looks_like_plan(args.file):
        try:
            plan = load_plan(args.file)
        except PlanError as error:
            raise CliError(str(error)) from None
        if args.protocol is not None and args.protocol != plan.protocol:
            raise CliError(
                f"--protocol {args.protocol}: this plan is for protocol {plan.protocol}; "
                "--protocol chooses among the protocols of a .minion file",
                EXIT_USAGE,
            )
        if assume or plan.estimate is None:
            plan = estimated(plan, assume)
    else:
        plan = estimated(compiled_plan(args.file, args.protocol, stderr), assume)
    binding = model_binding(plan, args)
    if args.json:
        explained = {**explain_json(plan), "binding": binding.to_json()}
        stdout.write(json.dumps(explained, indent=2, ensure_ascii=False) + "\n")
    else:
        text = explain_text(plan)
        lines = "".join(f"  {line}\n" for line in binding.lines())
        stdout.write(f"{text}\nmodels at run time (which model, and why)\n{lines}")
    return EXIT_OK
