"""Faults, through the executor: compiled programs run with a real LiteLLM backend
against a loopback server that injects 429s, 5xx, hangs, dropped connections, bad
bodies and bad answers (tests/runtime/fault_server.py).

The contract: the backend retries transient faults with backoff (the run never
sees them, and usage counts one call); a cascade falls back to its next tier when
a tier fails or disagrees; anything else becomes a typed failure of that job while
the other jobs' results are kept; a budget stops the run with what it had; and no
API key ends up in a trace, a failure or an error.
"""

from __future__ import annotations

import asyncio
import json
import re
import socket
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from fault_server import (
    Fault,
    FaultServer,
    Request,
    always,
    attempts,
    cut_body,
    drop,
    hang,
    length,
    malformed_json,
    no_choices,
    ok,
    status,
    truncated_json,
    when,
)
from minionc.compiler.pipeline import compile_source
from minionc.runtime.backend import CompletionRequest, Message
from minionc.runtime.backends.remote import LiteLLMBackend
from minionc.runtime.executor import BudgetExceeded, Result, Runtime

KEY = "sk-test-SECRET123456"
BACKOFF_BASE = 0.01  # seconds: real waits, kept short


def plan_of(source: str) -> Any:
    compiled = compile_source(source, "faults.minion")
    assert compiled.plan is not None, compiled.diagnostics
    return compiled.plan


def remote(
    server: FaultServer, model: str = "openai/fake", **options: Any
) -> tuple[LiteLLMBackend, list[float]]:
    """A LiteLLM backend on the fault server that records each backoff wait (and
    waits it, capped at 50 ms)."""
    slept: list[float] = []
    lock = threading.Lock()

    def sleep(seconds: float) -> None:
        with lock:
            slept.append(seconds)
        time.sleep(min(seconds, 0.05))

    settings: dict[str, Any] = {
        "api_key": KEY,
        "timeout": 5.0,
        "max_retries": 2,
        "backoff_base": BACKOFF_BASE,
        "backoff_max": 0.05,
        "sleep": sleep,
    }
    settings.update(options)
    return LiteLLMBackend(model, api_base=server.api_base, **settings), slept


def words_in(request: Request) -> str:
    """A healthy answer for `count`: the words of the text after "Text:"."""
    text = request.last_user.split("Text:", 1)[-1]
    return json.dumps({"answer": len(text.split())})


def no_traceback(capfd: pytest.CaptureFixture[str]) -> str:
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err
    return out + err


COUNT = '''
models { supervisor = remote "openai/fake" }
prompt count(text: str) -> int """Text: {{ text }}"""
protocol main(text: str) -> int {
  n = count(text) @supervisor
  return n
}
'''

COUNT_EACH = '''
models { supervisor = remote }
prompt count(text: str) -> int """Text: {{ text }}"""
protocol main(texts: list[str]) -> list[int] {
  counts = for t in texts: count(t) @supervisor
  return counts
}
'''


# ---- transient faults: retried by the backend, invisible to the run -------------------


TRANSIENT = {
    "429": status(429, "slow down"),
    "429-retry-after-0": status(429, "slow down", retry_after=0),
    "500": status(500, "upstream trouble"),
    "502": status(502, "bad gateway"),
    "503": status(503, "overloaded"),
    "hang": hang(3.0),
    "drop": drop(),
    "cut-body": cut_body(),
    "truncated-json": truncated_json(),
    "malformed-json": malformed_json(),
    "no-choices": no_choices(),
}


@pytest.mark.parametrize("fault", TRANSIENT.values(), ids=TRANSIENT.keys())
def test_a_transient_fault_is_retried_and_the_run_succeeds(
    fault: Fault, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    with FaultServer(rules=[attempts(fault)], answer=words_in) as server:
        backend, slept = remote(server, timeout=1.5)
        runtime = Runtime(remote=backend, use_cache=False, trace=tmp_path / "trace.jsonl")
        result = runtime.run(plan_of(COUNT), text="three little words")
    assert result.ok, result.error
    assert result.value == 3
    assert result.failures == []
    # The server saw the call twice, the same body both times: a transport retry.
    assert [(r.attempt, r.fault and r.fault.kind) for r in server.requests] == [
        (0, fault.kind),
        (1, "ok"),
    ]
    assert server.requests[0].raw == server.requests[1].raw
    # The run counts one call, with the usage of the one completion that arrived.
    assert result.usage.remote.calls == 1
    assert (result.usage.remote.prompt_tokens, result.usage.remote.completion_tokens) == (10, 2)
    # One backoff wait: what Retry-After said, else equal jitter under the base.
    assert len(slept) == 1
    if fault.headers:
        assert slept == [0.0]
    else:
        assert BACKOFF_BASE / 2 <= slept[0] <= BACKOFF_BASE
    events = [json.loads(line) for line in (tmp_path / "trace.jsonl").read_text().splitlines()]
    calls = [e for e in events if "event" not in e]  # not the run's start and end
    assert [c.get("output") for c in calls] == ['{"answer": 3}']
    assert [c.get("attempts") for c in calls] == [2]  # the retry shows in the trace
    no_traceback(capfd)


def test_retry_after_is_obeyed_capped_and_backoff_grows_between_retries() -> None:
    script = [
        status(429, "slow down", retry_after=2),
        status(503, "overloaded"),
        status(429, "slow down", retry_after_ms=30),
        status(503, "come back in an hour", retry_after=3600),
    ]
    with FaultServer(script=script, answer=words_in) as server:
        backend, slept = remote(server, max_retries=4)
        result = Runtime(remote=backend, use_cache=False).run(plan_of(COUNT), text="a b")
    assert result.ok and result.value == 2
    assert len(server.requests) == 5
    assert server.served() == {"status:429": 2, "status:503": 2, "ok": 1}
    assert result.usage.remote.calls == 1
    # Retry-After: 2 (seconds); backoff for retry 2 (ceiling 2 * base); retry-after-ms:
    # 30; and an hour is capped at two minutes rather than obeyed blindly.
    assert len(slept) == 4
    assert slept[0] == 2.0
    assert BACKOFF_BASE <= slept[1] <= 2 * BACKOFF_BASE
    assert slept[2] == pytest.approx(0.03)
    assert slept[3] == 120.0


def test_retries_run_out_and_the_step_becomes_a_typed_failure(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    with FaultServer(rules=[always(status(503, "overloaded"))]) as server:
        backend, slept = remote(server, max_retries=2)
        runtime = Runtime(remote=backend, use_cache=False, trace=tmp_path / "trace.jsonl")
        result = runtime.run(plan_of(COUNT), text="a b")
    # A failed job is not a stopped run, but a run whose value it lost failed.
    assert result.error is None and not result.ok
    assert result.value is None
    assert len(server.requests) == 3 and len(slept) == 2
    assert result.failures_by_reason == {"backend_error": 1}
    failure = result.failures[0]
    assert failure.step == "s1"
    assert "503" in failure.detail and "overloaded" in failure.detail
    assert failure.inputs == {"text": "a b"}
    assert result.usage.remote.calls == 0  # nothing arrived, nothing spent
    events = [json.loads(line) for line in (tmp_path / "trace.jsonl").read_text().splitlines()]
    calls = [e for e in events if "event" not in e]
    assert len(calls) == 1 and "503" in calls[0]["error"]
    assert [e["event"] for e in events if "event" in e] == ["run_start", "run_end"]
    assert events[-1]["ok"] is False and len({e["run"] for e in events}) == 1
    no_traceback(capfd)


@pytest.mark.parametrize("path", ["complete", "acomplete"])
def test_the_backend_waits_with_the_given_sleep_on_both_paths(path: str) -> None:
    script = [status(429, "slow down", retry_after=2), status(503, "overloaded")]
    request = CompletionRequest(messages=(Message("user", "Text: a b"),), max_tokens=8)
    with FaultServer(script=script, answer="fine") as server:
        backend, slept = remote(server)
        if path == "complete":
            completion = backend.complete(request)
        else:
            completion = asyncio.run(backend.acomplete(request))
    assert completion.text == "fine" and completion.raw["attempts"] == 3
    assert len(slept) == 2 and slept[0] == 2.0
    assert BACKOFF_BASE <= slept[1] <= 2 * BACKOFF_BASE


# ---- fan-out: failed jobs fail alone, the others' results are kept ----------------------


def test_persistent_500_and_timeout_inside_a_fan_out_keep_the_other_results(
    capfd: pytest.CaptureFixture[str],
) -> None:
    texts = ["alpha one", "bravo two two", "charlie three three three", "delta four four four four"]
    rules = [
        when(lambda r: "bravo" in r.last_user, always(status(500, "internal error"))),
        when(lambda r: "charlie" in r.last_user, always(hang(4.0))),
    ]
    with FaultServer(rules=rules, answer=words_in) as server:
        backend, slept = remote(server, timeout=1.5, max_retries=1)
        result = Runtime(remote=backend, use_cache=False).run(plan_of(COUNT_EACH), texts=texts)
    assert result.ok, result.error
    assert result.value == [2, 5]  # alpha and delta, in order
    assert result.values["counts"] == [2, 5]
    assert result.failures_by_reason == {"backend_error": 2}
    by_input = {f.inputs["text"]: f for f in result.failures}
    assert set(by_input) == {"bravo two two", "charlie three three three"}
    assert all(f.step == "s1" and f.raw == "" for f in result.failures)
    assert "500" in by_input["bravo two two"].detail
    assert "timed out" in by_input["charlie three three three"].detail
    seen = {t: len(server.matching(lambda r, t=t: t in r.last_user)) for t in texts}
    assert seen == {texts[0]: 1, texts[1]: 2, texts[2]: 2, texts[3]: 1}
    assert len(slept) == 2  # one retry for each failing job
    assert result.usage.remote.calls == 2
    no_traceback(capfd)


# ---- cascades fall back as the plan says -------------------------------------------------

CASCADE = '''
models { primary = remote "openai/primary"  fallback = remote "openai/fallback" }
prompt capital(country: str) -> str """Country: {{ country }}"""
protocol main(country: str) -> str {
  city = cascade {
    capital(country) @primary(samples: 2, agree: 2, temperature: 0.5)
    capital(country) @fallback
  }
  return city
}
'''


def test_a_failing_first_tier_falls_back_to_the_next(tmp_path: Path) -> None:
    rules = [when(lambda r: r.model == "primary", always(status(503, "overloaded")))]
    with FaultServer(rules=rules, answer="Paris") as server:
        primary, _ = remote(server, "openai/primary", max_retries=1)
        fallback, _ = remote(server, "openai/fallback")
        runtime = Runtime(
            roles={"primary": primary, "fallback": fallback},
            use_cache=False,
            trace=tmp_path / "trace.jsonl",
        )
        result = runtime.run(plan_of(CASCADE), country="France")
    assert result.ok, result.error
    assert result.value == "Paris"
    assert len(server.matching(lambda r: r.model == "primary")) == 4  # 2 samples x 2 tries
    assert len(server.matching(lambda r: r.model == "fallback")) == 1
    # The first tier's samples are on record as failures; the answer is the fallback's.
    assert result.failures_by_reason == {"backend_error": 2}
    assert result.usage.remote.calls == 1
    events = [json.loads(line) for line in (tmp_path / "trace.jsonl").read_text().splitlines()]
    cascade = [e for e in events if e.get("event") == "cascade"]
    assert [(e["step"], e["tier"], e["accepted"]) for e in cascade] == [("s1", 0, False)]


def test_a_cascade_whose_every_tier_fails_ends_with_none_and_the_failures() -> None:
    with FaultServer(rules=[always(status(500, "down"))]) as server:
        primary, _ = remote(server, "openai/primary", max_retries=0)
        fallback, _ = remote(server, "openai/fallback", max_retries=0)
        runtime = Runtime(roles={"primary": primary, "fallback": fallback}, use_cache=False)
        result = runtime.run(plan_of(CASCADE), country="France")
    assert result.error is None and result.value is None and not result.ok
    assert result.values["city"] is None
    assert result.failures_by_reason == {"backend_error": 3}  # 2 samples, then the fallback
    assert sorted(r.model for r in server.requests) == ["fallback", "primary", "primary"]


def test_a_disagreeing_first_tier_falls_back_to_the_next() -> None:
    def answer(request: Request) -> str:  # each sample has its own seed: a different city
        if request.model == "fallback":
            return "Paris"
        return ["Lyon", "Marseille", "Nice"][int(request.body.get("seed", 0)) % 3]

    with FaultServer(answer=answer) as server:
        primary, _ = remote(server, "openai/primary")
        fallback, _ = remote(server, "openai/fallback")
        runtime = Runtime(roles={"primary": primary, "fallback": fallback}, use_cache=False)
        result = runtime.run(plan_of(CASCADE), country="France")
    assert result.ok and result.value == "Paris"
    assert result.failures == []
    assert sorted(r.model for r in server.requests) == ["fallback", "primary", "primary"]
    assert result.usage.remote.calls == 3


def test_a_local_tier_that_cannot_answer_defers_to_a_remote_that_recovers(
    llama_backend: Any,
) -> None:
    # Two required fields in one token: the local model cannot write both, so every
    # local sample fails to parse and the cascade defers to the remote tier, which
    # answers after a 429.
    source = '''
    models { worker = local  supervisor = remote "openai/fake" }
    type Person { name: str  role: str }
    prompt who(text: str) -> Person """Text: {{ text }}"""
    protocol main(text: str) -> Person {
      person = cascade {
        who(text) @worker(samples: 2, agree: 2, temperature: 0.7, max_tokens: 1)
        who(text) @supervisor
      }
      return person
    }
    '''
    answer = json.dumps({"name": "Dana Ortiz", "role": "chief executive"})
    with FaultServer(rules=[attempts(status(429, "slow down"))], answer=answer) as server:
        backend, slept = remote(server)
        runtime = Runtime(local=llama_backend, remote=backend, use_cache=False)
        result = runtime.run(plan_of(source), text="Dana Ortiz is the chief executive.")
    assert result.ok, result.error
    assert result.value == {"name": "Dana Ortiz", "role": "chief executive"}
    assert result.usage.local.calls == 4  # 2 samples, each retried once
    assert len(result.failures) == 2 and "backend_error" not in result.failures_by_reason
    assert len(server.requests) == 2 and len(slept) == 1
    assert result.usage.remote.calls == 1


# ---- bad answers: one retry with the error, then a typed failure with the raw text -------

PERSON = '''
models { supervisor = remote "openai/fake" }
type Person { answer: str  citation: str }
prompt who(text: str) -> Person """Text: {{ text }}"""
protocol main(text: str) -> Person {
  person = who(text) @supervisor
  return person
}
'''


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("I could not find it, sorry.", "no_candidate"),
        ('{"name": "Dana Ortiz"}', "missing_field"),
        ('{"answer": ["Dana"], "citation": "x"}', "type_mismatch"),
        ("", "empty"),
    ],
)
def test_a_bad_answer_is_retried_with_the_error_then_recorded(content: str, reason: str) -> None:
    with FaultServer(answer=content) as server:
        backend, slept = remote(server)
        result = Runtime(remote=backend, use_cache=False).run(plan_of(PERSON), text="Dana runs it.")
    assert result.error is None and result.value is None and not result.ok
    assert result.failures_by_reason == {reason: 1}
    failure = result.failures[0]
    assert failure.step == "s1" and failure.raw == content and failure.detail
    assert failure.inputs == {"text": "Dana runs it."}
    # Two calls: the answer, then the retry that shows the model its answer and the error.
    assert len(server.requests) == 2 and slept == []
    retry = server.requests[1].messages
    if content:
        assert retry[-2] == {"role": "assistant", "content": content}
        assert f"could not be used ({reason})" in retry[-1]["content"]
    else:
        assert "empty" in retry[-1]["content"]
    assert result.usage.remote.calls == 2  # both answers arrived and are paid for


def test_a_bad_answer_then_a_good_one_is_used() -> None:
    good = json.dumps({"answer": "Dana Ortiz", "citation": "Dana runs it."})
    rules = [when(lambda r: "could not be used" in r.last_user, ok(good))]
    with FaultServer(rules=rules, answer="Dana, I think") as server:
        backend, _ = remote(server)
        result = Runtime(remote=backend, use_cache=False).run(plan_of(PERSON), text="Dana runs it.")
    assert result.ok and result.failures == []
    assert result.value == {"answer": "Dana Ortiz", "citation": "Dana runs it."}
    assert len(server.requests) == 2
    assert result.usage.remote.calls == 2


# ---- completions cut at max_tokens ------------------------------------------------------

CUT_RECORD = '{"answer": "Dana Ortiz", "citation": "The chief exec'


def test_a_structured_answer_cut_mid_json_is_a_truncated_failure() -> None:
    with FaultServer(rules=[always(length(CUT_RECORD))]) as server:
        backend, _ = remote(server)
        result = Runtime(remote=backend, use_cache=False).run(plan_of(PERSON), text="Dana runs it.")
    assert result.error is None and result.value is None and not result.ok
    assert result.failures_by_reason == {"truncated": 1}
    assert result.failures[0].raw == CUT_RECORD
    assert len(server.requests) == 2


TASKS = '''
models { supervisor = remote "openai/fake" }
prompt tasks(question: str) -> list[str] """Question: {{ question }}"""
protocol main(question: str) -> list[str] {
  todo = tasks(question) @supervisor(max_tokens: 12)
  return todo
}
'''


def test_a_list_cut_at_max_tokens_is_not_taken_for_the_whole_answer() -> None:
    # The JSON closes cleanly once repaired, so the parser alone cannot tell: only
    # finish_reason "length" says that the list went on.
    cut = '{"answer": ["What was revenue in 2023?", "What was revenue in 2022?",'
    with FaultServer(rules=[always(length(cut))]) as server:
        backend, _ = remote(server)
        result = Runtime(remote=backend, use_cache=False).run(plan_of(TASKS), question="Growth?")
    assert result.value is None
    assert result.failures_by_reason == {"truncated": 1}
    assert result.failures[0].raw == cut
    assert len(server.requests) == 2  # retried once before giving up


CEO = '''
models { supervisor = remote "openai/fake" }
prompt ceo(text: str) -> str """Text: {{ text }}"""
protocol main(text: str) -> str {
  name = ceo(text) @supervisor(max_tokens: 8)
  return name
}
'''


def test_a_text_answer_cut_at_max_tokens_is_retried() -> None:
    script = [length("The chief executive of Acme Corp is"), ok("Dana Ortiz")]
    with FaultServer(script=script) as server:
        backend, _ = remote(server)
        result = Runtime(remote=backend, use_cache=False).run(plan_of(CEO), text="Dana runs it.")
    assert result.value == "Dana Ortiz"
    assert result.failures == []
    assert len(server.requests) == 2


# ---- budgets: a cap reached mid-run stops it with the partial results --------------------


def test_a_budget_reached_mid_run_stops_with_the_partial_results() -> None:
    source = '''
    models { supervisor = remote "openai/fake" }
    prompt count(text: str) -> int """Text: {{ text }}"""
    protocol main(text: str) -> int {
      budget remote.calls <= 2
      a = count(text) @supervisor
      b = count(text + " more") @supervisor
      c = count(text + " and more") @supervisor
      return a + b + c
    }
    '''
    # Every call is rate limited once: transport retries are not calls of the plan.
    with FaultServer(rules=[attempts(status(429, "slow down"))], answer=words_in) as server:
        backend, slept = remote(server)
        result = Runtime(remote=backend, use_cache=False).run(plan_of(source), text="one two")
    assert isinstance(result.error, BudgetExceeded)
    assert not result.ok
    assert result.error.budget.metric == "calls" and result.error.spent == 2
    assert result.value is None
    assert result.values == {"text": "one two", "a": 2, "b": 3}
    assert result.usage.remote.calls == 2
    assert len(server.requests) == 4 and len(slept) == 2
    assert "and more" not in "".join(r.last_user for r in server.requests)


def test_a_budget_reached_inside_a_fan_out_keeps_the_jobs_that_finished() -> None:
    source = '''
    models { supervisor = remote }
    prompt count(text: str) -> int """Text: {{ text }}"""
    protocol main(texts: list[str]) -> list[int] {
      budget remote.calls <= 2
      first = count(texts[0]) @supervisor
      counts = for t in texts: count(t) @supervisor
      return counts
    }
    '''
    texts = ["a", "b b", "c c c"]
    with FaultServer(answer=words_in) as server:
        backend, _ = remote(server)
        result = Runtime(remote=backend, use_cache=False).run(plan_of(source), texts=texts)
    assert isinstance(result.error, BudgetExceeded)
    # Two calls were made and paid for: `first`, and one job of the fan-out.
    assert result.usage.remote.calls == 2 and len(server.requests) == 2
    assert result.values["first"] == 1
    finished = [json.loads(words_in(r))["answer"] for r in server.requests[1:]]
    assert result.values.get("counts") == finished


# ---- no key leaks -------------------------------------------------------------------------


def test_no_api_key_reaches_the_trace_the_failures_or_the_errors(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    texts = ["alpha one", "bravo two", "charlie three", "delta four"]
    rules = [  # providers that echo the key back in their error messages
        when(lambda r: "alpha" in r.last_user, always(status(401, f"Incorrect API key: {KEY}"))),
        when(lambda r: "bravo" in r.last_user, always(status(500, f"failed for Bearer {KEY}"))),
        when(lambda r: "charlie" in r.last_user, always(status(429, f"quota of {KEY} used up"))),
    ]
    trace = tmp_path / "trace.jsonl"
    with FaultServer(rules=rules, answer=words_in) as server:
        backend, _ = remote(server, max_retries=1)
        result = Runtime(remote=backend, use_cache=False, trace=trace).run(
            plan_of(COUNT_EACH), texts=texts
        )
    # The key went over the wire, so each check below has something to find.
    assert all(r.headers.get("authorization") == f"Bearer {KEY}" for r in server.requests)
    assert result.failures_by_reason == {"backend_error": 3}
    assert result.value == [2]  # delta
    secret = re.compile(r"SECRET123456|sk-test-SECRET")
    everything = [
        trace.read_text(),
        json.dumps(result.to_json()),
        *(json.dumps(f.to_json()) for f in result.failures),
        repr(backend),
        no_traceback(capfd),
    ]
    for text in everything:
        assert not secret.search(text), text
    details = " ".join(f.detail for f in result.failures)
    assert "Incorrect API key" in details and "quota of" in details  # scrubbed, not dropped


def test_result_to_json_is_valid_after_faults() -> None:
    with FaultServer(rules=[always(status(500))]) as server:
        backend, _ = remote(server, max_retries=0)
        result: Result = Runtime(remote=backend, use_cache=False).run(plan_of(COUNT), text="x")
    data = json.loads(json.dumps(result.to_json()))
    assert data["ok"] is False and data["value"] is None and data["error"] is None
    assert data["problem"].startswith("the run produced no value: its model calls failed")
    assert data["failures"] == {"backend_error": 1}
    assert data["failure_details"][0]["reason"] == "backend_error"
    assert len(server.requests) == 1


# ---- the fault server itself ------------------------------------------------------------


def test_the_server_stops_at_the_end_of_the_block_even_mid_hang() -> None:
    errors: list[BaseException] = []

    def call(api_base: str) -> None:
        request = urllib.request.Request(
            f"{api_base}/chat/completions", data=b"{}", headers={"Content-Type": "application/json"}
        )
        try:
            urllib.request.urlopen(request, timeout=0.3)
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            errors.append(error)

    with FaultServer(rules=[always(hang(60))]) as server:
        client = threading.Thread(target=call, args=(server.api_base,))
        client.start()
        client.join(timeout=5)
        port = server.port
        started = time.monotonic()
    stopped_in = time.monotonic() - started
    assert len(errors) == 1  # the client timed out
    assert len(server.requests) == 1 and server.requests[0].fault == hang(60)
    assert server.requests[0].fault.seconds == 10.0  # a hang is bounded
    assert stopped_in < 5  # the hang ended with the server, not after 10 s
    with socket.socket() as probe:
        probe.settimeout(1)
        assert probe.connect_ex(("127.0.0.1", port)) != 0


# ---- a failed step's value is missing downstream ----------------------------------------

DECOMPOSE_THEN_SUMMARISE = '''
models { supervisor = remote "openai/fake" }
type Plan { tasks: list[str] }
prompt decompose(question: str) -> Plan """Plan for: {{ question }}"""
prompt answer(task: str) -> str """Task: {{ task }}"""
prompt summarise(question: str, tasks: list[str], answers: list[str]) -> str """
Summarise for: {{ question }}
{% for t in tasks %}- {{ t }}
{% endfor %}{% for a in answers %}* {{ a }}
{% endfor %}"""
protocol main(question: str) -> str {
  plan = decompose(question) @supervisor
  answers = for t in plan.tasks: answer(t) @supervisor
  summary = summarise(question, plan.tasks, answers) @supervisor
  return summary
}
'''


def test_a_failed_decomposition_does_not_sink_the_run() -> None:
    # The decomposition's answer is no Plan (twice: the retry too), so `plan` is None;
    # the steps that read it are recorded as missing their input, and the run ends.
    rules = [when(lambda r: "Plan for:" in r.last_user, always(ok("no idea, sorry")))]
    with FaultServer(rules=rules, answer="fine") as server:
        backend, _ = remote(server)
        result = Runtime(remote=backend, use_cache=False).run(
            plan_of(DECOMPOSE_THEN_SUMMARISE), question="Why?"
        )
    assert result.error is None and result.value is None and not result.ok
    assert result.failures_by_reason == {"no_candidate": 1, "missing_input": 1}
    missing = next(f for f in result.failures if f.reason == "missing_input")
    assert "'tasks'" in missing.detail and "earlier step failed" in missing.detail
    assert missing.inputs["question"] == "Why?"
    # The two decomposition attempts were made; no call was made for the summary.
    assert len(server.requests) == 2
    assert not server.matching(lambda r: "Summarise for:" in r.last_user)
