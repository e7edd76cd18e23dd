"""Check: the options of placements, cascades and routes.

Which options a call, a cascade tier, a cascade and a route take, their types
and ranges, the cascade and route policies, and each cascade tier's agreement
rule (compiler/builtins.py lists the vocabulary).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import ast
from ..builtins import (
    CASCADE_OPTIONS,
    CASCADE_POLICIES,
    PLACEMENT_KEYWORDS,
    ROUTE_OPTIONS,
    ROUTE_POLICIES,
)
from ..diagnostics import DiagnosticSink, did_you_mean
from ..types import FLOAT, INT
from .knobs import literal_value

if TYPE_CHECKING:
    from .expr_types import ExprTyper


def check_placement(typer: ExprTyper, placement: ast.Placement, allowed: tuple[str, ...]) -> None:
    """The target is a tier keyword or a role; each option is allowed here, given
    once, of its type and in its range."""
    target = placement.target
    if target not in PLACEMENT_KEYWORDS and target not in typer.symbols.roles:
        known = [*PLACEMENT_KEYWORDS, *typer.symbols.roles]
        typer.sink.error(
            "M0105",
            f"unknown placement '@{target}'",
            placement.target_span,
            help=did_you_mean(target, known)
            or f"use one of {', '.join('@' + k for k in known)}, or declare the role in models",
        )
    seen: set[str] = set()
    for option in placement.options:
        value_type = typer.type_expr(option.value)
        if option.name in seen:
            typer.sink.error("M0106", f"option '{option.name}' is given twice", option.span)
        seen.add(option.name)
        if option.name not in allowed:
            typer.sink.error(
                "M0108",
                f"unknown option '{option.name}' for an LLM call here",
                option.span,
                help=did_you_mean(option.name, allowed) or f"options here: {', '.join(allowed)}",
            )
            continue
        expected = FLOAT if option.name in ("temperature", "similarity") else INT
        typer.expect(value_type, expected, option.value.span, f"option '{option.name}'")
        is_const, value = literal_value(option.value)
        if is_const and isinstance(value, int | float) and not isinstance(value, bool):
            if option.name in ("samples", "max_tokens", "agree") and value < 1:
                typer.sink.error(
                    "M0201", f"option '{option.name}' must be at least 1", option.value.span
                )
            if option.name == "similarity" and not 0 <= value <= 1:
                typer.sink.error(
                    "M0201", "option 'similarity' must be between 0 and 1", option.value.span
                )


def cascade_policy(typer: ExprTyper, cascade: ast.Cascade) -> bool | None:
    """Check `cascade(policy: ..., threshold: ...)`: True for a learned policy,
    None for one that is not known (its tiers' rules are not checked then)."""
    options: dict[str, ast.KwArg] = {}
    for option in cascade.options:
        value_type = typer.type_expr(option.value)
        options[option.name] = option
        if option.name not in CASCADE_OPTIONS:
            typer.sink.error(
                "M0108",
                f"unknown option '{option.name}' for a cascade",
                option.span,
                help=did_you_mean(option.name, CASCADE_OPTIONS)
                or "agreement is set per tier: f(x) @local(samples: 3, agree: 2); "
                f"cascade options: {', '.join(CASCADE_OPTIONS)}",
            )
        elif option.name == "threshold":
            typer.expect(value_type, FLOAT, option.value.span, "cascade option 'threshold'")
    policy = options.get("policy")
    value: object = "agreement"
    if policy is not None:
        _, value = literal_value(policy.value)
        if not isinstance(value, str) or value not in CASCADE_POLICIES:
            typer.sink.error(
                "M0803",
                f"unknown cascade policy {value!r}"
                if isinstance(value, str)
                else "the cascade policy must be a string",
                policy.value.span,
                help=did_you_mean(str(value), CASCADE_POLICIES)
                or f"policies: {', '.join(CASCADE_POLICIES)}",
            )
            return None
    threshold = options.get("threshold")
    if threshold is not None and value != "learned":
        typer.sink.error(
            "M0803",
            "threshold: is for a learned cascade; an agreement cascade keeps a tier's "
            "answer when agree: K of its samples match",
            threshold.span,
            help='write cascade(policy: "learned", threshold: T), or remove threshold:',
        )
    return value == "learned"


def check_agreement(sink: DiagnosticSink, tier: ast.Placed, last: bool, learned: bool) -> None:
    """A tier before the last says when its answer is kept (agree: K of samples: N,
    N > 1, K <= N); the last takes no agree:."""
    if tier.placement is None:
        return
    options = {o.name: o for o in tier.placement.options}
    agree = options.get("agree")
    if learned and not last and agree is None:
        return  # the policy decides; agree: K, if given, must hold as well
    if last:
        if agree is not None:
            sink.error(
                "M0803",
                "the last tier of a cascade has nowhere to defer to; it takes no agree:",
                agree.span,
                help="remove agree: from the last tier",
            )
        return
    if agree is None:
        sink.error(
            "M0803",
            "this cascade tier has no agreement rule",
            tier.placement.span,
            help="add samples: N and agree: K: the tier's answer is kept when K of N agree",
        )
        return
    _, k = literal_value(agree.value)
    samples = options.get("samples")
    n: object = 1
    if samples is not None:
        _, n = literal_value(samples.value)
    if isinstance(k, int) and isinstance(n, int) and not isinstance(k, bool):
        if k > n:
            sink.error(
                "M0803",
                f"agree: {k} cannot be met by {n} sample{'s' if n != 1 else ''}",
                agree.span,
                help=f"use agree: K with 1 <= K <= {n}, or more samples",
            )
        elif n == 1:
            sink.error(
                "M0803",
                "one sample always agrees with itself, so later tiers would never run",
                tier.placement.span,
                help="give this tier samples: 2 or more",
            )


def check_route_options(typer: ExprTyper, route: ast.Route) -> None:
    """`route(policy: ..., threshold: ..., share: ...)`: known options of their
    types, a known policy, a share between 0 and 1."""
    options: dict[str, ast.KwArg] = {}
    for option in route.options:
        value_type = typer.type_expr(option.value)
        options[option.name] = option
        if option.name not in ROUTE_OPTIONS:
            typer.sink.error(
                "M0108",
                f"unknown option '{option.name}' for a route",
                option.span,
                help=did_you_mean(option.name, ROUTE_OPTIONS)
                or f"route options: {', '.join(ROUTE_OPTIONS)}",
            )
        elif option.name in ("threshold", "share"):
            typer.expect(value_type, FLOAT, option.value.span, f"route option '{option.name}'")
    policy = options.get("policy")
    if policy is None:
        typer.sink.error(
            "M0804",
            "a route needs a policy",
            route.span,
            help=f'write route(policy: "...") with one of {", ".join(ROUTE_POLICIES)}',
        )
    else:
        _, value = literal_value(policy.value)
        if not isinstance(value, str) or value not in ROUTE_POLICIES:
            typer.sink.error(
                "M0804",
                f"unknown route policy {value!r}"
                if isinstance(value, str)
                else "the route policy must be a string",
                policy.value.span,
                help=did_you_mean(str(value), ROUTE_POLICIES)
                or f"policies: {', '.join(ROUTE_POLICIES)}",
            )
    share = options.get("share")
    if share is not None:
        _, value = literal_value(share.value)
        if isinstance(value, int | float) and not 0 <= value <= 1:
            typer.sink.error("M0804", "route share must be between 0 and 1", share.value.span)
