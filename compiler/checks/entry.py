"""Check: which protocol of a file runs. The only one; else the one named by
--protocol; else the one named `main`."""

from __future__ import annotations

from .. import ast
from ..diagnostics import DiagnosticSink, Span, did_you_mean


def choose_entry(
    program: ast.Program, entry: str | None, sink: DiagnosticSink
) -> ast.ProtocolDef | None:
    protocols: dict[str, ast.ProtocolDef] = {}
    for protocol in program.protocols:
        if protocol.name in protocols:
            sink.error("M0106", f"protocol '{protocol.name}' is defined twice", protocol.name_span)
            continue
        protocols[protocol.name] = protocol
    if entry is not None:
        if entry in protocols:
            return protocols[entry]
        sink.error(
            "M0901",
            f"no protocol named '{entry}' in this file",
            Span(1, 1, 1, 2),
            help=did_you_mean(entry, protocols)
            or f"protocols here: {', '.join(protocols) or 'none'}",
        )
        return None
    if not protocols:
        sink.error(
            "M0901",
            "this file declares no protocol",
            Span(1, 1, 1, 2),
            help="add: protocol NAME(question: str) -> str { ... return ... }",
        )
        return None
    if len(protocols) == 1:
        return next(iter(protocols.values()))
    if "main" in protocols:
        return protocols["main"]
    sink.error(
        "M0902",
        f"this file declares {len(protocols)} protocols ({', '.join(protocols)}) and none is main",
        program.protocols[1].name_span,
        help="rename the one to run to main, or pass --protocol NAME",
    )
    return None
