"""`minionc serve`: a program's protocols (or a plan) as an OpenAI-compatible
endpoint, with a plain `POST /v1/runs` beside it (minionc/serve.py)."""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
from typing import Any, TextIO

from .common import (
    EXIT_OK,
    EXIT_USAGE,
    CliError,
    add_cache_and_trace_options,
    looks_like_plan,
    open_models,
    plan_from,
)

__all__ = ["add_parser", "cmd_serve"]

TOKEN_ENV = "MINIONC_SERVE_TOKEN"


def add_parser(commands: Any) -> None:
    from minionc.binding import add_model_options
    from minionc.serve import DEFAULT_CONCURRENCY, DEFAULT_MAX_REQUEST_BYTES, DEFAULT_QUEUE

    serve = commands.add_parser(
        "serve",
        help="serve a program's protocols as an OpenAI-compatible endpoint",
        description="Serve compiled protocols over HTTP: POST /v1/chat/completions (the "
        "model names the protocol; the last user message is the question, a system "
        "message or the `inputs` object gives the document), POST /v1/runs (the "
        "protocol's inputs in, the `minionc run --json` object out), GET /v1/models. "
        "Usage per tier comes back with every answer. Stop it with Ctrl-C or SIGTERM: "
        "runs in flight finish first.",
    )
    serve.add_argument("file", metavar="PROGRAM|PLAN", help="a .minion program or a plan .json")
    serve.add_argument(
        "--protocol",
        metavar="NAME",
        action="append",
        default=[],
        help="a protocol to serve (repeatable; default: the one `minionc run` would run)",
    )
    serve.add_argument("--host", default="127.0.0.1", help="the address (default 127.0.0.1)")
    serve.add_argument(
        "--port", type=int, default=8000, help="the port (default 8000; 0: any free port)"
    )
    serve.add_argument(
        "--token",
        help=f"require `Authorization: Bearer TOKEN` (or set ${TOKEN_ENV}); without one, "
        "anyone who can reach the address can run the protocols",
    )
    serve.add_argument(
        "--max-request-bytes",
        type=int,
        default=DEFAULT_MAX_REQUEST_BYTES,
        metavar="N",
        help=f"refuse larger request bodies with 413 (default {DEFAULT_MAX_REQUEST_BYTES:,})",
    )
    serve.add_argument(
        "--concurrency",
        type=int,
        default=DEFAULT_CONCURRENCY,
        metavar="N",
        help=f"runs at once (default {DEFAULT_CONCURRENCY})",
    )
    serve.add_argument(
        "--queue",
        type=int,
        default=DEFAULT_QUEUE,
        metavar="N",
        help=f"requests that may wait for a run slot; more get 429 (default {DEFAULT_QUEUE})",
    )
    add_model_options(serve)
    add_cache_and_trace_options(serve)


def cmd_serve(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from minionc.serve import ServeOptions

    for option, value, least in (
        ("--port", args.port, 0),
        ("--max-request-bytes", args.max_request_bytes, 1),
        ("--concurrency", args.concurrency, 1),
        ("--queue", args.queue, 0),
    ):
        if value < least:
            raise CliError(f"{option} must be at least {least}", EXIT_USAGE)
    token = args.token or os.environ.get(TOKEN_ENV) or None
    plans = _plans(args, stderr)
    options = ServeOptions(token, args.max_request_bytes, args.concurrency, args.queue)
    try:
        listener = socket.create_server((args.host, args.port))
    except OSError as error:
        raise CliError(f"cannot listen on {args.host}:{args.port}: {error}") from None
    with listener:
        first = next(iter(plans.values()))
        backends = open_models(first, args, stderr)
        try:
            return _serve(args, plans, options, backends, listener, stderr)
        finally:
            backends.close()


def _plans(args: argparse.Namespace, stderr: TextIO) -> dict[str, Any]:
    if looks_like_plan(args.file) and args.protocol:
        raise CliError("--protocol is for a program; a plan holds one protocol", EXIT_USAGE)
    plans = {}
    for name in args.protocol or [None]:
        plan = plan_from(args.file, name, stderr)
        plans[plan.protocol] = plan
    models = {repr(plan.models) for plan in plans.values()}
    if len(models) > 1:  # one set of models serves every protocol
        raise CliError("the protocols served together must declare the same models", EXIT_USAGE)
    return plans


def _serve(
    args: argparse.Namespace,
    plans: dict[str, Any],
    options: Any,
    backends: Any,
    listener: socket.socket,
    stderr: TextIO,
) -> int:
    import uvicorn

    from minionc.runtime.cache import CallCache
    from minionc.runtime.executor import Runtime
    from minionc.serve import Service

    runtime = Runtime(
        local=backends.local,
        remote=backends.remote,
        roles=backends.roles,
        cache=CallCache(args.cache_dir) if args.cache_dir else None,
        use_cache=not args.no_cache,
        trace=args.trace,
    )
    for plan in plans.values():  # refuse a plan the privacy rule rejects before serving it
        runtime.check_privacy(plan)
    service = Service(plans, runtime, options)
    host, port = listener.getsockname()[:2]
    config = uvicorn.Config(
        service.app(),
        log_level="warning",
        timeout_graceful_shutdown=600,  # runs in flight finish before it stops
        lifespan="off",
    )
    server = uvicorn.Server(config)
    names = ", ".join(plans)
    auth = "a bearer token" if options.token else "no token (anyone who can reach it)"
    stderr.write(f"minionc: serving {names} on http://{host}:{port}/v1 with {auth}; Ctrl-C stops\n")
    stderr.flush()
    try:
        asyncio.run(server.serve(sockets=[listener]))
    except KeyboardInterrupt:
        # uvicorn stops on SIGINT/SIGTERM once the requests in flight are answered,
        # then raises the signal again: that is a clean stop.
        pass
    finally:
        runtime.close()
    stderr.write("minionc: stopped\n")
    return EXIT_OK
