"""The end-to-end bench's scoring: what counts as a correct answer."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("bench_e2e", ROOT / "bench" / "e2e.py")
assert spec is not None and spec.loader is not None
e2e = importlib.util.module_from_spec(spec)
sys.modules["bench_e2e"] = e2e  # dataclasses look their module up there
spec.loader.exec_module(e2e)


@pytest.mark.parametrize(
    ("answer", "expected", "accept", "correct"),
    [
        ("It was EUR 1,346.2 million.", "EUR 1,346.2 million", [], True),
        ("1346.2", "EUR 1,346.2 million", [], True),
        ("EUR 1,219.8 million", "EUR 1,346.2 million", ["1346.2"], False),  # a near miss
        ("Gdynia, Poland", "Gdynia", [], True),
        ("Gdyniaport", "Gdynia", [], False),
        ("14.2 per cent", "14.2%", [], True),
        ("14.25%", "14.2%", [], False),
        ("726 employees", "726", [], True),
        ("1726", "726", [], False),
        ("Yes, it was higher", "Yes", [], True),
        ("yesterday", "Yes", [], False),
        ("The meeting is on 23 April 2026.", "23 April 2026", [], True),
        ("DP-7", "Stillwater DP-7", ["DP-7"], True),
        (None, "Gdynia", [], False),
        ("", "726", [], False),
    ],
)
def test_answers_are_scored_by_normalised_containment(
    answer: object, expected: str, accept: list[str], correct: bool
) -> None:
    assert e2e.is_correct(answer, expected, accept) is correct


def test_every_expected_answer_in_the_question_set_scores_itself_correct() -> None:
    lines = (ROOT / "samples" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    for line in lines:
        question = json.loads(line)
        accept = question["meta"].get("accept", [])
        assert e2e.is_correct(question["expected"], question["expected"], accept), question
        for variant in accept:
            assert e2e.is_correct(variant, question["expected"], accept), (variant, question)


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
