"""`minionc eval` on the embedded model: the score table, --json, --show, --compare
with the paired difference, and --out that resumes like a batch."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from repo_paths import ROOT

pytestmark = pytest.mark.model  # the program runs on the embedded local model

ONE_CALL = '''
prompt answer(document: str, question: str) -> str {
  """
  Document: {{ document }}
  Question: {{ question }}
  """
  example(document: "The sky is blue.", question: "What colour is the sky?") -> "blue"
}
protocol qa(question: str, context: doc) -> str {
  a = answer(context, question) @local(max_tokens: 8)
  return a
}
'''
# The same answer, then asked again about its own answer: more tokens for the same item.
TWO_CALLS = ONE_CALL.replace(
    "  return a\n", "  b = answer(context, a) @local(max_tokens: 8)\n  return a\n"
)
DOCUMENT = (
    "Acme Corp annual report 2023. The chief executive is Dana Ortiz. Headcount grew to "
    "212 employees. The head office is in Leeds."
)
DATA = [
    {"id": "ceo", "question": "Who is the chief executive?", "expected": "Dana Ortiz"},
    {"id": "office", "question": "Where is the head office?", "expected": "Leeds"},
    {"id": "staff", "question": "How many employees are there?", "expected": "212"},
]


def setup(tmp_path: Path) -> list[str]:
    (tmp_path / "one.minion").write_text(ONE_CALL, encoding="utf-8")
    (tmp_path / "two.minion").write_text(TWO_CALLS, encoding="utf-8")
    (tmp_path / "doc.txt").write_text(DOCUMENT, encoding="utf-8")
    data = tmp_path / "data.jsonl"
    data.write_text("".join(json.dumps(row) + "\n" for row in DATA), encoding="utf-8")
    return [
        sys.executable,
        "-m",
        "minionc",
        "eval",
        str(tmp_path / "one.minion"),
        "--data",
        str(data),
        "--input-file",
        f"context={tmp_path / 'doc.txt'}",
        "--cache-dir",
        str(tmp_path / "cache"),
    ]


def run(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_eval_prints_a_score_table_and_compares_with_a_paired_difference(tmp_path: Path) -> None:
    args = setup(tmp_path)
    done = run([*args, "--compare", str(tmp_path / "two.minion"), "--show"])
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "| program | items | contains (90% interval) |" in out
    assert "| qa (one.minion) | 3 |" in out and "| qa (two.minion) | 3 |" in out
    assert "paired on 3 items: score" in out
    for row in DATA:  # --show: a line per item, with what was expected
        assert f"(expected {row['expected']})" in out


def test_eval_json_and_out_resume_without_running_again(tmp_path: Path) -> None:
    args = [*setup(tmp_path), "--out", str(tmp_path / "out.jsonl"), "--json"]
    first = run(args)
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    result = summary["results"][0]
    assert summary["metric"] == "contains" and summary["paired"] is None
    assert result["items"] == 3 and 0.0 <= result["score"] <= 1.0
    low, high = result["interval_90"]
    assert low <= result["score"] <= high
    assert result["local_tokens_per_item"] > 0 and result["remote_tokens_per_item"] == 0
    saved = (tmp_path / "out.jsonl").read_text(encoding="utf-8")
    assert saved.count("\n") == 3

    again = run(args)
    assert again.returncode == 0, again.stderr
    assert "3 of 3 items already done" in again.stderr
    assert json.loads(again.stdout)["results"][0]["score"] == result["score"]
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8") == saved  # nothing appended


def test_eval_mistakes_are_messages_not_tracebacks(tmp_path: Path) -> None:
    args = setup(tmp_path)
    bad_metric = run([*args, "--metric", "nope"])
    assert bad_metric.returncode == 2 and "--metric: unknown metric 'nope'" in bad_metric.stderr
    unlabelled = tmp_path / "unlabelled.jsonl"
    unlabelled.write_text('{"question": "Who?"}\n', encoding="utf-8")
    no_expected = run([*args[:5], "--data", str(unlabelled), *args[7:]])
    assert no_expected.returncode == 1 and "no `expected`" in no_expected.stderr
    assert "Traceback" not in bad_metric.stderr + no_expected.stderr
