"""llama.cpp in-process on the embedded Gemma 3 270M (real model, real tokens)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from minionc.runtime.backend import (
    Backend,
    BackendError,
    CompletionRequest,
    Message,
    RuntimeSetupError,
)
from minionc.runtime.backends.llamacpp import (
    LlamaCppBackend,
    PrefixStates,
    render_messages_plain,
)

FEW_SHOT = (
    "Document: Acme Corp reported revenue of $5.2 million in 2023.\n"
    "Question: What was Acme's revenue in 2023?\n"
    "Answer: $5.2 million\n\n"
    "Document: The patient, Maria Lopez, was admitted on March 3 with a fever.\n"
    "Question: When was the patient admitted?\n"
    "Answer: March 3\n\n"
    "Document: Bob Smith, 42, has worked at the bakery for ten years.\n"
    "Question: How old is Bob Smith?\n"
    "Answer:"
)


def test_is_a_backend(llama_backend: LlamaCppBackend) -> None:
    assert isinstance(llama_backend, Backend)
    assert llama_backend.supports_raw_prompt
    assert llama_backend.tier == "local"
    assert "gemma" in llama_backend.name


def test_few_shot_completion_with_real_token_counts(llama_backend: LlamaCppBackend) -> None:
    request = CompletionRequest(prompt=FEW_SHOT, max_tokens=12, stop=("\n",))
    result = llama_backend.complete(request)
    assert result.text.strip()
    assert "42" in result.text  # the base model follows a 2-shot extraction pattern
    assert result.prompt_tokens == llama_backend.count_tokens(FEW_SHOT) > 0
    assert 0 < result.completion_tokens <= 12
    assert result.finish_reason in ("stop", "length")
    assert result.usd == 0.0


def test_greedy_is_deterministic(llama_backend: LlamaCppBackend) -> None:
    request = CompletionRequest(prompt="The three primary colours are", max_tokens=10)
    first = llama_backend.complete(request)
    # Something else in between, so the second call does not just replay the cache.
    llama_backend.complete(CompletionRequest(prompt="Once upon a time", max_tokens=4))
    second = llama_backend.complete(request)
    assert first.text == second.text
    assert first.completion_tokens == second.completion_tokens


def test_shared_prefix_is_reused(llama_backend: LlamaCppBackend) -> None:
    document = "Document: " + " ".join(
        f"Line {i}: the warehouse in district {i % 7} shipped {i * 13} crates." for i in range(24)
    )
    a = document + "\nQuestion: How many crates did line 3 ship?\nAnswer:"
    b = document + "\nQuestion: Which district is line 5 in?\nAnswer:"
    first = llama_backend.complete(CompletionRequest(prompt=a, max_tokens=4))
    second = llama_backend.complete(CompletionRequest(prompt=b, max_tokens=4))
    shared = llama_backend.count_tokens(document) - 2  # the question's first token may merge
    assert first.prompt_tokens > 200
    assert second.cached_prompt_tokens >= shared
    assert second.cached_prompt_tokens < second.prompt_tokens


def _warehouse_document(offset: int) -> str:
    return "Document: " + " ".join(
        f"Line {i}: the warehouse in district {i % 7} shipped {i * 13 + offset} crates."
        for i in range(24)
    )


def test_a_stored_chunk_state_comes_back_after_other_prompts(embedded_gguf: Path) -> None:
    """The pattern of a MinionS round: chunk A's jobs, then chunk B's, then (next
    round) chunk A again. A's prefill is restored from the prefix store, and the
    answer is the one a cold evaluation gives."""
    chunk_a, chunk_b = _warehouse_document(0), _warehouse_document(5)
    ask = "\nQuestion: How many crates did line {n} ship?\nAnswer:"
    with LlamaCppBackend(embedded_gguf, n_ctx=2048) as backend:
        backend.complete(CompletionRequest(prompt=chunk_a + ask.format(n=3), max_tokens=4))
        backend.complete(CompletionRequest(prompt=chunk_b + ask.format(n=3), max_tokens=4))
        again = backend.complete(CompletionRequest(prompt=chunk_a + ask.format(n=4), max_tokens=6))
        assert again.cached_prompt_tokens >= backend.count_tokens(chunk_a) - 2
        assert len(backend._prefix_states) == 2  # one state per chunk
    with LlamaCppBackend(embedded_gguf, n_ctx=2048, prefix_store_bytes=0) as cold:
        cold.complete(CompletionRequest(prompt=chunk_a + ask.format(n=3), max_tokens=4))
        cold.complete(CompletionRequest(prompt=chunk_b + ask.format(n=3), max_tokens=4))
        fresh = cold.complete(CompletionRequest(prompt=chunk_a + ask.format(n=4), max_tokens=6))
        assert fresh.cached_prompt_tokens < 50  # without the store, A is evaluated again
    assert again.text == fresh.text
    assert again.completion_tokens == fresh.completion_tokens


def test_prefix_states_evict_least_recently_used_within_capacity() -> None:
    states = PrefixStates(capacity_bytes=10)
    states.put((1, 2, 3), b"aaaa")
    states.put((4, 5, 6), b"bbbb")
    assert states.best([1, 2, 9])[0] == 2  # touches (1, 2, 3)
    states.put((7, 8), b"cccc")  # 12 bytes: the least recently used, (4, 5, 6), goes
    assert len(states) == 2 and states.stored_bytes == 8
    assert states.best([4, 5, 6]) == (0, None)
    assert states.best([7, 8, 1])[0] == 2
    states.put((9,), b"x" * 11)  # larger than the whole store: not kept
    assert len(states) == 2


def test_overlong_prompt_is_a_clear_permanent_error(llama_backend: LlamaCppBackend) -> None:
    prompt = "word " * 5000  # more than the fixture's 4096-token context
    with pytest.raises(BackendError) as info:
        llama_backend.complete(CompletionRequest(prompt=prompt, max_tokens=16))
    error = info.value
    assert error.retryable is False
    message = str(error)
    assert str(llama_backend.count_tokens(prompt)) in message
    assert "4096" in message
    assert "smaller chunks" in message
    # The backend is still usable afterwards.
    assert llama_backend.complete(CompletionRequest(prompt="Hello", max_tokens=2)).text


def test_prompt_that_fits_only_without_max_tokens_is_rejected(
    llama_backend: LlamaCppBackend,
) -> None:
    prompt = "word " * 3000
    n = llama_backend.count_tokens(prompt)
    assert n < 4096
    with pytest.raises(BackendError) as info:
        llama_backend.complete(CompletionRequest(prompt=prompt, max_tokens=4096 - n + 1))
    assert not info.value.retryable


def test_messages_are_rendered_for_a_base_model(llama_backend: LlamaCppBackend) -> None:
    messages = (
        Message("system", "Answer with one word."),
        Message("user", "What colour is the sky on a clear day?"),
    )
    text, _stop = render_messages_plain(messages)
    assert text.endswith("Assistant:") and "User: What colour" in text
    result = llama_backend.complete(CompletionRequest(messages=messages, max_tokens=8))
    assert isinstance(result.text, str)
    assert result.prompt_tokens == llama_backend.count_tokens(text)
    assert "User:" not in result.text  # the turn ends at the next "User:"


def test_concurrent_callers_are_serialised(llama_backend: LlamaCppBackend) -> None:
    results: list[str] = []
    errors: list[BaseException] = []
    request = CompletionRequest(prompt="The capital of France is", max_tokens=6)

    def call() -> None:
        try:
            results.append(llama_backend.complete(request).text)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=call) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors
    assert len(results) == 3 and len(set(results)) == 1


def test_a_request_needs_exactly_one_of_prompt_and_messages(
    llama_backend: LlamaCppBackend,
) -> None:
    with pytest.raises(BackendError):
        llama_backend.complete(CompletionRequest())


def test_missing_or_broken_model_file(tmp_path: Path) -> None:
    with pytest.raises(RuntimeSetupError, match="not found"):
        LlamaCppBackend(tmp_path / "nope.gguf")
    junk = tmp_path / "junk.gguf"
    junk.write_bytes(b"this is not a gguf file" * 10)
    with pytest.raises(RuntimeSetupError, match="could not load"):
        LlamaCppBackend(junk)


def test_closed_backend_refuses_calls(embedded_gguf: Path) -> None:
    backend = LlamaCppBackend(embedded_gguf, n_ctx=512)
    backend.close()
    backend.close()  # twice is fine
    with pytest.raises(BackendError, match="closed"):
        backend.complete(CompletionRequest(prompt="Hi", max_tokens=2))
