"""Accounting: tokens, calls, cache hits, time and dollars per step and per tier."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class TierUsage:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0  # calls that reached a model (cache hits are not calls)
    cache_hits: int = 0
    cached_prompt_tokens: int = 0  # prompt tokens served from the backend's KV cache
    seconds: float = 0.0
    usd: float = 0.0
    # Tokens of the calls answered from the call cache: what they cost when they
    # ran. The optimizer and the benches count them (a deployed plan pays them);
    # the totals above and the budgets do not (this run did not).
    replayed_prompt_tokens: int = 0
    replayed_completion_tokens: int = 0

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    @property
    def tokens_with_replayed(self) -> int:
        """The tokens of every call the run made, cache hits included."""
        return self.tokens + self.replayed_prompt_tokens + self.replayed_completion_tokens

    def add(
        self,
        *,
        prompt_tokens: int,
        completion_tokens: int,
        seconds: float,
        usd: float,
        cache_hit: bool,
        cached_prompt_tokens: int = 0,
    ) -> None:
        if cache_hit:
            self.cache_hits += 1
            self.replayed_prompt_tokens += prompt_tokens
            self.replayed_completion_tokens += completion_tokens
            return
        self.calls += 1
        self.prompt_tokens += prompt_tokens
        self.completion_tokens += completion_tokens
        self.cached_prompt_tokens += cached_prompt_tokens
        self.seconds += seconds
        self.usd += usd

    def merge(self, other: TierUsage) -> None:
        self.prompt_tokens += other.prompt_tokens
        self.completion_tokens += other.completion_tokens
        self.calls += other.calls
        self.cache_hits += other.cache_hits
        self.cached_prompt_tokens += other.cached_prompt_tokens
        self.seconds += other.seconds
        self.usd += other.usd
        self.replayed_prompt_tokens += other.replayed_prompt_tokens
        self.replayed_completion_tokens += other.replayed_completion_tokens

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TierUsage:
        """What `to_json` wrote (a record read back, a Ray actor's result)."""
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["seconds"] = round(self.seconds, 3)
        data["usd"] = round(self.usd, 6)
        data["tokens"] = self.tokens
        return data


@dataclass
class Usage:
    local: TierUsage = field(default_factory=TierUsage)
    remote: TierUsage = field(default_factory=TierUsage)
    steps: dict[str, dict[str, TierUsage]] = field(default_factory=dict)  # step -> tier -> usage

    def tier(self, name: str) -> TierUsage:
        return self.local if name == "local" else self.remote

    def record(self, step: str, tier: str, **numbers: Any) -> None:
        self.tier(tier).add(**numbers)
        self.steps.setdefault(step, {}).setdefault(tier, TierUsage()).add(**numbers)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Usage:
        steps = {
            step: {tier: TierUsage.from_json(numbers) for tier, numbers in tiers.items()}
            for step, tiers in (data.get("steps") or {}).items()
        }
        return cls(
            TierUsage.from_json(data.get("local") or {}),
            TierUsage.from_json(data.get("remote") or {}),
            steps,
        )

    def merge(self, other: Usage) -> None:
        """Add `other`'s numbers into this one (totals over a batch)."""
        self.local.merge(other.local)
        self.remote.merge(other.remote)
        for step, tiers in other.steps.items():
            for tier, numbers in tiers.items():
                self.steps.setdefault(step, {}).setdefault(tier, TierUsage()).merge(numbers)

    def to_json(self) -> dict[str, Any]:
        return {
            "local": self.local.to_json(),
            "remote": self.remote.to_json(),
            "steps": {
                step: {tier: usage.to_json() for tier, usage in tiers.items()}
                for step, tiers in self.steps.items()
            },
        }
