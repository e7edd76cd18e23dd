"""LiteLLM backend: error mapping, retries and key scrubbing over real HTTP to a
scripted server on 127.0.0.1; the real thing against the loopback server."""

from __future__ import annotations

import asyncio
import socket

import pytest
from http_fakes import FakeOpenAI, Reply, chat_response, error_body
from minionc.runtime.backend import Backend, BackendError, CompletionRequest, Message
from minionc.runtime.backends.remote import LiteLLMBackend, scrub_secrets

KEY = "sk-test-Zx81kQ0aBcDeFgHiJkLmNoPq"
ASK = CompletionRequest(messages=(Message("user", "Say hello."),), max_tokens=8)


def backend(api_base: str, **kwargs: object) -> tuple[LiteLLMBackend, list[float]]:
    """A backend that records its backoff sleeps instead of sleeping."""
    slept: list[float] = []
    options: dict = {"api_key": KEY, "timeout": 5, "max_retries": 3, "sleep": slept.append}
    options.update(kwargs)
    return LiteLLMBackend("openai/fake", api_base=api_base, **options), slept


def test_is_a_chat_backend() -> None:
    b = LiteLLMBackend("openai/gpt-4o-mini", api_key=KEY)
    assert isinstance(b, Backend)
    assert not b.supports_raw_prompt
    assert b.tier == "remote"
    assert KEY not in repr(b)


def test_429_is_retried_honouring_retry_after_then_succeeds() -> None:
    replies = [Reply(429, error_body("slow down"), {"Retry-After": "2"}), Reply()]
    with FakeOpenAI(replies) as fake:
        b, slept = backend(fake.api_base)
        result = b.complete(ASK)
    assert result.text == "hello"
    assert (result.prompt_tokens, result.completion_tokens) == (5, 1)
    assert result.raw["attempts"] == 2
    assert len(fake.requests) == 2
    assert slept == [2.0]


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_back_off_exponentially_and_give_up(status: int) -> None:
    with FakeOpenAI([Reply(status, error_body("upstream trouble"))]) as fake:
        b, slept = backend(fake.api_base, max_retries=3, backoff_base=0.5, backoff_max=30)
        with pytest.raises(BackendError) as info:
            b.complete(ASK)
    assert info.value.retryable is True
    assert info.value.status == status
    assert len(fake.requests) == 4  # the call and 3 retries
    # Equal jitter: each wait lies in [ceiling/2, ceiling], ceilings 0.5, 1, 2.
    assert len(slept) == 3
    for wait, ceiling in zip(slept, [0.5, 1.0, 2.0], strict=True):
        assert ceiling / 2 <= wait <= ceiling


def test_401_is_permanent_and_never_shows_the_key() -> None:
    body = error_body(f"Incorrect API key provided: {KEY}. Bearer {KEY}", "invalid_api_key")
    with FakeOpenAI([Reply(401, body)]) as fake:
        b, slept = backend(fake.api_base)
        with pytest.raises(BackendError) as info:
            b.complete(ASK)
    error = info.value
    assert error.retryable is False and error.status == 401
    assert len(fake.requests) == 1 and slept == []
    # The key did go over the wire (so the scrubbing below is doing real work).
    assert KEY in fake.requests[0].headers.get("Authorization", "")
    assert KEY not in str(error)
    assert KEY[-12:] not in str(error)
    assert "API key" in str(error)


def test_key_from_a_named_env_variable_is_scrubbed_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    secret = "plainsecretvalue-without-a-prefix-123"
    monkeypatch.setenv("MINIONC_TEST_PROVIDER_CREDS", secret)
    with FakeOpenAI([Reply(403, error_body(f"key {secret} is not allowed"))]) as fake:
        b, _ = backend(fake.api_base, api_key=None, api_key_env="MINIONC_TEST_PROVIDER_CREDS")
        with pytest.raises(BackendError) as info:
            b.complete(ASK)
    assert fake.requests[0].headers["Authorization"] == f"Bearer {secret}"
    assert not info.value.retryable
    assert secret not in str(info.value)


def test_missing_key_variable_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MINIONC_TEST_MISSING_KEY", raising=False)
    b = LiteLLMBackend("openai/fake", api_key_env="MINIONC_TEST_MISSING_KEY")
    with pytest.raises(BackendError, match="MINIONC_TEST_MISSING_KEY") as info:
        b.complete(ASK)
    assert not info.value.retryable


@pytest.mark.parametrize("status", [400, 404])
def test_client_errors_are_permanent(status: int) -> None:
    with FakeOpenAI([Reply(status, error_body("nope"))]) as fake:
        b, _ = backend(fake.api_base)
        with pytest.raises(BackendError) as info:
            b.complete(ASK)
    assert info.value.retryable is False
    assert info.value.status == status
    assert len(fake.requests) == 1


def test_context_window_exceeded_is_permanent_and_says_so() -> None:
    body = error_body(
        "This model's maximum context length is 8192 tokens. However, your messages "
        "resulted in 9000 tokens.",
        "context_length_exceeded",
    )
    with FakeOpenAI([Reply(400, body)]) as fake:
        b, _ = backend(fake.api_base)
        with pytest.raises(BackendError) as info:
            b.complete(ASK)
    assert not info.value.retryable
    assert "smaller chunks" in str(info.value)


def test_a_hanging_server_times_out_as_retryable() -> None:
    with FakeOpenAI([Reply(delay=3.0)]) as fake:
        b, slept = backend(fake.api_base, timeout=0.5, max_retries=1)
        with pytest.raises(BackendError) as info:
            b.complete(ASK)
    assert info.value.retryable is True
    assert len(fake.requests) == 2 and len(slept) == 1


def test_a_timeout_then_success_recovers() -> None:
    with FakeOpenAI([Reply(delay=3.0), Reply(body=chat_response("late but fine"))]) as fake:
        b, _ = backend(fake.api_base, timeout=0.5)
        assert b.complete(ASK).text == "late but fine"


def test_connection_refused_is_retryable() -> None:
    with socket.socket() as s:  # a port with nobody listening
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    b, slept = backend(f"http://127.0.0.1:{port}/v1", max_retries=1)
    with pytest.raises(BackendError) as info:
        b.complete(ASK)
    assert info.value.retryable is True
    assert len(slept) == 1


def test_malformed_response_is_retryable() -> None:
    with FakeOpenAI([Reply(raw=b'{"choices": "truncated'), Reply()]) as fake:
        b, _ = backend(fake.api_base)
        assert b.complete(ASK).text == "hello"
    assert len(fake.requests) == 2


def test_async_variant_retries_too() -> None:
    replies = [Reply(503, error_body("busy"), {"Retry-After": "0"}), Reply()]
    with FakeOpenAI(replies) as fake:
        b, _ = backend(fake.api_base)
        result = asyncio.run(b.acomplete(ASK))
    assert result.text == "hello" and result.raw["attempts"] == 2


def test_request_parameters_reach_the_provider() -> None:
    request = CompletionRequest(
        messages=(Message("system", "Be brief."), Message("user", "Hi")),
        max_tokens=7,
        temperature=0.3,
        seed=11,
        stop=("END",),
        json_schema={"type": "object", "properties": {"a": {"type": "string"}}},
    )
    with FakeOpenAI([Reply()]) as fake:
        b, _ = backend(fake.api_base)
        b.complete(request)
    body = fake.requests[0].body
    assert body["messages"] == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Hi"},
    ]
    assert body["max_tokens"] == 7 and body["temperature"] == 0.3 and body["seed"] == 11
    assert body["stop"] == ["END"]
    # LiteLLM's table does not list "fake" as taking a schema: left to the prompt.
    assert "response_format" not in body


def test_json_schema_becomes_response_format_where_supported() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}
    with FakeOpenAI([Reply(body=chat_response('{"a": "x"}', model="gpt-4o"))]) as fake:
        b = LiteLLMBackend("openai/gpt-4o", api_base=fake.api_base, api_key=KEY)
        assert b.supports_json_schema
        result = b.complete(
            CompletionRequest(messages=(Message("user", "Give a."),), json_schema=schema)
        )
    sent = fake.requests[0].body["response_format"]
    assert sent["type"] == "json_schema"
    assert sent["json_schema"]["schema"] == schema
    assert result.usd > 0  # priced from LiteLLM's (offline) table


def test_raw_prompt_goes_as_one_user_message() -> None:
    with FakeOpenAI([Reply()]) as fake:
        b, _ = backend(fake.api_base)
        b.complete(CompletionRequest(prompt="Complete this", max_tokens=3))
    assert fake.requests[0].body["messages"] == [{"role": "user", "content": "Complete this"}]


def test_scrub_secrets() -> None:
    text = (
        "key sk-proj-abcdef123456 and AIzaSyA1234567890abcdefghijklmnop, "
        "hf_abcdefghijklmnop, Authorization: Bearer abc.def-ghi123, api_key=hunter2hunter2, "
        "and my own s3cr3t-value-here"
    )
    out = scrub_secrets(text, ["s3cr3t-value-here"])
    for secret in ("sk-proj-abcdef123456", "AIzaSy", "hf_abcdef", "abc.def-ghi123", "hunter2"):
        assert secret not in out
    assert "s3cr3t-value-here" not in out
    assert "key" in out and "Authorization" in out


def test_unknown_provider_fails_at_setup() -> None:
    from minionc.runtime.backend import RuntimeSetupError

    with pytest.raises(RuntimeSetupError, match="provider"):
        LiteLLMBackend("nosuchprovider/some-model")
