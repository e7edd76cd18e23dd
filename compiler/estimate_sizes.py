"""Sizes of values for the static estimate (see compiler/estimate.py for the model).

`Size` is a value's estimated tokens (and for a list its items and item size, for a
record its fields); `ValueSizer` sizes a plan's inputs, the values its output schemas
describe, and its expressions, recording every assumption it uses in `Assumptions`.
The estimate of steps and calls, which builds on these sizes, is in estimate.py.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, assert_never

from .plan import (
    BuiltinExpr,
    ConstExpr,
    Expr,
    FieldExpr,
    IndexExpr,
    KnobExpr,
    ListExpr,
    OpExpr,
    Plan,
    RecordExpr,
    RefExpr,
    ShareExpr,
)
from .tokens import CHARS_PER_TOKEN, tokens_of

DOC_TOKENS = 10_000
STR_TOKENS = 30
PARAGRAPH_TOKENS = 80
PAGE_TOKENS = 500
STRING_OUTPUT_TOKENS = 40
NUMBER_TOKENS = 3
BOOL_TOKENS = 3
ENUM_TOKENS = 2
NULL_TOKENS = 1
LIST_ITEMS = 4
KEEP_FRACTION = 0.3
DEFER_FRACTION = 0.3
REMOTE_SHARE = 0.5
MAX_ROUNDS = 1000  # a guard against a knob gone wild, not a language limit

_TEMPLATE_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)


def static_template_tokens(template: str) -> int:
    """Tokens of a template's own text, its `{{...}}`/`{%...%}`/`{#...#}` tags removed."""
    return tokens_of(_TEMPLATE_TAG.sub("", template))


# ---- sizes ------------------------------------------------------------------------


@dataclass(frozen=True)
class Size:
    """The estimated size of a value. `tokens` is the whole value rendered as text;
    a list also has `items` and the size of one `item`; a record keeps `fields`;
    `number` is the value itself when it is a known number (knobs, literals)."""

    tokens: float
    items: float | None = None
    item: Size | None = None
    fields: tuple[tuple[str, Size], ...] | None = None
    number: float | None = None

    def field(self, name: str) -> Size | None:
        for field_name, size in self.fields or ():
            if field_name == name:
                return size
        return None

    def scaled(self, factor: float) -> Size:
        """The same shape with every token count times `factor` (a `max_tokens` cap)."""
        return Size(
            self.tokens * factor,
            self.items,
            self.item.scaled(factor) if self.item is not None else None,
            tuple((n, s.scaled(factor)) for n, s in self.fields) if self.fields else None,
            self.number,
        )


def scalar(tokens: float, number: float | None = None) -> Size:
    return Size(tokens, number=number)


def list_of(items: float, item: Size) -> Size:
    return Size(items * item.tokens, items=items, item=item)


def record_of(fields: list[tuple[str, Size]]) -> Size:
    # A record renders as its fields with their keys (`"answer": ...`).
    tokens = sum(tokens_of(f'"{name}": ') + size.tokens for name, size in fields)
    return Size(tokens, fields=tuple(fields))


def describe(size: Size) -> str:
    """`50 x 1000 tokens` for a list, `1000 tokens` otherwise."""
    if size.items is not None and size.item is not None:
        return f"{fmt(size.items)} x {fmt(size.item.tokens)} tokens"
    return f"{fmt(size.tokens)} tokens"


def fmt(value: float) -> str:
    """A number for a formula: whole numbers without a decimal point."""
    rounded = round(value, 2)
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.2f}".rstrip("0").rstrip(".")


# ---- assumptions -------------------------------------------------------------------


@dataclass
class Assumptions:
    """The assumptions given by the user, those this plan can use (`known`), and
    those used, with their values, in the order of first use."""

    given: Mapping[str, float]
    known: dict[str, str] = field(default_factory=dict)  # name -> what it means
    used: dict[str, float] = field(default_factory=dict)

    def get(self, name: str, default: float, meaning: str) -> float:
        self.known.setdefault(name, meaning)
        value = float(self.given.get(name, default))
        self.used.setdefault(name, value)
        return value

    def declare(self, name: str, meaning: str) -> None:
        """A name the user may assume although this plan did not need it here."""
        self.known.setdefault(name, meaning)


# ---- sizing values -------------------------------------------------------------------


class ValueSizer:
    """Sizes of the plan's inputs, of model outputs by schema, and of expressions in
    the environment `env` (binding name -> size)."""

    def __init__(self, plan: Plan, assume: Assumptions) -> None:
        self.plan = plan
        self.assume = assume
        self.env: dict[str, Size] = {}

    # ---- inputs ---------------------------------------------------------------

    def input_size(self, name: str, schema: Mapping[str, Any]) -> Size:
        schema = self.resolve(schema)
        if schema.get("type") == "array":
            items = self.assume.get(f"{name}.items", LIST_ITEMS, f"items in the list input {name}")
            item = self.input_item_size(name, self.resolve(schema.get("items", {})))
            return list_of(items, item)
        return self.input_item_size(name, schema)

    def input_item_size(self, name: str, schema: Mapping[str, Any]) -> Size:
        if _is_text(schema):
            is_doc = schema.get("x-minion-type") == "doc"
            default = DOC_TOKENS if is_doc else STR_TOKENS
            kind = "doc" if is_doc else "str"
            return scalar(self.assume.get(name, default, f"tokens of the {kind} input {name}"))
        if schema.get("type") in ("integer", "number"):
            # A number input is often a count (`repeat n`, `k: k`): its assumed value
            # is the number itself; unassumed, each use falls back to its own default.
            meaning = f"the value of the number input {name}"
            self.assume.declare(name, meaning)
            value = self.assume.get(name, 0, meaning) if name in self.assume.given else None
            return scalar(NUMBER_TOKENS, number=value)
        size = self.schema_size(schema, name)
        self.assume.declare(name, f"tokens of the input {name}")
        if name in self.assume.given and size.tokens > 0:
            wanted = self.assume.get(name, size.tokens, f"tokens of the input {name}")
            return size.scaled(wanted / size.tokens)
        return size

    # ---- schemas ----------------------------------------------------------------

    def resolve(self, schema: Mapping[str, Any], depth: int = 0) -> Mapping[str, Any]:
        ref = schema.get("$ref")
        if isinstance(ref, str) and depth < 16:
            name = ref.rsplit("/", 1)[-1]
            target = self.plan.types.get(name) or schema.get("$defs", {}).get(name)
            if isinstance(target, Mapping):
                return self.resolve(target, depth + 1)
        return schema

    def schema_size(
        self,
        schema: Mapping[str, Any],
        owner: str | None,
        depth: int = 0,
        list_items: float = LIST_ITEMS,
    ) -> Size:
        """The size of one value of `schema` written by a model. `owner` names the
        binding, for the `owner.items` assumption of the lists inside, which default
        to `list_items`."""
        schema = self.resolve(schema)
        if depth > 8:
            return scalar(STRING_OUTPUT_TOKENS)
        branches = schema.get("anyOf") or schema.get("oneOf")
        if isinstance(branches, list):
            sizes = [
                self.schema_size(b, owner, depth + 1, list_items)
                for b in branches
                if isinstance(b, Mapping) and self.resolve(b).get("type") != "null"
            ]
            return max(sizes, key=lambda s: s.tokens) if sizes else scalar(NULL_TOKENS)
        if "enum" in schema:
            return scalar(ENUM_TOKENS)
        kind = schema.get("type")
        if kind == "string":
            return scalar(STRING_OUTPUT_TOKENS)
        if kind in ("integer", "number"):
            return scalar(NUMBER_TOKENS)
        if kind == "boolean":
            return scalar(BOOL_TOKENS)
        if kind == "null":
            return scalar(NULL_TOKENS)
        if kind == "array":
            key = f"{owner}.items" if owner else "items"
            items = self.assume.get(key, list_items, f"items in each list that {owner} holds")
            item = self.schema_size(schema.get("items", {}), owner, depth + 1, list_items)
            return list_of(items, item)
        properties = schema.get("properties")
        if kind == "object" and isinstance(properties, Mapping):
            return record_of(
                [
                    (n, self.schema_size(s, owner, depth + 1, list_items))
                    for n, s in properties.items()
                ]
            )
        return scalar(STRING_OUTPUT_TOKENS)

    # ---- expressions --------------------------------------------------------------

    def size(self, expr: Expr) -> Size:
        match expr:
            case RefExpr():
                return self.env.get(expr.name, scalar(STR_TOKENS))
            case ConstExpr():
                return _const_size(expr.value)
            case KnobExpr():
                knob = self.plan.knobs.get(expr.name)
                return _const_size(knob.value if knob is not None else None)
            case FieldExpr():
                base = self.size(expr.value)
                found = base.field(expr.field)
                if found is None and base.item is not None:
                    found = base.item.field(expr.field)
                return found if found is not None else scalar(STRING_OUTPUT_TOKENS)
            case IndexExpr():
                base = self.size(expr.value)
                return base.item if base.item is not None else base
            case ShareExpr():
                return self.size(expr.value)
            case ListExpr():
                if not expr.items:
                    return list_of(0, scalar(0))
                sizes = [self.size(i) for i in expr.items]
                mean = sum(s.tokens for s in sizes) / len(sizes)
                first = sizes[0]
                item = first.scaled(mean / first.tokens) if first.tokens else scalar(mean)
                return list_of(len(sizes), item)
            case RecordExpr():
                return record_of([(n, self.size(v)) for n, v in expr.fields.items()])
            case OpExpr():
                return self.op_size(expr)
            case BuiltinExpr():
                return self.builtin_size(expr)
            case _:
                assert_never(expr)

    def number(self, expr: Expr | None, default: float) -> float:
        if expr is None:
            return default
        value = self.size(expr).number
        return default if value is None else value

    def op_size(self, expr: OpExpr) -> Size:
        args = [self.size(a) for a in expr.args]
        numbers = [a.number for a in args]
        if expr.op in ("+", "-", "*", "/", "%", "neg") and all(n is not None for n in numbers):
            value = _arith(expr.op, [float(n) for n in numbers if n is not None])
            if value is not None:
                return scalar(NUMBER_TOKENS, number=value)
        if expr.op == "+":  # text or list concatenation
            tokens = sum(a.tokens for a in args)
            firsts = [a.item for a in args if a.item is not None]
            if len(firsts) == len(args) and firsts:
                # lists: the items add up; one item has the mean size of all of them
                items = sum(a.items or 0 for a in args)
                mean = tokens / items if items else 0.0
                item = firsts[0]
                return list_of(items, item.scaled(mean / item.tokens) if item.tokens else item)
            return scalar(tokens)
        if expr.op in ("-", "*", "/", "%", "neg"):
            return scalar(NUMBER_TOKENS)
        return scalar(BOOL_TOKENS)  # comparisons and logic

    def builtin_size(self, expr: BuiltinExpr) -> Size:
        name = expr.name
        params = BUILTIN_PARAMS.get(name, [])
        bound: dict[str, Expr] = dict(zip(params, expr.args, strict=False))
        bound.update(expr.kwargs)
        if name == "split":
            return self.split_size(bound)
        if name == "join":
            items = self.size(bound["items"]) if "items" in bound else list_of(0, scalar(0))
            sep = self.size(bound["sep"]).tokens if "sep" in bound else 1
            count = items.items or 0
            return scalar(items.tokens + sep * max(0, count - 1))
        if name == "format":
            template = expr.args[0] if expr.args else None
            static = (
                static_template_tokens(template.value)
                if isinstance(template, ConstExpr) and isinstance(template.value, str)
                else 0
            )
            return scalar(static + sum(self.size(v).tokens for v in expr.kwargs.values()))
        if name == "text":
            return scalar(self.size(bound["value"]).tokens) if "value" in bound else scalar(0)
        if name == "len":
            value = self.size(bound["value"]) if "value" in bound else scalar(0)
            count = value.items if value.items is not None else value.tokens * CHARS_PER_TOKEN
            return scalar(NUMBER_TOKENS, number=count)
        if name == "retrieve":
            chunks = self.size(bound["chunks"]) if "chunks" in bound else list_of(0, scalar(0))
            k = self.number(bound.get("k"), LIST_ITEMS)
            item = chunks.item or scalar(0)
            return list_of(min(k, chunks.items if chunks.items is not None else k), item)
        items = self.size(bound["items"]) if "items" in bound else list_of(0, scalar(0))
        if name == "flatten":
            inner = items.item
            if inner is not None and inner.items is not None and inner.item is not None:
                return list_of((items.items or 0) * inner.items, inner.item)
            return items
        if name in ("first", "vote"):
            return items.item if items.item is not None else items
        if name == "unique":
            return items
        if name == "batches":  # ceil(n / size) groups of `size` items
            size = max(1, int(self.number(bound.get("size"), 1)))
            count = items.items if items.items is not None else LIST_ITEMS
            group = list_of(size, items.item or scalar(0))
            return list_of(-(-int(count) // size), group)
        if name == "trim":  # at most the value itself
            return self.size(bound["value"]) if "value" in bound else scalar(0)
        return scalar(sum(self.size(a).tokens for a in [*expr.args, *expr.kwargs.values()]))

    def split_size(self, bound: dict[str, Expr]) -> Size:
        total = self.size(bound["text"]).tokens if "text" in bound else 0.0
        if "paragraphs" in bound:
            unit, per = "paragraphs", PARAGRAPH_TOKENS
        elif "pages" in bound:
            unit, per = "pages", PAGE_TOKENS
        else:
            unit, per = "tokens", 1
        chunk = max(1.0, self.number(bound.get(unit), 1000 / per) * per)
        overlap = self.number(bound.get("overlap"), 0) * per
        count = math.ceil(total / chunk) if total > 0 else 0
        return list_of(count, scalar(min(total, chunk) + (overlap if count > 1 else 0)))


BUILTIN_PARAMS: dict[str, list[str]] = {
    "split": ["text", "tokens", "paragraphs", "pages", "overlap"],
    "join": ["items", "sep"],
    "format": ["template"],
    "text": ["value"],
    "len": ["value"],
    "retrieve": ["chunks", "query", "k", "cover"],
    "flatten": ["items"],
    "first": ["items"],
    "unique": ["items"],
    "vote": ["items"],
    "trim": ["value", "chars", "drop"],
    "batches": ["items", "size"],
}


def _const_size(value: Any) -> Size:
    if isinstance(value, bool):
        return scalar(BOOL_TOKENS)
    if isinstance(value, int | float):
        return scalar(tokens_of(str(value)), number=float(value))
    if isinstance(value, str):
        return scalar(tokens_of(value))
    if value is None:
        return scalar(0)
    if isinstance(value, list):
        sizes = [_const_size(v) for v in value]
        mean = sum(s.tokens for s in sizes) / len(sizes) if sizes else 0
        return list_of(len(sizes), scalar(mean))
    return scalar(tokens_of(json.dumps(value)))


def _arith(op: str, values: list[float]) -> float | None:
    if op == "neg" and len(values) == 1:
        return -values[0]
    if len(values) != 2:
        return None
    a, b = values
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if b == 0:
        return None
    return a / b if op == "/" else a % b


def _is_text(schema: Mapping[str, Any]) -> bool:
    return schema.get("type") == "string" and "enum" not in schema
