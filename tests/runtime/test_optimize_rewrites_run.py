"""Plans rewritten by the optimizer run on the real embedded model and make the
calls the rewrite promises: MinionS without its remote decomposition and with a
BM25 pre-filter, and an @auto step placed as a cascade."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from minionc.compiler.configure import with_knobs
from minionc.compiler.optimize.space import Candidate, apply_candidate, search_space
from minionc.compiler.pipeline import compile_file, compile_source
from minionc.runtime.executor import Runtime
from repo_paths import ROOT

# About 1,500 tokens: three chunks of 500, one of which holds the answer.
PARAGRAPHS = [
    f"Section {i}. The {topic} team reviewed its {i * 3} open items in quarter {i % 4 + 1} "
    f"and closed most of them; the remaining work moves to the next planning cycle. " * 4
    for i, topic in enumerate(["finance", "legal", "logistics", "marketing", "security"], 1)
]
PARAGRAPHS.insert(3, "The new assembly plant of Corvena opened in Gdynia in March 2025. " * 3)
DOCUMENT = "\n\n".join(PARAGRAPHS * 2)


def test_minions_without_decomposition_and_with_a_prefilter(
    llama_backend: Any, qwen_small_backend: Any, tmp_path: Path
) -> None:
    plan = compile_file(ROOT / "programs" / "minions.minion").plan
    assert plan is not None
    plan = with_knobs(plan, {"chunk_size": 500, "rounds": 1})
    rewritten = apply_candidate(
        plan,
        Candidate.of({}, {}, {"single_task": True, "prefilter": 2, "trim_findings": "answers"}),
    )
    trace = tmp_path / "trace.jsonl"
    # The supervisor's prompts are written for an instruction-following model.
    runtime = Runtime(local=llama_backend, remote=qwen_small_backend, use_cache=False, trace=trace)
    question = "In which city did Corvena open its new assembly plant?"
    result = runtime.run(rewritten, question=question, context=DOCUMENT)
    assert result.ok, result.error
    chunks = result.values["chunks"]
    assert len(chunks) >= 3
    # Two chunks x one task (the question itself): two local jobs, and one remote
    # call, the synthesis (no decomposition call).
    calls = [json.loads(line) for line in trace.read_text(encoding="utf-8").splitlines()]
    local_prompts = {c["prompt"] for c in calls if c.get("tier") == "local" and "prompt" in c}
    assert len(local_prompts) == 2
    remote = [c for c in calls if c.get("tier") == "remote" and "prompt" in c]
    assert [c["step"] for c in remote] == ["s9"]
    # Trimmed: this call's findings go without their quotes.
    this_call = remote[0]["prompt"].rsplit("What they found:", 1)[-1]
    assert "(quote:" not in this_call
    assert result.values["plan"] == {"tasks": [question]}
    # BM25 kept the chunk about the plant among the two the workers read.
    assert any("Gdynia" in prompt.split("Question:")[-2] for prompt in local_prompts)


def test_an_auto_step_placed_as_a_cascade_runs_local_samples_first(llama_backend: Any) -> None:
    source = '''
    prompt answer(document: str, question: str) -> str {
      """
      Document: {{ document }}
      Question: {{ question }}
      """
      example(document: "The sky is blue.", question: "What colour is the sky?") -> "blue"
    }
    protocol qa(question: str, context: doc) -> str {
      a = answer(context, question) @auto(max_tokens: 8)
      return a
    }
    '''
    plan = compile_source(source, "qa.minion").plan
    assert plan is not None
    step = next(s for s, tiers in search_space(plan).auto_steps if "cascade:2/3" in tiers)
    cascaded = apply_candidate(plan, Candidate.of({}, {step: "cascade:2/3"}))
    runtime = Runtime(local=llama_backend, remote=llama_backend, use_cache=False)
    result = runtime.run(
        cascaded,
        question="Who is the chief executive?",
        context="Acme Corp. The chief executive is Dana Ortiz. The head office is in Leeds.",
    )
    assert result.ok, result.error
    assert result.usage.local.calls >= 3  # the local tier's three samples come first
    assert result.usage.remote.calls <= 1  # and the remote tier only on disagreement
    assert isinstance(result.value, str) and result.value.strip()


TASKS_PROGRAM = '''
type Finding {
  answer: str?
  citation: str?
}
prompt extract(chunk: str, task: str) -> Finding {
  """
  Document: {{ chunk }}
  Question: {{ task }}
  """
  example(
    chunk: "Acme's revenue for fiscal 2023 was $5.2 million, up from $4.1 million in 2022.",
    task: "What was Acme's revenue in 2023?",
  ) -> {answer: "$5.2 million", citation: "revenue for fiscal 2023 was $5.2 million"}
  example(
    chunk: "Acme's revenue for fiscal 2023 was $5.2 million, up from $4.1 million in 2022.",
    task: "What was Acme's net profit in 2023?",
  ) -> {answer: none, citation: none}
}
protocol lookup(tasks: list[str], context: private doc) -> list[Finding] {
  chunks = split(context, tokens: 500)
  findings = for c in chunks, t in tasks: extract(c, t) @local(max_tokens: 48)
  return findings
}
'''


def test_several_tasks_per_local_job(llama_backend: Any, tmp_path: Path) -> None:
    plan = compile_source(TASKS_PROGRAM, "lookup.minion").plan
    assert plan is not None
    batched = apply_candidate(plan, Candidate.of({}, {}, {"tasks_per_job": 2}))
    trace = tmp_path / "trace.jsonl"
    runtime = Runtime(local=llama_backend, use_cache=False, trace=trace)
    tasks = [
        "In which city did Corvena open its new assembly plant?",
        "When did the new assembly plant open?",
        "Who designed the plant?",
    ]
    result = runtime.run(batched, tasks=tasks, context=DOCUMENT)
    assert result.ok, result.error
    chunks = result.values["chunks"]
    # Three tasks in groups of two (the second filled up with its last task): two
    # jobs per chunk, each asking two numbered questions.
    assert result.values["findings__batches"] == [tasks[:2], [tasks[2], tasks[2]]]
    calls = [json.loads(line) for line in trace.read_text(encoding="utf-8").splitlines()]
    prompts = {c["prompt"] for c in calls if c.get("tier") == "local" and "prompt" in c}
    assert len(prompts) == 2 * len(chunks)
    assert all(p.rstrip().endswith("Answer 1:") for p in prompts)
    assert all(p.count("Question 2:") == 2 for p in prompts)  # the example and this job
    # Each job's record comes back as two findings of the original type.
    findings = result.values["findings"]
    assert len(findings) == 2 * len(result.values["findings__jobs"])
    assert all(set(f) == {"answer", "citation"} for f in findings)
    # The chunk about the plant was read with both questions; Gemma 270M answers
    # at least one of them from it (it may swap the two: a cost of grouping that
    # the optimizer's measured quality shows).
    answers = " ".join(f["answer"] or "" for f in findings)
    assert "Gdynia" in answers or "March 2025" in answers
