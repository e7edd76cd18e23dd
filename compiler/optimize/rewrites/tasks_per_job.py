"""Several tasks per local job: a fan-out over chunks x tasks becomes one job per
chunk x group of `size` tasks, with a prompt that asks all of them at once.

Applies to a local fan-out with two iterators where one runs over a list of
texts (the tasks) passed whole to a text parameter of the prompt, and the
template shows that parameter on lines of its own (`Question: {{ task }}`). The
rewritten plan

- groups the tasks with `batches(tasks, size: N)` (the last group filled up with
  its last task, so every job asks exactly N questions);
- calls a generated prompt `<prompt>__x<N>` whose template numbers the task lines
  (`Question 1: ...`, `Question 2: ...`) and whose output record numbers the
  fields (`answer_1`, `citation_1`, ...), so a small base model sees one labelled
  completion pattern; its examples are the prompt's own, grouped by the rest of
  their inputs (the same excerpt asked several questions);
- turns each job's record back into N values of the original type and
  flattens them, so every later step sees what it saw before.

Fewer local calls, and each chunk is read once per group of tasks instead of once
per task; a small model may mix up the answers of a group, which the measured
quality shows.
"""

from __future__ import annotations

import json
import re
from typing import Any

from minionc.compiler import plan as p

from .prefilter import _split_bindings

SIZES: tuple[int, ...] = (2, 4)


def options(plan: p.Plan) -> tuple[Any, ...]:
    if not _targets(plan, plan.steps, _split_bindings(plan.steps)):
        return ()
    return (1, *SIZES)


def apply(plan: p.Plan, size: int) -> p.Plan:
    if size == 1:
        return plan
    targets = _targets(plan, plan.steps, _split_bindings(plan.steps))
    prompts = dict(plan.prompts)
    types = dict(plan.types)
    for target in targets.values():
        name, prompt, output = _batched_prompt(plan, target, size)
        prompts[name] = prompt
        if output is not None:
            types[output[0]] = output[1]
    steps = _rewritten(plan.steps, targets, plan, size)
    return plan.model_copy(update={"steps": steps, "prompts": prompts, "types": types})


class _Target:
    """A fan-out the rewrite applies to: which iterator holds the tasks, and which
    prompt parameter takes them."""

    def __init__(self, step: p.MapStep, iterator: int, param: str) -> None:
        self.step = step
        self.iterator = iterator
        self.param = param

    @property
    def call(self) -> p.LLMCall:
        assert self.step.call is not None
        return self.step.call


def _targets(plan: p.Plan, steps: list[p.Step], splits: set[str]) -> dict[str, _Target]:
    found: dict[str, _Target] = {}
    for _, step in p.walk_steps(steps):
        if isinstance(step, p.MapStep) and step.binds:
            target = _target(plan, step, splits)
            if target is not None:
                found[step.id] = target
    return found


def _target(plan: p.Plan, step: p.MapStep, splits: set[str]) -> _Target | None:
    call = step.call
    if call is None or call.placement.tier != "local" or len(step.iterators) != 2:
        return None
    prompt = plan.prompts.get(call.prompt)
    if prompt is None or (_record_fields(plan, call.output) is None and not _scalar(call.output)):
        return None
    for index, iteration in enumerate(step.iterators):
        over = iteration.over
        if isinstance(over, p.RefExpr) and over.name in splits:
            continue  # the chunks, not the tasks
        params = [
            name
            for name, arg in call.args.items()
            if isinstance(arg, p.RefExpr) and arg.name == iteration.var
        ]
        others_read_it = any(
            iteration.var in p.expr_reads(arg)
            for name, arg in call.args.items()
            if name not in params
        )
        if len(params) != 1 or others_read_it:
            continue
        param = next((q for q in prompt.params if q.name == params[0]), None)
        if param is None or param.schema_.get("type") != "string":
            continue
        if _task_lines(prompt.template, param.name) is not None:
            return _Target(step, index, param.name)
    return None


def _line_pattern(param: str) -> re.Pattern[str]:
    return re.compile(r"^(?P<label>[^{}]*?)\{\{\s*" + re.escape(param) + r"\s*\}\}\s*$")


def _task_lines(template: str, param: str) -> list[int] | None:
    """Indices of the template lines that show the task, when each of them is
    `label {{ task }}` and nothing else reads it; else None."""
    mention = re.compile(r"\b" + re.escape(param) + r"\b")
    pattern = _line_pattern(param)
    lines = template.split("\n")
    found: list[int] = []
    for index, line in enumerate(lines):
        if not mention.search(line):
            continue
        if not pattern.match(line):
            return None
        found.append(index)
    return found or None


def _batched_template(template: str, param: str, batch_param: str, size: int) -> str:
    pattern = _line_pattern(param)
    out: list[str] = []
    for line in template.split("\n"):
        match = pattern.match(line)
        if match is None:
            out.append(line)
            continue
        label = match.group("label")
        numbered = re.sub(r"^(\s*)(.*?)(\s*:\s*)$", r"\1\2 {n}\3", label)
        if numbered == label:  # no "Label:" to number
            numbered = label + "{n}. "
        for n in range(1, size + 1):
            out.append(numbered.format(n=n) + "{{ " + f"{batch_param}[{n - 1}]" + " }}")
    return "\n".join(out)


def _resolve(plan: p.Plan, schema: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
    ref = schema.get("$ref", "")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        name = ref.removeprefix("#/$defs/")
        return name, plan.types.get(name, {})
    return None, schema


def _record_fields(plan: p.Plan, schema: dict[str, Any]) -> dict[str, Any] | None:
    _, resolved = _resolve(plan, schema)
    properties = resolved.get("properties")
    if resolved.get("type") == "object" and isinstance(properties, dict) and properties:
        return properties
    return None


def _scalar(schema: dict[str, Any]) -> bool:
    return schema.get("type") in ("string", "integer", "number", "boolean") or "anyOf" in schema


def _numbered(field: str, n: int) -> str:
    return f"{field}_{n}"


def _batched_output(
    plan: p.Plan, output: dict[str, Any], size: int
) -> tuple[dict[str, Any], tuple[str, dict[str, Any]] | None]:
    """The output schema of the batched prompt, and a new named type if any."""
    name, resolved = _resolve(plan, output)
    fields = _record_fields(plan, output)
    if fields is None:  # a scalar answer: answer_1 .. answer_N
        fields, required = {"answer": output}, ["answer"]
    else:
        required = list(resolved.get("required", []))
    properties = {
        _numbered(field, n): schema for n in range(1, size + 1) for field, schema in fields.items()
    }
    type_name = f"{name or 'Answer'}Batch{size}"
    record: dict[str, Any] = {
        "type": "object",
        "title": type_name,
        "properties": properties,
        "required": [_numbered(f, n) for n in range(1, size + 1) for f in required],
        "additionalProperties": False,
    }
    return {"$ref": f"#/$defs/{type_name}"}, (type_name, record)


def _batch_param(prompt: p.Prompt, param: str) -> str:
    taken = {q.name for q in prompt.params}
    name = f"{param}_list"
    while name in taken:
        name += "_"
    return name


def _batched_name(call: p.LLMCall, size: int) -> str:
    return f"{call.prompt}__x{size}"


def _batched_prompt(
    plan: p.Plan, target: _Target, size: int
) -> tuple[str, p.Prompt, tuple[str, dict[str, Any]] | None]:
    call = target.call
    prompt = plan.prompts[call.prompt]
    batch_param = _batch_param(prompt, target.param)
    params = [
        p.Param(name=batch_param, schema={"type": "array", "items": {"type": "string"}})
        if q.name == target.param
        else q
        for q in prompt.params
    ]
    output, new_type = _batched_output(plan, call.output, size)
    fields = _record_fields(plan, call.output)
    examples = [
        p.Example(
            inputs={
                **{k: v for k, v in group[0].inputs.items() if k != target.param},
                batch_param: [e.inputs.get(target.param) for e in group],
            },
            output={
                _numbered(field, n): _field_of(e.output, field, fields is None)
                for n, e in enumerate(group, start=1)
                for field in (fields or {"answer": None})
            },
        )
        for group in _example_groups(prompt.examples, target.param, size)
    ]
    batched = prompt.model_copy(
        update={
            "params": params,
            "output": output,
            "template": _batched_template(prompt.template, target.param, batch_param, size),
            "examples": examples,
        }
    )
    return _batched_name(call, size), batched, new_type


def _field_of(output: Any, field: str, scalar: bool) -> Any:
    if scalar:
        return output
    return output.get(field) if isinstance(output, dict) else None


def _example_groups(examples: list[p.Example], param: str, size: int) -> list[list[p.Example]]:
    """The examples grouped by their other inputs (the same excerpt), in order,
    cut into groups of `size` and filled up with the group's last example."""
    by_rest: dict[str, list[p.Example]] = {}
    for example in examples:
        rest = {k: v for k, v in example.inputs.items() if k != param}
        by_rest.setdefault(json.dumps(rest, sort_keys=True), []).append(example)
    groups: list[list[p.Example]] = []
    for same in by_rest.values():
        for start in range(0, len(same), size):
            group = same[start : start + size]
            groups.append(group + [group[-1]] * (size - len(group)))
    return groups


def _rewritten(
    steps: list[p.Step], targets: dict[str, _Target], plan: p.Plan, size: int
) -> list[p.Step]:
    return p.expand_steps(
        steps,
        lambda step: _batched_steps(targets[step.id], plan, size) if step.id in targets else [step],
    )


def _batched_steps(target: _Target, plan: p.Plan, size: int) -> list[p.Step]:
    step, call = target.step, target.call
    assert step.binds is not None
    tasks = step.iterators[target.iterator]
    prompt = plan.prompts[call.prompt]
    batch_param = _batch_param(prompt, target.param)
    output, _ = _batched_output(plan, call.output, size)
    item_schema = call.output
    groups_name, jobs_name, nested_name = (
        f"{step.binds}__batches",
        f"{step.binds}__jobs",
        f"{step.binds}__nested",
    )
    group_var, job_var = f"{tasks.var}__group", f"{step.binds}__job"

    text_list = {"type": "array", "items": {"type": "string"}}
    batches = p.LetStep(
        id=f"{step.id}_batches",
        binds=groups_name,
        output={"type": "array", "items": text_list},
        line=step.line,
        value=p.BuiltinExpr(
            name="batches", args=[tasks.over], kwargs={"size": p.ConstExpr(value=size)}
        ),
    )
    args = {
        (batch_param if name == target.param else name): (
            p.RefExpr(name=group_var) if name == target.param else arg
        )
        for name, arg in call.args.items()
    }
    options = dict(call.options)
    max_tokens = options.get("max_tokens")
    if isinstance(max_tokens, p.ConstExpr) and isinstance(max_tokens.value, int):
        options["max_tokens"] = p.ConstExpr(value=max_tokens.value * size)
    iterators = list(step.iterators)
    iterators[target.iterator] = p.Iteration(var=group_var, over=p.RefExpr(name=groups_name))
    jobs = step.model_copy(
        update={
            "binds": jobs_name,
            "output": {"type": "array", "items": output},
            "iterators": iterators,
            "call": call.model_copy(
                update={
                    "prompt": _batched_name(call, size),
                    "args": args,
                    "options": options,
                    "output": output,
                }
            ),
        }
    )
    fields = _record_fields(plan, call.output)
    job = p.RefExpr(name=job_var)

    def answer(n: int) -> p.Expr:
        if fields is None:
            return p.FieldExpr(value=job, field=_numbered("answer", n))
        return p.RecordExpr(
            fields={f: p.FieldExpr(value=job, field=_numbered(f, n)) for f in fields}
        )

    nested = p.MapStep(
        id=f"{step.id}_unbatch",
        binds=nested_name,
        output={"type": "array", "items": {"type": "array", "items": item_schema}},
        line=step.line,
        iterators=[p.Iteration(var=job_var, over=p.RefExpr(name=jobs_name))],
        value=p.ListExpr(items=[answer(n) for n in range(1, size + 1)]),
    )
    flat = p.LetStep(
        id=f"{step.id}_flat",
        binds=step.binds,
        output=step.output,
        line=step.line,
        value=p.BuiltinExpr(name="flatten", args=[p.RefExpr(name=nested_name)]),
    )
    return [batches, jobs, nested, flat]
