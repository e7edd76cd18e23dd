"""Files a command writes: never one it reads, and never a file of the user's that
is not the kind it writes (a plan is overwritten only by a plan, a trace is only
appended to when it is a trace). A refusal leaves the file byte for byte as it was."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path


class UnsafeTarget(Exception):
    """Writing there would damage a file; the message says what to do instead."""


def same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return a.resolve() == b.resolve()


def check_not_read(option: str, target: Path, reads: Mapping[str, Path]) -> None:
    """Refuse `target` when it is one of the files the command reads (`reads`:
    what each is, e.g. "the --inputs file")."""
    for what, path in reads.items():
        if same_file(target, path):
            raise UnsafeTarget(
                f"{option} {target} is also {what}; nothing was written: give {option} a "
                "file of its own"
            )


def check_plan_target(option: str, target: Path) -> None:
    """A plan is written over an existing file only when that file is a plan."""
    if not target.exists():
        return
    if target.is_dir():
        raise UnsafeTarget(f"{option} {target} is a directory; give a file path (e.g. plan.json)")
    try:
        with target.open("rb") as handle:
            head = handle.read(4096).decode("utf-8", "replace")
    except OSError as error:
        raise UnsafeTarget(f"{option}: cannot read {target}: {error.strerror or error}") from None
    if head.strip() and '"format": "minionc-plan"' not in head:
        raise UnsafeTarget(
            f"{option} {target} exists and is not a minionc plan, so it was left as it was; "
            "choose another path, or delete the file first"
        )


def check_trace_target(target: Path) -> None:
    """A trace is appended to an existing file only when that file is a trace
    (JSON objects, one per line)."""
    if not target.exists() or target.stat().st_size == 0:
        return
    if target.is_dir():
        raise UnsafeTarget(f"--trace {target} is a directory; give a file path (e.g. trace.jsonl)")
    try:
        with target.open("rb") as handle:
            first = handle.readline(1 << 20).decode("utf-8")
        record = json.loads(first)
    except (OSError, UnicodeDecodeError, ValueError):
        record = None
    if not isinstance(record, dict):
        raise UnsafeTarget(
            f"--trace {target} exists and is not a minionc trace, so nothing was appended to "
            "it; choose another path, or delete the file first"
        )
