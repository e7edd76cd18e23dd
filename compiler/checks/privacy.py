"""Check: private data never reaches a remote step unless the program says `share`.

Taint analysis over the protocol: a `private` input is tainted; a value computed
from a tainted value by a deterministic or local step is tainted; a remote step's
output is not (it only saw what it was allowed to see). A tainted argument to a
remote step is an error unless wrapped in `share`; each `share` that does let
private data go remote is recorded as a flow for `minionc explain`. An `@auto`
step that reads tainted data is pinned to local for the optimizer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import ast
from ..checked import PrivateFlow, Symbols
from ..diagnostics import DiagnosticSink, Span, source_lines

Taint = frozenset[str]
CLEAN: Taint = frozenset()


@dataclass
class PrivacyResult:
    flows: list[PrivateFlow] = field(default_factory=list)
    local_only: set[int] = field(default_factory=set)  # id(ast.Placed)


class _Analysis:
    def __init__(self, symbols: Symbols, sink: DiagnosticSink, source_lines: list[str]) -> None:
        self.symbols = symbols
        self.sink = sink
        self.source_lines = source_lines
        self.result = PrivacyResult()
        self.taint: dict[str, Taint] = {}
        self.reported: set[tuple[str, Span]] = set()
        self.flow_keys: set[tuple[Span, str]] = set()
        self.useful_shares: set[Span] = set()
        self.all_shares: dict[Span, ast.Share] = {}

    # ---- expressions ----------------------------------------------------

    def expr_taint(self, expr: ast.Expr, unshare: bool = False) -> Taint:
        """Taint of `expr`. With `unshare`, a `share` does not clear the taint
        (for values that stay local, the data inside is still private)."""
        match expr:
            case ast.Name(name):
                return self.taint.get(name, CLEAN)
            case ast.Literal():
                return CLEAN
            case ast.Share(value):
                self.all_shares[expr.span] = expr
                inner = self.expr_taint(value, unshare)
                return inner if unshare else CLEAN
            case _:
                taint: set[str] = set()
                for child in _children(expr):
                    taint |= self.expr_taint(child, unshare)
                return frozenset(taint)

    def shares_in(self, expr: ast.Expr) -> list[ast.Share]:
        found: list[ast.Share] = []
        if isinstance(expr, ast.Share):
            found.append(expr)
        for child in _children(expr):
            found.extend(self.shares_in(child))
        return found

    def text(self, span: Span) -> str:
        if span.line == span.end_line and 1 <= span.line <= len(self.source_lines):
            return self.source_lines[span.line - 1][span.column - 1 : span.end_column - 1]
        return "value"

    # ---- steps -----------------------------------------------------------

    def llm_call(self, placed: ast.Placed, binding: str, extra_taint: Taint = CLEAN) -> Taint:
        """Check one prompt call; return the taint of its output."""
        call = placed.expr
        if placed.placement is None or not isinstance(call, ast.Call):
            return self.expr_taint(call, unshare=True) | extra_taint
        args = [*call.args, *(k.value for k in call.kwargs)]
        tier = self.symbols.tier_of(placed.placement.target)
        prompt = call.func.id if isinstance(call.func, ast.Name) else "?"
        placement = f"@{placed.placement.target}"
        if tier == "remote":
            for arg in args:
                leaked = self.expr_taint(arg)
                if leaked:
                    self.report_leak(arg, leaked, prompt, placement)
                for share in self.shares_in(arg):
                    inner = self.expr_taint(share.value, unshare=True)
                    if inner:
                        self.useful_shares.add(share.span)
                        self.add_flow(share, inner, binding, prompt, placement)
            if extra_taint:
                # Iterating a fan-out over private data sends each item remote.
                self.report_leak(placed.expr, extra_taint, prompt, placement)
            return CLEAN
        taint = set(extra_taint)
        for arg in args:
            taint |= self.expr_taint(arg, unshare=True)
            for share in self.shares_in(arg):
                inner = self.expr_taint(share.value, unshare=True)
                if inner:
                    self.useful_shares.add(share.span)  # harmless, but the author meant it
                    if tier == "auto":  # the optimizer may place it remotely
                        self.add_flow(share, inner, binding, prompt, placement)
        if tier == "auto" and (extra_taint or any(self.expr_taint(a) for a in args)):
            self.result.local_only.add(id(placed))
        return frozenset(taint)

    def report_leak(self, arg: ast.Expr, leaked: Taint, prompt: str, placement: str) -> None:
        key = ("M0701", arg.span)
        if key in self.reported:
            return
        self.reported.add(key)
        inputs = ", ".join(sorted(leaked))
        self.sink.error(
            "M0701",
            f"'{self.text(arg.span)}' derives from private input {inputs} "
            f"and would be sent to {prompt} {placement}, which runs remotely",
            arg.span,
            help=f"write share {self.text(arg.span)} to allow it (explain lists it), "
            "or run the step locally",
        )

    def add_flow(
        self, share: ast.Share, inputs: Taint, binding: str, prompt: str, placement: str
    ) -> None:
        key = (share.span, binding)
        if key in self.flow_keys:
            return
        self.flow_keys.add(key)
        self.result.flows.append(
            PrivateFlow(
                inputs=tuple(sorted(inputs)),
                value=self.text(share.value.span),
                binding=binding,
                prompt=prompt,
                placement=placement,
                span=share.span,
            )
        )

    def step(self, step: ast.Step, binding: str) -> Taint:
        match step:
            case ast.Placed():
                return self.llm_call(step, binding)
            case ast.FanOut():
                saved = dict(self.taint)
                over: set[str] = set()
                for iterator in step.iterators:
                    iterator_taint = self.expr_taint(iterator.over, unshare=True)
                    self.taint[iterator.var] = iterator_taint
                    over |= iterator_taint
                # A remote body sees each item: its iterator vars carry the taint,
                # which llm_call reports on the argument that uses them.
                result = self.llm_call(step.body, binding)
                self.taint = saved
                if step.body.placement is None:
                    return result | frozenset(over)
                return result
            case ast.Keep():
                source = self.expr_taint(step.source, unshare=True)
                return source | self.expr_taint(step.condition, unshare=True)
            case ast.Cascade() | ast.Route():
                taint: set[str] = set()
                for tier in step.tiers:
                    taint |= self.llm_call(tier, binding)
                return frozenset(taint)
        return CLEAN

    # ---- statements -------------------------------------------------------

    def body(self, body: tuple[ast.Stmt, ...]) -> None:
        for stmt in body:
            if isinstance(stmt, ast.Assign):
                new = self.step(stmt.value, stmt.name)
                # Loop-carried names accumulate taint across rounds.
                self.taint[stmt.name] = self.taint.get(stmt.name, CLEAN) | new
            elif isinstance(stmt, ast.Return):
                self.step(stmt.value, "return")
            elif isinstance(stmt, ast.Repeat):
                # Until nothing changes: each pass sees the taint carried from the
                # round before, and a chain of carried names can take several
                # rounds to pass it on. Taint only grows, so this ends.
                while True:
                    before = dict(self.taint)
                    self.body(stmt.body)
                    if self.taint == before:
                        break


def check_privacy(
    protocol: ast.ProtocolDef, symbols: Symbols, source_text: str, sink: DiagnosticSink
) -> PrivacyResult:
    analysis = _Analysis(symbols, sink, source_lines(source_text))
    for param in protocol.params:
        analysis.taint[param.name] = frozenset({param.name}) if param.private else CLEAN
    analysis.body(protocol.body)
    for span, share in sorted(analysis.all_shares.items()):
        if span not in analysis.useful_shares and not analysis.expr_taint(
            share.value, unshare=True
        ):
            sink.warning(
                "M0702",
                f"'{analysis.text(share.value.span)}' holds no private data; share does nothing",
                span,
            )
    return analysis.result


def _children(expr: ast.Expr) -> list[ast.Expr]:
    match expr:
        case ast.ListLiteral(items):
            return list(items)
        case ast.RecordLiteral(fields):
            return [f.value for f in fields]
        case ast.FieldAccess(value):
            return [value]
        case ast.Index(value, index):
            return [value, index]
        case ast.Call(_, args, kwargs):
            return [*args, *(k.value for k in kwargs)]
        case ast.Unary(_, operand):
            return [operand]
        case ast.Binary(_, left, right):
            return [left, right]
        case ast.Share(value):
            return [value]
    return []
