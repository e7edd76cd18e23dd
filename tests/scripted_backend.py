"""A scripted backend: fast, deterministic tests of executor semantics (what runs,
in what order, what is refused, what a failure does), next to the real-model
tests, never instead of them. It answers by prompt (the first rule whose text the
prompt contains, else the default answer) and records every call."""

from __future__ import annotations

from collections.abc import Mapping

from minionc.runtime.backend import Completion, CompletionRequest, Tier


class ScriptedBackend:
    supports_raw_prompt = True

    def __init__(
        self,
        tier: Tier = "local",
        answer: str = " x",
        name: str = "scripted",
        rules: Mapping[str, str] | None = None,
    ) -> None:
        self.tier = tier
        self.answer = answer
        self.rules = dict(rules or {})
        self.name = name
        self.identity = f"test:{name}"
        self.prompts: list[str] = []

    @property
    def calls(self) -> int:
        return len(self.prompts)

    def complete(self, request: CompletionRequest) -> Completion:
        prompt = request.prompt or "\n".join(m.content for m in request.messages or ())
        self.prompts.append(prompt)
        answer = next(
            (text for needle, text in self.rules.items() if needle in _last_input(prompt)),
            self.answer,
        )
        tokens = max(1, len(prompt) // 4)
        return Completion(text=answer, prompt_tokens=tokens, completion_tokens=1)

    def count_tokens(self, text: str) -> int:
        return max(1, len(text) // 4)

    def close(self) -> None:
        pass


def _last_input(prompt: str) -> str:
    """The call's own input: after the few-shot examples, the last block."""
    return prompt.rsplit("\n\n", 1)[-1]
