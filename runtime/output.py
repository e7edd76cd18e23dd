"""A prompt's output type, per backend: rendering the call, parsing the answer.

Rendering (`render_call`). A prompt's template describes one call's *input*
(docs/language.md, "Prompts"); the output format and the examples are rendered
here, per backend:

- a small local **base** model (`raw_completion=True`) gets a few-shot
  completion. Each example is rendered through the same template, followed by
  its output as labelled lines and a blank line; then this call's input and the
  first label, which the model completes::

      Document: Acme's revenue for fiscal 2023 was $5.2 million, ...
      Question: What was Acme's revenue in 2023?
      Answer: $5.2 million
      Citation: revenue for fiscal 2023 was $5.2 million

      Document: <this call's chunk>
      Question: <this call's task>
      Answer:

  A scalar output has the one label `Answer:`; a record one label per field in
  declaration order (`chunk_id` -> `Chunk id:`), `none` for a missing optional
  value; a list is a numbered list on the lines after its label. Stop sequences
  end the completion after one answer: a blank line (the separator between
  examples), the first label again, or a line that starts like the template
  ("Document:"); a single-line scalar answer stops at the end of its line.
- a **chat** model (`raw_completion=False`) gets a system message asking for
  JSON that matches the (inlined) schema and nothing else, the examples as
  user/assistant turns, and this call's input as the last user turn; the
  request's `json_schema` carries the strict schema for providers with native
  structured output. A record is the JSON object itself; any other non-`str`
  output is wrapped as `{"answer": ...}` (structured output needs an object at
  the top); a `str` output is plain text, no JSON.

Parsing (`parse_output`) is tolerant and total: it never raises on any text. It
builds several candidates (labelled lines, JSON anywhere in the text, the plain
text), coerces each to the output type (`output_schema.coerce`), scores them
(required fields filled, repairs made, how well the reader fits the backend) and
keeps the best; or it returns a `ParseFailure` with a reason from a small fixed
set. `Parsed.repairs` lists every liberty taken (text cut after the answer, a
missing field filled with None, JSON repaired or dug out of prose, a number
read from "1,240 employees"); an empty list means the text was exactly in the
expected format. `retry_request` builds the one retry after a failure.

Over 500 lines on purpose: rendering the output format and parsing it back share one
view of the output type (`_Shape`: its labels, list fields, stops); kept together so
the format a model is asked for and the format read back cannot drift apart.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from ..compiler.plan import Prompt
from .backend import CompletionRequest, Message
from .lenient_json import json_candidates
from .output_parse import first_paragraph, list_items, parse_labelled
from .output_schema import (
    CoercionError,
    FieldSpec,
    Schema,
    coerce,
    is_null_word,
    kind_of,
    label_of,
    norm_label,
    record_fields,
    split_optional,
    strict_schema,
)
from .templating import TemplateRenderError, render_sandboxed

__all__ = [
    "FAILURE_REASONS",
    "ParseFailure",
    "ParseResult",
    "Parsed",
    "PromptRenderError",
    "copied_example",
    "parse_output",
    "render_call",
    "retry_request",
]

# The key that wraps a non-record output in chat JSON: {"answer": ...}.
WRAP_KEY = "answer"
# The label of a scalar or list output in the labelled-lines format.
ANSWER_LABEL = "Answer"

FailureReason = Literal[
    "empty",
    "no_candidate",
    "type_mismatch",
    "missing_field",
    "invalid_enum",
    "truncated",
    "copied_example",
]
FAILURE_REASONS: tuple[str, ...] = (
    "empty",  # no text at all
    "no_candidate",  # nothing in the text looks like an answer of this shape
    "type_mismatch",  # an answer, but it does not fit the type
    "missing_field",  # a record without a required field
    "invalid_enum",  # a label that is not one of the enum's values
    "truncated",  # JSON cut off before it was complete
    "copied_example",  # an example's output, which these inputs do not contain
)

# Answers too generic to tell a copy from a coincidence.
_GENERIC_ANSWERS = frozenset({"yes", "no", "true", "false", "none", "unknown", "n/a", ""})


@dataclass(frozen=True)
class Parsed:
    """A value that validates against the output schema (plain JSON data)."""

    value: Any
    score: float  # 0..1: fields filled, few repairs, a reader that suits the backend
    repairs: list[str] = field(default_factory=list)
    ok: Literal[True] = True
    # The text shows the answer ended: a whole JSON value, or more text after it.
    # False when the reading took everything up to the end of the text.
    complete: bool = field(default=True, compare=False)


@dataclass(frozen=True)
class ParseFailure:
    reason: FailureReason
    raw: str
    detail: str
    ok: Literal[False] = False


ParseResult = Parsed | ParseFailure


class PromptRenderError(ValueError):
    """A prompt cannot be rendered with these arguments (a missing argument, a
    template that reads a field the value lacks, ...)."""


# ---- rendering ---------------------------------------------------------------------


class _TextList(list):
    """A list in a template: iterable as usual; `{{ xs }}` prints "- item" lines."""

    def __str__(self) -> str:
        return "\n".join(f"- {_text(item)}" for item in self)


class _TextRecord(dict):
    """A record in a template: `{{ r.field }}` works; `{{ r }}` prints "field: value" pairs."""

    def __str__(self) -> str:
        return "; ".join(f"{k}: {_text(v)}" for k, v in self.items())


def _text(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _template_value(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return _TextList(_template_value(v) for v in value)
    if isinstance(value, dict):
        return _TextRecord({k: _template_value(v) for k, v in value.items()})
    return value


def _finalize(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return _text(value)
    return value


def render_template(
    prompt: Prompt, args: dict[str, Any], *, name: str | None = None, where: str = ""
) -> str:
    """The prompt's template rendered with `args` in the sandbox, without leading
    and trailing blank lines. Raises `PromptRenderError`."""
    owner = f"prompt '{name}'" if name else "prompt"
    if where:
        owner = f"{where} of {owner}"
    missing = [p.name for p in prompt.params if p.name not in args]
    if missing:
        names = ", ".join(f"'{m}'" for m in missing)
        raise PromptRenderError(f"{owner}: missing argument(s) {names}")
    try:
        text = render_sandboxed(
            prompt.template,
            {k: _template_value(v) for k, v in args.items()},
            finalize=_finalize,
        )
    except TemplateRenderError as error:
        raise PromptRenderError(f"{owner}: {error}") from None
    return text.strip("\n").rstrip()


@dataclass(frozen=True)
class _Shape:
    """The output type as the renderer and the parser see it."""

    schema: Schema  # the output schema as written (may be a $ref)
    root: Schema  # resolved, without its null branch
    nullable: bool
    kind: str
    fields: list[FieldSpec]  # record fields, or one pseudo-field "answer" for any other type

    @property
    def plain_text(self) -> bool:
        """A str output: chat models answer in plain text."""
        return self.kind == "string"


def _shape(schema: Schema, types: dict[str, Schema]) -> _Shape:
    root, nullable = split_optional(schema, types)
    kind = kind_of(root)
    if kind == "object" and not nullable and record_fields(root, types):
        fields = record_fields(root, types)
    else:
        fields = [FieldSpec(WRAP_KEY, root, nullable, True)]
        if kind == "object":
            kind = "wrapped_object"
    return _Shape(schema, root, nullable, kind, fields)


def _labels(shape: _Shape) -> list[str]:
    if shape.kind != "object":
        return [ANSWER_LABEL]
    return [label_of(f.name) for f in shape.fields]


def _inline(value: Any) -> str:
    """One value on one line of the labelled format."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, int | float):
        return json.dumps(value)
    return json.dumps(value, ensure_ascii=False)


def _labelled_value(label: str, value: Any, spec: FieldSpec) -> str:
    if kind_of(spec.schema) == "array" and isinstance(value, list):
        if not value:
            return f"{label}: none"
        lines = [f"{i}. {_inline(item)}" for i, item in enumerate(value, 1)]
        return f"{label}:\n" + "\n".join(lines)
    return f"{label}: {_inline(value)}"


def _labelled_output(shape: _Shape, output: Any) -> str:
    labels = _labels(shape)
    if shape.kind != "object":
        return _labelled_value(labels[0], output, shape.fields[0])
    record = output if isinstance(output, dict) else {}
    return "\n".join(
        _labelled_value(label, record.get(spec.name), spec)
        for label, spec in zip(labels, shape.fields, strict=True)
    )


_PREFIX = re.compile(r"^[ \t]*([A-Za-z][A-Za-z0-9 _\-]{0,30}?)[ \t]*:")


def _template_prefixes(template: str) -> list[str]:
    """Static "Label:" prefixes at the start of the template's lines, in order."""
    prefixes = []
    for line in template.split("\n"):
        match = _PREFIX.match(line)
        if match and "{" not in match.group(0) and match.group(1).strip():
            label = match.group(1).strip() + ":"
            if label not in prefixes:
                prefixes.append(label)
    return prefixes


def _stops(prompt: Prompt, shape: _Shape) -> tuple[str, ...]:
    labels = _labels(shape)
    output_norms = {norm_label(label) for label in labels}
    single_line = shape.kind not in {"object", "array", "wrapped_object"} and not any(
        isinstance(example.output, str) and "\n" in example.output for example in prompt.examples
    )
    if single_line:
        return ("\n",)
    stops = ["\n\n", f"\n{labels[0]}:"]
    for prefix in _template_prefixes(prompt.template):
        if norm_label(prefix) not in output_norms:
            stops.append(f"\n{prefix}")
    return tuple(stops[:4])  # some APIs take at most four


def _system_message(shape: _Shape, types: dict[str, Schema]) -> tuple[str, Schema | None]:
    if shape.plain_text:
        none = " If there is no answer, reply: none" if shape.nullable else ""
        return (
            "Reply with the answer only, as plain text: no JSON, no labels, no explanation." + none,
            None,
        )
    if shape.kind == "object":
        schema = strict_schema(shape.schema, types)
        what = "a JSON object"
    else:
        schema = {
            "type": "object",
            "properties": {WRAP_KEY: strict_schema(shape.schema, types)},
            "required": [WRAP_KEY],
            "additionalProperties": False,
        }
        what = f'a JSON object {{"{WRAP_KEY}": ...}}'
    text = (
        f"Reply with {what} that matches this JSON Schema, and nothing else: no "
        "explanation, no code fences. Use null for a value that is not known.\n\n"
        + json.dumps(schema, ensure_ascii=False)
    )
    return text, schema


def _chat_output(shape: _Shape, output: Any) -> str:
    if shape.plain_text:
        return "none" if output is None else str(output)
    if shape.kind == "object":
        record = output if isinstance(output, dict) else {}
        full = {spec.name: record.get(spec.name) for spec in shape.fields}
        return json.dumps(full, ensure_ascii=False)
    return json.dumps({WRAP_KEY: output}, ensure_ascii=False)


def render_call(
    prompt: Prompt,
    args: dict[str, Any],
    *,
    types: dict[str, dict],
    raw_completion: bool,
    max_tokens: int,
    temperature: float,
    seed: int | None,
    name: str | None = None,
) -> CompletionRequest:
    """The request for one call of `prompt` with `args` (see the module doc).
    Raises `PromptRenderError` when the template cannot be rendered; `name`
    (the prompt's name) makes that message clearer."""
    shape = _shape(prompt.output, types)
    examples = [
        (
            render_template(prompt, example.inputs, name=name, where=f"example {i}"),
            example.output,
        )
        for i, example in enumerate(prompt.examples, 1)
    ]
    body = render_template(prompt, args, name=name)
    if raw_completion:
        blocks = [f"{text}\n{_labelled_output(shape, output)}\n" for text, output in examples]
        first_label = _labels(shape)[0]
        text = "\n".join([*blocks, f"{body}\n{first_label}:"])
        return CompletionRequest(
            prompt=text,
            max_tokens=max_tokens,
            temperature=temperature,
            seed=seed,
            stop=_stops(prompt, shape),
        )
    system, schema = _system_message(shape, types)
    messages = [Message("system", system)]
    for text, output in examples:
        messages.append(Message("user", text))
        messages.append(Message("assistant", _chat_output(shape, output)))
    messages.append(Message("user", body))
    return CompletionRequest(
        messages=tuple(messages),
        max_tokens=max_tokens,
        temperature=temperature,
        seed=seed,
        json_schema=schema,
    )


# ---- parsing -----------------------------------------------------------------------


@dataclass
class _Candidate:
    source: str  # labels, json, json_truncated, text
    value: Any
    repairs: list[str]
    from_text: bool
    prior: float  # subtracted from the score: how well this reader suits the backend
    truncated: bool = False  # JSON that the text ended inside of


def parse_output(
    text: str, schema: dict, types: dict, *, raw_completion: bool, cut_off: bool = False
) -> ParseResult:
    """The best typed value in a model's text, or a typed failure. Never raises.

    For a raw completion `text` is what the model wrote after the prompt, which
    ended with the first label ("Answer:"). `cut_off`: the model stopped at
    max_tokens (finish_reason "length"); an answer that then does not parse is
    reported as truncated, whatever else is wrong with it, because the fix is more
    room, not another sample."""
    try:
        parsed = _parse(text, schema, types, raw_completion=raw_completion)
        if not cut_off:
            return parsed
        if isinstance(parsed, ParseFailure):
            if parsed.reason == "truncated":
                return parsed
            return ParseFailure(
                "truncated",
                parsed.raw,
                f"the model reached max_tokens before finishing its answer ({parsed.detail})",
            )
        # A chat model cut off may have stopped mid-answer: a list missing items, a
        # sentence missing its end. Accepted only when the text shows the answer
        # ended. A base model's raw completion is accepted: its answer is the first
        # line of a few-shot pattern, and running on past it until max_tokens is
        # what small base models do.
        if not raw_completion and not parsed.complete:
            return ParseFailure(
                "truncated",
                text,
                "the model reached max_tokens before finishing its answer (raise max_tokens)",
            )
        return parsed
    except Exception as error:  # a bug in a reader must not sink a run; the fuzz tests hunt them
        raw = text if isinstance(text, str) else repr(text)
        return ParseFailure("no_candidate", raw, f"parser error: {type(error).__name__}: {error}")


def _parse(text: str, schema: dict, types: dict, *, raw_completion: bool) -> ParseResult:
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if not text.strip():
        return ParseFailure("empty", text, "the model returned no text")
    shape = _shape(schema, types)
    candidates = _candidates(text, shape, raw_completion=raw_completion)
    truncated = any(c.truncated for c in candidates)
    best: tuple[float, int, Parsed] | None = None
    errors: list[CoercionError] = []
    blank = False
    for order, candidate in enumerate(candidates):
        if candidate.source == "json_truncated":
            continue
        repairs = list(candidate.repairs)
        try:
            value = coerce(
                candidate.value, shape.schema, types, repairs, from_text=candidate.from_text
            )
        except CoercionError as error:
            errors.append(error)
            continue
        if shape.kind == "string" and not shape.nullable and not value.strip():
            blank = True  # "Answer:" and nothing after it: no answer, not an empty string
            continue
        score = _score(shape, value, repairs, candidate.prior)
        if best is None or score > best[0]:
            complete = (candidate.source == "json" and not candidate.truncated) or (
                "cut_trailing_text" in repairs
            )
            best = (score, order, Parsed(value, score, repairs, complete=complete))
    if best is not None:
        return best[2]
    if blank and not errors:
        return ParseFailure("empty", text, "the answer is blank (only other text follows it)")
    if truncated and not any(e.reason == "invalid_enum" for e in errors):
        return ParseFailure("truncated", text, "the JSON answer was cut off before it was complete")
    if not errors:
        expected = "labelled lines" if raw_completion else "JSON"
        return ParseFailure("no_candidate", text, f"found no answer ({expected}) in the text")
    for reason in ("invalid_enum", "missing_field"):
        for found in errors:
            if found.reason == reason:
                return ParseFailure(found.reason, text, found.detail)  # type: ignore[arg-type]
    return ParseFailure(errors[0].reason, text, errors[0].detail)  # type: ignore[arg-type]


def _score(shape: _Shape, value: Any, repairs: list[str], prior: float) -> float:
    """1.0 for a clean reading with every field filled. Required fields weigh most,
    an empty optional one a little (so "none" is a clean answer, but a candidate
    that found a value beats one that did not), each repair 0.05, and the reader's
    fit to the backend (`prior`)."""
    if shape.kind == "object" and isinstance(value, dict):
        required = [f for f in shape.fields if not f.optional]
        optional = [f for f in shape.fields if f.optional]
        required_fill = (
            sum(1 for f in required if _filled(value.get(f.name))) / len(required)
            if required
            else 1.0
        )
        optional_fill = (
            sum(1 for f in optional if _filled(value.get(f.name))) / len(optional)
            if optional
            else 1.0
        )
    else:
        required_fill, optional_fill = 1.0, 1.0 if _filled(value) else 0.0
        if not _filled(value) and not shape.nullable:
            required_fill = 0.5
    score = 0.7 + 0.3 * required_fill - 0.02 * (1 - optional_fill)
    score -= 0.05 * len(repairs) + prior
    return round(max(0.0, min(1.0, score)), 4)


def _filled(value: Any) -> bool:
    return value is not None and value != "" and value != []


def _candidates(text: str, shape: _Shape, *, raw_completion: bool) -> list[_Candidate]:
    found: list[_Candidate] = []
    single = shape.kind != "object"
    labelled_prior = 0.0 if raw_completion else 0.1
    # Labelled lines. A raw completion continues a prompt that ended with the first
    # label; a chat answer (or a base model that wrote the label again) may carry it.
    readings = [(True, labelled_prior)] if raw_completion else []
    readings.append((False, labelled_prior + (0.02 if raw_completion else 0.0)))
    for first_implied, prior in readings:
        labelled = parse_labelled(text, shape.fields, first_implied=first_implied)
        if labelled is None:
            continue
        value = labelled.values.get(WRAP_KEY) if single else labelled.values
        if single and WRAP_KEY not in labelled.values:
            continue
        found.append(_Candidate("labels", value, labelled.repairs, True, prior))
    # JSON anywhere in the text.
    json_prior = 0.1 if raw_completion else 0.0
    if shape.plain_text and not raw_completion:
        json_prior = 0.05
    whole_json = False
    for candidate in json_candidates(text):
        if candidate.cut_value:
            found.append(_Candidate("json_truncated", None, candidate.repairs, False, 1.0, True))
            continue
        value = candidate.value
        repairs = list(candidate.repairs)
        if single:
            unwrapped = _unwrap(value, shape)
            if unwrapped is _NOTHING:
                if shape.kind in {"string", "integer", "number", "boolean", "enum"}:
                    continue  # a list or record where a scalar is due: not this
            else:
                value = unwrapped
        whole_json = whole_json or "json_in_text" not in repairs
        found.append(_Candidate("json", value, repairs, False, json_prior, candidate.truncated))
    # The plain text, for a scalar or list output. (A raw completion's str answer is
    # its first line, which the labelled reading already has: the rest of the text
    # is whatever the model ran on with.)
    if single and not (raw_completion and shape.kind == "string"):
        found.extend(
            _text_candidates(text, shape, raw_completion=raw_completion, whole_json=whole_json)
        )
    return found


_NOTHING = object()


def _unwrap(value: Any, shape: _Shape) -> Any:
    """{"answer": x} -> x (the chat wrapper); a one-key object -> its value."""
    if isinstance(value, dict):
        for key in value:
            if norm_label(str(key)) == WRAP_KEY:
                return value[key]
        if len(value) == 1 and shape.kind != "wrapped_object":
            return next(iter(value.values()))
        if shape.kind == "wrapped_object":
            return value
        return _NOTHING
    if isinstance(value, list) and shape.kind == "array":
        return value
    return _NOTHING


_LEADING_LABEL = re.compile(r"^\s*(?:\*\*)?(?:final\s+)?answer(?:\*\*)?\s*[:=-]\s*", re.IGNORECASE)


def _text_candidates(
    text: str, shape: _Shape, *, raw_completion: bool, whole_json: bool
) -> list[_Candidate]:
    prior = 0.05 if raw_completion or not shape.plain_text else 0.0
    if whole_json:
        prior += 0.2
    repairs: list[str] = []
    if raw_completion:
        body, more = first_paragraph(text)
        if more:
            repairs.append("cut_trailing_text")
    else:
        body = text.strip()
        if shape.kind not in {"string", "array"}:
            body, more = first_paragraph(text)
            if more:
                repairs.append("cut_trailing_text")
    stripped = _LEADING_LABEL.sub("", body, count=1)
    if stripped != body:
        repairs.append("stripped_label")
        body = stripped
    found = []
    if shape.kind == "array":
        items = list_items(body)
        value: Any = items if items and not (len(items) == 1 and is_null_word(items[0])) else body
        found.append(_Candidate("text", value, repairs, True, prior))
        return found
    found.append(_Candidate("text", body, repairs, True, prior))
    if shape.kind == "enum":
        hits = _enum_mentions(text, shape.root.get("enum") or [])
        if len(hits) == 1:
            found.append(
                _Candidate("text", hits[0], [*repairs, "enum_found_in_text"], True, prior + 0.05)
            )
    return found


def _enum_mentions(text: str, values: list[Any]) -> list[Any]:
    lowered = text.lower()
    hits = []
    for value in values:
        pattern = r"(?<![\w])" + re.escape(str(value).lower()) + r"(?![\w])"
        if re.search(pattern, lowered):
            hits.append(value)
    # "up" inside "upgrade" does not count, and a value inside a longer one does not either.
    return [v for v in hits if not any(v != w and str(v).lower() in str(w).lower() for w in hits)]


# ---- retry -------------------------------------------------------------------------

MAX_RETRY_TOKENS = 4096  # a truncated answer's retry doubles max_tokens up to this


def copied_example(
    value: Any, prompt: Prompt, args: dict[str, Any], types: dict[str, Schema] | None = None
) -> ParseFailure | None:
    """A failure when the answer repeats one of the prompt's examples instead of
    reading these inputs: a free text of an example's output (the whole answer,
    or one field of a record) that does not occur in the inputs. Small models copy
    the few-shot pattern they were shown ("Maria Chen", an example's chief
    executive, as the answer about another company); a real extraction is in the
    text it came from. Labels (an enum's values) and generic answers (yes, no,
    none) are never counted as copies."""
    free_text = _free_text_fields(prompt.output, types or {})
    if not free_text:
        return None
    inputs = "\n".join(
        v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, default=str)
        for v in args.values()
    ).casefold()
    for example in prompt.examples:
        if example.inputs == args:
            continue  # the example itself: its output is the right answer
        for name, copied in _shared_texts(value, example.output):
            if name in free_text and copied.casefold() not in inputs:
                where = f"field {name!r} " if name else ""
                return ParseFailure(
                    "copied_example",
                    json.dumps(value, ensure_ascii=False, default=str),
                    f"the answer's {where}{copied!r} is the output of one of the prompt's "
                    "examples, and these inputs do not say it",
                )
    return None


def _free_text_fields(schema: Schema, types: dict[str, Schema]) -> set[str]:
    """The parts of an output that are free text: "" for a whole string answer,
    else the names of a record's string fields (an enum is a label, not text)."""
    root, _ = split_optional(schema, types)
    kind = kind_of(root)
    if kind == "string":
        return {""}
    if kind == "object":
        return {f.name for f in record_fields(root, types) if kind_of(f.schema) == "string"}
    return set()


def _shared_texts(value: Any, example: Any) -> list[tuple[str, str]]:
    """(field, text) where the answer and an example's output hold the same
    non-generic text (field "" for a whole answer)."""
    pairs: list[tuple[str, Any, Any]]
    if isinstance(value, str) and isinstance(example, str):
        pairs = [("", value, example)]
    elif isinstance(value, dict) and isinstance(example, dict):
        pairs = [(k, v, example.get(k)) for k, v in value.items()]
    else:
        return []
    shared = []
    for name, mine, theirs in pairs:
        if not (isinstance(mine, str) and isinstance(theirs, str)):
            continue
        text = mine.strip()
        same = text.casefold() == theirs.strip().casefold()
        if same and text.casefold() not in _GENERIC_ANSWERS:
            shared.append((name, text))
    return shared


def retry_request(request: CompletionRequest, failure: ParseFailure) -> CompletionRequest:
    """The one retry after an answer that did not parse.

    A chat model reads its mistake: the bad answer goes back as the assistant's
    turn, followed by a user message with the parse error and the expected format.

    A raw completion goes to a small base model, which cannot read an error
    message (it would only continue the text, and adding one would break the
    few-shot pattern it is completing). So the retry is the same prompt sampled
    differently: another seed and a temperature of at least 0.7, since at
    temperature 0 a different seed gives the same greedy answer. The sampling
    parameters are part of the cache key, so the retry is not served the cached
    failure.
    """
    if failure.reason == "truncated":
        # Cut off at max_tokens: the same request would be cut off again.
        request = replace(request, max_tokens=min(request.max_tokens * 2, MAX_RETRY_TOKENS))
    if request.messages is None:
        seed = (request.seed if request.seed is not None else 0) + 1
        return replace(request, seed=seed, temperature=max(request.temperature, 0.7))
    if request.json_schema is not None:
        expected = (
            "Reply again with only a JSON object that matches the schema in the system "
            "message: no explanation, no code fences."
        )
    else:
        expected = "Reply again with the answer only, as plain text: no JSON, no explanation."
    detail = failure.detail if failure.detail else failure.reason
    messages = list(request.messages)
    if failure.raw.strip():
        messages.append(Message("assistant", failure.raw))
        problem = f"That answer could not be used ({failure.reason}): {detail}."
    else:
        problem = "Your reply was empty."
    messages.append(Message("user", f"{problem} {expected}"))
    return replace(request, messages=tuple(messages))


def output_labels(schema: dict, types: dict) -> list[str]:
    """The labels of an output type in the labelled-lines format, in order."""
    return _labels(_shape(schema, types))


def first_label(schema: dict, types: dict) -> str:
    return output_labels(schema, types)[0]
