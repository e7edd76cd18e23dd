"""`minionc trace FILE.jsonl`: a run's trace as a step tree, or an HTML page
(minionc/tracing.py)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from .common import EXIT_OK, CliError

__all__ = ["add_parser", "cmd_trace"]


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "trace",
        help="show a run's trace as a step tree (or an HTML page)",
        description="Read a trace written by `minionc run --trace FILE` and print each run's "
        "steps as a tree: per step the calls, the tier, tokens, cache hits, time and failed "
        "outputs. --html writes a self-contained page with each call's prompt and output.",
    )
    parser.add_argument("file", metavar="FILE.jsonl", help="a trace file")
    parser.add_argument("--run", metavar="ID", help="only this run (its id, or a prefix)")
    parser.add_argument("--html", metavar="OUT.html", help="write the page here as well")


def cmd_trace(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from minionc.files import UnsafeTarget, check_not_read
    from minionc.tracing import read_trace, trace_html, tree_text

    path = Path(args.file)
    try:
        view = read_trace(path)
    except (OSError, UnicodeDecodeError) as error:
        raise CliError(f"cannot read the trace {path}: {error}") from None
    if args.run:
        view.runs = [run for run in view.runs if run.run.startswith(args.run)]
        if not view.runs:
            raise CliError(f"--run {args.run}: no run with that id in {path}")
    if not view.runs:
        raise CliError(f"{path} holds no trace events: write one with `minionc run --trace`")
    stdout.write(tree_text(view))
    if args.html:
        target = Path(args.html)
        try:
            check_not_read("--html", target, {"the trace": path})
        except UnsafeTarget as error:
            raise CliError(str(error)) from None
        if target.exists() and not _is_trace_page(target):
            raise CliError(
                f"--html {target} exists and is not a page `minionc trace` wrote; nothing "
                "was written: give --html a new file"
            )
        staged = target.with_name(target.name + ".tmp")
        try:
            staged.write_text(trace_html(view, f"minionc trace: {path.name}"), encoding="utf-8")
            staged.replace(target)  # whole or not at all
        except OSError as error:
            staged.unlink(missing_ok=True)
            raise CliError(f"--html: cannot write {target}: {error}") from None
        stderr.write(f"minionc: wrote {target}\n")
    return EXIT_OK


def _is_trace_page(path: Path) -> bool:
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:300]
    except OSError:
        return False
    return head.startswith("<!doctype html>") and "<title>minionc trace:" in head
