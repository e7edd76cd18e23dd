"""minionc: compile prompt programs that split work between a local and a remote model.

The public API:

    import minionc
    plan = minionc.compile_file("programs/minions.minion")   # a Plan, estimate filled in
    minionc.save_plan(plan, "minions.plan.json")
    plan = minionc.load_plan("minions.plan.json")

`compile_file` raises `CompileError` (with the rendered diagnostics) for a program
with errors; `load_plan` raises `PlanError` for a file that is not a valid plan.
Imports are lazy, so `import minionc` stays cheap (no Lark, no pydantic) until
one of these is used.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "CompileError",
    "EstimateError",
    "Plan",
    "PlanError",
    "Result",
    "Runtime",
    "__version__",
    "compile_file",
    "load_plan",
    "save_plan",
]

if TYPE_CHECKING:
    from .compiler.diagnostics import Diagnostic
    from .compiler.estimate import EstimateError
    from .compiler.plan import Plan
    from .compiler.plan_io import PlanError


class CompileError(Exception):
    """A program that does not compile. `str(error)` is every diagnostic rendered
    with its source line; `diagnostics` holds them as data."""

    def __init__(self, path: str, diagnostics: list[Diagnostic], rendered: str) -> None:
        errors = sum(1 for d in diagnostics if d.is_error)
        super().__init__(f"{path}: {errors} error{'s' if errors != 1 else ''}\n{rendered}")
        self.path = path
        self.diagnostics = list(diagnostics)
        self.rendered = rendered


def compile_file(
    path: str | Path,
    *,
    protocol: str | None = None,
    assume: Mapping[str, float] | None = None,
) -> Plan:
    """Compile a .minion file into a plan with its static cost estimate
    (`assume` overrides the estimate's assumptions, e.g. {"context": 50000})."""
    from .compiler.diagnostics import render
    from .compiler.estimate import estimate_plan
    from .compiler.pipeline import compile_file as _compile

    result = _compile(path, protocol=protocol)
    if not result.ok or result.plan is None:
        rendered = "\n".join(render(d, result.source_text) for d in result.diagnostics)
        raise CompileError(str(path), result.diagnostics, rendered)
    return estimate_plan(result.plan, assume)


def load_plan(path: str | Path) -> Plan:
    """Read and validate a plan file; raises `PlanError` with a readable message."""
    from .compiler.plan_io import load_plan as _load

    return _load(path)


def save_plan(plan: Plan, path: str | Path) -> None:
    """Write a plan as JSON, atomically; raises `PlanError` if it cannot be written."""
    from .compiler.plan_io import save_plan as _save

    _save(plan, path)


def __getattr__(name: str) -> Any:
    # Lazy re-exports: importing minionc does not import pydantic.
    if name == "Plan":
        from .compiler.plan import Plan

        return Plan
    if name == "PlanError":
        from .compiler.plan_io import PlanError

        return PlanError
    if name == "EstimateError":
        from .compiler.estimate import EstimateError

        return EstimateError
    if name in ("Runtime", "Result"):
        from .runtime import executor

        return getattr(executor, name)
    raise AttributeError(f"module 'minionc' has no attribute {name!r}")
