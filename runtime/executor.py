"""Run a plan on real backends.

The executor walks the plan's steps in order with an environment of plain values.
It places each LLM call on a backend (a role's, else its tier's), checks budgets
before every remote call, serves repeated calls from the disk cache, renders and
parses model output per backend (runtime/output.py), records usage and a trace,
and keeps going when one model output is bad: the job becomes a typed failure.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import math
import random
import threading
import time
from collections import Counter
from collections.abc import Callable, Coroutine, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, assert_never

from minionc.compiler import plan as p
from minionc.compiler.plan_io import privacy_problems

from .agreement import agreed_answer
from .backend import Backend, BackendError, Completion, CompletionRequest, RuntimeSetupError
from .builtins import approximate_tokens
from .cache import CallCache
from .evaluate import EvaluationError, Evaluator
from .output import (
    ParseFailure,
    PromptRenderError,
    copied_example,
    parse_output,
    render_call,
    retry_request,
)
from .trace import Trace
from .usage import Usage

DEFAULT_MAX_TOKENS = 256
REMOTE_CONCURRENCY = 8


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


class _Stop(Exception):
    """Raised by a stop step to leave the enclosing repeat."""


@dataclass(frozen=True)
class _Job:
    """One model call of a step: a rendered request on a backend."""

    step: str
    tier: str
    backend: Backend
    prompt: p.Prompt
    args: dict[str, Any]
    request: CompletionRequest | None  # None: the call cannot be made (`skipped`)
    raw_completion: bool
    output: dict[str, Any]
    # Why no call is made: an argument lost to an earlier failure, or a template
    # these arguments break. The job ends as this failure and the run goes on.
    skipped: Failure | None = None


class Runtime:
    """Runs plans. `local` and `remote` are the tiers' default backends; `roles`
    binds a role of the plan's models block to a backend of its own."""

    def __init__(
        self,
        local: Backend | None = None,
        remote: Backend | None = None,
        *,
        roles: Mapping[str, Backend] | None = None,
        cache: CallCache | None = None,
        use_cache: bool = True,
        trace: Path | str | None = None,
        seed: int = 0,
        local_order: Literal["shared_prefix", "as_written"] = "shared_prefix",
        progress: ProgressCallback | None = None,
    ) -> None:
        self.local = local
        self.remote = remote
        self.roles = dict(roles or {})
        self.cache = (cache or CallCache()) if use_cache else None
        self.trace_path = Path(trace) if trace is not None else None
        self.seed = seed
        # "as_written" keeps a fan-out's local jobs in the plan's order: only for
        # measuring what the shared-prefix schedule saves (bench/throughput.py).
        self.local_order = local_order
        self.progress = progress
        self._loop: _LoopThread | None = None
        self._loop_lock = threading.Lock()
        # The last plan the privacy rule passed (a batch runs one plan many times).
        self._privacy_checked: tuple[p.Plan, frozenset[str]] | None = None

    # ---- public API ---------------------------------------------------------

    def run(self, plan: p.Plan, **inputs: Any) -> Result:
        """Run `plan` to the end and return its result (blocking). Runs on an event
        loop of this Runtime's own, kept across runs so that remote clients and
        their connections are reused (a fresh loop per run would strand them)."""
        with self._loop_lock:
            if self._loop is None:
                self._loop = _LoopThread()
            loop = self._loop
        return loop.run(self.arun(plan, **inputs))

    async def arun(self, plan: p.Plan, **inputs: Any) -> Result:
        """`run` on the caller's event loop: remote calls are awaited natively
        (concurrently within a fan-out), local ones run in a worker thread, so the
        loop stays free; cancelling the task cancels the calls in flight."""
        self.check_privacy(plan)
        return await _Run(self, plan).run(inputs)

    def check_privacy(self, plan: p.Plan) -> None:
        """Refuse, before any call, a plan that breaks the privacy rule with the
        backends this Runtime binds. Raises `PrivacyViolation`."""
        remote_roles = frozenset(
            role for role, backend in self.roles.items() if backend.tier == "remote"
        )
        if self._privacy_checked == (plan, remote_roles):
            return
        problems = privacy_problems(plan, remote_roles)
        if problems:
            raise PrivacyViolation(
                "refusing to run: the plan would let private data reach a remote model "
                "without share:\n  " + "\n  ".join(problems)
            )
        self._privacy_checked = (plan, remote_roles)

    def close(self) -> None:
        """Stop this Runtime's event loop thread (backends are the caller's to close)."""
        with self._loop_lock:
            if self._loop is not None:
                self._loop.close()
                self._loop = None

    def __enter__(self) -> Runtime:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def backend_for(self, plan: p.Plan, placement: p.Placement) -> tuple[str, Backend]:
        tier = placement.tier
        if tier == "auto":  # an unoptimised @auto step: remote if it may go there
            tier = "remote" if "remote" in placement.allowed else "local"
        backend = self.roles.get(placement.target)
        if backend is None:
            backend = self.local if tier == "local" else self.remote
        if backend is None:
            raise RunError(
                f"no {tier} model for @{placement.target}: pass --{tier} SPEC "
                f"(or Runtime({tier}=...))"
            )
        return tier, backend


class _Run:
    def __init__(self, runtime: Runtime, plan: p.Plan) -> None:
        self.runtime = runtime
        self.plan = plan
        self.usage = Usage()
        self.failures: list[Failure] = []
        self.cascades: list[CascadeObservation] = []
        self.routes: list[RouteObservation] = []
        self.trace = Trace(runtime.trace_path)
        self.knobs = {name: knob.value for name, knob in plan.knobs.items()}
        counter = runtime.local.count_tokens if runtime.local is not None else approximate_tokens
        self.count_tokens = counter
        self.evaluator = Evaluator(self.knobs, counter)
        self.rng = random.Random(runtime.seed)
        # Budget needs of calls in flight, per tier; guarded with usage by budget_lock.
        self.budget_lock = threading.RLock()
        self.reserved: dict[str, Counter[str]] = {"local": Counter(), "remote": Counter()}
        # Remote calls in flight per backend: its `max_concurrency` (a provider's
        # rate limit, a role's setting), else REMOTE_CONCURRENCY.
        self.remote_slots: dict[int, asyncio.Semaphore] = {}
        self.policies: dict[str, Any] = {}  # route step id -> its loaded learned policy

    # ---- driver -------------------------------------------------------------

    async def run(self, inputs: Mapping[str, Any]) -> Result:
        env = self.bind_inputs(inputs)
        error: RunError | None = None
        value: Any = None
        try:
            value = await self.block(self.plan.steps, env)
        except RunError as stop:
            error = stop
        except EvaluationError as bad:
            error = RunError(f"a step could not be evaluated: {bad}")
        finally:
            self.trace.close()
        return Result(
            value=value,
            usage=self.usage,
            failures=self.failures,
            trace_path=self.runtime.trace_path,
            error=error,
            values={k: v for k, v in env.items() if not k.startswith("__")},
            cascades=self.cascades,
            routes=self.routes,
        )

    def bind_inputs(self, inputs: Mapping[str, Any]) -> dict[str, Any]:
        expected = {i.name for i in self.plan.inputs}
        missing = sorted(expected - set(inputs))
        extra = sorted(set(inputs) - expected)
        if missing or extra:
            parts = []
            if missing:
                parts.append(f"missing input {', '.join(missing)}")
            if extra:
                parts.append(f"unknown input {', '.join(extra)}")
            raise RunError(
                f"protocol {self.plan.protocol}: {'; '.join(parts)} "
                f"(it takes {', '.join(sorted(expected)) or 'no inputs'})"
            )
        env: dict[str, Any] = {}
        for param in self.plan.inputs:
            value = inputs[param.name]
            if param.schema_.get("type") == "string" and not isinstance(value, str):
                raise RunError(f"input {param.name} must be text, not {type(value).__name__}")
            env[param.name] = value
        return env

    async def block(self, steps: list[p.Step], env: dict[str, Any]) -> Any:
        for step in steps:
            if isinstance(step, p.ReturnStep):
                return self.evaluator.eval(step.value, env)
            await self.step(step, env)
        return None

    async def step(self, step: p.Step, env: dict[str, Any]) -> None:
        match step:
            case p.LetStep():
                self.bind(step, env, self.evaluator.eval(step.value, env))
            case p.LLMStep():
                self.bind(step, env, await self.llm_step(step, step.call, env))
            case p.MapStep():
                await self.map_step(step, env)
            case p.FilterStep():
                self.filter_step(step, env)
            case p.CascadeStep():
                await self.cascade_step(step, env)
            case p.RouteStep():
                await self.route_step(step, env)
            case p.RepeatStep():
                times = int(self.evaluator.eval(step.times, env))
                for _ in range(max(0, times)):
                    try:
                        await self.block(step.body, env)
                    except _Stop:
                        break
            case p.StopStep():
                if self.evaluator.eval(step.when, env):
                    raise _Stop
            case p.ReturnStep():
                pass  # block() returns its value
            case _:
                assert_never(step)

    def bind(self, step: p.Step, env: dict[str, Any], value: Any) -> None:
        if step.binds is not None:
            env[step.binds] = value

    # ---- LLM calls --------------------------------------------------------------

    def make_job(self, step: str, call: p.LLMCall, env: Mapping[str, Any], sample: int = 0) -> _Job:
        tier, backend = self.runtime.backend_for(self.plan, call.placement)
        prompt = self.plan.prompts[call.prompt]
        args = {name: self.evaluator.eval(expr, env) for name, expr in call.args.items()}
        options = {name: self.evaluator.eval(expr, env) for name, expr in call.options.items()}
        temperature = float(options.get("temperature", 0.0))
        seed = self.runtime.seed + sample
        raw = backend.supports_raw_prompt
        try:
            request = render_call(
                prompt,
                args,
                types=self.plan.types,
                raw_completion=raw,
                max_tokens=int(options.get("max_tokens", DEFAULT_MAX_TOKENS)),
                temperature=temperature if sample == 0 or temperature > 0 else 0.7,
                seed=seed,
            )
        except PromptRenderError as error:
            skipped = _skip_failure(step, call.prompt, args, error)
            return _Job(step, tier, backend, prompt, args, None, raw, call.output, skipped)
        return _Job(step, tier, backend, prompt, args, request, raw, call.output)

    def samples_of(self, call: p.LLMCall, env: Mapping[str, Any]) -> int | None:
        samples = call.options.get("samples")
        return None if samples is None else max(1, int(self.evaluator.eval(samples, env)))

    async def llm_step(self, step: Any, call: p.LLMCall, env: Mapping[str, Any]) -> Any:
        samples = self.samples_of(call, env)
        jobs, unaffordable = self.planned_jobs(step.id, call, iter([env]), samples or 1, 1)
        values = await self.execute(jobs)
        if unaffordable is not None:
            raise unaffordable
        if samples is None:
            return values[0]
        return [v for v in values if v is not None]

    def planned_jobs(
        self,
        step_id: str,
        call: p.LLMCall,
        scopes: Iterator[Mapping[str, Any]],
        samples: int,
        combinations: int,
    ) -> tuple[list[_Job], BudgetExceeded | None]:
        """The jobs of `combinations` scopes times `samples`, but never more than
        the budgets can still pay for (plus the one whose check at call time says
        so): a fan-out of a million jobs under `budget remote.calls <= 10` builds
        eleven. When some were not built, also the BudgetExceeded to raise once
        the built ones have run."""
        total = combinations * samples
        cap = self.job_cap(call)
        limit = total if cap is None else min(total, cap[0] + 1)
        jobs: list[_Job] = []
        for scope in itertools.islice(scopes, -(-limit // samples)):
            jobs.extend(self.make_job(step_id, call, scope, i) for i in range(samples))
        jobs = jobs[:limit]
        if cap is None or len(jobs) == total:
            return jobs, None
        room, budget = cap
        return jobs, BudgetExceeded(
            budget,
            room,
            total - len(jobs),
            f"budget {budget.tier}.{budget.metric} <= {budget.limit:g} cannot pay for the "
            f"{total:,} jobs of step {step_id} (room for {room:,} more calls); the first "
            f"{len(jobs):,} ran, the rest were never built",
        )

    def job_cap(self, call: p.LLMCall) -> tuple[int, p.Budget] | None:
        """At most how many calls the budgets on `call`'s tier can still pay for
        (each costs at least one call and one prompt token), and the budget that
        says so; None when no budget counts calls or tokens there."""
        tier, _ = self.runtime.backend_for(self.plan, call.placement)
        best: tuple[int, p.Budget] | None = None
        with self.budget_lock:
            usage = self.usage.tier(tier)
            spent = {
                "tokens": usage.tokens,
                "prompt_tokens": usage.prompt_tokens,
                "calls": usage.calls,
            }
            for budget in self.plan.budgets:
                role = self.plan.models.get(budget.tier)
                applies = budget.tier == tier or (role is not None and role.tier == tier)
                if not applies or budget.metric not in spent:
                    continue
                used = spent[budget.metric] + self.reserved[tier][budget.metric]
                room = max(0, int(budget.limit - used))
                if best is None or room < best[0]:
                    best = (room, budget)
        return best

    async def execute(self, jobs: list[_Job]) -> list[Any]:
        """Run jobs and return their parsed values (None for a failed job), in order.
        Local jobs run one at a time, sorted by rendered prompt so that jobs sharing
        a prefix (the examples, then the same chunk) run back to back and reuse the
        model's KV cache; remote jobs run concurrently, alongside the local ones."""
        results: list[Any] = [None] * len(jobs)
        for job in jobs:
            if job.skipped is not None:
                self.failures.append(job.skipped)
        ready = [i for i, job in enumerate(jobs) if job.skipped is None]
        local = [i for i in ready if jobs[i].tier == "local"]
        remote = [i for i in ready if jobs[i].tier == "remote"]
        for tier, indices in (("local", local), ("remote", remote)):
            if indices:
                self.notify(jobs[indices[0]].step, tier, "scheduled", len(indices))
        if self.runtime.local_order == "shared_prefix":
            local.sort(key=lambda i: _prompt_text(jobs[i].request))

        async def run_local() -> None:
            for index in local:
                results[index] = await self.run_job(jobs[index])

        async def run_remote(index: int) -> None:
            async with self.slots_for(jobs[index].backend):
                results[index] = await self.run_job(jobs[index])

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

    def slots_for(self, backend: Backend) -> asyncio.Semaphore:
        slots = self.remote_slots.get(id(backend))
        if slots is None:
            limit = getattr(backend, "max_concurrency", None) or REMOTE_CONCURRENCY
            slots = self.remote_slots[id(backend)] = asyncio.Semaphore(max(1, int(limit)))
        return slots

    def notify(
        self, step: str, tier: str, kind: Literal["scheduled", "finished"], count: int = 1
    ) -> None:
        if self.runtime.progress is not None:
            self.runtime.progress(ProgressEvent(step, tier, kind, count))

    async def run_job(self, job: _Job) -> Any:
        try:
            return await self.try_job(job)
        finally:
            self.notify(job.step, job.tier, "finished")

    async def try_job(self, job: _Job) -> Any:
        request = job.request
        assert request is not None, "skipped jobs never run"
        for attempt in range(2):
            completion = await self.call(job, request)
            if completion is None:
                return None
            parsed = parse_output(
                completion.text,
                job.output,
                self.plan.types,
                raw_completion=job.raw_completion,
                cut_off=completion.finish_reason == "length",
            )
            if not isinstance(parsed, ParseFailure):
                copied = copied_example(parsed.value, job.prompt, job.args, self.plan.types)
                if copied is None:
                    return parsed.value
                parsed = copied
            if attempt == 0:
                request = retry_request(request, parsed)
                continue
            self.failures.append(
                Failure(
                    step=job.step,
                    reason=parsed.reason,
                    detail=parsed.detail,
                    raw=parsed.raw,
                    inputs={k: _preview(v) for k, v in job.args.items()},
                )
            )
        return None

    async def call(self, job: _Job, request: CompletionRequest) -> Completion | None:
        cache = self.runtime.cache
        model = job.backend.name
        identity = job.backend.identity if cache is not None else ""
        if cache is not None and (hit := cache.get(identity, request)) is not None:
            with self.budget_lock:
                self.usage.record(
                    job.step,
                    job.tier,
                    prompt_tokens=hit.prompt_tokens,
                    completion_tokens=hit.completion_tokens,
                    seconds=0.0,
                    usd=0.0,
                    cache_hit=True,
                )
            self.trace_call(job, request, hit, 0.0, cache_hit=True)
            return hit
        reserved = self.reserve_budget(job, request)
        started = time.perf_counter()
        try:
            completion = await _complete(job.backend, request)
        except RuntimeSetupError as error:
            # The model cannot run at all (a server that does not start, a missing
            # file): no later call would fare better, so the run stops here and
            # returns what it has.
            self.release_budget(job, reserved)
            raise RunError(f"the {job.tier} model {model} cannot run: {error}") from None
        except BackendError as error:
            seconds = time.perf_counter() - started
            self.release_budget(job, reserved)
            self.failures.append(
                Failure(
                    step=job.step,
                    reason="backend_error",
                    detail=str(error),
                    inputs={k: _preview(v) for k, v in job.args.items()},
                )
            )
            self.trace.write(
                {
                    "step": job.step,
                    "tier": job.tier,
                    "model": model,
                    "error": str(error),
                    "seconds": round(seconds, 3),
                }
            )
            return None
        seconds = time.perf_counter() - started
        with self.budget_lock:  # spent replaces reserved in one step
            self.release_budget(job, reserved)
            self.usage.record(
                job.step,
                job.tier,
                prompt_tokens=completion.prompt_tokens,
                completion_tokens=completion.completion_tokens,
                seconds=seconds,
                usd=completion.usd,
                cache_hit=False,
                cached_prompt_tokens=completion.cached_prompt_tokens,
            )
        # The cache first: a kill between the two then costs a trace line, never a
        # paid call made again on restart.
        if cache is not None and completion.finish_reason != "error":
            cache.put(identity, request, completion)
        self.trace_call(job, request, completion, seconds, cache_hit=False)
        return completion

    def trace_call(
        self,
        job: _Job,
        request: CompletionRequest,
        completion: Completion,
        seconds: float,
        *,
        cache_hit: bool,
    ) -> None:
        self.trace.write(
            {
                "step": job.step,
                "tier": job.tier,
                "model": job.backend.name,
                "prompt": _prompt_text(request),
                "output": completion.text,
                "prompt_tokens": completion.prompt_tokens,
                "completion_tokens": completion.completion_tokens,
                "seconds": round(seconds, 3),
                "usd": completion.usd,
                "finish_reason": completion.finish_reason,
                # HTTP attempts behind this call (retries after 429s, 5xx, timeouts).
                "attempts": completion.raw.get("attempts", 1) if not cache_hit else 0,
                "cache_hit": cache_hit,
            }
        )

    # ---- budgets ------------------------------------------------------------------

    def budget_needs(self, job: _Job, request: CompletionRequest) -> dict[str, float]:
        """What one call may spend, per metric: its prompt and its max_tokens, an
        upper bound (dollars are known only afterwards)."""
        prompt_tokens = job.backend.count_tokens(_prompt_text(request))
        return {
            "tokens": prompt_tokens + request.max_tokens,
            "prompt_tokens": prompt_tokens,
            "completion_tokens": request.max_tokens,
            "calls": 1,
            "usd": 0.0,
        }

    def check_budget(
        self, job: _Job, request: CompletionRequest | None = None, *, reserve: bool = False
    ) -> dict[str, float]:
        """Refuse a call that could take a budget of its tier past its limit. With
        `reserve`, the call's needs count as spent until `release_budget`, so calls
        in flight together (a remote fan-out) cannot pass the cap between them."""
        request = request or job.request
        assert request is not None, "a skipped job is never budgeted"
        needs = self.budget_needs(job, request)
        with self.budget_lock:
            usage = self.usage.tier(job.tier)
            reserved = self.reserved[job.tier]
            spent_now = {
                "tokens": usage.tokens,
                "prompt_tokens": usage.prompt_tokens,
                "completion_tokens": usage.completion_tokens,
                "calls": usage.calls,
                "usd": usage.usd,
            }
            for budget in self.plan.budgets:
                if budget.tier != job.tier and not self._role_matches(budget, job):
                    continue
                spent = spent_now[budget.metric] + reserved[budget.metric]
                needed = needs[budget.metric]
                if spent + needed > budget.limit or (
                    budget.metric == "usd" and spent >= budget.limit
                ):
                    raise BudgetExceeded(budget, spent, needed)
            if reserve:
                reserved.update(needs)
        return needs

    def reserve_budget(self, job: _Job, request: CompletionRequest) -> dict[str, float]:
        return self.check_budget(job, request, reserve=True)

    def release_budget(self, job: _Job, needs: dict[str, float]) -> None:
        with self.budget_lock:
            self.reserved[job.tier].subtract(needs)

    def _role_matches(self, budget: p.Budget, job: _Job) -> bool:
        role = self.plan.models.get(budget.tier)
        return role is not None and role.tier == job.tier

    # ---- fan-out, filter, cascade, route ---------------------------------------------

    async def map_step(self, step: p.MapStep, env: dict[str, Any]) -> None:
        lists = [self.evaluator.eval(it.over, env) or [] for it in step.iterators]

        def scopes() -> Iterator[dict[str, Any]]:
            # Lazily: a cross product is built only as far as it is used.
            for combo in itertools.product(*lists):
                yield {**env, **{it.var: v for it, v in zip(step.iterators, combo, strict=True)}}

        if step.call is None:
            assert step.value is not None
            self.bind(step, env, [self.evaluator.eval(step.value, scope) for scope in scopes()])
            return
        samples = self.samples_of(step.call, env) or 1
        combinations = math.prod(len(items) for items in lists)
        jobs, unaffordable = self.planned_jobs(step.id, step.call, scopes(), samples, combinations)
        try:
            values = await self.execute(jobs)
        except BudgetExceeded as stop:
            # The jobs that finished were paid for: their values stay with the run.
            finished = [v for v in stop.partial or [] if v is not None]
            self.bind(step, env, finished)
            raise
        self.bind(step, env, [v for v in values if v is not None])
        if unaffordable is not None:
            raise unaffordable

    def filter_step(self, step: p.FilterStep, env: dict[str, Any]) -> None:
        items = self.evaluator.eval(step.source, env) or []
        kept = []
        for item in items:
            scope = {**env, "it": item}
            if isinstance(item, dict):
                scope.update(item)
            try:
                if self.evaluator.eval(step.where, scope):
                    kept.append(item)
            except EvaluationError:
                continue  # a malformed item does not pass the filter
        self.bind(step, env, kept)

    async def cascade_step(self, step: p.CascadeStep, env: dict[str, Any]) -> None:
        value: Any = None
        seen: list[tuple[Any, ...]] = []
        answered_by: int | None = None
        for position, tier in enumerate(step.tiers):
            last = position == len(step.tiers) - 1
            samples = self.samples_of(tier.call, env) or 1
            jobs, unaffordable = self.planned_jobs(step.id, tier.call, iter([env]), samples, 1)
            answers = await self.execute(jobs)
            if unaffordable is not None:
                raise unaffordable
            seen.append(tuple(answers))
            if last:
                present = [a for a in answers if a is not None]
                if present:
                    agreed = agreed_answer(present, 1, similarity=self._similarity(step, tier, env))
                    value = agreed[0] if agreed else present[0]
                    answered_by = position
                break
            learned = step.policy == "learned"
            if tier.agree is not None:
                k = int(self.evaluator.eval(tier.agree, env))
            else:  # a learned cascade needs no agreement: any answer is scored
                k = 1 if learned else samples
            agreed = agreed_answer(answers, k, similarity=self._similarity(step, tier, env))
            score = None
            if agreed is not None and learned:
                score, defers = self._learned_deferral(step, tier.call, env, agreed[0])
                nxt = step.tiers[position + 1].call
                if defers and self._affordable(step.id, nxt, env):
                    agreed = None
            self.runtime_note(step.id, position, agreed is not None, score)
            if agreed is not None:
                value, answered_by = agreed[0], position
                break
        self.cascades.append(CascadeObservation(step.id, tuple(seen), answered_by))
        self.bind(step, env, value)

    def _similarity(
        self, step: p.CascadeStep, tier: p.CascadeTier, env: Mapping[str, Any]
    ) -> float | None:
        if step.agreement == "exact":
            return None
        if tier.similarity is not None:
            return float(self.evaluator.eval(tier.similarity, env))
        return 0.8

    def runtime_note(
        self, step: str, tier: int, accepted: bool, score: float | None = None
    ) -> None:
        event: dict[str, Any] = {"step": step, "event": "cascade", "tier": tier}
        event["accepted"] = accepted
        if score is not None:
            event["score"] = round(score, 6)
        self.trace.write(event)

    def _learned_deferral(
        self, step: p.CascadeStep, call: p.LLMCall, env: Mapping[str, Any], answer: Any
    ) -> tuple[float | None, bool]:
        """The trained policy's score of the first tier's inputs and answer, and
        whether it defers. Untrained, the cascade keeps the local answer."""
        from .routing.policy import policy_query

        if not step.learned:
            return None, False
        policy = self._policy("cascade", step.id, step.learned)
        args = {name: self.evaluator.eval(e, env) for name, e in call.args.items()}
        response = None
        if policy.spec.use_response:
            response = answer if isinstance(answer, str) else json.dumps(answer, default=str)
        score = policy.score(policy_query(policy, args), response)
        threshold = policy.threshold
        if threshold is None:
            threshold = (
                float(self.evaluator.eval(step.options["threshold"], env))
                if ("threshold" in step.options)
                else 0.5
            )
        return score, score > float(threshold)

    def _affordable(self, step_id: str, call: p.LLMCall, env: Mapping[str, Any]) -> bool:
        """Whether a call fits the program's budgets (at the cap a route or a
        learned cascade keeps the local answer)."""
        probe = self.make_job(step_id, call, env)
        if probe.skipped is not None:
            return True  # the call will not be made; its failure says why
        try:
            self.check_budget(probe)
        except BudgetExceeded:
            return False
        return True

    def _policy(self, what: str, step_id: str, learned: Mapping[str, Any]) -> Any:
        from .routing.policy import PolicyError, RoutePolicy

        policy = self.policies.get(step_id)
        if policy is None:
            try:
                policy = RoutePolicy.from_json(learned)
            except PolicyError as error:
                raise RunError(f"{what} {step_id}: {error}") from None
            self.policies[step_id] = policy
        return policy

    async def route_step(self, step: p.RouteStep, env: dict[str, Any]) -> None:
        options = {k: self.evaluator.eval(v, env) for k, v in step.options.items()}
        first, last = step.tiers[0], step.tiers[-1]
        # What the policies read: the first tier's arguments, evaluated once.
        args = {name: self.evaluator.eval(e, env) for name, e in first.args.items()}
        choice = first
        if step.policy == "always_remote":
            choice = last
        elif step.policy == "random":
            choice = last if self.rng.random() < float(options.get("share", 0.5)) else first
        elif step.policy == "length":
            size = sum(self.count_tokens(str(a)) for a in args.values())
            choice = last if size > float(options.get("threshold", 2000)) else first
        elif step.policy == "learned" and step.learned:
            score, calibrated = self._learned_score(step, args)
            # A policy calibrated for a budget carries the threshold that keeps it.
            threshold = calibrated if calibrated is not None else options.get("threshold", 0.5)
            choice = last if score > float(threshold) else first
        if choice is not first and not self._affordable(step.id, choice, env):
            choice = first  # at the cap the route stays local
        self.trace.write(
            {
                "step": step.id,
                "event": "route",
                "policy": step.policy,
                "tier": step.tiers.index(choice),
            }
        )
        query = "\n".join(str(a) for a in args.values())  # = policy_query, every argument
        self.routes.append(RouteObservation(step.id, query, step.tiers.index(choice)))
        self.bind(step, env, await self.llm_step(step, choice, env))

    def _learned_score(
        self, step: p.RouteStep, args: Mapping[str, Any]
    ) -> tuple[float, float | None]:
        """The trained policy's score of this call's inputs, and its calibrated
        threshold (None: the route's `threshold` option applies)."""
        from .routing.policy import policy_query

        policy = self._policy("route", step.id, step.learned or {})
        if policy.spec.use_response:
            raise RunError(
                f"route {step.id}: the policy reads the local model's answer (trained "
                "for a cascade); a route scores its inputs before any call: use it in a "
                'cascade(policy: "learned") { ... }'
            )
        return policy.score(policy_query(policy, args)), policy.threshold


async def _complete(backend: Backend, request: CompletionRequest) -> Completion:
    """A backend call without blocking the loop: natively async where the backend
    is (remote HTTP), else in a worker thread (llama.cpp, MLX: their own locks keep
    one evaluation at a time)."""
    acomplete = getattr(backend, "acomplete", None)
    if acomplete is not None:
        return await acomplete(request)
    return await asyncio.to_thread(backend.complete, request)


class _LoopThread:
    """An event loop running in a daemon thread, for the blocking `Runtime.run`."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(
            target=self.loop.run_forever, name="minionc-runtime", daemon=True
        )
        self.thread.start()

    def run(self, coroutine: Coroutine[Any, Any, Result]) -> Result:
        future = asyncio.run_coroutine_threadsafe(coroutine, self.loop)
        try:
            return future.result()
        except BaseException:  # KeyboardInterrupt while waiting: stop the run too
            future.cancel()
            raise

    def close(self) -> None:
        # Tasks that libraries left on the loop (LiteLLM's logging worker) are
        # cancelled and awaited first: a loop closed under them prints tracebacks.
        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(_cancel_other_tasks(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        if not self.thread.is_alive():
            self.loop.close()


async def _cancel_other_tasks() -> None:
    current = asyncio.current_task()
    tasks = [task for task in asyncio.all_tasks() if task is not current]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    await asyncio.get_running_loop().shutdown_asyncgens()


def _prompt_text(request: CompletionRequest | None) -> str:
    if request is None:
        return ""
    if request.prompt is not None:
        return request.prompt
    return "\n\n".join(f"[{m.role}] {m.content}" for m in request.messages or ())


def _preview(value: Any, limit: int = 200) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _skip_failure(step: str, prompt: str, args: Mapping[str, Any], error: Exception) -> Failure:
    """The failure of a call whose prompt cannot be rendered. Most often an
    argument is None because the step that made it failed (a decomposition the
    model did not answer): that step's failure is the cause, this one says so."""
    inputs = {k: _preview(v) for k, v in args.items()}
    lost = [name for name, value in args.items() if value is None]
    if lost:
        names = ", ".join(repr(n) for n in lost)
        return Failure(
            step=step,
            reason="missing_input",
            detail=f"{prompt}: no value for {names} (an earlier step failed); call not made",
            inputs=inputs,
        )
    return Failure(step=step, reason="render_failed", detail=str(error), inputs=inputs)
