"""Few-shot demonstrations bootstrapped for the local prompts
(compiler/optimize/demos.py), put in front of each prompt's own examples. The
program's examples stay after them: they show the format, and how to abstain
when the document does not say.

Unlike the other rewrites this one needs data the plan does not hold, the
demos, which take model calls to make: the driver bootstraps them before the
search and builds the rewrite from them with `rewrite(demos)`. The plan it
writes holds the demos as plain data and runs with `minionc run` as it is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from minionc.compiler import plan as p

from . import Rewrite

NAME = "demos"
# Settings tried: the prompts as written, then with the bootstrapped demos.
SETTINGS: tuple[Any, ...] = (None, "bootstrapped")


def rewrite(demos: Mapping[str, Sequence[p.Example]]) -> Rewrite:
    """The rewrite for these demos (prompt name -> demos)."""
    held = {name: tuple(examples) for name, examples in demos.items() if examples}
    return Rewrite(
        NAME, lambda plan: options(plan, held), lambda plan, s: apply(plan, s, held), off=None
    )


def options(plan: p.Plan, demos: Mapping[str, Sequence[p.Example]]) -> tuple[Any, ...]:
    return SETTINGS if any(name in plan.prompts for name in demos) else ()


def apply(plan: p.Plan, setting: str | None, demos: Mapping[str, Sequence[p.Example]]) -> p.Plan:
    if setting is None:
        return plan
    prompts = dict(plan.prompts)
    for name, examples in demos.items():
        prompt = prompts.get(name)
        if prompt is not None:
            prompts[name] = prompt.model_copy(update={"examples": [*examples, *prompt.examples]})
    return plan.model_copy(update={"prompts": prompts})
