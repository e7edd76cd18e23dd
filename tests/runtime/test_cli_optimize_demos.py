"""`minionc optimize` with and without bootstrapped demos, on the embedded Gemma:
locally, and as the teacher behind the tests' loopback server (`--remote`, on
localhost, so the private dev document may go to it). `--no-demos` makes no
teacher call and leaves the prompts as written; by default the demos that pass
become a candidate and are reported; `--fix demos="bootstrapped"` replays the
search for free and writes a plan holding them, which `minionc run` runs."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from minionc_cli import minionc as run_minionc

pytestmark = pytest.mark.model  # the teacher and the worker are real models


# MinionS's worker, alone: one local call per question.
PROGRAM = '''
type Finding {
  answer: str?
  citation: str?
}
prompt extract(chunk: str, task: str) -> Finding {
  """
  Document: {{ chunk }}
  Question: {{ task }}
  """
  example(
    chunk: "Acme's revenue for fiscal 2023 was $5.2 million, up from $4.1 million in 2022.",
    task: "What was Acme's revenue in 2023?",
  ) -> {answer: "$5.2 million", citation: "revenue for fiscal 2023 was $5.2 million"}
  example(
    chunk: "Acme's revenue for fiscal 2023 was $5.2 million, up from $4.1 million in 2022.",
    task: "What was Acme's net profit in 2023?",
  ) -> {answer: none, citation: none}
  example(
    chunk: "Maria Chen became chief executive in March 2020, replacing Tom Hale.",
    task: "Who is the chief executive?",
  ) -> {answer: "Maria Chen", citation: "Maria Chen became chief executive in March 2020"}
}
protocol qa(question: str, context: private doc) -> str {
  found = extract(context, question) @local(max_tokens: 24)
  return text(found.answer)
}
'''
DOCUMENT = (
    "Acme Corp annual report 2023. The chief executive is Dana Ortiz. Headcount grew to "
    "212 employees. Revenue was $7.4 million. The head office is in Leeds."
)
DEV = [("How many employees are there?", "212"), ("Where is the head office?", "Leeds")]


def minionc(*args: str) -> subprocess.CompletedProcess[str]:
    # The loopback server's dummy key.
    return run_minionc(*args, env={"OPENAI_API_KEY": "sk-loopback"}, timeout=900)


def test_no_demos_skips_the_teacher_and_by_default_demos_are_a_candidate(
    loopback_server: Any, tmp_path: Path
) -> None:
    (tmp_path / "qa.minion").write_text(PROGRAM, encoding="utf-8")
    lines = [json.dumps({"question": q, "context": DOCUMENT, "expected": a}) for q, a in DEV]
    (tmp_path / "dev.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    cache = ["--cache-dir", str(tmp_path / "cache")]
    args = [
        "optimize",
        str(tmp_path / "qa.minion"),
        "--dev",
        str(tmp_path / "dev.jsonl"),
        "--metric",
        "contains",
        "--min-quality",
        "0",
        "--remote",
        f"openai/{loopback_server.model_name}",
        "--api-base",
        loopback_server.api_base,
        "--json",
        *cache,
    ]

    plain = tmp_path / "plain.json"
    done = minionc(*args, "--no-demos", "-o", str(plain))
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["demos"] is None
    assert summary["candidates_measured"] == 1  # nothing to search: the program as written
    written = json.loads(plain.read_text(encoding="utf-8"))
    assert len(written["prompts"]["extract"]["examples"]) == 3
    assert "demos" not in written["provenance"]["details"]

    done = minionc(*args, "--demos", "1", "-o", str(tmp_path / "searched.json"))
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    demos = summary["demos"]
    assert demos["errors"] == [] and demos["skipped"] == {}, demos
    # The teacher gets the employees wrong at first, then the head office right.
    assert demos["kept"] == {"extract": 1}, demos
    assert 1 <= demos["teacher_calls"] <= 2 * len(DEV)  # ChatAdapter, then JSONAdapter
    assert summary["candidates_measured"] == 2  # as written, and with the demo
    # The teacher's, and the worker's with the demo (as written, it replays the first run).
    assert summary["model_calls"] >= demos["teacher_calls"] + len(DEV)
    details = json.loads((tmp_path / "searched.json").read_text())["provenance"]["details"]
    assert details["demos"]["bootstrapped"] == {"extract": 1}
    assert details["demos"]["teacher_calls"] == demos["teacher_calls"]

    # Held at the demos: every call replays, and the plan holds the demo.
    taught = tmp_path / "taught.json"
    done = minionc(*args, "--demos", "1", "--fix", 'demos="bootstrapped"', "-o", str(taught))
    assert done.returncode == 0, done.stderr
    again = json.loads(done.stdout)
    assert again["model_calls"] == 0 and again["demos"]["teacher_calls"] == 0
    assert again["demos"]["kept"] == demos["kept"]
    plan = json.loads(taught.read_text(encoding="utf-8"))
    assert plan["provenance"]["details"]["demos"]["in_plan"] == {"extract": 1}
    assert plan["provenance"]["details"]["fixed"] == {"demos": "bootstrapped"}
    examples = plan["prompts"]["extract"]["examples"]
    assert len(examples) == 4 and examples[1:] == written["prompts"]["extract"]["examples"]
    assert examples[0]["inputs"]["chunk"] == DOCUMENT  # the passage: all of a short document
    assert "Leeds" in examples[0]["output"]["answer"]

    ran = minionc(
        "run",
        str(taught),
        "--input",
        "question=Who is the chief executive?",
        "--input",
        f"context={DOCUMENT}",
        "--json",
        *cache,
    )
    assert ran.returncode == 0, ran.stderr
    result = json.loads(ran.stdout)
    assert result["ok"] and result["usage"]["remote"]["calls"] == 0
