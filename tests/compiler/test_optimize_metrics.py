"""The optimizer's quality metrics: what each one counts as right."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from minionc.compiler.optimize.metrics import MetricError, load_metric, numbers_in
from pydantic import BaseModel
from repo_paths import ROOT


@pytest.mark.parametrize(
    ("answer", "expected", "accept", "correct"),
    [
        ("It was EUR 1,346.2 million.", "EUR 1,346.2 million", [], True),
        ("1346.2", "EUR 1,346.2 million", [], True),  # the unit was in the question
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
        ("It opened in Q3 2024", "Q3 2024 plant in Aalesund", [], False),  # a phrase, not a number
        (None, "Gdynia", [], False),
        ("", "726", [], False),
    ],
)
def test_contains(answer: object, expected: str, accept: list[str], correct: bool) -> None:
    assert load_metric("contains")(answer, expected, accept) == float(correct)


def test_every_expected_answer_of_the_sample_questions_contains_itself() -> None:
    contains = load_metric("contains")
    for line in (ROOT / "samples" / "questions.jsonl").read_text(encoding="utf-8").splitlines():
        question = json.loads(line)
        accept = question["meta"].get("accept", [])
        for answer in (question["expected"], *accept):
            assert contains(answer, question["expected"], accept) == 1.0, (answer, question)


@pytest.mark.parametrize(
    ("answer", "expected", "score"),
    [
        ("Gdynia.", "gdynia", 1.0),
        ("  GDYNIA ", "Gdynia", 1.0),
        ("Gdynia, Poland", "Gdynia", 0.0),
        (42, 42.0, 1.0),
        (42, "42", 1.0),
        (True, "true", 1.0),
        (["Oslo", "Bergen"], ["oslo", "bergen"], 1.0),
        (["Bergen", "Oslo"], ["oslo", "bergen"], 0.0),  # a list keeps its order
        ({"b": 1, "a": "X"}, {"a": "x", "b": 1}, 1.0),
    ],
)
def test_exact(answer: object, expected: object, score: float) -> None:
    assert load_metric("exact")(answer, expected) == score


def test_exact_compares_a_typed_output_as_its_fields() -> None:
    class Finding(BaseModel):
        answer: str
        page: int

    assert load_metric("exact")(Finding(answer="Gdynia", page=3), {"answer": "gdynia", "page": 3})


@pytest.mark.parametrize(
    ("answer", "expected", "score"),
    [
        ("the city of Gdynia", "Gdynia", 0.5),  # precision 1/3 (articles dropped), recall 1
        ("Gdynia", "Gdynia", 1.0),
        ("Bergen", "Gdynia", 0.0),
        ("", "", 1.0),
    ],
)
def test_token_f1(answer: str, expected: str, score: float) -> None:
    assert load_metric("f1")(answer, expected) == pytest.approx(score)


@pytest.mark.parametrize(
    ("answer", "expected", "spec", "score"),
    [
        ("$5.2 million", "5,200,000", "numeric", 1.0),
        ("5.2 million", 5_200_000, "numeric", 1.0),
        ("1346.2", "EUR 1,346.2 million", "numeric", 1.0),  # digits as written, unit left out
        ("5.2 billion", "5.2 million", "numeric", 0.0),  # a stated scale must agree
        ("The answer is 18 after 3 steps", "18", "numeric", 1.0),
        ("about 101", "100", "numeric", 0.0),
        ("about 101", "100", "numeric:0.02", 1.0),
        ("no number here", "100", "numeric", 0.0),
        ("100", "between 100 and 200", "numeric", 0.0),  # expected must be one number
        (99.9999999, 100, "numeric", 1.0),
    ],
)
def test_numeric(answer: object, expected: object, spec: str, score: float) -> None:
    assert load_metric(spec)(answer, expected) == score


def test_numbers_in_reads_separators_and_scale_words() -> None:
    assert numbers_in("$5.2 million and 3,400 units, 2bn") == [5_200_000.0, 3400.0, 2e9]


def test_a_custom_metric_is_imported_from_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "my_minion_metrics.py").write_text(
        "def starts(prediction, expected):\n"
        "    return str(prediction).startswith(str(expected))\n"
        "def broken(prediction, expected):\n"
        "    return 'yes'\n"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    metric = load_metric("custom:my_minion_metrics:starts")
    assert metric("Gdynia, Poland", "Gdynia") == 1.0
    assert metric("Poland", "Gdynia") == 0.0
    assert metric(None, "Gdynia") == 0.0
    with pytest.raises(MetricError, match="returned 'yes'; return a number"):
        load_metric("custom:my_minion_metrics:broken")("a", "b")
    with pytest.raises(MetricError, match="has no function 'nope'"):
        load_metric("custom:my_minion_metrics:nope")


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("accuracy", "unknown metric 'accuracy'; use one of: exact, contains"),
        ("numeric:lots", "tolerance is a relative error between 0 and 1"),
        ("numeric:2", "tolerance is a relative error between 0 and 1"),
        ("custom:only_module", "write custom:MODULE:FUNCTION"),
        ("custom:no_such_module_here:f", "cannot import 'no_such_module_here'"),
        ("exact:3", "unknown metric"),
    ],
)
def test_bad_metric_names_say_what_to_write(spec: str, message: str) -> None:
    with pytest.raises(MetricError, match=message.replace("(", r"\(")):
        load_metric(spec)
