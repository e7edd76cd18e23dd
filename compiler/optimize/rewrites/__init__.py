"""Decomposition rewrites the optimizer applies to a plan. Each is a module with
`options(plan)`, the settings to try (the first one leaves the plan as it is;
none at all when the rewrite does not apply to this program), and
`apply(plan, setting)`, the rewritten plan."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from minionc.compiler import plan as p

from . import prefilter, single_task, tasks_per_job, trim_findings

__all__ = ["REWRITES", "Rewrite"]


@dataclass(frozen=True)
class Rewrite:
    name: str
    options: Callable[[p.Plan], tuple[Any, ...]]
    apply: Callable[[p.Plan, Any], p.Plan]


REWRITES: tuple[Rewrite, ...] = (
    Rewrite("single_task", single_task.options, single_task.apply),
    Rewrite("prefilter", prefilter.options, prefilter.apply),
    Rewrite("tasks_per_job", tasks_per_job.options, tasks_per_job.apply),
    Rewrite("trim_findings", trim_findings.options, trim_findings.apply),
)
