"""bench/candidate_plan.py: one search candidate as a runnable plan file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from minionc.compiler.plan_io import parse_plan
from repo_paths import ROOT

SCRIPT = ROOT / "bench" / "candidate_plan.py"


def _run(tmp_path: Path, program: str, candidate: str) -> subprocess.CompletedProcess[str]:
    out = tmp_path / "plan.json"
    return subprocess.run(
        [sys.executable, str(SCRIPT), program, "--candidate", candidate, "-o", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_candidate_becomes_a_plan_with_its_knobs_and_placement(tmp_path: Path) -> None:
    candidate = {"knobs": {"chunk_size": 250, "top_k": 2}, "placements": {"s4": "local"}}
    done = _run(tmp_path, "programs/doc_qa.minion", json.dumps(candidate))
    assert done.returncode == 0, done.stderr
    plan = parse_plan((tmp_path / "plan.json").read_text(), "plan.json")
    assert plan.knobs["chunk_size"].value == 250 and plan.knobs["top_k"].value == 2
    answer = next(step for step in plan.steps if step.id == "s4")
    assert answer.call.placement.tier == "local"


def test_candidate_with_rewrites_changes_the_plan(tmp_path: Path) -> None:
    plain = _run(tmp_path, "programs/minions.minion", "{}")
    assert plain.returncode == 0, plain.stderr
    before = (tmp_path / "plan.json").read_text()
    rewritten = _run(tmp_path, "programs/minions.minion", '{"rewrites": {"prefilter": 8}}')
    assert rewritten.returncode == 0, rewritten.stderr
    assert (tmp_path / "plan.json").read_text() != before


def test_bad_candidates_get_a_message_not_a_traceback(tmp_path: Path) -> None:
    for candidate, says in (
        ('{"placements": {"s4": "elsewhere"}}', "choose one of"),
        ('{"knobs": {"top_k": 3}}', "is not one of its values"),
        ('{"rewrites": {"demos": 2}}', "needs its search"),
        ('{"knob": {}}', "unknown candidate field"),
        ("{", "candidate_plan:"),
    ):
        done = _run(tmp_path, "programs/doc_qa.minion", candidate)
        assert done.returncode == 1
        assert says in done.stderr and "Traceback" not in done.stderr, done.stderr
