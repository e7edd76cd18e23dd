"""The `minionc` command line: check, compile, explain, run, serve, eval, trace,
optimize, route-eval, schema, codes, models, lsp. One module per command (each
with `add_parser` and its `cmd_*`), and what they share in `common` (exit codes,
errors, the parser, model options and the backends they open).

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
import os
import signal
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import TextIO

from minionc import __version__

from . import check, codes, compile, explain, lsp, models, optimize, route_eval, schema, serve
from . import eval as eval_module
from . import run as run_module
from . import trace as trace_module
from .common import (
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    CliError,
    Parser,
    parse_assumption,
)

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

Command = Callable[[argparse.Namespace, TextIO, TextIO], int]

# In the order `minionc --help` lists them.
COMMANDS: dict[str, tuple[Callable[..., None], Command]] = {
    "check": (check.add_parser, check.cmd_check),
    "compile": (compile.add_parser, compile.cmd_compile),
    "explain": (explain.add_parser, explain.cmd_explain),
    "schema": (schema.add_parser, schema.cmd_schema),
    "run": (run_module.add_parser, run_module.cmd_run),
    "serve": (serve.add_parser, serve.cmd_serve),
    "eval": (eval_module.add_parser, eval_module.cmd_eval),
    "trace": (trace_module.add_parser, trace_module.cmd_trace),
    "optimize": (optimize.add_parser, optimize.cmd_optimize),
    "route-eval": (route_eval.add_parser, route_eval.cmd_route_eval),
    "models": (models.add_parser, models.cmd_models),
    "codes": (codes.add_parser, codes.cmd_codes),
    "lsp": (lsp.add_parser, lsp.cmd_lsp),
}


def build_parser() -> argparse.ArgumentParser:
    from minionc.compiler.plan import PLAN_VERSION

    parser = Parser(
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
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for add_parser, _ in COMMANDS.values():
        add_parser(commands)
    return parser


def run(argv: Sequence[str] | None, stdout: TextIO, stderr: TextIO) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(stderr)
        return EXIT_USAGE
    try:
        return COMMANDS[args.command][1](args, stdout, stderr)
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


__all__ = ["COMMANDS", "CliError", "build_parser", "main", "parse_assumption", "run"]
