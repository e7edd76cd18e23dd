"""A scripted backend: fast, deterministic tests of executor semantics (what runs,
what is refused, what a failure does), next to the real-model tests, never
instead of them. It answers the same text to every call and records the prompts."""

from __future__ import annotations

from minionc.runtime.backend import Completion, CompletionRequest, Tier


class ScriptedBackend:
    supports_raw_prompt = True

    def __init__(self, tier: Tier = "local", answer: str = " x", name: str = "scripted") -> None:
        self.tier = tier
        self.answer = answer
        self.name = name
        self.identity = f"test:{name}"
        self.prompts: list[str] = []

    @property
    def calls(self) -> int:
        return len(self.prompts)

    def complete(self, request: CompletionRequest) -> Completion:
        self.prompts.append(request.prompt or "")
        return Completion(text=self.answer, prompt_tokens=5, completion_tokens=1)

    def count_tokens(self, text: str) -> int:
        return max(1, len(text) // 4)

    def close(self) -> None:
        pass
