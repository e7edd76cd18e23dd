"""The pygls wiring of `minionc lsp`: documents in (full text on every change),
diagnostics out on open and change (cleared on close), and hover, go to
definition, completion and document symbols answered by hover.py,
completion.py and symbols.py. No formatting: the project has no formatter.

A request the analysis cannot answer gets an empty answer and a line in the
client's log, never a dead server: an editor sends half-typed text all the time.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from minionc import __version__
from minionc.compiler.diagnostics import Severity, Span

from .analysis import Analysis, analyze, for_completion, readable
from .completion import Completion, CompletionKind, completions
from .describe import diagnostic_message
from .hover import definition, hover
from .positions import Columns
from .symbols import Symbol, SymbolKind, document_symbols

__all__ = ["MinionLanguageServer", "build_server", "serve_stdio"]

Result = TypeVar("Result")

_COMPLETION_KINDS = {
    CompletionKind.KEYWORD: types.CompletionItemKind.Keyword,
    CompletionKind.VARIABLE: types.CompletionItemKind.Variable,
    CompletionKind.FIELD: types.CompletionItemKind.Field,
    CompletionKind.PROMPT: types.CompletionItemKind.Function,
    CompletionKind.BUILTIN: types.CompletionItemKind.Function,
    CompletionKind.TYPE: types.CompletionItemKind.Class,
    CompletionKind.ROLE: types.CompletionItemKind.Module,
}
_SYMBOL_KINDS = {
    SymbolKind.MODELS: types.SymbolKind.Namespace,
    SymbolKind.ROLE: types.SymbolKind.Constant,
    SymbolKind.RECORD: types.SymbolKind.Struct,
    SymbolKind.ENUM: types.SymbolKind.Enum,
    SymbolKind.FIELD: types.SymbolKind.Field,
    SymbolKind.PROMPT: types.SymbolKind.Function,
    SymbolKind.PROTOCOL: types.SymbolKind.Module,
    SymbolKind.INPUT: types.SymbolKind.Variable,
    SymbolKind.KNOB: types.SymbolKind.Property,
    SymbolKind.BUDGET: types.SymbolKind.Property,
    SymbolKind.STEP: types.SymbolKind.Variable,
    SymbolKind.REPEAT: types.SymbolKind.Namespace,
    SymbolKind.RETURN: types.SymbolKind.Event,
}
_SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
}


class MinionLanguageServer(LanguageServer):
    """The server and what it knows about each open document."""

    def __init__(self) -> None:
        super().__init__(
            "minionc", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full
        )
        self.analyses: dict[str, Analysis] = {}
        # The last version of each document that parsed: names to complete from
        # (and the outline) while the current text is half-typed.
        self.last_parsed: dict[str, Analysis] = {}
        # Per document, what hover and definition read from the current text
        # (analysis.readable), worked out at the first request after a change.
        self.readable_by_uri: dict[str, Analysis | None] = {}

    @property
    def columns(self) -> Columns:
        encoding = self.workspace.position_encoding  # negotiated at initialisation
        return Columns(getattr(encoding, "value", encoding) or "utf-16")

    def log(self, message: str, kind: Any = types.MessageType.Error) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=message))

    def guarded(self, what: str, answer: Callable[[], Result], empty: Result) -> Result:
        """`answer()`, or `empty` with the traceback in the client's log if it fails."""
        try:
            return answer()
        except Exception:
            self.log(f"minionc lsp: {what} failed (a bug in minionc):\n{traceback.format_exc()}")
            return empty

    # ---- documents -----------------------------------------------------------

    def refresh(self, uri: str, version: int | None) -> None:
        """Analyse the document's current text and publish its diagnostics."""
        document = self.workspace.get_text_document(uri)
        path = to_fs_path(uri) or uri

        def run() -> Analysis | None:
            return analyze(document.source, path)

        analysis = self.guarded("checking the document", run, None)
        if analysis is None:
            return
        self.analyses[uri] = analysis
        self.readable_by_uri.pop(uri, None)
        if analysis.program is not None:
            self.last_parsed[uri] = analysis
        diagnostics = [
            types.Diagnostic(
                range=self.range(analysis, d.span),
                message=diagnostic_message(d),
                severity=_SEVERITIES[d.severity],
                code=d.code,
                source="minionc",
            )
            for d in analysis.diagnostics
        ]
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
        )

    def forget(self, uri: str) -> None:
        self.analyses.pop(uri, None)
        self.last_parsed.pop(uri, None)
        self.readable_by_uri.pop(uri, None)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )

    # ---- positions -----------------------------------------------------------

    def range(self, analysis: Analysis, span: Span) -> types.Range:
        """A compiler span (1-based, end exclusive) as an LSP range, kept inside
        the document (a diagnostic at the end of the file points past it)."""
        return types.Range(
            start=self.position(analysis, span.line - 1, span.column - 1),
            end=self.position(analysis, span.end_line - 1, span.end_column - 1),
        )

    def position(self, analysis: Analysis, line: int, column: int) -> types.Position:
        lines = analysis.lines
        line = min(max(line, 0), len(lines) - 1)
        text = lines[line]
        column = min(max(column, 0), len(text))
        return types.Position(line=line, character=self.columns.to_client(text, column))

    def cursor(self, analysis: Analysis, position: types.Position) -> tuple[int, int]:
        """A client position as a 0-based line and code point column."""
        lines = analysis.lines
        if position.line >= len(lines):
            return position.line, 0
        return position.line, self.columns.from_client(lines[position.line], position.character)

    def current(self, uri: str) -> Analysis | None:
        if uri not in self.analyses:
            self.refresh(uri, None)  # a request before didOpen reached us
        return self.analyses.get(uri)

    def reading(self, uri: str) -> Analysis | None:
        """The analysis to answer hover and definition from: the current one,
        or while it does not parse, the current text with the broken line
        blanked (positions unchanged), if that parses."""
        current = self.current(uri)
        if current is None or current.program is not None:
            return current
        if uri not in self.readable_by_uri:
            self.readable_by_uri[uri] = readable(current)
        return self.readable_by_uri[uri]

    # ---- features ------------------------------------------------------------

    def hover(self, params: types.HoverParams) -> types.Hover | None:
        analysis = self.reading(params.text_document.uri)
        if analysis is None:
            return None
        found = hover(analysis, *self.cursor(analysis, params.position))
        if found is None:
            return None
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=found.markdown),
            range=self.range(analysis, found.span),
        )

    def definition(self, params: types.DefinitionParams) -> types.Location | None:
        uri = params.text_document.uri
        analysis = self.reading(uri)
        if analysis is None:
            return None
        span = definition(analysis, *self.cursor(analysis, params.position))
        if span is None:
            return None
        return types.Location(uri=uri, range=self.range(analysis, span))

    def completion(self, params: types.CompletionParams) -> types.CompletionList:
        uri = params.text_document.uri
        analysis = self.current(uri)
        if analysis is None:
            return types.CompletionList(is_incomplete=False, items=[])
        line, column = self.cursor(analysis, params.position)
        names = for_completion(analysis, line, column, self.last_parsed.get(uri))
        items = [_completion_item(c) for c in completions(names, analysis.text, line, column)]
        return types.CompletionList(is_incomplete=False, items=items)

    def symbols(self, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
        uri = params.text_document.uri
        # While the text does not parse, an outline a few lines off beats none.
        analysis = self.reading(uri) or self.last_parsed.get(uri)
        if analysis is None:
            return []
        return [self.symbol(analysis, s) for s in document_symbols(analysis)]

    def symbol(self, analysis: Analysis, symbol: Symbol) -> types.DocumentSymbol:
        return types.DocumentSymbol(
            name=symbol.name,
            detail=symbol.detail or None,
            kind=_SYMBOL_KINDS[symbol.kind],
            range=self.range(analysis, symbol.span),
            selection_range=self.range(analysis, symbol.selection),
            children=[self.symbol(analysis, child) for child in symbol.children] or None,
        )


def _completion_item(completion: Completion) -> types.CompletionItem:
    documentation = (
        types.MarkupContent(kind=types.MarkupKind.Markdown, value=completion.documentation)
        if completion.documentation
        else None
    )
    return types.CompletionItem(
        label=completion.label,
        kind=_COMPLETION_KINDS[completion.kind],
        detail=completion.detail or None,
        documentation=documentation,
        sort_text=f"{int(completion.group)}{completion.label}",
    )


def build_server() -> MinionLanguageServer:
    server = MinionLanguageServer()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        server.refresh(params.text_document.uri, params.text_document.version)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        server.refresh(params.text_document.uri, params.text_document.version)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        server.forget(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def on_hover(params: types.HoverParams) -> types.Hover | None:
        return server.guarded("hover", lambda: server.hover(params), None)

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    def on_definition(params: types.DefinitionParams) -> types.Location | None:
        return server.guarded("go to definition", lambda: server.definition(params), None)

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=[".", "@"])
    )
    def on_completion(params: types.CompletionParams) -> types.CompletionList:
        empty = types.CompletionList(is_incomplete=False, items=[])
        return server.guarded("completion", lambda: server.completion(params), empty)

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def on_symbols(params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
        return server.guarded("document symbols", lambda: server.symbols(params), [])

    return server


def serve_stdio() -> None:
    """Serve one client over stdin and stdout until it says exit."""
    build_server().start_io()
