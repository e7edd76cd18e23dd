"""Running plans on the real embedded model: cascades, fan-out, the call cache,
budgets as hard caps, the runtime privacy guard, and typed failures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from minionc.compiler.pipeline import compile_file, compile_source
from minionc.runtime.cache import CallCache
from minionc.runtime.executor import BudgetExceeded, PrivacyViolation, Runtime
from repo_paths import ROOT
from scripted_backend import ScriptedBackend

DOCUMENT = "\n\n".join(
    [
        "Acme Corp annual report 2023. Revenue for fiscal 2023 was $7.4 million, "
        "up from $6.1 million in 2022.",
        "The chief executive is Dana Ortiz, appointed in 2019.",
        "Headcount grew to 212 employees across three offices.",
        "The board declared no dividend for 2023.",
    ]
)

TWO_REMOTE_CALLS = '''
models { worker = local  supervisor = remote }
prompt answer(document: str, question: str) -> str {
  """
  Document: {{ document }}
  Question: {{ question }}
  """
  example(document: "The sky is blue.", question: "What colour is the sky?") -> "blue"
}
protocol main(question: str, context: private doc) -> str {
  budget remote.calls <= 1
  first = answer(share context, question) @supervisor
  second = answer(share context, question) @supervisor
  return second
}
'''


def plan_of(program: str) -> Any:
    result = compile_file(ROOT / "programs" / program)
    assert result.plan is not None, result.diagnostics
    return result.plan


def test_cascade_answers_locally_and_the_cache_replays_for_free(
    llama_backend: Any, tmp_path: Path
) -> None:
    runtime = Runtime(
        local=llama_backend,
        remote=llama_backend,
        cache=CallCache(tmp_path / "cache"),
        trace=tmp_path / "trace.jsonl",
    )
    plan = plan_of("abc_cascade.minion")
    first = runtime.run(plan, question="Who is the chief executive?", context=DOCUMENT)
    assert first.ok, first.error
    assert isinstance(first.value, str) and first.value.strip()
    assert first.usage.local.calls >= 3  # the local tier's samples
    trace_lines = (tmp_path / "trace.jsonl").read_text().splitlines()
    assert len(trace_lines) >= first.usage.local.calls

    replay = runtime.run(plan, question="Who is the chief executive?", context=DOCUMENT)
    assert replay.value == first.value
    assert replay.usage.local.calls == 0 and replay.usage.remote.calls == 0
    assert replay.usage.local.cache_hits == first.usage.local.calls
    # A replay carries the tokens the calls cost when they ran (what the optimizer counts).
    assert replay.usage.local.tokens == 0
    assert replay.usage.local.tokens_with_replayed == first.usage.local.tokens
    assert replay.usage.remote.tokens_with_replayed == first.usage.remote.tokens


def test_fan_out_runs_every_job_and_reuses_the_kv_cache(llama_backend: Any) -> None:
    source = '''
    models { worker = local }
    type Finding { answer: str?  citation: str? }
    prompt extract(chunk: str, task: str) -> Finding {
      """
      Document: {{ chunk }}
      Question: {{ task }}
      """
      example(chunk: "The sky is blue.", task: "What colour is the sky?")
        -> {answer: "blue", citation: "The sky is blue"}
    }
    protocol main(question: str, context: private doc) -> int {
      chunks = split(context, paragraphs: 1)
      tasks = ["Who is the chief executive?", "How many employees are there?"]
      findings = for c in chunks, t in tasks: extract(c, t) @worker
      return len(findings)
    }
    '''
    result = compile_source(source, "fanout.minion")
    assert result.plan is not None, result.diagnostics
    run = Runtime(local=llama_backend, use_cache=False).run(
        result.plan, question="unused", context=DOCUMENT
    )
    assert run.ok, run.error
    assert run.usage.local.calls == 8  # 4 chunks x 2 tasks
    assert run.value + len(run.failures) == 8
    # Jobs sharing a chunk run back to back: most of each prompt is a reused prefix.
    assert run.usage.local.cached_prompt_tokens > run.usage.local.prompt_tokens / 3


def test_a_budget_stops_the_run_before_the_call_that_would_pass_it(
    llama_backend: Any,
) -> None:
    plan = compile_source(TWO_REMOTE_CALLS, "budget.minion").plan
    assert plan is not None
    run = Runtime(local=llama_backend, remote=llama_backend, use_cache=False).run(
        plan, question="Who is the chief executive?", context=DOCUMENT
    )
    assert isinstance(run.error, BudgetExceeded)
    assert run.usage.remote.calls == 1
    assert "first" in run.values  # what was done is returned
    assert run.value is None


def test_the_runtime_refuses_private_data_a_hand_edited_plan_sends_remote(
    llama_backend: Any,
) -> None:
    plan = compile_source(TWO_REMOTE_CALLS, "budget.minion").plan
    assert plan is not None
    data = plan.model_dump(by_alias=True)
    share = data["steps"][0]["call"]["args"]["document"]
    data["steps"][0]["call"]["args"]["document"] = share["value"]  # drop the share
    edited = type(plan).model_validate(data)
    with pytest.raises(PrivacyViolation, match="'context' derives from private input context"):
        Runtime(local=llama_backend, remote=llama_backend, use_cache=False).run(
            edited, question="q", context=DOCUMENT
        )


def _edited(source: str, change: Any) -> Any:
    plan = compile_source(source, "edited.minion").plan
    assert plan is not None
    data = plan.model_dump(by_alias=True)
    change(data)
    return type(plan).model_validate(data)


LENGTH = {"kind": "builtin", "name": "len", "args": [{"kind": "ref", "name": "context"}]}


@pytest.mark.parametrize(
    ("change", "says"),
    [
        # an option computed from the private document
        (
            lambda d: d["steps"][0]["call"]["options"].update(max_tokens=LENGTH),
            "sets max_tokens of answer @supervisor",
        ),
        # the remote call wrapped in a loop counted from the document
        (
            lambda d: d.update(
                steps=[
                    {
                        "kind": "repeat",
                        "id": "s9",
                        "binds": None,
                        "line": 1,
                        "times": LENGTH,
                        "body": d["steps"][:2],
                    },
                    *d["steps"][2:],
                ]
            ),
            "sets how many times the repeat runs",
        ),
    ],
)
def test_the_runtime_refuses_a_hand_edited_plan_that_private_data_controls(
    change: Any, says: str
) -> None:
    source = TWO_REMOTE_CALLS.replace("share context", "question")
    edited = _edited(source, change)
    local, remote = ScriptedBackend("local"), ScriptedBackend("remote")
    with pytest.raises(PrivacyViolation, match=says):
        Runtime(local=local, remote=remote, use_cache=False).run(
            edited, question="q", context=DOCUMENT
        )
    assert local.calls == remote.calls == 0


def test_a_role_bound_to_a_remote_backend_counts_as_remote() -> None:
    source = TWO_REMOTE_CALLS.replace(
        "first = answer(share context, question) @supervisor",
        "first = answer(context, question) @worker",
    ).replace(
        "answer(share context, question) @supervisor", "answer(question, question) @supervisor"
    )
    plan = compile_source(source, "roles.minion").plan
    assert plan is not None
    remote = ScriptedBackend("remote")
    local = ScriptedBackend("local")
    with pytest.raises(PrivacyViolation, match="answer @worker"):
        Runtime(local=local, remote=remote, roles={"worker": remote}, use_cache=False).run(
            plan, question="q", context=DOCUMENT
        )
    assert remote.calls == 0
    # Bound to a local backend, the same plan runs.
    run = Runtime(local=local, remote=remote, use_cache=False).run(
        plan, question="q", context=DOCUMENT
    )
    assert run.ok and local.calls == 1 and remote.calls == 1


def test_a_bad_output_is_retried_once_then_recorded_and_the_run_goes_on() -> None:
    source = '''
    models { worker = local }
    prompt count(text: str) -> int """Text: {{ text }}"""
    protocol main(context: private doc) -> list[int] {
      parts = split(context, paragraphs: 1)
      counts = for p in parts: count(p) @worker
      return counts
    }
    '''
    plan = compile_source(source, "fail.minion").plan
    assert plan is not None
    backend = ScriptedBackend("local", answer="")  # nonsense: an empty answer
    run = Runtime(local=backend, use_cache=False).run(plan, context=DOCUMENT)
    assert not run.ok  # every output failed: the empty list is no answer
    assert run.problem is not None and "its model calls failed (4 empty)" in run.problem
    assert run.value == []
    assert backend.calls == 8  # 4 jobs, each retried once
    assert run.failures_by_reason == {"empty": 4}
    assert all(f.step for f in run.failures)


def test_missing_inputs_are_a_clear_error() -> None:
    plan = plan_of("remote_only.minion")
    with pytest.raises(Exception, match="missing input context"):
        Runtime(use_cache=False).run(plan, question="q")


def test_the_public_api_runs_a_compiled_program(llama_backend: Any) -> None:
    import minionc

    plan = minionc.compile_file(ROOT / "programs" / "abc_cascade.minion")
    runtime = minionc.Runtime(local=llama_backend, remote=llama_backend, use_cache=False)
    result = runtime.run(plan, question="How many employees are there?", context=DOCUMENT)
    assert isinstance(result, minionc.Result)
    assert result.ok and isinstance(result.value, str)


def test_concurrent_remote_calls_cannot_pass_a_budget_between_them(llama_backend: Any) -> None:
    source = '''
    models { worker = local  supervisor = remote }
    prompt answer(document: str, question: str) -> str {
      """
      Document: {{ document }}
      Question: {{ question }}
      """
    }
    protocol main(question: str, context: private doc) -> list[str] {
      budget remote.calls <= 2
      parts = split(context, paragraphs: 1)
      answers = for c in parts: answer(share c, question) @supervisor(max_tokens: 8)
      return answers
    }
    '''
    plan = compile_source(source, "fanout_budget.minion").plan
    assert plan is not None
    run = Runtime(local=llama_backend, remote=llama_backend, use_cache=False).run(
        plan, question="Who is the chief executive?", context=DOCUMENT
    )
    assert isinstance(run.error, BudgetExceeded)
    assert run.usage.remote.calls == 2  # 4 jobs in flight together, the cap held


def test_a_remote_model_that_cannot_start_stops_the_run_with_what_it_has(
    llama_backend: Any, tmp_path: Path
) -> None:
    from minionc.runtime.executor import RunError
    from minionc.runtime.models import LoopbackBackend

    source = '''
    models { worker = local  supervisor = remote }
    prompt answer(document: str, question: str) -> str {
      """
      Document: {{ document }}
      Question: {{ question }}
      """
    }
    protocol main(question: str, context: private doc) -> str {
      draft = answer(context, question) @worker(max_tokens: 8)
      final = answer(share draft, question) @supervisor(max_tokens: 8)
      return final
    }
    '''
    plan = compile_source(source, "unstartable.minion").plan
    assert plan is not None
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"not a model")  # the real server fails to load it
    remote = LoopbackBackend(broken, startup_timeout=60)
    try:
        run = Runtime(local=llama_backend, remote=remote, use_cache=False).run(
            plan, question="Who is the chief executive?", context=DOCUMENT
        )
    finally:
        remote.close()
    assert isinstance(run.error, RunError) and "cannot run" in str(run.error)
    assert isinstance(run.values["draft"], str)  # the local step's work is kept
    assert run.usage.local.calls == 1 and run.usage.remote.calls == 0
