"""Run one candidate plan on one dev example and score it.

Every call goes through the runtime's call cache, so candidates that share calls
(the same decomposition under two chunk sizes, say) pay once, and a second
search on the same data replays. Tokens are counted as a deployed plan would pay
them: a call answered from the cache counts the tokens it cost when it ran.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from typing import Any

from minionc.compiler.plan import Plan
from minionc.runtime.executor import Runtime
from minionc.runtime.usage import TierUsage

from minionc.batch import BatchItem, run_item

from .devset import DevExample
from .metrics import Metric

__all__ = ["Outcome", "evaluate_example", "item_for", "outcome_of"]


@dataclass(frozen=True)
class Outcome:
    """One dev example under one candidate."""

    example: str
    score: float
    value: Any  # the returned value as JSON
    remote_tokens: int  # prompt + completion, cache hits included
    local_tokens: int
    remote_calls: int  # calls the plan made, cache hits included
    model_calls: int  # calls that reached a model this time (the search's budget)
    failures: int  # jobs that ended as typed failures
    error: str | None  # why the run stopped early, if it did

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Outcome:
        return cls(**{name: data[name] for name in cls.__dataclass_fields__})


def evaluate_example(runtime: Runtime, plan: Plan, example: DevExample, metric: Metric) -> Outcome:
    record, _ = run_item(runtime, plan, item_for(plan, example))
    return outcome_of(example, record, metric)


def item_for(plan: Plan, example: DevExample) -> BatchItem:
    """The example's batch item with only the inputs `plan` takes: a baseline
    program may take fewer than the program the dev set is for."""
    wanted = {param.name for param in plan.inputs}
    return replace(
        example.item, inputs={k: v for k, v in example.item.inputs.items() if k in wanted}
    )


def outcome_of(example: DevExample, record: Mapping[str, Any], metric: Metric) -> Outcome:
    """An example's outcome from its batch record (`minionc.batch.record_for`):
    `minionc eval` scores saved results with it too."""
    usage = record.get("usage")
    if usage is None:  # the run could not start: an input the program rejects
        return Outcome(example.id, 0.0, None, 0, 0, 0, 0, 0, record.get("error"))
    remote = TierUsage.from_json(usage.get("remote") or {})
    local = TierUsage.from_json(usage.get("local") or {})
    value = record.get("value")
    return Outcome(
        example=example.id,
        score=metric(value if record.get("ok") else None, example.expected, example.alternatives),
        value=value,
        remote_tokens=remote.tokens_with_replayed,
        local_tokens=local.tokens_with_replayed,
        remote_calls=remote.calls + remote.cache_hits,
        model_calls=remote.calls + local.calls,
        failures=sum((record.get("failures") or {}).values()),
        error=record.get("error"),
    )
