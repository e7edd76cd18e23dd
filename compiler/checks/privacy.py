"""Check: private data reaches a remote step only where the program says `share`.

The rule itself lives in compiler/flows.py and runs on the plan, the program as
it will run, so that the checker, the plan loader and the runtime apply the same
one. This pass translates the protocol to a draft plan, runs the rule, and turns
each violation into a diagnostic with a caret on the source: M0701 for an
argument, M0703 for an option, M0704 for control (a repeat count, a stop
condition, a fan-out's list, a cascade's or a route's decision). An `@auto` step
with a violation is not an error: it is pinned to the local tier, where private
data may go. A `share` of a value that holds no private data is a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..checked import CheckedProgram, PrivateFlow
from ..diagnostics import UNKNOWN_SPAN, DiagnosticSink, Span
from ..flows import Flow, FlowKind, analyze_flows, describe

_CODES: dict[FlowKind, str] = {
    "argument": "M0701",
    "option": "M0703",
    "repeat": "M0704",
    "stop": "M0704",
    "fan-out": "M0704",
    "cascade": "M0704",
    "route": "M0704",
}


@dataclass
class PrivacyResult:
    flows: list[PrivateFlow] = field(default_factory=list)
    local_only: set[int] = field(default_factory=set)  # id(ast.Placed)


def check_privacy(checked: CheckedProgram, sink: DiagnosticSink) -> PrivacyResult:
    """Run the privacy rule on a protocol that has no other errors."""
    from ..lower import translate  # the draft plan is what the rule reads

    lowered = translate(checked)
    report = analyze_flows(lowered.plan)

    def span_of(expr: object) -> Span:
        return lowered.origins.get(id(expr), UNKNOWN_SPAN)

    result = PrivacyResult()
    pinned_calls: set[tuple[str, int]] = set()
    reported: dict[tuple[str, int], list[Flow]] = {}
    # A control flow that sharing a leaking argument would also release is the
    # same mistake: report the argument only (`for x in c: f(x) @remote`).
    leaking_arguments = {
        (v.step, v.tier_index): [a.expr for a in report.violations if _same_call(a, v)]
        for v in report.violations
        if v.kind == "argument"
    }
    for violation in report.violations:
        hint = violation.release_hint
        call_key = (violation.step, violation.tier_index)
        if hint is not None and any(hint == e for e in leaking_arguments.get(call_key, [])):
            continue
        if violation.auto:
            # An @auto call may only run locally: nothing to report.
            pinned_calls.add((violation.step, violation.tier_index))
            placed = lowered.placed.get(id(violation.call))
            if placed is not None:
                result.local_only.add(id(placed))
            continue
        # One diagnostic per place in the source; a value that controls several
        # remote calls names the others in a note.
        key = (violation.kind, id(_anchor(violation)))
        reported.setdefault(key, []).append(violation)
    for group in sorted(reported.values(), key=lambda flows: span_of(_anchor(flows[0]))):
        first = group[0]
        message, fix = describe(first, lowered.text_of)
        others = sorted({f"{f.prompt} {f.placement}" for f in group[1:]} - {_call(first)})
        notes = (f"it also controls {', '.join(others)}",) if others else ()
        sink.error(_CODES[first.kind], message, span_of(_anchor(first)), help=fix, notes=notes)
    for share, taint in report.shares.values():
        if not taint:
            sink.warning(
                "M0702",
                f"'{lowered.text_of(share.value)}' holds no private data; share does nothing",
                span_of(share),
            )
    result.flows = [
        PrivateFlow(
            inputs=flow.inputs,
            value=lowered.text_of(flow.expr),
            binding=flow.binds or "",
            prompt=flow.prompt,
            placement=flow.placement,
            span=span_of(flow.share),
            kind=flow.kind,
        )
        for flow in report.flows
        if (flow.step, flow.tier_index) not in pinned_calls
    ]
    return result


def _same_call(argument: Flow, other: Flow) -> bool:
    return argument.kind == "argument" and (argument.step, argument.tier_index) == (
        other.step,
        other.tier_index,
    )


def _anchor(flow: Flow) -> object:
    return flow.expr if flow.kind == "argument" else flow.source


def _call(flow: Flow) -> str:
    return f"{flow.prompt} {flow.placement}"
