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
from repo_paths import ROOT

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


CASCADE_PROGRAM = """
models {
  worker = local
  supervisor = remote
}

prompt answer(question: str) -> str \"\"\"{{ question }}\"\"\"

protocol cascaded_answer(question: str) -> str {
  result = cascade(policy: "learned", threshold: 0.5) {
    answer(question) @worker
    answer(question) @supervisor
  }
  return result
}
"""


def _hedged(n: int = 400, seed: int = 0) -> OutcomeSet:
    """The weak model's answer says when it is unsure (and then it is mostly
    wrong); the prompts alone carry no signal."""
    rng = np.random.default_rng(seed)
    outcomes = []
    for i in range(n):
        unsure = bool(rng.random() < 0.4)
        weak_right = bool(rng.random() < (0.15 if unsure else 0.9))
        strong_right = bool(rng.random() < 0.9)
        weak = (
            f"I am not sure, it might be {i} or {i + 1}, perhaps"
            if unsure
            else f"{i} + 1 = {i + 1}\n#### {i + 1}"
        )
        strong = f"The answer is {i + 1}.\n#### {i + 1}"
        outcomes.append(
            Outcome(f"Item {i}: how many apples?", weak_right, strong_right, weak, strong)
        )
    return OutcomeSet("weak-m", "strong-m", tuple(outcomes), ("synthetic.csv",))


def test_learned_cascade_defers_on_the_local_answer(tmp_path: Path) -> None:
    data = _hedged()
    spec = FeatureSpec(hash_dim=256, use_response=True)
    _, policy = evaluate(data, seed=0, budget=0.5, spec=spec)
    source = tmp_path / "cascaded.minion"
    source.write_text(CASCADE_PROGRAM, encoding="utf-8")
    compiled = minionc.compile_file(source)
    # A route decides before any call, so it cannot hold a policy that reads the answer.
    routed = tmp_path / "routed.minion"
    routed.write_text(PROGRAM, encoding="utf-8")
    with pytest.raises(ValueError, match="reads the local model's answer"):
        attach_policy(minionc.compile_file(routed), policy.to_json())
    minionc.save_plan(attach_policy(compiled, policy.to_json()), tmp_path / "c.plan.json")
    plan = minionc.load_plan(tmp_path / "c.plan.json")

    weak = ReplayBackend.from_outcomes(data, "weak")
    strong = ReplayBackend.from_outcomes(data, "strong")
    queries = data.outcomes[:60]
    right = deferred_unsure = unsure = 0
    with Runtime(local=weak, remote=strong, use_cache=False) as runtime:
        for outcome in queries:
            result = runtime.run(plan, question=outcome.prompt)
            assert result.ok and not result.failures
            deferred = result.usage.tier("remote").calls == 1
            offline = policy.score(outcome.prompt, result.cascades[0].answers[0][0])
            assert deferred == (offline > policy.threshold)
            assert result.cascades[0].answered_by == (1 if deferred else 0)
            right += outcome.strong_correct if deferred else outcome.weak_correct
            is_unsure = "not sure" in (outcome.weak_response or "")
            unsure += is_unsure
            deferred_unsure += is_unsure and deferred
    # Every query pays the local call; the unsure answers are the ones that go on,
    # within the budget of half the calls.
    assert weak.calls == len(queries) and 0 < strong.calls <= 0.5 * len(queries)
    assert deferred_unsure >= 0.8 * unsure
    assert right > sum(o.weak_correct for o in queries)


def test_untrained_learned_cascade_keeps_the_local_answer(tmp_path: Path) -> None:
    data = _hedged(n=10)
    source = tmp_path / "cascaded.minion"
    source.write_text(CASCADE_PROGRAM, encoding="utf-8")
    plan = minionc.compile_file(source)
    weak = ReplayBackend.from_outcomes(data, "weak")
    strong = ReplayBackend.from_outcomes(data, "strong")
    with Runtime(local=weak, remote=strong, use_cache=False) as runtime:
        result = runtime.run(plan, question=data.outcomes[0].prompt)
    assert result.ok and result.value == data.outcomes[0].weak_response
    assert strong.calls == 0


def _grounded(n: int = 400, seed: int = 0) -> OutcomeSet:
    """Questions over a passage: the weak answer is right when it is copied from
    the passage and wrong when it is made up; nothing else tells them apart."""
    rng = np.random.default_rng(seed)
    # Names of one length, the wrong one drawn at random: neither the answer nor the
    # passage alone says whether the answer is right, only whether they match.
    names = ["Amber", "Basil", "Cedar", "Delta", "Ember", "Fable"]
    outcomes = []
    for i in range(n):
        fact = names[i % len(names)]
        copied = bool(rng.random() < 0.5)
        others = [name for name in names if name != fact]
        weak = fact if copied else others[int(rng.integers(len(others)))]
        prompt = f"Passage {i}: the record names {fact} here.\nQuestion {i}: which one?"
        outcomes.append(Outcome(prompt, copied, True, weak, fact))
    return OutcomeSet("weak-m", "strong-m", tuple(outcomes), ("synthetic.csv",))


def test_a_grounded_policy_defers_the_answers_not_found_in_the_prompt(tmp_path: Path) -> None:
    data = _grounded()
    plain = FeatureSpec(hash_dim=256, use_response=True)
    grounded = FeatureSpec(hash_dim=256, use_response=True, grounding=True)
    report_plain, _ = evaluate(data, seed=0, budget=0.5, spec=plain)
    report, policy = evaluate(data, seed=0, budget=0.5, spec=grounded)
    oracle = report["routers"]["oracle"]["apgr"]
    assert report["apgr"] > 0.95 * oracle and report["apgr"] > report_plain["apgr"] + 0.1
    # It runs in a cascade exactly as it was scored offline.
    source = tmp_path / "cascaded.minion"
    source.write_text(CASCADE_PROGRAM, encoding="utf-8")
    plan = attach_policy(minionc.compile_file(source), policy.to_json())
    weak = ReplayBackend.from_outcomes(data, "weak")
    strong = ReplayBackend.from_outcomes(data, "strong")
    with Runtime(local=weak, remote=strong, use_cache=False) as runtime:
        for outcome in data.outcomes[:40]:
            result = runtime.run(plan, question=outcome.prompt)
            deferred = result.usage.tier("remote").calls == 1
            assert deferred == (
                policy.score(outcome.prompt, outcome.weak_response) > policy.threshold
            )
            assert deferred != outcome.weak_correct


def test_a_policy_saved_before_grounding_loads_and_scores_as_it_was_trained() -> None:
    data = _hedged(n=120)
    _, policy = evaluate(
        data, seed=0, budget=0.5, spec=FeatureSpec(hash_dim=256, use_response=True)
    )
    saved = policy.to_json()
    saved["features"].pop("grounding")  # what a policy written before the feature holds
    loaded = RoutePolicy.from_json(json.loads(json.dumps(saved)))
    assert not loaded.spec.grounding and loaded.spec.width == policy.spec.width
    for outcome in data.outcomes[:20]:
        assert loaded.score(outcome.prompt, outcome.weak_response) == pytest.approx(
            policy.score(outcome.prompt, outcome.weak_response), abs=1e-4
        )


SHARED_GSM8K = ROOT.parent / "shared" / "data" / "routellm" / "gsm8k"


@pytest.mark.skipif(not SHARED_GSM8K.is_dir(), reason="../shared/data/routellm/gsm8k is absent")
def test_frugal_cascade_on_recorded_gsm8k_decides_as_the_offline_scorer() -> None:
    """programs/frugal_cascade.minion with a policy trained as `route-eval
    --budget 30 --plan` trains it, run on the recorded test split: the run defers
    exactly where the offline scorer does, and within the budget."""
    from minionc.runtime.routing.data import load_outcomes
    from minionc.runtime.routing.evaluate import split_outcomes

    data = load_outcomes(SHARED_GSM8K)
    report, policy = evaluate(data, seed=0, budget=0.3)
    assert policy.spec.use_response
    repo = Path(__file__).resolve().parents[2]
    plan = attach_policy(
        minionc.compile_file(repo / "programs" / "frugal_cascade.minion"), policy.to_json()
    )
    split = split_outcomes(data.outcomes, seed=0, test_share=0.3, calibration_share=0.2)
    test = [data.outcomes[i] for i in split.test]
    weak = ReplayBackend.from_outcomes(data, "weak")
    strong = ReplayBackend.from_outcomes(data, "strong")
    right = 0
    with Runtime(local=weak, remote=strong, use_cache=False) as runtime:
        for outcome in test:
            result = runtime.run(plan, question=outcome.prompt)
            assert result.ok and not result.failures
            went = result.usage.tier("remote").calls == 1
            assert went == (policy.score(outcome.prompt, outcome.weak_response) > policy.threshold)
            right += outcome.strong_correct if went else outcome.weak_correct
    offline = next(row for row in report["budgets"] if row["budget"] == 0.3)
    assert strong.calls / len(test) == pytest.approx(offline["test_remote_share"])
    assert strong.calls <= 0.3 * len(test)
    assert right / len(test) == pytest.approx(offline["test_quality"])
    assert right / len(test) > report["routers"]["always_weak"]["quality"] + 0.1
