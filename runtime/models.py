"""Default backends: which real models a run uses when the user names none.

Local: an embedded model in-process (llama.cpp), Gemma 3 270M unless another is
named. Remote: chosen only explicitly (an argument, i.e. a CLI flag or config
value, or `MINIONC_REMOTE`); a provider key lying in the environment never by
itself sends a run to a paid provider. With nothing chosen, the remote tier is the
embedded Qwen2.5-Coder-1.5B-Instruct behind a loopback OpenAI-compatible server,
called through LiteLLM over HTTP as a chat model. `embedded:NAME` names any
embedded model for either tier (runtime/embedded.py, `minionc models`).
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .backend import Backend, Completion, CompletionRequest, RuntimeSetupError
from .backends.llamacpp import LlamaCppBackend
from .backends.remote import LiteLLMBackend
from .embedded import DEFAULT_LOCAL, DEFAULT_REMOTE, embedded_model, embedded_model_path
from .model_identity import file_sha256
from .server import LoopbackServer

__all__ = [
    "LOOPBACK_SPECS",
    "LoopbackBackend",
    "default_local_backend",
    "default_remote_backend",
]

# Remote specs that mean "the default embedded model behind the loopback server".
LOOPBACK_SPECS = frozenset({"", "loopback", "embedded", "local"})
EMBEDDED_PREFIX = "embedded:"
LOOPBACK_KEY = "sk-loopback"  # a dummy: keeps LiteLLM from looking for a real key
ALPACA_STOP = ("\n### Instruction", "\n### Input", "\n### Response")


def default_local_backend(
    spec: str | Path | None = None,
    *,
    cache_dir: Path | None = None,
    n_ctx: int = 32768,
    n_gpu_layers: int = 0,
) -> Backend:
    """The local tier from a spec (what `--local` takes):

    - nothing, `embedded`: the default embedded model on llama.cpp;
    - `embedded:NAME`: that embedded model (`minionc models`);
    - a `.gguf` file (or `llama.cpp:PATH`): that model on llama.cpp;
    - `mlx`: the embedded model converted once for MLX (cached; minutes the first time);
    - an MLX model directory (or `mlx:PATH`): that model on mlx-lm.

    `n_ctx` defaults to Gemma 3's 32k window so a whole long document fits.
    """
    text = str(spec).strip() if spec is not None else ""
    kind, _, rest = text.partition(":")
    if kind in ("mlx", "llama.cpp") and (rest or kind == "mlx"):
        text = rest
    else:
        kind = ""
    if kind == "mlx" or (not kind and text and (Path(text) / "config.json").is_file()):
        from .backends.mlx_backend import MLXBackend

        if text in ("", "embedded"):
            from .mlx_convert import convert_embedded_to_mlx

            return MLXBackend(convert_embedded_to_mlx(cache_dir))
        return MLXBackend(_existing(text, "an MLX model directory"))
    if text in ("", "embedded") or text.lower().startswith(EMBEDDED_PREFIX):
        name = text[len(EMBEDDED_PREFIX) :] if text.lower().startswith(EMBEDDED_PREFIX) else ""
        path = embedded_model_path(cache_dir, name=name or DEFAULT_LOCAL)
    else:
        path = _existing(text, "a GGUF model file")
        if path.is_dir():
            raise RuntimeSetupError(
                f"--local {text}: a directory; give a .gguf file, or mlx:{text} for an MLX "
                "model directory"
            )
    return LlamaCppBackend(path, n_ctx=n_ctx, n_gpu_layers=n_gpu_layers)


def _existing(text: str, what: str) -> Path:
    path = Path(text).expanduser()
    if not path.exists():
        raise RuntimeSetupError(
            f"--local {text}: no such file or directory; give {what}, `embedded` (the "
            "built-in Gemma 3 270M on llama.cpp) or `mlx` (the same model on MLX)"
        )
    return path


class LoopbackBackend(LiteLLMBackend):
    """LiteLLM against a `LoopbackServer` that this backend owns: started on the
    first call (a run with no remote step never starts it), stopped by close().

    A chat model (`chat`: its GGUF has a chat template) is served with that
    template and called as a chat model, with structured output: a JSON schema
    goes to the server as `response_format`, which llama.cpp turns into a grammar.
    A base model's prompts go to the raw completion endpoint (/v1/completions),
    rendered as for the local tier (few-shot labelled lines); its chats (DSPy's
    teacher calls) go to /v1/chat/completions under the Alpaca format."""

    def __init__(
        self,
        model_path: str | Path,
        *,
        n_ctx: int = 32768,
        timeout: float = 1800,  # local compute: a 23k-token prompt takes minutes on 2 cores
        max_retries: int = 2,
        startup_timeout: float = 120,
        chat: bool = False,
    ) -> None:
        self._server = LoopbackServer(
            model_path,
            n_ctx=n_ctx,
            startup_timeout=startup_timeout,
            chat_format=None if chat else "alpaca",
        )
        self._chat = chat
        super().__init__(
            f"openai/{self._server.model_name}",
            api_base=None,  # known once the server has a port
            api_key=LOOPBACK_KEY,
            timeout=timeout,
            max_retries=max_retries,
            name=f"loopback/{self._server.model_name}",
            text_completion=not chat,
        )
        self._start_lock = threading.Lock()
        self._identity: str | None = None

    @property
    def server(self) -> LoopbackServer:
        return self._server

    @property
    def identity(self) -> str:
        """The weights the server loads and how it renders chats; not its port,
        which changes with every start."""
        if self._identity is None:
            weights = file_sha256(self._server.model_path)
            self._identity = f"loopback:{weights}/{self._server.chat_format or 'auto'}"
        return self._identity

    def start(self) -> None:
        """Start the server now rather than on the first call; idempotent."""
        with self._start_lock:
            if not self._server.running:
                self._server.start()
                self._api_base = self._server.api_base

    @property
    def supports_json_schema(self) -> bool:
        return self._chat

    def _kwargs(self, request: CompletionRequest) -> dict[str, Any]:
        kwargs = super()._kwargs(request)
        if "response_format" in kwargs and request.json_schema is not None:
            # llama-cpp-python's server takes a schema as {"type": "json_object",
            # "schema": ...} (and turns it into a grammar), not OpenAI's json_schema.
            kwargs["response_format"] = {"type": "json_object", "schema": request.json_schema}
        if self._server.chat_format == "alpaca" and "messages" in kwargs:
            # The Alpaca format has no stop string of its own; a base model goes on
            # to write the next "### Instruction" itself.
            stop = list(kwargs.get("stop") or [])
            kwargs["stop"] = list(dict.fromkeys([*stop, *ALPACA_STOP]))[:4]
        return kwargs

    def complete(self, request: CompletionRequest) -> Completion:
        self.start()
        return super().complete(request)

    async def acomplete(self, request: CompletionRequest) -> Completion:
        if not self._server.running:
            await asyncio.to_thread(self.start)
        return await super().acomplete(request)

    def close(self) -> None:
        self._server.stop()
        super().close()


def loopback_backend(
    name: str, *, cache_dir: Path | None = None, n_ctx: int = 32768
) -> LoopbackBackend:
    """The embedded model `name` behind a loopback server: a chat model as one."""
    model = embedded_model(name)
    path = embedded_model_path(cache_dir, name=model.name)
    return LoopbackBackend(path, n_ctx=min(n_ctx, model.context), chat=model.kind == "chat")


def default_remote_backend(
    spec: str | None = None,
    *,
    api_base: str | None = None,
    api_key_env: str | None = None,
    cache_dir: Path | None = None,
    n_ctx: int = 32768,
    environ: Mapping[str, str] | None = None,
) -> LiteLLMBackend:
    """The remote tier: `spec` (a LiteLLM model string), else `$MINIONC_REMOTE`
    (with `$MINIONC_REMOTE_API_BASE`, `$MINIONC_REMOTE_API_KEY_ENV`), else the
    embedded model behind a loopback server (started on first use; close() the
    backend to stop it)."""
    env = os.environ if environ is None else environ
    chosen = spec if spec is not None else env.get("MINIONC_REMOTE", "")
    text = chosen.strip()
    if text.lower() in LOOPBACK_SPECS or text.lower().startswith(EMBEDDED_PREFIX):
        name = text[len(EMBEDDED_PREFIX) :] if text.lower().startswith(EMBEDDED_PREFIX) else ""
        return loopback_backend(name or DEFAULT_REMOTE, cache_dir=cache_dir, n_ctx=n_ctx)
    return LiteLLMBackend(
        chosen.strip(),
        api_base=api_base or env.get("MINIONC_REMOTE_API_BASE") or None,
        api_key_env=api_key_env or env.get("MINIONC_REMOTE_API_KEY_ENV") or None,
    )
