"""The HEADLINES bench: reading FrugalGPT's CSV rows and scoring deferrals."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from repo_paths import ROOT

spec = importlib.util.spec_from_file_location("bench_headlines", ROOT / "bench" / "headlines.py")
assert spec is not None and spec.loader is not None
headlines = importlib.util.module_from_spec(spec)
sys.modules["bench_headlines"] = headlines  # dataclasses look their module up there
spec.loader.exec_module(headlines)


def test_csv_rows_become_headlines_with_their_label(tmp_path: Path) -> None:
    path = tmp_path / "test.csv"
    path.write_text(
        '"Q: gold futures end the week 1.4% higher\nA:",up,6556\n'
        '"Q: gold, oil hold to gains after ism data\nA:",neutral,12\n',
        encoding="utf-8",
    )
    rows = headlines.read_csv(path)
    assert rows == [
        {"id": "test-6556", "headline": "gold futures end the week 1.4% higher", "expected": "up"},
        {
            "id": "test-12",
            "headline": "gold, oil hold to gains after ism data",
            "expected": "neutral",
        },
    ]


def test_a_query_counts_as_deferred_when_the_remote_tier_answered() -> None:
    def record(value: str, remote_calls: int, cache_hits: int = 0) -> dict:
        remote = {
            "calls": remote_calls,
            "cache_hits": cache_hits,
            "prompt_tokens": 90 * remote_calls,
        }
        remote["completion_tokens"] = remote_calls
        remote["replayed_prompt_tokens"] = 90 * cache_hits
        local = {"calls": 3, "prompt_tokens": 300, "completion_tokens": 3}
        return {
            "value": value,
            "expected": "up",
            "ok": True,
            "usage": {"remote": remote, "local": local},
        }

    scored = headlines.score("cascade", [record("up", 0), record("down", 1), record("up", 0, 1)])
    assert (scored.correct, scored.total, scored.deferred) == (2, 3, 2)
    assert scored.remote_tokens == [0, 91, 90]
    table = headlines.table([scored])
    assert "| cascade | 3 | 2/3 (66.7%) | 66.7% | 60 |" in table
