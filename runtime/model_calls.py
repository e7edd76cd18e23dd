"""One job, start to end: the call cache, the budget check, the backend call,
usage, the trace; then parsing the answer, with one retry when it does not
parse (or copies an example), and a typed failure when the retry fails too."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from minionc.compiler import plan as p

from .backend import BackendError, Completion, CompletionRequest, RuntimeSetupError
from .budget_ledger import BudgetLedger
from .cache import CallCache
from .jobs import Job, preview, prompt_text
from .output import ParseFailure, copied_example, parse_output, retry_request
from .results import Failure, RunError
from .trace import Trace


class ModelCalls:
    def __init__(
        self,
        plan: p.Plan,
        cache: CallCache | None,
        ledger: BudgetLedger,
        trace: Trace,
        failures: list[Failure],
    ) -> None:
        self.plan = plan
        self.cache = cache
        self.ledger = ledger
        self.trace = trace
        self.failures = failures  # the run's: a failed job is appended here

    async def answer(self, job: Job) -> Any:
        """The job's parsed value, or None (its failure recorded)."""
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
                    inputs={k: preview(v) for k, v in job.args.items()},
                )
            )
        return None

    async def call(self, job: Job, request: CompletionRequest) -> Completion | None:
        """The completion, from the cache or the backend; None after a backend
        error (recorded as a failure). Raises BudgetExceeded before a call the
        budgets cannot pay for, RunError when the model cannot run at all."""
        cache = self.cache
        model = job.backend.name
        identity = job.backend.identity if cache is not None else ""
        if cache is not None and (hit := cache.get(identity, request)) is not None:
            self.ledger.record(
                job,
                prompt_tokens=hit.prompt_tokens,
                completion_tokens=hit.completion_tokens,
                seconds=0.0,
                usd=0.0,
                cache_hit=True,
            )
            self.trace_call(job, request, hit, 0.0, cache_hit=True)
            return hit
        reserved = self.ledger.check(job, request, reserve=True)
        started = time.perf_counter()
        try:
            completion = await _complete(job, request)
        except RuntimeSetupError as error:
            # The model cannot run at all (a server that does not start, a missing
            # file): no later call would fare better, so the run stops here and
            # returns what it has.
            self.ledger.release(job, reserved)
            raise RunError(f"the {job.tier} model {model} cannot run: {error}") from None
        except BackendError as error:
            seconds = time.perf_counter() - started
            self.ledger.release(job, reserved)
            self.failures.append(
                Failure(
                    step=job.step,
                    reason="backend_error",
                    detail=str(error),
                    inputs={k: preview(v) for k, v in job.args.items()},
                )
            )
            self.trace.write(
                {
                    "step": job.step,
                    "call": job.prompt_name,
                    "tier": job.tier,
                    "model": model,
                    "error": str(error),
                    "seconds": round(seconds, 3),
                }
            )
            return None
        seconds = time.perf_counter() - started
        self.ledger.settle(
            job,
            reserved,
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
        job: Job,
        request: CompletionRequest,
        completion: Completion,
        seconds: float,
        *,
        cache_hit: bool,
    ) -> None:
        self.trace.write(
            {
                "step": job.step,
                "call": job.prompt_name,
                "tier": job.tier,
                "model": job.backend.name,
                "prompt": prompt_text(request),
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


async def _complete(job: Job, request: CompletionRequest) -> Completion:
    """A backend call without blocking the loop: natively async where the backend
    is (remote HTTP), else in a worker thread (llama.cpp, MLX: their own locks keep
    one evaluation at a time)."""
    acomplete = getattr(job.backend, "acomplete", None)
    if acomplete is not None:
        return await acomplete(request)
    return await asyncio.to_thread(job.backend.complete, request)
