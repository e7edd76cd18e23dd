"""Agreement between samples, for cascades (ABC): exact match after normalisation
for labels and numbers; token-overlap similarity against a threshold for text."""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

_TOKEN = re.compile(r"[a-z0-9]+(?:[.][0-9]+)?")
_NUMBER = re.compile(r"^[-+]?\$?\s*[0-9][0-9,]*(?:\.[0-9]+)?\s*%?$")


def normalise(value: Any) -> str:
    """A canonical text form: case, accents, spacing, punctuation and number
    formatting ("1,200" == "1200", "5.0" == "5") do not matter."""
    if isinstance(value, dict | list):
        return json.dumps(_normalise_json(value), sort_keys=True)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return _number_text(float(value))
    text = unicodedata.normalize("NFKD", str(value or "")).encode("ascii", "ignore").decode()
    text = text.strip().lower()
    if _NUMBER.match(text):
        digits = text.replace("$", "").replace(",", "").replace("%", "").strip()
        try:
            return _number_text(float(digits))
        except ValueError:
            pass
    return " ".join(_TOKEN.findall(text))


def _number_text(number: float) -> str:
    return str(int(number)) if number.is_integer() else repr(number)


def _normalise_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _normalise_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalise_json(v) for v in value]
    return normalise(value)


def token_similarity(a: Any, b: Any) -> float:
    """Token-overlap (Jaccard) similarity of two answers, in [0, 1]."""
    left, right = set(normalise(a).split()), set(normalise(b).split())
    if not left and not right:
        return 1.0
    return len(left & right) / len(left | right)


def agreed_answer(
    samples: list[Any], k: int, *, similarity: float | None = None
) -> tuple[Any, int] | None:
    """The answer at least `k` samples agree on, and how many agree; None if no
    answer has `k` supporters. With `similarity`, two samples agree when their
    token overlap is at least that; otherwise when they normalise equally. The
    representative is the supported sample closest to the others (first on ties)."""
    present = [s for s in samples if s is not None]
    if not present:
        return None
    best: tuple[int, float, int] | None = None  # (support, closeness, -index)
    for index, candidate in enumerate(present):
        if similarity is None:
            key = normalise(candidate)
            support = sum(1 for other in present if normalise(other) == key)
            closeness = float(support)
        else:
            scores = [token_similarity(candidate, other) for other in present]
            support = sum(1 for score in scores if score >= similarity)
            closeness = sum(scores)
        rank = (support, closeness, -index)
        if best is None or rank > best:
            best = rank
    assert best is not None
    support, _, negative_index = best
    if support < k:
        return None
    return present[-negative_index], support
