"""The one small protocol every model backend implements.

A backend turns a `CompletionRequest` into a `Completion`. It knows nothing of
plans, prompts or types: rendering a prompt for a backend and parsing what comes
back live in `runtime/output.py`; scheduling, budgets, caching and accounting in
the executor. Backends raise `BackendError` (with `retryable` set) for failures
that a caller may retry or fall back from; anything else is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

Tier = Literal["local", "remote"]


@dataclass(frozen=True)
class Message:
    role: Literal["system", "user", "assistant"]
    content: str


@dataclass(frozen=True)
class CompletionRequest:
    """One model call. Exactly one of `prompt` (a raw completion, for base models)
    and `messages` (a chat) is set."""

    prompt: str | None = None
    messages: tuple[Message, ...] | None = None
    max_tokens: int = 256
    temperature: float = 0.0
    seed: int | None = None
    stop: tuple[str, ...] = ()
    # JSON Schema of the expected output, for providers with native structured output.
    json_schema: dict[str, Any] | None = None

    def check_one_input(self) -> None:
        """Raise (not retryable) unless exactly one of `prompt` and `messages` is set:
        every backend checks before it builds what it sends."""
        if (self.prompt is None) == (self.messages is None):
            raise BackendError(
                "a request needs exactly one of `prompt` and `messages`", retryable=False
            )

    def cache_key_material(self) -> dict[str, Any]:
        """Everything that determines the output, for the content-addressed cache."""
        return {
            "prompt": self.prompt,
            "messages": [[m.role, m.content] for m in self.messages] if self.messages else None,
            "max_tokens": self.max_tokens,
            "temperature": self.temperature,
            "seed": self.seed,
            "stop": list(self.stop),
            "json_schema": self.json_schema,
        }


@dataclass(frozen=True)
class Completion:
    text: str
    prompt_tokens: int
    completion_tokens: int
    finish_reason: str = "stop"  # stop, length, error
    # Prompt tokens served from the backend's own prefix (KV) cache, when it says.
    cached_prompt_tokens: int = 0
    usd: float = 0.0
    raw: dict[str, Any] = field(default_factory=dict, compare=False)


class BackendError(Exception):
    """A model call failed. `retryable`: a retry (after backoff) may succeed.
    `retry_after`: seconds the provider asked to wait, when it said."""

    def __init__(
        self,
        message: str,
        *,
        retryable: bool,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.status = status
        self.retry_after = retry_after


class RuntimeSetupError(Exception):
    """A backend or model cannot be set up at all (a missing package or model file,
    a full disk, a server that does not start). Not retryable; the message says
    what to do."""


@runtime_checkable
class Backend(Protocol):
    """A model. `name` identifies it in caches, traces and usage tables (never a key)."""

    @property
    def name(self) -> str: ...

    @property
    def identity(self) -> str:
        """What determines its answers, for the call cache and for resuming a
        batch: a local model's content hash, a remote model's name and endpoint.
        Two models under one name never share it; never a key."""
        ...

    @property
    def tier(self) -> Tier: ...

    @property
    def supports_raw_prompt(self) -> bool:
        """True for base-model completion (few-shot patterns); False for chat only."""
        ...

    def complete(self, request: CompletionRequest) -> Completion: ...

    def count_tokens(self, text: str) -> int: ...

    def close(self) -> None: ...
