"""When a step's jobs run: local ones one at a time, in an order that lets the
model reuse its KV cache; remote ones concurrently, alongside, up to each
backend's limit.

Several runs may share one Runtime at once (a batch with --workers, a server).
They share its `Schedulers`: each remote backend's limit holds across all of
them, and a step's local jobs take the local model for their whole sequence
(`LocalTurns`), so that one run's prefix-ordered fan-out is not interleaved with
another's, which would make the model re-read every prompt from the start; the
other runs' remote calls go on meanwhile."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from .backend import Backend
from .jobs import Job, prompt_text
from .results import BudgetExceeded

REMOTE_CONCURRENCY = 8

LocalOrder = Literal["shared_prefix", "as_written"]


class RemoteSlots:
    """Remote calls in flight per backend: its `max_concurrency` (a provider's
    rate limit, a role's setting), else REMOTE_CONCURRENCY."""

    def __init__(self) -> None:
        self.slots: dict[int, asyncio.Semaphore] = {}

    def of(self, backend: Backend) -> asyncio.Semaphore:
        slots = self.slots.get(id(backend))
        if slots is None:
            limit = getattr(backend, "max_concurrency", None) or REMOTE_CONCURRENCY
            slots = self.slots[id(backend)] = asyncio.Semaphore(max(1, int(limit)))
        return slots


class LocalTurns:
    """One turn at a time on each local backend, a turn being one step's sequence
    of local jobs."""

    def __init__(self) -> None:
        self.locks: dict[int, asyncio.Lock] = {}

    def of(self, backend: Backend) -> asyncio.Lock:
        lock = self.locks.get(id(backend))
        if lock is None:
            lock = self.locks[id(backend)] = asyncio.Lock()
        return lock


@dataclass
class Schedulers:
    """What the runs on one event loop share (asyncio primitives belong to a loop)."""

    slots: RemoteSlots = field(default_factory=RemoteSlots)
    turns: LocalTurns = field(default_factory=LocalTurns)


async def run_jobs(
    jobs: list[Job],
    run_job: Callable[[Job], Awaitable[Any]],
    *,
    schedulers: Schedulers,
    local_order: LocalOrder,
    scheduled: Callable[[str, str, int], None],
) -> list[Any]:
    """Run the jobs that are not skipped and return their values (None for a
    failed or skipped job), in order. Local jobs run one at a time, sorted by
    rendered prompt so that jobs sharing a prefix (the examples, then the same
    chunk) run back to back; remote jobs run concurrently. `scheduled(step,
    tier, count)` hears how many jobs each tier is about to run."""
    results: list[Any] = [None] * len(jobs)
    ready = [i for i, job in enumerate(jobs) if job.skipped is None]
    local = [i for i in ready if jobs[i].tier == "local"]
    remote = [i for i in ready if jobs[i].tier == "remote"]
    for tier, indices in (("local", local), ("remote", remote)):
        if indices:
            scheduled(jobs[indices[0]].step, tier, len(indices))
    if local_order == "shared_prefix":
        local.sort(key=lambda i: prompt_text(jobs[i].request))

    async def run_local() -> None:
        if not local:
            return
        backends = {id(jobs[i].backend): jobs[i].backend for i in local}
        async with contextlib.AsyncExitStack() as turns:
            for key in sorted(backends):  # one order, so two runs cannot deadlock
                await turns.enter_async_context(schedulers.turns.of(backends[key]))
            for index in local:
                results[index] = await run_job(jobs[index])

    async def run_remote(index: int) -> None:
        async with schedulers.slots.of(jobs[index].backend):
            results[index] = await run_job(jobs[index])

    # Every job ends before an error (a budget) goes up: calls in flight are paid
    # for, so their results and usage are kept; jobs not yet started refuse
    # themselves at the budget check.
    outcomes = await asyncio.gather(
        run_local(), *(run_remote(i) for i in remote), return_exceptions=True
    )
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            if isinstance(outcome, BudgetExceeded):
                outcome.partial = results
            raise outcome
    return results
