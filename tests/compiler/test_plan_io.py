"""Plans in and out: deterministic JSON, atomic writes, and every way a plan file
can be wrong turned into a short message that says where and what."""

from __future__ import annotations

import copy
import errno
import json
import os
from pathlib import Path
from typing import Any

import pytest
from minionc.compiler import plan_io
from minionc.compiler.estimate import estimate_plan
from minionc.compiler.plan import PLAN_VERSION, Plan
from minionc.compiler.plan_io import (
    PlanError,
    dump_plan,
    load_plan,
    parse_plan,
    plan_schema,
    save_plan,
    validate_plan,
)
from plan_helpers import PROGRAMS, compile_program, hand_plan, long_context


def plan_data(plan: Plan | None = None) -> dict[str, Any]:
    return json.loads(dump_plan(plan or estimate_plan(hand_plan())))


def parse_error(data: Any, name: str = "plan.json") -> PlanError:
    text = data if isinstance(data, str) else json.dumps(data)
    with pytest.raises(PlanError) as caught:
        parse_plan(text, name)
    message = str(caught.value)
    assert message.startswith(f"{name}: ")
    # Never pydantic's own noise.
    assert "pydantic" not in message and "https://" not in message and "Traceback" not in message
    return caught.value


# ---- round trips -------------------------------------------------------------------


@pytest.mark.parametrize("name", PROGRAMS)
def test_compiled_programs_round_trip_byte_for_byte(name: str) -> None:
    compiled = compile_program(name)
    for plan in (compiled, estimate_plan(compiled, long_context(compiled))):
        text = dump_plan(plan)
        again = parse_plan(text, name)
        assert again == plan
        assert dump_plan(again) == text


def test_dump_is_deterministic_pretty_json_with_aliases() -> None:
    plan = hand_plan()
    text = dump_plan(plan)
    assert text == dump_plan(hand_plan())
    assert text.endswith("}\n") and text.startswith('{\n  "format": "minionc-plan"')
    data = json.loads(text)
    assert data["version"] == PLAN_VERSION
    assert "schema" in data["inputs"][0] and "schema_" not in data["inputs"][0]


def test_standard_programs_pass_semantic_validation() -> None:
    for name in PROGRAMS:
        assert validate_plan(compile_program(name)) == []


# ---- saving --------------------------------------------------------------------------


def test_save_and_load(tmp_path: Path) -> None:
    plan = estimate_plan(hand_plan())
    target = tmp_path / "hand.plan.json"
    save_plan(plan, target)
    assert target.read_text(encoding="utf-8") == dump_plan(plan)
    assert load_plan(target) == plan
    assert sorted(os.listdir(tmp_path)) == ["hand.plan.json"]  # no temporary left behind


def test_save_replaces_an_existing_plan(tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    target.write_text("old", encoding="utf-8")
    save_plan(hand_plan(), str(target))
    assert load_plan(target) == hand_plan()


def test_failed_write_keeps_the_old_file_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "plan.json"
    target.write_text("the old plan", encoding="utf-8")

    def disk_full(src: str, dst: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(plan_io.os, "replace", disk_full)
    with pytest.raises(PlanError, match=r"cannot write the plan to .*No space left on device"):
        save_plan(hand_plan(), target)
    assert target.read_text(encoding="utf-8") == "the old plan"
    assert sorted(os.listdir(tmp_path)) == ["plan.json"]


def test_save_into_a_missing_directory_is_a_plan_error(tmp_path: Path) -> None:
    with pytest.raises(PlanError, match="cannot write the plan to"):
        save_plan(hand_plan(), tmp_path / "no" / "such" / "plan.json")


def test_save_over_a_directory_is_a_plan_error(tmp_path: Path) -> None:
    (tmp_path / "plan.json").mkdir()
    with pytest.raises(PlanError, match="cannot write the plan to"):
        save_plan(hand_plan(), tmp_path / "plan.json")
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]


# ---- reading files ---------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PlanError, match="no such file"):
        load_plan(tmp_path / "nope.json")


def test_directory_is_not_a_plan(tmp_path: Path) -> None:
    with pytest.raises(PlanError, match="is a directory"):
        load_plan(tmp_path)


def test_binary_file_is_not_a_plan(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(PlanError, match="not UTF-8"):
        load_plan(path)


# ---- wrong documents --------------------------------------------------------------------


def test_not_json_says_line_and_column() -> None:
    message = str(parse_error('{\n  "format": "minionc-plan",\n  oops\n}'))
    assert "not valid JSON (line 3, column 3" in message


def test_not_an_object() -> None:
    assert "this is not a minionc plan" in str(parse_error([1, 2]))
    assert "a list" in str(parse_error([1, 2]))


@pytest.mark.parametrize("value", [None, "dspy-program", 3])
def test_wrong_format_is_not_a_plan(value: Any) -> None:
    data = plan_data()
    if value is None:
        del data["format"]
    else:
        data["format"] = value
    message = str(parse_error(data))
    assert "this is not a minionc plan" in message
    assert "minionc compile" in message


@pytest.mark.parametrize("version", [0, 2, 99, "1", None, True])
def test_unknown_version_says_what_this_minionc_reads(version: Any) -> None:
    data = plan_data()
    data["version"] = version
    message = str(parse_error(data))
    assert f"plan version {json.dumps(version)} is not supported" in message
    assert f"reads plan version {PLAN_VERSION}" in message
    assert "recompile" in message.lower()


def test_duplicate_key_is_an_error() -> None:
    text = '{"format": "minionc-plan", "version": 1, "version": 1}'
    assert "'version' appears twice" in str(parse_error(text))


# ---- shape errors (pydantic), made readable ---------------------------------------------


def test_missing_field_names_the_place() -> None:
    data = plan_data()
    del data["steps"][1]["body"][0]["call"]["prompt"]
    error = parse_error(data)
    assert error.problems == ["steps[1].body[0].call.prompt: field required"]
    assert "1 problem" in str(error)


def test_missing_top_level_field() -> None:
    data = plan_data()
    del data["prompts"]
    assert parse_error(data).problems == ["prompts: field required"]


def test_wrong_type_and_unknown_field() -> None:
    data = plan_data()
    data["budgets"][0]["limit"] = "lots"
    data["models"]["worker"]["colour"] = "blue"
    problems = parse_error(data).problems
    assert any(p.startswith("budgets[0].limit: ") and '"lots"' in p for p in problems)
    assert "models.worker.colour: unknown field (remove it, or check its spelling)" in problems


def test_unknown_step_kind() -> None:
    data = plan_data()
    data["steps"][0]["kind"] = "magic"
    (problem,) = parse_error(data).problems
    assert problem.startswith("steps[0]: unknown kind 'magic'")
    assert "'let'" in problem


def test_wrong_literal() -> None:
    data = plan_data()
    data["models"]["worker"]["tier"] = "cloud"
    (problem,) = parse_error(data).problems
    assert problem == "models.worker.tier: must be 'local' or 'remote', not \"cloud\""


def test_many_problems_are_cut_to_ten_lines() -> None:
    data = plan_data()
    for key in ("compiler", "source", "protocol", "inputs", "output", "models", "types"):
        del data[key]
    for key in ("prompts", "knobs", "budgets", "steps", "private_flows"):
        del data[key]
    error = parse_error(data)
    assert len(error.problems) == 12
    lines = str(error).splitlines()
    assert len(lines) == 1 + 10 + 1
    assert lines[-1] == "  ... and 2 more"


# ---- meaning errors (semantic validation) -------------------------------------------------


def test_unknown_prompt() -> None:
    data = plan_data()
    data["steps"][1]["body"][0]["call"]["prompt"] = "extrat"
    (problem,) = parse_error(data).problems
    assert problem == (
        "steps[1].body[0].call.prompt: unknown prompt 'extrat' (prompts: extract, decide)"
    )


def test_call_arguments_must_match_the_parameters() -> None:
    data = plan_data()
    args = data["steps"][1]["body"][0]["call"]["args"]
    args["topic"] = args.pop("task")
    problems = parse_error(data).problems
    assert "steps[1].body[0].call.args: missing 'task' (prompt 'extract' takes chunk, task)" in (
        problems
    )
    assert any("'topic' is not a parameter of prompt 'extract'" in p for p in problems)


def test_unknown_knob_reference() -> None:
    data = plan_data()
    data["steps"][0]["value"]["kwargs"]["tokens"]["name"] = "chunksize"
    (problem,) = parse_error(data).problems
    assert problem == (
        "steps[0].value.kwargs.tokens: unknown knob 'chunksize' (knobs: chunk_size, rounds)"
    )


@pytest.mark.parametrize(
    ("knob", "value", "reason"),
    [
        ("chunk_size", 750, "750 is not one of [500, 1000, 2000]"),
        ("chunk_size", True, "true is not one of [500, 1000, 2000]"),
        ("rounds", 7, "7 is outside 1..3"),
        ("rounds", 1.5, "1.5 is not a whole number"),
        ("rounds", "two", '"two" is not a number'),
    ],
)
def test_knob_value_outside_its_space(knob: str, value: Any, reason: str) -> None:
    data = plan_data()
    data["knobs"][knob]["value"] = value
    (problem,) = parse_error(data).problems
    assert problem == f"knobs.{knob}.value: {reason}"


def test_duplicate_step_ids() -> None:
    data = plan_data()
    data["steps"][1]["body"][1]["id"] = "s1"
    (problem,) = parse_error(data).problems
    assert problem == "steps[1].body[1].id: step id 's1' is also used at steps[0]"


def test_placement_tier_must_agree_with_the_role() -> None:
    data = plan_data()
    placement = data["steps"][1]["body"][0]["call"]["placement"]
    placement["tier"] = "remote"  # worker is a local role, and remote is not allowed
    (problem,) = parse_error(data).problems
    assert problem.startswith("steps[1].body[0].call.placement.tier: 'remote' disagrees with role")


def test_placement_moved_by_the_optimizer_within_allowed_is_fine() -> None:
    data = plan_data()
    placement = data["steps"][1]["body"][2]["call"]["placement"]
    placement.update(target="auto", tier="local", allowed=["local", "remote"])
    assert parse_plan(json.dumps(data), "x").steps


def test_a_placement_within_allowed_still_answers_to_the_privacy_rule() -> None:
    data = plan_data()
    placement = data["steps"][1]["body"][0]["call"]["placement"]
    placement.update(tier="remote", allowed=["local", "remote"])
    problems = parse_error(data).problems
    assert problems and all(p.startswith("step s3 (line 12): ") for p in problems)
    assert any("'c' derives from private input context" in p for p in problems)


def test_unknown_placement_target_and_budget_tier() -> None:
    data = plan_data()
    data["steps"][1]["body"][2]["call"]["placement"]["target"] = "boss"
    data["budgets"][0]["tier"] = "cloud"
    problems = parse_error(data).problems
    assert "budgets[0].tier: unknown tier 'cloud' (known: local, remote, worker, supervisor)" in (
        problems
    )
    assert any(
        p.startswith("steps[1].body[2].call.placement.target: unknown placement 'boss'")
        for p in problems
    )


def test_private_flow_must_name_a_step() -> None:
    data = plan_data()
    data["private_flows"][0]["step"] = "s99"
    assert parse_error(data).problems == ["private_flows[0].step: no step has id 's99'"]


def test_hand_edit_of_a_compiled_program_is_caught() -> None:
    data = plan_data(compile_program("minions"))
    data["knobs"]["chunk_size"]["value"] = 1500
    (problem,) = parse_error(data, "minions.plan.json").problems
    assert problem == "knobs.chunk_size.value: 1500 is not one of [500, 1000, 2000, 4000]"


# ---- the schema -----------------------------------------------------------------------------


def test_plan_schema_is_versioned_json_schema() -> None:
    schema = plan_schema()
    assert schema["$id"] == f"urn:minionc:plan:v{PLAN_VERSION}"
    assert str(PLAN_VERSION) in schema["title"]
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert set(schema["properties"]) == set(Plan.model_fields) - {"schema_"} | set()
    assert "schema" in schema["$defs"]["Param"]["properties"]  # the alias, as in files
    json.dumps(schema)  # plain JSON


def test_schema_does_not_change_the_plan_model() -> None:
    before = copy.deepcopy(Plan.model_json_schema(by_alias=True))
    plan_schema()
    assert Plan.model_json_schema(by_alias=True) == before


# ---- a plan someone sends you: the same rules as a program ----------------------------


def _decide(data: dict[str, Any]) -> dict[str, Any]:
    return data["steps"][1]["body"][2]["call"]


@pytest.mark.parametrize(
    ("tamper", "says"),
    [
        # the share taken away from the remote call's argument
        (
            lambda d: _decide(d)["args"].update(findings={"kind": "ref", "name": "kept"}),
            "'kept' derives from private input context and would be sent to decide",
        ),
        # an option of the remote call computed from the document
        (
            lambda d: _decide(d)["options"].update(
                max_tokens={"kind": "builtin", "name": "len", "args": [_ref("context")]}
            ),
            "sets max_tokens of decide @supervisor",
        ),
        # the loop around the remote call counted from the document
        (
            lambda d: d["steps"][1].update(
                times={"kind": "builtin", "name": "len", "args": [_ref("context")]}
            ),
            "sets how many times the repeat runs",
        ),
        # a filter whose condition reads the document, its result sent unshared
        (
            lambda d: (
                d["steps"][1]["body"].insert(
                    3,
                    {
                        "kind": "filter",
                        "id": "s9",
                        "binds": "picked",
                        "line": 13,
                        "source": {"kind": "list", "items": [{"kind": "const", "value": "a"}]},
                        "where": {
                            "kind": "op",
                            "op": ">",
                            "args": [
                                {"kind": "builtin", "name": "len", "args": [_ref("context")]},
                                {"kind": "const", "value": 5},
                            ],
                        },
                    },
                )
                or _decide(d)["args"].update(question={"kind": "ref", "name": "picked"})
            ),
            "'picked' derives from private input context",
        ),
    ],
)
def test_a_plan_that_lets_private_data_reach_a_remote_model_is_refused(
    tamper: Any, says: str
) -> None:
    data = plan_data()
    tamper(data)
    problems = parse_error(data).problems
    assert any(says in problem for problem in problems), problems


def _ref(name: str) -> dict[str, Any]:
    return {"kind": "ref", "name": name}


@pytest.mark.parametrize(
    ("template", "says"),
    [
        ("{{ question.__class__ }}", "may not access the attribute '__class__'"),
        ("{{ joiner.__init__.__globals__ }}", "may not access the attribute"),
        ("{{ question|attr('__dict__') }}", "may not access the attribute '__dict__'"),
        ("{% include 'x' %}{{ question }}", "cannot load other templates"),
        ("{{ lipsum() }}{{ question }}{{ findings }}", "uses 'lipsum', which is not a parameter"),
        ("{{ question", "template syntax error"),
        ("x" * 100_001 + "{{ question }}{{ findings }}", "the limit is 100,000"),
    ],
)
def test_a_plan_cannot_smuggle_in_a_template(template: str, says: str) -> None:
    data = plan_data()
    data["prompts"]["decide"]["template"] = template
    problems = parse_error(data).problems
    assert any(p.startswith("prompts.decide.template: ") and says in p for p in problems), problems


def test_format_in_a_plan_takes_a_constant_checked_template() -> None:
    data = plan_data()
    data["steps"][0]["value"] = {
        "kind": "builtin",
        "name": "format",
        "args": [_ref("context")],  # a document rendered as a template: never
        "kwargs": {},
    }
    assert any("must be a constant string" in p for p in parse_error(data).problems)
    data["steps"][0]["value"]["args"] = [{"kind": "const", "value": "{{ x.__class__ }}"}]
    data["steps"][0]["value"]["kwargs"] = {"x": _ref("question")}
    assert any("__class__" in p for p in parse_error(data).problems)


def test_a_plan_nested_absurdly_deep_is_refused_with_a_message() -> None:
    data = plan_data()
    data["steps"][0]["value"] = "DEEP"
    deep = '{"kind": "op", "op": "neg", "args": [' * 150 + '{"kind": "const", "value": 1}'
    deep += "]}" * 150
    error = parse_error(json.dumps(data).replace('"DEEP"', deep))
    assert "nests" in str(error) and "levels deep" in str(error)
    deeper = "[" * 100_000 + "]" * 100_000
    assert "nests too deeply" in str(parse_error(deeper))


def test_explain_lists_the_flows_the_plan_has_not_the_ones_it_claims() -> None:
    from minionc.compiler.explain import explain_json

    data = plan_data()
    data["private_flows"] = []  # an edited list cannot hide a flow
    plan = parse_plan(json.dumps(data), "x")
    flows = explain_json(plan)["private_flows"]
    assert [(f["binds"], f["value"], f["kind"]) for f in flows] == [
        ("decision", "kept", "argument")
    ]
