"""`minionc check`: diagnostics for each file, a summary, exit 1 on any error."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any, TextIO

from .common import (
    EXIT_ERRORS,
    EXIT_OK,
    compile_and_report,
    plural,
)

if TYPE_CHECKING:
    pass


def add_parser(commands: Any) -> None:
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


def cmd_check(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from minionc.compiler.pipeline import compile_file

    files: list[dict[str, Any]] = []
    for path in args.files:
        if args.json:
            result = compile_file(path, protocol=args.protocol)
        else:
            result = compile_and_report(path, args.protocol, stderr)
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
            extra = f" ({plural(warnings, 'warning')})" if warnings else ""
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
                plural(errors, "error") if errors else "",
                plural(warnings, "warning") if warnings else "",
            )
            if text
        )
        where = plural(with_problems, "file")
        if with_problems != len(files):
            where += f" ({len(files)} checked)"
        stdout.write(f"{counts} in {where}\n")
    return EXIT_ERRORS if errors else EXIT_OK
