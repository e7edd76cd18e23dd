"""`minionc run --inputs IN.jsonl --out OUT.jsonl` on the embedded model: one result
line per input as it finishes, resumable after a kill without losing or redoing
anything, and every input mistake reported before a model is loaded."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from minionc_cli import minionc as run_minionc
from repo_paths import ROOT

pytestmark = pytest.mark.model  # every test runs the embedded model through the command line


# Two local calls per input, free-text outputs (no parse retries): every input makes
# exactly CALLS_PER_INPUT model calls, so redone calls are countable.
PROGRAM = '''
prompt answer(document: str, question: str) -> str {
  """
  Document: {{ document }}
  Question: {{ question }}
  """
  example(document: "The sky is blue.", question: "What colour is the sky?") -> "blue"
}
protocol qa(question: str, context: doc) -> str {
  first = answer(context, question) @local(max_tokens: 8)
  second = answer(context, first) @local(max_tokens: 8)
  return first
}
'''
CALLS_PER_INPUT = 2
DOCUMENT = (
    "Acme Corp annual report 2023. The chief executive is Dana Ortiz. Headcount grew to "
    "212 employees. Revenue was $7.4 million. The head office is in Leeds."
)
QUESTIONS = [
    "Who is the chief executive?",
    "How many employees are there?",
    "What was the revenue?",
    "Where is the head office?",
    "What year is the report for?",
]


def minionc_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "minionc", *args]


def setup_batch(tmp_path: Path, questions: list[str] = QUESTIONS) -> tuple[list[str], Path, Path]:
    program = tmp_path / "qa.minion"
    program.write_text(PROGRAM, encoding="utf-8")
    document = tmp_path / "doc.txt"
    document.write_text(DOCUMENT, encoding="utf-8")
    inputs = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": f"q{i}", "question": q, "expected": "x", "meta": {"n": i}})
        for i, q in enumerate(questions, 1)
    ]
    # A blank line in the middle: skipped, but line numbers stay physical.
    inputs.write_text("\n".join([*lines[:2], "", *lines[2:]]) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    trace = tmp_path / "trace.jsonl"
    args = [
        "run",
        str(program),
        "--input-file",
        f"context={document}",
        "--inputs",
        str(inputs),
        "--out",
        str(out),
        "--cache-dir",
        str(tmp_path / "cache"),
        "--trace",
        str(trace),
    ]
    return args, out, trace


def records(out: Path) -> list[dict]:
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def model_calls(trace: Path) -> list[dict]:
    """Calls that reached the model (cache hits excluded)."""
    if not trace.exists():
        return []
    lines = trace.read_text(encoding="utf-8").split("\n")[:-1]  # a last line cut off by a kill
    calls = [json.loads(line) for line in lines if line]
    return [c for c in calls if "prompt" in c and not c["cache_hit"]]


def test_batch_writes_one_line_per_input_and_a_rerun_redoes_nothing(tmp_path: Path) -> None:
    args, out, trace = setup_batch(tmp_path, QUESTIONS[:3])
    done = run_minionc(*args, "--json")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["inputs"] == 3 and summary["ran"] == 3 and summary["skipped"] == 0
    assert summary["usage"]["local"]["calls"] == 3 * CALLS_PER_INPUT
    saved = records(out)
    assert [r["line"] for r in saved] == [1, 2, 4]  # line 3 is blank
    assert [r["id"] for r in saved] == ["q1", "q2", "q3"]
    assert saved[1]["meta"] == {"n": 2} and saved[1]["expected"] == "x"
    for record in saved:
        assert record["ok"] is True and isinstance(record["value"], str)
        assert record["usage"]["local"]["calls"] == CALLS_PER_INPUT
        assert record["usage"]["remote"]["calls"] == 0
        assert len(record["input_sha256"]) == 64
    assert len(model_calls(trace)) == 3 * CALLS_PER_INPUT

    again = run_minionc(*args)
    assert again.returncode == 0, again.stderr
    assert "3 of 3 inputs already done" in again.stderr
    assert "0 ran, 3 already done" in again.stdout
    assert records(out) == saved
    assert len(model_calls(trace)) == 3 * CALLS_PER_INPUT  # nothing new reached the model


def test_batch_killed_midway_and_restarted_loses_nothing_and_redoes_nothing(
    tmp_path: Path,
) -> None:
    args, out, trace = setup_batch(tmp_path)
    process = subprocess.Popen(
        minionc_command(*args),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 300
        # Kill once the first result is saved and the next input has made a call.
        while time.monotonic() < deadline and process.poll() is None:
            saved = out.exists() and out.read_text().count("\n") >= 1
            if saved and len(model_calls(trace)) >= CALLS_PER_INPUT + 1:
                break
            time.sleep(0.05)
        assert process.poll() is None, "the batch finished before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=60)
    before = records(out)
    assert 1 <= len(before) < len(QUESTIONS)
    calls_before = len(model_calls(trace))

    resumed = run_minionc(*args)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{len(before)} of {len(QUESTIONS)} inputs already done" in resumed.stderr
    after = records(out)
    assert after[: len(before)] == before  # what was saved is untouched
    assert sorted(r["line"] for r in after) == [1, 2, 4, 5, 6]
    assert [r["id"] for r in sorted(after, key=lambda r: r["line"])] == [
        f"q{i}" for i in range(1, 6)
    ]
    calls = model_calls(trace)
    assert calls_before < len(calls)
    # Every call a clean run makes happened exactly once over both runs: the calls
    # of the input cut off midway came back from the cache.
    assert len(calls) == len(QUESTIONS) * CALLS_PER_INPUT
    assert len({c["prompt"] for c in calls}) == len(calls)


def test_a_result_line_cut_off_by_a_kill_is_dropped_and_redone(tmp_path: Path) -> None:
    args, out, _ = setup_batch(tmp_path, QUESTIONS[:2])
    assert run_minionc(*args).returncode == 0
    full = out.read_text(encoding="utf-8")
    first, second = full.splitlines()
    out.write_text(first + "\n" + second[: len(second) // 2], encoding="utf-8")
    done = run_minionc(*args)
    assert done.returncode == 0, done.stderr
    assert "dropped a result line cut off" in done.stderr
    assert records(out)[0] == json.loads(first)
    assert [r["line"] for r in records(out)] == [1, 2]


def test_batch_input_mistakes_are_reported_before_any_model_runs(tmp_path: Path) -> None:
    args, out, trace = setup_batch(tmp_path)
    inputs = Path(args[args.index("--inputs") + 1])
    inputs.write_text('{"question": "a"}\n{"questoin": "b"}\nnot json\n[1, 2]\n', encoding="utf-8")
    done = run_minionc(*args)
    assert done.returncode == 1
    assert "nothing was run" in done.stderr
    assert ":2: unknown input 'questoin' (did you mean 'question'?)" in done.stderr
    assert ":3: not JSON" in done.stderr and ":4: expected a JSON object" in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists() and not trace.exists()

    inputs.write_text('{"question": "a"}\n', encoding="utf-8")
    no_context = [a for a in args if not a.startswith("context=") and a != "--input-file"]
    done = run_minionc(*no_context)
    assert done.returncode == 1 and ":1: missing input context" in done.stderr

    half = [a for a in args if a not in ("--out", str(out))]
    done = run_minionc(*half)
    assert done.returncode == 2 and "needs both --inputs" in done.stderr


def test_an_out_file_written_for_other_inputs_is_refused(tmp_path: Path) -> None:
    args, out, _ = setup_batch(tmp_path, QUESTIONS[:1])
    assert run_minionc(*args).returncode == 0
    inputs = Path(args[args.index("--inputs") + 1])
    inputs.write_text(json.dumps({"question": "Something else?"}) + "\n", encoding="utf-8")
    done = run_minionc(*args)
    assert done.returncode == 1
    assert "holds results for other inputs" in done.stderr and "Traceback" not in done.stderr
    assert len(records(out)) == 1

    out.write_text('{"not": "a result"}\n', encoding="utf-8")
    done = run_minionc(*args)
    assert done.returncode == 1 and "is not a minionc results file" in done.stderr
    assert out.read_text(encoding="utf-8") == '{"not": "a result"}\n'  # untouched


def test_batch_with_two_workers_saves_every_input_once_and_a_rerun_redoes_nothing(
    tmp_path: Path,
) -> None:
    args, out, trace = setup_batch(tmp_path, QUESTIONS[:4])
    done = run_minionc(*args, "--workers", "2", "--json")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["ran"] == 4 and summary["batch_budget_reached"] is None
    saved = records(out)
    # Appended as each finished: any order, every input once.
    assert sorted(r["line"] for r in saved) == [1, 2, 4, 5]
    assert {r["id"] for r in saved} == {"q1", "q2", "q3", "q4"}
    assert all(r["ok"] and r["usage"]["local"]["calls"] == CALLS_PER_INPUT for r in saved)
    calls = model_calls(trace)
    assert len(calls) == 4 * CALLS_PER_INPUT and len({c["prompt"] for c in calls}) == len(calls)

    again = run_minionc(*args, "--workers", "2")
    assert again.returncode == 0, again.stderr
    assert "4 of 4 inputs already done" in again.stderr
    assert records(out) == saved and len(model_calls(trace)) == len(calls)


def test_a_batch_budget_stops_new_inputs_and_a_rerun_with_more_continues(tmp_path: Path) -> None:
    args, out, _ = setup_batch(tmp_path, QUESTIONS[:3])
    stopped = run_minionc(*args, "--batch-budget", f"local.calls={CALLS_PER_INPUT}", "--json")
    assert stopped.returncode == 3, stopped.stderr
    assert "the batch budget is spent (local.calls 2 of 2): 2 inputs did not start" in (
        stopped.stderr
    )
    assert json.loads(stopped.stdout)["batch_budget_reached"] == "local.calls 2 of 2"
    assert [r["line"] for r in records(out)] == [1]
    more = run_minionc(*args, "--batch-budget", "local.calls=100")
    assert more.returncode == 0, more.stderr
    assert sorted(r["line"] for r in records(out)) == [1, 2, 4]
