"""minionc/evaluation.py: the score table's numbers (intervals, paired differences,
failures by kind), from batch records scored by the optimizer's metrics."""

from __future__ import annotations

from typing import Any

import pytest
from minionc.compiler.optimize.devset import DevExample
from minionc.compiler.optimize.metrics import load_metric

from minionc import evaluation
from minionc.batch import BatchItem


def example(line: int, expected: str) -> DevExample:
    return DevExample(
        BatchItem(line, {"question": "q"}, {}, f"{line:064d}"), f"e{line}", expected, ()
    )


def record(line: int, value: Any, remote: int = 100, ok: bool = True, **extra: Any) -> dict:
    return {
        "line": line,
        "value": value,
        "ok": ok,
        "usage": {
            "local": {"prompt_tokens": 500, "completion_tokens": 5, "usd": 0.0},
            "remote": {"prompt_tokens": remote, "completion_tokens": 0, "usd": 0.01},
        },
        "failures": extra.pop("failures", {}),
        "wall_seconds": 2.0,
        **extra,
    }


def test_records_are_scored_by_the_metric_and_summarised() -> None:
    examples = [example(1, "Leeds"), example(2, "212"), example(3, "Dana")]
    records = {
        1: record(1, "Leeds, UK"),
        2: record(2, "213", failures={"parse_error": 2}),
        3: record(3, None, ok=False, problem="budget spent"),
    }
    scores = evaluation.score_records(examples, records, load_metric("contains"))
    assert [s.score for s in scores] == [1.0, 0.0, 0.0]
    assert scores[2].stopped == "budget spent"
    summary = evaluation.summarize("qa", scores)
    assert summary.items == 3 and summary.score == pytest.approx(1 / 3)
    assert 0 < summary.low < 1 / 3 < summary.high < 1  # Wilson, 90%
    assert summary.remote_tokens == 100 and summary.local_tokens == 505
    assert summary.usd == pytest.approx(0.01) and summary.wall_seconds == 2.0
    assert summary.failures == {"parse_error": 2} and summary.stopped == 1
    table = evaluation.table([summary], "contains")
    assert "| qa | 3 | 0.333 (" in table and "2 parse_error" in table


def test_an_item_not_run_yet_is_left_out_not_scored_zero() -> None:
    examples = [example(1, "Leeds"), example(2, "212")]
    scores = evaluation.score_records(examples, {2: record(2, "212")}, load_metric("exact"))
    assert [(s.line, s.score) for s in scores] == [(2, 1.0)]


def test_graded_scores_get_a_normal_interval() -> None:
    low, high = evaluation.interval([0.5, 0.6, 0.7, 0.8])
    assert low < 0.65 < high and low >= 0 and high <= 1


def test_paired_difference_on_the_items_both_have() -> None:
    metric = load_metric("exact")
    examples = [example(n, "x") for n in range(1, 7)]
    ours = evaluation.score_records(
        examples, {n: record(n, "x", remote=10) for n in range(1, 7)}, metric
    )
    theirs = evaluation.score_records(
        examples, {n: record(n, "x" if n <= 3 else "y", remote=100) for n in range(1, 6)}, metric
    )
    result = evaluation.paired(ours, theirs)
    assert result.items == 5 and result.difference == pytest.approx(2 / 5)
    assert result.low < 0.4 < result.high and result.remote_tokens_ratio == pytest.approx(10)
    text = evaluation.paired_text("a", "b", result)
    assert "paired on 5 items: score +0.400" in text and "10.0x fewer" in text
