"""Check: budgets name a known tier (local, remote or a role), a known metric,
and a positive limit."""

from __future__ import annotations

from .. import ast
from ..builtins import BUDGET_METRICS, TIERS
from ..checked import Symbols
from ..diagnostics import DiagnosticSink, did_you_mean


def iter_budgets(body: tuple[ast.Stmt, ...]) -> list[ast.Budget]:
    return [stmt for stmt, _ in ast.walk_statements(body) if isinstance(stmt, ast.Budget)]


def check_budgets(protocol: ast.ProtocolDef, symbols: Symbols, sink: DiagnosticSink) -> None:
    tiers = [*TIERS, *symbols.roles]
    seen: set[tuple[str, str]] = set()
    for budget in iter_budgets(protocol.body):
        if budget.tier not in tiers:
            sink.error(
                "M0601",
                f"budget on '{budget.tier}', which is not a tier or a role",
                budget.tier_span,
                help=did_you_mean(budget.tier, tiers) or f"budgets apply to {', '.join(tiers)}",
            )
        if budget.metric not in BUDGET_METRICS:
            sink.error(
                "M0602",
                f"unknown budget metric '{budget.metric}'",
                budget.metric_span,
                help=did_you_mean(budget.metric, BUDGET_METRICS)
                or f"metrics: {', '.join(BUDGET_METRICS)}",
            )
        if budget.limit <= 0:
            sink.error("M0603", f"budget limit {budget.limit} allows nothing", budget.span)
        key = (budget.tier, budget.metric)
        if key in seen:
            sink.error(
                "M0106", f"budget on {budget.tier}.{budget.metric} is set twice", budget.span
            )
        seen.add(key)
