"""The rule of thumb for tokens when no tokenizer is at hand: about four
characters a token. Shared by the static estimate (compiler/estimate.py) and the
runtime where a model's own tokenizer is not available, so both count alike."""

from __future__ import annotations

import math

CHARS_PER_TOKEN = 4


def tokens_of(text: str) -> int:
    """Estimated tokens of a text: ceil(characters / 4)."""
    return math.ceil(len(text) / CHARS_PER_TOKEN)
