"""Rendering prompt calls per backend, and tolerant parsing of model output.

The parsing table at the bottom is real: `data/gemma_outputs.jsonl` holds what
the embedded Gemma 3 270M base model wrote for prompts rendered by
`render_call` (see `data/collect_gemma_outputs.py`), each with the parse a
correct parser must return.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest
from example_budget import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from minionc.compiler.plan import Example, Param, Prompt
from minionc.compiler.plan_io import load_plan
from minionc.runtime.backend import CompletionRequest, Message
from minionc.runtime.output import (
    FAILURE_REASONS,
    Parsed,
    ParseFailure,
    PromptRenderError,
    _parse,
    copied_example,
    parse_output,
    render_call,
    retry_request,
)
from minionc.runtime.output_schema import conforms, label_of, strict_schema
from repo_paths import ROOT

GOLDEN = sorted((ROOT / "tests" / "golden").glob("*.plan.json"))
FIXTURE = Path(__file__).parent / "data" / "gemma_outputs.jsonl"

FINDING_TYPES = {
    "Finding": {
        "type": "object",
        "title": "Finding",
        "properties": {
            "answer": {"anyOf": [{"type": "string"}, {"type": "null"}]},
            "citation": {"anyOf": [{"type": "string"}, {"type": "null"}]},
        },
        "required": [],
        "additionalProperties": False,
    }
}
FINDING = {"$ref": "#/$defs/Finding"}
ACME = "Acme's revenue for fiscal 2023 was $5.2 million, up from $4.1 million in 2022."

# The `extract` prompt of programs/minions.minion, written out here so that a
# change to the program does not hide a change to the format (and vice versa).
EXTRACT = Prompt(
    params=[
        Param(name="chunk", schema={"type": "string"}),
        Param(name="task", schema={"type": "string"}),
    ],
    output=FINDING,
    template="Document: {{ chunk }}\nQuestion: {{ task }}\n",
    examples=[
        Example(
            inputs={
                "chunk": ACME,
                "task": "What was Acme's revenue in 2023?",
            },
            output={
                "answer": "$5.2 million",
                "citation": "revenue for fiscal 2023 was $5.2 million",
            },
        ),
        Example(
            inputs={
                "chunk": ACME,
                "task": "What was Acme's net profit in 2023?",
            },
            output={"answer": None, "citation": None},
        ),
        Example(
            inputs={
                "chunk": "Maria Chen became chief executive in March 2020, replacing Tom Hale.",
                "task": "Who is the chief executive?",
            },
            output={
                "answer": "Maria Chen",
                "citation": "Maria Chen became chief executive in March 2020",
            },
        ),
        Example(
            inputs={
                "chunk": "The bridge opened in 1998 and carries about 40,000 cars a day.",
                "task": "Who designed the bridge?",
            },
            output={"answer": None, "citation": None},
        ),
    ],
    line=92,
)
CALL = {
    "chunk": "The plant in Ohio employs 1,200 people.",
    "task": "How many people does the Ohio plant employ?",
}

EXTRACT_RAW = """\
Document: Acme's revenue for fiscal 2023 was $5.2 million, up from $4.1 million in 2022.
Question: What was Acme's revenue in 2023?
Answer: $5.2 million
Citation: revenue for fiscal 2023 was $5.2 million

Document: Acme's revenue for fiscal 2023 was $5.2 million, up from $4.1 million in 2022.
Question: What was Acme's net profit in 2023?
Answer: none
Citation: none

Document: Maria Chen became chief executive in March 2020, replacing Tom Hale.
Question: Who is the chief executive?
Answer: Maria Chen
Citation: Maria Chen became chief executive in March 2020

Document: The bridge opened in 1998 and carries about 40,000 cars a day.
Question: Who designed the bridge?
Answer: none
Citation: none

Document: The plant in Ohio employs 1,200 people.
Question: How many people does the Ohio plant employ?
Answer:"""

FINDING_STRICT = {
    "type": "object",
    "title": "Finding",
    "properties": {
        "answer": {"anyOf": [{"type": "string"}, {"type": "null"}]},
        "citation": {"anyOf": [{"type": "string"}, {"type": "null"}]},
    },
    "required": ["answer", "citation"],
    "additionalProperties": False,
}


def _render(prompt: Prompt, args: dict[str, Any], types: dict, *, raw: bool) -> CompletionRequest:
    return render_call(
        prompt, args, types=types, raw_completion=raw, max_tokens=64, temperature=0.0, seed=None
    )


# ---- rendering: exact strings ----------------------------------------------------


def test_extract_raw_completion_exact():
    request = _render(EXTRACT, CALL, FINDING_TYPES, raw=True)
    assert request.prompt == EXTRACT_RAW
    assert request.messages is None
    assert request.stop == ("\n\n", "\nAnswer:", "\nDocument:", "\nQuestion:")
    assert request.json_schema is None
    assert (request.max_tokens, request.temperature, request.seed) == (64, 0.0, None)


def test_extract_chat_exact():
    request = _render(EXTRACT, CALL, FINDING_TYPES, raw=False)
    assert request.prompt is None
    assert request.json_schema == FINDING_STRICT
    system = (
        "Reply with a JSON object that matches this JSON Schema, and nothing else: no "
        "explanation, no code fences. Use null for a value that is not known.\n\n"
        + json.dumps(FINDING_STRICT)
    )
    first, second, third, fourth = (ex.inputs for ex in EXTRACT.examples)
    assert request.messages == (
        Message("system", system),
        Message("user", f"Document: {first['chunk']}\nQuestion: {first['task']}"),
        Message(
            "assistant",
            '{"answer": "$5.2 million", "citation": "revenue for fiscal 2023 was $5.2 million"}',
        ),
        Message("user", f"Document: {second['chunk']}\nQuestion: {second['task']}"),
        Message("assistant", '{"answer": null, "citation": null}'),
        Message("user", f"Document: {third['chunk']}\nQuestion: {third['task']}"),
        Message(
            "assistant",
            '{"answer": "Maria Chen", '
            '"citation": "Maria Chen became chief executive in March 2020"}',
        ),
        Message("user", f"Document: {fourth['chunk']}\nQuestion: {fourth['task']}"),
        Message("assistant", '{"answer": null, "citation": null}'),
        Message("user", f"Document: {CALL['chunk']}\nQuestion: {CALL['task']}"),
    )


def test_extract_in_the_minions_program_renders_the_same_way():
    """The program's own `extract` (whatever its examples are now) renders in the
    documented pattern: examples, then the call, ending with the first label."""
    plan = load_plan(ROOT / "tests" / "golden" / "minions.plan.json")
    prompt = plan.prompts["extract"]
    text = _render(prompt, CALL, plan.types, raw=True).prompt
    assert text.endswith(f"Document: {CALL['chunk']}\nQuestion: {CALL['task']}\nAnswer:")
    blocks = text.split("\n\n")
    assert len(blocks) == len(prompt.examples) + 1
    for block, example in zip(blocks[:-1], prompt.examples, strict=True):
        answer = example.output["answer"] or "none"
        citation = example.output["citation"] or "none"
        assert block.endswith(f"\nAnswer: {answer}\nCitation: {citation}")


def _prompt(template: str, output: dict, params: dict[str, dict], examples=()) -> Prompt:
    return Prompt(
        params=[Param(name=n, schema=s) for n, s in params.items()],
        output=output,
        template=template,
        examples=[Example(inputs=i, output=o) for i, o in examples],
        line=1,
    )


def test_scalar_output_raw_stops_at_the_end_of_the_line():
    prompt = _prompt(
        "Document: {{ doc }}\nQuestion: {{ q }}\n",
        {"type": "string"},
        {"doc": {"type": "string"}, "q": {"type": "string"}},
        [({"doc": "Sky is blue.", "q": "Colour?"}, "blue")],
    )
    request = _render(prompt, {"doc": "Grass is green.", "q": "Colour?"}, {}, raw=True)
    assert request.prompt == (
        "Document: Sky is blue.\nQuestion: Colour?\nAnswer: blue\n\n"
        "Document: Grass is green.\nQuestion: Colour?\nAnswer:"
    )
    assert request.stop == ("\n",)
    chat = _render(prompt, {"doc": "Grass is green.", "q": "Colour?"}, {}, raw=False)
    assert chat.json_schema is None
    assert "plain text" in chat.messages[0].content
    assert chat.messages[2] == Message("assistant", "blue")


def test_record_with_list_bool_int_and_snake_case_fields():
    types = {
        "Plan": {
            "type": "object",
            "title": "Plan",
            "properties": {
                "chunk_id": {"type": "integer"},
                "done": {"type": "boolean"},
                "tasks": {"type": "array", "items": {"type": "string"}},
                "note": {"anyOf": [{"type": "string"}, {"type": "null"}]},
            },
            "required": ["chunk_id", "done", "tasks"],
            "additionalProperties": False,
        }
    }
    prompt = _prompt(
        "Goal: {{ goal }}\n",
        {"$ref": "#/$defs/Plan"},
        {"goal": {"type": "string"}},
        [
            (
                {"goal": "Compare revenue"},
                {"chunk_id": 3, "done": False, "tasks": ["Revenue 2023?", "Revenue 2022?"]},
            ),
        ],
    )
    request = _render(prompt, {"goal": "Find the CEO"}, types, raw=True)
    assert request.prompt == (
        "Goal: Compare revenue\nChunk id: 3\nDone: no\nTasks:\n1. Revenue 2023?\n"
        "2. Revenue 2022?\nNote: none\n\nGoal: Find the CEO\nChunk id:"
    )
    assert request.stop == ("\n\n", "\nChunk id:", "\nGoal:")
    # The completion a model writes after "Chunk id:" parses back.
    parsed = parse_output(
        " 7\nDone: yes\nTasks:\n1. Who is the CEO?\nNote: none",
        prompt.output,
        types,
        raw_completion=True,
    )
    assert parsed == Parsed(
        {"chunk_id": 7, "done": True, "tasks": ["Who is the CEO?"], "note": None}, 0.98, []
    )
    chat = _render(prompt, {"goal": "Find the CEO"}, types, raw=False)
    assert chat.json_schema["required"] == ["chunk_id", "done", "tasks", "note"]
    assert chat.json_schema["properties"]["note"] == {
        "anyOf": [{"type": "string"}, {"type": "null"}]
    }
    assert json.loads(chat.messages[2].content) == {
        "chunk_id": 3,
        "done": False,
        "tasks": ["Revenue 2023?", "Revenue 2022?"],
        "note": None,
    }


def test_enum_output_mentions_no_values_and_chat_wraps_it():
    types = {"Mood": {"type": "string", "enum": ["positive", "negative"], "title": "Mood"}}
    prompt = _prompt(
        "Review: {{ r }}\n",
        {"$ref": "#/$defs/Mood"},
        {"r": {"type": "string"}},
        [({"r": "Great!"}, "positive"), ({"r": "Awful."}, "negative")],
    )
    raw = _render(prompt, {"r": "Fine, I guess"}, types, raw=True)
    assert raw.prompt == (
        "Review: Great!\nAnswer: positive\n\nReview: Awful.\nAnswer: negative\n\n"
        "Review: Fine, I guess\nAnswer:"
    )
    chat = _render(prompt, {"r": "Fine"}, types, raw=False)
    assert chat.json_schema == {
        "type": "object",
        "properties": {
            "answer": {"type": "string", "title": "Mood", "enum": ["positive", "negative"]}
        },
        "required": ["answer"],
        "additionalProperties": False,
    }
    assert chat.messages[2] == Message("assistant", '{"answer": "positive"}')
    assert parse_output(
        '{"answer": "negative"}', prompt.output, types, raw_completion=False
    ).value == ("negative")


def test_template_values_lists_records_and_none():
    prompt = _prompt(
        "Tasks:\n{{ tasks }}\n"
        "{% for f in findings %}* {{ f.answer }} / {{ f.citation }}\n{% endfor %}"
        "Flag: {{ flag }}",
        {"type": "string"},
        {
            "tasks": {"type": "array", "items": {"type": "string"}},
            "findings": {"type": "array", "items": FINDING},
            "flag": {"type": "boolean"},
        },
    )
    args = {
        "tasks": ["a?", "b?"],
        "findings": [{"answer": "x", "citation": None}],
        "flag": True,
    }
    request = _render(prompt, args, FINDING_TYPES, raw=False)
    assert request.messages[-1].content == "Tasks:\n- a?\n- b?\n* x / none\nFlag: true"


def test_missing_argument_is_a_clear_error():
    with pytest.raises(PromptRenderError, match=r"prompt 'extract': missing argument\(s\) 'task'"):
        render_call(
            EXTRACT,
            {"chunk": "text"},
            types=FINDING_TYPES,
            raw_completion=True,
            max_tokens=8,
            temperature=0.0,
            seed=None,
            name="extract",
        )


def test_undefined_field_in_template_is_a_clear_error():
    prompt = _prompt(
        "{% for f in findings %}{{ f.answr }}{% endfor %}",
        {"type": "string"},
        {"findings": {"type": "array", "items": FINDING}},
    )
    with pytest.raises(PromptRenderError, match=r"undefined value.*answr"):
        _render(prompt, {"findings": [{"answer": "x", "citation": None}]}, FINDING_TYPES, raw=True)


def test_error_in_an_example_names_the_example():
    prompt = _prompt(
        "Q: {{ q.text }}",
        {"type": "string"},
        {"q": {"type": "object", "properties": {"text": {"type": "string"}}}},
        [({"q": {"text": "fine"}}, "a"), ({"q": {"txt": "broken"}}, "b")],
    )
    with pytest.raises(PromptRenderError, match="example 2"):
        _render(prompt, {"q": {"text": "ok"}}, {}, raw=True)


# ---- rendering: every prompt of every standard program ---------------------------


def _golden_prompts():
    for path in GOLDEN:
        plan = load_plan(path)
        for name, prompt in plan.prompts.items():
            yield pytest.param(plan, name, prompt, id=f"{path.name.split('.')[0]}.{name}")


def _sample(schema: dict[str, Any], types: dict[str, Any]) -> Any:
    """A small value of a plan schema's type."""
    if "$ref" in schema:
        return _sample(types[schema["$ref"].split("/")[-1]], types)
    if "anyOf" in schema:
        first = next(b for b in schema["anyOf"] if b.get("type") != "null")
        return _sample(first, types)
    kind = schema.get("type")
    if kind == "object":
        return {k: _sample(v, types) for k, v in schema.get("properties", {}).items()}
    if kind == "array":
        return [_sample(schema.get("items", {"type": "string"}), types)]
    return {"integer": 2, "number": 0.5, "boolean": True}.get(str(kind), "text")


def _walk(schema: Any):
    if isinstance(schema, dict):
        yield schema
        for value in schema.values():
            yield from _walk(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from _walk(value)


@pytest.mark.parametrize(("plan", "name", "prompt"), list(_golden_prompts()))
def test_golden_prompt_renders_in_both_modes(plan, name, prompt):
    if prompt.examples:
        args = prompt.examples[-1].inputs
    else:
        # A prompt for an instruction-following model has no examples (the
        # supervisor's): a value of each parameter's type stands in.
        args = {param.name: _sample(param.schema_, plan.types) for param in prompt.params}
    raw = render_call(
        prompt,
        args,
        types=plan.types,
        raw_completion=True,
        max_tokens=32,
        temperature=0.2,
        seed=3,
        name=name,
    )
    chat = render_call(
        prompt,
        args,
        types=plan.types,
        raw_completion=False,
        max_tokens=32,
        temperature=0.2,
        seed=3,
        name=name,
    )
    # Raw: every example, then the call's input, ending with the first label.
    output = prompt.output
    resolved = plan.types[output["$ref"].split("/")[-1]] if "$ref" in output else output
    first_label = (
        label_of(next(iter(resolved["properties"])))
        if resolved.get("type") == "object"
        else "Answer"
    )
    assert raw.prompt.endswith(f"\n{first_label}:")
    assert raw.prompt.count(f"\n{first_label}:") >= len(prompt.examples) + 1
    assert raw.stop and all(stop.startswith("\n") for stop in raw.stop)
    assert len(raw.stop) <= 4
    assert (raw.temperature, raw.seed, raw.max_tokens) == (0.2, 3, 32)
    # Chat: system, then one user/assistant pair per example, then the call.
    assert chat.messages[0].role == "system"
    assert [m.role for m in chat.messages[1:]] == ["user", "assistant"] * len(prompt.examples) + [
        "user"
    ]
    if resolved.get("type") == "string":
        assert chat.json_schema is None
    else:
        assert chat.json_schema is not None
        assert "$ref" not in json.dumps(chat.json_schema)
        for node in _walk(chat.json_schema):
            if node.get("type") == "object":
                assert node["additionalProperties"] is False
                assert node["required"] == list(node["properties"])
            assert not any(key.startswith("x-") for key in node)
        assert json.dumps(chat.json_schema) in chat.messages[0].content


@pytest.mark.parametrize(("plan", "name", "prompt"), list(_golden_prompts()))
def test_golden_example_outputs_parse_back(plan, name, prompt):
    """What the examples show the model is what the parser reads back, in both modes."""
    for example in prompt.examples:
        raw = render_call(
            prompt,
            example.inputs,
            types=plan.types,
            raw_completion=True,
            max_tokens=32,
            temperature=0.0,
            seed=None,
        )
        other = render_call(
            prompt,
            {**example.inputs},
            types=plan.types,
            raw_completion=False,
            max_tokens=32,
            temperature=0.0,
            seed=None,
        )
        # The example's own block in the raw prompt, after the first label.
        text = raw.prompt
        head, _, _ = text.rpartition("\n\n")
        blocks = head.split("\n\n")
        index = prompt.examples.index(example)
        block = blocks[index] if len(blocks) == len(prompt.examples) else None
        if block is not None:
            label = raw.prompt.rsplit("\n", 1)[-1]
            completion = block.split(f"\n{label}", 1)[1]
            parsed = parse_output(completion, prompt.output, plan.types, raw_completion=True)
            assert parsed.ok and parsed.value == example.output, (name, completion, parsed)
            assert parsed.repairs == [], (name, completion, parsed)
        answer = other.messages[2 * index + 2].content
        parsed = parse_output(answer, prompt.output, plan.types, raw_completion=False)
        assert parsed.ok and parsed.value == example.output, (name, answer, parsed)


def test_strict_schema_recursive_record_uses_defs():
    types = {
        "Node": {
            "type": "object",
            "title": "Node",
            "properties": {
                "name": {"type": "string"},
                "children": {"type": "array", "items": {"$ref": "#/$defs/Node"}},
            },
            "required": ["name", "children"],
            "additionalProperties": False,
        }
    }
    schema = strict_schema({"$ref": "#/$defs/Node"}, types)
    assert schema["properties"]["children"]["items"] == {"$ref": "#/$defs/Node"}
    assert schema["$defs"]["Node"]["properties"]["name"] == {"type": "string"}


# ---- parsing: a table of realistic outputs ---------------------------------------

DECISION_TYPES = {
    "Decision": {
        "type": "object",
        "title": "Decision",
        "properties": {
            "done": {"type": "boolean"},
            "answer": {"type": "string"},
            "feedback": {"type": "string"},
        },
        "required": ["done", "answer", "feedback"],
        "additionalProperties": False,
    },
    "Decomposition": {
        "type": "object",
        "title": "Decomposition",
        "properties": {"tasks": {"type": "array", "items": {"type": "string"}}},
        "required": ["tasks"],
        "additionalProperties": False,
    },
    "Direction": {
        "type": "string",
        "enum": ["up", "down", "none", "neutral"],
        "title": "Direction",
    },
    **FINDING_TYPES,
}
DECISION = {"$ref": "#/$defs/Decision"}
TASKS = {"$ref": "#/$defs/Decomposition"}
DIRECTION = {"$ref": "#/$defs/Direction"}
STR = {"type": "string"}
INT = {"type": "integer"}
NUM = {"type": "number"}
BOOL = {"type": "boolean"}
OPT_STR = {"anyOf": [{"type": "string"}, {"type": "null"}]}

# (text, schema, raw_completion, expected value or ParseFailure reason)
CASES: list[tuple[str, dict, bool, Any]] = [
    # labelled lines, as a base model completes them after "Answer:"
    (
        " $5.2 million\nCitation: revenue was $5.2 million",
        FINDING,
        True,
        {"answer": "$5.2 million", "citation": "revenue was $5.2 million"},
    ),
    (" none\nCitation: none", FINDING, True, {"answer": None, "citation": None}),
    (" N/A\ncitation : n/a", FINDING, True, {"answer": None, "citation": None}),
    (" unknown\nCitation:", FINDING, True, {"answer": None, "citation": None}),
    (" Maria Chen", FINDING, True, {"answer": "Maria Chen", "citation": None}),
    (
        " $5.2 million\nCitation: revenue was $5.2 million\n\nDocument: The next one\nQuestion: x",
        FINDING,
        True,
        {"answer": "$5.2 million", "citation": "revenue was $5.2 million"},
    ),
    (
        " 1998\nCitation: opened in 1998\nQuestion: Who designed it?\nAnswer: none",
        FINDING,
        True,
        {"answer": "1998", "citation": "opened in 1998"},
    ),
    (
        " Tom Hale\nCitation: replacing Tom Hale\nAnswer: Tom Hale\nCitation: x",
        FINDING,
        True,
        {"answer": "Tom Hale", "citation": "replacing Tom Hale"},
    ),
    (
        " $5.2 million Citation: revenue was $5.2 million",
        FINDING,
        True,
        {"answer": "$5.2 million", "citation": "revenue was $5.2 million"},
    ),
    (
        " Answer: 40,000 cars\nCitation: carries about 40,000 cars a day",
        FINDING,
        True,
        {"answer": "40,000 cars", "citation": "carries about 40,000 cars a day"},
    ),
    (
        "\n$4.1 million\nCITATION:up from $4.1 million",
        FINDING,
        True,
        {"answer": "$4.1 million", "citation": "up from $4.1 million"},
    ),
    (
        " \"Room 4B\"\nCitation: 'met in Room 4B'",
        FINDING,
        True,
        {"answer": "Room 4B", "citation": "met in Room 4B"},
    ),
    (
        " **Maria Chen**\n**Citation:** Maria Chen became chief executive",
        FINDING,
        True,
        {"answer": "Maria Chen", "citation": "Maria Chen became chief executive"},
    ),
    (
        " Rotterdam\nCitation: none\nExplanation: the second site",
        FINDING,
        True,
        {"answer": "Rotterdam", "citation": None},
    ),
    (
        " \n\nDocument: The next excerpt\nQuestion: x",
        FINDING,
        True,
        {"answer": None, "citation": None},
    ),
    (" \nDocument: The next excerpt", STR, True, "empty"),
    ('{"answer": ""}', STR, False, '{"answer": ""}'),
    (" Room 4B", STR, True, "Room 4B"),
    (" 4 March 2021\nQuestion: Where did they meet?\nAnswer: Room 4B", STR, True, "4 March 2021"),
    (" none", STR, True, "none"),
    (" none", OPT_STR, True, None),
    (" $5.2 million", STR, True, "$5.2 million"),
    (" 1,200", INT, True, 1200),
    (" 1,240 full-time employees", INT, True, 1240),
    (" twelve", INT, True, 12),
    (" 5.2 million", NUM, True, 5200000),
    (" 61.4%", NUM, True, 61.4),
    (" about 4.5 hours", INT, True, "type_mismatch"),
    (" none", INT, True, "type_mismatch"),
    (" Yes", BOOL, True, True),
    (" No, the tenant may not", BOOL, True, False),
    (" maybe", BOOL, True, "type_mismatch"),
    (" Up", DIRECTION, True, "up"),
    (" down.", DIRECTION, True, "down"),
    (" neut", DIRECTION, True, "neutral"),
    (" none", DIRECTION, True, "none"),
    (" sideways", DIRECTION, True, "invalid_enum"),
    (
        "\n1. What was revenue in 2023?\n2. What was revenue in 2022?",
        TASKS,
        True,
        {"tasks": ["What was revenue in 2023?", "What was revenue in 2022?"]},
    ),
    (
        "\n- Revenue 2023?\n- Revenue 2022?\n\nQuestion to answer: next",
        TASKS,
        True,
        {"tasks": ["Revenue 2023?", "Revenue 2022?"]},
    ),
    (" none", TASKS, True, {"tasks": []}),
    # JSON, as chat models (and confused base models) write it
    (
        '{"answer": "$5M", "citation": "Revenue was $5M"}',
        FINDING,
        False,
        {"answer": "$5M", "citation": "Revenue was $5M"},
    ),
    (
        '```json\n{"answer": null, "citation": null}\n```',
        FINDING,
        False,
        {"answer": None, "citation": None},
    ),
    (
        "Here is the answer:\n{'answer': 'Acme's revenue', 'citation': 'x',}\nThanks!",
        FINDING,
        False,
        {"answer": "Acme's revenue", "citation": "x"},
    ),
    ('{answer: "Paris", citation: None}', FINDING, False, {"answer": "Paris", "citation": None}),
    ('{"answer": "none", "citation": "n/a"}', FINDING, False, {"answer": None, "citation": None}),
    (
        '{"done": true, "answer": "Yes", "feedback": "All known."}',
        DECISION,
        False,
        {"done": True, "answer": "Yes", "feedback": "All known."},
    ),
    (
        '{"done": "no", "Answer": "unknown", "feedback": "need 2022", "extra": 1}',
        DECISION,
        False,
        {"done": False, "answer": "unknown", "feedback": "need 2022"},
    ),
    (
        '{"done": true, "answer": "Yes", "feedback": "ok"',
        DECISION,
        False,
        {"done": True, "answer": "Yes", "feedback": "ok"},
    ),
    ('{"done": true, "answer": "Yes, from $4.1', DECISION, False, "truncated"),
    ('{"done": true, "answer": "Yes"}', DECISION, False, "missing_field"),
    ('{"tasks": ["a?", "b?",]}', TASKS, False, {"tasks": ["a?", "b?"]}),
    ('["a?", "b?"]', TASKS, False, {"tasks": ["a?", "b?"]}),
    ('{"answer": 1200}', INT, False, 1200),
    ('{"answer": "1,200"}', INT, False, 1200),
    ('{"answer": "Up"}', DIRECTION, False, "up"),
    ('{"answer": "sideways"}', DIRECTION, False, "invalid_enum"),
    ("The answer is Paris.", STR, False, "The answer is Paris."),
    ("Answer: Paris", STR, False, "Paris"),
    ('"Paris"', STR, False, "Paris"),
    ("I cannot answer that.", DECISION, False, "no_candidate"),
    ("", FINDING, True, "empty"),
    ("  \n ", STR, False, "empty"),
    ("{", DECISION, False, "truncated"),
]


@pytest.mark.parametrize(("text", "schema", "raw", "expected"), CASES)
def test_parse_table(text, schema, raw, expected):
    result = parse_output(text, schema, DECISION_TYPES, raw_completion=raw)
    if isinstance(expected, str) and expected in FAILURE_REASONS:
        assert isinstance(result, ParseFailure), result
        assert result.reason == expected
        assert result.raw == text
        assert result.detail
    else:
        assert isinstance(result, Parsed), result
        assert result.value == expected
        assert type(result.value) is type(expected)
        assert conforms(result.value, schema, DECISION_TYPES)
        assert 0.0 <= result.score <= 1.0


def test_score_prefers_more_fields_and_fewer_repairs():
    clean = parse_output(" A\nCitation: B", FINDING, DECISION_TYPES, raw_completion=True)
    missing = parse_output(" A", FINDING, DECISION_TYPES, raw_completion=True)
    repaired = parse_output(
        " A\nCitation: B\n\nDocument: x", FINDING, DECISION_TYPES, raw_completion=True
    )
    assert clean.score == 1.0 and not clean.repairs
    assert missing.score < clean.score and missing.repairs == ["missing_field:$.citation"]
    assert repaired.score < clean.score and repaired.repairs == ["cut_trailing_text"]
    # Both readings of a chat answer exist; the JSON, which fills both fields, wins.
    both = parse_output(
        'Answer: A\n{"answer": "A", "citation": "B"}', FINDING, DECISION_TYPES, raw_completion=False
    )
    assert both.value == {"answer": "A", "citation": "B"}


# ---- parsing: real Gemma 3 270M outputs -------------------------------------------


def _fixture() -> list[dict]:
    return [json.loads(line) for line in FIXTURE.read_text().splitlines() if line.strip()]


@pytest.mark.parametrize("row", _fixture(), ids=lambda row: row["id"])
def test_real_gemma_output(row):
    result = parse_output(
        row["raw"], row["schema"], row["types"], raw_completion=row["raw_completion"]
    )
    expected = row["expected"]
    if expected["ok"]:
        assert isinstance(result, Parsed), result
        assert result.value == expected["value"]
        assert conforms(result.value, row["schema"], row["types"])
    else:
        assert isinstance(result, ParseFailure), result
        assert result.reason == expected["reason"]


def _rates(rows: list[dict]) -> tuple[float, float]:
    """(share parsed with no repair at all, share parsed after repair)."""
    results = [
        parse_output(r["raw"], r["schema"], r["types"], raw_completion=r["raw_completion"])
        for r in rows
    ]
    clean = sum(1 for r in results if r.ok and not r.repairs) / len(rows)
    repaired = sum(1 for r in results if r.ok) / len(rows)
    return clean, repaired


def test_real_gemma_outputs_parse_rate():
    rows = _fixture()
    assert len(rows) >= 40
    raw = [r for r in rows if r["raw_completion"]]
    chat = [r for r in rows if not r["raw_completion"]]
    assert len(raw) >= 40
    for name, subset in (("raw completion", raw), ("chat", chat), ("all", rows)):
        clean, repaired = _rates(subset)
        print(f"{name}: {len(subset)} outputs; clean {clean:.1%}; after repair {repaired:.1%}")
        assert repaired >= clean
    # The few-shot format is what a base model follows: every real output parses.
    assert _rates(raw)[1] == 1.0


def test_fixture_prompts_are_what_render_call_renders_now():
    """The fixture's prompts were rendered by render_call; a format change should
    come with new real outputs (run data/collect_gemma_outputs.py)."""
    rows = [r for r in _fixture() if r["prompt_name"] in {"answer_question", "count", "check"}]
    spec = importlib.util.spec_from_file_location(
        "collect", FIXTURE.parent / "collect_gemma_outputs.py"
    )
    collect = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(collect)
    extra = collect._extra_prompts()
    abc = load_plan(ROOT / "tests" / "golden" / "abc_cascade.plan.json")
    for row in rows:
        prompt = (
            abc.prompts["answer_question"]
            if row["prompt_name"] == "answer_question"
            else extra[row["prompt_name"]]
        )
        request = render_call(
            prompt,
            row["args"],
            types=row["types"],
            raw_completion=row["raw_completion"],
            max_tokens=8,
            temperature=0.0,
            seed=None,
        )
        if row["raw_completion"]:
            assert request.prompt == row["prompt"], row["id"]


# ---- retry -------------------------------------------------------------------------


def test_retry_chat_appends_the_bad_answer_and_the_error():
    request = _render(EXTRACT, CALL, FINDING_TYPES, raw=False)
    failure = parse_output("I think it is 1,200.", FINDING, FINDING_TYPES, raw_completion=False)
    assert isinstance(failure, ParseFailure)
    retry = retry_request(request, failure)
    assert retry.messages[: len(request.messages)] == request.messages
    assert retry.messages[-2] == Message("assistant", "I think it is 1,200.")
    assert retry.messages[-1].role == "user"
    assert failure.reason in retry.messages[-1].content
    assert "JSON object" in retry.messages[-1].content
    assert retry.json_schema == request.json_schema
    assert (retry.temperature, retry.seed) == (request.temperature, request.seed)


def test_retry_chat_after_an_empty_answer():
    request = _render(EXTRACT, CALL, FINDING_TYPES, raw=False)
    retry = retry_request(request, ParseFailure("empty", "", "the model returned no text"))
    assert retry.messages[-1].role == "user" and "empty" in retry.messages[-1].content
    assert retry.messages[-2] == request.messages[-1]


def test_retry_raw_samples_again():
    request = _render(EXTRACT, CALL, FINDING_TYPES, raw=True)
    retry = retry_request(request, ParseFailure("no_candidate", "???", "nothing"))
    assert retry.prompt == request.prompt and retry.stop == request.stop
    assert retry.seed is not None and retry.seed != request.seed
    assert retry.temperature > 0
    assert retry.cache_key_material() != request.cache_key_material()


# ---- fuzzing: parse_output never raises ------------------------------------------

SCHEMAS = [
    FINDING,
    DECISION,
    TASKS,
    DIRECTION,
    STR,
    INT,
    NUM,
    BOOL,
    OPT_STR,
    {"type": "array", "items": INT},
    {"anyOf": [DECISION, {"type": "null"}]},
    {"type": "object", "properties": {"x": INT}},
    {},
]

_json_text = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["answer", "citation", "done", "tasks", "x", "Answer"]),
            children,
            max_size=4,
        )
    ),
    max_leaves=12,
).map(json.dumps)
_texty = st.text(
    alphabet=st.sampled_from(list("{}[]\"',:\n \\abcAnswer:Citation1,2.5-yesnone`#*"))
    | st.characters(),
    max_size=200,
)


@settings(max_examples=examples(400), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.one_of(st.text(max_size=300), _texty, _json_text),
    schema=st.sampled_from(SCHEMAS),
    raw=st.booleans(),
)
def test_fuzz_never_raises(text, schema, raw):
    result = _parse(text, schema, DECISION_TYPES, raw_completion=raw)  # unguarded
    assert isinstance(result, Parsed | ParseFailure)
    if isinstance(result, Parsed):
        assert conforms(result.value, schema, DECISION_TYPES)
        assert 0.0 <= result.score <= 1.0
    else:
        assert result.reason in FAILURE_REASONS


_VALID_OUTPUTS = [
    (
        '{"done": true, "answer": "Yes, from $4.1 million", "feedback": "Known: both years."}',
        DECISION,
        False,
    ),
    (
        '{"answer": "$5.2 million", "citation": "revenue for fiscal 2023 was $5.2 million"}',
        FINDING,
        False,
    ),
    ('{"tasks": ["What was revenue in 2023?", "What was revenue in 2022?"]}', TASKS, False),
    (
        " $5.2 million\nCitation: revenue for fiscal 2023 was $5.2 million\n\nDocument: x",
        FINDING,
        True,
    ),
    ("\n1. What was revenue in 2023?\n2. What was revenue in 2022?", TASKS, True),
    (" 1,240 employees", INT, True),
]


@settings(max_examples=examples(300), deadline=None)
@given(case=st.sampled_from(_VALID_OUTPUTS), cut=st.floats(min_value=0, max_value=1))
def test_fuzz_truncated_valid_outputs(case, cut):
    text, schema, raw = case
    truncated = text[: int(len(text) * cut)]
    result = _parse(truncated, schema, DECISION_TYPES, raw_completion=raw)
    if isinstance(result, Parsed):
        assert conforms(result.value, schema, DECISION_TYPES)
    else:
        assert result.reason in FAILURE_REASONS


def test_deep_nesting_and_huge_input_do_not_raise():
    for text in ["[" * 5000, "{" * 5000, '{"a":' * 3000, "x" * 200_000, "\n" * 10000 + "Answer: 1"]:
        for schema in SCHEMAS:
            result = _parse(text, schema, DECISION_TYPES, raw_completion=True)
            assert isinstance(result, Parsed | ParseFailure)


def test_an_answer_cut_off_at_max_tokens_is_truncated_and_retried_with_more_room():
    # A wrong shape alone would be retried by sampling again; cut off at max_tokens,
    # the failure says so and the retry doubles max_tokens instead.
    cut = parse_output("Answer: none\nCit", {"type": "integer"}, {}, raw_completion=True)
    assert isinstance(cut, ParseFailure) and cut.reason != "truncated"
    cut = parse_output(
        "Answer: none\nCit", {"type": "integer"}, {}, raw_completion=True, cut_off=True
    )
    assert isinstance(cut, ParseFailure) and cut.reason == "truncated"
    assert "max_tokens" in cut.detail
    request = CompletionRequest(prompt="Q: 1+1\nAnswer:", max_tokens=32, temperature=0.0)
    retry = retry_request(request, cut)
    assert retry.max_tokens == 64 and retry.seed == 1 and retry.temperature >= 0.7
    chat = CompletionRequest(messages=(Message("user", "hi"),), max_tokens=3000)
    assert retry_request(chat, cut).max_tokens == 4096  # capped
    # A complete answer that merely ran on until max_tokens still parses.
    fine = parse_output(
        "Answer: 42\nAnswer: 42\nAns", {"type": "integer"}, {}, raw_completion=True, cut_off=True
    )
    assert not isinstance(fine, ParseFailure) and fine.value == 42


# ---- an answer copied from the prompt's examples -------------------------------------------

_STR = {"type": "string"}
_EXTRACT = _prompt(
    "Document: {{ chunk }}\nQuestion: {{ task }}\n",
    {"type": "object", "properties": {"answer": _STR, "citation": _STR}},
    {"chunk": _STR, "task": _STR},
    [
        (
            {"chunk": "Maria Chen became chief executive in 2020.", "task": "Who is the CEO?"},
            {"answer": "Maria Chen", "citation": "Maria Chen became chief executive"},
        ),
        ({"chunk": "The bridge opened in 1998.", "task": "Is it open?"}, {"answer": "yes"}),
    ],
)


def test_an_answer_an_example_gave_that_the_inputs_do_not_contain_is_a_copy():
    other = {"chunk": "Dana Ortiz runs Acme.", "task": "Who is the CEO?"}
    failure = copied_example({"answer": "Maria Chen", "citation": "x"}, _EXTRACT, other)
    assert failure is not None and failure.reason == "copied_example"
    assert "field 'answer' 'Maria Chen'" in failure.detail
    # A real extraction, a name the inputs do hold, a generic answer, the example
    # itself: none is a copy.
    assert copied_example({"answer": "Dana Ortiz", "citation": "x"}, _EXTRACT, other) is None
    holds = {"chunk": "Maria Chen joined Acme in 2021.", "task": "Who joined?"}
    assert copied_example({"answer": "Maria Chen", "citation": "x"}, _EXTRACT, holds) is None
    assert copied_example({"answer": "yes", "citation": "x"}, _EXTRACT, other) is None
    first = _EXTRACT.examples[0]
    assert copied_example(first.output, _EXTRACT, dict(first.inputs)) is None
    # A label is not free text: an enum's few values are every example's outputs.
    label = _prompt(
        "Headline: {{ h }}",
        {"enum": ["up", "down"], "type": "string"},
        {"h": _STR},
        [({"h": "Gold rallies"}, "up")],
    )
    assert copied_example("up", label, {"h": "Stocks climb"}) is None


def test_a_copied_example_is_retried_then_recorded(tmp_path):
    from minionc.compiler.pipeline import compile_source
    from minionc.runtime.executor import Runtime
    from scripted_backend import ScriptedBackend

    source = '''
    prompt ceo(document: str) -> str {
      """Document: {{ document }}"""
      example(document: "Maria Chen became chief executive in 2020.") -> "Maria Chen"
    }
    protocol main(context: doc) -> str {
      return ceo(context) @local
    }
    '''
    plan = compile_source(source, "copy.minion").plan
    assert plan is not None
    parrot = ScriptedBackend("local", answer=" Maria Chen")
    result = Runtime(local=parrot, use_cache=False).run(plan, context="Dana Ortiz runs Acme.")
    assert result.value is None and parrot.calls == 2  # retried once, then a failure
    assert result.failures_by_reason == {"copied_example": 1}
