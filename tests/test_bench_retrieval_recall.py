"""bench/retrieval_recall.py: whether BM25 keeps every evidence sentence of a
question, cut and retrieved as the runtime does."""

from __future__ import annotations

import importlib.util
import sys

from minionc.compiler.tokens import tokens_of as approximate_tokens
from repo_paths import ROOT


def _module():
    path = ROOT / "bench" / "retrieval_recall.py"
    spec = importlib.util.spec_from_file_location("retrieval_recall", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["retrieval_recall"] = module
    spec.loader.exec_module(module)
    return module


DOCUMENT = "\n\n".join(
    [
        "The head office is in Leeds, next to the station.",
        "Revenue was $7.4 million in 2023.",
        "The chief executive is Dana Ortiz.",
        "Headcount grew to 212 employees.",
    ]
)


def test_a_question_counts_only_when_every_evidence_sentence_is_kept() -> None:
    recall = _module()
    single = recall.Question(
        "q1", "Where is the head office?", DOCUMENT, "single",
        ("The head office is in Leeds, next to the station.",),
    )  # fmt: skip
    both = recall.Question(
        "q2", "What revenue and how many employees?", DOCUMENT, "two_fact",
        ("Revenue was $7.4 million in 2023.", "Headcount grew to 212 employees."),
    )  # fmt: skip
    # One paragraph a chunk: top_k 1 keeps one fact, top_k 2 both.
    one, two = recall.measure([single, both], approximate_tokens, [(12, 1), (12, 2)])
    assert one.kept == {"single": [True], "two_fact": [False]}
    assert two.kept == {"single": [True], "two_fact": [True]}
    assert one.share() == (1, 2) and two.share("two_fact") == (1, 1)
    assert all(tokens > 0 for tokens in one.tokens)
    table = recall.table([one, two], ["single", "two_fact"])
    assert "| 12 | 2 |" in table and "2/2 (100%)" in table
    assert "| 12 | 2 | bm25 |" in table
    covered = recall.measure([both], approximate_tokens, [(12, 2)], cover=True)
    assert "| 12 | 2 | cover |" in recall.table(covered, ["two_fact"])
