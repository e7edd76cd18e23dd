"""The embedded instruction-tuned models on real inference: Qwen2.5-Coder 0.5B as a
local chat model in-process, 1.5B as the default remote tier behind the loopback
server over real HTTP. Chat models get chats rendered with their own template (not
Alpaca, not few-shot completions) and structured output: a JSON schema becomes a
grammar, so a record comes back as JSON the parser takes without repair."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from minionc.compiler.pipeline import compile_source
from minionc.runtime.backend import CompletionRequest, Message
from minionc.runtime.executor import Runtime

PROGRAM = """
models { worker = local  supervisor = remote }
type Fact { answer: str  found: bool }
prompt ask(document: str, question: str) -> Fact \"\"\"
  Document: {{ document }}
  Question: {{ question }}
  Give the answer as a short phrase from the document, and whether it was found.
\"\"\"
protocol main(question: str, context: private doc) -> Fact {
  fact = ask(share context, question) @{placement}(max_tokens: 40)
  return fact
}
"""
DOCUMENT = (
    "Acme Corp annual report 2023. The chief executive is Dana Ortiz, appointed in 2019. "
    "Headcount grew to 212 employees. The head office is in Leeds."
)


@pytest.fixture(scope="module")
def qwen_local() -> Iterator[Any]:
    from minionc.runtime.models import default_local_backend

    backend = default_local_backend("embedded:qwen2.5-coder-0.5b-instruct")
    yield backend
    backend.close()


@pytest.fixture(scope="module")
def qwen_remote() -> Iterator[Any]:
    from minionc.runtime.models import default_remote_backend

    backend = default_remote_backend("embedded:qwen2.5-coder-1.5b-instruct")
    yield backend
    backend.close()


def plan(placement: str) -> Any:
    compiled = compile_source(PROGRAM.replace("{placement}", placement), "fact.minion")
    assert compiled.plan is not None, compiled.diagnostics
    return compiled.plan


def test_a_local_chat_model_is_sent_chats_in_its_own_template(qwen_local: Any) -> None:
    assert qwen_local.chat and not qwen_local.supports_raw_prompt
    prompt, _ = qwen_local.prompt_text(
        CompletionRequest(messages=(Message("system", "Be brief."), Message("user", "Hi")))
    )
    assert "<|im_start|>system\nBe brief.<|im_end|>" in prompt  # Qwen's ChatML, not Alpaca
    assert prompt.rstrip().endswith("<|im_start|>assistant")


def test_a_local_chat_model_answers_a_record_through_its_grammar(qwen_local: Any) -> None:
    runtime = Runtime(local=qwen_local, use_cache=False)
    result = runtime.run(plan("worker"), question="Who is the chief executive?", context=DOCUMENT)
    assert result.ok and result.failures == [], result.failures
    assert "Dana Ortiz" in result.value["answer"] and result.value["found"] is True


def test_the_default_remote_is_qwen_1_5b_behind_the_loopback_as_a_chat_model(
    qwen_remote: Any,
) -> None:
    from minionc.runtime.models import LoopbackBackend, default_remote_backend

    default = default_remote_backend()
    try:
        assert isinstance(default, LoopbackBackend)
        assert default.identity == qwen_remote.identity
    finally:
        default.close()
    assert not qwen_remote.supports_raw_prompt and qwen_remote.supports_json_schema
    assert qwen_remote.server.chat_format is None  # the GGUF's own template


def test_the_remote_chat_model_answers_a_record_over_http_with_structured_output(
    qwen_remote: Any,
) -> None:
    runtime = Runtime(remote=qwen_remote, use_cache=False)
    result = runtime.run(plan("supervisor"), question="Where is the head office?", context=DOCUMENT)
    assert result.ok and result.failures == [], result.failures
    assert "Leeds" in result.value["answer"] and result.value["found"] is True
    assert result.usage.remote.calls == 1  # no retry: the grammar made it valid JSON
    # The server was asked for the schema, as llama.cpp takes it.
    kwargs = qwen_remote._kwargs(
        CompletionRequest(messages=(Message("user", "x"),), json_schema={"type": "object"})
    )
    assert kwargs["response_format"] == {"type": "json_object", "schema": {"type": "object"}}
