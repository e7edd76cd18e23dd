"""Decomposition rewrites the optimizer applies to a plan. Each is a module with
`options(plan)`, the settings to try (the first one leaves the plan as it is;
none at all when the rewrite does not apply to this program), and
`apply(plan, setting)`, the rewritten plan. `off` is the setting that leaves any
plan as it is: a candidate leaves a rewrite at `off` out of its key, so adding a
rewrite never changes the keys of the candidates measured before it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from minionc.compiler import plan as p

from . import cover, prefilter, single_task, tasks_per_job, trim_findings

__all__ = ["OFF_SETTINGS", "REWRITES", "Rewrite"]


@dataclass(frozen=True)
class Rewrite:
    name: str
    options: Callable[[p.Plan], tuple[Any, ...]]
    apply: Callable[[p.Plan, Any], p.Plan]
    off: Any = None


REWRITES: tuple[Rewrite, ...] = (
    Rewrite("single_task", single_task.options, single_task.apply, off=False),
    Rewrite("prefilter", prefilter.options, prefilter.apply, off=None),
    Rewrite("tasks_per_job", tasks_per_job.options, tasks_per_job.apply, off=1),
    Rewrite("trim_findings", trim_findings.options, trim_findings.apply, off=None),
    Rewrite("cover", cover.options, cover.apply, off=False),
)

# Every rewrite's `off` setting by name (the demos rewrite is built per search,
# with_demos.py; its off setting is None as well).
OFF_SETTINGS: dict[str, Any] = {rewrite.name: rewrite.off for rewrite in REWRITES} | {"demos": None}
