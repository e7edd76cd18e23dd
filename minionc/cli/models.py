"""`minionc models`: the embedded models, and assembling them."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any, TextIO

from .common import (
    EXIT_OK,
    CliError,
)

if TYPE_CHECKING:
    pass


def add_parser(commands: Any) -> None:
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
