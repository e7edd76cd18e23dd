"""What a batch has spent and done, and the budget that stops it.

`BatchBudget` (`--batch-budget remote.tokens=200000`) caps the whole batch's
usage; `BatchTally` keeps the batch's totals the same way for every runner
(in-process workers, Ray actors) and asks the budget before each input starts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from minionc.batch import BatchError, failed
from minionc.runtime.usage import Usage

__all__ = ["BUDGET_METRICS", "BatchBudget", "BatchTally"]

# What a batch budget can cap, per tier: the totals `Usage` keeps.
BUDGET_METRICS = ("tokens", "prompt_tokens", "completion_tokens", "calls", "usd")


@dataclass
class BatchBudget:
    """Limits on the whole batch's usage (`--batch-budget remote.tokens=200000`):
    (tier, metric) -> limit. Checked before each input starts."""

    limits: dict[tuple[str, str], float] = field(default_factory=dict)

    @classmethod
    def parse(cls, texts: list[str]) -> BatchBudget:
        limits: dict[tuple[str, str], float] = {}
        for text in texts:
            name, _, value = text.partition("=")
            tier, _, metric = name.strip().partition(".")
            example = "write TIER.METRIC=LIMIT, e.g. remote.tokens=200000"
            if tier not in ("local", "remote"):
                raise BatchError(f"{text!r}: the tier is local or remote; {example}")
            if metric not in BUDGET_METRICS:
                raise BatchError(
                    f"{text!r}: the metric is one of {', '.join(BUDGET_METRICS)}; {example}"
                )
            try:
                limit = float(value)
            except ValueError:
                raise BatchError(f"{text!r}: the limit is a number; {example}") from None
            if not limit >= 0 or limit == float("inf"):
                raise BatchError(f"{text!r}: the limit is a number >= 0; {example}")
            limits[(tier, metric)] = limit
        return cls(limits)

    def reached(self, total: Usage) -> str | None:
        """The first limit `total` has reached, worded, or None."""
        for (tier, metric), limit in self.limits.items():
            used = total.tier(tier)
            spent = used.tokens if metric == "tokens" else float(getattr(used, metric))
            if spent >= limit:
                return f"{tier}.{metric} {spent:g} of {limit:g}"
        return None


@dataclass
class BatchTally:
    """What a batch has done so far, kept the same way by every runner (in-process
    workers, Ray actors): the usage of the inputs run, how many ran, produced no
    value or had failed outputs, and the batch budget that stopped new inputs."""

    budget: BatchBudget
    usage: Usage = field(default_factory=Usage)
    ran: int = 0
    no_value: int = 0
    with_failures: int = 0
    stopped_by: str | None = None

    def may_start(self) -> bool:
        """Whether another input may start; remembers the first limit reached."""
        reached = self.budget.reached(self.usage)
        if reached is not None and self.stopped_by is None:
            self.stopped_by = reached
        return reached is None

    def add(self, record: Mapping[str, Any], usage: Usage | None) -> None:
        """One input's record, written, and the usage its run spent."""
        if usage is not None:
            self.usage.merge(usage)
        self.ran += 1
        self.no_value += not record.get("ok", False)
        self.with_failures += bool(record.get("ok")) and failed(record)
