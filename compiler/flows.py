"""The privacy rule, in one place: where private data reaches a remote model.

A taint analysis over the plan, the program as it will run. The checker reports
its violations with a caret on the source (compiler/checks/privacy.py), lowering
pins `@auto` calls and records the flows `explain` lists, and the plan loader and
the runtime refuse a plan that breaks it, however that plan was made.

The rule. A `private` input is tainted by its own name. A value computed from
tainted values is tainted by their union: by a builtin, an operator, a filter
(its condition too), a fan-out (the length of its lists too), or a local model
that read them. A call that may run remotely must not be *influenced* by tainted
data, unless the program says `share` at that influence:

- explicitly, by an argument (what the model reads);
- by an option (`max_tokens`, `samples`, `temperature`, ...: how it is called);
- implicitly, by control: the count of an enclosing `repeat` and every
  `stop when` of it (how often it is called), the lists a fan-out iterates (how
  many calls), the answers and settings of a cascade's earlier tiers (whether it
  is called), a route's policy inputs and options (whether it is chosen).

This is the standard rule of taint analysis: a call under the control of a
private value is tainted by it. A remote model's answer is not tainted by what
it was shown (only what the program released) but by the control it ran under,
and a value bound under tainted control is tainted by that control (how many
rounds ran shows in it).

`share v` releases `v` where it is written, and only there: in an argument or an
option of a remote call, or in a control expression (`repeat share n`,
`stop when share done`, `for c in share chunks`). In a binding or a local call's
argument it changes nothing (the data stays private). Three releases follow from
what the remote model receives anyway: a fan-out whose call shares its iterator
variable (`for c in chunks: f(share c) @remote` sends every item, so their number
too), and a cascade or route whose remote tier shares the very expression the
decision read from an earlier tier (`cascade { f(evidence) @local
f(share evidence) @remote }`). Every release is a `Flow` with its `share`; every
influence without one is a violation (`share` is None).

What this does not cover (docs/security.md): timing, and a run that stops early
(a budget, a failure) before later remote calls would have run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, assert_never

from . import plan as p

Taint = frozenset[str]
CLEAN: Taint = frozenset()

FlowKind = Literal["argument", "option", "repeat", "stop", "fan-out", "cascade", "route"]

# Route policies that choose without reading the call's inputs.
_BLIND_POLICIES = frozenset({"always_local", "always_remote", "random"})


@dataclass(frozen=True)
class Flow:
    """Private data influencing a call that may run remotely: released by `share`,
    or a violation (`share` is None)."""

    kind: FlowKind
    step: str  # id of the step that makes the call
    tier_index: int  # which call of the step (a cascade's or a route's tier)
    binds: str | None
    prompt: str
    placement: str  # as written: "@supervisor"
    auto: bool  # an @auto call: the optimizer may place it remotely
    via: str  # what carries the data, for a reader: "argument evidence", ...
    inputs: tuple[str, ...]  # the private inputs involved
    expr: Any  # the plan expression that carries the data
    source: Any  # the part of `expr` that reads private data (where to point)
    share: p.ShareExpr | None  # what releases it; None: a violation
    line: int  # the line of the step where `expr` is written
    call: Any = field(default=None, compare=False, repr=False)  # the plan's LLMCall
    # An expression whose share among the call's arguments would release this
    # flow too (a fan-out's item, the value a cascade or route decides from).
    release_hint: Any = field(default=None, compare=False, repr=False)


@dataclass
class FlowReport:
    flows: list[Flow] = field(default_factory=list)  # released by a share
    violations: list[Flow] = field(default_factory=list)
    # Every share, with the private inputs it holds (empty: it does nothing).
    shares: dict[int, tuple[p.ShareExpr, Taint]] = field(default_factory=dict)

    def share_inputs(self, share: p.ShareExpr) -> list[str]:
        return sorted(self.shares.get(id(share), (share, CLEAN))[1])


def analyze_flows(plan: p.Plan, *, remote_roles: frozenset[str] = frozenset()) -> FlowReport:
    """Every influence of private data on a call that may run remotely.
    `remote_roles` names roles bound to a remote backend at run time (beyond what
    the plan's models block says)."""
    analysis = _Analysis(plan, remote_roles)
    analysis.steps(plan.steps, ())
    report = FlowReport(shares=analysis.shares)
    for flow in analysis.found.values():
        (report.flows if flow.share is not None else report.violations).append(flow)
    return report


def may_run_remotely(plan: p.Plan, call: p.LLMCall, remote_roles: frozenset[str]) -> bool:
    """Whether `call` can reach a remote model: placed there, on a role that is
    remote, or `@auto` with remote allowed (the runtime sends an unplaced @auto
    call there)."""
    placement = call.placement
    role = plan.models.get(placement.target)
    return (
        placement.tier == "remote"
        or placement.target == "remote"
        or (role is not None and role.tier == "remote")
        or placement.target in remote_roles
        or (placement.tier == "auto" and "remote" in placement.allowed)
    )


def private_source(expr: Any, taint_of: Callable[[Any], Taint]) -> Any:
    """The innermost part of `expr`, outside any share, that reads private data
    (a name, usually): where a caret should point."""
    for child in p.expr_children(expr):
        if not isinstance(child, p.ShareExpr) and taint_of(child):
            return private_source(child, taint_of)
    return expr


def describe(flow: Flow, text_of: Callable[[Any], str]) -> tuple[str, str]:
    """The message and the fix for a violation, with expressions shown by
    `text_of` (the source text in the checker, the plan's rendering elsewhere)."""
    value = text_of(flow.expr)
    inputs = ", ".join(flow.inputs)
    noun = "input" if len(flow.inputs) == 1 else "inputs"
    call = f"{flow.prompt} {flow.placement}"
    derives = f"'{value}' derives from private {noun} {inputs}"
    match flow.kind:
        case "argument":
            return (
                f"{derives} and would be sent to {call}, which runs remotely",
                f"write share {value} to allow it (explain lists it), or run the step locally",
            )
        case "option":
            option = flow.via.removeprefix("option ")
            return (
                f"{derives} and sets {option} of {call}, which runs remotely",
                f"write {option}: share {value} to allow it (explain lists it), or use a "
                "value that does not depend on private data",
            )
        case "repeat":
            return (
                f"{derives} and sets how many times the repeat runs, so how often "
                f"{call} is called, which runs remotely",
                f"write repeat share {value} {{ ... }} to allow it (explain lists it), or "
                "move the remote call out of the loop",
            )
        case "stop":
            return (
                f"{derives} and decides when the repeat stops, so how often {call} is "
                "called, which runs remotely",
                f"write stop when share {value} to allow it (explain lists it), or stop on "
                "a value that does not depend on private data",
            )
        case "fan-out":
            return (
                f"{derives}; {call} runs once per item of it, remotely, so the number of "
                "calls shows its length",
                f"write for ... in share {value} to allow it (explain lists it), share the "
                "item in the call, or make the fan-out local",
            )
        case "cascade":
            return (
                f"{derives}; the cascade decides from it ({flow.via}) whether {call} "
                "runs, which is remote",
                f"share the same value with the remote tier ({flow.prompt}(share {value}, "
                f"...)), write share {value} in the earlier tier, or keep every tier local",
            )
        case "route":
            return (
                f"{derives}; the route decides from it ({flow.via}) whether to choose "
                f"{call}, which is remote",
                f"share the same value with the remote tier ({flow.prompt}(share {value}, "
                "...)), write share in the first tier, or use a policy that does not read "
                "private data",
            )
        case _:
            assert_never(flow.kind)


@dataclass(frozen=True)
class _Influence:
    """Something that shapes a call or decides whether it runs."""

    kind: FlowKind
    via: str
    expr: Any
    line: int
    # Sharing this exact expression in the call's arguments releases it too.
    released_by_sharing: Any = None


Control = tuple[_Influence, ...]


class _Analysis:
    def __init__(self, plan: p.Plan, remote_roles: frozenset[str]) -> None:
        self.plan = plan
        self.remote_roles = remote_roles
        self.taint: dict[str, Taint] = {
            param.name: frozenset({param.name}) for param in plan.inputs if param.private
        }
        # Keyed so that a loop's fixpoint overwrites a finding with its latest,
        # fullest version instead of repeating it.
        self.found: dict[tuple[Any, ...], Flow] = {}
        self.shares: dict[int, tuple[p.ShareExpr, Taint]] = {}

    # ---- expressions ----------------------------------------------------------

    def taint_of(self, expr: p.Expr, scope: dict[str, Taint] | None = None) -> Taint:
        """The private inputs whose data `expr` holds, a share notwithstanding (the
        data inside a share is still private where it is not released)."""
        names = self.taint if scope is None else scope
        match expr:
            case p.RefExpr(name=name):
                return names.get(name, CLEAN)
            case p.ConstExpr() | p.KnobExpr():
                return CLEAN
            case p.ShareExpr(value=value):
                inner = self.taint_of(value, scope)
                _, before = self.shares.get(id(expr), (expr, CLEAN))
                self.shares[id(expr)] = (expr, before | inner)
                return inner
            case (
                p.FieldExpr()
                | p.IndexExpr()
                | p.ListExpr()
                | p.RecordExpr()
                | p.OpExpr()
                | p.BuiltinExpr()
            ):
                taint: set[str] = set()
                for child in p.expr_children(expr):
                    taint |= self.taint_of(child, scope)
                return frozenset(taint)
            case _:
                assert_never(expr)

    def unreleased(self, expr: p.Expr) -> tuple[Taint, list[tuple[p.ShareExpr, Taint]]]:
        """The private inputs `expr` holds outside any share, and the shares in it
        that release private data (with what each releases)."""
        if isinstance(expr, p.ShareExpr):
            inner = self.taint_of(expr)
            return CLEAN, ([(expr, inner)] if inner else [])
        children = p.expr_children(expr)
        if not children:  # a name, a constant, a knob (taint_of knows every kind)
            return self.taint_of(expr), []
        taint: set[str] = set()
        shares: list[tuple[p.ShareExpr, Taint]] = []
        for child in children:
            child_taint, child_shares = self.unreleased(child)
            taint |= child_taint
            shares += child_shares
        return frozenset(taint), shares

    def control_taint(self, control: Control) -> Taint:
        """What a value bound under `control` reveals of private data."""
        taint: set[str] = set()
        for influence in control:
            taint |= self.taint_of(influence.expr)
        return frozenset(taint)

    # ---- calls --------------------------------------------------------------

    def call(self, step: p.Step, call: p.LLMCall, index: int, control: Control) -> Taint:
        """Check one call; return the taint of its answer."""
        remote = may_run_remotely(self.plan, call, self.remote_roles)
        if remote:
            own = [
                *(
                    _Influence("argument", f"argument {name}", arg, step.line)
                    for name, arg in call.args.items()
                ),
                *(
                    _Influence("option", f"option {name}", option, step.line)
                    for name, option in call.options.items()
                ),
            ]
            for influence in (*own, *control):
                self.check(step, call, index, influence)
        answer = self.control_taint(control)
        if remote and call.placement.tier != "auto":
            return answer  # it saw only what was released
        # A local call's answer (an @auto one may run locally) holds what it read.
        for expr in (*call.args.values(), *call.options.values()):
            answer |= self.taint_of(expr)
        return answer

    def check(self, step: p.Step, call: p.LLMCall, index: int, influence: _Influence) -> None:
        private, shares = self.unreleased(influence.expr)
        if private and influence.released_by_sharing is not None:
            match = _shared_in(call, influence.released_by_sharing)
            if match is not None:
                shares.append((match, self.taint_of(match)))
                private = CLEAN
        for share, inputs in shares:
            self.record(step, call, index, influence, inputs, share)
        if private:
            self.record(step, call, index, influence, private, None)

    def record(
        self,
        step: p.Step,
        call: p.LLMCall,
        index: int,
        influence: _Influence,
        inputs: Taint,
        share: p.ShareExpr | None,
    ) -> None:
        key = (step.id, index, influence.kind, influence.via, id(influence.expr), id(share))
        self.found[key] = Flow(
            kind=influence.kind,
            step=step.id,
            tier_index=index,
            binds=step.binds,
            prompt=call.prompt,
            placement=f"@{call.placement.target}",
            auto=call.placement.tier == "auto",
            via=influence.via,
            inputs=tuple(sorted(inputs)),
            expr=share.value if share is not None else influence.expr,
            source=private_source(influence.expr, self.taint_of),
            share=share,
            line=influence.line,
            call=call,
            release_hint=influence.released_by_sharing,
        )

    # ---- steps --------------------------------------------------------------

    def steps(self, steps: list[p.Step], control: Control) -> None:
        for step in steps:
            self.step(step, control)

    def step(self, step: p.Step, control: Control) -> None:
        under = self.control_taint(control)
        match step:
            case p.LetStep(value=value):
                self.bind(step, self.taint_of(value) | under)
            case p.LLMStep(call=call):
                self.bind(step, self.call(step, call, 0, control))
            case p.MapStep():
                self.bind(step, self.map_step(step, control) | under)
            case p.FilterStep(source=source, where=where):
                items = self.taint_of(source)
                # In the condition an item's fields are names: each holds the item's taint.
                scope = {name: self.taint.get(name, CLEAN) | items for name in p.expr_reads(where)}
                self.bind(step, items | self.taint_of(where, scope) | under)
            case p.CascadeStep():
                self.bind(step, self.cascade_step(step, control) | under)
            case p.RouteStep():
                self.bind(step, self.route_step(step, control) | under)
            case p.RepeatStep():
                self.repeat_step(step, control)
            case p.StopStep(when=when):
                self.taint_of(when)  # its control is the enclosing repeat's (repeat_step)
            case p.ReturnStep(value=value):
                self.taint_of(value)
            case _:
                assert_never(step)

    def bind(self, step: p.Step, taint: Taint) -> None:
        if step.binds is not None:
            # Names bind once, except across rounds: a carried name holds every round's.
            self.taint[step.binds] = self.taint.get(step.binds, CLEAN) | taint

    def map_step(self, step: p.MapStep, control: Control) -> Taint:
        lists = [(iteration, self.taint_of(iteration.over)) for iteration in step.iterators]
        fan_out = tuple(
            _Influence(
                "fan-out",
                f"the list {iteration.var} iterates",
                iteration.over,
                step.line,
                released_by_sharing=p.RefExpr(name=iteration.var),
            )
            for iteration, _ in lists
        )
        saved = dict(self.taint)
        for iteration, taint in lists:
            self.taint[iteration.var] = taint  # each item holds the list's data
        if step.call is not None:
            body = self.call(step, step.call, 0, (*control, *fan_out))
        else:
            assert step.value is not None
            body = self.taint_of(step.value)
        self.taint = saved
        lengths = frozenset().union(*(taint for _, taint in lists))
        return body | lengths

    def cascade_step(self, step: p.CascadeStep, control: Control) -> Taint:
        decision: list[_Influence] = [
            _Influence("cascade", f"option {name}", expr, step.line)
            for name, expr in step.options.items()
        ]
        answer = CLEAN
        for index, tier in enumerate(step.tiers):
            answer |= self.call(step, tier.call, index, (*control, *decision))
            # This tier's answers decide whether the next runs: they hold what it read
            # (a remote tier's only what was released) and how it was called.
            position = f"tier {index + 1}'s"
            reads_private = not may_run_remotely(self.plan, tier.call, self.remote_roles) or (
                tier.call.placement.tier == "auto"
            )
            if reads_private:
                decision += [
                    _Influence("cascade", f"{position} argument {name}", arg, step.line, arg)
                    for name, arg in tier.call.args.items()
                ]
                decision += [
                    _Influence("cascade", f"{position} option {name}", expr, step.line)
                    for name, expr in tier.call.options.items()
                ]
            for name, expr in (("agree", tier.agree), ("similarity", tier.similarity)):
                if expr is not None:
                    decision.append(_Influence("cascade", f"{position} {name}", expr, step.line))
        return answer | self.control_taint(tuple(decision))

    def route_step(self, step: p.RouteStep, control: Control) -> Taint:
        decision: list[_Influence] = [
            _Influence("route", f"option {name}", expr, step.line)
            for name, expr in step.options.items()
        ]
        if step.policy not in _BLIND_POLICIES and step.tiers:
            # length and learned policies (and any this version does not know) read
            # the first tier's arguments.
            decision += [
                _Influence(
                    "route",
                    f"policy '{step.policy}' reads tier 1's argument {name}",
                    arg,
                    step.line,
                    arg,
                )
                for name, arg in step.tiers[0].args.items()
            ]
        answer = CLEAN
        for index, call in enumerate(step.tiers):
            answer |= self.call(step, call, index, (*control, *decision))
        return answer | self.control_taint(tuple(decision))

    def repeat_step(self, step: p.RepeatStep, control: Control) -> None:
        count = _Influence("repeat", "the repeat count", step.times, step.line)
        stops = [s for s in step.body if isinstance(s, p.StopStep)]
        # Until nothing changes: a round sees the taint carried from the round
        # before, and a chain of carried names can take several rounds to pass it
        # on. Taint only grows, so this ends.
        while True:
            before = dict(self.taint)
            stop_taints = [self.taint_of(s.when) for s in stops]
            when = tuple(_Influence("stop", "stop when", s.when, s.line) for s in stops)
            self.steps(step.body, (*control, count, *when))
            if self.taint == before and stop_taints == [self.taint_of(s.when) for s in stops]:
                break


def _shared_in(call: p.LLMCall, expr: Any) -> p.ShareExpr | None:
    """A `share` of exactly `expr` among the call's arguments, if any."""
    for arg in call.args.values():
        for node in p.walk_expr(arg):
            if isinstance(node, p.ShareExpr) and node.value == _unshared(expr):
                return node
    return None


def _unshared(expr: Any) -> Any:
    return expr.value if isinstance(expr, p.ShareExpr) else expr
