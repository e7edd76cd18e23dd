"""Run a plan on real backends.

The executor walks the plan's steps in order with an environment of plain
values, one method per step kind (`_Run.step` dispatches, exhaustively). What a
step needs around its model calls lives apart: rendering a job (`make_job`),
when jobs run (scheduling.py), one job's cache, budget check, call, usage,
trace and parse (model_calls.py), the budget ledger (budget_ledger.py), the
decisions of cascades and routes (step_policies.py), and what a run returns
(results.py). One bad model output never sinks a run: the job becomes a typed
failure and the run goes on.

Over 500 lines on purpose: one method per step kind and the expression evaluator's
hooks; everything around a model call lives in the modules named above.
"""

from __future__ import annotations

import asyncio
import itertools
import math
import random
import threading
import uuid
import weakref
from collections.abc import Coroutine, Iterator, Mapping
from pathlib import Path
from typing import Any, Literal, TypeVar, assert_never

from minionc.compiler import plan as p
from minionc.compiler.plan_io import privacy_problems

from .agreement import agreed_answer
from .backend import Backend
from .budget_ledger import BudgetLedger
from .builtins import approximate_tokens
from .cache import CallCache
from .evaluate import EvaluationError, Evaluator, kept_items
from .event_loop import LoopThread
from .jobs import Job, call_request, skip_failure
from .model_calls import ModelCalls
from .output import PromptRenderError
from .results import (
    BudgetExceeded,
    CascadeObservation,
    Failure,
    PrivacyViolation,
    ProgressCallback,
    ProgressEvent,
    Result,
    RouteObservation,
    RunError,
)
from .scheduling import LocalOrder, Schedulers, run_jobs
from .step_policies import LearnedPolicies, route_choice
from .step_policies import similarity as agreement_similarity
from .trace import Trace
from .usage import Usage

# What runs and results are, for callers of the runtime (they import from here).
T = TypeVar("T")

__all__ = [
    "BudgetExceeded",
    "CascadeObservation",
    "Failure",
    "PrivacyViolation",
    "ProgressCallback",
    "ProgressEvent",
    "Result",
    "RouteObservation",
    "RunError",
    "Runtime",
]


class _Stop(Exception):
    """Raised by a stop step to leave the enclosing repeat."""


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
        local_order: LocalOrder = "shared_prefix",
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
        self._loop: LoopThread | None = None
        self._loop_lock = threading.Lock()
        # The last plan the privacy rule passed (a batch runs one plan many times).
        self._privacy_checked: tuple[p.Plan, frozenset[str]] | None = None
        # Per event loop: what the runs on it share (remote limits, local turns).
        self._schedulers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Schedulers] = (
            weakref.WeakKeyDictionary()
        )

    # ---- public API ---------------------------------------------------------

    def run(self, plan: p.Plan, **inputs: Any) -> Result:
        """Run `plan` to the end and return its result (blocking). Runs on an event
        loop of this Runtime's own, kept across runs so that remote clients and
        their connections are reused (a fresh loop per run would strand them)."""
        return self.block_on(self.arun(plan, **inputs))

    def block_on(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run a coroutine that awaits this Runtime's `arun` (several runs at once:
        a batch with workers) on the Runtime's own event loop, blocking until it
        ends. A KeyboardInterrupt while waiting cancels it."""
        with self._loop_lock:
            if self._loop is None:
                self._loop = LoopThread()
            loop = self._loop
        return loop.run(coroutine)

    def schedulers(self) -> Schedulers:
        """What every run on the running event loop shares: each remote backend's
        concurrency limit, and turns on each local backend."""
        loop = asyncio.get_running_loop()
        found = self._schedulers.get(loop)
        if found is None:
            found = self._schedulers[loop] = Schedulers()
        return found

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
    """One run of a plan: its environment, usage, failures and observations."""

    def __init__(self, runtime: Runtime, plan: p.Plan) -> None:
        self.runtime = runtime
        self.plan = plan
        self.usage = Usage()
        self.failures: list[Failure] = []
        self.cascades: list[CascadeObservation] = []
        self.routes: list[RouteObservation] = []
        self.run_id = uuid.uuid4().hex[:12]
        self.trace = Trace(runtime.trace_path, run=self.run_id)
        self.knobs = {name: knob.value for name, knob in plan.knobs.items()}
        counter = runtime.local.count_tokens if runtime.local is not None else approximate_tokens
        self.count_tokens = counter
        self.evaluator = Evaluator(self.knobs, counter)
        self.rng = random.Random(runtime.seed)
        self.ledger = BudgetLedger(plan, self.usage)
        self.calls = ModelCalls(plan, runtime.cache, self.ledger, self.trace, self.failures)
        self.schedulers = runtime.schedulers()
        self.policies = LearnedPolicies()

    # ---- driver -------------------------------------------------------------

    async def run(self, inputs: Mapping[str, Any]) -> Result:
        env = self.bind_inputs(inputs)
        error: RunError | None = None
        value: Any = None
        self.trace.write(
            {
                "event": "run_start",
                "protocol": self.plan.protocol,
                # What each step id stands for, so a trace reads in the program's names.
                "steps": {
                    step.id: {"binds": step.binds, "kind": step.kind, "line": step.line}
                    for _, step in p.walk_steps(self.plan.steps)
                },
            }
        )
        try:
            value = await self.block(self.plan.steps, env)
        except RunError as stop:
            error = stop
        except EvaluationError as bad:
            error = RunError(f"a step could not be evaluated: {bad}")
        except BaseException:
            self.trace.close()
            raise
        result = Result(
            value=value,
            usage=self.usage,
            failures=self.failures,
            trace_path=self.runtime.trace_path,
            error=error,
            values={k: v for k, v in env.items() if not k.startswith("__")},
            cascades=self.cascades,
            routes=self.routes,
        )
        self.trace.write(
            {
                "event": "run_end",
                "protocol": self.plan.protocol,
                "ok": result.ok,
                "problem": result.problem,
                "failures": [{"step": f.step, "reason": f.reason} for f in self.failures],
            }
        )
        self.trace.close()
        return result

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

    # ---- model calls ------------------------------------------------------------

    def make_job(self, step: str, call: p.LLMCall, env: Mapping[str, Any], sample: int = 0) -> Job:
        tier, backend = self.runtime.backend_for(self.plan, call.placement)
        prompt = self.plan.prompts[call.prompt]
        args = {name: self.evaluator.eval(expr, env) for name, expr in call.args.items()}
        options = {name: self.evaluator.eval(expr, env) for name, expr in call.options.items()}
        raw = backend.supports_raw_prompt
        try:
            request = call_request(
                prompt,
                args,
                options,
                types=self.plan.types,
                raw_completion=raw,
                seed=self.runtime.seed,
                sample=sample,
            )
        except PromptRenderError as error:
            skipped = skip_failure(step, call.prompt, args, error)
            return Job(
                step, tier, backend, prompt, args, None, raw, call.output, skipped, call.prompt
            )
        return Job(
            step, tier, backend, prompt, args, request, raw, call.output, prompt_name=call.prompt
        )

    def samples_of(self, call: p.LLMCall, env: Mapping[str, Any]) -> int | None:
        samples = call.options.get("samples")
        return None if samples is None else max(1, int(self.evaluator.eval(samples, env)))

    async def llm_step(self, step: p.Step, call: p.LLMCall, env: Mapping[str, Any]) -> Any:
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
    ) -> tuple[list[Job], BudgetExceeded | None]:
        """The jobs of `combinations` scopes times `samples`, but never more than
        the budgets can still pay for (plus the one whose check at call time says
        so): a fan-out of a million jobs under `budget remote.calls <= 10` builds
        eleven. When some were not built, also the BudgetExceeded to raise once
        the built ones have run."""
        total = combinations * samples
        tier, _ = self.runtime.backend_for(self.plan, call.placement)
        cap = self.ledger.job_cap(tier)
        limit = total if cap is None else min(total, cap[0] + 1)
        jobs: list[Job] = []
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

    async def execute(self, jobs: list[Job]) -> list[Any]:
        """Run jobs and return their parsed values (None for a failed job), in order."""
        self.failures.extend(job.skipped for job in jobs if job.skipped is not None)
        return await run_jobs(
            jobs,
            self.run_job,
            schedulers=self.schedulers,
            local_order=self.runtime.local_order,
            scheduled=lambda step, tier, count: self.notify(step, tier, "scheduled", count),
        )

    def notify(
        self, step: str, tier: str, kind: Literal["scheduled", "finished"], count: int = 1
    ) -> None:
        if self.runtime.progress is not None:
            self.runtime.progress(ProgressEvent(step, tier, kind, count))

    async def run_job(self, job: Job) -> Any:
        try:
            return await self.calls.answer(job)
        finally:
            self.notify(job.step, job.tier, "finished")

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
        items = self.evaluator.eval(step.source, env)
        self.bind(step, env, kept_items(self.evaluator, step.where, items, env))

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
                    agreed = agreed_answer(present, 1, similarity=self.similarity(step, tier, env))
                    value = agreed[0] if agreed else present[0]
                    answered_by = position
                break
            learned = step.policy == "learned"
            if tier.agree is not None:
                k = int(self.evaluator.eval(tier.agree, env))
            else:  # a learned cascade needs no agreement: any answer is scored
                k = 1 if learned else samples
            agreed = agreed_answer(answers, k, similarity=self.similarity(step, tier, env))
            score = None
            if agreed is not None and learned:
                score, defers = self.learned_deferral(step, tier.call, env, agreed[0])
                nxt = step.tiers[position + 1].call
                if defers and self.affordable(step.id, nxt, env):
                    agreed = None
            self.runtime_note(step.id, position, agreed is not None, score)
            if agreed is not None:
                value, answered_by = agreed[0], position
                break
        self.cascades.append(CascadeObservation(step.id, tuple(seen), answered_by))
        self.bind(step, env, value)

    def similarity(
        self, step: p.CascadeStep, tier: p.CascadeTier, env: Mapping[str, Any]
    ) -> float | None:
        given = tier.similarity
        value = float(self.evaluator.eval(given, env)) if given is not None else None
        return agreement_similarity(step, value)

    def runtime_note(
        self, step: str, tier: int, accepted: bool, score: float | None = None
    ) -> None:
        event: dict[str, Any] = {"step": step, "event": "cascade", "tier": tier}
        event["accepted"] = accepted
        if score is not None:
            event["score"] = round(score, 6)
        self.trace.write(event)

    def learned_deferral(
        self, step: p.CascadeStep, call: p.LLMCall, env: Mapping[str, Any], answer: Any
    ) -> tuple[float | None, bool]:
        if not step.learned:
            return None, False
        args = {name: self.evaluator.eval(e, env) for name, e in call.args.items()}
        threshold = step.options.get("threshold")
        option = float(self.evaluator.eval(threshold, env)) if threshold is not None else None
        return self.policies.cascade_deferral(step, args, answer, option)

    def affordable(self, step_id: str, call: p.LLMCall, env: Mapping[str, Any]) -> bool:
        """Whether a call fits the program's budgets (at the cap a route or a
        learned cascade keeps the local answer)."""
        probe = self.make_job(step_id, call, env)
        if probe.skipped is not None:
            return True  # the call will not be made; its failure says why
        try:
            self.ledger.check(probe)
        except BudgetExceeded:
            return False
        return True

    async def route_step(self, step: p.RouteStep, env: dict[str, Any]) -> None:
        options = {k: self.evaluator.eval(v, env) for k, v in step.options.items()}
        first = step.tiers[0]
        # What the policies read: the first tier's arguments, evaluated once.
        args = {name: self.evaluator.eval(e, env) for name, e in first.args.items()}
        choice = route_choice(
            step,
            options,
            args,
            rng=self.rng,
            count_tokens=self.count_tokens,
            policies=self.policies,
        )
        if choice is not first and not self.affordable(step.id, choice, env):
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
