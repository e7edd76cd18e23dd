"""A batch with workers (`minionc.batch.run_items`): inputs run at once on one
Runtime, their remote calls overlap (over real HTTP, through LiteLLM, against a
scripted OpenAI-compatible server), their local fan-outs take turns on the local
model, every record is heard once as its input finishes, a batch budget stops new
inputs, and cancelling stops the inputs in flight."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import pytest
from http_fakes import FakeOpenAI, Reply, chat_response
from minionc.compiler.pipeline import compile_source
from minionc.runtime.backend import Completion, CompletionRequest
from minionc.runtime.backends.remote import LiteLLMBackend
from minionc.runtime.executor import Runtime
from scripted_backend import ScriptedBackend

from minionc.batch import BatchError, BatchItem, run_items
from minionc.batch_tally import BatchBudget

REMOTE_PROGRAM = '''
prompt answer(question: str) -> str """Question: {{ question }}"""
protocol main(question: str) -> str {
  a = answer(question) @remote(max_tokens: 8)
  return a
}
'''

LOCAL_PROGRAM = '''
prompt answer(document: str, question: str) -> str {
  """
  Document: {{ document }}
  Question: {{ question }}
  """
}
protocol main(question: str, context: doc) -> list[str] {
  parts = split(context, paragraphs: 1)
  found = for c in parts: answer(c, question) @local(max_tokens: 4)
  return found
}
'''


def plan_of(source: str) -> Any:
    compiled = compile_source(source, "batch.minion")
    assert compiled.plan is not None, [d.message for d in compiled.diagnostics]
    return compiled.plan


def items_of(inputs: list[dict[str, Any]]) -> list[BatchItem]:
    return [BatchItem(line, dict(one), {}, f"{line:064d}") for line, one in enumerate(inputs, 1)]


class SlowLocal(ScriptedBackend):
    """A local model that takes a moment per call and lets calls overlap unless
    the runtime keeps them apart (the real llama.cpp backend serialises calls, but
    not their order)."""

    def complete(self, request: CompletionRequest) -> Completion:
        time.sleep(0.02)
        return super().complete(request)


def run_batch(runtime: Runtime, plan: Any, items: list[BatchItem], **options: Any) -> list[dict]:
    heard: list[dict] = []
    runtime.block_on(
        run_items(
            runtime, plan, items, None, on_record=lambda record, _: heard.append(record), **options
        )
    )
    return heard


@pytest.mark.parametrize("workers", [1, 3])
def test_remote_calls_of_different_inputs_overlap_up_to_the_workers(workers: int) -> None:
    plan = plan_of(REMOTE_PROGRAM)
    items = items_of([{"question": f"question {n}"} for n in range(6)])
    with FakeOpenAI([Reply(body=chat_response("Gdynia"), delay=0.2)]) as server:
        remote = LiteLLMBackend("openai/fake", api_base=server.api_base, api_key="sk-test")
        with Runtime(local=ScriptedBackend(), remote=remote, use_cache=False) as runtime:
            heard = run_batch(runtime, plan, items, workers=workers)
        remote.close()
    assert sorted(r["line"] for r in heard) == [1, 2, 3, 4, 5, 6]  # each once
    assert all(r["ok"] and r["value"] == "Gdynia" for r in heard)
    assert len(server.requests) == 6
    # One at a time with one worker; with three, the server answered several at once.
    assert server.max_in_flight == 1 if workers == 1 else server.max_in_flight > 1
    assert server.max_in_flight <= workers


def test_local_fan_outs_of_different_inputs_take_turns_on_the_local_model() -> None:
    plan = plan_of(LOCAL_PROGRAM)
    documents = {
        "alpha": "alpha one\n\nalpha two\n\nalpha three",
        "beta": "beta one\n\nbeta two\n\nbeta three",
    }
    items = items_of([{"question": "q", "context": text} for text in documents.values()])
    local = SlowLocal()
    with Runtime(local=local, remote=ScriptedBackend("remote"), use_cache=False) as runtime:
        heard = run_batch(runtime, plan, items, workers=2)
    assert sorted(r["line"] for r in heard) == [1, 2]
    order = ["alpha" if "alpha" in prompt else "beta" for prompt in local.prompts]
    # Each input's three chunks back to back (prefix order kept), not interleaved.
    assert order in (["alpha"] * 3 + ["beta"] * 3, ["beta"] * 3 + ["alpha"] * 3), order


def test_an_input_the_program_rejects_is_a_record_and_the_others_run() -> None:
    plan = plan_of(REMOTE_PROGRAM)
    items = items_of([{"question": "fine"}, {"question": 42}, {"question": "also fine"}])
    remote = ScriptedBackend("remote", answer="Gdynia")
    with Runtime(local=ScriptedBackend(), remote=remote, use_cache=False) as runtime:
        heard = {r["line"]: r for r in run_batch(runtime, plan, items, workers=2)}
    assert set(heard) == {1, 2, 3}
    assert heard[1]["ok"] and heard[3]["ok"]
    assert heard[2]["ok"] is False and "question" in heard[2]["error"]


def test_a_batch_budget_stops_new_inputs_and_says_which_limit() -> None:
    plan = plan_of(REMOTE_PROGRAM)
    items = items_of([{"question": f"q{n}"} for n in range(5)])
    budget = BatchBudget.parse(["remote.calls=2"])
    from minionc.runtime.usage import Usage

    total = Usage()
    heard: list[dict] = []

    def on_record(record: dict, result: Any) -> None:
        heard.append(record)
        total.merge(result.usage)

    remote = ScriptedBackend("remote", answer="Gdynia")
    with Runtime(local=ScriptedBackend(), remote=remote, use_cache=False) as runtime:
        runtime.block_on(
            run_items(
                runtime,
                plan,
                items,
                None,
                workers=1,
                on_record=on_record,
                may_start=lambda: budget.reached(total) is None,
            )
        )
    assert [r["line"] for r in heard] == [1, 2] and remote.calls == 2
    assert budget.reached(total) == "remote.calls 2 of 2"


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("remote.tokens", "the limit is a number"),
        ("cloud.tokens=5", "the tier is local or remote"),
        ("remote.dollars=5", "the metric is one of"),
        ("remote.tokens=-1", "a number >= 0"),
        ("remote.tokens=nan", "a number >= 0"),
    ],
)
def test_a_bad_batch_budget_says_how_to_write_one(text: str, wanted: str) -> None:
    with pytest.raises(BatchError, match=wanted) as raised:
        BatchBudget.parse([text])
    assert "remote.tokens=200000" in str(raised.value)


def test_cancelling_the_batch_cancels_the_inputs_in_flight() -> None:
    plan = plan_of(REMOTE_PROGRAM)
    items = items_of([{"question": f"q{n}"} for n in range(4)])
    started = threading.Event()

    entered: list[str] = []

    class Hanging(ScriptedBackend):
        def complete(self, request: CompletionRequest) -> Completion:
            entered.append(request.prompt or "")
            if len(entered) > 1:  # the first input answers; the next one hangs
                started.set()
                time.sleep(0.5)
            return super().complete(request)

    remote = Hanging("remote", answer="Gdynia")
    heard: list[dict] = []

    async def batch_then_cancel(runtime: Runtime) -> None:
        task = asyncio.create_task(
            run_items(runtime, plan, items, None, workers=1, on_record=lambda r, _: heard.append(r))
        )
        while not started.is_set():
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    with Runtime(local=ScriptedBackend(), remote=remote, use_cache=False) as runtime:
        runtime.block_on(batch_then_cancel(runtime))
    assert [r["line"] for r in heard] == [1]  # the input in flight was not recorded
    assert len(entered) == 2  # and no input started after it


def test_workers_must_be_at_least_one() -> None:
    runtime = Runtime(local=ScriptedBackend(), remote=ScriptedBackend("remote"))
    with runtime, pytest.raises(ValueError, match="at least 1"):
        runtime.block_on(
            run_items(runtime, plan_of(REMOTE_PROGRAM), [], None, workers=0, on_record=print)
        )
