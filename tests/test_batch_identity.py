"""What a batch's results are resumed against (`minionc.batch.batch_settings`):
the plan's content, the shared inputs and the models, not where the program file
lies, so a moved or re-cloned checkout resumes its batches and a changed program
does not."""

from __future__ import annotations

from minionc.compiler.configure import with_knobs
from minionc.compiler.pipeline import compile_source
from minionc.compiler.plan import Plan

from minionc.batch import batch_settings

PROGRAM = '''
prompt answer(question: str) -> str """Question: {{ question }}"""
protocol main(question: str) -> str {
  knob tokens in [8, 16] = 8
  a = answer(question) @remote(max_tokens: tokens)
  return a
}
'''


def plan_at(path: str, source: str = PROGRAM) -> Plan:
    compiled = compile_source(source, path)
    assert compiled.plan is not None, [d.message for d in compiled.diagnostics]
    return compiled.plan


def test_the_same_program_at_another_path_resumes() -> None:
    here = plan_at("/work/main/programs/qa.minion")
    there = plan_at("/tmp/clone/programs/renamed.minion")
    assert here.source.path != there.source.path
    assert batch_settings(here, {}) == batch_settings(there, {})


def test_a_changed_program_knob_or_shared_input_does_not_resume() -> None:
    plan = plan_at("qa.minion")
    settings = batch_settings(plan, {})
    edited = plan_at("qa.minion", PROGRAM.replace("Question:", "Q:"))
    assert batch_settings(edited, {})["plan_sha256"] != settings["plan_sha256"]
    knobbed = with_knobs(plan, {"tokens": 16})
    assert batch_settings(knobbed, {})["plan_sha256"] != settings["plan_sha256"]
    shared = batch_settings(plan, {"context": "a document"})
    assert shared["shared_inputs_sha256"] != settings["shared_inputs_sha256"]
    assert shared["plan_sha256"] == settings["plan_sha256"]
