"""Retrieval that covers the question: every `retrieve` keeps its chunks with
`cover: true` (each chunk kept halves the weight of the query words it matched,
so the next favours words not yet covered).

Applies to a plan with a `retrieve` that does not set `cover` itself. Measured on
the long-document dev split without a model (bench/retrieval_recall.py), it
keeps the evidence of more questions at small budgets (four 125-token chunks:
37 of 57 questions against 29) and of fewer at large ones (four of 500: 45
against 51), so whether it pays is the measured quality's to say.
"""

from __future__ import annotations

from typing import Any, TypeGuard

from minionc.compiler import plan as p


def options(plan: p.Plan) -> tuple[Any, ...]:
    return (False, True) if any(_open(e) for e in _exprs(plan)) else ()


def apply(plan: p.Plan, enabled: bool) -> p.Plan:
    if not enabled:
        return plan
    steps = p.map_steps(plan.steps, lambda step: p.map_step_exprs(step, _covering))
    return plan.model_copy(update={"steps": steps})


def _exprs(plan: p.Plan) -> list[p.Expr]:
    return [
        inner
        for _, step in p.walk_steps(plan.steps)
        for _, expr in p.step_exprs(step)
        for inner in p.walk_expr(expr)
    ]


def _open(expr: p.Expr) -> TypeGuard[p.BuiltinExpr]:
    """A `retrieve` that leaves `cover` to the optimizer."""
    return (
        isinstance(expr, p.BuiltinExpr) and expr.name == "retrieve" and "cover" not in expr.kwargs
    )


def _covering(expr: p.Expr) -> p.Expr:
    if not _open(expr):
        return expr
    return expr.model_copy(update={"kwargs": {**expr.kwargs, "cover": p.ConstExpr(value=True)}})
