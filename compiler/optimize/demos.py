"""Few-shot demonstrations for the local steps, bootstrapped with DSPy.

A prompt that the program runs only on the local tier, and whose inputs a dev
example can fill (a document, or a chunk of one, and a question), gets demos:
the remote tier answers a few dev examples as the teacher, through a
`dspy.Predict` compiled with `dspy.teleprompt.BootstrapFewShot`, and an answer
is kept when the optimizer's metric passes on it against the dev example's
expected answer. The document a demo shows is a short passage of the dev
document, the BM25 best match for the question among ~150-token passages, so
that the demos do not make every local prompt long.

Every teacher call goes to the runtime's remote backend through its call cache
(a DSPy engine over the backend, not DSPy's own client and cache): calls are
counted against the search's budget, and a second search replays them for free.

Privacy: the dev documents stand in for the program's document input. When that
input is private, its passages go to the teacher only if the teacher runs on
this machine (the default loopback model, a server on localhost) or the caller
says they may (`share_private`, `minionc optimize --demos-share-dev`).

Over 500 lines on purpose: every use of DSPy (an optional dependency, imported lazily)
is in this one module, from choosing the targets to reading DSPy's demos back.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import os
import random
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import GenericAlias
from typing import Any, Literal, Optional
from urllib.parse import urlparse

from minionc.compiler import plan as p
from minionc.runtime.backend import Backend, CompletionRequest, Message
from minionc.runtime.builtins import approximate_tokens, retrieve, split_text
from minionc.runtime.cache import CallCache
from minionc.runtime.executor import Runtime
from minionc.runtime.output_schema import (
    CoercionError,
    coerce,
    conforms,
    record_fields,
    split_optional,
)

from .devset import DevExample, DevSet
from .metrics import Metric
from .rewrites.prefilter import query_input

__all__ = [
    "PASSAGE_TOKENS",
    "Bootstrapped",
    "DemoTarget",
    "bootstrap_demos",
    "demo_targets",
    "teacher_on_this_machine",
]

# Tokens per passage a demo shows as its document: enough for the sentence that
# answers, short enough that a few demos add little to every local prompt.
PASSAGE_TOKENS = 150
# The teacher's answer gets the room the local call has, plus DSPy's field
# markers around each output field (a demo longer than the local step may write
# would teach it answers it cannot finish); this much when the program sets none.
TEACHER_MAX_TOKENS = 128
_MARKER_TOKENS = 16
# The key that holds a non-record output, as the chat rendering wraps it.
ANSWER_FIELD = "answer"
_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
# Where a DSPy training example keeps the dev answer, beside the prompt's inputs.
_EXPECTED, _ALTERNATIVES = "minionc_expected", "minionc_alternatives"


@dataclass(frozen=True)
class DemoTarget:
    """A local prompt whose inputs a dev example fills: the passage goes to
    `document_param`, the dev question to `question_param`; other parameters
    take the constants or knob values the program passes."""

    prompt: str
    document_param: str
    question_param: str
    fixed_args: Mapping[str, Any]
    private: bool  # the document comes from a private input
    max_tokens: int | None = None  # the local call's, when the program fixes it


@dataclass(frozen=True)
class Bootstrapped:
    """What bootstrapping gave: prompt name -> the demos kept (only prompts
    with some), and what it cost."""

    demos: Mapping[str, tuple[p.Example, ...]]
    answered: Mapping[str, int]  # prompt -> dev examples the teacher answered (parsed)
    skipped: Mapping[str, str]  # prompt -> why it got no bootstrapping
    teacher_calls: int  # calls that reached the remote model (cache hits are free)
    teacher_cache_hits: int
    budget_spent: bool
    errors: tuple[str, ...] = ()  # the first few teacher errors, for the report

    @property
    def kept(self) -> dict[str, int]:
        return {name: len(demos) for name, demos in self.demos.items()}

    @property
    def digest(self) -> str:
        """Names the demos (for the optimizer's store: a candidate that uses
        them is measured anew when they change)."""
        material = {name: [d.model_dump() for d in demos] for name, demos in self.demos.items()}
        blob = json.dumps(material, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def to_json(self) -> dict[str, Any]:
        return {
            "kept": self.kept,
            "answered": dict(self.answered),
            "skipped": dict(self.skipped),
            "teacher_calls": self.teacher_calls,
            "teacher_cache_hits": self.teacher_cache_hits,
            "budget_spent": self.budget_spent,
            "errors": list(self.errors),
        }


# ---- which prompts ---------------------------------------------------------------


def demo_targets(plan: p.Plan) -> tuple[list[DemoTarget], dict[str, str]]:
    """The prompts that can get bootstrapped demos, and why others cannot.

    Only a prompt that every call runs on the local tier: demos hold passages of
    the dev documents, which must not reach a remote model in a deployed run,
    and an @auto step is still being placed by the search.
    """
    calls = list(p.llm_calls(plan.steps))
    by_prompt: dict[str, list[p.LLMCall]] = {}
    for call in calls:
        by_prompt.setdefault(call.prompt, []).append(call)
    local = [
        name
        for name, uses in by_prompt.items()
        if all(c.placement.tier == "local" for c in uses) and name in plan.prompts
    ]
    skipped: dict[str, str] = {
        name: "it runs on the remote tier too, where passages of dev documents must not go"
        for name, uses in by_prompt.items()
        if name not in local and any(c.placement.tier == "local" for c in uses)
    }
    if not local:
        return [], skipped
    documents = [i for i in plan.inputs if i.schema_.get("x-minion-type") == "doc"]
    query = query_input(plan)
    if len(documents) != 1 or query is None:
        reason = "the program needs one document input and one question input to fill it from"
        return [], skipped | dict.fromkeys(local, reason)
    document = documents[0]
    derived = _derived_from(plan.steps, document.name)
    targets: list[DemoTarget] = []
    for name in local:
        target = _target(plan, name, by_prompt[name][0], derived, document)
        if isinstance(target, str):
            skipped[name] = target
        else:
            targets.append(target)
    return targets, skipped


def _target(
    plan: p.Plan, name: str, call: p.LLMCall, derived: set[str], document: p.Param
) -> DemoTarget | str:
    prompt = plan.prompts[name]
    outputs = _output_names(prompt, plan.types)
    clash = {param.name for param in prompt.params} & set(outputs)
    if clash:
        return f"a parameter and an output field share a name ({', '.join(sorted(clash))})"
    document_params, question_params, fixed = [], [], {}
    for param in prompt.params:
        arg = call.args.get(param.name)
        text = param.schema_.get("type") == "string"
        if isinstance(arg, p.ConstExpr):
            fixed[param.name] = arg.value
        elif isinstance(arg, p.KnobExpr) and arg.name in plan.knobs:
            fixed[param.name] = plan.knobs[arg.name].value
        elif arg is not None and text and p.expr_reads(arg) & derived:
            document_params.append(param.name)
        elif arg is not None and text:
            question_params.append(param.name)
        else:
            return f"parameter {param.name} cannot be filled from a dev example"
    if len(document_params) != 1 or len(question_params) != 1:
        return "it does not take exactly one text from the document and one question"
    return DemoTarget(
        prompt=name,
        document_param=document_params[0],
        question_param=question_params[0],
        fixed_args=fixed,
        private=document.private,
        max_tokens=_max_tokens(plan, call),
    )


def _max_tokens(plan: p.Plan, call: p.LLMCall) -> int | None:
    option = call.options.get("max_tokens")
    if isinstance(option, p.ConstExpr) and isinstance(option.value, int):
        return option.value
    if isinstance(option, p.KnobExpr) and option.name in plan.knobs:
        value = plan.knobs[option.name].value
        return value if isinstance(value, int) else None
    return None


def _derived_from(steps: Sequence[p.Step], source: str) -> set[str]:
    """Names holding the document's text or pieces of it: bound by deterministic
    steps (a split, a filter, a loop variable over chunks), not by a model's
    answer about it."""
    derived = {source}
    changed = True
    while changed:  # to a fixed point: a repeat may bind a name after its use
        changed = False
        for step, reads in _bindings(steps):
            if reads & derived and step not in derived:
                derived.add(step)
                changed = True
    return derived


def _bindings(steps: Sequence[p.Step]) -> Iterator[tuple[str, set[str]]]:
    for _, step in p.walk_steps(steps):
        if isinstance(step, p.LetStep) and step.binds:
            yield step.binds, p.expr_reads(step.value)
        elif isinstance(step, p.FilterStep) and step.binds:
            yield step.binds, p.expr_reads(step.source)
        elif isinstance(step, p.MapStep):
            for iteration in step.iterators:
                yield iteration.var, p.expr_reads(iteration.over)


# ---- the teacher -------------------------------------------------------------------


def teacher_on_this_machine(backend: Backend) -> bool:
    """Whether the remote tier runs here: the embedded loopback model, an
    in-process model in the remote role, or a server on localhost."""
    from minionc.runtime.models import LoopbackBackend

    if isinstance(backend, LoopbackBackend) or backend.tier == "local":
        return True
    api_base = getattr(backend, "api_base", None)
    return bool(api_base) and urlparse(str(api_base)).hostname in _LOOPBACK_HOSTS


class TeacherBudgetSpent(Exception):
    """The search's call budget has no calls left for the teacher."""


class _BackendEngine:
    """A DSPy engine (`complete(Request) -> Response`) over a runtime backend:
    DSPy's adapters build the chat, the runtime's backend answers it, through
    the runtime's call cache, and every call that reaches the model is counted."""

    def __init__(
        self, backend: Backend, cache: CallCache | None, seed: int, budget_calls: int | None
    ) -> None:
        self.backend = backend
        self.cache = cache
        self.seed = seed
        self.budget_calls = budget_calls
        self.calls = 0
        self.cache_hits = 0
        self.budget_spent = False
        self.errors: list[str] = []

    def complete(self, request: Any) -> Any:
        from dspy.lm15 import Message as DspyMessage
        from dspy.lm15 import Response, TextPart, Usage

        ours = self._request(request)
        completion = self.cache.get(self.backend.identity, ours) if self.cache else None
        if completion is not None:
            self.cache_hits += 1
        else:
            if self.budget_calls is not None and self.calls >= self.budget_calls:
                self.budget_spent = True
                raise TeacherBudgetSpent("the call budget is spent")
            self.calls += 1
            try:
                completion = self.backend.complete(ours)
            except Exception as error:  # DSPy counts it as a failed example; we report it
                if len(self.errors) < 3:
                    self.errors.append(f"{type(error).__name__}: {error}")
                raise
            if self.cache is not None and completion.finish_reason != "error":
                self.cache.put(self.backend.identity, ours, completion)
        finish = "length" if completion.finish_reason == "length" else "stop"
        return Response(
            id=None,
            model=self.backend.name,
            message=DspyMessage.assistant((TextPart(completion.text),)),
            finish_reason=finish,
            usage=Usage(
                input_tokens=completion.prompt_tokens, output_tokens=completion.completion_tokens
            ),
        )

    def stream(self, request: Any) -> Any:
        from dspy.lm15 import response_to_events

        return response_to_events(self.complete(request))

    def close(self) -> None:
        pass  # the backend is the runtime's

    def _request(self, request: Any) -> CompletionRequest:
        messages: list[Message] = []
        system = request.system
        if system:
            text = system if isinstance(system, str) else "".join(_part_text(s) for s in system)
            messages.append(Message("system", text))
        for message in request.messages:
            role: Literal["system", "user", "assistant"] = (
                "user"
                if message.role == "user"
                else "assistant"
                if message.role == "assistant"
                else "system"
            )
            messages.append(Message(role, "".join(_part_text(part) for part in message.parts)))
        config = request.config
        return CompletionRequest(
            messages=tuple(messages),
            max_tokens=int(config.max_tokens or TEACHER_MAX_TOKENS),
            temperature=float(config.temperature or 0.0),
            seed=config.seed if config.seed is not None else self.seed,
            stop=tuple(config.stop or ()),
        )


def _part_text(part: Any) -> str:
    return str(getattr(part, "text", "") or "")


# ---- bootstrapping -------------------------------------------------------------------


def bootstrap_demos(
    plan: p.Plan,
    devset: DevSet | Sequence[DevExample],
    metric: Metric,
    runtime: Runtime,
    *,
    max_demos: int = 2,
    seed: int = 0,
    max_tries: int | None = None,
    budget_calls: int | None = None,
    share_private: bool = False,
    teacher_max_tokens: int | None = None,
) -> Bootstrapped:
    """Demos for each local prompt a dev example can fill (see the module doc).

    The teacher answers at most `max_tries` dev examples per prompt (default
    4 x `max_demos`, in an order fixed by `seed`) and stops once `max_demos`
    pass; `budget_calls` caps the calls that reach the remote model.
    `teacher_max_tokens`: per teacher answer (default: the local call's
    max_tokens and room for DSPy's field markers).
    """
    targets, skipped = demo_targets(plan)
    answered: dict[str, int] = {}
    kept: dict[str, tuple[p.Example, ...]] = {}
    teacher = runtime.remote
    if max_demos < 1 or not targets or teacher is None:
        if teacher is None:
            skipped |= {t.prompt: "there is no remote tier to teach it" for t in targets}
        return Bootstrapped(kept, answered, skipped, 0, 0, False)
    if not _dspy_has_engines():
        reason = (
            "bootstrapping needs DSPy 3.4 or later, in the `optimize` extra "
            "(pip install 'minionc[optimize]')"
        )
        return Bootstrapped(
            kept, answered, skipped | {t.prompt: reason for t in targets}, 0, 0, False
        )
    on_this_machine = teacher_on_this_machine(teacher)
    examples = list(devset.examples if isinstance(devset, DevSet) else devset)
    random.Random(seed).shuffle(examples)
    engine = _BackendEngine(teacher, runtime.cache, runtime.seed, budget_calls)
    counter = runtime.local.count_tokens if runtime.local is not None else approximate_tokens
    query, document = _query_and_document(plan)
    for target in targets:
        if target.private and not (on_this_machine or share_private):
            skipped[target.prompt] = (
                f"its document is private and the remote tier {teacher.name} is not on this "
                "machine (allow dev passages to go to it with --demos-share-dev)"
            )
            continue
        trainset = _trainset(target, examples, query, document, counter, max_tries or 4 * max_demos)
        if not trainset:
            skipped[target.prompt] = "no dev example has the question and the document"
            continue
        room = teacher_max_tokens or _teacher_room(plan, target)
        demos, answered[target.prompt] = _bootstrap_prompt(
            plan, target, trainset, metric, engine, max_demos, room
        )
        if demos:
            kept[target.prompt] = demos
    return Bootstrapped(
        demos=kept,
        answered=answered,
        skipped=skipped,
        teacher_calls=engine.calls,
        teacher_cache_hits=engine.cache_hits,
        budget_spent=engine.budget_spent,
        errors=tuple(engine.errors),
    )


def _teacher_room(plan: p.Plan, target: DemoTarget) -> int:
    if target.max_tokens is None:
        return TEACHER_MAX_TOKENS
    fields = len(_output_names(plan.prompts[target.prompt], plan.types))
    return target.max_tokens + _MARKER_TOKENS * (fields + 1)


@dataclass(frozen=True)
class _Training:
    inputs: dict[str, Any]
    expected: Any
    alternatives: tuple[Any, ...] = field(default=())


def _query_and_document(plan: p.Plan) -> tuple[str, str]:
    query = query_input(plan)
    documents = [i.name for i in plan.inputs if i.schema_.get("x-minion-type") == "doc"]
    assert query is not None and len(documents) == 1  # demo_targets found targets
    return query, documents[0]


def _trainset(
    target: DemoTarget,
    examples: Sequence[DevExample],
    query: str,
    document: str,
    counter: Any,
    limit: int,
) -> list[_Training]:
    """Up to `limit` training inputs: the dev question, and the passage of the dev
    document that best matches it."""
    found: list[_Training] = []
    seen: set[str] = set()
    for example in examples:
        if len(found) >= limit:
            break
        question = example.item.inputs.get(query)
        text = example.item.inputs.get(document)
        if not isinstance(question, str) or not isinstance(text, str) or not text.strip():
            continue
        passages = split_text(text, tokens=PASSAGE_TOKENS, count_tokens=counter)
        best = retrieve(passages, question, 1)
        if not best:
            continue
        inputs = {
            **target.fixed_args,
            target.document_param: best[0],
            target.question_param: question,
        }
        key = json.dumps(inputs, sort_keys=True, default=str)
        if key in seen:
            continue
        seen.add(key)
        found.append(_Training(inputs, example.expected, example.alternatives))
    return found


def _bootstrap_prompt(
    plan: p.Plan,
    target: DemoTarget,
    trainset: Sequence[_Training],
    metric: Metric,
    engine: _BackendEngine,
    max_demos: int,
    max_tokens: int,
) -> tuple[tuple[p.Example, ...], int]:
    """The demos kept, and how many dev examples the teacher answered."""
    dspy = _dspy()
    prompt = plan.prompts[target.prompt]
    signature = _signature(target.prompt, prompt, plan.types)
    outputs = _output_names(prompt, plan.types)
    first = outputs[0]
    threshold = _passing_score(metric)
    answered = 0

    def passes(example: Any, prediction: Any, trace: Any = None) -> bool:
        nonlocal answered
        answered += 1
        value = _field_value(prompt, plan.types, first, prediction.get(first))
        expected, alternatives = example[_EXPECTED], tuple(example[_ALTERNATIVES])
        return metric(value, expected, alternatives) >= threshold

    params = [param.name for param in prompt.params]
    dspy_trainset = [
        dspy.Example(
            **t.inputs, **{_EXPECTED: t.expected, _ALTERNATIVES: list(t.alternatives)}
        ).with_inputs(*params)
        for t in trainset
    ]
    # The teacher sees the program's own examples: they show the format and the
    # abstaining answer; the student starts empty and keeps only what passed.
    teacher = dspy.Predict(signature)
    teacher.demos = [_dspy_example(dspy, prompt, plan.types, e, outputs) for e in prompt.examples]
    lm = dspy.LM(
        f"minionc/{engine.backend.name}",
        engine=engine,
        cache=False,  # the runtime's call cache, so that the optimizer's replays are free
        temperature=0.0,
        max_tokens=max_tokens,
        num_retries=0,  # the backend retries, and counts
    )
    optimizer = dspy.teleprompt.BootstrapFewShot(
        metric=passes,
        max_bootstrapped_demos=max_demos,
        max_labeled_demos=0,
        max_rounds=1,  # later rounds sample at temperature 1: not reproducible
        max_errors=len(dspy_trainset) + 1,  # a failed example is skipped, never fatal
        teacher_settings={"lm": lm},
    )
    with _quiet(), dspy.context(lm=lm):
        compiled = optimizer.compile(
            dspy.Predict(signature), teacher=teacher, trainset=dspy_trainset
        )
    demos: list[p.Example] = []
    by_inputs = {json.dumps(t.inputs, sort_keys=True, default=str): t for t in trainset}
    for demo in compiled.demos:
        inputs = {name: demo.get(name) for name in params}
        training = by_inputs.get(json.dumps(inputs, sort_keys=True, default=str))
        output = _output_value(prompt, plan.types, outputs, demo)
        if training is None or output is _INVALID:
            continue
        answer = output.get(first) if _is_record(prompt, plan.types) else output
        if metric(answer, training.expected, training.alternatives) < threshold:
            continue  # DSPy's parse passed it; the runtime's reading of it does not
        demos.append(p.Example(inputs=inputs, output=output))
    return tuple(demos[:max_demos]), answered


def _passing_score(metric: Metric) -> float:
    """A kept demo must be right: a binary metric scores 1, a graded one (F1)
    at least half."""
    return 0.5 if metric.name == "f1" else 1.0


def _dspy() -> Any:
    # Never fetch LiteLLM's price table from the internet (DSPy imports LiteLLM).
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    import dspy
    import dspy.teleprompt  # BootstrapFewShot

    return dspy


def _dspy_has_engines() -> bool:
    """DSPy 3.4 added custom engines for dspy.LM, which the teacher needs."""
    try:
        return hasattr(_dspy(), "lm15")
    except ImportError:
        return False


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """BootstrapFewShot prints a summary and a progress bar, and DSPy logs every
    unparsable answer: none of it belongs in the optimizer's output (its --json)."""
    loggers = [logging.getLogger(name) for name in ("dspy", "LiteLLM", "litellm")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


# ---- signatures and values --------------------------------------------------------------

_INVALID = object()


def _is_record(prompt: p.Prompt, types: dict[str, Any]) -> bool:
    root, nullable = split_optional(prompt.output, types)
    return not nullable and bool(record_fields(root, types))


def _output_names(prompt: p.Prompt, types: dict[str, Any]) -> list[str]:
    if _is_record(prompt, types):
        root, _ = split_optional(prompt.output, types)
        return [spec.name for spec in record_fields(root, types)]
    return [ANSWER_FIELD]


def _output_schemas(prompt: p.Prompt, types: dict[str, Any]) -> dict[str, Any]:
    if _is_record(prompt, types):
        root, _ = split_optional(prompt.output, types)
        return dict(root.get("properties") or {})
    return {ANSWER_FIELD: prompt.output}


def _annotation(schema: Any, types: dict[str, Any]) -> Any:
    """A Python type for a DSPy field. Text stays text (the runtime reads "none"
    and numbers from it); lists and flags get their types, so DSPy parses them."""
    inner, nullable = split_optional(schema, types)
    kind = inner.get("type")
    base: Any
    if "enum" in inner:
        base = Literal[tuple(inner["enum"])]
    elif kind == "integer":
        base = int
    elif kind == "number":
        base = float
    elif kind == "boolean":
        base = bool
    elif kind == "array":
        base = GenericAlias(list, (_annotation(inner.get("items", {}), types),))
    else:
        return str
    return Optional[base] if nullable else base  # noqa: UP045 (a runtime type object)


def _signature(name: str, prompt: p.Prompt, types: dict[str, Any]) -> Any:
    dspy = _dspy()
    fields: dict[str, Any] = {}
    for param in prompt.params:
        fields[param.name] = (_annotation(param.schema_, types), dspy.InputField())
    for field_name, schema in _output_schemas(prompt, types).items():
        _, nullable = split_optional(schema, types)
        desc = "short; none if the inputs do not say" if nullable else "short"
        fields[field_name] = (_annotation(schema, types), dspy.OutputField(desc=desc))
    template = prompt.template.strip()
    instructions = (
        "Answer from the inputs, as this prompt template asks (its {{ placeholders }} are "
        f"the input fields):\n\n{template}"
    )
    return dspy.make_signature(fields, instructions, signature_name=f"Prompt_{name}")


def _field_value(prompt: p.Prompt, types: dict[str, Any], name: str, value: Any) -> Any:
    """One output field as the runtime would read it (None for "none")."""
    schema = _output_schemas(prompt, types).get(name, {})
    try:
        return coerce(value, schema, types, [], from_text=isinstance(value, str))
    except CoercionError:
        return None


def _output_value(prompt: p.Prompt, types: dict[str, Any], names: list[str], demo: Any) -> Any:
    """A demo's output as plain data of the prompt's output type, or _INVALID."""
    if _is_record(prompt, types):
        value: Any = {name: demo.get(name) for name in names}
    else:
        value = demo.get(ANSWER_FIELD)
    try:
        output = coerce(value, prompt.output, types, [], from_text=True)
    except CoercionError:
        return _INVALID
    return output if conforms(output, prompt.output, types) else _INVALID


def _dspy_example(
    dspy: Any, prompt: p.Prompt, types: dict[str, Any], example: p.Example, names: list[str]
) -> Any:
    """One of the program's examples as a DSPy demo (None written as "none")."""
    if _is_record(prompt, types):
        output = example.output if isinstance(example.output, dict) else {}
        values = {name: output.get(name) for name in names}
    else:
        values = {ANSWER_FIELD: example.output}
    shown = {name: "none" if value is None else value for name, value in values.items()}
    return dspy.Example(**example.inputs, **shown)
