"""Pass: the static cost estimate of one run of a plan.

`estimate_plan(plan, assume)` returns a copy of the plan with `estimate` filled
in: per run, the prompt tokens, completion tokens and calls on each tier (local,
remote) and per step, each with the formula that produced it. The optimizer
starts from these figures, so they are honest approximations with every
assumption written down (in `Estimate.assumptions`, with its value), not a
measurement.

The model
---------
Every value has an estimated *size*: its tokens when rendered into a prompt, and
for a list its number of items and the size of one item (records keep the sizes
of their fields, so `decision.answer` has its own size).

* Tokens of a text: ceil(characters / 4).
* Inputs: a `doc` is 10,000 tokens and a `str` 30, unless assumed (`--assume
  context=50000`). A list input has 4 items (`NAME.items`) of that size each. A
  number input is 3 tokens; assuming it (`--assume n=5`) gives its value, used
  where it counts something (`repeat n`); unassumed, such uses take their defaults.
* `split(x, tokens: K)`: ceil(T / K) chunks of min(T, K) tokens, where T is the size
  of x. `paragraphs: N` counts 80 tokens a paragraph, `pages: N` 500 tokens a page.
  `overlap: V` (in the same unit) adds V to every chunk but not to the count.
* `retrieve(chunks, q, k: K)`: min(K, n) of the chunks. `join`, `format`, `text` and
  `+` on texts: the sum of their parts plus the template's own text. `unique` keeps
  every item (an upper bound); `first` and `vote` give one item; `flatten` multiplies.
* An LLM call's prompt: the template's static text (the template with `{{...}}`,
  `{%...%}` and `{#...#}` removed) + its examples, each rendered as the static
  template plus its inputs and its output + the sizes of its arguments. Output
  format instructions a backend adds at run time are not counted. With a model
  bound to each tier (`minionc explain --render`, or with model options), a
  `fixed_tokens` counter the caller passes in replaces the template's and the
  examples' share: the tokens, by that model's own tokenizer, of everything the
  call sends except its arguments (template, examples, output format, chat
  template), rendered as its backend renders it. The arguments keep their
  estimated sizes. The compiler loads no model: the counter comes from above.
* A call's completion, from its output schema: a string 40 tokens, a number or a
  boolean 3, an enum value 2, an optional its inner type, a record the sum of its
  fields plus their keys, a list 4 items (`NAME.items`, for the step binding NAME).
  A prompt with exactly one `int` parameter is taken to ask for that many items
  (`decompose(question, n: tasks)`), so its lists default to that argument's value.
  The `max_tokens` option caps the completion.
* `samples: N` multiplies the calls (and makes the value a list of N answers).
  A `for` step makes one job per combination of its iterators: the product of
  their lengths, times the samples.
* `keep ... where` keeps 30% of the items (`NAME.keep`).
* `repeat N`: every one of the N rounds runs (an upper bound: `stop when` may end
  the loop sooner). Rounds are evaluated one after the other, so a value carried
  from round to round (a transcript that grows) is re-sized every round.
* `cascade`: the first tier runs on every input with its samples; tier k (k >= 2)
  runs on defer^(k-1) of the inputs (`NAME.defer`, default 0.3).
* `route`: a fraction `share` of inputs goes to the remote tiers (the route's
  `share` option if given, else `NAME.remote_share`, default 0.5; 0 for the
  always_local policy and 1 for always_remote), the rest to the local tiers; with
  every tier on one side, the last tier gets the share.
* An `@auto` call that may still go remote is counted as remote, the upper bound
  of what the optimizer may choose; one the checker pinned local is counted local.

Over 500 lines on purpose: the model above is kept with the code that implements
it, one method per step kind; the sizes of values are in estimate_sizes.py.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, assert_never

from .diagnostics import did_you_mean
from .estimate_sizes import (
    DEFER_FRACTION,
    KEEP_FRACTION,
    LIST_ITEMS,
    MAX_ROUNDS,
    REMOTE_SHARE,
    Assumptions,
    Size,
    ValueSizer,
    describe,
    fmt,
    list_of,
    scalar,
    static_template_tokens,
)
from .plan import (
    CascadeStep,
    Estimate,
    Expr,
    FilterStep,
    LetStep,
    LLMCall,
    LLMStep,
    MapStep,
    Plan,
    Prompt,
    RepeatStep,
    ReturnStep,
    RouteStep,
    Step,
    StepEstimate,
    StopStep,
    TierEstimate,
)
from .tokens import tokens_of

__all__ = [
    "EstimateError",
    "FixedTokens",
    "Size",
    "describe",
    "estimate_plan",
    "fmt",
    "known_assumptions",
    "static_template_tokens",
    "tokens_of",
]


class EstimateError(Exception):
    """An estimate the user asked for cannot be made (an unknown assumption name)."""


# The fixed part of one call's prompt on a tier, counted by the model bound there:
# (tokens, what counted them), or None to keep the rule of thumb for that call.
FixedTokens = Callable[[LLMCall, str], tuple[float, str] | None]


# ---- the estimate ------------------------------------------------------------------


@dataclass
class _Part:
    """One evaluation of one step on one tier, in one round."""

    calls: float
    prompt: float  # per call
    completion: float  # per call
    formula: str
    round: str = ""  # "2" for round 2 of a repeat, "2.1" inside a nested one


@dataclass
class _Row:
    step: str
    binds: str | None
    tier: str
    parts: list[_Part] = field(default_factory=list)


def estimate_plan(
    plan: Plan,
    assume: Mapping[str, float] | None = None,
    *,
    fixed_tokens: FixedTokens | None = None,
) -> Plan:
    """A copy of `plan` with its static cost estimate filled in.

    `assume` overrides the default assumptions: input sizes in tokens (`context`),
    list lengths (`jobs.items`), filter keep ratios (`kept.keep`), cascade defer
    ratios (`label.defer`), route shares (`answer.remote_share`). Raises
    `EstimateError` for a name this plan has no use for, or a negative value.
    `fixed_tokens(call, tier)` counts the fixed part of a call's prompt with the
    model bound to the tier (see the module doc); without it, the rule of thumb."""
    given = dict(assume or {})
    for name, value in given.items():
        if not (isinstance(value, int | float) and math.isfinite(value) and value >= 0):
            raise EstimateError(f"assumption {name}={value} must be a number >= 0")
    estimator = _Estimator(plan, Assumptions(given), fixed_tokens)
    estimate = estimator.run()
    unknown = sorted(set(given) - set(estimator.assume.known))
    if unknown:
        known = ", ".join(sorted(estimator.assume.known)) or "none"
        hints = [did_you_mean(name, estimator.assume.known) for name in unknown]
        hint = "".join(f" ({name}: {h})" for name, h in zip(unknown, hints, strict=True) if h)
        raise EstimateError(
            f"unknown assumption{'s' if len(unknown) > 1 else ''} {', '.join(unknown)} "
            f"for protocol {plan.protocol}{hint}; known: {known}"
        )
    return plan.model_copy(update={"estimate": estimate})


def known_assumptions(plan: Plan) -> dict[str, str]:
    """The assumption names this plan's estimate uses, each with what it means."""
    estimator = _Estimator(plan, Assumptions({}))
    estimator.run()
    return dict(sorted(estimator.assume.known.items()))


_RULE_OF_THUMB_NOTES = [
    "tokens are estimated as ceil(characters / 4)",
    "prompt tokens count the template, its examples and the arguments; output "
    "format instructions a backend adds at run time are not counted",
]


class _Estimator(ValueSizer):
    def __init__(
        self, plan: Plan, assume: Assumptions, fixed_tokens: FixedTokens | None = None
    ) -> None:
        super().__init__(plan, assume)
        self.rows: dict[tuple[str, str], _Row] = {}
        self.rounds: list[int] = []  # the round of each enclosing repeat, outermost first
        self.fixed_tokens = fixed_tokens
        self.counted_by: dict[str, set[str]] = {}  # tier -> what counted its fixed parts
        self.heuristic_calls = False  # a call the counter left to the rule of thumb
        self.notes: list[str] = [] if fixed_tokens is not None else list(_RULE_OF_THUMB_NOTES)

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def counter_notes(self) -> list[str]:
        """What the notes say when a counter gave the fixed parts."""
        notes = []
        if self.counted_by:
            counted = "; ".join(
                f"{tier}: {', '.join(sorted(by))}" for tier, by in sorted(self.counted_by.items())
            )
            notes.append(
                "the fixed part of each prompt (its template, examples and output format, "
                "as the bound model's backend sends them) is counted with that model's "
                f"tokenizer ({counted}); the arguments are estimated as ceil(characters / 4)"
            )
        if self.heuristic_calls or not self.counted_by:
            notes.extend(_RULE_OF_THUMB_NOTES)
        return notes

    def run(self) -> Estimate:
        for param in self.plan.inputs:
            self.env[param.name] = self.input_size(param.name, param.schema_)
        self.steps(self.plan.steps)
        if self.fixed_tokens is not None:
            self.notes[:0] = self.counter_notes()
        steps: list[StepEstimate] = []
        tiers = {"local": TierEstimate(), "remote": TierEstimate()}
        totals = {tier: [0.0, 0.0, 0.0] for tier in tiers}
        for row in self.rows.values():
            calls = sum(p.calls for p in row.parts)
            prompt = sum(p.calls * p.prompt for p in row.parts)
            completion = sum(p.calls * p.completion for p in row.parts)
            if row.tier in totals:
                total = totals[row.tier]
                total[0] += prompt
                total[1] += completion
                total[2] += calls
            steps.append(
                StepEstimate(
                    step=row.step,
                    binds=row.binds,
                    tier=row.tier,
                    prompt_tokens=_round(prompt),
                    completion_tokens=_round(completion),
                    calls=_round(calls),
                    formula=_formula(row.parts),
                )
            )
        for tier, (prompt, completion, calls) in totals.items():
            tiers[tier] = TierEstimate(
                prompt_tokens=_round(prompt),
                completion_tokens=_round(completion),
                calls=_round(calls),
            )
        return Estimate(
            assumptions=dict(self.assume.used),
            notes=self.notes,
            local=tiers["local"],
            remote=tiers["remote"],
            steps=steps,
        )

    # ---- steps -------------------------------------------------------------------

    def steps(self, steps: list[Step]) -> None:
        for step in steps:
            self.step(step)

    def step(self, step: Step) -> None:
        match step:
            case LetStep():
                self.bind(step.binds, self.size(step.value))
            case LLMStep():
                self.bind(step.binds, self.llm_step(step))
            case MapStep():
                self.bind(step.binds, self.map_step(step))
            case FilterStep():
                self.bind(step.binds, self.filter_step(step))
            case CascadeStep():
                self.bind(step.binds, self.cascade_step(step))
            case RouteStep():
                self.bind(step.binds, self.route_step(step))
            case RepeatStep():
                self.repeat_step(step)
            case StopStep() | ReturnStep():
                pass  # they cost nothing
            case _:
                assert_never(step)

    def filter_step(self, step: FilterStep) -> Size:
        source = self.size(step.source)
        name = step.binds or step.id
        keep = self.assume.get(
            f"{name}.keep", KEEP_FRACTION, f"fraction of items `keep` lets through in {name}"
        )
        item = source.item if source.item is not None else scalar(source.tokens)
        items = source.items if source.items is not None else 1
        return list_of(items * keep, item)

    def bind(self, name: str | None, size: Size) -> None:
        if name is not None:
            self.env[name] = size

    def repeat_step(self, step: RepeatStep) -> None:
        if self.size(step.times).number is None:
            self.note(
                f"the count of the repeat at line {step.line} ({_expr_text(step.times)}) is "
                "not known before the run; 1 round is assumed (set it with --assume)"
            )
        wanted = self.number(step.times, 1)
        rounds = max(1, min(MAX_ROUNDS, math.ceil(wanted)))
        what = _expr_text(step.times)
        count = f"{what} = {rounds}" if what != str(rounds) else str(rounds)
        self.note(
            f"the repeat at line {step.line} runs {count} times; every round is counted, "
            "an upper bound, since `stop when` may end the loop sooner"
        )
        if step.carried:
            self.note(
                f"values carried from round to round ({', '.join(step.carried)}) are "
                "re-estimated each round from the previous round's value"
            )
        for number in range(1, rounds + 1):
            self.rounds.append(number)
            self.steps(step.body)
            self.rounds.pop()

    def record(self, step: Step, tier: str, part: _Part) -> None:
        key = (step.id, tier)
        row = self.rows.get(key)
        if row is None:
            row = self.rows[key] = _Row(step.id, step.binds, tier)
        part.round = ".".join(str(r) for r in self.rounds)
        row.parts.append(part)

    # ---- calls -------------------------------------------------------------------

    def tier_of(self, call: LLMCall, step: Step) -> str:
        tier = call.placement.tier
        if tier != "auto":
            return tier
        if call.placement.allowed == ["local"]:
            return "local"
        if call.placement.allowed == ["remote"]:
            return "remote"
        self.note(
            f"step {step.id} (@auto) is counted as remote, the most it may cost; "
            "the optimizer decides where it runs"
        )
        return "remote"

    def call_cost(
        self, call: LLMCall, owner: str | None, tier: str
    ) -> tuple[float, float, Size, str, str]:
        """Per call: prompt tokens, completion tokens, the answer's size, and the two
        halves of the formula (the prompt's and the completion's)."""
        prompt = self.plan.prompts.get(call.prompt)
        parts: list[tuple[str, float]] = []
        counted = self.fixed_tokens(call, tier) if self.fixed_tokens is not None else None
        if counted is not None:
            tokens, by = counted
            self.counted_by.setdefault(tier, set()).add(by)
            parts.append(("fixed", tokens))
        elif prompt is not None:
            self.heuristic_calls = True
            parts.append(("template", static_template_tokens(prompt.template)))
            if prompt.examples:
                count = len(prompt.examples)
                label = f"for {count} example{'s' if count > 1 else ''}"
                parts.append((label, _examples_tokens(prompt)))
        for name, arg in call.args.items():
            parts.append((name, self.size(arg).tokens))
        total = sum(tokens for _, tokens in parts)
        prompt_text = f"prompt = {' + '.join(f'{fmt(t)} {n}' for n, t in parts)}"
        if len(parts) > 1:
            prompt_text += f" = {fmt(total)}"

        # A prompt that takes one int and returns lists is asked for that many items
        # (`decompose(question, n: tasks) -> {tasks: list[str]}`): that count is the
        # lists' default length, so a knob that changes it changes the estimate.
        list_items, list_why = float(LIST_ITEMS), "default"
        counts = (
            [p.name for p in prompt.params if p.schema_.get("type") == "integer"]
            if (prompt is not None)
            else []
        )
        if len(counts) == 1 and counts[0] in call.args:
            asked = self.size(call.args[counts[0]]).number
            if asked is not None and asked >= 0:
                list_items, list_why = asked, f"the {counts[0]} argument"
        answer = self.schema_size(call.output, owner, list_items=list_items)
        completion = answer.tokens
        shape = _schema_name(call.output)
        if _has_list(call.output, self.resolve):
            key = f"{owner}.items" if owner else "items"
            how = "assumed" if key in self.assume.given else list_why
            shape += f"; lists of {fmt(self.assume.used.get(key, list_items))} items, {how}"
        completion_text = f"completion = {fmt(completion)} ({shape})"
        limit = self.number(call.options.get("max_tokens"), math.inf)
        if limit < completion:
            completion_text = (
                f"completion = {fmt(limit)} (max_tokens; {shape} would be {fmt(completion)})"
            )
            answer = answer.scaled(limit / completion) if completion else answer
            completion = limit
        return total, completion, answer, prompt_text, completion_text

    def samples(self, call: LLMCall) -> float:
        return max(1.0, self.number(call.options.get("samples"), 1))

    def llm_step(self, step: LLMStep) -> Size:
        call = step.call
        tier = self.tier_of(call, step)
        prompt, completion, answer, prompt_text, completion_text = self.call_cost(
            call, step.binds, tier
        )
        samples = self.samples(call)
        calls = f"{fmt(samples)} samples = {fmt(samples)} calls" if samples != 1 else "1 call"
        formula = f"{calls}; {prompt_text}; {completion_text}"
        self.record(step, tier, _Part(samples, prompt, completion, formula))
        return list_of(samples, answer) if "samples" in call.options else answer

    def map_step(self, step: MapStep) -> Size:
        jobs = 1.0
        shape: list[str] = []
        saved = dict(self.env)
        for iteration in step.iterators:
            over = self.size(iteration.over)
            count = over.items if over.items is not None else 1
            jobs *= count
            shape.append(f"{iteration.var} in {_expr_text(iteration.over)} ({fmt(count)})")
            item = over.item if over.item is not None else over
            self.env[iteration.var] = item
        try:
            if step.call is None:
                value = self.size(step.value) if step.value is not None else scalar(0)
                return list_of(jobs, value)
            call = step.call
            tier = self.tier_of(call, step)
            prompt, completion, answer, prompt_text, completion_text = self.call_cost(
                call, step.binds, tier
            )
        finally:
            # Loop variables are local to the step.
            self.env = saved
        samples = self.samples(call)
        calls = jobs * samples
        formula = (
            f"{' x '.join(shape)} x {fmt(samples)} sample{'s' if samples != 1 else ''} = "
            f"{fmt(calls)} calls; {prompt_text}; {completion_text}"
        )
        self.record(step, tier, _Part(calls, prompt, completion, formula))
        return list_of(calls, answer)

    def cascade_step(self, step: CascadeStep) -> Size:
        name = step.binds or step.id
        # A learned policy calibrated for a budget says what share it defers.
        budget = (step.learned or {}).get("budget") if step.policy == "learned" else None
        share = budget.get("remote_share") if isinstance(budget, dict) else None
        defer = (
            self.assume.get(
                f"{name}.defer",
                float(share) if isinstance(share, int | float) else DEFER_FRACTION,
                f"fraction of inputs each tier of the cascade {name} defers to the next",
            )
            if len(step.tiers) > 1
            else 0.0
        )
        answer = scalar(0)
        for position, tier in enumerate(step.tiers):
            call = tier.call
            reach = defer**position
            on = self.tier_of(call, step)
            prompt, completion, answer, prompt_text, completion_text = self.call_cost(
                call, step.binds, on
            )
            samples = self.samples(call)
            calls = reach * samples
            runs_on = (
                "runs on every input"
                if position == 0
                else f"runs on {fmt(defer)}^{position} = {fmt(reach)} of inputs (defer)"
                if position > 1
                else f"runs on {fmt(defer)} of inputs (defer)"
            )
            formula = (
                f"tier {position + 1} {runs_on} x {fmt(samples)} "
                f"sample{'s' if samples != 1 else ''} = {fmt(calls)} calls; "
                f"{prompt_text}; {completion_text}"
            )
            self.record(step, on, _Part(calls, prompt, completion, formula))
        return answer

    def route_step(self, step: RouteStep) -> Size:
        name = step.binds or step.id
        key = f"{name}.remote_share"
        meaning = f"fraction of inputs the route {name} sends to its remote tiers"
        if step.policy == "always_local":
            share, why = 0.0, "share (policy always_local)"
            self.assume.declare(key, meaning)
        elif step.policy == "always_remote":
            share, why = 1.0, "share (policy always_remote)"
            self.assume.declare(key, meaning)
        elif "share" in step.options and self.size(step.options["share"]).number is not None:
            share, why = self.number(step.options["share"], REMOTE_SHARE), "the share option"
            self.assume.declare(key, meaning)
        else:
            share, why = self.assume.get(key, REMOTE_SHARE, meaning), key
        tiers = [self.tier_of(call, step) for call in step.tiers]
        remote = [i for i, t in enumerate(tiers) if t == "remote"]
        local = [i for i, t in enumerate(tiers) if t != "remote"]
        if not remote or not local:  # every tier on one side: the last one gets the share
            remote, local = [len(tiers) - 1], list(range(len(tiers) - 1))
        answer = scalar(0)
        for position, call in enumerate(step.tiers):
            if position in remote:
                side, group, side_text = share, remote, f"{why} = {fmt(share)}"
            else:
                side, group, side_text = 1 - share, local, f"1 - {why} = {fmt(1 - share)}"
            reach = side / len(group)
            if len(group) > 1:
                side_text += f" / {len(group)} tiers = {fmt(reach)}"
            prompt, completion, size, prompt_text, completion_text = self.call_cost(
                call, step.binds, tiers[position]
            )
            answer = size if answer.tokens < size.tokens else answer
            samples = self.samples(call)
            calls = reach * samples
            formula = (
                f"tier {position + 1} gets {side_text} of inputs x "
                f"{fmt(samples)} sample{'s' if samples != 1 else ''} = {fmt(calls)} calls; "
                f"{prompt_text}; {completion_text}"
            )
            self.record(step, tiers[position], _Part(calls, prompt, completion, formula))
        return answer


def _example_value_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _examples_tokens(prompt: Prompt) -> float:
    """Each example rendered as the template's static text, its inputs and its output."""
    static = static_template_tokens(prompt.template)
    total = 0
    for example in prompt.examples:
        total += static
        total += sum(tokens_of(_example_value_text(v)) for v in example.inputs.values())
        total += tokens_of(_example_value_text(example.output))
    return total


def _has_list(schema: Mapping[str, Any], resolve: Any, depth: int = 0) -> bool:
    schema = resolve(schema)
    if depth > 8:
        return False
    if schema.get("type") == "array":
        return True
    children: list[Any] = list((schema.get("properties") or {}).values())
    children += list(schema.get("anyOf") or [])
    return any(isinstance(c, Mapping) and _has_list(c, resolve, depth + 1) for c in children)


def _schema_name(schema: Mapping[str, Any]) -> str:
    ref = schema.get("$ref")
    if isinstance(ref, str):
        return ref.rsplit("/", 1)[-1]
    if isinstance(schema.get("title"), str):
        return str(schema["title"])
    kind = schema.get("type")
    if kind == "array":
        return f"list[{_schema_name(schema.get('items', {}))}]"
    branches = schema.get("anyOf")
    if isinstance(branches, list):
        inner = [b for b in branches if isinstance(b, Mapping) and b.get("type") != "null"]
        if len(inner) == 1:
            return f"{_schema_name(inner[0])}?"
    return {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}.get(
        str(kind), "value"
    )


def _expr_text(expr: Expr) -> str:
    from .explain import expr_text  # one renderer of expressions for both

    return expr_text(expr)


def _formula(parts: list[_Part]) -> str:
    if len(parts) == 1:
        return parts[0].formula
    if all(p.formula == parts[0].formula for p in parts):
        return f"{len(parts)} rounds x ({parts[0].formula})"
    return "; ".join(f"round {p.round}: {p.formula}" for p in parts)


def _round(value: float) -> float:
    return round(value, 2)
