"""The budget ledger of one run: what each tier has spent and what calls in
flight have reserved, checked against the program's budgets.

Every check happens before a call (with the call's upper bound: its prompt and
its max_tokens), and a call in flight reserves its needs until it is settled,
so concurrent remote calls cannot pass a cap between them. Usage is recorded
through the ledger, under the same lock, so spent replaces reserved in one step.
"""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

from minionc.compiler import plan as p

from .backend import CompletionRequest
from .jobs import Job, prompt_text
from .results import BudgetExceeded
from .usage import TierUsage, Usage

# The metrics a budget can name that are known before a call (dollars are not).
_COUNTED = ("tokens", "prompt_tokens", "calls")


class BudgetLedger:
    def __init__(self, plan: p.Plan, usage: Usage) -> None:
        self.plan = plan
        self.usage = usage
        # Guards usage and reservations: remote jobs settle from worker threads.
        self.lock = threading.RLock()
        self.reserved: dict[str, Counter[str]] = {"local": Counter(), "remote": Counter()}

    def budgets_on(self, tier: str) -> list[p.Budget]:
        """The budgets that count a tier's calls: on the tier, or on a role bound to it."""
        found = []
        for budget in self.plan.budgets:
            role = self.plan.models.get(budget.tier)
            if budget.tier == tier or (role is not None and role.tier == tier):
                found.append(budget)
        return found

    def needs(self, job: Job, request: CompletionRequest) -> dict[str, float]:
        """What one call may spend, per metric: its prompt and its max_tokens, an
        upper bound (dollars are known only afterwards)."""
        prompt_tokens = job.backend.count_tokens(prompt_text(request))
        return {
            "tokens": prompt_tokens + request.max_tokens,
            "prompt_tokens": prompt_tokens,
            "completion_tokens": request.max_tokens,
            "calls": 1,
            "usd": 0.0,
        }

    def check(
        self, job: Job, request: CompletionRequest | None = None, *, reserve: bool = False
    ) -> dict[str, float]:
        """Refuse a call that could take a budget of its tier past its limit
        (raises BudgetExceeded). With `reserve`, the call's needs count as spent
        until `release` or `settle`."""
        request = request or job.request
        assert request is not None, "a skipped job is never budgeted"
        needs = self.needs(job, request)
        with self.lock:
            spent_now = _spent(self.usage.tier(job.tier))
            reserved = self.reserved[job.tier]
            for budget in self.budgets_on(job.tier):
                spent = spent_now[budget.metric] + reserved[budget.metric]
                needed = needs[budget.metric]
                if spent + needed > budget.limit or (
                    budget.metric == "usd" and spent >= budget.limit
                ):
                    raise BudgetExceeded(budget, spent, needed)
            if reserve:
                reserved.update(needs)
        return needs

    def release(self, job: Job, needs: dict[str, float]) -> None:
        with self.lock:
            self.reserved[job.tier].subtract(needs)

    def record(self, job: Job, **numbers: Any) -> None:
        """Count a call (or a cache hit) in the step's and the tier's usage."""
        with self.lock:
            self.usage.record(job.step, job.tier, **numbers)

    def settle(self, job: Job, reserved: dict[str, float], **numbers: Any) -> None:
        """A finished call: what it spent replaces what it reserved."""
        with self.lock:
            self.release(job, reserved)
            self.usage.record(job.step, job.tier, **numbers)

    def job_cap(self, tier: str) -> tuple[int, p.Budget] | None:
        """At most how many calls the budgets on `tier` can still pay for (each
        costs at least one call and one prompt token), and the budget that says
        so; None when no budget counts calls or tokens there."""
        best: tuple[int, p.Budget] | None = None
        with self.lock:
            spent = _spent(self.usage.tier(tier))
            for budget in self.budgets_on(tier):
                if budget.metric not in _COUNTED:
                    continue
                used = spent[budget.metric] + self.reserved[tier][budget.metric]
                room = max(0, int(budget.limit - used))
                if best is None or room < best[0]:
                    best = (room, budget)
        return best


def _spent(usage: TierUsage) -> dict[str, float]:
    return {
        "tokens": usage.tokens,
        "prompt_tokens": usage.prompt_tokens,
        "completion_tokens": usage.completion_tokens,
        "calls": usage.calls,
        "usd": usage.usd,
    }
