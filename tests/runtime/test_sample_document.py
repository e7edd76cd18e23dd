"""The shipped sample document (samples/annual_report.txt) and its question set:
reproducible from the generator, long enough to need chunking, and with answers
that are stated once, in one sentence, where the evidence says."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from repo_paths import ROOT

SAMPLES = ROOT / "samples"
DOCUMENT = SAMPLES / "annual_report.txt"
QUESTIONS = SAMPLES / "questions.jsonl"


@pytest.fixture(scope="module")
def text() -> str:
    return DOCUMENT.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def questions() -> list[dict[str, Any]]:
    return [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def gemma_vocab(embedded_gguf: Path) -> Any:
    from llama_cpp import Llama

    # The tokenizer only: no weights loaded, so this takes about a second.
    return Llama(model_path=str(embedded_gguf), vocab_only=True, verbose=False)


def test_generator_reproduces_committed_files(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(SAMPLES / "make_annual_report.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    assert (tmp_path / DOCUMENT.name).read_bytes() == DOCUMENT.read_bytes()
    assert (tmp_path / QUESTIONS.name).read_bytes() == QUESTIONS.read_bytes()


def test_question_file_shape(questions: list[dict[str, Any]]) -> None:
    assert len(questions) >= 24
    ids = [q["id"] for q in questions]
    assert len(set(ids)) == len(ids)
    for q in questions:
        # Batch mode passes `question` to the program and carries the rest through.
        assert set(q) == {"id", "question", "expected", "meta"}, q["id"]
        assert set(q["meta"]) == {"kind", "evidence", "accept"}, q["id"]
        assert q["meta"]["kind"] in {"single", "two_fact"}, q["id"]
        assert q["question"].endswith("?") and q["expected"], q["id"]
    kinds = [q["meta"]["kind"] for q in questions]
    assert kinds.count("two_fact") >= 5
    assert kinds.count("single") >= 15


def test_evidence_is_unique_and_holds_the_answer(
    text: str, questions: list[dict[str, Any]]
) -> None:
    for q in questions:
        evidence = q["meta"]["evidence"]
        assert evidence, q["id"]
        for sentence in evidence:
            assert text.count(sentence) == 1, (q["id"], sentence)
        if q["meta"]["kind"] == "single":
            assert len(evidence) == 1, q["id"]
            forms = [q["expected"], *q["meta"]["accept"]]
            assert any(form in evidence[0] for form in forms), q["id"]
        else:
            # Two facts from two different places in the document.
            assert len(set(evidence)) >= 2, q["id"]


def test_single_answers_spread_over_the_document(
    text: str, questions: list[dict[str, Any]]
) -> None:
    positions = [
        text.index(q["meta"]["evidence"][0]) / len(text)
        for q in questions
        if q["meta"]["kind"] == "single"
    ]
    assert min(positions) < 0.25 and max(positions) > 0.85
    assert any(0.4 < p < 0.6 for p in positions)


def test_document_is_long_by_the_gemma_tokenizer(text: str, gemma_vocab: Any) -> None:
    tokens = gemma_vocab.tokenize(text.encode("utf-8"), add_bos=False)
    assert len(tokens) >= 20_000


def test_each_evidence_sentence_fits_in_one_default_chunk(
    text: str, questions: list[dict[str, Any]], gemma_vocab: Any
) -> None:
    from minionc.runtime.builtins import split_text

    def count(piece: str) -> int:
        return len(gemma_vocab.tokenize(piece.encode("utf-8"), add_bos=False))

    # 1000 tokens is the chunk_size default of programs/minions.minion.
    chunks = split_text(text, tokens=1000, count_tokens=count)
    assert len(chunks) >= 20
    for q in questions:
        for sentence in q["meta"]["evidence"]:
            assert any(sentence in chunk for chunk in chunks), (q["id"], sentence)
