"""The optimizer's store is found by what the search measures, not by where the
program file lies: a moved or re-cloned checkout replays its search, and a store
named the old way (by the program's path) is adopted when run from the same
place. A scripted backend counts the calls; tests/runtime/test_cli_optimize.py
runs the search on the real models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from minionc.compiler.optimize import driver
from minionc.compiler.optimize.devset import load_dev_set
from minionc.compiler.optimize.metrics import load_metric
from minionc.compiler.optimize.search import Constraint
from minionc.compiler.pipeline import compile_source
from minionc.compiler.plan import Plan
from minionc.runtime.executor import Runtime
from scripted_backend import ScriptedBackend

PROGRAM = '''
prompt answer(question: str) -> str """Question: {{ question }}"""
protocol qa(question: str) -> str {
  knob room in [4, 8] = 8
  a = answer(question) @remote(max_tokens: room)
  return a
}
'''


def plan_at(path: Path) -> Plan:
    compiled = compile_source(PROGRAM, str(path))
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
