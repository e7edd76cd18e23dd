"""Executor semantics, step kind by step kind, on the scripted backend: fast and
deterministic (no model), next to the real-model tests of the same behaviour."""

from __future__ import annotations

from typing import Any

import pytest
from minionc.compiler.pipeline import compile_source
from minionc.runtime.executor import BudgetExceeded, PrivacyViolation, Runtime
from scripted_backend import ScriptedBackend

HEADER = 'prompt ask(q: str) -> str """Q: {{ q }}"""\n'


def plan_of(body: str, params: str = "question: str") -> Any:
    source = f"{HEADER}protocol main({params}) -> str {{\n{body}\n}}\n"
    compiled = compile_source(source, "semantics.minion")
    assert compiled.plan is not None, [d.message for d in compiled.diagnostics]
    return compiled.plan


def run(plan: Any, local: ScriptedBackend, remote: ScriptedBackend | None = None, **inputs: Any):
    return Runtime(local=local, remote=remote, use_cache=False).run(plan, **inputs)


def test_a_fan_out_keeps_iterator_order_whatever_order_the_jobs_ran_in() -> None:
    plan = plan_of(
        'a = for c in ["b", "a"], t in ["2", "1"]: ask(c + t) @local\n  return join(a, sep: ",")'
    )
    answers = {f"Q: {c}{t}": f" {c}{t}" for c in "ab" for t in "12"}
    local = ScriptedBackend(rules=answers)
    result = run(plan, local, question="q")
    assert result.value == "b2,b1,a2,a1"  # the plan's order
    assert local.calls == 4 and local.prompts == sorted(local.prompts)  # shared-prefix order


def test_a_filter_keeps_the_items_its_condition_holds_for() -> None:
    plan = plan_of('xs = ["keep 1", "drop", "keep 2"]\n  k = keep xs where it != "drop"\n'
                   '  return join(k, sep: ",")')  # fmt: skip
    assert run(plan, ScriptedBackend(), question="q").value == "keep 1,keep 2"


@pytest.mark.parametrize(("stop_after", "calls"), [("no", 3), ("yes", 1)])
def test_a_repeat_runs_its_count_unless_a_stop_fires(stop_after: str, calls: int) -> None:
    plan = plan_of(
        'repeat 3 {\n    a = ask(question) @local\n    stop when a == "yes"\n  }\n  return a'
    )
    local = ScriptedBackend(answer=f" {stop_after}")
    result = run(plan, local, question="q")
    assert result.value == stop_after and local.calls == calls


@pytest.mark.parametrize(("local_answers", "remote_calls"), [(" same", 0), ("varies", 1)])
def test_a_cascade_defers_only_when_the_local_samples_disagree(
    local_answers: str, remote_calls: int
) -> None:
    plan = plan_of(
        "a = cascade {\n    ask(question) @local(samples: 3, agree: 2, temperature: 0.5)\n"
        "    ask(question) @remote\n  }\n  return a"
    )

    class Varying(ScriptedBackend):
        def complete(self, request: Any) -> Any:
            completion = super().complete(request)
            if local_answers == "varies":  # every sample a different answer
                return type(completion)(f" answer {self.calls}", 5, 1)
            return completion

    local, remote = Varying(answer=local_answers), ScriptedBackend("remote", answer=" remote")
    result = run(plan, local, remote, question="q")
    assert local.calls == 3 and remote.calls == remote_calls
    assert result.value == ("same" if remote_calls == 0 else "remote")


@pytest.mark.parametrize(
    ("policy", "question", "tier"),
    [
        ('"always_local"', "short", "local"),
        ('"always_remote"', "short", "remote"),
        ('"length", threshold: 3', "short", "local"),
        ('"length", threshold: 3', "a long question " * 5, "remote"),
    ],
)
def test_a_route_sends_each_call_where_its_policy_says(
    policy: str, question: str, tier: str
) -> None:
    plan = plan_of(
        f"a = route(policy: {policy}) {{\n    ask(question) @local\n    ask(question) @remote\n"
        "  }\n  return a"
    )
    local, remote = ScriptedBackend(answer=" local"), ScriptedBackend("remote", answer=" remote")
    result = run(plan, local, remote, question=question)
    assert result.value == tier and (local.calls, remote.calls) == (
        (1, 0) if tier == "local" else (0, 1)
    )


def test_a_budget_stops_the_run_at_its_cap_and_keeps_what_was_paid_for() -> None:
    plan = plan_of(
        "budget remote.calls <= 2\n"
        '  a = for c in ["1", "2", "3", "4"]: ask(c) @remote\n  return join(a, sep: ",")'
    )
    remote = ScriptedBackend("remote", answer=" r")
    result = run(plan, ScriptedBackend(), remote, question="q")
    assert isinstance(result.error, BudgetExceeded) and remote.calls == 2
    assert result.values["a"] == ["r", "r"]


def test_the_privacy_guard_refuses_before_any_call() -> None:
    plan = plan_of(
        "a = ask(share context) @remote\n  return a", params="question: str, context: private doc"
    )
    data = plan.model_dump(by_alias=True)
    data["steps"][0]["call"]["args"]["q"] = {"kind": "ref", "name": "context"}  # share removed
    edited = type(plan).model_validate(data)
    remote = ScriptedBackend("remote")
    with pytest.raises(PrivacyViolation):
        run(edited, ScriptedBackend(), remote, question="q", context="secret")
    assert remote.calls == 0


def test_a_failed_output_is_recorded_and_the_run_goes_on() -> None:
    plan = plan_of('a = for c in ["1", "2"]: ask(c) @local\n  return join(a, sep: ",")')
    local = ScriptedBackend(rules={"Q: 1": ""}, answer=" two")  # an empty answer for "1"
    result = run(plan, local, question="q")
    assert result.value == "two" and result.ok
    assert result.failures_by_reason == {"empty": 1} and local.calls == 3  # one retry
