"""The checked program: the AST plus everything the checker learned about it.

This is the interface between the checker (compiler/checks/*) and the later
passes (lowering, estimate, explain). It is read-only once built.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from . import ast
from .diagnostics import Span
from .types import Type

Tier = Literal["local", "remote", "auto"]


@dataclass(frozen=True)
class PromptSignature:
    name: str
    params: tuple[tuple[str, Type], ...]
    output: Type
    node: ast.PromptDef


@dataclass(frozen=True)
class PrivateFlow:
    """Private data that the program lets reach a remote step through `share`,
    as an argument or as what shapes or controls the call. `minionc explain`
    lists every one."""

    inputs: tuple[str, ...]  # the private inputs it derives from
    value: str  # the shared expression, as written
    binding: str  # the name the remote step binds
    prompt: str
    placement: str
    span: Span
    kind: str = "argument"  # or how it shapes or controls the call (compiler/flows.py)


@dataclass
class Symbols:
    records: dict[str, object] = field(default_factory=dict)  # name -> RecordType
    enums: dict[str, object] = field(default_factory=dict)  # name -> EnumType
    prompts: dict[str, PromptSignature] = field(default_factory=dict)
    roles: dict[str, ast.RoleDef] = field(default_factory=dict)

    def tier_of(self, target: str) -> Tier | None:
        """The tier a placement target runs on; None if the target is unknown."""
        if target in ("local", "remote", "auto"):
            return target  # type: ignore[return-value]
        role = self.roles.get(target)
        if role is not None and role.tier in ("local", "remote"):
            return role.tier  # type: ignore[return-value]
        return None


@dataclass
class CheckedProgram:
    program: ast.Program
    source_text: str
    protocol: ast.ProtocolDef
    symbols: Symbols
    input_types: dict[str, Type]
    output_type: Type
    knob_types: dict[str, Type]
    # Type of every binding in the protocol (a loop-carried name has one type).
    binding_types: dict[str, Type]
    # Type of every expression node, keyed by id(node); see `type_of`.
    expr_types: dict[int, Type] = field(default_factory=dict)
    private_flows: list[PrivateFlow] = field(default_factory=list)
    # @auto calls that read private data: the optimizer may only place them locally.
    local_only: set[int] = field(default_factory=set)  # id(ast.Placed)
    private_inputs: tuple[str, ...] = ()
    # Names each repeat re-binds from outside it, keyed by id(ast.Repeat).
    carried: dict[int, list[str]] = field(default_factory=dict)

    def type_of(self, node: object) -> Type:
        from .types import UNKNOWN

        return self.expr_types.get(id(node), UNKNOWN)
