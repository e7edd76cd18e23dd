"""`minionc run` end to end on the embedded model, as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from minionc_cli import minionc

pytestmark = pytest.mark.model  # runs load the embedded model


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
        "--remote",
        "embedded:gemma-3-270m",
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


def test_run_says_when_a_learned_route_has_no_policy(tmp_path: Path) -> None:
    document = tmp_path / "note.txt"
    document.write_text("The clinic opens at 8 am on weekdays.\n", encoding="utf-8")
    done = minionc(
        "run",
        "programs/routed.minion",
        "--input",
        "question=When does the clinic open?",
        "--input-file",
        f"context={document}",
        "--no-cache",
        "--json",
    )
    assert done.returncode == 0, done.stderr
    assert "the learned route s4 has no trained policy" in done.stderr
    assert "minionc route-eval" in done.stderr
    usage = json.loads(done.stdout)["usage"]
    assert usage["remote"]["calls"] == 0 and usage["local"]["calls"] == 1


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


TINY = '''
prompt complete(text: str) -> str {
  """
  {{ text }}
  """
}
protocol main(text: str) -> str {
  return complete(text) @local(max_tokens: 4)
}
'''


@pytest.mark.slow
def test_run_on_mlx_with_local_mlx(tmp_path: Path, mlx_model_dir: Path) -> None:
    # mlx_model_dir: the embedded model converted once (cached), which `--local mlx` uses.
    program = tmp_path / "tiny.minion"
    program.write_text(TINY, encoding="utf-8")
    trace = tmp_path / "trace.jsonl"
    done = minionc(
        "run",
        str(program),
        "--input",
        "text=The capital of France is",
        "--local",
        "mlx",
        "--no-cache",
        "--trace",
        str(trace),
        "--json",
    )
    result = json.loads(done.stdout)
    # The embedded base model on MLX may stop at once on this bare prompt (an empty
    # answer, retried once): then the run has no value and says so in its exit code.
    assert done.returncode == (0 if result["ok"] else 3), done.stderr
    assert result["ok"] or "its model calls failed" in result["problem"]
    assert result["usage"]["local"]["calls"] >= 1  # 2 when the first answer is retried
    assert result["usage"]["remote"]["calls"] == 0
    events = [json.loads(line) for line in trace.read_text().splitlines()]
    calls = [e for e in events if "event" not in e]  # not the run's start and end
    assert calls[0]["model"].startswith("mlx:"), calls[0]["model"]


def test_run_names_a_missing_local_model(tmp_path: Path) -> None:
    program = tmp_path / "tiny.minion"
    program.write_text(TINY, encoding="utf-8")
    for spec, expected in (
        (str(tmp_path / "nope.gguf"), "no such file or directory"),
        (str(tmp_path), "a directory; give a .gguf file, or mlx:"),
        (f"mlx:{tmp_path}", "not an MLX model directory"),
    ):
        done = minionc("run", str(program), "--input", "text=x", "--local", spec)
        assert done.returncode == 1, done.stderr
        assert expected in done.stderr and "Traceback" not in done.stderr
