"""The replay backend, the policy's plain-JSON round trip into a plan, and a real
run of a compiled program whose learned route is scored on recorded outputs."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from minionc.compiler.plan import RouteStep
from minionc.runtime.backend import Backend, BackendError, CompletionRequest, Message
from minionc.runtime.backends.replay import Recording, ReplayBackend
from minionc.runtime.executor import Runtime
from minionc.runtime.routing.attach import attach_policy
from minionc.runtime.routing.data import Outcome, OutcomeSet
from minionc.runtime.routing.evaluate import evaluate
from minionc.runtime.routing.features import FeatureSpec, featurize_many
from minionc.runtime.routing.policy import PolicyError, RoutePolicy

import minionc

PROGRAM = """
models {
  worker = local
  supervisor = remote
}

prompt answer(question: str) -> str \"\"\"{{ question }}\"\"\"

protocol routed_answer(question: str) -> str {
  result = route(policy: "learned", threshold: 0.5) {
    answer(question) @worker
    answer(question) @supervisor
  }
  return result
}
"""


def test_replay_serves_recorded_text_with_token_counts_and_refuses_unknown_prompts() -> None:
    backend = ReplayBackend(
        {"What is  2+2?\n": Recording("2 + 2 = 4\n#### 4", correct=True)}, name="replay/m"
    )
    assert isinstance(backend, Backend)
    completion = backend.complete(CompletionRequest(prompt="What is 2+2?"))
    assert completion.text == "2 + 2 = 4\n#### 4"
    assert completion.completion_tokens == backend.count_tokens("2 + 2 = 4\n#### 4") == 4
    assert completion.prompt_tokens == 3  # "What is 2+2?": 12 characters / 4
    # A chat whose last user message holds the recorded prompt (inside a template).
    chat = (Message("system", "Answer."), Message("user", "Question: What is 2+2? Be brief."))
    assert backend.complete(CompletionRequest(messages=chat)).text.endswith("#### 4")
    assert backend.recording("what is 2+2?") is None  # matching is exact, not fuzzy
    with pytest.raises(BackendError, match="no recorded output") as raised:
        backend.complete(CompletionRequest(prompt="What is 3+3?"))
    assert raised.value.retryable is False


def test_replay_from_outcomes_uses_markers_when_only_correctness_is_recorded() -> None:
    data = OutcomeSet(
        "weak-m",
        "strong-m",
        (Outcome("Q1 Answer:", False, True), Outcome("Q2 Answer:", True, False)),
        ("x.csv",),
    )
    weak = ReplayBackend.from_outcomes(data, "weak")
    strong = ReplayBackend.from_outcomes(data, "strong")
    assert (weak.name, weak.tier, strong.tier) == ("replay/weak-m", "local", "remote")
    assert weak.complete(CompletionRequest(prompt="Q1 Answer:")).text == "incorrect"
    reply = strong.complete(CompletionRequest(prompt="Q1 Answer:"))
    assert (reply.text, reply.completion_tokens) == ("correct", 1)


def _synthetic(n: int = 400, seed: int = 0) -> OutcomeSet:
    """Prompts about 'algebra' stump the weak model; 'history' ones do not."""
    rng = np.random.default_rng(seed)
    outcomes = []
    for i in range(n):
        hard = i % 2 == 0
        topic = "algebra equation solve for x" if hard else "history which king ruled"
        weak_right = bool(rng.random() < (0.2 if hard else 0.9))
        strong_right = bool(rng.random() < 0.9)
        outcomes.append(Outcome(f"Question {i}: {topic} number {i}?", weak_right, strong_right))
    return OutcomeSet("weak-m", "strong-m", tuple(outcomes), ("synthetic.csv",))


def test_policy_json_round_trip_scores_the_same() -> None:
    data = _synthetic()
    report, policy = evaluate(data, seed=0, budget=0.5, spec=FeatureSpec(hash_dim=256))
    assert report["apgr"] > 0.6  # the topic router scores 0.70 on this noisy split
    text = json.dumps(policy.to_json())
    assert "Infinity" not in text and "NaN" not in text
    loaded = RoutePolicy.from_json(json.loads(text))
    raw = featurize_many(loaded.spec, [o.prompt for o in data.outcomes[:20]])
    assert np.allclose(loaded.scores(raw), policy.scores(raw), atol=1e-4)
    assert loaded.threshold == policy.threshold and loaded.budget == {"remote_share": 0.5}
    broken = json.loads(text)
    broken["scorers"]["weak"]["weights"] = [0.0]
    with pytest.raises(PolicyError, match="weights"):
        RoutePolicy.from_json(broken)


def test_learned_route_runs_on_replayed_outputs(tmp_path: Path) -> None:
    data = _synthetic()
    _, policy = evaluate(data, seed=0, budget=0.5, spec=FeatureSpec(hash_dim=256))
    source = tmp_path / "routed.minion"
    source.write_text(PROGRAM, encoding="utf-8")
    plan = attach_policy(minionc.compile_file(source), policy.to_json())
    minionc.save_plan(plan, tmp_path / "routed.plan.json")
    plan = minionc.load_plan(tmp_path / "routed.plan.json")  # plain data survives the file
    route = next(s for s in plan.steps if isinstance(s, RouteStep))
    assert route.learned is not None and route.learned["threshold"] == policy.threshold

    weak = ReplayBackend.from_outcomes(data, "weak")
    strong = ReplayBackend.from_outcomes(data, "strong")
    queries = data.outcomes[:40]
    right = 0
    with Runtime(local=weak, remote=strong, use_cache=False) as runtime:
        for outcome in queries:
            result = runtime.run(plan, question=outcome.prompt)
            assert result.ok and not result.failures
            went_remote = result.usage.tier("remote").calls == 1
            # The run made the choice the policy makes offline.
            assert went_remote == (policy.score(outcome.prompt) > policy.threshold)
            assert result.value in ("correct", "incorrect")
            right += result.value == "correct"
    assert 0 < strong.calls < len(queries)
    assert weak.calls + strong.calls == len(queries)
    # Hard ('algebra', even) prompts go remote far more often than easy ones.
    always_weak = sum(o.weak_correct for o in queries)
    assert right > always_weak
