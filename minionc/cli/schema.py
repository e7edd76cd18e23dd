"""`minionc schema`: the JSON Schema of plan files."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any, TextIO

from .common import (
    EXIT_OK,
)

if TYPE_CHECKING:
    pass


def add_parser(commands: Any) -> None:
    commands.add_parser(
        "schema",
        help="print the JSON Schema of plan files",
        description="Print the JSON Schema that every plan file follows, for editors "
        "and for tools that read plans.",
    )


def cmd_schema(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from minionc.compiler.plan_io import plan_schema

    stdout.write(json.dumps(plan_schema(), indent=2) + "\n")
    return EXIT_OK
