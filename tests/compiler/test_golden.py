"""Golden plans: tests/golden/<program>.plan.json is what `minionc compile
programs/<program>.minion` writes (run from the repository root), byte for byte.

A change to the compiler that changes a plan shows up here as a diff to review.
If the change is intended, regenerate the files and commit them with it:

    MINIONC_UPDATE_GOLDEN=1 .venv/bin/pytest tests/compiler/test_golden.py
"""

from __future__ import annotations

import difflib
import json
import os

import pytest
from minionc.compiler.plan_io import dump_plan, load_plan
from plan_helpers import PROGRAMS, ROOT, at_root

import minionc

GOLDEN = ROOT / "tests" / "golden"
UPDATE = os.environ.get("MINIONC_UPDATE_GOLDEN") == "1"


def fresh(name: str) -> str:
    with at_root():
        return dump_plan(minionc.compile_file(f"programs/{name}.minion"))


@pytest.mark.parametrize("name", PROGRAMS)
def test_plan_matches_golden(name: str) -> None:
    golden = GOLDEN / f"{name}.plan.json"
    text = fresh(name)
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8", newline="\n")
    assert golden.exists(), (
        f"no golden plan for programs/{name}.minion; create it with "
        "MINIONC_UPDATE_GOLDEN=1 pytest tests/compiler/test_golden.py"
    )
    expected = golden.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(
            list(
                difflib.unified_diff(
                    expected.splitlines(keepends=True),
                    text.splitlines(keepends=True),
                    f"tests/golden/{name}.plan.json",
                    "fresh compile",
                )
            )[:60]
        )
        pytest.fail(
            f"the plan of programs/{name}.minion changed:\n{diff}\nIf this is intended, "
            "regenerate: MINIONC_UPDATE_GOLDEN=1 pytest tests/compiler/test_golden.py"
        )


@pytest.mark.parametrize("name", PROGRAMS)
def test_golden_plan_is_portable_and_loads(name: str) -> None:
    golden = GOLDEN / f"{name}.plan.json"
    text = golden.read_text(encoding="utf-8")
    # No absolute path of the machine that wrote it.
    assert str(ROOT) not in text
    assert os.path.expanduser("~") not in text or os.path.expanduser("~") == "/"
    data = json.loads(text)
    assert data["source"]["path"] == f"programs/{name}.minion"
    plan = load_plan(golden)
    assert plan.estimate is not None
    assert dump_plan(plan) == text


def test_every_program_has_a_golden_plan_and_nothing_else_does() -> None:
    stored = sorted(path.name for path in GOLDEN.glob("*.plan.json"))
    assert stored == [f"{name}.plan.json" for name in PROGRAMS]
