"""`minionc lsp`, driven the way an editor drives it: pygls's own LanguageClient
starts `python -m minionc lsp` as a subprocess and speaks LSP over its stdin and
stdout. Open, change, hover, definition, completion, document symbols, the
diagnostics published on every change, and half-typed text that must never
bring the server down. The pure layer (minionc/lsp/analysis.py and friends) is
checked directly where that is clearer."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from lsprotocol import types
from minionc.compiler.estimate import estimate_plan
from minionc.compiler.pipeline import compile_source
from minionc.compiler.plan import StepEstimate
from pygls.lsp.client import LanguageClient
from repo_paths import ROOT

from minionc.lsp.analysis import analyze, for_completion
from minionc.lsp.completion import completions
from minionc.lsp.positions import Columns

URI = "file:///work/example.minion"

PROGRAM = """\
models { worker = local  supervisor = remote }

type Finding { answer: str?  citation: str? }
type Verdict = "yes" | "no"

prompt extract(chunk: str, task: str) -> Finding \"\"\"
  Document: {{ chunk }}
  Question: {{ task }}
  \"\"\"

prompt decide(question: str, findings: list[Finding]) -> Verdict \"\"\"
  {{ question }} {% for f in findings %}{{ f.answer }}{% endfor %}\"\"\"

protocol main(question: str, context: private doc) -> str {
  knob chunk_size in [500, 1000] = 1000
  chunks = split(context, tokens: chunk_size)
  findings = for c in chunks: extract(c, question) @worker
  kept = keep findings where answer != none
  verdict = decide(question, share kept) @supervisor
  return verdict
}
"""
LINES = PROGRAM.split("\n")


def at(line: int, word: str, nth: int = 0) -> types.Position:
    """The position of the `nth` whole `word` on 0-based `line` of PROGRAM."""
    text, start = LINES[line], -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
        while (start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_")) or (
            text[start + len(word) : start + len(word) + 1].isalnum()
        ):
            start = text.index(word, start + 1)
    return types.Position(line=line, character=start)


def word_range(line: int, start: int, end: int) -> types.Range:
    return types.Range(
        start=types.Position(line=line, character=start),
        end=types.Position(line=line, character=end),
    )


# ---- a client session --------------------------------------------------------------


class Session:
    """One `minionc lsp` subprocess and the client talking to it."""

    def __init__(self) -> None:
        self.uri = URI
        self.scenarios = 0
        self.client = LanguageClient("minionc-tests", "1")
        self.published: asyncio.Queue[types.PublishDiagnosticsParams] = asyncio.Queue()
        self.errors: list[str] = []  # error messages the server logged or showed
        self.stderr = bytearray()
        self.version = 0

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def publish(params: types.PublishDiagnosticsParams) -> None:
            self.published.put_nowait(params)

        @self.client.feature(types.WINDOW_LOG_MESSAGE)
        def log(params: types.LogMessageParams) -> None:
            if params.type == types.MessageType.Error:
                self.errors.append(params.message)

        @self.client.feature(types.WINDOW_SHOW_MESSAGE)
        def show(params: types.ShowMessageParams) -> None:
            if params.type == types.MessageType.Error:
                self.errors.append(params.message)

    async def start(self, capabilities: types.ClientCapabilities) -> None:
        await self.client.start_io(sys.executable, "-m", "minionc", "lsp", cwd=str(ROOT))
        # pygls pipes the server's stderr and never reads it: drain it, so a
        # chatty server cannot block on a full pipe (and a traceback shows).
        process = self.client._server
        self.drain = asyncio.create_task(self._drain(process.stderr))
        result = await self.client.initialize_async(
            types.InitializeParams(capabilities=capabilities, process_id=None)
        )
        self.capabilities = result.capabilities
        self.client.initialized(types.InitializedParams())

    async def _drain(self, stream: asyncio.StreamReader) -> None:
        while chunk := await stream.read(65536):
            self.stderr.extend(chunk)

    async def stop(self) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()
        await self.drain

    def begin(self) -> None:
        """A new scenario on this server: its own document, so that nothing an earlier
        one left (diagnostics still in flight, an open document) can be mistaken for
        this one's."""
        self.scenarios += 1
        self.uri = (
            URI if self.scenarios == 1 else URI.replace(".minion", f"-{self.scenarios}.minion")
        )
        self.version = 0
        self.errors.clear()

    @property
    def alive(self) -> bool:
        return self.client._server.returncode is None

    async def diagnostics(self, version: int | None) -> list[types.Diagnostic]:
        """The diagnostics published for `version` of URI (earlier ones skipped)."""
        while True:
            params = await asyncio.wait_for(self.published.get(), timeout=60)
            if params.uri == self.uri and params.version == version:
                return list(params.diagnostics)

    def open(self, text: str) -> int:
        self.version = 1
        document = types.TextDocumentItem(uri=self.uri, language_id="minion", version=1, text=text)
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=document))
        return self.version

    def change(self, text: str) -> int:
        self.version += 1
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(
                    uri=self.uri, version=self.version
                ),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
        return self.version

    def close(self) -> None:
        self.client.text_document_did_close(
            types.DidCloseTextDocumentParams(
                text_document=types.TextDocumentIdentifier(uri=self.uri)
            )
        )

    async def hover(self, position: types.Position) -> types.Hover | None:
        return await self.client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=self.uri), position=position
            )
        )

    async def definition(self, position: types.Position) -> Any:
        return await self.client.text_document_definition_async(
            types.DefinitionParams(
                text_document=types.TextDocumentIdentifier(uri=self.uri), position=position
            )
        )

    async def complete(self, position: types.Position) -> list[types.CompletionItem]:
        found = await self.client.text_document_completion_async(
            types.CompletionParams(
                text_document=types.TextDocumentIdentifier(uri=self.uri), position=position
            )
        )
        assert isinstance(found, types.CompletionList)
        return list(found.items)

    async def symbols(self) -> list[types.DocumentSymbol]:
        found = await self.client.text_document_document_symbol_async(
            types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=self.uri))
        )
        return list(found or [])


class _Server:
    """A `minionc lsp` process and its client on an event loop of their own (a
    thread), shared by the scenarios that ask for the same capabilities: starting
    the server (importing pygls and the compiler) costs more than most scenarios."""

    def __init__(self, capabilities: types.ClientCapabilities) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.session = Session()
        self.run(self.session.start(capabilities))

    def run(self, work: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(work, self.loop).result(timeout=300)

    def stop(self) -> None:
        try:
            self.run(self.session.stop())
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout=30)


_SERVERS: dict[str, _Server] = {}


@pytest.fixture(scope="module", autouse=True)
def _stop_the_servers() -> Iterator[None]:
    yield
    while _SERVERS:
        _SERVERS.popitem()[1].stop()


def drive(
    scenario: Callable[[Session], Any],
    capabilities: types.ClientCapabilities | None = None,
) -> Session:
    """Run `scenario` on the server for `capabilities` (started on first use); it
    must end cleanly, and the server must have logged no error and no traceback."""
    capabilities = capabilities or types.ClientCapabilities()
    key = repr(capabilities)
    if key not in _SERVERS:
        _SERVERS[key] = _Server(capabilities)
    server = _SERVERS[key]
    running = server.session
    running.begin()
    server.run(scenario(running))
    assert running.errors == [], running.errors
    assert b"Traceback" not in running.stderr, running.stderr.decode(errors="replace")
    return running


def markdown(hover: types.Hover | None) -> str:
    assert hover is not None
    assert isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.kind == types.MarkupKind.Markdown
    return hover.contents.value


def per_call(binds: str) -> list[StepEstimate]:
    """The estimate rows of the step binding `binds`, as compiler/estimate.py gives them."""
    plan = compile_source(PROGRAM, "example.minion").plan
    assert plan is not None
    estimate = estimate_plan(plan).estimate
    assert estimate is not None
    step = next(step for step in plan.steps if step.binds == binds)
    return [row for row in estimate.steps if row.step == step.id]


# ---- the tests ---------------------------------------------------------------------


def test_the_server_advertises_what_it_does_and_no_formatting() -> None:
    async def scenario(server: Session) -> None:
        capabilities = server.capabilities
        assert capabilities.hover_provider and capabilities.definition_provider
        assert capabilities.document_symbol_provider
        assert set(capabilities.completion_provider.trigger_characters) == {".", "@"}
        sync = capabilities.text_document_sync
        assert sync.change == types.TextDocumentSyncKind.Full and sync.open_close
        # The project has no formatter: none is advertised.
        assert not capabilities.document_formatting_provider

    drive(scenario)


def test_hover_shows_types_signatures_and_a_steps_placement_and_cost() -> None:
    (local,) = per_call("findings")
    (remote,) = per_call("verdict")
    assert local.calls == 10 and remote.calls == 1

    async def scenario(server: Session) -> None:
        server.open(PROGRAM)
        assert await server.diagnostics(1) == []

        prompt = await server.hover(at(16, "extract"))
        assert markdown(prompt) == (
            "```minion\nprompt extract(chunk: str, task: str) -> Finding\n```\n\n"
            "output type `Finding`: `type Finding { answer: str?, citation: str? }`"
        )
        assert prompt is not None and prompt.range == word_range(16, 30, 37)

        assert markdown(await server.hover(at(18, "decide"))) == (
            "```minion\nprompt decide(question: str, findings: list[Finding]) -> Verdict\n```"
            '\n\noutput type `Verdict`: `"yes" | "no"`'
        )
        assert markdown(await server.hover(at(15, "context"))) == (
            "```minion\ncontext: private doc\n```\n\ninput of protocol main; private: it "
            "reaches a remote step only through `share`"
        )
        assert markdown(await server.hover(at(16, "c"))) == (
            "```minion\nc: str\n```\n\nloop variable of the `for`"
        )
        assert markdown(await server.hover(at(17, "answer"))) == (
            "```minion\nanswer: str?\n```\n\nfield of Finding"
        )
        split = await server.hover(at(15, "split"))
        assert markdown(split).startswith(
            "```minion\nsplit(text, tokens: N | paragraphs: N | pages: N, overlap: N = 0) "
            "-> list[str]\n```\n\nbuiltin: cut a document"
        )

        # A step: the name it binds and the role it runs on say where and how much.
        fan_out = (
            "```minion\nfindings: list[Finding]\n```\n\nbound in protocol main\n\n"
            "step s2 (map) runs `@worker -> local`\n\n"
            f"estimated tokens per call (local): {round(local.prompt_tokens / 10):,} prompt + "
            f"{round(local.completion_tokens / 10):,} completion; 10 calls per run"
        )
        assert markdown(await server.hover(at(16, "findings"))) == fan_out
        role = markdown(await server.hover(at(18, "supervisor")))
        assert role == (
            "```minion\nsupervisor = remote\n```\n\nmodel role on the remote tier\n\n"
            "step s4 (llm) runs `@supervisor -> remote`\n\n"
            f"estimated tokens per call (remote): {round(remote.prompt_tokens):,} prompt + "
            f"{round(remote.completion_tokens):,} completion; 1 call per run"
        )
        assert await server.hover(types.Position(line=13, character=0)) is None  # blank

    drive(scenario)


@pytest.mark.parametrize(
    ("encoding", "start"),
    [(None, 16), (types.PositionEncodingKind.Utf8, 18), (types.PositionEncodingKind.Utf32, 15)],
)
def test_hover_columns_are_in_the_negotiated_encoding(
    encoding: types.PositionEncodingKind | None, start: int
) -> None:
    # An emoji is one Python character, two UTF-16 code units and four UTF-8
    # bytes: a column converted the wrong way lands on the wrong name. UTF-16
    # unless the client offers another.
    text = PROGRAM.replace("  return verdict\n", '  note = "😀" + question\n  return verdict\n')
    line = text.split("\n").index('  note = "😀" + question')
    general = types.GeneralClientCapabilities(position_encodings=[encoding]) if encoding else None

    async def scenario(server: Session) -> None:
        server.open(text)
        assert await server.diagnostics(1) == []
        found = await server.hover(types.Position(line=line, character=start + 1))
        assert markdown(found).startswith("```minion\nquestion: str\n```")
        assert found is not None and found.range == word_range(line, start, start + 8)

    drive(scenario, types.ClientCapabilities(general=general))


def test_columns_convert_between_code_points_and_client_units() -> None:
    line = 'x = "😀" + q'
    assert Columns("utf-16").to_client(line, 10) == 11
    assert Columns("utf-16").from_client(line, 11) == 10
    assert Columns("utf-8").to_client(line, 10) == 13
    assert Columns("utf-8").from_client(line, 13) == 10
    assert Columns("utf-32").to_client(line, 10) == 10


def test_go_to_definition_of_types_prompts_roles_knobs_and_variables() -> None:
    async def scenario(server: Session) -> None:
        server.open(PROGRAM)
        await server.diagnostics(1)
        expected = {
            (10, "Finding"): word_range(2, 5, 12),  # a record, from list[Finding]
            (10, "Verdict"): word_range(3, 5, 12),  # an enum
            (16, "extract"): word_range(5, 7, 14),  # a prompt
            (18, "decide"): word_range(10, 7, 13),
            (16, "worker"): word_range(0, 9, 15),  # a role
            (18, "supervisor"): word_range(0, 25, 35),
            (15, "chunk_size"): word_range(14, 7, 17),  # a knob
            (15, "context"): word_range(13, 29, 36),  # a protocol input
            (17, "findings"): word_range(16, 2, 10),  # a binding
            (19, "verdict"): word_range(18, 2, 9),
            (16, "c"): word_range(16, 17, 18),  # a loop variable
            (17, "answer"): word_range(2, 15, 21),  # a record field, in keep ... where
        }
        for (line, word), target in expected.items():
            found = await server.definition(at(line, word))
            assert isinstance(found, types.Location), (line, word, found)
            assert (found.uri, found.range) == (server.uri, target), (line, word)
        # Builtins have no definition in the file.
        assert await server.definition(at(15, "split")) is None

    drive(scenario)


def test_completion_offers_fields_names_in_scope_builtins_and_keywords() -> None:
    def typing(line: str) -> tuple[str, int]:
        text = PROGRAM.replace(
            "  return verdict\n", f"  best = first(kept)\n{line}\n  return verdict\n"
        )
        return text, text.split("\n").index(line)

    member, member_line = typing("  note = best.")
    blank, blank_line = typing("  x = ")

    async def scenario(server: Session) -> None:
        server.open(PROGRAM)
        await server.diagnostics(1)
        version = server.change(member)
        (error,) = await server.diagnostics(version)  # `best.` is half typed
        assert error.code == "M0001"
        fields = await server.complete(types.Position(line=member_line, character=14))
        assert [(item.label, item.detail) for item in fields] == [
            ("answer", "str?"),
            ("citation", "str?"),
        ]
        assert {item.kind for item in fields} == {types.CompletionItemKind.Field}

        version = server.change(blank)
        await server.diagnostics(version)
        offered = await server.complete(types.Position(line=blank_line, character=6))
        by_label = {item.label: item for item in offered}
        in_scope = ["question", "context", "chunk_size", "chunks", "findings", "kept", "verdict"]
        assert [item.label for item in offered[: len(in_scope) + 1]] == [*in_scope, "best"]
        assert by_label["findings"].detail == "list[Finding]"
        assert by_label["findings"].kind == types.CompletionItemKind.Variable
        assert by_label["best"].detail == "Finding?"
        assert by_label["extract"].detail == "extract(chunk: str, task: str) -> Finding"
        assert by_label["extract"].kind == types.CompletionItemKind.Function
        assert by_label["split"].detail == (
            "split(text, tokens: N | paragraphs: N | pages: N, overlap: N = 0) -> list[str]"
        )
        split_doc = by_label["split"].documentation
        assert isinstance(split_doc, types.MarkupContent)
        assert split_doc.value == (
            "cut a document into chunks of about N tokens, N paragraphs or N pages"
        )
        assert by_label["keep"].kind == types.CompletionItemKind.Keyword
        assert {"cascade", "route", "share", "none"} <= set(by_label)
        assert "c" not in by_label  # the loop variable is out of scope here
        # Editors sort by sort_text: names in scope, prompts, builtins, keywords.
        sort_texts = [by_label[label].sort_text for label in ("best", "extract", "split", "keep")]
        assert sort_texts == ["0best", "1extract", "2split", "4keep"]

        placements = await server.complete(
            types.Position(line=16, character=len(LINES[16]) - len("worker"))
        )
        assert [item.label for item in placements] == [
            "worker",
            "supervisor",
            "local",
            "remote",
            "auto",
        ]

    drive(scenario)


def test_completion_offers_types_where_a_type_is_written() -> None:
    text = PROGRAM.replace("type Verdict", "type Draft { text: \ntype Verdict")
    line = text.split("\n").index("type Draft { text: ")
    for analysis in (analyze(text, "x.minion"),):
        names = for_completion(analysis, line, 19, None)
        labels = [c.label for c in completions(names, text, line, 19)]
        assert labels == ["Finding", "Verdict", "str", "doc", "int", "float", "bool", "list"]


def test_document_symbols_outline_types_prompts_and_protocols() -> None:
    async def scenario(server: Session) -> None:
        server.open(PROGRAM)
        await server.diagnostics(1)
        symbols = await server.symbols()

        def outline(items: list[types.DocumentSymbol]) -> list[Any]:
            return [
                (s.name, s.kind, s.detail, outline(s.children or []))
                if s.children
                else (s.name, s.kind, s.detail)
                for s in items
            ]

        kinds = types.SymbolKind
        assert outline(symbols) == [
            (
                "models",
                kinds.Namespace,
                None,
                [("worker", kinds.Constant, "local"), ("supervisor", kinds.Constant, "remote")],
            ),
            (
                "Finding",
                kinds.Struct,
                None,
                [("answer", kinds.Field, "str?"), ("citation", kinds.Field, "str?")],
            ),
            ("Verdict", kinds.Enum, '"yes" | "no"'),
            ("extract", kinds.Function, "(chunk: str, task: str) -> Finding"),
            ("decide", kinds.Function, "(question: str, findings: list[Finding]) -> Verdict"),
            (
                "main",
                kinds.Module,
                "(question: str, context: private doc) -> str",
                [
                    ("question", kinds.Variable, "str"),
                    ("context", kinds.Variable, "private doc"),
                    ("chunk_size", kinds.Property, "in [500, 1000] = 1000"),
                    ("chunks", kinds.Variable, "list[str]"),
                    ("findings", kinds.Variable, "for: extract @worker"),
                    ("kept", kinds.Variable, "list[Finding]"),
                    ("verdict", kinds.Variable, "decide @supervisor"),
                    ("return", kinds.Event, None),
                ],
            ),
        ]
        finding = symbols[1]
        assert finding.range == types.Range(
            start=types.Position(line=2, character=0), end=types.Position(line=2, character=45)
        )
        assert finding.selection_range == word_range(2, 5, 12)
        main = symbols[-1]
        assert main.selection_range == word_range(13, 9, 13)
        assert main.children is not None and main.children[4].selection_range == word_range(
            16, 2, 10
        )

    drive(scenario)


def test_an_invalid_edit_publishes_its_diagnostic_and_fixing_it_clears_it() -> None:
    broken = PROGRAM.replace("tokens: chunk_size", "tokens: chunk_siz")

    async def scenario(server: Session) -> None:
        server.open(PROGRAM)
        assert await server.diagnostics(1) == []
        version = server.change(broken)
        (diagnostic,) = await server.diagnostics(version)
        assert diagnostic.code == "M0101"
        assert diagnostic.source == "minionc"
        assert diagnostic.severity == types.DiagnosticSeverity.Error
        assert diagnostic.message == ("unknown name 'chunk_siz'\nhelp: did you mean 'chunk_size'?")
        assert diagnostic.range == word_range(15, 34, 43)
        version = server.change(PROGRAM)
        assert await server.diagnostics(version) == []
        # Closing the document clears what was published for it.
        server.change(broken)
        server.close()
        assert await server.diagnostics(None) == []

    drive(scenario)


def test_a_half_typed_line_does_not_stop_hover_definition_or_the_outline() -> None:
    broken = PROGRAM.replace("  return verdict\n", "  oops = decide(question,\n  return verdict\n")

    async def scenario(server: Session) -> None:
        server.open(broken)
        (error,) = await server.diagnostics(1)
        assert error.code == "M0001"
        # The broken statement's line is left out; every other position holds.
        assert markdown(await server.hover(at(16, "findings"))).startswith(
            "```minion\nfindings: list[Finding]\n```"
        )
        found = await server.definition(at(15, "chunk_size"))
        assert isinstance(found, types.Location) and found.range == word_range(14, 7, 17)
        outline = await server.symbols()
        assert [symbol.name for symbol in outline] == [
            "models",
            "Finding",
            "Verdict",
            "extract",
            "decide",
            "main",
        ]

    drive(scenario)


def test_completion_in_a_template_offers_the_prompts_parameters() -> None:
    text = PROGRAM.replace("  Question: {{ task }}", "  Question: {{ task }} {{ ")
    line = text.split("\n").index("  Question: {{ task }} {{ ")
    analysis = analyze(text, "x.minion")
    found = completions(for_completion(analysis, line, 26, None), text, line, 26)
    assert [(c.label, c.detail) for c in found] == [("chunk", "str"), ("task", "str")]


SMALL = """\
models { worker = local }
type Note { text: str }
prompt note(t: str) -> Note \"\"\"{{ t }}\"\"\"
protocol main(q: str) -> str {
  n = note(q) @worker
  return n.text
}
"""


def test_typing_a_program_character_by_character_never_brings_the_server_down() -> None:
    async def scenario(server: Session) -> None:
        server.open("")
        await server.diagnostics(1)
        for end in range(1, len(SMALL) + 1):
            typed = SMALL[:end]
            server.change(typed)
            last = typed.split("\n")
            cursor = types.Position(line=len(last) - 1, character=len(last[-1]))
            if end % 5 == 0:  # ask what an editor asks while one types
                await server.hover(cursor)
                await server.complete(cursor)
                await server.definition(cursor)
                await server.symbols()
        assert await server.diagnostics(server.version) == []
        assert server.alive
        found = await server.hover(types.Position(line=5, character=12))
        assert markdown(found).startswith("```minion\ntext: str\n```")

    drive(scenario)


def test_truncated_standard_programs_are_answered_not_crashed_on() -> None:
    programs = sorted((ROOT / "programs").glob("*.minion"))

    async def scenario(server: Session) -> None:
        server.open("")
        for path in programs:
            text = path.read_text(encoding="utf-8")
            for fraction in (0.2, 0.45, 0.7, 0.9, 1.0):
                cut = text[: int(len(text) * fraction)]
                version = server.change(cut)
                diagnostics = await server.diagnostics(version)
                assert (diagnostics == []) == (fraction == 1.0), (path.name, fraction)
                lines = cut.split("\n")
                end = types.Position(line=len(lines) - 1, character=len(lines[-1]))
                await server.hover(end)
                await server.complete(end)
                await server.symbols()
        assert server.alive

    drive(scenario)


def test_lsp_without_the_extra_names_it() -> None:
    blocked = (
        "import sys\n"
        "sys.modules['pygls'] = None  # importing it fails, as if not installed\n"
        "from minionc.cli import main\n"
        "sys.exit(main(['lsp']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", blocked], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1
    assert "pip install 'minionc[lsp]'" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("path", sorted((ROOT / "programs").glob("*.minion")), ids=lambda p: p.name)
def test_every_standard_program_has_no_diagnostics_and_a_full_outline(path: Any) -> None:
    from minionc.lsp.symbols import document_symbols

    analysis = analyze(path.read_text(encoding="utf-8"), str(path))
    assert analysis.diagnostics == []
    protocols = [s for s in document_symbols(analysis) if s.kind == "protocol"]
    assert protocols and all(p.children for p in protocols)
