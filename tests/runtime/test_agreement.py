"""Agreement rules of cascades: exact after normalisation, or token overlap."""

from __future__ import annotations

from minionc.runtime.agreement import agreed_answer, normalise, token_similarity


def test_normalisation_ignores_case_spacing_punctuation_and_number_format() -> None:
    assert normalise("  Up. ") == normalise("up")
    assert normalise("1,200") == normalise("1200") == normalise(1200.0)
    assert normalise("$5.0") == normalise("5")
    assert normalise("Café") == normalise("cafe")


def test_exact_k_of_n() -> None:
    assert agreed_answer(["up", "Up", "down"], 2) == ("up", 2)
    assert agreed_answer(["up", "down", "none"], 2) is None
    assert agreed_answer([None, None, "up"], 1) == ("up", 1)
    assert agreed_answer([None, None], 1) is None


def test_similarity_agreement_for_free_text() -> None:
    samples = ["$5.2 million in 2023", "5.2 million in 2023", "a dividend"]
    assert token_similarity(samples[0], samples[1]) == 1.0
    agreed = agreed_answer(samples, 2, similarity=0.6)
    assert agreed is not None and agreed[1] == 2
    assert agreed_answer(samples, 3, similarity=0.6) is None
