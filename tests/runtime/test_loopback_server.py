"""The loopback OpenAI-compatible server (llama_cpp.server) and the default
remote tier: real subprocess, real HTTP, real LiteLLM."""

from __future__ import annotations

import asyncio
import json
import socket
import urllib.request
from pathlib import Path

import pytest
from minionc.runtime.backend import CompletionRequest, Message, RuntimeSetupError
from minionc.runtime.backends.remote import LiteLLMBackend
from minionc.runtime.models import LoopbackBackend, default_remote_backend
from minionc.runtime.server import LoopbackServer


def port_is_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_server_answers_and_lists_the_model(loopback_server: LoopbackServer) -> None:
    assert loopback_server.running
    assert loopback_server.api_base == f"http://127.0.0.1:{loopback_server.port}/v1"
    with urllib.request.urlopen(f"{loopback_server.api_base}/models", timeout=10) as r:
        models = json.loads(r.read())
    assert loopback_server.model_name in {m["id"] for m in models["data"]}


def test_litellm_over_http_to_the_loopback(loopback_server: LoopbackServer) -> None:
    b = LiteLLMBackend(
        f"openai/{loopback_server.model_name}",
        api_base=loopback_server.api_base,
        api_key="sk-loopback",
    )
    request = CompletionRequest(
        messages=(Message("user", "Document: Bob is 42 years old.\nHow old is Bob?"),),
        max_tokens=8,
    )
    result = b.complete(request)
    assert isinstance(result.text, str) and result.text.strip()
    assert result.prompt_tokens > 0 and result.completion_tokens > 0
    assert result.usd == 0.0  # a model LiteLLM's price table does not know
    again = asyncio.run(b.acomplete(request))
    assert again.prompt_tokens == result.prompt_tokens


def test_a_raw_prompt_goes_to_the_text_completion_endpoint(
    loopback_server: LoopbackServer,
) -> None:
    b = LiteLLMBackend(
        f"openai/{loopback_server.model_name}",
        api_base=loopback_server.api_base,
        api_key="sk-loopback",
        text_completion=True,
    )
    assert b.supports_raw_prompt
    prompt = "Country: Italy\nCapital: Rome\n\nCountry: France\nCapital:"
    raw = b.complete(CompletionRequest(prompt=prompt, max_tokens=6, stop=("\n",)))
    assert "Paris" in raw.text  # a base model continues the pattern
    # The chat endpoint wraps the same text in the server's chat format: more tokens.
    chat = b.complete(CompletionRequest(messages=(Message("user", prompt),), max_tokens=6))
    assert chat.prompt_tokens > raw.prompt_tokens
    again = asyncio.run(b.acomplete(CompletionRequest(prompt=prompt, max_tokens=6, stop=("\n",))))
    assert again.text == raw.text and again.prompt_tokens == raw.prompt_tokens


def test_text_completion_follows_the_litellm_model_prefix() -> None:
    assert LiteLLMBackend("text-completion-openai/base", api_key="sk-x").supports_raw_prompt
    assert not LiteLLMBackend("openai/gpt-4o-mini", api_key="sk-x").supports_raw_prompt


def test_server_stops_and_frees_its_port(embedded_gguf: Path) -> None:
    with LoopbackServer(embedded_gguf, n_ctx=512) as server:
        port = server.port
        assert port_is_open(port)
    assert not server.running
    assert not port_is_open(port)
    server.stop()  # idempotent


def test_server_stops_on_an_exception_in_the_block(embedded_gguf: Path) -> None:
    server = LoopbackServer(embedded_gguf, n_ctx=512)
    with pytest.raises(KeyError), server:
        port = server.port
        raise KeyError("boom")
    assert not server.running and not port_is_open(port)


def test_a_server_that_cannot_start_explains_why(tmp_path: Path) -> None:
    junk = tmp_path / "junk.gguf"
    junk.write_bytes(b"not a model" * 100)
    with pytest.raises(RuntimeSetupError) as info, LoopbackServer(junk, startup_timeout=60):
        pass
    assert "exited" in str(info.value)


def test_default_remote_is_the_loopback_even_with_provider_keys_around(
    monkeypatch: pytest.MonkeyPatch, embedded_gguf: Path
) -> None:
    monkeypatch.delenv("MINIONC_REMOTE", raising=False)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-should-never-be-used-0000")
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-should-never-be-used-0000")
    remote = default_remote_backend(cache_dir=embedded_gguf.parent)
    try:
        assert isinstance(remote, LoopbackBackend)
        assert not remote.server.running  # started on first use only
        assert remote.tier == "remote"
    finally:
        remote.close()


def test_default_remote_follows_an_explicit_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINIONC_REMOTE", "openai/gpt-4o-mini")
    monkeypatch.setenv("MINIONC_REMOTE_API_BASE", "http://127.0.0.1:9/v1")
    remote = default_remote_backend()
    assert not isinstance(remote, LoopbackBackend)
    assert remote.model == "openai/gpt-4o-mini"
    assert remote.api_base == "http://127.0.0.1:9/v1"
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-test-0000")
    explicit = default_remote_backend("anthropic/claude-3-5-haiku-latest")
    assert explicit.model == "anthropic/claude-3-5-haiku-latest"
    monkeypatch.delenv("ANTHROPIC_API_KEY")
    monkeypatch.delenv("MINIONC_REMOTE_API_BASE")  # the provider's own endpoint: its key
    with pytest.raises(RuntimeSetupError, match="needs ANTHROPIC_API_KEY, which is not set"):
        default_remote_backend("anthropic/claude-3-5-haiku-latest")


def test_loopback_backend_starts_on_first_call_and_stops_on_close(
    embedded_gguf: Path,
) -> None:
    remote = LoopbackBackend(embedded_gguf, n_ctx=1024)
    try:
        result = remote.complete(
            CompletionRequest(messages=(Message("user", "Hello"),), max_tokens=3)
        )
        assert result.completion_tokens > 0
        assert remote.supports_raw_prompt  # the embedded model is a base model
        port = remote.server.port
        assert port_is_open(port)
    finally:
        remote.close()
    assert not port_is_open(port)


def test_a_server_whose_starter_is_killed_outright_exits_too(embedded_gguf: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    starter = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from minionc.runtime.server import LoopbackServer\n"
            f"server = LoopbackServer({str(embedded_gguf)!r}, n_ctx=512)\n"
            "server.start()\n"
            "print(server._proc.pid, flush=True)\n"
            "time.sleep(600)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert starter.stdout is not None
        server_pid = int(starter.stdout.readline())
        os.kill(starter.pid, signal.SIGKILL)  # no chance to stop the server in order
        starter.wait(timeout=30)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                os.kill(server_pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.2)
        else:
            os.kill(server_pid, signal.SIGKILL)
            raise AssertionError("the loopback server outlived the process that started it")
    finally:
        if starter.poll() is None:
            starter.kill()


def test_a_loopback_request_has_time_to_read_its_prompt_and_waits_its_turn_here(
    embedded_gguf: Path,
) -> None:
    """A 23k-token document takes a 1.5B model on one busy core longer than any
    fixed timeout fit for a short prompt: the timeout grows with the prompt. The
    server computes one request at a time, so one is in flight (the others wait
    here, off its clock). A tier's own timeout and retries hold for it."""
    from minionc.runtime.models import LOOPBACK_SLOWEST_CHARS_PER_SECOND

    remote = default_remote_backend(str(embedded_gguf), timeout=30, retries=1)
    try:
        assert isinstance(remote, LoopbackBackend) and remote.max_concurrency == 1
        short = remote._kwargs(CompletionRequest(prompt="Hi", max_tokens=2))
        document = "word " * 20_000
        long = remote._kwargs(CompletionRequest(prompt=document, max_tokens=2))
        assert short["timeout"] == pytest.approx(30 + 2 / LOOPBACK_SLOWEST_CHARS_PER_SECOND)
        assert long["timeout"] == pytest.approx(
            30 + len(document) / LOOPBACK_SLOWEST_CHARS_PER_SECOND
        )
        assert remote._max_retries == 1
        assert not remote.server.running  # nothing above started it
    finally:
        remote.close()
