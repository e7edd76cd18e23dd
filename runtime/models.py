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
from typing import Any, Literal

from .backend import Backend, BackendError, Completion, CompletionRequest, RuntimeSetupError
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
    "remote_spec_kind",
]

# Remote specs that mean "the default embedded model behind the loopback server".
LOOPBACK_SPECS = frozenset({"", "loopback", "embedded", "local"})
EMBEDDED_PREFIX = "embedded:"
LOOPBACK_KEY = "sk-loopback"  # a dummy: keeps LiteLLM from looking for a real key
ALPACA_STOP = ("\n### Instruction", "\n### Input", "\n### Response")
# The slowest a loopback server is expected to read a prompt (a 1.5B model on one
# busy core reads about 10 tokens, some 40 characters, a second): a request's
# timeout grows with its prompt, so a long document is not cut off while it is read.
LOOPBACK_SLOWEST_CHARS_PER_SECOND = 40.0


def default_local_backend(
    spec: str | Path | None = None,
    *,
    cache_dir: Path | None = None,
    n_ctx: int = 32768,
    n_gpu_layers: int = 0,
    api_base: str | None = None,
    trusted: bool = False,
    timeout: float | None = None,
    retries: int | None = None,
    vocab_only: bool = False,
) -> Backend:
    """The local tier from a spec (what `--local` takes):

    - nothing, `embedded`: the default embedded model on llama.cpp;
    - `embedded:NAME`: that embedded model (`minionc models`);
    - a `.gguf` file (or `llama.cpp:PATH`): that model on llama.cpp;
    - `mlx`: the embedded model converted once for MLX (cached; minutes the first time);
    - an MLX model directory (or `mlx:PATH`): that model on mlx-lm;
    - a LiteLLM model string of a server you run: `ollama/llama3.2`,
      `openai/NAME` with `api_base` (llama.cpp's server, vLLM, LM Studio, Ollama's
      /v1). Private data goes there, so an endpoint off this machine is refused
      unless `trusted` says it is yours.

    `n_ctx` defaults to Gemma 3's 32k window so a whole long document fits.
    `vocab_only`: a GGUF's vocabulary only, to render and count prompts without
    running them (`minionc explain --render`); the other kinds are set up as usual
    (nothing is called).
    """
    text = str(spec).strip() if spec is not None else ""
    provider = _litellm_provider(text)
    if provider is not None:
        base = api_base or LOCAL_PROVIDER_BASES.get(provider)
        check_local_endpoint(text, base, trusted)
        return LiteLLMBackend(
            text,
            api_base=base,
            tier="local",
            name=f"local/{text}",
            timeout=timeout if timeout is not None else 600,
            max_retries=retries if retries is not None else 2,
            api_key=None if _needs_key(provider) else LOOPBACK_KEY,
        )
    if api_base:
        raise RuntimeSetupError(
            f"--local-api-base is for a model served over HTTP (e.g. --local openai/NAME), "
            f"not for {text or 'the embedded model'}"
        )
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
    return LlamaCppBackend(path, n_ctx=n_ctx, n_gpu_layers=n_gpu_layers, vocab_only=vocab_only)


# Where local servers listen by default, for LiteLLM providers that have one.
LOCAL_PROVIDER_BASES = {
    "ollama": "http://localhost:11434",
    "ollama_chat": "http://localhost:11434",
    "lm_studio": "http://localhost:1234/v1",
    "llamafile": "http://127.0.0.1:8080/v1",
}


def _litellm_provider(text: str) -> str | None:
    """The LiteLLM provider of `text` if it is a provider model string (and not a
    file that happens to contain a slash); None otherwise."""
    head, slash, _ = text.partition("/")
    if not slash or Path(text).expanduser().exists() or text.endswith(".gguf"):
        return None
    if head in LOCAL_PROVIDER_BASES or head in _OPENAI_COMPATIBLE:
        return head
    try:
        import litellm
    except ImportError:
        return None
    return head if head in set(litellm.provider_list) else None


_OPENAI_COMPATIBLE = ("openai", "hosted_vllm", "text-completion-openai")


def _needs_key(provider: str) -> bool:
    # A server of your own takes any key; LiteLLM insists on one for openai/.
    return provider not in (*LOCAL_PROVIDER_BASES, *_OPENAI_COMPATIBLE)


def is_loopback(url: str) -> bool:
    """Whether `url` points at this machine (127.0.0.0/8, ::1, localhost)."""
    import ipaddress
    from urllib.parse import urlparse

    host = urlparse(url if "://" in url else f"http://{url}").hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_local_endpoint(spec: str, api_base: str | None, trusted: bool) -> None:
    """Refuse a local tier whose data would leave this machine, unless the user
    says the server is theirs: the local tier reads private documents."""
    if api_base is None:
        raise RuntimeSetupError(
            f"--local {spec}: give the address of your server with --local-api-base URL "
            "(without one the provider's own cloud would receive private data)"
        )
    if not is_loopback(api_base) and not trusted:
        raise RuntimeSetupError(
            f"--local {spec} at {api_base} is not on this machine, and the local tier "
            "receives private data; if that server is yours, say so with "
            "--trust-local-endpoint (or `trusted = true` under [local] in minionc.toml)"
        )


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
        timeout: float = 600,  # beyond the time its prompt takes to read (see _kwargs)
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
        # The server computes one request at a time: more in flight would only
        # wait there, on the clocks of their timeouts.
        self.max_concurrency = 1

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

    def request_body(self, request: CompletionRequest) -> dict[str, Any]:
        kwargs = super().request_body(request)
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

    def _kwargs(self, request: CompletionRequest) -> dict[str, Any]:
        kwargs = super()._kwargs(request)
        characters = len(request.prompt or "") + sum(len(m.content) for m in request.messages or ())
        kwargs["timeout"] = self._timeout + characters / LOOPBACK_SLOWEST_CHARS_PER_SECOND
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
    name: str, *, cache_dir: Path | None = None, n_ctx: int = 32768, **options: Any
) -> LoopbackBackend:
    """The embedded model `name` behind a loopback server: a chat model as one.
    `options`: LoopbackBackend's (timeout, max_retries)."""
    model = embedded_model(name)
    path = embedded_model_path(cache_dir, name=model.name)
    return LoopbackBackend(
        path, n_ctx=min(n_ctx, model.context), chat=model.kind == "chat", **options
    )


def default_remote_backend(
    spec: str | None = None,
    *,
    api_base: str | None = None,
    api_key_env: str | None = None,
    cache_dir: Path | None = None,
    n_ctx: int = 32768,
    environ: Mapping[str, str] | None = None,
    timeout: float | None = None,
    retries: int | None = None,
    require_key: bool = True,
) -> LiteLLMBackend:
    """The remote tier: `spec`, else `$MINIONC_REMOTE` (with
    `$MINIONC_REMOTE_API_BASE`, `$MINIONC_REMOTE_API_KEY_ENV`), else the default
    embedded model behind a loopback server (started on first use; close() the
    backend to stop it). A spec is a LiteLLM model string, `embedded:NAME`, or a
    GGUF file (served behind a loopback server as well). `require_key=False` sets
    up a provider's model without its key, for showing what it would be sent
    (nothing is called; a call would fail naming the key)."""
    env = os.environ if environ is None else environ
    chosen = spec if spec is not None else env.get("MINIONC_REMOTE", "")
    text = chosen.strip()
    kind = remote_spec_kind(text)
    # A role's or a tier's timeout and retries hold for a model served here too.
    options: dict[str, Any] = {}
    if timeout is not None:
        options["timeout"] = timeout
    if retries is not None:
        options["max_retries"] = retries
    if kind == "embedded":
        name = text[len(EMBEDDED_PREFIX) :] if text.lower().startswith(EMBEDDED_PREFIX) else ""
        return loopback_backend(name or DEFAULT_REMOTE, cache_dir=cache_dir, n_ctx=n_ctx, **options)
    if kind == "gguf":
        path = Path(text).expanduser()
        if not path.is_file():
            raise RuntimeSetupError(f"--remote {text}: no such GGUF file")
        return LoopbackBackend(path, n_ctx=n_ctx, chat=gguf_has_chat_template(path), **options)
    base = api_base or env.get("MINIONC_REMOTE_API_BASE") or None
    key_env = api_key_env or env.get("MINIONC_REMOTE_API_KEY_ENV") or None
    backend = LiteLLMBackend(text, api_base=base, api_key_env=key_env, **options)
    if base is None and require_key:
        _require_key(text, key_env, env)
    return backend


def remote_spec_kind(spec: str) -> Literal["embedded", "gguf", "provider"]:
    """What a remote spec names: an embedded model or a GGUF file (both served on
    this machine, behind a loopback server), or a LiteLLM model string."""
    text = spec.strip()
    if text.lower() in LOOPBACK_SPECS or text.lower().startswith(EMBEDDED_PREFIX):
        return "embedded"
    if text.endswith(".gguf") or Path(text).expanduser().is_file():
        return "gguf"
    return "provider"


def _require_key(model: str, key_env: str | None, env: Mapping[str, str]) -> None:
    """A provider's own endpoint needs its key: say which, before any call."""
    if key_env is not None:
        missing = [] if env.get(key_env) else [key_env]
    else:
        import litellm

        try:
            missing = list(litellm.validate_environment(model).get("missing_keys") or [])
        except Exception:  # a provider LiteLLM cannot check: leave it to the call
            return
        missing = [name for name in missing if not env.get(name)]
    if missing:
        raise RuntimeSetupError(
            f"{model} needs {', '.join(missing)}, which is not set: set it in the "
            "environment, or choose another remote model (e.g. --remote embedded)"
        )


def gguf_has_chat_template(path: Path) -> bool:
    """Whether a GGUF carries a chat template (a chat model), read from its
    metadata without loading its weights."""
    try:
        from llama_cpp import Llama
    except ImportError as exc:
        raise RuntimeSetupError(
            f"llama-cpp-python is not installed ({exc}); `pip install 'minionc[local]'`"
        ) from exc
    from .backends.llamacpp import _captured_stderr

    with _captured_stderr() as log:
        try:
            vocab = Llama(str(path), vocab_only=True, verbose=False)
        except (ValueError, RuntimeError, OSError) as exc:
            raise RuntimeSetupError(f"llama.cpp could not read {path}: {exc}") from exc
        finally:
            log.unlink(missing_ok=True)
    try:
        return bool(vocab.metadata.get("tokenizer.chat_template"))
    finally:
        vocab.close()


class FallbackBackend:
    """A model with a stand-in: a call the primary cannot answer (its provider
    down, after its own retries) goes to the fallback. Both serve one tier, and
    take the same kind of prompt. Its identity names both, so a cached answer is
    never taken for one model's alone."""

    def __init__(self, primary: Backend, fallback: Backend) -> None:
        if primary.tier != fallback.tier:
            raise RuntimeSetupError(
                f"the fallback {fallback.name} is {fallback.tier}, but {primary.name} is "
                f"{primary.tier}: a fallback serves the same tier (private data may go "
                "to a local one only)"
            )
        if primary.supports_raw_prompt != fallback.supports_raw_prompt:
            raise RuntimeSetupError(
                f"the fallback {fallback.name} takes "
                f"{'raw prompts' if fallback.supports_raw_prompt else 'chats'} but "
                f"{primary.name} does not: a fallback must take the same kind of prompt"
            )
        self.primary = primary
        self.fallback = fallback
        self.fallbacks_used = 0

    @property
    def name(self) -> str:
        return f"{self.primary.name} (fallback {self.fallback.name})"

    @property
    def identity(self) -> str:
        return f"{self.primary.identity}|fallback={self.fallback.identity}"

    @property
    def tier(self) -> Any:
        return self.primary.tier

    @property
    def supports_raw_prompt(self) -> bool:
        return self.primary.supports_raw_prompt

    @property
    def max_concurrency(self) -> int | None:
        return getattr(self.primary, "max_concurrency", None)

    def complete(self, request: CompletionRequest) -> Completion:
        try:
            return self.primary.complete(request)
        except BackendError:
            self.fallbacks_used += 1
            return self.fallback.complete(request)

    async def acomplete(self, request: CompletionRequest) -> Completion:
        try:
            return await _complete_async(self.primary, request)
        except BackendError:
            self.fallbacks_used += 1
            return await _complete_async(self.fallback, request)

    def count_tokens(self, text: str) -> int:
        return self.primary.count_tokens(text)

    def close(self) -> None:
        self.primary.close()
        self.fallback.close()


async def _complete_async(backend: Backend, request: CompletionRequest) -> Completion:
    acomplete = getattr(backend, "acomplete", None)
    if acomplete is not None:
        return await acomplete(request)
    return await asyncio.to_thread(backend.complete, request)
