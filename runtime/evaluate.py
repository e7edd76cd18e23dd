"""Evaluate the plan's expression IR against an environment of plain values."""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any, assert_never

from minionc.compiler import plan as p

from .builtins import BuiltinError, TokenCounter, call_builtin
from .templating import repetition_too_large


class EvaluationError(Exception):
    """An expression could not be evaluated (e.g. a field of none at run time)."""


_BINARY: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "%": operator.mod,
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


class Evaluator:
    def __init__(self, knobs: Mapping[str, Any], count_tokens: TokenCounter) -> None:
        self.knobs = knobs
        self.count_tokens = count_tokens

    def eval(self, expr: p.Expr, env: Mapping[str, Any]) -> Any:
        match expr:
            case p.RefExpr(name=name):
                if name not in env:
                    raise EvaluationError(f"'{name}' has no value here")
                return env[name]
            case p.ConstExpr(value=value):
                return value
            case p.KnobExpr(name=name):
                return self.knobs[name]
            case p.FieldExpr(value=value, field=field):
                record = self.eval(value, env)
                if record is None:
                    return None  # field of an optional record that is none: none
                if not isinstance(record, dict):
                    raise EvaluationError(f"'.{field}' of a {type(record).__name__}")
                return record.get(field)
            case p.IndexExpr(value=value, index=index):
                items = self.eval(value, env)
                position = self.eval(index, env)
                try:
                    return items[position]
                except (IndexError, TypeError, KeyError) as error:
                    raise EvaluationError(f"index {position!r}: {error}") from error
            case p.ListExpr(items=items):
                return [self.eval(item, env) for item in items]
            case p.RecordExpr(fields=fields):
                return {name: self.eval(value, env) for name, value in fields.items()}
            case p.OpExpr(op=op, args=args):
                return self.operator(op, args, env)
            case p.BuiltinExpr(name="format", args=args) if not _constant_text(args):
                # A computed value (a document, a model's output) is data: it is
                # never rendered as a template, whatever a plan says.
                raise EvaluationError("format(): the template must be a constant string")
            case p.BuiltinExpr(name=name, args=args, kwargs=kwargs):
                values = [self.eval(a, env) for a in args]
                named = {k: self.eval(v, env) for k, v in kwargs.items()}
                try:
                    return call_builtin(name, values, named, self.count_tokens)
                except BuiltinError as error:
                    raise EvaluationError(str(error)) from error
            case p.ShareExpr(value=value):
                return self.eval(value, env)
            case _:
                assert_never(expr)

    def operator(self, op: str, args: list[Any], env: Mapping[str, Any]) -> Any:
        if op == "and":
            return bool(self.eval(args[0], env)) and bool(self.eval(args[1], env))
        if op == "or":
            return bool(self.eval(args[0], env)) or bool(self.eval(args[1], env))
        if op == "not":
            return not self.eval(args[0], env)
        if op == "neg":
            return -self.eval(args[0], env)
        left, right = self.eval(args[0], env), self.eval(args[1], env)
        if op in ("<", "<=", ">", ">=") and (left is None or right is None):
            return False  # comparing with a missing value: not satisfied
        if op == "/" and right == 0:
            raise EvaluationError("division by zero")
        if op == "*":
            _check_repeat(left, right)
            _check_repeat(right, left)
        try:
            return _BINARY[op](left, right)
        except TypeError as error:
            raise EvaluationError(f"{op}: {error}") from error


def kept_items(
    evaluator: Evaluator, where: p.Expr, items: Any, env: Mapping[str, Any]
) -> list[Any]:
    """`keep ITEMS where COND`: the items COND holds for. In COND, `it` is the
    item and a record item's fields are in scope; an item COND cannot be
    evaluated on (a malformed model output) does not pass."""
    kept = []
    for item in items or []:
        scope = {**env, "it": item}
        if isinstance(item, dict):
            scope.update(item)
        try:
            if evaluator.eval(where, scope):
                kept.append(item)
        except EvaluationError:
            continue
    return kept


def _check_repeat(sequence: Any, times: Any) -> None:
    # A plan could ask for "x" * 10**12: refuse before building it.
    if repetition_too_large(sequence, times):
        raise EvaluationError(f"*: repeating {len(sequence):,} items {times:,} times is too large")


def _constant_text(args: list[Any]) -> bool:
    return bool(args) and isinstance(args[0], p.ConstExpr) and isinstance(args[0].value, str)
