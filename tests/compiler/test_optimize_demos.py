"""Few-shot demos for local prompts: which prompts get them, the rewrite that
puts them in a plan, and bootstrapping through DSPy with a scripted teacher (a
backend that answers DSPy's chat format from a table), so the teleprompter, the
metric, the call cache, the budget and the privacy rule are checked without a
model; tests/runtime/test_optimize_demos_run.py bootstraps on the real one."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from minionc.compiler import plan as p
from minionc.compiler.optimize.demos import bootstrap_demos, demo_targets
from minionc.compiler.optimize.devset import DevExample, load_dev_set
from minionc.compiler.optimize.driver import OptimizeError, optimize
from minionc.compiler.optimize.metrics import load_metric
from minionc.compiler.optimize.rewrites import REWRITES, with_demos
from minionc.compiler.optimize.search import Constraint
from minionc.compiler.optimize.space import Candidate, apply_candidate, search_space
from minionc.compiler.pipeline import compile_file
from minionc.compiler.plan_io import dump_plan, parse_plan
from minionc.runtime.backend import Completion, CompletionRequest
from minionc.runtime.cache import CallCache
from minionc.runtime.executor import Runtime
from minionc.runtime.output import render_call
from repo_paths import ROOT

from minionc.batch import BatchItem

DOCUMENT = (
    "Acme Corp annual report 2023. The chief executive is Dana Ortiz. Headcount grew to "
    "212 employees. Revenue was $7.4 million. The head office is in Leeds."
)
DEV = [
    ("Who is the chief executive?", "Dana Ortiz"),
    ("Where is the head office?", "Leeds"),
    ("How many employees are there?", "212"),
]


def program(name: str) -> p.Plan:
    plan = compile_file(ROOT / "programs" / f"{name}.minion").plan
    assert plan is not None
    return plan


def dev_examples() -> list[DevExample]:
    return [
        DevExample(BatchItem(i, {"question": q, "context": DOCUMENT}, {}, f"d{i}"), f"q{i}", a, ())
        for i, (q, a) in enumerate(DEV, 1)
    ]


class ScriptedTeacher:
    """A remote backend that answers DSPy's ChatAdapter format: the question of
    the last user turn looked up in `answers` (a wrong answer for the rest)."""

    def __init__(self, answers: dict[str, str], api_base: str = "http://127.0.0.1:9/v1"):
        self.answers = answers
        self.api_base = api_base
        self.requests: list[CompletionRequest] = []

    name = "scripted-teacher"
    identity = "test:scripted-teacher"
    tier = "remote"
    supports_raw_prompt = False

    def complete(self, request: CompletionRequest) -> Completion:
        self.requests.append(request)
        assert request.messages is not None
        last = request.messages[-1].content
        task = re.search(r"\[\[ ## task ## \]\]\n(.*)", last)
        answer = self.answers.get(task.group(1).strip() if task else "", "Bob Smith")
        text = (
            f"[[ ## answer ## ]]\n{answer}\n\n[[ ## citation ## ]]\nthe report says {answer}"
            "\n\n[[ ## completed ## ]]"
        )
        return Completion(text=text, prompt_tokens=100, completion_tokens=20)

    def count_tokens(self, text: str) -> int:
        return max(1, len(text) // 4)

    def close(self) -> None:
        pass


# ---- which prompts ---------------------------------------------------------------


def test_the_local_prompts_of_the_standard_programs_get_demos() -> None:
    targets, skipped = demo_targets(program("minions"))
    assert [(t.prompt, t.document_param, t.question_param, t.private) for t in targets] == [
        ("extract", "chunk", "task", True)
    ]
    assert skipped == {}
    (respond,), _ = demo_targets(program("minion"))
    assert (respond.prompt, respond.document_param, respond.question_param) == (
        "respond",
        "context",
        "message",
    )
    (answer,), _ = demo_targets(program("local_only"))
    assert answer.prompt == "answer_from_document"
    assert demo_targets(program("remote_only")) == ([], {})


def test_a_prompt_that_also_runs_remotely_gets_none() -> None:
    # The cascade's and the route's prompt runs on both tiers: demos holding dev
    # passages would reach the remote model in every deployed run.
    for name, prompt in (("abc_cascade", "answer_question"), ("routed", "solve")):
        targets, skipped = demo_targets(program(name))
        assert targets == []
        assert "remote tier too" in skipped[prompt]


# ---- the rewrite -------------------------------------------------------------------

DEMO = p.Example(
    inputs={"chunk": "The head office is in Leeds.", "task": "Where is the head office?"},
    output={"answer": "Leeds", "citation": "The head office is in Leeds."},
)


def test_the_rewrite_puts_the_demos_before_the_programs_own_examples() -> None:
    plan = program("minions")
    rewrite = with_demos.rewrite({"extract": [DEMO]})
    assert rewrite.options(plan) == (None, "bootstrapped")
    assert rewrite.apply(plan, None) == plan
    rewritten = rewrite.apply(plan, "bootstrapped")
    examples = rewritten.prompts["extract"].examples
    assert examples == [DEMO, *plan.prompts["extract"].examples]
    assert rewritten.prompts["decompose"] == plan.prompts["decompose"]
    # Plain data: the plan round-trips through its file format, demos and all.
    assert parse_plan(dump_plan(rewritten)) == rewritten
    # The local worker's prompt shows the demo first, in the few-shot pattern.
    request = render_call(
        rewritten.prompts["extract"],
        {"chunk": "Revenue was $7.4 million.", "task": "What was the revenue?"},
        types=rewritten.types,
        raw_completion=True,
        max_tokens=32,
        temperature=0.0,
        seed=0,
    )
    assert request.prompt is not None
    assert request.prompt.startswith(
        "Document: The head office is in Leeds.\nQuestion: Where is the head office?\n"
        "Answer: Leeds\nCitation: The head office is in Leeds.\n"
    )


def test_demos_are_offered_only_when_some_were_kept_for_a_prompt_of_the_plan() -> None:
    plan = program("minions")
    assert with_demos.rewrite({}).options(plan) == ()
    assert with_demos.rewrite({"extract": []}).options(plan) == ()
    assert with_demos.rewrite({"no_such_prompt": [DEMO]}).options(plan) == ()
    assert "demos" not in dict(search_space(plan).rewrites)  # not a plan-only rewrite

    rewrites = (*REWRITES, with_demos.rewrite({"extract": [DEMO]}))
    space = search_space(plan, rewrites)
    assert dict(space.rewrites)["demos"] == (None, "bootstrapped")
    assert "demos" not in dict(space.defaults.rewrites)  # the baseline: as written (off)
    candidate = Candidate.of({}, {}, {"demos": "bootstrapped"})
    assert apply_candidate(plan, candidate, rewrites).prompts["extract"].examples[0] == DEMO
    assert apply_candidate(plan, candidate) == plan  # without the rewrite: nothing to apply


# ---- bootstrapping, with a scripted teacher ------------------------------------------------


def test_bootstrapping_keeps_the_teachers_answers_that_pass_the_metric(tmp_path: Path) -> None:
    plan = program("minions")
    teacher = ScriptedTeacher({"Who is the chief executive?": "Dana Ortiz"})
    runtime = Runtime(remote=teacher, cache=CallCache(tmp_path / "calls"))
    found = bootstrap_demos(plan, dev_examples(), load_metric("contains"), runtime, max_demos=2)
    assert found.kept == {"extract": 1}  # the other two answers are wrong
    assert found.answered == {"extract": 3}
    assert found.teacher_calls == len(teacher.requests) == 3
    (demo,) = found.demos["extract"]
    assert demo.inputs["task"] == "Who is the chief executive?"
    assert "Dana Ortiz" in demo.inputs["chunk"] and len(demo.inputs["chunk"]) <= len(DOCUMENT)
    assert demo.output == {"answer": "Dana Ortiz", "citation": "the report says Dana Ortiz"}
    # The teacher saw the program's own examples, an abstaining one among them.
    system_and_turns = [m.content for m in teacher.requests[0].messages or ()]
    assert any("Who designed the bridge?" in text for text in system_and_turns)

    # The same again: every teacher call comes from the call cache.
    again = bootstrap_demos(plan, dev_examples(), load_metric("contains"), runtime, max_demos=2)
    assert again.demos == found.demos and again.digest == found.digest
    assert again.teacher_calls == 0 and again.teacher_cache_hits == 3
    assert len(teacher.requests) == 3


def test_bootstrapping_stops_at_max_demos_and_at_the_budget(tmp_path: Path) -> None:
    plan = program("minions")
    teacher = ScriptedTeacher(dict(DEV))
    runtime = Runtime(remote=teacher, use_cache=False)
    metric = load_metric("contains")
    found = bootstrap_demos(plan, dev_examples(), metric, runtime, max_demos=2)
    assert found.kept == {"extract": 2} and found.teacher_calls == 2  # enough after two
    spent = bootstrap_demos(plan, dev_examples(), metric, runtime, max_demos=2, budget_calls=1)
    assert spent.teacher_calls == 1 and spent.budget_spent and spent.kept == {"extract": 1}


def test_private_passages_go_only_to_a_teacher_on_this_machine_unless_allowed() -> None:
    plan = program("minions")  # its context is private
    teacher = ScriptedTeacher(dict(DEV), api_base="https://api.example.com/v1")
    runtime = Runtime(remote=teacher, use_cache=False)
    metric = load_metric("contains")
    refused = bootstrap_demos(plan, dev_examples(), metric, runtime)
    assert refused.demos == {} and teacher.requests == []
    assert "--demos-share-dev" in refused.skipped["extract"]
    allowed = bootstrap_demos(plan, dev_examples(), metric, runtime, share_private=True)
    assert allowed.kept == {"extract": 2}


def test_fixing_demos_is_checked(tmp_path: Path) -> None:
    plan = program("minions")
    dev = tmp_path / "dev.jsonl"
    lines = [{"question": q, "context": DOCUMENT, "expected": a} for q, a in DEV]
    dev.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    devset = load_dev_set(dev, ["question", "context"], {})
    common: dict[str, Any] = {
        "devset": devset,
        "metric": load_metric("contains"),
        "constraint": Constraint("absolute", 0.5),
        "runtime": Runtime(),  # never called: each case stops before any model call
        "store_dir": tmp_path / "store",
    }
    with pytest.raises(OptimizeError, match=r'^demos="yes": choose one of null') as raised:
        optimize(plan, fixed={"demos": "yes"}, **common)
    assert raised.value.argument == "fixed"  # the CLI words it as --fix
    with pytest.raises(OptimizeError, match="no demonstrations were kept"):
        optimize(plan, fixed={"demos": "bootstrapped"}, max_demos=0, **common)
