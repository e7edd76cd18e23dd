"""`minionc run` end to end on the embedded model, as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def minionc(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "minionc", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=600,
    )


def test_run_prints_one_json_object_with_value_and_usage(tmp_path: Path) -> None:
    document = tmp_path / "report.txt"
    document.write_text(
        "Acme Corp annual report 2023.\n\nThe chief executive is Dana Ortiz, appointed in "
        "2019.\n\nHeadcount grew to 212 employees.\n",
        encoding="utf-8",
    )
    trace = tmp_path / "trace.jsonl"
    done = minionc(
        "run",
        "programs/abc_cascade.minion",
        "--input",
        "question=Who is the chief executive?",
        "--input-file",
        f"context={document}",
        "--trace",
        str(trace),
        "--no-cache",
        "--json",
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert isinstance(result["value"], str) and result["value"]
    for tier in ("local", "remote"):
        for key in ("prompt_tokens", "completion_tokens", "calls", "usd"):
            assert key in result["usage"][tier]
    assert result["usage"]["local"]["calls"] >= 3
    calls = [json.loads(line) for line in trace.read_text().splitlines()]
    assert sum(1 for c in calls if c.get("tier") == "local" and "prompt" in c) >= 3


def test_run_reports_bad_inputs_without_a_traceback(tmp_path: Path) -> None:
    done = minionc(
        "run",
        "programs/abc_cascade.minion",
        "--input",
        "question=x",
        "--input-file",
        f"context={tmp_path / 'missing.txt'}",
    )
    assert done.returncode == 1
    assert "cannot read" in done.stderr and "Traceback" not in done.stderr
    done = minionc("run", "programs/abc_cascade.minion", "--input", "question")
    assert done.returncode == 2 and "NAME=VALUE" in done.stderr
