"""What survives a moved or re-cloned checkout, and what must not: a batch's
results resume against the plan's content, the shared inputs and the models
(`minionc.batch.batch_settings`), and the optimizer's store is found by what the
search measures, not by where the program file lies; a store named the old way
(by the program's path) is adopted when run from the same place. A scripted
backend counts the calls; tests/runtime/test_cli_optimize.py and
tests/runtime/test_cli_batch.py run the search and the batch themselves (resume
included, not a move) on the real models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from minionc.compiler.configure import with_knobs
from minionc.compiler.optimize import driver
from minionc.compiler.optimize.devset import load_dev_set
from minionc.compiler.optimize.metrics import load_metric
from minionc.compiler.optimize.search import Constraint
from minionc.compiler.pipeline import compile_source
from minionc.compiler.plan import Plan
from minionc.runtime.executor import Runtime
from scripted_backend import ScriptedBackend

from minionc.batch import batch_settings

PROGRAM = '''
prompt answer(question: str) -> str """Question: {{ question }}"""
protocol qa(question: str) -> str {
  knob room in [4, 8] = 8
  a = answer(question) @remote(max_tokens: room)
  return a
}
'''


def plan_at(path: Path, source: str = PROGRAM) -> Plan:
    compiled = compile_source(source, str(path))
    assert compiled.plan is not None, [d.message for d in compiled.diagnostics]
    return compiled.plan


def search(tmp_path: Path, program: Path) -> tuple[Any, ScriptedBackend]:
    dev = tmp_path / "dev.jsonl"
    rows = [{"question": f"q{i}?", "expected": "x"} for i in range(4)]
    dev.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    remote = ScriptedBackend(tier="remote", answer="x")
    result = driver.optimize(
        plan_at(program),
        load_dev_set(dev, ["question"], {}),
        load_metric("contains"),
        Constraint("absolute", 0.5),
        Runtime(remote=remote, use_cache=False),
        store_dir=tmp_path / "store",
    )
    return result, remote


def test_a_moved_program_replays_its_search(tmp_path: Path) -> None:
    _, first = search(tmp_path, Path("/work/main/programs/qa.minion"))
    assert first.calls > 0
    _, moved = search(tmp_path, Path("/elsewhere/clone/programs/qa.minion"))
    assert moved.calls == 0
    assert len(list((tmp_path / "store").iterdir())) == 1


def test_a_store_named_by_the_programs_path_is_adopted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    program = Path("/work/main/programs/qa.minion")
    with monkeypatch.context() as old_version:
        old_version.setattr(driver, "_plan_digest", driver._located_plan_digest)
        _, first = search(tmp_path, program)
    (legacy,) = (tmp_path / "store").iterdir()
    assert first.calls > 0
    _, again = search(tmp_path, program)
    assert again.calls == 0
    (adopted,) = (tmp_path / "store").iterdir()
    assert adopted.name != legacy.name


def test_a_batch_of_the_same_program_at_another_path_resumes() -> None:
    here = plan_at(Path("/work/main/programs/qa.minion"))
    there = plan_at(Path("/tmp/clone/programs/renamed.minion"))
    assert here.source.path != there.source.path
    assert batch_settings(here, {}) == batch_settings(there, {})


def test_a_batch_of_a_changed_program_knob_or_shared_input_does_not_resume() -> None:
    plan = plan_at(Path("qa.minion"))
    settings = batch_settings(plan, {})
    edited = plan_at(Path("qa.minion"), PROGRAM.replace("Question:", "Q:"))
    assert batch_settings(edited, {})["plan_sha256"] != settings["plan_sha256"]
    knobbed = with_knobs(plan, {"room": 4})
    assert batch_settings(knobbed, {})["plan_sha256"] != settings["plan_sha256"]
    shared = batch_settings(plan, {"context": "a document"})
    assert shared["shared_inputs_sha256"] != settings["shared_inputs_sha256"]
    assert shared["plan_sha256"] == settings["plan_sha256"]
