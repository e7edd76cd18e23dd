"""The public Python API: `minionc.compile_file`, `load_plan`, `save_plan`, `Plan`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from repo_paths import ROOT

import minionc


def test_compile_save_load(tmp_path: Path) -> None:
    plan = minionc.compile_file(ROOT / "programs/minions.minion", assume={"context": 50000})
    assert isinstance(plan, minionc.Plan)
    assert plan.protocol == "minions"
    assert plan.estimate is not None and plan.estimate.local.calls == 400
    target = tmp_path / "minions.plan.json"
    minionc.save_plan(plan, target)
    assert minionc.load_plan(target) == plan


def test_compile_error_carries_rendered_diagnostics(tmp_path: Path) -> None:
    path = tmp_path / "bad.minion"
    path.write_text("protocol main(q: str) -> str { return qq }\n", encoding="utf-8")
    with pytest.raises(minionc.CompileError) as caught:
        minionc.compile_file(path)
    error = caught.value
    assert str(error).startswith(f"{path}: 1 error\n")
    assert "error[M0101]: unknown name 'qq'" in error.rendered
    assert "^^" in error.rendered
    assert [d.code for d in error.diagnostics] == ["M0101"]


def test_compile_missing_file_is_a_compile_error(tmp_path: Path) -> None:
    with pytest.raises(minionc.CompileError, match="M0005"):
        minionc.compile_file(tmp_path / "missing.minion")


def test_load_bad_plan_is_a_plan_error(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text("[]", encoding="utf-8")
    with pytest.raises(minionc.PlanError, match="not a minionc plan"):
        minionc.load_plan(path)


def test_protocol_choice() -> None:
    with pytest.raises(minionc.CompileError, match="M090"):
        minionc.compile_file(ROOT / "programs/minions.minion", protocol="nope")


def test_import_is_light() -> None:
    code = "import sys, minionc; print('pydantic' in sys.modules, 'lark' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]


def test_unknown_attribute() -> None:
    with pytest.raises(AttributeError):
        minionc.nothing_here  # noqa: B018
