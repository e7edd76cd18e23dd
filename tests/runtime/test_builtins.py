"""The deterministic builtins at run time: split, retrieve, join, format, text, lists."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from minionc.runtime.builtins import (
    BuiltinError,
    approximate_tokens,
    batches,
    call_builtin,
    render_text,
    retrieve,
    split_text,
    trim,
    unique,
    vote,
)

DOCUMENT = "\n\n".join(
    f"Section {i}. "
    + " ".join(f"Sentence {i}.{j} talks about item {i * 10 + j}." for j in range(6))
    for i in range(20)
)


def test_split_by_tokens_respects_the_limit_and_keeps_every_word() -> None:
    chunks = split_text(DOCUMENT, tokens=100)
    assert len(chunks) > 5
    assert all(approximate_tokens(chunk) <= 100 for chunk in chunks)
    assert " ".join(chunks).split() == DOCUMENT.split()


def test_split_by_tokens_starts_chunks_at_sentence_boundaries() -> None:
    for chunk in split_text(DOCUMENT, tokens=60):
        assert chunk.startswith(("Section", "Sentence")), chunk[:40]


def test_split_overlap_repeats_the_tail_of_the_previous_chunk() -> None:
    plain = split_text(DOCUMENT, tokens=100)
    overlapped = split_text(DOCUMENT, tokens=100, overlap=30)
    assert len(overlapped) >= len(plain)
    first_tail = overlapped[0].split()[-3:]
    assert " ".join(first_tail) in overlapped[1]


def test_split_by_paragraphs_and_pages() -> None:
    assert len(split_text(DOCUMENT, paragraphs=4)) == 5
    paged = "page one text\fpage two text\fpage three"
    assert split_text(paged, pages=2) == ["page one text\n\npage two text", "page three"]


def test_split_a_giant_word_still_terminates() -> None:
    chunks = split_text("x" * 5000, tokens=100)
    assert "".join(chunks) == "x" * 5000


def test_split_of_empty_text_is_empty_and_a_size_is_required() -> None:
    assert split_text("  \n ", tokens=10) == []
    with pytest.raises(BuiltinError):
        split_text("text")


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=0, max_size=2000), st.integers(min_value=1, max_value=300))
def test_split_never_loses_text(text: str, size: int) -> None:
    chunks = split_text(text, tokens=size)
    assert "".join("".join(c.split()) for c in chunks) == "".join(text.split())


def test_retrieve_ranks_by_bm25_and_keeps_document_order() -> None:
    chunks = [
        "The weather was mild in spring.",
        "Revenue in 2023 was 7.4 million dollars, driven by exports.",
        "The board approved a dividend.",
        "Revenue growth slowed; revenue in 2022 had been 6.1 million.",
    ]
    top = retrieve(chunks, "What was the revenue in 2023?", 2)
    assert top == [chunks[1], chunks[3]]
    assert retrieve(chunks, "anything", 10) == chunks
    assert retrieve(chunks, "dividend", 0) == []


def test_retrieve_with_cover_keeps_a_passage_for_each_part_of_the_question() -> None:
    """Plain BM25 keeps the two best matches of the question's heaviest words;
    `cover` halves the weight of words already matched, so the second pick is
    about the part of the question the first did not cover."""
    chunks = [
        "In 2025 Acme Corporation chose the city of Leeds for its new assembly plant.",
        "The weather in spring was mild.",
        "Acme Corporation said the new assembly plant in the city would open in 2025.",
        "Zenith Holdings is based in Lyon.",
        "Rain fell in the autumn.",
        "Snow closed the roads in winter.",
    ]
    question = (
        "In which city did Acme Corporation open its new assembly plant in 2025, "
        "and where is Zenith based?"
    )
    assert retrieve(chunks, question, 2) == [chunks[0], chunks[2]]
    assert retrieve(chunks, question, 2, cover=True) == [chunks[2], chunks[3]]
    assert call_builtin(
        "retrieve", [chunks, question], {"k": 2, "cover": True}, approximate_tokens
    ) == [chunks[2], chunks[3]]
    assert retrieve(chunks, question, 9, cover=True) == chunks


def test_text_join_format_and_list_helpers() -> None:
    findings = [{"answer": "5M", "citation": None}, {"answer": "7M", "citation": "p. 3"}]
    assert render_text(findings) == "- answer: 5M\n  citation: none\n- answer: 7M\n  citation: p. 3"
    assert call_builtin("join", [["a", "b"]], {"sep": "|"}, approximate_tokens) == "a|b"
    assert call_builtin("format", ["Q: {{ q }}"], {"q": "why"}, approximate_tokens) == "Q: why"
    with pytest.raises(BuiltinError, match="undefined"):
        call_builtin("format", ["{{ missing }}"], {}, approximate_tokens)
    assert unique([{"a": 1}, {"a": 1}, {"a": 2}]) == [{"a": 1}, {"a": 2}]
    assert vote(["x", "y", "y", "x", "y"]) == "y"
    assert vote([]) is None
    assert call_builtin("first", [[]], {}, approximate_tokens) is None
    assert call_builtin("len", [None], {}, approximate_tokens) == 0


def test_trim_caps_texts_and_drops_named_fields_all_the_way_down() -> None:
    findings = [
        {"answer": "Gdynia", "citation": "we opened our new assembly plant in Gdynia, Poland"},
        {"answer": "a very long answer that goes on and on about many things", "citation": None},
    ]
    trimmed = trim(findings, 30, ["citation"])
    assert trimmed[0] == {"answer": "Gdynia", "citation": None}
    assert trimmed[1]["answer"] == "a very long answer that goes…"
    assert len(trimmed[1]["answer"]) <= 31
    assert findings[0]["citation"]  # the input is not changed
    assert trim("short", 30) == "short" and trim(42, 1) == 42 and trim(None, 1) is None
    assert call_builtin("trim", [findings], {"drop": ["citation"]}, approximate_tokens)[0] == {
        "answer": "Gdynia",
        "citation": None,
    }


def test_batches_groups_items_and_fills_up_the_last_group() -> None:
    assert batches(["a", "b", "c"], 2) == [["a", "b"], ["c", "c"]]
    assert batches(["a", "b"], 2) == [["a", "b"]]
    assert batches(["a"], 4) == [["a", "a", "a", "a"]]
    assert batches([], 2) == []
    assert call_builtin("batches", [["a", "b", "c"]], {"size": 3}, approximate_tokens) == [
        ["a", "b", "c"]
    ]
    assert call_builtin("batches", [None], {"size": 2}, approximate_tokens) == []
    with pytest.raises(BuiltinError, match="at least 1"):
        batches(["a"], 0)
