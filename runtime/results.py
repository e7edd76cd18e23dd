"""What a run gives back and how it stops: the result, its failures and
observations, progress events, and the errors a run raises."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from minionc.compiler import plan as p

from .usage import Usage


class RunError(Exception):
    """A run cannot start or go on (bad inputs, missing backend, a failing step)."""


class BudgetExceeded(RunError):
    def __init__(
        self, budget: p.Budget, spent: float, needed: float, message: str | None = None
    ) -> None:
        super().__init__(
            message
            or f"budget {budget.tier}.{budget.metric} <= {budget.limit:g} would be exceeded "
            f"(spent {spent:g}, the next call needs about {needed:g} more)"
        )
        self.budget = budget
        self.spent = spent
        self.needed = needed
        # A fan-out stopped by the budget: its jobs' values (None where not run).
        self.partial: list[Any] | None = None


class PrivacyViolation(RunError):
    """The plan would let private data reach a remote model without `share` (as an
    argument, an option, or through what decides whether a call runs). The compiler
    rules this out; the runtime applies the same rule (compiler/flows.py) before a
    run starts, so a hand-edited plan, or a role bound to a remote backend, cannot."""


@dataclass
class Failure:
    step: str
    reason: str
    detail: str
    raw: str = ""
    inputs: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "reason": self.reason,
            "detail": self.detail,
            "raw": self.raw,
            "inputs": self.inputs,
        }


@dataclass(frozen=True)
class CascadeObservation:
    """What one cascade step saw: every tier's answers (None where a job failed),
    in sample order, and the tier whose answer stood (None: no tier answered).
    The optimizer calibrates agreement settings from these (compiler/optimize/
    calibrate.py)."""

    step: str
    answers: tuple[tuple[Any, ...], ...]
    answered_by: int | None


@dataclass(frozen=True)
class RouteObservation:
    """What one route step saw: the text a learned policy reads (the first tier's
    arguments, one per line) and the tier it chose. The optimizer trains route
    policies from these (compiler/optimize/train_route.py)."""

    step: str
    query: str
    tier: int


@dataclass
class Result:
    value: Any
    usage: Usage
    failures: list[Failure]
    trace_path: Path | None
    error: RunError | None = None  # set when the run stopped early (e.g. a budget)
    values: dict[str, Any] = field(default_factory=dict)  # every binding, for inspection
    cascades: list[CascadeObservation] = field(default_factory=list)
    routes: list[RouteObservation] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """The run finished with a value: it did not stop early, and its value was
        not lost to failed model calls (none, or an empty list, with failures)."""
        lost = self.value is None or self.value == []
        return self.error is None and not (lost and self.failures)

    @property
    def problem(self) -> str | None:
        """Why the run has no value, for a person; None when it is ok."""
        if self.error is not None:
            return f"the run stopped early: {self.error}"
        if self.ok:
            return None
        counts = ", ".join(f"{n} {reason}" for reason, n in self.failures_by_reason.items())
        first = self.failures[0]
        return (
            f"the run produced no value: its model calls failed ({counts}); "
            f"first, at step {first.step}: {first.detail}"
        )

    @property
    def failures_by_reason(self) -> dict[str, int]:
        return dict(Counter(f.reason for f in self.failures))

    def to_json(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "ok": self.ok,
            "error": str(self.error) if self.error else None,
            "problem": self.problem,
            "usage": self.usage.to_json(),
            "failures": self.failures_by_reason,
            "failure_details": [f.to_json() for f in self.failures],
            "trace": str(self.trace_path) if self.trace_path else None,
        }


@dataclass(frozen=True)
class ProgressEvent:
    """Model calls scheduled or finished, for a progress display. Sent from worker
    threads too: a receiver must be thread-safe."""

    step: str
    tier: str
    kind: Literal["scheduled", "finished"]
    count: int = 1


ProgressCallback = Callable[[ProgressEvent], None]
