"""Demos bootstrapped for real: the embedded Gemma behind the loopback server
is the teacher (DSPy's adapters, over HTTP, through the call cache), on three
easy dev questions about a short document; whatever it keeps is a well-formed
example of the local prompt's type that passes the metric."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from minionc.compiler.optimize.demos import bootstrap_demos
from minionc.compiler.optimize.devset import DevExample
from minionc.compiler.optimize.metrics import load_metric
from minionc.compiler.optimize.rewrites import with_demos
from minionc.compiler.pipeline import compile_file
from minionc.runtime.backends.remote import LiteLLMBackend
from minionc.runtime.cache import CallCache
from minionc.runtime.executor import Runtime
from minionc.runtime.output import parse_output, render_call
from minionc.runtime.output_schema import conforms
from repo_paths import ROOT

from minionc.batch import BatchItem

DOCUMENT = (
    "Acme Corp annual report 2023. The chief executive is Dana Ortiz. Headcount grew to "
    "212 employees. Revenue was $7.4 million. The head office is in Leeds."
)
# In the order the teacher meets them (seed 0): the one it gets right first.
DEV = [
    ("How many employees are there?", "212"),
    ("Who is the chief executive?", "Dana Ortiz"),
    ("Where is the head office?", "Leeds"),
]


def test_bootstrapped_demos_on_the_embedded_model_are_examples_that_pass(
    llama_backend: Any, loopback_server: Any, tmp_path: Path
) -> None:
    plan = compile_file(ROOT / "programs" / "minions.minion").plan
    assert plan is not None
    teacher = LiteLLMBackend(
        f"openai/{loopback_server.model_name}",
        api_base=loopback_server.api_base,
        api_key="sk-loopback",
    )
    runtime = Runtime(local=llama_backend, remote=teacher, cache=CallCache(tmp_path / "calls"))
    dev = [
        DevExample(BatchItem(i, {"question": q, "context": DOCUMENT}, {}, f"d{i}"), f"q{i}", a, ())
        for i, (q, a) in enumerate(DEV, 1)
    ]
    metric = load_metric("contains")
    # One demo: the teacher stops at the first answer that passes (time on 2 cores).
    found = bootstrap_demos(plan, dev, metric, runtime, max_demos=1, teacher_max_tokens=48)
    assert found.errors == (), found.errors
    assert 1 <= found.teacher_calls <= 2 * len(DEV)  # ChatAdapter, then its JSON fallback
    assert found.answered["extract"] >= 1
    prompt = plan.prompts["extract"]
    expected = dict(DEV)
    # Gemma 270M is a weak teacher (DSPy's formats are new to it), but on these
    # easy questions it gets one right at temperature 0.
    assert found.kept == {"extract": 1}
    for demo in found.demos["extract"]:
        assert set(demo.inputs) == {"chunk", "task"}
        assert demo.inputs["chunk"] in DOCUMENT  # its passage (here, all of it: it is short)
        assert conforms(demo.output, prompt.output, plan.types)
        assert metric(demo.output["answer"], expected[demo.inputs["task"]]) == 1.0
    rewritten = with_demos.rewrite(found.demos).apply(plan, "bootstrapped")
    kept = len(found.demos["extract"])
    assert rewritten.prompts["extract"].examples[kept:] == prompt.examples
    # The worker reads them in its few-shot prompt and still answers in its format.
    request = render_call(
        rewritten.prompts["extract"],
        {"chunk": "The head office is in Leeds.", "task": "Where is the head office?"},
        types=plan.types,
        raw_completion=True,
        max_tokens=24,
        temperature=0.0,
        seed=0,
    )
    assert request.prompt is not None and request.prompt.count("Document:") == kept + 5
    completion = llama_backend.complete(request)
    assert parse_output(completion.text, prompt.output, plan.types, raw_completion=True).ok

    # Again: DSPy's calls are answered from the runtime's call cache.
    again = bootstrap_demos(plan, dev, metric, runtime, max_demos=1, teacher_max_tokens=48)
    assert again.teacher_calls == 0 and again.teacher_cache_hits == found.teacher_calls
    assert again.demos == found.demos
