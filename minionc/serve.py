"""`minionc serve`: compiled protocols behind an OpenAI-compatible HTTP endpoint.

Routes (JSON in and out; every error is `{"error": {"message", "type", "code",
"param"}}` with its HTTP status, as OpenAI's API writes them):

- `POST /v1/chat/completions`: the `model` names the protocol. Its inputs come
  from the request's `inputs` object (`{"context": "..."}`), then a system message
  fills the one `doc` input still missing (the document), then the last user
  message fills the input still missing (`question` if several are). The answer
  is the assistant message (a record or list as JSON text); `usage` counts both
  tiers, and `minionc.usage` splits them (local, remote), with the run's failed
  model outputs. `"stream": true` sends the answer as one chunk, then `[DONE]`.
- `POST /v1/runs`: `{"protocol": NAME, "inputs": {...}}` returns the object
  `minionc run --json` prints (value, ok, usage per tier, failures); `protocol`
  may be left out when one is served.
- `GET /v1/models` lists the protocols; `GET /health` says it is up.

Limits: a bearer token when one is set (401 without it); a request body over
`max_request_bytes` is refused (413) before it is parsed; at most `concurrency`
runs at once and `queue` more waiting (429 with Retry-After beyond that); each
run's budgets are the plan's own. A run that cannot start (an input the protocol
rejects) is a 400; a chat completion whose run produced no value is a 502 with
what failed (`/v1/runs` returns the run's object, which says why). A
client that disconnects cancels its run. The runs share one Runtime, so remote
calls of different requests overlap and local steps take turns on the local
model (runtime/scheduling.py).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import time
import uuid
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported when serving, so that `minionc --help` stays light
    from minionc.compiler.plan import Plan
    from minionc.runtime.executor import Result, Runtime

DEFAULT_MAX_REQUEST_BYTES = 16 * 1024 * 1024
DEFAULT_CONCURRENCY = 4
DEFAULT_QUEUE = 16


@dataclass(frozen=True)
class ServeOptions:
    token: str | None = None
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES
    concurrency: int = DEFAULT_CONCURRENCY
    queue: int = DEFAULT_QUEUE


class HttpError(Exception):
    """A request the service refuses: its status and OpenAI-style error body."""

    def __init__(
        self,
        status: int,
        message: str,
        kind: str = "invalid_request_error",
        code: str | None = None,
        param: str | None = None,
        headers: Mapping[str, str] | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.body: dict[str, Any] = {
            "error": {"message": message, "type": kind, "code": code, "param": param}
        }
        if extra:
            self.body["minionc"] = dict(extra)
        self.headers = dict(headers or {})


class ClientGone(Exception):
    """The client disconnected before its run finished."""


class Service:
    """The protocols served (`plans`: model name -> plan) on one Runtime."""

    def __init__(self, plans: Mapping[str, Plan], runtime: Runtime, options: ServeOptions):
        if not plans:
            raise ValueError("serve needs at least one protocol")
        self.plans = dict(plans)
        self.runtime = runtime
        self.options = options
        self.created = int(time.time())
        self._slots: asyncio.Semaphore | None = None
        self._waiting = 0
        self.running = 0

    # ---- the app -------------------------------------------------------------------

    def app(self) -> Any:
        from starlette.applications import Starlette
        from starlette.routing import Route

        return Starlette(
            routes=[
                Route("/v1/chat/completions", self._endpoint(self.chat), methods=["POST"]),
                Route("/v1/runs", self._endpoint(self.runs), methods=["POST"]),
                Route("/v1/models", self._endpoint(self.models), methods=["GET"]),
                Route("/health", self._endpoint(self.health, auth=False), methods=["GET"]),
            ],
            exception_handlers={404: _not_found, 405: _not_allowed},
        )

    def _endpoint(self, handler: Any, *, auth: bool = True) -> Any:
        from starlette.responses import JSONResponse

        async def endpoint(request: Any) -> Any:
            try:
                if auth:
                    self.check_token(request.headers.get("authorization"))
                return await handler(request)
            except HttpError as error:
                return JSONResponse(error.body, status_code=error.status, headers=error.headers)
            except ClientGone:
                return JSONResponse({}, status_code=499)  # nobody is listening

        return endpoint

    def check_token(self, header: str | None) -> None:
        token = self.options.token
        if token is None:
            return
        scheme, _, given = (header or "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip(), token):
            raise HttpError(
                401,
                "a valid bearer token is required: send `Authorization: Bearer TOKEN` "
                "(the token `minionc serve --token` was given)",
                "authentication_error",
                "invalid_api_key",
                headers={"WWW-Authenticate": "Bearer"},
            )

    # ---- handlers ------------------------------------------------------------------

    async def health(self, request: Any) -> Any:
        from starlette.responses import JSONResponse

        return JSONResponse({"status": "ok", "running": self.running})

    async def models(self, request: Any) -> Any:
        from starlette.responses import JSONResponse

        data = [
            {"id": name, "object": "model", "created": self.created, "owned_by": "minionc"}
            for name in self.plans
        ]
        return JSONResponse({"object": "list", "data": data})

    async def chat(self, request: Any) -> Any:
        from starlette.responses import JSONResponse, StreamingResponse

        body = await self.read_json(request)
        name = body.get("model")
        if not isinstance(name, str):
            raise HttpError(400, "`model` is required: the protocol to run", param="model")
        plan = self.plan_for(name, "model")
        inputs = chat_inputs(plan, body)
        result = await self.run(request, plan, inputs)
        if not result.ok:  # a chat answer has no room for "no value": /v1/runs does
            raise HttpError(
                502,
                f"the run produced no value: {result.problem or result.error}",
                "run_failed",
                "no_value",
                extra=_jsonable(result.to_json()),
            )
        completion = chat_completion(name, result)
        if body.get("stream") is True:
            return StreamingResponse(
                _stream(completion, include_usage=_wants_usage(body)),
                media_type="text/event-stream",
            )
        return JSONResponse(completion)

    async def runs(self, request: Any) -> Any:
        from starlette.responses import JSONResponse

        body = await self.read_json(request)
        name = body.get("protocol")
        if name is None and len(self.plans) == 1:
            name = next(iter(self.plans))
        if not isinstance(name, str):
            served = ", ".join(self.plans)
            raise HttpError(400, f"`protocol` is required: one of {served}", param="protocol")
        plan = self.plan_for(name, "protocol")
        inputs = body.get("inputs", {})
        if not isinstance(inputs, dict):
            raise HttpError(400, "`inputs` is an object of the protocol's inputs", param="inputs")
        result = await self.run(request, plan, inputs)
        return JSONResponse({"protocol": name, **_jsonable(result.to_json())})

    # ---- shared --------------------------------------------------------------------

    async def read_json(self, request: Any) -> dict[str, Any]:
        limit = self.options.max_request_bytes
        too_big = HttpError(
            413,
            f"the request is over {limit:,} bytes (`minionc serve --max-request-bytes`)",
            code="request_too_large",
        )
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            raise too_big
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise too_big
            chunks.append(chunk)
        try:
            body = json.loads(b"".join(chunks) or b"null")
        except (ValueError, UnicodeDecodeError) as error:
            raise HttpError(400, f"the request body is not JSON: {error}") from None
        if not isinstance(body, dict):
            raise HttpError(400, "the request body is a JSON object")
        return body

    def plan_for(self, name: str, param: str) -> Plan:
        plan = self.plans.get(name)
        if plan is None:
            served = ", ".join(self.plans)
            raise HttpError(
                404,
                f"no protocol {name!r} is served here; served: {served}",
                code="model_not_found",
                param=param,
            )
        return plan

    async def run(self, request: Any, plan: Plan, inputs: dict[str, Any]) -> Result:
        """One run in a slot, cancelled if the client goes away first."""
        from minionc.runtime.results import RunError

        if self._slots is None:
            self._slots = asyncio.Semaphore(self.options.concurrency)
        slots = self._slots
        if slots.locked() and self._waiting >= self.options.queue:
            raise HttpError(
                429,
                f"{self.options.concurrency} runs are going and {self._waiting} waiting: "
                "try again shortly (`minionc serve --concurrency/--queue`)",
                "rate_limit_error",
                "busy",
                headers={"Retry-After": "1"},
            )
        self._waiting += 1
        try:
            await slots.acquire()
        finally:
            self._waiting -= 1
        self.running += 1
        try:
            result = await _unless_disconnected(request, self.runtime.arun(plan, **inputs))
        except RunError as error:
            raise HttpError(400, str(error), code="run_refused") from None
        finally:
            self.running -= 1
            slots.release()
        return result


async def _unless_disconnected(request: Any, run: Any) -> Result:
    task = asyncio.ensure_future(run)
    watcher = asyncio.ensure_future(_disconnected(request))
    try:
        done, _ = await asyncio.wait({task, watcher}, return_when=asyncio.FIRST_COMPLETED)
    except asyncio.CancelledError:  # the server shuts down
        task.cancel()
        raise
    finally:
        watcher.cancel()
    if task in done:
        return task.result()
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    raise ClientGone()


async def _disconnected(request: Any) -> None:
    # The body is read: the next message the server passes on is the disconnect.
    while (await request.receive())["type"] != "http.disconnect":
        pass


def _text(content: Any) -> str:
    """A message's text: a string, or the text parts of a list of parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(
            part.get("text", "")
            for part in content
            if isinstance(part, dict) and part.get("type") == "text"
        )
    return ""


def chat_inputs(plan: Plan, body: Mapping[str, Any]) -> dict[str, Any]:
    """The protocol's inputs from a chat request: `inputs`, then a system message
    for the one missing `doc` input, then the last user message."""
    given = body.get("inputs", {})
    if not isinstance(given, dict):
        raise HttpError(400, "`inputs` is an object of the protocol's inputs", param="inputs")
    names = [i.name for i in plan.inputs]
    unknown = sorted(set(given) - set(names))
    if unknown:
        raise HttpError(
            400,
            f"protocol {plan.protocol} has no input {unknown[0]!r}; "
            f"it takes: {', '.join(names) or 'no inputs'}",
            param="inputs",
        )
    messages = body.get("messages", [])
    if not isinstance(messages, list) or not all(isinstance(m, dict) for m in messages):
        raise HttpError(400, "`messages` is a list of {role, content} objects", param="messages")
    inputs = dict(given)
    missing = [i for i in plan.inputs if i.name not in inputs]
    system = "\n\n".join(_text(m.get("content")) for m in messages if m.get("role") == "system")
    documents = [i for i in missing if i.schema_.get("x-minion-type") == "doc"]
    if system.strip() and len(documents) == 1:
        inputs[documents[0].name] = system
        missing.remove(documents[0])
    users = [m for m in messages if m.get("role") == "user"]
    if users and missing:
        target = next((i for i in missing if i.name == "question"), None)
        if target is None and len(missing) == 1:
            target = missing[0]
        if target is not None:
            inputs[target.name] = _text(users[-1].get("content"))
            missing.remove(target)
    if missing:
        raise HttpError(
            400,
            f"protocol {plan.protocol} needs the input"
            f"{'s' if len(missing) > 1 else ''} {', '.join(i.name for i in missing)}: "
            'send them in `inputs` (e.g. {"inputs": {"context": "..."}}); a system '
            "message fills a missing document, the last user message the question",
            param="inputs",
        )
    return inputs


def chat_completion(model: str, result: Result) -> dict[str, Any]:
    value = result.value
    content = value if isinstance(value, str) else json.dumps(_jsonable(value), ensure_ascii=False)
    local, remote = result.usage.local, result.usage.remote
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": local.prompt_tokens + remote.prompt_tokens,
            "completion_tokens": local.completion_tokens + remote.completion_tokens,
            "total_tokens": local.tokens + remote.tokens,
        },
        "minionc": {
            "usage": {"local": local.to_json(), "remote": remote.to_json()},
            "failures": result.failures_by_reason,
        },
    }


def _wants_usage(body: Mapping[str, Any]) -> bool:
    options = body.get("stream_options")
    return isinstance(options, dict) and options.get("include_usage") is True


async def _stream(completion: dict[str, Any], *, include_usage: bool) -> AsyncIterator[bytes]:
    """The whole answer as one chunk: a run has no tokens to stream before its end."""
    base = {k: completion[k] for k in ("id", "created", "model")}
    message = completion["choices"][0]["message"]
    first = {
        **base,
        "object": "chat.completion.chunk",
        "choices": [
            {
                "index": 0,
                "delta": {"role": "assistant", "content": message["content"]},
                "finish_reason": None,
            }
        ],
    }
    last: dict[str, Any] = {
        **base,
        "object": "chat.completion.chunk",
        "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
        "minionc": completion["minionc"],
    }
    if include_usage:
        last["usage"] = completion["usage"]
    for chunk in (first, last):
        yield f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode()
    yield b"data: [DONE]\n\n"


def _jsonable(value: Any) -> Any:
    """Values as JSON can hold them (a run's value may be a tuple or a number)."""
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


async def _not_found(request: Any, exc: Any) -> Any:
    from starlette.responses import JSONResponse

    error = HttpError(404, f"no route {request.url.path}: see /v1/models", code="not_found")
    return JSONResponse(error.body, status_code=404)


async def _not_allowed(request: Any, exc: Any) -> Any:
    from starlette.responses import JSONResponse

    error = HttpError(
        405, f"{request.method} is not allowed on {request.url.path}", code="method_not_allowed"
    )
    return JSONResponse(error.body, status_code=405)
