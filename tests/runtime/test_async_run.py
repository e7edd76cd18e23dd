"""`Runtime.arun`: runs on the caller's event loop without blocking it, several runs
at once share one Runtime, and cancelling a run cancels its calls in flight. The
remote tier is the embedded model behind the loopback server, over real HTTP."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from minionc.compiler.pipeline import compile_source
from minionc.runtime.backends.remote import LiteLLMBackend
from minionc.runtime.executor import Runtime

PROGRAM = '''
models { worker = local  supervisor = remote }
prompt answer(document: str, question: str) -> str {
  """
  Document: {{ document }}
  Question: {{ question }}
  """
}
protocol main(question: str, context: private doc) -> list[str] {
  parts = split(context, paragraphs: 1)
  local_answers = for c in parts: answer(c, question) @worker(max_tokens: 6)
  remote_answers = for c in parts: answer(share c, question) @supervisor(max_tokens: 24)
  return remote_answers
}
'''
DOCUMENT = "Dana Ortiz is the chief executive.\n\nHeadcount is 212.\n\nThe office is in Leeds."


def remote_of(server: Any) -> LiteLLMBackend:
    return LiteLLMBackend(
        f"openai/{server.model_name}", api_base=server.api_base, api_key="sk-loopback"
    )


def assert_three_of_each(result: Any) -> None:
    """Three local and three remote jobs ran. A remote answer cut off at max_tokens
    is retried once with more room, and if cut again is a failure, not an answer."""
    # The answers' quality is not the point here (a 270M chat answer may be cut off
    # twice and fail): the run went to its end.
    assert result.error is None, result.error
    assert result.usage.local.calls == 3
    assert 3 <= result.usage.remote.calls <= 6
    assert all(isinstance(v, str) and v for v in result.value)
    assert len(result.value) <= 3 <= len(result.value) + len(result.failures)


def test_arun_runs_on_the_callers_loop_without_blocking_it(
    llama_backend: Any, loopback_server: Any
) -> None:
    plan = compile_source(PROGRAM, "async.minion").plan
    assert plan is not None
    runtime = Runtime(local=llama_backend, remote=remote_of(loopback_server), use_cache=False)

    async def main() -> tuple[list[Any], int]:
        ticks = 0
        finished = asyncio.Event()

        async def ticker() -> None:
            nonlocal ticks
            while not finished.is_set():
                ticks += 1
                await asyncio.sleep(0.01)

        ticking = asyncio.create_task(ticker())
        results = await asyncio.gather(
            runtime.arun(plan, question="Who is the chief executive?", context=DOCUMENT),
            runtime.arun(plan, question="Where is the office?", context=DOCUMENT),
        )
        finished.set()
        await ticking
        return list(results), ticks

    results, ticks = asyncio.run(main())
    for result in results:
        assert_three_of_each(result)
    # Six local and six HTTP calls took seconds; a blocked loop would not have ticked.
    assert ticks > 20


def test_cancelling_arun_stops_the_run(llama_backend: Any, loopback_server: Any) -> None:
    plan = compile_source(PROGRAM, "async.minion").plan
    assert plan is not None
    calls: list[str] = []

    def on_progress(event: Any) -> None:
        if event.kind == "finished":
            calls.append(event.tier)

    runtime = Runtime(
        local=llama_backend,
        remote=remote_of(loopback_server),
        use_cache=False,
        progress=on_progress,
    )

    async def main() -> None:
        task = asyncio.create_task(runtime.arun(plan, question="Who?", context=DOCUMENT))
        while not calls:
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(main())
    assert "remote" not in calls  # cancelled during the local fan-out, before any remote call


def test_blocking_run_reuses_one_loop_across_runs(
    llama_backend: Any, loopback_server: Any, capfd: pytest.CaptureFixture[str]
) -> None:
    plan = compile_source(PROGRAM, "async.minion").plan
    assert plan is not None
    with Runtime(
        local=llama_backend, remote=remote_of(loopback_server), use_cache=False
    ) as runtime:
        first = runtime.run(plan, question="Who is the chief executive?", context=DOCUMENT)
        loop = runtime._loop
        second = runtime.run(plan, question="Where is the office?", context=DOCUMENT)
        assert runtime._loop is loop  # remote clients bound to it stay valid
    assert_three_of_each(first)
    assert_three_of_each(second)
    assert runtime._loop is None  # closed with the `with` block
    import gc

    gc.collect()  # a task destroyed while pending would complain now
    assert "Event loop is closed" not in capfd.readouterr().err
