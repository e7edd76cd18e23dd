"""`minionc codes`: the diagnostic codes, or one explained."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any, TextIO

from .common import (
    EXIT_OK,
    EXIT_USAGE,
    CliError,
)

if TYPE_CHECKING:
    pass


def add_parser(commands: Any) -> None:
    codes = commands.add_parser(
        "codes",
        help="list the diagnostic codes, or explain one",
        description="List every diagnostic code (M0001...) with its title and how to fix "
        "it, or show one code.",
    )
    codes.add_argument("code", nargs="?", metavar="CODE", help="a code such as M0101")


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
