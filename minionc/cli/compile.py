"""`minionc compile`: a program into a plan (JSON), with its cost estimate."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .common import (
    ASSUME_HELP,
    EXIT_OK,
    CliError,
    assumptions,
    check_plan_output,
    compiled_plan,
    estimated,
    parse_assumption,
)

if TYPE_CHECKING:
    pass


def add_parser(commands: Any) -> None:
    compile_ = commands.add_parser(
        "compile",
        help="compile a program into a plan (JSON)",
        description="Compile a .minion program into an execution plan, with the static "
        "cost estimate filled in. The plan goes to -o, or to stdout; diagnostics go "
        "to stderr.",
    )
    compile_.add_argument("file", metavar="FILE", help="the .minion program")
    compile_.add_argument(
        "-o", "--output", metavar="PLAN.json", help="write the plan here instead of stdout"
    )
    compile_.add_argument(
        "--protocol", metavar="NAME", help="the protocol to compile, if the file declares several"
    )
    compile_.add_argument(
        "--assume",
        metavar="NAME=NUMBER",
        action="append",
        type=parse_assumption,
        help=ASSUME_HELP,
    )


def cmd_compile(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from minionc.compiler.plan_io import PlanError, dump_plan, save_plan

    assume = assumptions(args)
    if args.output is not None:
        check_plan_output("-o", Path(args.output), {"the program": Path(args.file)})
    plan = estimated(compiled_plan(args.file, args.protocol, stderr), assume)
    if args.output is None:
        stdout.write(dump_plan(plan))
        return EXIT_OK
    try:
        save_plan(plan, args.output)
    except PlanError as error:
        raise CliError(f"{error}; check the -o path and the free disk space") from None
    cost = ""
    if plan.estimate is not None:
        remote = plan.estimate.remote
        tokens = remote.prompt_tokens + remote.completion_tokens
        cost = f"; estimate per run: {tokens:,.0f} remote tokens in {remote.calls:g} calls"
    stderr.write(f"minionc: wrote {args.output} (protocol {plan.protocol}{cost})\n")
    return EXIT_OK
