"""What every command shares: exit codes, the error a user's mistake becomes,
the argument parser, --assume, reading a program or a plan, the model options'
binding and the backends they open, the files a command may write, the usage
table. Commands import from here, never from each other."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

if TYPE_CHECKING:
    from minionc.compiler.pipeline import CompileResult
    from minionc.compiler.plan import Plan

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_USAGE = 2
EXIT_RUN_FAILED = 3
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130

ASSUME_HELP = (
    "an assumption of the cost estimate, NAME=NUMBER: the tokens of an input "
    "(context=50000), the items of a list an LLM step returns (plan.items=6), the "
    "fraction a filter keeps (kept.keep=0.5), a cascade defers (answer.defer=0.2) or "
    "a route sends remote (answer.remote_share=0.3). Repeat it, or separate several "
    "with commas. `minionc explain` lists the names a program uses"
)


class CliError(Exception):
    """A user's mistake: printed as `minionc: error: MESSAGE`, exit `status`."""

    def __init__(self, message: str, status: int = EXIT_ERRORS) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class Parser(argparse.ArgumentParser):
    """argparse with a hint at the end of every usage error."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        hint = f"run `{self.prog} --help` for help"
        self.exit(EXIT_USAGE, f"minionc: error: {message}\n{hint}\n")


# ---- --assume ---------------------------------------------------------------------

_ASSUME_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")


def parse_assumption(text: str) -> dict[str, float]:
    """`context=50000` or `context=50000,plan.items=6` -> {name: value}."""
    result: dict[str, float] = {}
    for item in text.split(","):
        item = item.strip()
        name, sep, value = item.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name:
            raise argparse.ArgumentTypeError(
                f"{item!r} is not NAME=NUMBER; write for example --assume context=50000"
            )
        if not _ASSUME_NAME.match(name):
            raise argparse.ArgumentTypeError(
                f"{name!r} is not an assumption name; names look like context or plan.items"
            )
        try:
            number = float(value)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"the value of {name} must be a number, not {value!r}; "
                f"write for example --assume {name}=50000"
            ) from None
        if not (number >= 0 and number != float("inf")):
            raise argparse.ArgumentTypeError(f"the value of {name} must be a number >= 0")
        result[name] = number
    return result


def assumptions(args: argparse.Namespace) -> dict[str, float]:
    merged: dict[str, float] = {}
    for item in getattr(args, "assume", None) or []:
        merged.update(item)
    return merged


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


def compile_and_report(path: str, protocol: str | None, stderr: TextIO) -> CompileResult:
    """Compile one file and print its diagnostics to stderr."""
    from minionc.compiler.diagnostics import render
    from minionc.compiler.pipeline import compile_file

    result = compile_file(path, protocol=protocol)
    if result.source_text is None:  # unreadable: one M0005 diagnostic, no source to show
        for diagnostic in result.diagnostics:
            stderr.write(f"minionc: error: {diagnostic.message} ({diagnostic.help_text})\n")
        return result
    for diagnostic in result.diagnostics:
        stderr.write(render(diagnostic, result.source_text) + "\n")
    return result


def estimated(plan: Plan, assume: dict[str, float], fixed_tokens: Any = None) -> Plan:
    """The plan's estimate under `assume`; `fixed_tokens` counts the fixed part of
    each prompt with the bound models (minionc/preview.py), else the rule of thumb."""
    from minionc.compiler.estimate import EstimateError, estimate_plan

    try:
        return estimate_plan(plan, assume, fixed_tokens=fixed_tokens)
    except EstimateError as error:
        raise CliError(f"--assume: {error}", EXIT_USAGE) from None


def set_knobs(plan: Plan, settings: list[str]) -> Plan:
    """The plan with `--set KNOB=VALUE` applied."""
    from minionc.compiler.configure import KnobError, parse_knob_setting, with_knobs

    try:
        return with_knobs(plan, dict(parse_knob_setting(text) for text in settings))
    except KnobError as error:
        raise CliError(f"--set {error}", EXIT_USAGE) from None


def compiled_plan(path: str, protocol: str | None, stderr: TextIO) -> Plan:
    result = compile_and_report(path, protocol, stderr)
    if result.source_text is None:
        raise CliError("", EXIT_ERRORS)  # already reported
    if not result.ok or result.plan is None:
        errors = sum(1 for d in result.diagnostics if d.is_error)
        raise CliError(f"{path}: {plural(errors, 'error')}; no plan written", EXIT_ERRORS)
    return result.plan


def check_plan_output(option: str, target: Path, reads: dict[str, Path]) -> None:
    """A plan goes to a file of its own: never one the command reads, never over a
    file that is not a plan."""
    from minionc.files import UnsafeTarget, check_not_read, check_plan_target

    try:
        check_not_read(option, target, reads)
        check_plan_target(option, target)
    except UnsafeTarget as error:
        raise CliError(str(error)) from None


def check_trace_output(args: argparse.Namespace) -> None:
    """--trace appends to a trace of its own, never to a file the run reads."""
    from minionc.files import UnsafeTarget, check_not_read, check_trace_target

    if not args.trace:
        return
    reads = {"the program or plan": Path(args.file)}
    for item in args.input_file:
        name, _, path = item.partition("=")
        reads[f"--input-file {name}"] = Path(path)
    if args.inputs:
        reads["the --inputs file"] = Path(args.inputs)
    if args.out:
        reads["the --out file"] = Path(args.out)
    try:
        check_not_read("--trace", Path(args.trace), reads)
        check_trace_target(Path(args.trace))
    except UnsafeTarget as error:
        raise CliError(str(error)) from None


def looks_like_plan(path: str) -> bool:
    if path.endswith(".json"):
        return True
    if path.endswith(".minion"):
        return False
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read(256).lstrip().startswith("{")
    except OSError:
        return False


def run_inputs(args: argparse.Namespace) -> dict[str, str]:
    inputs: dict[str, str] = {}
    for item in args.input:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise CliError(f"--input {item!r}: write NAME=VALUE", EXIT_USAGE)
        inputs[name.strip()] = value
    for item in args.input_file:
        name, sep, path = item.partition("=")
        if not sep or not name.strip() or not path:
            raise CliError(f"--input-file {item!r}: write NAME=PATH", EXIT_USAGE)
        try:
            inputs[name.strip()] = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CliError(f"--input-file {name}: cannot read {path}: {error}") from None
    return inputs


def model_binding(plan: Plan, args: argparse.Namespace) -> Any:
    """Which model each role of `plan` runs on, from the command's model options."""
    from minionc.binding import BindingError, binding_from_args

    try:
        return binding_from_args(plan.models, args)
    except BindingError as error:
        raise CliError(str(error), EXIT_USAGE) from None


def open_models(
    plan: Plan, args: argparse.Namespace, stderr: TextIO, *, only_this_plan: bool = False
) -> Any:
    """Say which model each role runs on, and why; then set them up.
    `only_this_plan`: no other plan runs on them (not a search's candidates, not
    a server's other plans), so a local model this plan never calls is not loaded."""
    from minionc.binding import open_backends
    from minionc.runtime.backend import BackendError, RuntimeSetupError

    binding = model_binding(plan, args)
    for line in binding.lines():
        stderr.write(f"minionc: model: {line}\n")
    try:
        backends = open_backends(
            binding,
            n_gpu_layers=getattr(args, "gpu_layers", 0),
            tiers_called=binding.tiers_called(plan) if only_this_plan else None,
        )
    except (RuntimeSetupError, BackendError, ValueError) as error:
        raise CliError(f"cannot set up the models: {error}") from None
    note = other_models_note(plan, backends.identity())
    if note is not None:
        stderr.write(f"minionc: note: {note}\n")
    return backends


def other_models_note(plan: Plan, identity: str) -> str | None:
    """What to say when an optimized plan runs on other models than the ones its
    search measured: its figures were measured on those, not on these."""
    provenance = plan.provenance
    measured_with = provenance.details.get("models") if provenance is not None else None
    if provenance is None or not isinstance(measured_with, str) or measured_with == identity:
        return None
    return (
        "`minionc optimize` chose this plan measuring other models than these (quality "
        f"{provenance.quality:g} at {provenance.remote_tokens_per_query:g} remote tokens per "
        "query on its dev set; `minionc explain` shows which): to know what it does with "
        "these models, run `minionc optimize` on a dev set of your own"
    )


def usage_table(usage: Any) -> str:
    header = (
        f"{'tier':<8}{'calls':>7}{'cache hits':>12}{'prompt':>10}{'completion':>12}"
        f"{'seconds':>10}{'usd':>10}"
    )
    lines = [header]
    for tier in ("local", "remote"):
        numbers = usage.tier(tier)
        lines.append(
            f"{tier:<8}{numbers.calls:>7}{numbers.cache_hits:>12}{numbers.prompt_tokens:>10}"
            f"{numbers.completion_tokens:>12}{numbers.seconds:>10.1f}{numbers.usd:>10.4f}"
        )
    return "\n".join(lines) + "\n"


def add_cache_and_trace_options(parser: Any) -> None:
    """--no-cache, --cache-dir and --trace, for the commands that run models."""
    parser.add_argument("--trace", metavar="FILE", help="append a JSONL trace of every model call")
    parser.add_argument(
        "--no-cache", action="store_true", help="do not read or write the call cache"
    )
    parser.add_argument(
        "--cache-dir",
        metavar="DIR",
        help="the call cache (default: $MINIONC_CACHE_DIR/calls or ~/.cache/minionc/calls)",
    )


def add_input_options(parser: Any, *, every_line: bool = False) -> None:
    """--input NAME=VALUE and --input-file NAME=PATH (for a batch or a data set:
    inputs shared by every line)."""
    shared = ", for every line" if every_line else ""
    parser.add_argument(
        "--input", metavar="NAME=VALUE", action="append", default=[], help=f"an input{shared}"
    )
    parser.add_argument(
        "--input-file",
        metavar="NAME=PATH",
        action="append",
        default=[],
        help=f"an input read from a UTF-8 text file (a document){shared}",
    )


def plan_from(path: str, protocol: str | None, stderr: TextIO) -> Plan:
    """A plan file loaded, or a program compiled (its diagnostics on stderr)."""
    from minionc.compiler.plan_io import PlanError, load_plan

    if looks_like_plan(path):
        try:
            return load_plan(path)
        except PlanError as error:
            raise CliError(str(error)) from None
    return compiled_plan(path, protocol, stderr)
