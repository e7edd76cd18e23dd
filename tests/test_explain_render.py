"""`minionc explain --render`: every model call's prompt as its model would receive
it (the same functions the backends call), counted by the real tokenizer of the
model bound to it, priced from LiteLLM's table; placeholders for what is not known
before the run; the shared private spans of a remote prompt marked; and the
estimate counting the fixed part of each prompt the same way.

The tests that read a GGUF (its vocabulary only, under a second; or a real run to
compare with) use a model fixture, so they are `model` tests."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from minionc.compiler import plan as p
from minionc.compiler.estimate import estimate_plan
from minionc.compiler.explain import explain_text, usd_text
from minionc.compiler.pipeline import compile_file
from repo_paths import ROOT

from minionc import cli

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

DOCUMENT = (
    "The board of Corvena met on 4 March 2025 in Leeds.\n\n"
    "Corvena's revenue in 2025 was $12.4 million, up from $10.1 million in 2024.\n\n"
    "The chair of the board is Ines Alvarez; the chief executive is Tom Reyes.\n"
)
QUESTION = "Who chairs the board of Corvena?"


def explain(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = cli.run(["explain", *args], out, err)
    assert "Traceback" not in err.getvalue(), err.getvalue()
    return status, out.getvalue(), err.getvalue()


def rendered(*args: str) -> dict[str, Any]:
    status, out, err = explain(*args, "--render", "--json")
    assert status == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("docs") / "corvena.txt"
    path.write_text(DOCUMENT, encoding="utf-8")
    return path


def plan_of(name: str) -> p.Plan:
    result = compile_file(str(ROOT / "programs" / f"{name}.minion"))
    assert result.plan is not None, result.diagnostics
    return result.plan


# The runtime tests' model fixtures, by the same names (tests/conftest.py marks a
# test that uses one as a `model` test).
@pytest.fixture(scope="module")
def embedded_gguf() -> Path:
    from minionc.runtime.embedded import embedded_model_path

    return embedded_model_path()


@pytest.fixture(scope="module")
def llama_backend(embedded_gguf: Path) -> Iterator[Any]:
    from minionc.runtime.backends.llamacpp import LlamaCppBackend

    backend = LlamaCppBackend(embedded_gguf, n_ctx=4096)
    yield backend
    backend.close()


def vocab(path: Path) -> Iterator[Any]:
    from llama_cpp import Llama

    llm = Llama(model_path=str(path), vocab_only=True, verbose=False)
    yield llm
    llm.close()


@pytest.fixture(scope="module")
def gemma_vocab(embedded_gguf: Path) -> Iterator[Any]:
    yield from vocab(embedded_gguf)


@pytest.fixture(scope="module")
def qwen_path() -> Path:
    from minionc.runtime.embedded import embedded_model_path

    return embedded_model_path(name="qwen2.5-coder-1.5b-instruct")


@pytest.fixture(scope="module")
def qwen_vocab(qwen_path: Path, embedded_gguf: Path) -> Iterator[Any]:
    yield from vocab(qwen_path)


def tokens(llm: Any, text: str) -> int:
    return len(llm.tokenize(text.encode("utf-8"), add_bos=True, special=True))


# ---- no model file ------------------------------------------------------------------


def test_unknown_input_is_a_usage_error_naming_the_inputs() -> None:
    status, _, err = explain("programs/doc_qa.minion", "--render", "--input", "questoin=q")
    assert status == 2
    assert "unknown input 'questoin' (did you mean 'question'?)" in err
    assert "protocol doc_qa takes question, context" in err


def test_a_missing_input_file_and_input_without_render_are_clear_errors(tmp_path: Path) -> None:
    status, _, err = explain(
        "programs/doc_qa.minion", "--render", "--input-file", f"context={tmp_path / 'none.txt'}"
    )
    assert status == 1
    assert err.startswith("minionc: error: --input-file context: cannot read")
    status, _, err = explain("programs/doc_qa.minion", "--input", "question=q")
    assert status == 2 and "--input and --input-file are for --render" in err


def test_a_priced_remote_shows_dollars_from_litellms_table(document: Path) -> None:
    import litellm

    data = rendered(
        "programs/remote_only.minion",
        "--remote",
        "openai/gpt-4o-mini",
        "--input",
        f"question={QUESTION}",
        "--input-file",
        f"context={document}",
    )
    (call,) = data["render"]["calls"]
    assert call["model"]["spec"] == "openai/gpt-4o-mini" and call["tier"] == "remote"
    request = call["request"]
    assert request["kind"] == "chat" and request["body"]["model"] == "openai/gpt-4o-mini"
    assert "api_key" not in request["body"] and "api_base" not in request["body"]
    messages = request["messages"]
    assert messages[-1]["role"] == "user" and DOCUMENT.strip() in messages[-1]["content"]
    # LiteLLM's own counter, on the model name it sends (tiktoken o200k for gpt-4o-mini)
    expected = litellm.token_counter(model="gpt-4o-mini", messages=messages)
    assert call["tokens"] == {
        "prompt": expected,
        "tokenizer": "tiktoken o200k_base, through LiteLLM's token_counter",
        "template_only": False,
    }
    prompt_usd, completion_usd = litellm.cost_per_token(
        model="openai/gpt-4o-mini", prompt_tokens=expected, completion_tokens=64
    )
    assert call["max_completion_tokens"] == 64
    assert call["usd"]["prompt"] == pytest.approx(prompt_usd)
    assert call["usd"]["total_max"] == pytest.approx(prompt_usd + completion_usd)
    # the whole document is shared (share context): every character of it is marked
    spans = call["shared"]["spans"][f"messages[{len(messages) - 1}]"]
    content = messages[-1]["content"]
    assert "".join(content[s:e] for s, e in spans) == DOCUMENT
    # the estimate in dollars, from the same table
    usd = data["usd"]
    row = data["estimate"]["steps"][0]
    priced = litellm.cost_per_token(
        model="openai/gpt-4o-mini",
        prompt_tokens=row["prompt_tokens"],
        completion_tokens=row["completion_tokens"],
    )
    assert usd["total"] == pytest.approx(sum(priced))
    assert "$0.15 per million prompt tokens" in usd["prices"][0]


def test_the_text_shows_the_messages_the_marks_and_the_price(document: Path) -> None:
    status, out, err = explain(
        "programs/remote_only.minion",
        "--render",
        "--remote",
        "openai/gpt-4o-mini",
        "--input",
        f"question={QUESTION}",
        "--input-file",
        f"context={document}",
    )
    assert status == 0, err
    text = out[out.index("prompts, as each model would receive them") :]
    assert "    model    openai/gpt-4o-mini (the remote tier's model, from --remote)" in text
    assert "      [user]" in text
    assert "    * | The chair of the board is Ines Alvarez" in text  # shared private data
    assert "      | Question: Who chairs the board of Corvena?" in text  # not private
    assert "shares   context: share context (from the private context)" in text
    assert "(tokenizer: tiktoken o200k_base, through LiteLLM's token_counter)" in text
    assert "max 64 completion tokens, $0.000" in text
    assert "LiteLLM's price table: $0.15 per million prompt tokens" in text
    assert "dollars per run: $0.00" in out  # the estimate


def test_an_unpriced_provider_model_says_unpriced() -> None:
    status, out, err = explain(
        "programs/remote_only.minion",
        "--render",
        "--remote",
        "openai/my-own-model",
        "--api-base",
        "http://127.0.0.1:9/v1",
        "--input",
        "question=q",
        "--input",
        "context=c",
    )
    assert status == 0, err
    assert "unpriced (not in LiteLLM's price table)" in out
    assert "dollars per run: unpriced" in out


def test_the_estimate_takes_the_fixed_part_from_a_counter_and_keeps_compile_as_it_was() -> None:
    plan = plan_of("minions")
    plain = estimate_plan(plan)
    assert plain.estimate is not None
    assert plain.estimate.notes[0] == "tokens are estimated as ceil(characters / 4)"
    seen: list[tuple[str, str]] = []

    def fixed(call: p.LLMCall, tier: str) -> tuple[float, str]:
        seen.append((call.prompt, tier))
        return 100.0, f"counter for {tier}"

    counted = estimate_plan(plan, fixed_tokens=fixed)
    assert counted.estimate is not None
    assert ("extract", "local") in seen and ("synthesize", "remote") in seen
    rows = {row.step: row for row in counted.estimate.steps}
    extract = next(r for r in counted.estimate.steps if r.binds == "findings")
    assert "prompt = 100 fixed + 1000 chunk + 40 task = 1140" in extract.formula
    assert rows[extract.step].prompt_tokens == 80 * 1140
    assert counted.estimate.notes[0].startswith("the fixed part of each prompt")
    assert "local: counter for local; remote: counter for remote" in counted.estimate.notes[0]
    assert "not counted" not in " ".join(counted.estimate.notes)
    # dollars in the text only when given
    assert "usd" not in explain_text(plain)


def test_dollars_are_shown_in_cents_or_three_significant_digits() -> None:
    assert [usd_text(v) for v in (None, 0, 3.69e-05, 0.0123, 1234.5)] == [
        "unpriced",
        "$0",
        "$0.0000369",
        "$0.0123",
        "$1,234.50",
    ]


def test_placeholders_take_the_shape_of_the_parameter() -> None:
    from minionc.preview import _shown, stand_in

    plan = plan_of("minions")
    param = next(x for x in plan.prompts["synthesize"].params if x.name == "findings")
    value = stand_in(param.schema_, "distinct", plan.types)
    assert isinstance(value, list) and set(value[0]) == {"answer", "citation"}
    shown, spans, labels = _shown(value[0]["answer"] + " and \ue002shared\ue003")
    assert shown == "<<distinct[0].answer>> and shared"
    assert labels == ["distinct[0].answer"] and spans == [(27, 33)]


# ---- with the embedded models' vocabularies ----------------------------------------------


def test_a_base_model_gets_the_few_shot_completion_counted_by_its_vocab(
    document: Path, gemma_vocab: Any
) -> None:
    from minionc.runtime.output import render_call

    data = rendered(
        "programs/local_only.minion",
        "--input",
        f"question={QUESTION}",
        "--input-file",
        f"context={document}",
    )
    (call,) = data["render"]["calls"]
    assert call["model"]["spec"] == "embedded:gemma-3-270m" and call["tier"] == "local"
    plan = plan_of("local_only")
    expected = render_call(
        plan.prompts["answer_from_document"],
        {"context": DOCUMENT, "question": QUESTION},
        types=plan.types,
        raw_completion=True,
        max_tokens=48,
        temperature=0.0,
        seed=0,
    )
    request = call["request"]
    assert request["kind"] == "completion" and request["prompt"] == expected.prompt
    assert request["stop"] == list(expected.stop) and request["max_tokens"] == 48
    assert call["tokens"]["prompt"] == tokens(gemma_vocab, expected.prompt or "")
    assert call["tokens"]["tokenizer"] == "gemma-3-270m-q4_k_m.gguf's vocabulary (llama.cpp)"
    assert call["usd"]["total_max"] == 0 and call["shared"]["spans"] == {}  # local: no marks


def test_a_chat_model_gets_messages_counted_through_its_chat_template(
    document: Path, qwen_vocab: Any, qwen_path: Path
) -> None:
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter
    from minionc.runtime.models import default_remote_backend
    from minionc.runtime.output import render_call

    data = rendered(
        "programs/doc_qa.minion",
        "--input",
        f"question={QUESTION}",
        "--input-file",
        f"context={document}",
    )
    (call,) = data["render"]["calls"]
    assert call["model"]["spec"] == "embedded:qwen2.5-coder-1.5b-instruct"
    assert "loopback server" in call["model"]["served"]
    plan = plan_of("doc_qa")
    last = call["request"]["messages"][-1]["content"]
    evidence = last.removeprefix("Document: ").rsplit("\nQuestion: ", 1)[0]
    assert "Ines Alvarez" in evidence  # what retrieval kept of the document
    expected = render_call(
        plan.prompts["answer_question"],
        {"evidence": evidence, "question": QUESTION},
        types=plan.types,
        raw_completion=False,
        max_tokens=48,
        temperature=0.0,
        seed=0,
    )
    messages = [{"role": m.role, "content": m.content} for m in expected.messages or ()]
    request = call["request"]
    assert request["messages"] == messages
    # LiteLLM's body, as the loopback backend builds it (the server is never started)
    backend = default_remote_backend("embedded:qwen2.5-coder-1.5b-instruct")
    try:
        assert request["body"] == backend.request_body(expected)
        assert not backend.server.running
    finally:
        backend.close()
    # the count: Qwen's own chat template (as llama.cpp's server applies it), its vocab
    template = qwen_vocab.metadata["tokenizer.chat_template"]
    eos = qwen_vocab.detokenize([qwen_vocab.token_eos()], special=True).decode()
    text = Jinja2ChatFormatter(template, eos_token=eos, bos_token="")(messages=messages).prompt
    assert text.startswith("<|im_start|>system\n") and request["model_text"] == text
    assert call["tokens"]["prompt"] == tokens(qwen_vocab, text)
    assert "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf's vocabulary" in call["tokens"]["tokenizer"]
    # the retrieved evidence is shared private data; the question is not
    spans = call["shared"]["spans"][f"messages[{len(messages) - 1}]"]
    assert "".join(last[s:e] for s, e in spans) == evidence
    assert call["usd"]["total_max"] == 0  # an embedded model runs on this machine


def test_missing_inputs_render_placeholders_and_count_the_template_only(
    gemma_vocab: Any, embedded_gguf: Path
) -> None:
    data = rendered("programs/minions.minion", "--input", f"question={QUESTION}")
    assert data["render"]["inputs"] == {"given": ["question"], "missing": ["context"]}
    extract = next(c for c in data["render"]["calls"] if c["prompt"] == "extract")
    prompt = extract["request"]["prompt"]
    assert prompt.endswith("Document: <<chunks[0]>>\nQuestion: <<plan.tasks[0]>>\nAnswer:")
    assert [h["text"] for h in extract["placeholders"]] == ["<<chunks[0]>>", "<<plan.tasks[0]>>"]
    assert "the input context was not given" in extract["placeholders"][0]["why"]
    assert "written by a model at run time" in extract["placeholders"][1]["why"]
    assert extract["tokens"]["template_only"] is True
    template_part = prompt.replace("<<chunks[0]>>", "").replace("<<plan.tasks[0]>>", "")
    assert extract["tokens"]["prompt"] == tokens(gemma_vocab, template_part)
    assert extract["calls"]["count"] is None and "known at run time" in extract["calls"]["text"]
    # the estimate counts the same fixed part, plus the arguments' estimated sizes
    row = next(r for r in data["estimate"]["steps"] if r["binds"] == "findings")
    fixed = extract["tokens"]["prompt"]
    assert f"prompt = {fixed} fixed + 1000 chunk + 40 task" in row["formula"]


def test_a_fan_out_shows_its_first_call_and_how_many(
    document: Path, gemma_vocab: Any, qwen_vocab: Any
) -> None:
    data = rendered(
        "programs/minions.minion",
        "--set",
        "chunk_size=500",
        "--input",
        f"question={QUESTION}",
        "--input",
        "context=" + "\n\n".join([DOCUMENT] * 60),
    )
    extract = next(c for c in data["render"]["calls"] if c["prompt"] == "extract")
    text = extract["calls"]["text"]
    assert (
        text.startswith("one per item of chunks (") and "x plan.tasks (known at run time)" in text
    )
    chunks = int(text.split("chunks (", 1)[1].split(")", 1)[0])
    assert chunks > 1  # the runtime's split, with Gemma's own token counts
    assert "in up to 2 rounds (shown: the first round)" in text
    assert "Document: The board of Corvena met" in extract["request"]["prompt"]


# ---- against what a real run sends --------------------------------------------------------


def test_the_preview_is_what_a_real_run_sends_and_counts(
    tmp_path: Path, llama_backend: Any, document: Path
) -> None:
    from minionc.runtime.executor import Runtime

    from minionc.binding import resolve
    from minionc.preview import Models, preview_calls

    plan = plan_of("local_only")
    trace = tmp_path / "calls.jsonl"
    inputs = {"question": QUESTION, "context": DOCUMENT}
    with Runtime(local=llama_backend, use_cache=False, trace=trace) as runtime:
        assert runtime.run(plan, **inputs).ok
    (sent,) = [json.loads(line) for line in trace.read_text().splitlines() if '"prompt"' in line]
    models = Models(resolve(plan.models, environ={}))
    try:
        (preview,) = preview_calls(plan, models, inputs)
    finally:
        models.close()
    assert preview.sent is not None and preview.sent.prompt == sent["prompt"]
    assert preview.tokens == sent["prompt_tokens"]  # llama.cpp's own count of the run


@pytest.fixture(scope="module")
def qwen_small_backend() -> Iterator[Any]:
    from minionc.runtime.backends.llamacpp import LlamaCppBackend
    from minionc.runtime.embedded import embedded_model_path

    path = embedded_model_path(name="qwen2.5-coder-0.5b-instruct")
    backend = LlamaCppBackend(path, n_ctx=2048)
    yield backend
    backend.close()


def test_a_chat_models_count_is_what_llama_cpp_reports_for_the_run(
    tmp_path: Path, qwen_small_backend: Any
) -> None:
    from minionc.runtime.executor import Runtime

    from minionc.binding import CommandLine, resolve
    from minionc.preview import Models, preview_calls

    plan = plan_of("local_only")
    trace = tmp_path / "calls.jsonl"
    inputs = {"question": QUESTION, "context": DOCUMENT}
    with Runtime(local=qwen_small_backend, use_cache=False, trace=trace) as runtime:
        runtime.run(plan, **inputs)
    sent = next(json.loads(line) for line in trace.read_text().splitlines() if '"prompt"' in line)
    binding = resolve(
        plan.models,
        command_line=CommandLine(local="embedded:qwen2.5-coder-0.5b-instruct"),
        environ={},
    )
    models = Models(binding)
    try:
        (preview,) = preview_calls(plan, models, inputs)
    finally:
        models.close()
    assert preview.sent is not None and preview.sent.messages is not None
    shown = "\n\n".join(f"[{role}] {content}" for role, content in preview.sent.messages)
    assert shown == sent["prompt"]  # the trace's form of the chat the run sent
    assert preview.tokens == sent["prompt_tokens"]  # through Qwen's chat template
