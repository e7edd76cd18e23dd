"""A loopback OpenAI-compatible server that injects faults, for runtime tests.

A real HTTP server on 127.0.0.1 (a free port, one thread per connection) that
answers `POST .../chat/completions` the way an OpenAI-compatible provider does,
or fails the way providers fail::

    with FaultServer(rules=[when(lambda r: "bravo" in r.last_user, always(status(500)))],
                     answer=lambda r: '{"answer": 3}') as server:
        backend = LiteLLMBackend("openai/fake", api_base=server.api_base, api_key="sk-...")
        ...
    assert len(server.matching(lambda r: "bravo" in r.last_user)) == 3  # 1 + 2 retries

What each request gets, first match wins:

1. the next entry of `script` (in order of arrival; for sequential calls);
2. the first of `rules` that returns a `Fault` for the request (a rule is any
   function `Request -> Fault | None`; `attempts`, `always` and `when` build the
   usual ones). Under concurrency rules are the dependable choice: a rule sees the
   request itself, including `attempt`, how many times this exact body arrived
   before (a transport retry resends the same body; the executor's retry after a
   bad answer sends a new one);
3. a healthy reply, whose content is `answer` (a string, or a function of the
   request so that a program gets valid output).

Faults: HTTP errors with or without Retry-After (`status`), a hang longer than the
client's timeout (`hang`), a connection dropped before any reply (`drop`) or in
the middle of the body (`cut_body`), a body that is cut JSON (`truncated_json`) or
not JSON at all (`malformed_json`), a 200 without `choices` (`no_choices`), a
completion cut at max_tokens (`length`), and any content at all (`ok(text)`, for
answers that are not the requested JSON shape).

Every request is recorded (`requests`) with its headers, so a test can count
retries and check where an API key went. Bounded: a hang sleeps at most
`MAX_HANG` seconds and ends as soon as the server stops; the server stops when
the `with` block ends.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal

from http_fakes import chat_response, error_body

__all__ = [
    "MAX_HANG",
    "Fault",
    "FaultServer",
    "Request",
    "always",
    "attempts",
    "cut_body",
    "drop",
    "hang",
    "length",
    "malformed_json",
    "no_choices",
    "ok",
    "status",
    "truncated_json",
    "when",
]

MAX_HANG = 10.0  # seconds: no hang outlives this, whatever a test asks for

FaultKind = Literal[
    "ok",
    "status",
    "hang",
    "drop",
    "cut_body",
    "truncated_json",
    "malformed_json",
    "no_choices",
    "length",
]


@dataclass(frozen=True)
class Fault:
    """What the server does with one request. Build one with the functions below."""

    kind: FaultKind
    status: int = 200
    text: str | None = None  # the content (None: the server's `answer`)
    message: str = ""  # an error body's message
    headers: tuple[tuple[str, str], ...] = ()
    seconds: float = 0.0  # a hang's length


def ok(text: str | None = None) -> Fault:
    """A healthy completion: `text`, or else the server's answer for the request.
    Any text at all, so also the fault "content that is not the requested shape"."""
    return Fault("ok", text=text)


def status(
    code: int,
    message: str = "injected fault",
    *,
    retry_after: str | float | None = None,
    retry_after_ms: str | float | None = None,
) -> Fault:
    """An HTTP error with an OpenAI-style error body (429, 500, 502, 503, 401, ...),
    with a Retry-After (seconds or an HTTP date) and/or retry-after-ms header."""
    headers = []
    if retry_after is not None:
        headers.append(("Retry-After", str(retry_after)))
    if retry_after_ms is not None:
        headers.append(("retry-after-ms", str(retry_after_ms)))
    return Fault("status", status=code, message=message, headers=tuple(headers))


def hang(seconds: float, then: str | None = None) -> Fault:
    """Sleep `seconds` (at most MAX_HANG), then answer `then` if the client still
    listens: longer than the client's timeout, it is a timeout."""
    return Fault("hang", text=then, seconds=min(float(seconds), MAX_HANG))


def drop() -> Fault:
    """Close the connection without sending a response."""
    return Fault("drop")


def cut_body() -> Fault:
    """Send a 200 whose Content-Length promises the whole body, half of the body,
    then close the connection."""
    return Fault("cut_body")


def truncated_json() -> Fault:
    """A complete HTTP response whose JSON body is cut in the middle."""
    return Fault("truncated_json")


def malformed_json() -> Fault:
    """A 200 whose body is not JSON at all (a proxy's HTML error page)."""
    return Fault("malformed_json")


def no_choices() -> Fault:
    """A 200 with well-formed JSON but no `choices`."""
    return Fault("no_choices")


def length(text: str) -> Fault:
    """A completion cut at max_tokens: `text` with finish_reason "length"."""
    return Fault("length", text=text)


# ---- requests and rules -------------------------------------------------------------


@dataclass
class Request:
    """One request as the server saw it, and what it was given."""

    index: int  # arrival order, from 0
    path: str
    headers: dict[str, str]  # names in lower case (clients differ: Authorization, authorization)
    raw: bytes
    body: dict[str, Any]
    attempt: int  # earlier requests with exactly this body (transport retries)
    fault: Fault | None = None  # what it got (set once chosen)

    @property
    def model(self) -> str:
        return str(self.body.get("model", ""))

    @property
    def messages(self) -> list[dict[str, Any]]:
        messages = self.body.get("messages")
        return messages if isinstance(messages, list) else []

    @property
    def last_user(self) -> str:
        """The last user message: this call's input, or the executor's complaint
        about a bad answer on its retry."""
        for message in reversed(self.messages):
            if message.get("role") == "user":
                return str(message.get("content", ""))
        return ""

    @property
    def max_tokens(self) -> int | None:
        value = self.body.get("max_tokens")
        return int(value) if value is not None else None

    @property
    def text(self) -> str:
        """Everything the request carried, headers and body, for leak checks."""
        headers = "\n".join(f"{k}: {v}" for k, v in self.headers.items())
        return headers + "\n" + self.raw.decode("utf-8", "replace")


Rule = Callable[[Request], Fault | None]


def always(fault: Fault) -> Rule:
    """Every request gets `fault`."""
    return lambda request: fault


def attempts(*faults: Fault) -> Rule:
    """The first attempt of each distinct request gets faults[0], its first
    retry faults[1], ...; later ones fall through (healthy, unless a later rule
    says otherwise)."""

    def rule(request: Request) -> Fault | None:
        return faults[request.attempt] if request.attempt < len(faults) else None

    return rule


def when(predicate: Callable[[Request], bool], rule: Rule | Fault) -> Rule:
    """`rule` (or a fixed fault) for the requests that match `predicate`."""
    inner = always(rule) if isinstance(rule, Fault) else rule
    return lambda request: inner(request) if predicate(request) else None


# ---- the server -----------------------------------------------------------------------


class FaultServer:
    """`with FaultServer(...) as server:` then point a client at `server.api_base`.

    `answer`: the content of a healthy reply (a string, or a function of the
    request). `prompt_tokens` / `completion_tokens`: the usage every completion
    reports, so a test can tell how many completions a run counted.
    """

    def __init__(
        self,
        *,
        script: Iterable[Fault] = (),
        rules: Iterable[Rule] = (),
        answer: str | Callable[[Request], str] = "ok",
        prompt_tokens: int = 10,
        completion_tokens: int = 2,
    ) -> None:
        self.script = list(script)
        self.rules = list(rules)
        self.answer = answer
        self.prompt_tokens = prompt_tokens
        self.completion_tokens = completion_tokens
        self.requests: list[Request] = []
        self._seen: Counter[bytes] = Counter()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:
                if self.path.rstrip("/").endswith("/models"):
                    self._send(200, {"object": "list", "data": [{"id": "fake"}]})
                else:
                    self._send(404, error_body("no such route"))

            def do_POST(self) -> None:
                length_header = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length_header)
                request = server._record(self.path, dict(self.headers), raw)
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    self._send(404, error_body(f"no such route {self.path}"))
                    return
                with contextlib.suppress(OSError):  # the client went away (a timeout)
                    server._serve(self, request)

            def _send(self, code: int, body: Any, headers: Iterable[tuple[str, str]] = ()) -> None:
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                try:
                    self.send_response(code)
                    for key, value in headers:
                        self.send_header(key, value)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        # A short poll: shutdown() waits for it, and every test stops a server.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    # -- the with block ---------------------------------------------------------------

    @property
    def port(self) -> int:
        return self._server.server_port

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def __enter__(self) -> FaultServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopping.set()  # wakes every hang at once
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    # -- what was seen -------------------------------------------------------------------

    def served(self) -> Counter[str]:
        """How many requests got each kind of reply ("ok", "status:500", "hang", ...)."""
        with self._lock:
            return Counter(_label(r.fault) for r in self.requests if r.fault is not None)

    def matching(self, predicate: Callable[[Request], bool]) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if predicate(r)]

    # -- serving ---------------------------------------------------------------------------

    def _record(self, path: str, headers: dict[str, str], raw: bytes) -> Request:
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            body = {}
        with self._lock:
            request = Request(
                index=len(self.requests),
                path=path,
                headers={k.lower(): v for k, v in headers.items()},
                raw=raw,
                body=body if isinstance(body, dict) else {},
                attempt=self._seen[raw],
            )
            self._seen[raw] += 1
            self.requests.append(request)
        return request

    def _choose(self, request: Request) -> Fault:
        with self._lock:
            if self.script:
                return self.script.pop(0)
        for rule in self.rules:
            fault = rule(request)
            if fault is not None:
                return fault
        return ok()

    def _content(self, request: Request, text: str | None) -> str:
        if text is not None:
            return text
        return self.answer(request) if callable(self.answer) else self.answer

    def _completion(self, request: Request, text: str, finish_reason: str = "stop") -> dict:
        body = chat_response(
            text,
            model=request.model or "fake",
            prompt_tokens=self.prompt_tokens,
            completion_tokens=self.completion_tokens,
            finish_reason=finish_reason,
        )
        body["id"] = f"chatcmpl-fault-{request.index}"
        return body

    def _serve(self, handler: Any, request: Request) -> None:
        fault = self._choose(request)
        request.fault = fault
        match fault.kind:
            case "ok":
                handler._send(200, self._completion(request, self._content(request, fault.text)))
            case "length":
                body = self._completion(request, fault.text or "", finish_reason="length")
                handler._send(200, body)
            case "status":
                handler._send(fault.status, error_body(fault.message), fault.headers)
            case "hang":
                if self._stopping.wait(fault.seconds):
                    return  # the server is stopping: no reply
                handler._send(200, self._completion(request, self._content(request, fault.text)))
            case "drop":
                handler.close_connection = True
                _close(handler.connection)
            case "cut_body":
                data = json.dumps(self._completion(request, self._content(request, None)))
                data_bytes = data.encode()
                handler.send_response(200)
                handler.send_header("Content-Type", "application/json")
                handler.send_header("Content-Length", str(len(data_bytes)))
                handler.end_headers()
                handler.wfile.write(data_bytes[: len(data_bytes) // 2])
                handler.wfile.flush()
                handler.close_connection = True
                _close(handler.connection)
            case "truncated_json":
                data = json.dumps(self._completion(request, self._content(request, None)))
                handler._send(200, data.encode()[: len(data) // 2])
            case "malformed_json":
                handler._send(200, b"<html><body>502 Bad Gateway</body></html>")
            case "no_choices":
                body = self._completion(request, "")
                del body["choices"]
                handler._send(200, body)


def _close(connection: socket.socket) -> None:
    with contextlib.suppress(OSError):
        connection.shutdown(socket.SHUT_RDWR)


def _label(fault: Fault) -> str:
    return f"status:{fault.status}" if fault.kind == "status" else fault.kind
