"""A backend that serves recorded model outputs, so a route or a cascade can be
scored on what GPT-4 and Mixtral actually answered, as if it ran them.

The table maps a prompt (whitespace-normalised) to a `Recording`: the model's
text and whether it was right. A request is matched by its whole prompt, or by
the last user message of a chat, or else by the longest recorded prompt its text
contains (a program's template may wrap the recorded question in other text).
A prompt that is not in the table is a `BackendError` (not retryable): nothing
is ever made up.

Token counts come from the text (`tokens_of`, the runtime's own estimate of
characters / 4): the request as rendered for prompt tokens, the recorded text for
completion tokens.

RouteLLM's MMLU files record only whether each model was right, not what it
said: for those the replayed text is the marker `correct` or `incorrect`
(counted as 1 completion token, a one-letter answer), so a run's output says
how the model did and is scored by comparing it with `correct`. GSM8K's file
records the full responses: those are replayed verbatim, and `recording(prompt)`
gives their correctness for scoring.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from minionc.compiler.tokens import tokens_of

from ..backend import BackendError, Completion, CompletionRequest, Tier
from ..routing.data import OutcomeSet, normalise_prompt

CORRECT_MARKER = "correct"
INCORRECT_MARKER = "incorrect"


@dataclass(frozen=True)
class Recording:
    text: str
    correct: bool | None = None
    # Completion tokens when the text is a stand-in (a marker) for an answer.
    completion_tokens: int | None = None


class ReplayBackend:
    """Serves `table` (prompt -> Recording). `supports_raw_prompt` is False: the
    executor renders a chat, whose last user message is the rendered template."""

    def __init__(
        self, table: Mapping[str, Recording], *, name: str = "replay", tier: Tier = "remote"
    ) -> None:
        self._table = {normalise_prompt(prompt): rec for prompt, rec in table.items()}
        # Longest first: the most specific recorded prompt a request contains wins.
        self._by_length = sorted(self._table, key=len, reverse=True)
        self._name = name
        self._tier = tier
        self.calls = 0

    @classmethod
    def from_outcomes(
        cls, data: OutcomeSet, model: Literal["weak", "strong"], *, tier: Tier | None = None
    ) -> ReplayBackend:
        """The weak (default tier local) or strong (remote) model of RouteLLM's CSVs."""
        table = {}
        for outcome in data.outcomes:
            correct = outcome.weak_correct if model == "weak" else outcome.strong_correct
            response = outcome.weak_response if model == "weak" else outcome.strong_response
            if response is None:
                table[outcome.prompt] = Recording(
                    CORRECT_MARKER if correct else INCORRECT_MARKER, correct, completion_tokens=1
                )
            else:
                table[outcome.prompt] = Recording(response, correct)
        name = data.weak_model if model == "weak" else data.strong_model
        return cls(
            table,
            name=f"replay/{name}",
            tier=tier or ("local" if model == "weak" else "remote"),
        )

    @property
    def name(self) -> str:
        return self._name

    @property
    def identity(self) -> str:
        return f"replay:{self._name}"

    @property
    def tier(self) -> Tier:
        return self._tier

    @property
    def supports_raw_prompt(self) -> bool:
        return False

    def recording(self, text: str) -> Recording | None:
        """The recording a request text is matched to, or None."""
        key = normalise_prompt(text)
        found = self._table.get(key)
        if found is not None:
            return found
        for prompt in self._by_length:
            if prompt and prompt in key:
                return self._table[prompt]
        return None

    def _request_text(self, request: CompletionRequest) -> str:
        if request.messages:
            users = [m.content for m in request.messages if m.role == "user"]
            if users and self.recording(users[-1]) is not None:
                return users[-1]
            return "\n".join(m.content for m in request.messages)
        return request.prompt or ""

    def complete(self, request: CompletionRequest) -> Completion:
        text = self._request_text(request)
        found = self.recording(text)
        if found is None:
            preview = " ".join(text.split())[:80]
            raise BackendError(
                f"{self._name}: no recorded output for this prompt ({preview!r}...)",
                retryable=False,
            )
        self.calls += 1
        whole = request.prompt or "\n".join(m.content for m in request.messages or ())
        completion_tokens = (
            found.completion_tokens
            if found.completion_tokens is not None
            else tokens_of(found.text)
        )
        return Completion(
            text=found.text,
            prompt_tokens=tokens_of(whole),
            completion_tokens=completion_tokens,
            raw={"replayed": True, "correct": found.correct},
        )

    def count_tokens(self, text: str) -> int:
        return tokens_of(text)

    def close(self) -> None:
        pass
