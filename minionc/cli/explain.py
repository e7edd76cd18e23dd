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
    add_input_options,
    assumptions,
    compiled_plan,
    estimated,
    looks_like_plan,
    model_binding,
    parse_assumption,
    run_inputs,
    set_knobs,
)

if TYPE_CHECKING:
    from minionc.compiler.plan import Plan


def add_parser(commands: Any) -> None:
    from minionc.binding import add_model_options

    explain = commands.add_parser(
        "explain",
        help="explain what a program or plan does and costs",
        description="Explain a plan for a person: inputs (private ones marked), model "
        "roles, knobs, budgets, the steps and where each runs, every flow of private "
        "data to a remote model, and the cost estimate with its formulas (in dollars "
        "too when a role runs on a priced model). Takes a .minion program (compiled "
        "first) or a plan .json file. --render adds every model call's prompt as the "
        "model bound to it would receive it, counted by its own tokenizer; nothing runs.",
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
    explain.add_argument(
        "--render",
        action="store_true",
        help="show each model call's prompt exactly as its model would receive it (a "
        "few-shot completion, or chat messages with their response format), with the "
        "inputs given (--input, --input-file; the others as <<NAME>> placeholders), "
        "counted by that model's own tokenizer, and priced; the estimate counts the same "
        "way. Loads the models' vocabularies only; calls nothing",
    )
    add_input_options(explain)
    explain.add_argument(
        "--set",
        metavar="KNOB=VALUE",
        action="append",
        default=[],
        help="explain the plan with a knob set to one of its allowed values",
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

    if (args.input or args.input_file) and not args.render:
        raise CliError("--input and --input-file are for --render", EXIT_USAGE)
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
    else:
        plan = compiled_plan(args.file, args.protocol, stderr)
    plan = set_knobs(plan, args.set)
    binding = model_binding(plan, args)
    inputs = _render_inputs(args, plan) if args.render else {}
    # Real token counts when the models are asked about: --render, or a model option.
    counting = args.render or bool(args.local or args.remote or args.model)
    models = _models(binding) if counting else None
    try:
        sized = _sized_inputs(plan, inputs, assume, models)
        if counting or assume or args.set or plan.estimate is None:
            fixed = _fixed_tokens(plan, models, args.render, stderr) if models is not None else None
            plan = _noted(estimated(plan, {**sized, **assume}, fixed), sized)
        costs = _costs(plan, binding)
        previews = _previews(plan, models, inputs) if args.render and models else None
    finally:
        if models is not None:
            models.close()
    if args.json:
        explained = {**explain_json(plan), "binding": binding.to_json()}
        explained["usd"] = costs.to_json() if costs is not None else None
        if previews is not None:
            from minionc.preview_report import preview_json

            explained["render"] = preview_json(previews, inputs, plan)
        stdout.write(json.dumps(explained, indent=2, ensure_ascii=False) + "\n")
    else:
        if args.source:
            stdout.write(_source(args.file, plan, stdout) + "\n")
        text = explain_text(plan, costs)
        lines = "".join(f"  {line}\n" for line in binding.lines())
        stdout.write(f"{text}\nmodels at run time (which model, and why)\n{lines}")
        if previews is not None:
            from minionc.preview_report import preview_text

            stdout.write("\n" + preview_text(previews, inputs, plan))
    return EXIT_OK


def _render_inputs(args: argparse.Namespace, plan: Plan) -> dict[str, str]:
    """--input and --input-file: read, and every name one the protocol takes."""
    from minionc.preview import check_input_names

    inputs = run_inputs(args)
    problem = check_input_names(plan, inputs)
    if problem is not None:
        raise CliError(
            f"{problem} (give each with --input NAME=VALUE or --input-file NAME=PATH; "
            "one not given is shown as a placeholder)",
            EXIT_USAGE,
        )
    return inputs


def _sized_inputs(
    plan: Plan, inputs: dict[str, str], assume: dict[str, float], models: Any
) -> dict[str, float]:
    """The tokens of each text input given to --render (unless --assume says), by
    the local model's count, as a run's split counts: the estimate's sizes."""
    from minionc.runtime.backend import BackendError, RuntimeSetupError

    sized: dict[str, float] = {}
    for param in plan.inputs:
        text = inputs.get(param.name)
        if text is None or param.name in assume or param.schema_.get("type") != "string":
            continue
        try:
            sized[param.name] = float(models.local_count(text))
        except (RuntimeSetupError, BackendError, ValueError) as error:
            raise _setup_error(error) from None
    return sized


def _noted(plan: Plan, sized: dict[str, float]) -> Plan:
    """The estimate saying which of its input sizes are the inputs given."""
    if not sized or plan.estimate is None:
        return plan
    note = (
        f"the sizes of {', '.join(sized)} are the inputs given, counted by the local model's "
        "tokenizer"
    )
    estimate = plan.estimate.model_copy(update={"notes": [*plan.estimate.notes, note]})
    return plan.model_copy(update={"estimate": estimate})


def _models(binding: Any) -> Any:
    from minionc.preview import Models

    return Models(binding)


def _setup_error(error: Exception) -> CliError:
    return CliError(f"cannot set up the models to count and render prompts: {error}")


def _fixed_tokens(plan: Plan, models: Any, render: bool, stderr: TextIO) -> Any:
    """The estimate's counter. A model that cannot be set up is the user's to fix
    for --render; for the estimate alone it is counted by the rule of thumb, and
    a note on stderr says why."""
    from minionc.preview import fixed_tokens
    from minionc.runtime.backend import BackendError, RuntimeSetupError

    counter = fixed_tokens(plan, models)
    said: set[str] = set()

    def guarded(call: Any, tier: str) -> Any:
        try:
            return counter(call, tier)
        except (RuntimeSetupError, BackendError, ValueError) as error:
            if render:
                raise _setup_error(error) from None
            if str(error) not in said:
                said.add(str(error))
                stderr.write(
                    f"minionc: note: the estimate counts {call.prompt} by the rule of thumb: "
                    f"cannot set up its model to count it: {error}\n"
                )
            return None

    return guarded


def _costs(plan: Plan, binding: Any) -> Any:
    from minionc.preview import run_costs

    return run_costs(plan, binding)


def _previews(plan: Plan, models: Any, inputs: dict[str, str]) -> Any:
    from minionc.preview import preview_calls
    from minionc.runtime.backend import BackendError, RuntimeSetupError

    try:
        return preview_calls(plan, models, inputs)
    except (RuntimeSetupError, BackendError, ValueError) as error:
        raise _setup_error(error) from None


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
