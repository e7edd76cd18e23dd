"""The optimizer's dev set: inputs validated like a batch, an expected output on
every line, documents by reference, and a hash that names the data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from minionc.compiler.optimize.devset import DevSetError, load_dev_set

from minionc.batch import BatchError, read_inputs

INPUTS = ["question", "context"]


def write_lines(path: Path, *records: object) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_a_document_by_reference_is_read_relative_to_the_inputs_file(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("Report A. Plant in Gdynia.", encoding="utf-8")
    dev = write_lines(
        tmp_path / "dev.jsonl",
        {"question": "Where?", "context": {"$file": "docs/a.txt"}, "expected": "Gdynia"},
        {"question": "Who?", "context": "inline text", "expected": "Dana"},
    )
    first, second = read_inputs(dev, INPUTS, {})
    assert first.inputs["context"] == "Report A. Plant in Gdynia."
    assert second.inputs["context"] == "inline text"

    # The digest follows the text: an edited document makes its line new.
    before = first.digest
    (tmp_path / "docs" / "a.txt").write_text("Report A, revised.", encoding="utf-8")
    assert read_inputs(dev, INPUTS, {})[0].digest != before


def test_unreadable_references_are_reported_with_their_line(tmp_path: Path) -> None:
    dev = write_lines(
        tmp_path / "in.jsonl",
        {"question": "a", "context": {"$file": "missing.txt"}},
        {"question": "b", "context": {"$file": 7}},
    )
    with pytest.raises(BatchError) as error:
        read_inputs(dev, INPUTS, {})
    message = str(error.value)
    assert "nothing was run" in message
    assert "in.jsonl:1: input 'context': cannot read" in message
    assert "missing.txt: No such file or directory" in message
    assert "in.jsonl:2: input 'context': \"$file\" takes a path" in message


def test_dev_set_examples_carry_expected_answers_and_variants(tmp_path: Path) -> None:
    dev = write_lines(
        tmp_path / "dev.jsonl",
        {
            "id": "q1",
            "question": "Where?",
            "expected": "Gdynia",
            "meta": {"accept": ["Gdynia, PL"]},
        },
        {"question": "How many?", "expected": 726},
    )
    devset = load_dev_set(dev, INPUTS, {"context": "the document"})
    assert len(devset) == 2
    first, second = devset.examples
    assert (first.id, first.expected, first.alternatives) == ("q1", "Gdynia", ("Gdynia, PL",))
    assert (second.id, second.expected, second.alternatives) == ("line2", 726, ())
    assert second.item.inputs == {"context": "the document", "question": "How many?"}


def test_the_dev_set_hash_names_inputs_shared_inputs_and_answers(tmp_path: Path) -> None:
    records = [{"question": f"q{i}", "expected": str(i)} for i in range(4)]
    dev = write_lines(tmp_path / "dev.jsonl", *records)
    base = load_dev_set(dev, INPUTS, {"context": "doc"}).sha256
    assert load_dev_set(dev, INPUTS, {"context": "doc"}).sha256 == base
    assert load_dev_set(dev, INPUTS, {"context": "another doc"}).sha256 != base
    write_lines(dev, *records[:3], {"question": "q3", "expected": "4"})
    assert load_dev_set(dev, INPUTS, {"context": "doc"}).sha256 != base


def test_a_seeded_order_is_fixed_and_covers_every_example(tmp_path: Path) -> None:
    dev = write_lines(
        tmp_path / "dev.jsonl", *[{"question": f"q{i}", "expected": str(i)} for i in range(20)]
    )
    devset = load_dev_set(dev, INPUTS, {"context": "doc"})
    order = [e.id for e in devset.shuffled(seed=3)]
    assert order == [e.id for e in devset.shuffled(seed=3)]
    assert order != [e.id for e in devset.shuffled(seed=4)]
    assert sorted(order) == sorted(e.id for e in devset.examples)


@pytest.mark.parametrize(
    ("records", "message"),
    [
        ([{"question": "a"}, {"question": "b", "expected": "x"}], ":1: no `expected`"),
        ([{"question": "a", "expected": "x"}], "1 example; a dev set needs at least 2"),
        (
            [
                {"id": "q", "question": "a", "expected": 1},
                {"id": "q", "question": "b", "expected": 2},
            ],
            "id 'q' is used more than once",
        ),
        (
            [
                {"question": "a", "expected": "x", "meta": {"accept": "y"}},
                {"question": "b", "expected": 1},
            ],
            ":1: meta.accept must be a list",
        ),
        ([{"questoin": "a", "expected": "x"}], "unknown input 'questoin'"),
    ],
)
def test_dev_set_mistakes_say_what_to_fix(
    tmp_path: Path, records: list[dict], message: str
) -> None:
    dev = write_lines(tmp_path / "dev.jsonl", *records)
    with pytest.raises(DevSetError, match=message.replace("(", r"\(")):
        load_dev_set(dev, INPUTS, {"context": "doc"})


def test_a_missing_dev_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(DevSetError, match="--dev: cannot read"):
        load_dev_set(tmp_path / "nope.jsonl", INPUTS, {})
