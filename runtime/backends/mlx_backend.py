"""MLX models through mlx-lm (Apple Silicon; also runs on Linux CPUs with `mlx[cpu]`).

`model_dir` is an MLX model directory (config.json, safetensors, tokenizer),
e.g. from `mlx_lm.convert` or `minionc.runtime.mlx_convert.convert_embedded_to_mlx`.
Generation uses mlx-lm's `stream_generate` (what `mlx_lm.generate` is built on)
with a sampler from `make_sampler`, so stop strings can end a completion early
and token counts come from the generator itself.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..backend import (
    BackendError,
    Completion,
    CompletionRequest,
    Message,
    RuntimeSetupError,
    Tier,
)
from ..model_identity import directory_sha256
from .llamacpp import render_messages_plain

__all__ = ["MLXBackend"]


class MLXBackend:
    """One MLX model in this process; calls are serialised with a lock (one
    model, one stream of evaluation)."""

    def __init__(
        self,
        model_dir: str | Path,
        *,
        seed: int = 0,
        max_context: int | None = None,
        name: str | None = None,
        tier: Tier = "local",
    ) -> None:
        path = Path(model_dir)
        if not (path / "config.json").is_file():
            raise RuntimeSetupError(
                f"not an MLX model directory (no config.json): {path}; convert a model "
                "with `mlx_lm.convert` or minionc.runtime.mlx_convert.convert_embedded_to_mlx"
            )
        try:
            import mlx.core as mx
            import mlx_lm
            from mlx_lm.generate import stream_generate
            from mlx_lm.sample_utils import make_sampler
        except ImportError as exc:
            raise RuntimeSetupError(
                f"the MLX backend needs mlx and mlx-lm ({exc}); on Apple Silicon "
                "`pip install mlx mlx-lm`, on Linux `pip install 'mlx[cpu]' mlx-lm` "
                "(or `pip install 'minionc[mlx]'`)"
            ) from exc
        try:
            loaded: Any = mlx_lm.load(str(path), return_config=True)
        except Exception as exc:  # a broken or unsupported model directory
            raise RuntimeSetupError(
                f"mlx-lm could not load {path}: {type(exc).__name__}: {exc}"
            ) from exc
        self._model, self._tokenizer, config = loaded
        self._mx = mx
        self._stream_generate = stream_generate
        self._make_sampler = make_sampler
        self._path = path
        self._seed = seed
        self._name = name or f"mlx:{path.name}"
        self._identity: str | None = None
        self._tier: Tier = tier
        # The model's trained context, unless the caller says less.
        trained = int(config.get("max_position_embeddings") or 8192)
        self._max_context = min(max_context or trained, trained)
        self._lock = threading.Lock()
        self._closed = False

    @property
    def name(self) -> str:
        return self._name

    @property
    def identity(self) -> str:
        if self._identity is None:
            self._identity = f"mlx:{directory_sha256(self._path)}"
        return self._identity

    @property
    def tier(self) -> Tier:
        return self._tier

    @property
    def supports_raw_prompt(self) -> bool:
        return True

    def count_tokens(self, text: str) -> int:
        """Tokens of `text` as a prompt (BOS included), as `complete` counts them."""
        return len(self._encode(text))

    def complete(self, request: CompletionRequest) -> Completion:
        prompt, extra_stop = self.prompt_text(request)
        stops = tuple(s for s in dict.fromkeys((*request.stop, *extra_stop)) if s)
        with self._lock:
            if self._closed:
                raise BackendError(f"{self._name} is closed", retryable=False)
            tokens = self._encode(prompt)
            if len(tokens) + request.max_tokens > self._max_context:
                raise BackendError(
                    f"prompt of {len(tokens)} tokens plus max_tokens={request.max_tokens} "
                    f"does not fit the context of {self._max_context} tokens of "
                    f"{self._name}; use smaller chunks",
                    retryable=False,
                )
            if request.max_tokens <= 0:
                return Completion(text="", prompt_tokens=len(tokens), completion_tokens=0)
            self._mx.random.seed(request.seed if request.seed is not None else self._seed)
            sampler = self._make_sampler(temp=request.temperature)
            text = ""
            generated = 0
            finish = "length"
            try:
                for step in self._stream_generate(
                    self._model,
                    self._tokenizer,
                    tokens,
                    max_tokens=request.max_tokens,
                    sampler=sampler,
                ):
                    text += step.text
                    generated = step.generation_tokens
                    cut = _first_stop(text, stops)
                    if cut is not None:
                        text, finish = text[:cut], "stop"
                        break
                    if step.finish_reason is not None:
                        finish = step.finish_reason
            except Exception as exc:  # MLX raises plain RuntimeError/ValueError
                raise BackendError(
                    f"{self._name} failed: {type(exc).__name__}: {exc}", retryable=False
                ) from exc
        return Completion(
            text=text,
            prompt_tokens=len(tokens),
            completion_tokens=generated,
            finish_reason=finish,
            cached_prompt_tokens=0,  # each call evaluates its prompt afresh
            usd=0.0,
            raw={"model": self._name},
        )

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._model = None

    # -- helpers ----------------------------------------------------------------

    def _encode(self, text: str) -> list[int]:
        # BOS as the tokenizer adds it, unless the text already starts with it
        # (mlx-lm's own rule for string prompts).
        bos = getattr(self._tokenizer, "bos_token", None)
        add_special = bos is None or not text.startswith(bos)
        return list(self._tokenizer.encode(text, add_special_tokens=add_special))

    def prompt_text(self, request: CompletionRequest) -> tuple[str, tuple[str, ...]]:
        """The one text the model reads for `request`, and the stop strings it adds."""
        request.check_one_input()
        if request.prompt is not None:
            return request.prompt, ()
        assert request.messages is not None
        if getattr(self._tokenizer, "has_chat_template", False):
            return self._render_template(request.messages), ()
        return render_messages_plain(request.messages)

    def _render_template(self, messages: Sequence[Message]) -> str:
        try:
            rendered = self._tokenizer.apply_chat_template(
                [{"role": m.role, "content": m.content} for m in messages],
                tokenize=False,
                add_generation_prompt=True,
            )
        except Exception as exc:
            raise BackendError(
                f"the chat template of {self._name} failed: {exc}", retryable=False
            ) from exc
        return str(rendered)


def _first_stop(text: str, stops: Sequence[str]) -> int | None:
    """Index of the earliest stop string in `text`, if any."""
    hits = [i for i in (text.find(s) for s in stops) if i >= 0]
    return min(hits) if hits else None
