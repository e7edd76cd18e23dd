"""Setting knobs on a compiled plan (`minionc run --set`, the optimizer)."""

from __future__ import annotations

import re

import pytest
from minionc.compiler.configure import KnobError, parse_knob_setting, with_knobs
from minionc.compiler.pipeline import compile_file
from repo_paths import ROOT


def minions():
    plan = compile_file(ROOT / "programs" / "minions.minion").plan
    assert plan is not None
    return plan


def test_knobs_take_allowed_values_and_the_plan_is_a_new_one() -> None:
    plan = minions()
    tuned = with_knobs(plan, {"chunk_size": 2000, "tasks": 6, "temperature": 0})
    assert tuned.knobs["chunk_size"].value == 2000
    assert tuned.knobs["tasks"].value == 6
    assert tuned.knobs["temperature"].value == 0.0
    assert plan.knobs["chunk_size"].value == 1000  # the original is untouched
    assert tuned.knobs["chunk_size"].default == 1000


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ({"chunk_sise": 2000}, "has no knob 'chunk_sise' (did you mean 'chunk_size'?)"),
        ({"chunk_size": 3000}, "is not one of its values: 500, 1000, 2000, 4000"),
        ({"tasks": 17}, "outside its range 1..16"),
        ({"tasks": 2.5}, "takes a whole number in 1..16"),
        ({"rounds": "two"}, 'takes a number in 1..3, not "two"'),
        ({"rounds": True}, "takes a number in 1..3, not true"),
    ],
)
def test_values_a_knob_does_not_allow_are_refused(setting: dict, message: str) -> None:
    with pytest.raises(KnobError, match=re.escape(message)):
        with_knobs(minions(), setting)


def test_settings_parse_as_json_else_text() -> None:
    assert parse_knob_setting("chunk_size=2000") == ("chunk_size", 2000)
    assert parse_knob_setting(" temperature = 0.5") == ("temperature", 0.5)
    assert parse_knob_setting("mode=fast") == ("mode", "fast")
    with pytest.raises(KnobError, match="write NAME=VALUE"):
        parse_knob_setting("chunk_size")
