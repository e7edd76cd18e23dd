"""What a model would be sent for a request, what that counts and costs, without
running anything: for `minionc explain --render` and the estimate's real counts.

Each view calls the same functions the backend calls to build what it sends
(`LlamaCppBackend.prompt_text`, `LiteLLMBackend.request_body`), on a backend set
up so that it sends nothing: a GGUF's vocabulary only (no weights), a provider's
model without its key, a loopback server that is never started. So a preview
cannot drift from a run.

Counts: a GGUF model's (in-process, or the embedded remote behind the loopback
server) with its own vocabulary, a chat through its own chat template: the
`prompt_tokens` llama.cpp reports. A provider's model with LiteLLM's
`token_counter` (tiktoken for OpenAI's models); where that would download a
tokenizer (LiteLLM fetches some from the Hugging Face hub), with tiktoken's
cl100k_base instead, and the view says so. Prices: LiteLLM's table
(`litellm.model_cost`, its offline copy); a model on this machine costs $0; a
provider's model the table lacks is unpriced, never guessed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .backend import CompletionRequest, RuntimeSetupError, Tier

__all__ = ["ModelView", "Price", "Sent", "model_price", "open_view"]

# Without it, importing litellm fetches its price table from the internet.
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")


@dataclass(frozen=True)
class Sent:
    """One request as its backend sends it."""

    raw_completion: bool  # a few-shot completion (else a chat)
    prompt: str | None  # a raw completion's text, as sent
    messages: tuple[tuple[str, str], ...] | None  # a chat's (role, content), as sent
    # The one text the model reads, when this machine renders it (llama.cpp: the
    # chat through the GGUF's chat template); None for a provider's model.
    model_text: str | None
    stop: tuple[str, ...]
    # The structured output asked for: LiteLLM's response_format, or the JSON
    # schema llama.cpp turns into a grammar; None: plain text.
    response_format: Any
    # LiteLLM's request body (model, messages or prompt, settings), without the
    # endpoint and the key; None for an in-process model.
    body: dict[str, Any] | None

    def texts(self) -> list[str]:
        """Every text the request carries (the prompt, or each message)."""
        if self.prompt is not None:
            return [self.prompt]
        return [content for _, content in self.messages or ()]

    def mapped(self, change: Callable[[str], str]) -> Sent:
        """The same request with `change` applied to every text in it."""
        body = None
        if self.body is not None:
            body = dict(self.body)
            if "prompt" in body:
                body["prompt"] = change(body["prompt"])
            if "messages" in body:
                body["messages"] = [
                    {**m, "content": change(m["content"])} for m in body["messages"]
                ]
        return replace(
            self,
            prompt=change(self.prompt) if self.prompt is not None else None,
            messages=(
                tuple((role, change(content)) for role, content in self.messages)
                if self.messages is not None
                else None
            ),
            model_text=change(self.model_text) if self.model_text is not None else None,
            body=body,
        )


@dataclass(frozen=True)
class Price:
    """Dollars per token; `note` says where the figure comes from."""

    prompt: float
    completion: float
    note: str

    def usd(self, prompt_tokens: float, completion_tokens: float) -> float:
        return prompt_tokens * self.prompt + completion_tokens * self.completion


class ModelView:
    """One bound model, as a preview sees it. `served`: how it runs (for a
    person); `raw_completion`: it takes few-shot completions (else chats);
    `tokenizer`: what counts its tokens; `price`: None when unpriced."""

    served: str
    raw_completion: bool
    tokenizer: str
    price: Price | None

    def sent(self, request: CompletionRequest) -> Sent:
        raise NotImplementedError

    def count(self, sent: Sent) -> int:
        """Prompt tokens of `sent` as this model counts them."""
        raise NotImplementedError

    def count_text(self, text: str) -> int:
        """`count_tokens` of the backend: what `split(tokens: N)` measures with
        when this model is the local tier."""
        raise NotImplementedError

    def close(self) -> None:
        pass


_LOCAL_PRICE = Price(0.0, 0.0, "runs on this machine")


class _InProcessView(ModelView):
    """A model in this process (llama.cpp, MLX) loaded to render and count only:
    its `prompt_text` is what `complete` evaluates, its `count_tokens` what it
    counts (for llama.cpp, a GGUF's vocabulary without the weights)."""

    def __init__(self, backend: Any, served: str, tokenizer: str) -> None:
        self.backend = backend
        self.served = served
        self.raw_completion = bool(backend.supports_raw_prompt)
        self.tokenizer = tokenizer
        self.price = _LOCAL_PRICE

    def sent(self, request: CompletionRequest) -> Sent:
        text, stops = self.backend.prompt_text(request)
        chat = request.messages is not None
        # llama.cpp turns a chat model's JSON schema into a grammar (LlamaCppBackend._grammar).
        grammar = chat and getattr(self.backend, "chat", False) and request.json_schema
        return Sent(
            raw_completion=not chat,
            prompt=request.prompt,
            messages=tuple((m.role, m.content) for m in request.messages or ()) if chat else None,
            model_text=text,
            stop=tuple(dict.fromkeys((*request.stop, *stops))),
            response_format=(
                {"json_schema (as a llama.cpp grammar)": request.json_schema} if grammar else None
            ),
            body=None,
        )

    def count(self, sent: Sent) -> int:
        assert sent.model_text is not None
        return int(self.backend.count_tokens(sent.model_text))

    def count_text(self, text: str) -> int:
        return int(self.backend.count_tokens(text))

    def close(self) -> None:
        self.backend.close()


def _gguf_tokenizer(backend: Any, how: str) -> str:
    return f"{Path(backend.model_path).name}'s vocabulary{how} (llama.cpp)"


class _LiteLLMView(ModelView):
    """A model LiteLLM calls: a provider's, or a server you run (local tier)."""

    def __init__(self, backend: Any, tier: Tier, served: str) -> None:
        self.backend = backend
        self.served = served
        self.raw_completion = bool(backend.supports_raw_prompt)
        self.litellm = backend._litellm
        self.model = backend.model
        self.tokenizer, self._counter = _litellm_tokenizer(self.litellm, backend.token_model)
        self.price = _LOCAL_PRICE if tier == "local" else _litellm_price(self.litellm, self.model)

    def sent(self, request: CompletionRequest) -> Sent:
        body = self.backend.request_body(request)
        messages = body.get("messages")
        return Sent(
            raw_completion="prompt" in body,
            prompt=body.get("prompt"),
            messages=(
                tuple((m["role"], m["content"]) for m in messages) if messages is not None else None
            ),
            model_text=None,
            stop=tuple(body.get("stop") or ()),
            response_format=body.get("response_format"),
            body=body,
        )

    def count(self, sent: Sent) -> int:
        return self._counter(sent)

    def count_text(self, text: str) -> int:
        return int(self.backend.count_tokens(text))


class _LoopbackView(_LiteLLMView):
    """An embedded model (or a GGUF) behind the loopback server: LiteLLM's body
    as sent over HTTP; counted with the GGUF's own vocabulary (it is that model),
    its chat template applied as the server applies it."""

    def __init__(self, backend: Any, vocab: Any) -> None:
        self.backend = backend
        self.vocab = vocab
        self.raw_completion = bool(backend.supports_raw_prompt)
        endpoint = "/v1/completions" if self.raw_completion else "/v1/chat/completions"
        self.served = (
            f"behind the loopback server (llama.cpp on 127.0.0.1, {endpoint}), "
            "called through LiteLLM"
        )
        how = ", its chat template applied as the server applies it" if vocab.chat else ""
        self.tokenizer = _gguf_tokenizer(vocab, how)
        self.price = _LOCAL_PRICE
        self.model = backend.model

    def sent(self, request: CompletionRequest) -> Sent:
        sent = super().sent(request)
        if request.messages is not None and not self.vocab.chat:
            return sent  # a base model's chat: the server's Alpaca format, not shown
        text, _ = self.vocab.prompt_text(request)
        return replace(sent, model_text=text)

    def count(self, sent: Sent) -> int:
        text = sent.model_text if sent.model_text is not None else "\n".join(sent.texts())
        return int(self.vocab.count_tokens(text))

    def count_text(self, text: str) -> int:
        return int(self.vocab.count_tokens(text))

    def close(self) -> None:
        self.vocab.close()
        self.backend.close()


def open_view(
    tier: Tier,
    spec: str,
    *,
    api_base: str | None = None,
    trusted: bool = False,
    cache_dir: Path | None = None,
) -> ModelView:
    """The view of the model `spec` on `tier`, set up the way a run sets it up
    (runtime/models.py), but so that it sends nothing. Raises RuntimeSetupError."""
    from .backends.llamacpp import LlamaCppBackend
    from .backends.remote import LiteLLMBackend
    from .models import LoopbackBackend, default_local_backend, default_remote_backend

    if tier == "local":
        backend = default_local_backend(
            spec, cache_dir=cache_dir, api_base=api_base, trusted=trusted, vocab_only=True
        )
        if isinstance(backend, LlamaCppBackend):
            how = ", its chat template applied" if backend.chat else ""
            tokenizer = _gguf_tokenizer(backend, how)
            return _InProcessView(backend, "in this process (llama.cpp)", tokenizer)
        if isinstance(backend, LiteLLMBackend):
            where = backend.api_base or "its default address"
            return _LiteLLMView(backend, tier, f"a server you run, at {where}, through LiteLLM")
        served = f"in this process ({backend.name})"
        return _InProcessView(backend, served, f"{backend.name}'s tokenizer")
    remote = default_remote_backend(spec, api_base=api_base, cache_dir=cache_dir, require_key=False)
    if isinstance(remote, LoopbackBackend):
        try:
            vocab = LlamaCppBackend(remote.server.model_path, vocab_only=True, tier="remote")
        except RuntimeSetupError:
            remote.close()
            raise
        return _LoopbackView(remote, vocab)
    where = f" at {remote.api_base}" if remote.api_base else ""
    return _LiteLLMView(remote, tier, f"the provider's API{where}, through LiteLLM")


# ---- LiteLLM's tokenizers and prices ---------------------------------------------------

# LiteLLM fetches these from the Hugging Face hub (token_counter's choice for the
# model); with no network the preview counts with tiktoken instead, and says so.
_DOWNLOADED = frozenset({"cohere", "llama2", "llama3"})


def _litellm_tokenizer(litellm: Any, model: str) -> tuple[str, Callable[[Sent], int]]:
    """What LiteLLM's token_counter counts `model` with, and a counter."""
    try:
        from litellm.litellm_core_utils.token_counter import openai_tokenizer_encoding_name
        from litellm.utils import huggingface_tokenizer_kind

        kind = huggingface_tokenizer_kind(model)
        encoding = openai_tokenizer_encoding_name(model)
    except Exception:  # another LiteLLM: its token_counter, whatever it picks
        kind, encoding = None, None
    custom: dict[str, Any] | None = None
    if kind in _DOWNLOADED:
        import tiktoken

        custom = {"type": "openai_tokenizer", "tokenizer": tiktoken.get_encoding("cl100k_base")}
        label = (
            f"tiktoken cl100k_base, through LiteLLM's token_counter: {model}'s own tokenizer "
            "would be downloaded from the Hugging Face hub"
        )
    elif kind == "anthropic":
        label = "Anthropic's tokenizer (LiteLLM's copy), through LiteLLM's token_counter"
    elif encoding is not None:
        label = f"tiktoken {encoding}, through LiteLLM's token_counter"
    else:
        label = "LiteLLM's token_counter"

    def count(sent: Sent) -> int:
        if sent.messages is not None:
            messages = [{"role": role, "content": content} for role, content in sent.messages]
            return int(
                litellm.token_counter(model=model, messages=messages, custom_tokenizer=custom)
            )
        return int(
            litellm.token_counter(model=model, text=sent.prompt or "", custom_tokenizer=custom)
        )

    return label, count


def _litellm_price(litellm: Any, model: str) -> Price | None:
    """Per-token prices from LiteLLM's table; None when the table lacks the model."""
    try:
        prompt, completion = litellm.cost_per_token(
            model=model, prompt_tokens=1_000_000, completion_tokens=1_000_000
        )
    except Exception:
        return None
    if not (isinstance(prompt, int | float) and isinstance(completion, int | float)):
        return None
    return Price(
        prompt / 1_000_000,
        completion / 1_000_000,
        f"LiteLLM's price table: ${prompt:g} per million prompt tokens, "
        f"${completion:g} per million completion tokens",
    )


def model_price(tier: Tier, spec: str) -> Price | None:
    """The price of the model `spec` on `tier` without setting it up: $0 for a
    model on this machine (the local tier, an embedded model or a GGUF behind the
    loopback server), LiteLLM's table for a provider's model; None when the
    table lacks it. Raises RuntimeSetupError when LiteLLM is not installed."""
    from .backends.remote import _import_litellm
    from .models import remote_spec_kind

    if tier == "local" or remote_spec_kind(spec) != "provider":
        return _LOCAL_PRICE
    return _litellm_price(_import_litellm(), spec.strip())
