"""`minionc explain --render`: every model call of a plan as the model bound to it
would receive it, with its real token count and its price; and, from the same
renderings, the counts and dollars of the static estimate.

Nothing runs and no model is called. The plan is walked once, in program order,
with the inputs given: a value computed without a model (split, retrieve, join,
format, ...) is evaluated by the runtime's own evaluator, with the local model's
own token counter, as a run evaluates it; what a model would write, and what
derives from an input not given, is a visible placeholder (`<<plan.tasks[0]>>`).
Each call is rendered by the runtime's `call_request` (what `Runtime` sends) and
put in the form its backend sends it (runtime/preview.py: the backends' own
functions). A fan-out shows its first call and how many it makes; a repeat its
first round; a cascade and a route every tier.

A call with placeholders is counted without them (the template's part only), and
says so. In a prompt bound to a remote model, the spans that hold private data
a `share` released are found by rendering the shared arguments between marks
(characters no template can hold) and taking the marks out again; the render
shown is checked to be the one sent unmarked.

Over 500 lines on purpose: the walk over the plan, the rendering of one call with
its marks and placeholders, and the estimate's counts and dollars, which reuse that
rendering, share one view of a call. The text and JSON of a preview are in
minionc/preview_report.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, assert_never

from minionc.binding import Binding, Choice
from minionc.compiler import plan as p
from minionc.compiler.estimate import FixedTokens
from minionc.compiler.explain import RunCost, expr_text, number_text
from minionc.compiler.flows import analyze_flows
from minionc.runtime.backend import CompletionRequest, RuntimeSetupError
from minionc.runtime.preview import ModelView, Price, Sent, model_price, open_view

# Marks around what the preview puts in a prompt: private-use characters, which
# templates and documents do not hold. (A document that does is still shown as it
# is sent, without the shared spans, since the marked render then differs; only
# a call with placeholders could be shown or counted amiss around them.)
_HOLE_OPEN, _HOLE_CLOSE = "\ue000", "\ue001"  # a placeholder's label
_SHARED_OPEN, _SHARED_CLOSE = "\ue002", "\ue003"  # a shared private value
_MARKS = re.compile("[\ue000-\ue003]")
_HOLE = re.compile("\ue000[^\ue001]*\ue001")


# ---- the models of a binding ----------------------------------------------------------


class Models:
    """The views of a binding's models (runtime/preview.py), opened on first use
    and closed together. Raises RuntimeSetupError from `view`."""

    def __init__(self, binding: Binding) -> None:
        self.binding = binding
        self._views: dict[tuple[str, Any], ModelView] = {}

    def view(self, tier: str, choice: Choice) -> ModelView:
        settings = choice.settings
        key = (tier, settings)
        if key not in self._views:
            self._views[key] = open_view(
                "local" if tier == "local" else "remote",
                settings.spec,
                api_base=settings.api_base,
                trusted=settings.trusted,
            )
        return self._views[key]

    def for_call(self, call: p.LLMCall) -> tuple[str, Choice, str | None, ModelView]:
        tier, choice, role = self.binding.model_for(call.placement)
        return tier, choice, role, self.view(tier, choice)

    def local_count(self, text: str) -> int:
        """What a run's `split(tokens: N)` counts with: the local tier's model."""
        return self.view("local", self.binding.tiers["local"]).count_text(text)

    def close(self) -> None:
        for view in self._views.values():
            view.close()
        self._views.clear()


# ---- placeholders and marks -------------------------------------------------------------


def _hole(label: str) -> str:
    return f"{_HOLE_OPEN}{label}{_HOLE_CLOSE}"


def stand_in(
    schema: Mapping[str, Any], label: str, types: Mapping[str, Any], depth: int = 0
) -> Any:
    """A placeholder shaped like a value of `schema`: a list holds one item, a
    record has every field, anything else is the label between marks."""
    ref = schema.get("$ref")
    if isinstance(ref, str) and depth < 16:
        target = types.get(ref.rsplit("/", 1)[-1])
        if isinstance(target, Mapping):
            return stand_in(target, label, types, depth + 1)
    branches = schema.get("anyOf")
    if isinstance(branches, list) and depth < 16:
        inner = [b for b in branches if isinstance(b, Mapping) and b.get("type") != "null"]
        if inner:
            return stand_in(inner[0], label, types, depth + 1)
    if schema.get("type") == "array" and depth < 16:
        return [stand_in(schema.get("items") or {}, f"{label}[0]", types, depth + 1)]
    properties = schema.get("properties")
    if schema.get("type") == "object" and isinstance(properties, Mapping) and depth < 16:
        return {
            name: stand_in(field_schema, f"{label}.{name}", types, depth + 1)
            for name, field_schema in properties.items()
        }
    return _hole(label)


def _mark_shared(value: Any) -> Any:
    """`value` with each text in it between the shared marks."""
    if isinstance(value, str):
        return f"{_SHARED_OPEN}{value}{_SHARED_CLOSE}"
    if isinstance(value, list):
        return [_mark_shared(v) for v in value]
    if isinstance(value, dict):
        return {k: _mark_shared(v) for k, v in value.items()}
    return value


def _shown(text: str) -> tuple[str, list[tuple[int, int]], list[str]]:
    """The text as shown (a placeholder as `<<label>>`, no marks), the spans of
    shared private data in it, and the placeholders' labels."""
    out: list[str] = []
    size = 0
    spans: list[tuple[int, int]] = []
    labels: list[str] = []
    shared_from: int | None = None
    label: list[str] | None = None
    for char in text:
        if char == _SHARED_OPEN:
            shared_from = size if shared_from is None else shared_from
            continue
        if char == _SHARED_CLOSE:
            if shared_from is not None and size > shared_from:
                spans.append((shared_from, size))
            shared_from = None
            continue
        if char == _HOLE_OPEN:
            out.append("<<")
            size += 2
            label = []
            continue
        if char == _HOLE_CLOSE:
            out.append(">>")
            size += 2
            if label is not None:
                labels.append("".join(label))
            label = None
            continue
        if label is not None:
            label.append(char)
        out.append(char)
        size += 1
    if shared_from is not None and size > shared_from:
        spans.append((shared_from, size))
    return "".join(out), spans, labels


def _without_holes(text: str) -> str:
    """The text with every placeholder taken out: the template's part."""
    return _MARKS.sub("", _HOLE.sub("", text))


# ---- one call -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Unknown:
    """A value not known before the run: what stands for it, and why."""

    label: str
    why: tuple[str, ...]


@dataclass
class CallPreview:
    """One model call of a plan as its model would receive it."""

    step: p.Step
    call: p.LLMCall
    which: str  # "" for a step's one call, "tier 1 of 2" for a cascade's or route's
    tier: str
    choice: Choice
    role: str | None
    view: ModelView | None
    calls: str  # how many calls it stands for, in words
    call_count: int | None  # known before the run, else None
    estimate_calls: float | None
    sent: Sent | None = None  # as shown: placeholders as <<label>>
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # shared data
    placeholders: dict[str, str] = field(default_factory=dict)  # <<label>> -> why
    tokens: int | None = None
    template_only: bool = False  # counted without its placeholders
    max_tokens: int = 0
    temperature: float = 0.0
    seed: int | None = None
    shared: list[str] = field(default_factory=list)  # "evidence (from context)"
    implicit: list[str] = field(default_factory=list)  # other flows of shared data
    notes: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def price(self) -> Price | None:
        return self.view.price if self.view is not None else None

    def usd(self) -> tuple[float, float] | None:
        """(the prompt's dollars, a full completion's), or None when unpriced."""
        if self.price is None or self.tokens is None:
            return None
        return self.price.usd(self.tokens, 0), self.price.usd(0, self.max_tokens)


@dataclass(frozen=True)
class _Args:
    exact: dict[str, Any] | None  # every argument known: the values as sent
    marked: dict[str, Any]  # placeholders in holes, shared values between marks
    whys: dict[str, tuple[str, ...]]  # a placeholder's label -> why it is not known


def render(
    plan: p.Plan,
    call: p.LLMCall,
    view: ModelView,
    args: _Args,
    options: Mapping[str, Any],
) -> tuple[Sent, dict[str, list[tuple[int, int]]], list[str], int, bool, CompletionRequest]:
    """The call as `view`'s backend sends it (shown), the shared spans, the
    placeholders' labels, its prompt tokens, whether they are the template's
    only, and the request as sent (marks taken out). Raises PromptRenderError."""
    from minionc.runtime.jobs import call_request

    prompt = plan.prompts[call.prompt]

    def request_of(values: dict[str, Any]) -> CompletionRequest:
        return call_request(
            prompt,
            values,
            options,
            types=plan.types,
            raw_completion=view.raw_completion,
            seed=0,  # a run's Runtime(seed=0)
        )

    marked_request = request_of(args.marked)
    marked = view.sent(marked_request)
    labels: list[str] = []
    spans: dict[str, list[tuple[int, int]]] = {}

    def show(where: str) -> Callable[[str], str]:
        def change(text: str) -> str:
            shown, found, holes = _shown(text)
            if found:
                spans[where] = found
            labels.extend(h for h in holes if h not in labels)
            return shown

        return change

    shown = _shown_sent(marked, show)
    if args.exact is None:
        tokens = view.count(marked.mapped(_without_holes))
        return shown, spans, labels, tokens, True, marked_request
    request = request_of(args.exact)
    exact = view.sent(request)
    if exact.texts() != shown.texts() or exact.model_text != shown.model_text:
        spans = {}  # the marks changed the render (a filter counted them): no spans
    return exact, spans, labels, view.count(exact), False, request


def _shown_sent(sent: Sent, show: Callable[[str], Callable[[str], str]]) -> Sent:
    """`sent` as shown: each text through `show(its place)`."""
    return replace(
        sent,
        prompt=show("prompt")(sent.prompt) if sent.prompt is not None else None,
        messages=(
            tuple(
                (role, show(f"messages[{i}]")(content))
                for i, (role, content) in enumerate(sent.messages)
            )
            if sent.messages is not None
            else None
        ),
        model_text=show("model_text")(sent.model_text) if sent.model_text is not None else None,
        body=sent.mapped(lambda text: _shown(text)[0]).body,
    )


# ---- the walk -------------------------------------------------------------------------------


class _Preview:
    """One walk over a plan: the values known before the run, and a preview of
    every call."""

    def __init__(self, plan: p.Plan, models: Models, inputs: Mapping[str, Any]) -> None:
        from minionc.runtime.evaluate import Evaluator

        self.plan = plan
        self.models = models
        self.values: dict[str, Any] = {}
        self.unknown: dict[str, Unknown] = {}
        for param in plan.inputs:
            if param.name in inputs:
                self.values[param.name] = inputs[param.name]
            else:
                self.unknown[param.name] = Unknown(
                    param.name, (f"the input {param.name} was not given",)
                )
        knobs = {name: knob.value for name, knob in plan.knobs.items()}
        self.evaluator = Evaluator(knobs, models.local_count)
        self.rounds: list[str] = []  # the count of each enclosing repeat, in words
        self.previews: list[CallPreview] = []
        flows = analyze_flows(plan).flows
        self.shared_args: dict[tuple[str, int], dict[str, tuple[str, ...]]] = {}
        self.implicit: dict[tuple[str, int], list[str]] = {}
        for flow in flows:
            key = (flow.step, flow.tier_index)
            if flow.kind == "argument":
                name = flow.via.removeprefix("argument ")
                self.shared_args.setdefault(key, {})[name] = flow.inputs
            else:
                self.implicit.setdefault(key, []).append(
                    f"{', '.join(flow.inputs)} -> {flow.via} ({flow.kind}), via share at "
                    f"line {flow.line}"
                )
        self.estimates: dict[tuple[str, str], float] = {}
        if plan.estimate is not None:
            for row in plan.estimate.steps:
                self.estimates[(row.step, row.tier)] = row.calls

    # ---- values ---------------------------------------------------------------

    def reads_unknown(self, expr: p.Expr, scope: Mapping[str, Unknown]) -> list[str]:
        return sorted(n for n in p.expr_reads(expr) if n in scope)

    def label_of(self, expr: p.Expr, scope: Mapping[str, Unknown]) -> str:
        while isinstance(expr, p.ShareExpr):
            expr = expr.value
        if isinstance(expr, p.RefExpr) and expr.name in scope:
            return scope[expr.name].label
        return expr_text(expr, self.plan)

    def whys(self, names: list[str], scope: Mapping[str, Unknown]) -> tuple[str, ...]:
        found: list[str] = []
        for name in names:
            found += [w for w in scope[name].why if w not in found]
        return tuple(found)

    def evaluate(
        self, expr: p.Expr, values: Mapping[str, Any], scope: Mapping[str, Unknown]
    ) -> tuple[bool, Any]:
        """(True, the value) when it is known before the run, else (False, Unknown)."""
        from minionc.runtime.evaluate import EvaluationError

        unknown = self.reads_unknown(expr, scope)
        if unknown:
            return False, Unknown(self.label_of(expr, scope), self.whys(unknown, scope))
        try:
            return True, self.evaluator.eval(expr, values)
        except EvaluationError as error:
            return False, Unknown(expr_text(expr, self.plan), (f"it cannot be evaluated: {error}",))

    def bind(self, name: str | None, known: bool, value: Any) -> None:
        if name is None:
            return
        if known:
            self.values[name] = value
            self.unknown.pop(name, None)
        else:
            self.unknown[name] = Unknown(name, value.why)
            self.values.pop(name, None)

    def model_output(self, step: p.Step, calls: list[p.LLMCall]) -> None:
        prompts = " or ".join(dict.fromkeys(c.prompt for c in calls))
        why = f"written by a model at run time (step {step.id}, {prompts})"
        self.bind(step.binds, False, Unknown(step.binds or step.id, (why,)))

    # ---- steps -------------------------------------------------------------------

    def steps(self, steps: list[p.Step]) -> None:
        for step in steps:
            self.step(step)

    def step(self, step: p.Step) -> None:
        match step:
            case p.LetStep():
                self.bind(step.binds, *self.evaluate(step.value, self.values, self.unknown))
            case p.LLMStep():
                self.preview(step, step.call, 0, "", self.values, self.unknown, None)
                self.model_output(step, [step.call])
            case p.MapStep():
                self.map_step(step)
            case p.FilterStep():
                self.filter_step(step)
            case p.CascadeStep():
                count = len(step.tiers)
                for index, tier in enumerate(step.tiers):
                    runs = "on every input" if index == 0 else "only when the tiers before defer"
                    which = f"tier {index + 1} of {count}, runs {runs}"
                    self.preview(step, tier.call, index, which, self.values, self.unknown, None)
                self.model_output(step, [t.call for t in step.tiers])
            case p.RouteStep():
                count = len(step.tiers)
                for index, call in enumerate(step.tiers):
                    which = f"tier {index + 1} of {count}, when the route ({step.policy}) picks it"
                    self.preview(step, call, index, which, self.values, self.unknown, None)
                self.model_output(step, step.tiers)
            case p.RepeatStep():
                known, times = self.evaluate(step.times, self.values, self.unknown)
                self.rounds.append(
                    f"up to {number_text(float(times))} rounds" if known else "each round"
                )
                self.steps(step.body)  # the first round
                self.rounds.pop()
            case p.StopStep() | p.ReturnStep():
                pass  # no call, nothing bound
            case _:
                assert_never(step)

    def map_step(self, step: p.MapStep) -> None:
        values = dict(self.values)
        scope = dict(self.unknown)
        counts: list[str] = []
        total: int | None = 1
        for iteration in step.iterators:
            known, over = self.evaluate(iteration.over, values, scope)
            what = expr_text(iteration.over, self.plan)
            values.pop(iteration.var, None)
            if known and isinstance(over, list) and over:
                values[iteration.var] = over[0]
                scope.pop(iteration.var, None)
                counts.append(f"{what} ({len(over)})")
                total = total * len(over) if total is not None else None
            elif known and isinstance(over, list):
                scope[iteration.var] = Unknown(iteration.var, (f"{what} is empty: no call",))
                counts.append(f"{what} (0)")
                total = 0 if total is not None else None
            else:
                label = f"{over.label}[0]" if isinstance(over, Unknown) else f"{what}[0]"
                why = over.why if isinstance(over, Unknown) else ()
                scope[iteration.var] = Unknown(label, why)
                counts.append(f"{what} (known at run time)")
                total = None
        if step.call is None:
            if total is not None and not self.reads_unknown_body(step, scope):
                self.bind_map_value(step)
            else:
                names = [i.var for i in step.iterators if i.var in scope]
                self.bind(
                    step.binds, False, Unknown(step.binds or step.id, self.whys(names, scope))
                )
            return
        self.preview(step, step.call, 0, "", values, scope, (counts, total))
        self.model_output(step, [step.call])

    def reads_unknown_body(self, step: p.MapStep, scope: Mapping[str, Unknown]) -> bool:
        return step.value is not None and bool(self.reads_unknown(step.value, scope))

    def bind_map_value(self, step: p.MapStep) -> None:
        """A deterministic fan-out over known lists: evaluated as a run does."""
        import itertools

        assert step.value is not None
        lists = [self.evaluator.eval(i.over, self.values) or [] for i in step.iterators]
        out = []
        for combo in itertools.product(*lists):
            scope = {
                **self.values,
                **{i.var: v for i, v in zip(step.iterators, combo, strict=True)},
            }
            out.append(self.evaluator.eval(step.value, scope))
        self.bind(step.binds, True, out)

    def filter_step(self, step: p.FilterStep) -> None:
        from minionc.runtime.evaluate import kept_items

        known, items = self.evaluate(step.source, self.values, self.unknown)
        if not known:
            self.bind(step.binds, False, items)
            return
        self.bind(step.binds, True, kept_items(self.evaluator, step.where, items, self.values))

    # ---- one call ------------------------------------------------------------------

    def preview(
        self,
        step: p.Step,
        call: p.LLMCall,
        index: int,
        which: str,
        values: Mapping[str, Any],
        scope: Mapping[str, Unknown],
        fanout: tuple[list[str], int | None] | None,
    ) -> None:
        from minionc.runtime.output import PromptRenderError

        tier, choice, role, view = self.models.for_call(call)
        options: dict[str, Any] = {}
        notes: list[str] = []
        for name, expr in call.options.items():
            known, value = self.evaluate(expr, values, scope)
            if known:
                options[name] = value
            else:
                notes.append(f"the option {name} is known only at run time; shown with its default")
        samples: int | None = 1
        if "samples" in call.options:
            given = options.get("samples")
            samples = max(1, int(given)) if isinstance(given, int | float) else None
        count, calls = self.count_text(step, fanout, samples, "samples" in call.options)
        preview = CallPreview(
            step=step,
            call=call,
            which=which,
            tier=tier,
            choice=choice,
            role=role,
            view=view,
            calls=calls,
            call_count=count,
            estimate_calls=self.estimates.get((step.id, tier)),
            notes=notes,
        )
        remote = tier == "remote"
        shared = self.shared_args.get((step.id, index), {}) if remote else {}
        preview.shared = [
            f"{name}: {expr_text(call.args[name], self.plan)} (from the private "
            f"{', '.join(inputs)})"
            for name, inputs in shared.items()
            if name in call.args
        ]
        preview.implicit = list(self.implicit.get((step.id, index), [])) if remote else []
        args = self.arguments(call, values, scope, shared)
        try:
            sent, spans, labels, tokens, template_only, request = render(
                self.plan, call, view, args, options
            )
        except PromptRenderError as error:
            preview.error = str(error)
            self.previews.append(preview)
            return
        preview.sent, preview.spans, preview.tokens = sent, spans, tokens
        preview.template_only = template_only
        preview.max_tokens, preview.temperature = request.max_tokens, request.temperature
        preview.seed = request.seed
        for label in labels:
            why = next(
                (
                    "; ".join(whys)
                    for root, whys in args.whys.items()
                    if label == root or label.startswith((f"{root}.", f"{root}["))
                ),
                "known only at run time",
            )
            preview.placeholders[f"<<{label}>>"] = why
        self.previews.append(preview)

    def arguments(
        self,
        call: p.LLMCall,
        values: Mapping[str, Any],
        scope: Mapping[str, Unknown],
        shared: Mapping[str, tuple[str, ...]],
    ) -> _Args:
        prompt = self.plan.prompts[call.prompt]
        schemas = {param.name: param.schema_ for param in prompt.params}
        exact: dict[str, Any] | None = {}
        marked: dict[str, Any] = {}
        whys: dict[str, tuple[str, ...]] = {}
        for name, expr in call.args.items():
            known, value = self.evaluate(expr, values, scope)
            if known:
                if exact is not None:
                    exact[name] = value
            else:
                exact = None
                whys[value.label] = value.why
                value = stand_in(schemas.get(name, {}), value.label, self.plan.types)
            marked[name] = _mark_shared(value) if name in shared else value
        return _Args(exact, marked, whys)

    def count_text(
        self,
        step: p.Step,
        fanout: tuple[list[str], int | None] | None,
        samples: int | None,
        sampled: bool,
    ) -> tuple[int | None, str]:
        """How many calls the preview stands for (None: known at run time), in words."""
        sample_text = (
            f" x {samples} sample{'s' if samples != 1 else ''}"
            if samples is not None
            else " x samples (known at run time)"
        )
        if fanout is not None:
            counts, total = fanout
            count = total * samples if total is not None and samples is not None else None
            text = f"one per item of {' x '.join(counts)}{sample_text} = "
            text += f"{count} calls" if count is not None else "known at run time"
            text += "; shown: the first"
        else:
            count = samples
            if count is None:
                text = "samples known at run time"
            elif sampled:
                text = f"{count} (samples: {count}); shown: the first"
            else:
                text = "1"
        if self.rounds:
            text += f", in {', '.join(self.rounds)} (shown: the first round)"
        return count, text


def preview_calls(plan: p.Plan, models: Models, inputs: Mapping[str, Any]) -> list[CallPreview]:
    """Every model call of `plan` as its model would receive it (see the module doc).
    Raises RuntimeSetupError when a model cannot be set up to show it."""
    walk = _Preview(plan, models, inputs)
    walk.steps(plan.steps)
    return walk.previews


# ---- the estimate's counts and dollars --------------------------------------------------


def fixed_tokens(plan: p.Plan, models: Models) -> FixedTokens:
    """The estimate's counter: the tokens of everything one call sends but its
    arguments (template, examples, output format, chat template), rendered by the
    call's backend and counted by its model; None (the rule of thumb) when the
    template cannot be rendered with placeholders."""
    from minionc.runtime.output import PromptRenderError

    cache: dict[tuple[str, int], tuple[float, str] | None] = {}

    def fixed(call: p.LLMCall, tier: str) -> tuple[float, str] | None:
        _, choice, _, view = models.for_call(call)
        key = (call.prompt, id(view))
        if key not in cache:
            prompt = plan.prompts.get(call.prompt)
            if prompt is None:
                return None
            marked = {
                param.name: stand_in(param.schema_, param.name, plan.types)
                for param in prompt.params
            }
            try:
                _, _, _, tokens, _, _ = render(plan, call, view, _Args(None, marked, {}), {})
            except PromptRenderError:
                cache[key] = None
            else:
                cache[key] = (float(tokens), f"{choice.settings.spec}: {view.tokenizer}")
        return cache[key]

    return fixed


def run_costs(plan: p.Plan, binding: Binding) -> RunCost | None:
    """The estimate in dollars, when a call runs on a provider's model (LiteLLM's
    price table; $0 on this machine; None per row where the table lacks the
    model). None when every call runs on this machine, or there is no estimate."""
    from minionc.runtime.models import remote_spec_kind

    if plan.estimate is None:
        return None
    by_id = {step.id: step for _, step in p.walk_steps(plan.steps)}
    rows: dict[tuple[str, str], float | None] = {}
    tiers: dict[str, float | None] = {"local": 0.0, "remote": 0.0}
    prices: dict[str, str] = {}
    unpriced: list[str] = []
    provider = False
    for row in plan.estimate.steps:
        step = by_id.get(row.step)
        calls = [c for _, c in p.step_calls(step)] if step is not None else []
        chosen = [binding.model_for(c.placement) for c in calls if _tier_of(c) == row.tier]
        if not chosen:
            continue
        tier, choice, role = chosen[0]
        spec = choice.settings.spec
        if tier == "remote" and remote_spec_kind(spec) == "provider":
            provider = True
        who = f"{role} -> {spec}" if role else f"@{tier} -> {spec}"
        try:
            price = model_price("local" if tier == "local" else "remote", spec)
            why = "not in LiteLLM's price table"
        except RuntimeSetupError as error:
            price, why = None, str(error)
        usd = price.usd(row.prompt_tokens, row.completion_tokens) if price is not None else None
        rows[(row.step, row.tier)] = usd
        if price is None:
            unpriced.append(f"{who}: {why}")
            tiers[row.tier] = None
        else:
            prices.setdefault(who, f"{who}: {price.note}")
            current = tiers.get(row.tier)
            tiers[row.tier] = None if current is None else current + usd  # type: ignore[operator]
    if not provider:
        return None
    return RunCost(rows, tiers, list(prices.values()), list(dict.fromkeys(unpriced)))


def _tier_of(call: p.LLMCall) -> str:
    """The estimate's tier of a call (an unplaced @auto call counts as remote)."""
    tier = call.placement.tier
    if tier != "auto":
        return tier
    return "local" if call.placement.allowed == ["local"] else "remote"


def check_input_names(plan: p.Plan, inputs: Mapping[str, Any]) -> str | None:
    """What is wrong with the names of `inputs` (unknown ones), or None."""
    from minionc.compiler.diagnostics import did_you_mean

    expected = [i.name for i in plan.inputs]
    problems = []
    for name in sorted(set(inputs) - set(expected)):
        hint = did_you_mean(name, expected)
        problems.append(f"unknown input {name!r}" + (f" ({hint})" if hint else ""))
    if not problems:
        return None
    takes = ", ".join(expected) or "no inputs"
    return f"{'; '.join(problems)}: protocol {plan.protocol} takes {takes}"
