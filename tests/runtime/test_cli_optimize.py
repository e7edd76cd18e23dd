"""`minionc optimize` on real models: the embedded Gemma locally and behind the
loopback server as the remote tier. A program with a knob and an @auto step;
the search measures every candidate, writes the plan with provenance and the
report, replays for free the second time, and its plan runs with `minionc run`."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from minionc_cli import minionc as run_minionc

pytestmark = pytest.mark.model  # every search runs the embedded model


PROGRAM = '''
prompt answer(document: str, question: str) -> str {
  """
  Document: {{ document }}
  Question: {{ question }}
  """
  example(document: "The sky is blue.", question: "What colour is the sky?") -> "blue"
}
protocol qa(question: str, context: doc) -> str {
  knob room in [6, 12] = 12
  a = answer(context, question) @auto(max_tokens: room)
  return a
}
'''
DOCUMENT = (
    "Acme Corp annual report 2023. The chief executive is Dana Ortiz. Headcount grew to "
    "212 employees. Revenue was $7.4 million. The head office is in Leeds."
)
DEV = [
    ("Who is the chief executive?", "Dana Ortiz"),
    ("How many employees are there?", "212"),
    ("What was the revenue?", "$7.4 million"),
    ("Where is the head office?", "Leeds"),
    ("What year is the report for?", "2023"),
    ("Which company is this?", "Acme Corp"),
]


def minionc(*args: str) -> subprocess.CompletedProcess[str]:
    return run_minionc(*args, timeout=900)


def setup(tmp_path: Path) -> list[str]:
    (tmp_path / "qa.minion").write_text(PROGRAM, encoding="utf-8")
    (tmp_path / "report.txt").write_text(DOCUMENT, encoding="utf-8")
    lines = [
        json.dumps(
            {"id": f"q{i}", "question": q, "context": {"$file": "report.txt"}, "expected": a}
        )
        for i, (q, a) in enumerate(DEV, 1)
    ]
    (tmp_path / "dev.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [
        "optimize",
        str(tmp_path / "qa.minion"),
        "--dev",
        str(tmp_path / "dev.jsonl"),
        "--metric",
        "contains",
        "--cache-dir",
        str(tmp_path / "cache"),
        "--json",
        # The fast embedded model in both roles: the search machinery is under test.
        "--remote",
        "embedded:gemma-3-270m",
    ]


def test_optimize_measures_every_candidate_and_writes_a_plan_that_runs(tmp_path: Path) -> None:
    args = setup(tmp_path)
    plan_path, report = tmp_path / "qa.plan.json", tmp_path / "report"
    # Any quality will do: the cheapest candidate (the step placed locally) must win.
    done = minionc(*args, "--min-quality", "0", "-o", str(plan_path), "--report", str(report))
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    # room 6 / 12 x local / remote / cascade 2 of 3 or 3 of 5 / route by length 500 or 2000
    assert summary["candidates_measured"] == 12
    assert summary["baseline"]["remote_tokens_per_query"] > 0  # the @auto step on remote
    assert summary["chosen"]["remote_tokens_per_query"] == 0
    assert summary["model_calls"] >= len(DEV)  # cache hits are free

    plan = json.loads(plan_path.read_text(encoding="utf-8"))
    provenance = plan["provenance"]
    assert provenance["metric"] == "contains"
    assert provenance["remote_tokens_per_query"] == 0
    assert provenance["baseline_remote_tokens_per_query"] > 0
    assert len(provenance["dev_set_sha256"]) == 64
    assert set(provenance["details"]["placements"].values()) == {"local"}
    # What it was measured with: the models by content hash, the baseline by name.
    assert provenance["details"]["models"].startswith("llama.cpp:")
    assert provenance["details"]["baseline"].startswith("baseline: ")

    table = (report / "candidates.md").read_text(encoding="utf-8")
    assert table.count("\n| ") == 1 + 12  # header and one row per candidate
    assert "| chosen |" in table and "| baseline |" in table
    assert (report / "frontier.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert json.loads((report / "summary.json").read_text())["chosen"]["role"] == "chosen"

    # The same search again: every measurement comes from the store.
    again = minionc(*args, "--min-quality", "0", "-o", str(tmp_path / "again.json"))
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["model_calls"] == 0
    replayed = json.loads((tmp_path / "again.json").read_text())["provenance"]
    assert replayed["details"].pop("model_calls") == 0
    # What the search cost when it measured, which the replay still says.
    assert replayed["details"]["measurement_model_calls"] == summary["model_calls"]
    provenance["details"].pop("model_calls")
    assert replayed == provenance

    ran = minionc(
        "run",
        str(plan_path),
        "--input",
        "question=Where is the head office?",
        "--input-file",
        f"context={tmp_path / 'report.txt'}",
        "--cache-dir",
        str(tmp_path / "cache"),
        "--json",
        "--remote",
        "embedded:gemma-3-270m",
    )
    assert ran.returncode == 0, ran.stderr
    assert "minionc: note:" not in ran.stderr  # the models its search measured
    result = json.loads(ran.stdout)
    assert result["usage"]["remote"]["calls"] == 0 and result["usage"]["remote"]["cache_hits"] == 0


def test_an_unreachable_constraint_writes_no_plan_but_says_why(tmp_path: Path) -> None:
    args = setup(tmp_path)
    plan_path, report = tmp_path / "qa.plan.json", tmp_path / "report"
    # A lower bound of 1.0 needs certainty that 6 examples cannot give.
    done = minionc(*args, "--min-quality", "1", "-o", str(plan_path), "--report", str(report))
    assert done.returncode == 1
    assert "no candidate clears quality >= 1" in done.stderr
    assert "no plan written" in done.stderr and "Traceback" not in done.stderr
    assert not plan_path.exists()
    assert (report / "candidates.md").exists()


def test_optimize_mistakes_are_reported_before_any_model_loads(tmp_path: Path) -> None:
    args = setup(tmp_path)
    out = ["-o", str(tmp_path / "p.json")]
    bad_metric = [a if a != "contains" else "acuracy" for a in args]
    done = minionc(*bad_metric, "--min-quality", "0.5", *out)
    assert done.returncode == 2 and "unknown metric 'acuracy'" in done.stderr

    done = minionc(*args, "--min-quality", "0.5", "--fix", "rooom=6", *out)
    assert done.returncode == 2 and "--fix rooom: not a knob, rewrite or @auto step" in done.stderr

    done = minionc(*args, "--min-quality", "0.5", "--min-relative", "0.9", *out)
    assert done.returncode == 2 and "not allowed with argument" in done.stderr

    (tmp_path / "dev.jsonl").write_text('{"question": "a"}\n{"question": "b"}\n', encoding="utf-8")
    done = minionc(*args, "--min-quality", "0.5", *out)
    assert done.returncode == 1 and "the dev set has errors" in done.stderr
    assert "dev.jsonl:1: missing input context" in done.stderr

    done = minionc(*args, "--min-quality", "0.5", "--input-file", f"context={tmp_path}/x", *out)
    assert done.returncode == 1 and "--input-file context: cannot read" in done.stderr

    (tmp_path / "x.txt").write_text("A document.", encoding="utf-8")
    context = ["--input-file", f"context={tmp_path / 'x.txt'}"]
    done = minionc(*args, "--min-quality", "0.5", *context, *out)
    assert done.returncode == 1 and "dev.jsonl:1: no `expected`" in done.stderr
    assert "Traceback" not in done.stderr


def test_another_program_as_the_baseline(tmp_path: Path) -> None:
    args = setup(tmp_path)
    done = minionc(
        *args,
        "--min-relative",
        "0.5",
        "--baseline",
        "programs/remote_only.minion",
        "--fix",
        "room=6",
        "--fix",
        "s1=local",
        "-o",
        str(tmp_path / "p.json"),
    )
    assert done.returncode in (0, 1), done.stderr  # 1: the local answers fell short
    assert "Traceback" not in done.stderr
    summary = json.loads(done.stdout)
    assert summary["baseline"]["label"] == "baseline: programs/remote_only.minion"
    assert summary["baseline"]["remote_tokens_per_query"] > 0
    assert summary["candidates_measured"] == 2  # the one candidate left, and the baseline
    if summary["chosen"] is not None:
        assert summary["chosen"]["remote_tokens_per_query"] == 0
        # What the search was held at is part of where the plan came from.
        provenance = json.loads((tmp_path / "p.json").read_text())["provenance"]
        assert provenance["details"]["fixed"] == {"room": 6, "s1": "local"}
