"""A BM25 pre-filter: the local fan-out reads only the `k` chunks that best match
the question instead of every chunk of the document.

Applies to a fan-out whose iterator runs over the chunks of a `split` (bound by
a `let`) when the protocol has exactly one public text input to match against
(the question). Fewer local jobs, and fewer findings sent to the remote tier; a
chunk that holds the answer but shares no words with the question is lost.
"""

from __future__ import annotations

from typing import Any

from minionc.compiler import plan as p

# Settings tried: off, then chunks kept.
K_VALUES: tuple[int, ...] = (2, 4, 8)


def options(plan: p.Plan) -> tuple[Any, ...]:
    if query_input(plan) is None or not _chunk_iterators(plan.steps, _split_bindings(plan.steps)):
        return ()
    return (None, *K_VALUES)


def apply(plan: p.Plan, k: int | None) -> p.Plan:
    query = query_input(plan)
    if k is None or query is None:
        return plan
    splits = _split_bindings(plan.steps)
    steps = p.map_steps(plan.steps, lambda step: _filtered(step, splits, query, k))
    return plan.model_copy(update={"steps": steps})


def query_input(plan: p.Plan) -> str | None:
    """The one public text input (a question), if there is exactly one."""
    texts = [
        param.name
        for param in plan.inputs
        if not param.private
        and param.schema_.get("type") == "string"
        and param.schema_.get("x-minion-type") != "doc"
    ]
    return texts[0] if len(texts) == 1 else None


def _split_bindings(steps: list[p.Step]) -> set[str]:
    names: set[str] = set()
    for _, step in p.walk_steps(steps):
        if (
            isinstance(step, p.LetStep)
            and step.binds
            and isinstance(step.value, p.BuiltinExpr)
            and step.value.name == "split"
        ):
            names.add(step.binds)
    return names


def _chunk_iterators(steps: list[p.Step], splits: set[str]) -> bool:
    return any(
        isinstance(step, p.MapStep)
        and step.call is not None
        and any(_over_split(it, splits) for it in step.iterators)
        for _, step in p.walk_steps(steps)
    )


def _over_split(iteration: p.Iteration, splits: set[str]) -> bool:
    return isinstance(iteration.over, p.RefExpr) and iteration.over.name in splits


def _filtered(step: p.Step, splits: set[str], query: str, k: int) -> p.Step:
    if not (isinstance(step, p.MapStep) and step.call is not None):
        return step
    iterators = [
        it.model_copy(
            update={
                "over": p.BuiltinExpr(
                    name="retrieve",
                    args=[it.over, p.RefExpr(name=query)],
                    kwargs={"k": p.ConstExpr(value=k)},
                )
            }
        )
        if _over_split(it, splits)
        else it
        for it in step.iterators
    ]
    return step.model_copy(update={"iterators": iterators})
