"""The `minionc` command line: check, compile, explain, run, schema, codes.

Every mistake a user can make (a missing file, a program with errors, a bad plan,
a malformed --assume) ends in a message that says what is wrong and what to do,
and a non-zero exit status; never in a traceback. Exit status: 0 success, 1 the
program or plan has errors (or a file cannot be read or written), 2 the command
line is wrong, 3 a run produced no value (it stopped early, or its model calls
failed; in a batch: some input did), 70 an internal error (a bug in minionc),
130 interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import signal
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from minionc import __version__

if TYPE_CHECKING:
    from minionc.compiler.pipeline import CompileResult
    from minionc.compiler.plan import Plan

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_USAGE = 2
EXIT_RUN_FAILED = 3
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130

DESCRIPTION = """\
minionc compiles prompt programs (.minion files) into execution plans (JSON).
A program splits work between a small local model, which reads long or private
documents for free, and a remote frontier model, which is paid per token. The
plan says where every step runs and what a run is estimated to cost.

example:
  minionc check programs/minions.minion
  minionc compile programs/minions.minion -o minions.plan.json
  minionc explain minions.plan.json --assume context=50000
"""

EPILOG = """\
exit status: 0 success; 1 the program or plan has errors, or a file cannot be
read or written; 2 the command line is wrong; 3 a run produced no value (it
stopped early, or its model calls failed; in a batch: at least one input did);
70 an internal error (a bug: please report it, with MINIONC_DEBUG=1 set to see
the traceback); 130 interrupted.

Run `minionc COMMAND --help` for the options of one command.
"""

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


class _Parser(argparse.ArgumentParser):
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


def _assumptions(args: argparse.Namespace) -> dict[str, float]:
    merged: dict[str, float] = {}
    for item in getattr(args, "assume", None) or []:
        merged.update(item)
    return merged


# ---- the parser ---------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    from minionc.binding import add_model_options
    from minionc.compiler.plan import PLAN_VERSION

    parser = _Parser(
        prog="minionc",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"minionc {__version__} (plan format version {PLAN_VERSION})",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = commands.add_parser(
        "check",
        help="check programs for errors, without writing a plan",
        description="Parse and check each .minion file; print every error and warning "
        "with its source line, then a summary. Exit 1 if any file has an error.",
    )
    check.add_argument("files", nargs="+", metavar="FILE", help="a .minion program")
    check.add_argument(
        "--json", action="store_true", help="print the diagnostics as JSON on stdout"
    )
    check.add_argument(
        "--protocol", metavar="NAME", help="the protocol to check, if a file declares several"
    )

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

    commands.add_parser(
        "schema",
        help="print the JSON Schema of plan files",
        description="Print the JSON Schema that every plan file follows, for editors "
        "and for tools that read plans.",
    )

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
    run_.add_argument(
        "--input", metavar="NAME=VALUE", action="append", default=[], help="an input value"
    )
    run_.add_argument(
        "--input-file",
        metavar="NAME=PATH",
        action="append",
        default=[],
        help="an input read from a UTF-8 text file (for documents)",
    )
    add_model_options(run_)
    run_.add_argument(
        "--set",
        metavar="KNOB=VALUE",
        action="append",
        default=[],
        help="run with a knob set to one of its allowed values (e.g. chunk_size=2000)",
    )
    run_.add_argument("--trace", metavar="FILE", help="append a JSONL trace of every model call")
    run_.add_argument("--no-cache", action="store_true", help="do not read or write the call cache")
    run_.add_argument(
        "--cache-dir",
        metavar="DIR",
        help="the call cache (default: $MINIONC_CACHE_DIR/calls or ~/.cache/minionc/calls)",
    )
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

    from minionc.cli_optimize import add_optimize_parser

    add_optimize_parser(commands)

    from minionc.cli_route import add_route_eval_parser

    add_route_eval_parser(commands)

    models = commands.add_parser(
        "models",
        help="list the embedded models (and assemble them)",
        description="List the models that ship on the package index and run without a "
        "download: name (for --local/--remote embedded:NAME), kind (base models complete "
        "few-shot prompts, chat models follow instructions), size, the role they suit, "
        "whether their packages are installed, whether they are assembled in the model "
        "cache, and where.",
    )
    models.add_argument("--json", action="store_true", help="print the list as JSON")
    models.add_argument(
        "--assemble",
        metavar="NAME",
        action="append",
        default=[],
        help="assemble (and verify) this embedded model now rather than on first use; "
        "`all` for every installed one",
    )

    codes = commands.add_parser(
        "codes",
        help="list the diagnostic codes, or explain one",
        description="List every diagnostic code (M0001...) with its title and how to fix "
        "it, or show one code.",
    )
    codes.add_argument("code", nargs="?", metavar="CODE", help="a code such as M0101")
    return parser


# ---- commands -------------------------------------------------------------------------


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


def _compile(path: str, protocol: str | None, stderr: TextIO) -> CompileResult:
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


def cmd_check(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from minionc.compiler.pipeline import compile_file

    files: list[dict[str, Any]] = []
    for path in args.files:
        if args.json:
            result = compile_file(path, protocol=args.protocol)
        else:
            result = _compile(path, args.protocol, stderr)
        errors = sum(1 for d in result.diagnostics if d.is_error)
        warnings = len(result.diagnostics) - errors
        files.append(
            {
                "path": path,
                "ok": errors == 0,
                "errors": errors,
                "warnings": warnings,
                "diagnostics": [d.to_json() for d in result.diagnostics],
            }
        )
        if not args.json and errors == 0:
            extra = f" ({_plural(warnings, 'warning')})" if warnings else ""
            stdout.write(f"{path}: ok{extra}\n")
    errors = sum(f["errors"] for f in files)
    warnings = sum(f["warnings"] for f in files)
    if args.json:
        summary = {"ok": errors == 0, "errors": errors, "warnings": warnings, "files": files}
        stdout.write(json.dumps(summary, indent=2) + "\n")
    elif errors or warnings:
        with_problems = sum(1 for f in files if f["errors"] or f["warnings"])
        counts = ", ".join(
            text
            for text in (
                _plural(errors, "error") if errors else "",
                _plural(warnings, "warning") if warnings else "",
            )
            if text
        )
        where = _plural(with_problems, "file")
        if with_problems != len(files):
            where += f" ({len(files)} checked)"
        stdout.write(f"{counts} in {where}\n")
    return EXIT_ERRORS if errors else EXIT_OK


def _estimated(plan: Plan, assume: dict[str, float]) -> Plan:
    from minionc.compiler.estimate import EstimateError, estimate_plan

    try:
        return estimate_plan(plan, assume)
    except EstimateError as error:
        raise CliError(f"--assume: {error}", EXIT_USAGE) from None


def _compiled_plan(path: str, protocol: str | None, stderr: TextIO) -> Plan:
    result = _compile(path, protocol, stderr)
    if result.source_text is None:
        raise CliError("", EXIT_ERRORS)  # already reported
    if not result.ok or result.plan is None:
        errors = sum(1 for d in result.diagnostics if d.is_error)
        raise CliError(f"{path}: {_plural(errors, 'error')}; no plan written", EXIT_ERRORS)
    return result.plan


def cmd_compile(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from minionc.compiler.plan_io import PlanError, dump_plan, save_plan

    assume = _assumptions(args)
    if args.output is not None:
        check_plan_output("-o", Path(args.output), {"the program": Path(args.file)})
    plan = _estimated(_compiled_plan(args.file, args.protocol, stderr), assume)
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


def _looks_like_plan(path: str) -> bool:
    if path.endswith(".json"):
        return True
    if path.endswith(".minion"):
        return False
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read(256).lstrip().startswith("{")
    except OSError:
        return False


def cmd_explain(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from minionc.compiler.explain import explain_json, explain_text
    from minionc.compiler.plan_io import PlanError, load_plan

    assume = _assumptions(args)
    if _looks_like_plan(args.file):
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
            plan = _estimated(plan, assume)
    else:
        plan = _estimated(_compiled_plan(args.file, args.protocol, stderr), assume)
    binding = model_binding(plan, args)
    if args.json:
        explained = {**explain_json(plan), "binding": binding.to_json()}
        stdout.write(json.dumps(explained, indent=2, ensure_ascii=False) + "\n")
    else:
        text = explain_text(plan)
        lines = "".join(f"  {line}\n" for line in binding.lines())
        stdout.write(f"{text}\nmodels at run time (which model, and why)\n{lines}")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from minionc.compiler.plan_io import plan_schema

    stdout.write(json.dumps(plan_schema(), indent=2) + "\n")
    return EXIT_OK


def cmd_models(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from minionc.runtime.embedded import (
        DEFAULT_LOCAL,
        DEFAULT_REMOTE,
        EMBEDDED_MODELS,
        RuntimeSetupError,
        embedded_model_path,
        model_status,
    )

    wanted = list(EMBEDDED_MODELS) if "all" in args.assemble else args.assemble
    for name in wanted:
        if "all" in args.assemble and not model_status(name).installed:
            continue
        try:
            path = embedded_model_path(name=name.removeprefix("embedded:"))
        except RuntimeSetupError as error:
            raise CliError(str(error)) from None
        stderr.write(f"minionc: {name}: assembled and verified at {path}\n")
    statuses = [model_status(name) for name in EMBEDDED_MODELS]
    if args.json:
        listed = [
            {
                "name": s.model.name,
                "spec": f"embedded:{s.model.name}",
                "title": s.model.title,
                "kind": s.model.kind,
                "bytes": s.model.size,
                "sha256": s.model.sha256,
                "suits": s.model.suits,
                "installed": s.installed,
                "missing_packages": list(s.missing),
                "assembled": s.assembled,
                "path": str(s.path),
                "default_for": [
                    tier
                    for tier, name in (("local", DEFAULT_LOCAL), ("remote", DEFAULT_REMOTE))
                    if name == s.model.name
                ],
            }
            for s in statuses
        ]
        stdout.write(json.dumps({"models": listed}, indent=2) + "\n")
        return EXIT_OK
    header = f"{'name':<30}{'kind':<6}{'size':>8}  {'installed':<10}{'assembled':<10}suits"
    lines = [header]
    for status in statuses:
        model = status.model
        lines.append(
            f"{model.name:<30}{model.kind:<6}{model.size / 1e6:>6.0f}MB  "
            f"{'yes' if status.installed else 'no':<10}{'yes' if status.assembled else 'no':<10}"
            f"{model.suits}"
        )
    lines.append("")
    for status in statuses:
        where = status.path if status.assembled else f"{status.path} (on first use)"
        lines.append(f"{status.model.name}: {where}")
        if status.missing:
            lines.append(f"  not installed: pip install {' '.join(status.model.pins)}")
    lines.append("")
    lines.append(
        f"defaults: --local embedded:{DEFAULT_LOCAL} (in-process), --remote "
        f"embedded:{DEFAULT_REMOTE} (behind a loopback server)"
    )
    stdout.write("\n".join(lines) + "\n")
    return EXIT_OK


def cmd_codes(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from minionc.compiler.diagnostics import CODES, did_you_mean

    if args.code is None:
        for code, (title, help_text) in CODES.items():
            stdout.write(f"{code}  {title}\n       fix: {help_text}\n")
        return EXIT_OK
    code = args.code.strip().upper()
    if code.isdigit():
        code = f"M{int(code):04d}"
    if code not in CODES:
        hint = did_you_mean(code, CODES)
        raise CliError(
            f"unknown diagnostic code {args.code!r}"
            + (f"; {hint}" if hint else "")
            + "; run `minionc codes` for the list",
            EXIT_USAGE,
        )
    title, help_text = CODES[code]
    stdout.write(f"{code}  {title}\n       fix: {help_text}\n")
    return EXIT_OK


def _run_inputs(args: argparse.Namespace) -> dict[str, str]:
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


def cmd_run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from minionc.compiler.plan_io import PlanError, load_plan

    if (args.inputs is None) != (args.out is None):
        raise CliError("batch mode needs both --inputs FILE.jsonl and --out FILE.jsonl", EXIT_USAGE)
    if args.redo_failed and args.inputs is None:
        raise CliError("--redo-failed is for batch mode (--inputs and --out)", EXIT_USAGE)
    check_trace_output(args)
    if _looks_like_plan(args.file):
        try:
            plan = load_plan(args.file)
        except PlanError as error:
            raise CliError(str(error)) from None
    else:
        plan = _compiled_plan(args.file, args.protocol, stderr)
    plan = _set_knobs(plan, args.set)
    _note_untrained(plan, stderr)
    inputs = _run_inputs(args)
    if args.inputs is None:
        _check_input_names(plan, inputs)  # before any model loads
    batch = _prepare_batch(args, plan, inputs) if args.inputs is not None else None
    backends = open_models(plan, args, stderr)
    try:
        if batch is not None:
            return _run_batch(args, plan, batch, backends, stdout, stderr)
        return _run_once(args, plan, inputs, backends, stdout, stderr)
    finally:
        backends.close()


def model_binding(plan: Plan, args: argparse.Namespace) -> Any:
    """Which model each role of `plan` runs on, from the command's model options."""
    from minionc.binding import BindingError, binding_from_args

    try:
        return binding_from_args(plan.models, args)
    except BindingError as error:
        raise CliError(str(error), EXIT_USAGE) from None


def open_models(plan: Plan, args: argparse.Namespace, stderr: TextIO) -> Any:
    """Say which model each role runs on, and why; then set them up."""
    from minionc.binding import open_backends
    from minionc.runtime.backend import BackendError, RuntimeSetupError

    binding = model_binding(plan, args)
    for line in binding.lines():
        stderr.write(f"minionc: model: {line}\n")
    try:
        return open_backends(binding, n_gpu_layers=getattr(args, "gpu_layers", 0))
    except (RuntimeSetupError, BackendError, ValueError) as error:
        raise CliError(f"cannot set up the models: {error}") from None


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


def _set_knobs(plan: Plan, settings: list[str]) -> Plan:
    from minionc.compiler.configure import KnobError, parse_knob_setting, with_knobs

    try:
        return with_knobs(plan, dict(parse_knob_setting(text) for text in settings))
    except KnobError as error:
        raise CliError(f"--set {error}", EXIT_USAGE) from None


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

    out = Path(args.out)
    reads = {"the --inputs file": Path(args.inputs), "the program or plan": Path(args.file)}
    for item in args.input_file:
        name, _, path = item.partition("=")
        reads[f"--input-file {name}"] = Path(path)
    if args.trace:
        reads["the --trace file"] = Path(args.trace)
    try:
        check_out_path(out, reads)
        items = read_inputs(Path(args.inputs), [i.name for i in plan.inputs], shared)
        state = read_state(out, items, batch_settings(plan, shared))
    except BatchError as error:
        raise CliError(str(error)) from None
    return items, state, shared


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
        ResultWriter,
        batch_settings,
        check_settings,
        drop_records,
        failed,
        pending,
        run_item,
    )
    from minionc.progress import RunProgress
    from minionc.runtime.usage import Usage

    items, state, shared = batch
    out = Path(args.out)
    settings = batch_settings(plan, shared, backends.local, backends.remote, backends.roles)
    try:
        check_settings(out, state, settings)  # the models, now that they have an identity
        if args.redo_failed:
            redo = {line for line, record in state.done.items() if failed(record)}
            if redo:
                drop_records(out, redo)
                for line in redo:
                    del state.done[line]
                state.complete_end = None  # the rewrite left complete lines only
        writer = ResultWriter(out, state)
    except BatchError as error:
        raise CliError(str(error)) from None
    todo = list(pending(items, state))
    skipped = len(items) - len(todo)
    if state.dropped_partial_line:
        stderr.write(f"minionc: {out}: dropped a result line cut off by an interruption\n")
    if skipped:
        stderr.write(f"minionc: {skipped} of {len(items)} inputs already done in {out}\n")
    total = Usage()
    ran = no_value = with_failures = 0
    try:
        with RunProgress(stderr, inputs=len(items), skipped=skipped) as progress:
            runtime = _runtime(args, backends, progress)
            for item in todo:
                record, result = run_item(runtime, plan, item, settings)
                if result is not None:
                    total.merge(result.usage)
                try:
                    writer.write(record)
                except BatchError as error:
                    raise CliError(str(error)) from None
                ran += 1
                no_value += not record.get("ok", False)
                with_failures += bool(record.get("ok")) and failed(record)
                progress.input_done()
    except KeyboardInterrupt:
        stderr.write(
            f"minionc: interrupted: {skipped + ran} of {len(items)} inputs are saved in {out}; "
            "run the same command again to continue\n"
        )
        return EXIT_INTERRUPTED
    finally:
        writer.close()
    summary = {
        "inputs": len(items),
        "ran": ran,
        "skipped": skipped,
        "failed": no_value,
        "with_failed_outputs": with_failures,
        "out": str(out),
        "usage": total.to_json(),
    }
    if args.json:
        stdout.write(json.dumps(summary, ensure_ascii=False) + "\n")
    else:
        stdout.write(
            f"{len(items)} inputs: {ran} ran, {skipped} already done, {no_value} failed (no "
            f"value), {with_failures} with some failed model outputs; results in {out}\n\n"
            + _usage_table(total)
        )
    if no_value:
        stderr.write(
            f"minionc: error: {no_value} of {ran} inputs run produced no value (see `error` "
            f"and `problem` in {out}); rerun them with --redo-failed\n"
        )
        return EXIT_RUN_FAILED
    return EXIT_OK


def _usage_table(usage: Any) -> str:
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


def _format_result(result: Any) -> str:
    """The value and the usage table; why a run has no value goes to stderr."""
    lines = [str(result.value), ""] if result.ok else []
    lines.append(_usage_table(result.usage).rstrip("\n"))
    if result.failures and result.ok:
        counts = ", ".join(f"{n} {reason}" for reason, n in result.failures_by_reason.items())
        lines.append(f"\nfailed model outputs (the run went on): {counts}")
    return "\n".join(lines) + "\n"


def cmd_optimize(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from minionc.cli_optimize import cmd_optimize as optimize_command

    return optimize_command(args, stdout, stderr)


def cmd_route_eval(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from minionc.cli_route import cmd_route_eval as route_eval_command

    return route_eval_command(args, stdout, stderr)


COMMANDS = {
    "run": cmd_run,
    "optimize": cmd_optimize,
    "route-eval": cmd_route_eval,
    "check": cmd_check,
    "compile": cmd_compile,
    "explain": cmd_explain,
    "schema": cmd_schema,
    "codes": cmd_codes,
    "models": cmd_models,
}


# ---- main -------------------------------------------------------------------------------


def run(argv: Sequence[str] | None, stdout: TextIO, stderr: TextIO) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(stderr)
        return EXIT_USAGE
    try:
        return COMMANDS[args.command](args, stdout, stderr)
    except CliError as error:
        if error.message:
            stderr.write(f"minionc: error: {error.message}\n")
        return error.status


def main(argv: Sequence[str] | None = None) -> int:
    """The console script. Returns the exit status; never raises for a user's mistake."""
    stdout, stderr = sys.stdout, sys.stderr
    _terminate_like_ctrl_c()
    try:
        return run(argv, stdout, stderr)
    except SystemExit as exit_:  # argparse: --help, --version, usage errors
        code = exit_.code
        return code if isinstance(code, int) else (0 if code is None else EXIT_USAGE)
    except KeyboardInterrupt:
        stderr.write("minionc: interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `minionc explain x | head`: the reader left; that is not an error.
        _silence_stdout()
        return EXIT_OK
    except Exception as error:
        stderr.write(
            f"minionc: internal error, please report it: {type(error).__name__}: {error}\n"
        )
        if os.environ.get("MINIONC_DEBUG") == "1":
            traceback.print_exc(file=stderr)
        else:
            stderr.write("minionc: set MINIONC_DEBUG=1 to see the traceback\n")
        return EXIT_INTERNAL


def _terminate_like_ctrl_c() -> None:
    """`kill PID` (SIGTERM) ends a run the way Ctrl-C does: backends close (the
    loopback server stops), a batch says where it got to. Python's default would
    exit on the spot and skip all of that."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    with contextlib.suppress(ValueError):  # not the main thread (embedded use)
        signal.signal(signal.SIGTERM, interrupt)


def _silence_stdout() -> None:
    # Python flushes stdout at exit; with the pipe closed that flush fails again.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())


__all__ = ["build_parser", "main", "parse_assumption", "run"]
