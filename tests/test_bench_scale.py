"""bench/scale.py runs end to end (one input per batch, no Ray) and prints its table."""

from __future__ import annotations

import subprocess
import sys

import pytest
from repo_paths import ROOT

pytestmark = pytest.mark.model  # it times the embedded local model


def test_the_scale_bench_prints_a_row_per_plan_and_mode() -> None:
    done = subprocess.run(
        [sys.executable, "bench/scale.py", "--inputs", "2", "--latency", "0.05", "--no-ray"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    rows = [
        line for line in done.stdout.splitlines() if line.startswith("| ") and "---" not in line
    ]
    assert [r.split("|")[1:3] for r in rows[1:]] == [
        [" remote-bound ", " 1 worker "],
        [" remote-bound ", " 2 workers "],
        [" local-bound ", " 1 worker "],
        [" local-bound ", " 2 workers "],
    ]
