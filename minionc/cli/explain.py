"""`minionc explain`: a plan for a person, and which model each role runs on."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
from pathlib import Path
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
        "--source",
        action="store_true",
        help="print the program first, highlighted on a terminal (unless NO_COLOR is set)",
    )
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
        if args.source:
            stdout.write(_source(args.file, plan, stdout) + "\n")
        text = explain_text(plan)
        lines = "".join(f"  {line}\n" for line in binding.lines())
        stdout.write(f"{text}\nmodels at run time (which model, and why)\n{lines}")
    return EXIT_OK


def _source(path: str, plan: Any, stdout: TextIO) -> str:
    """The program's text (a plan's: the one it names, if it can still be read),
    in colour when the output is a terminal that wants it."""
    from minionc.highlight import highlight_program

    file = Path(path) if not looks_like_plan(path) else Path(plan.source.path or "")
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CliError(f"--source: cannot read the program {file}: {error}") from None
    colour = stdout.isatty() and not os.environ.get("NO_COLOR")
    shown = highlight_program(text, colour=colour)
    if looks_like_plan(path) and hashlib.sha256(text.encode()).hexdigest() != plan.source.sha256:
        shown = f"# {file} has changed since this plan was compiled from it\n" + shown
    return shown
