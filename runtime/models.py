"""Default backends: which real models a run uses when the user names none.

Local: the embedded Gemma 3 270M in-process (llama.cpp). Remote: chosen only
explicitly (an argument, i.e. a CLI flag or config value, or `MINIONC_REMOTE`);
a provider key lying in the environment never by itself sends a run to a paid
provider. With nothing chosen, the remote tier is the embedded model behind a
loopback OpenAI-compatible server, called through LiteLLM over HTTP.
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
from .embedded import embedded_model_path
from .model_identity import file_sha256
from .server import LoopbackServer

__all__ = [
    "LOOPBACK_SPECS",
    "LoopbackBackend",
    "default_local_backend",
    "default_remote_backend",
]

# Remote specs that mean "the embedded model behind the loopback server".
LOOPBACK_SPECS = frozenset({"", "loopback", "embedded", "local"})
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

    - nothing, `embedded`: the embedded Gemma 3 270M on llama.cpp;
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
    if text in ("", "embedded"):
        path = embedded_model_path(cache_dir)
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

    The embedded model is a base model, so prompts go to the server's raw
    completion endpoint (/v1/completions) and the runtime renders them as it does
    for the local tier (few-shot labelled lines); chats (DSPy's teacher calls) go
    to /v1/chat/completions under the server's chat format."""

    def __init__(
        self,
        model_path: str | Path,
        *,
        n_ctx: int = 32768,
        timeout: float = 1800,  # local compute: a 23k-token prompt takes minutes on 2 cores
        max_retries: int = 2,
        startup_timeout: float = 120,
    ) -> None:
        self._server = LoopbackServer(model_path, n_ctx=n_ctx, startup_timeout=startup_timeout)
        super().__init__(
            f"openai/{self._server.model_name}",
            api_base=None,  # known once the server has a port
            api_key=LOOPBACK_KEY,
            timeout=timeout,
            max_retries=max_retries,
            name=f"loopback/{self._server.model_name}",
            text_completion=True,
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

    def _kwargs(self, request: CompletionRequest) -> dict[str, Any]:
        kwargs = super()._kwargs(request)
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
    if chosen.strip().lower() in LOOPBACK_SPECS:
        return LoopbackBackend(embedded_model_path(cache_dir), n_ctx=n_ctx)
    return LiteLLMBackend(
        chosen.strip(),
        api_base=api_base or env.get("MINIONC_REMOTE_API_BASE") or None,
        api_key_env=api_key_env or env.get("MINIONC_REMOTE_API_KEY_ENV") or None,
    )
