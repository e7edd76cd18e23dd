"""Hover and go to definition: what the name under the cursor is (its type, a
prompt's signature and output type, a record's fields) and, on the name a step
binds or the role it runs on, where the step runs and its estimated tokens per
call (compiler/estimate.py, as `minionc explain` shows them)."""

from __future__ import annotations

from dataclasses import dataclass

from minionc.compiler import ast
from minionc.compiler.diagnostics import Span
from minionc.compiler.explain import placement_text
from minionc.compiler.plan import Plan, StepEstimate, step_calls, walk_steps

from .analysis import Analysis
from .describe import describe
from .index import step_form
from .names import Kind, Occurrence

__all__ = ["Hover", "definition", "hover"]


@dataclass(frozen=True)
class Hover:
    markdown: str
    span: Span  # the name hovered


def hover(analysis: Analysis, line: int, column: int) -> Hover | None:
    occurrence = analysis.index.at(line + 1, column + 1)
    if occurrence is None:
        return None
    code, text = describe(occurrence.definition, analysis)
    parts = [f"```minion\n{code}\n```"]
    if text:
        parts.append(text)
    if occurrence.statement is not None and _is_step_site(occurrence):
        parts.extend(_step_lines(analysis, occurrence.protocol, occurrence.statement))
    return Hover("\n\n".join(parts), occurrence.span)


def _is_step_site(occurrence: Occurrence) -> bool:
    """The name a step binds or the role it is placed on: where the step's
    placement and cost are shown (not on every name inside its arguments)."""
    statement = occurrence.statement
    if isinstance(statement, ast.Assign) and occurrence.span == statement.name_span:
        return True
    return occurrence.definition.kind in (Kind.ROLE, Kind.PLACEMENT)


def _step_lines(
    analysis: Analysis, protocol: ast.ProtocolDef | None, statement: ast.Assign | ast.Return
) -> list[str]:
    """Where the step of `statement` runs and its estimated tokens per call."""
    facts = analysis.facts(protocol)
    if facts is not None and facts.plan is not None:
        return _planned_step_lines(facts.plan, statement)
    # No plan while the file has errors: the placement as written, and no estimate.
    _, placed = step_form(statement.value)
    targets = dict.fromkeys(p.placement.target for p in placed if p.placement is not None)
    if not targets:
        return []
    symbols = analysis.symbols
    runs = ", ".join(f"@{t} -> {(symbols.tier_of(t) if symbols else None) or '?'}" for t in targets)
    return [f"runs {runs}", "no cost estimate until the program compiles without errors"]


def _planned_step_lines(plan: Plan, statement: ast.Assign | ast.Return) -> list[str]:
    """The plan's step for `statement` (lowering keeps its line and the name it
    binds; `return f(x) @tier` binds `result`), its placement and its estimate."""
    binds = statement.name if isinstance(statement, ast.Assign) else "result"
    for _, step in walk_steps(plan.steps):
        if step.line != statement.span.line or step.binds != binds:
            continue
        calls = [call for _, call in step_calls(step)]
        if not calls:
            return []
        runs = ", ".join(dict.fromkeys(f"`{placement_text(plan, call)}`" for call in calls))
        lines = [f"step {step.id} ({step.kind}) runs {runs}"]
        estimate = plan.estimate
        rows = [row for row in estimate.steps if row.step == step.id] if estimate else []
        lines.extend(_estimate_line(row) for row in rows)
        return lines
    return []


def _estimate_line(row: StepEstimate) -> str:
    if not row.calls:
        return f"estimated: no {row.tier} calls per run"
    prompt = round(row.prompt_tokens / row.calls)
    completion = round(row.completion_tokens / row.calls)
    calls = f"{row.calls:,.0f}" if row.calls == int(row.calls) else f"{row.calls:,.2f}"
    return (
        f"estimated tokens per call ({row.tier}): {prompt:,} prompt + {completion:,} "
        f"completion; {calls} call{'s' if row.calls != 1 else ''} per run"
    )


def definition(analysis: Analysis, line: int, column: int) -> Span | None:
    """Where the name under the position is defined; None for what is built in."""
    occurrence = analysis.index.at(line + 1, column + 1)
    return occurrence.definition.span if occurrence is not None else None
