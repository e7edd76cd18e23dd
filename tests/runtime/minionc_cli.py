"""`minionc` run as a user runs it (a subprocess), for the tests that drive the
command line: never a traceback, never an internal error (exit 70)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from repo_paths import ROOT


def minionc(
    *args: str,
    cwd: Path = ROOT,
    env: Mapping[str, str | None] | None = None,
    timeout: float = 600,
) -> subprocess.CompletedProcess[str]:
    """Run `python -m minionc ARGS`; `env` adds variables (None removes one)."""
    environ = {**os.environ, "MINIONC_DEBUG": "0"}
    for name, value in (env or {}).items():
        if value is None:
            environ.pop(name, None)
        else:
            environ[name] = value
    done = subprocess.run(
        [sys.executable, "-m", "minionc", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=environ,
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode != 70, done.stderr  # never an internal error
    return done
