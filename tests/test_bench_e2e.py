"""The end-to-end bench's scoring: what counts as a correct answer."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from repo_paths import ROOT

spec = importlib.util.spec_from_file_location("bench_e2e", ROOT / "bench" / "e2e.py")
assert spec is not None and spec.loader is not None
e2e = importlib.util.module_from_spec(spec)
sys.modules["bench_e2e"] = e2e  # dataclasses look their module up there
spec.loader.exec_module(e2e)


def test_answers_are_scored_with_the_contains_metric() -> None:
    # The metric's cases are in tests/compiler/test_optimize_metrics.py.
    assert e2e.is_correct("It was EUR 1,346.2 million.", "EUR 1,346.2 million", [])
    assert not e2e.is_correct("EUR 1,219.8 million", "EUR 1,346.2 million", ["1346.2"])
    assert not e2e.is_correct(None, "Gdynia", [])


def test_the_table_compares_remote_tokens_with_remote_only() -> None:
    def record(value: str, remote_prompt: int) -> dict:
        return {
            "value": value,
            "expected": "726",
            "meta": {"kind": "single", "accept": []},
            "ok": True,
            "failures": {},
            "usage": {
                "remote": {"prompt_tokens": remote_prompt, "completion_tokens": 0, "calls": 1},
                "local": {"prompt_tokens": 10, "calls": 2},
            },
        }

    scores = [
        e2e.score("remote_only", [record("726", 1000), record("no", 1000)]),
        e2e.score("minions", [record("726", 100), record("726", 100)]),
    ]
    assert scores[0].correct == 1 and scores[1].correct == 2
    table = e2e.table(scores)
    assert "| remote_only | 2 | 1/2 (50%)" in table
    assert "| minions | 2 | 2/2 (100%)" in table and "10.0x" in table


def test_programs_are_named_and_loaded_from_a_name_a_program_or_a_plan(tmp_path: Path) -> None:
    from minionc.compiler.plan_io import save_plan

    assert e2e.program_name("minions") == "minions"
    assert e2e.program_name("programs/local_only.minion") == "local_only"
    assert e2e.program_name("out/minions.optimized.json") == "minions.optimized"
    by_name = e2e.load_program("minions")
    assert e2e.load_program(str(ROOT / "programs" / "minions.minion")) == by_name
    saved = tmp_path / "minions.plan.json"
    save_plan(by_name, saved)
    assert e2e.load_program(str(saved)) == by_name
