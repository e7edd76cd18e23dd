"""Remote models through LiteLLM: any provider string, keys from the provider's
usual environment variables (LiteLLM reads them), optional `api_base`.

Errors are mapped to `BackendError` with `retryable` set the same way for every
provider, and retried here with exponential backoff and jitter (LiteLLM's and the
OpenAI client's own retries are switched off, so one place decides and counts).
No message that leaves this module contains an API key: provider error texts
(which sometimes echo the key) are scrubbed first.
"""

from __future__ import annotations

import asyncio
import email.utils
import os
import random
import re
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from ..backend import BackendError, Completion, CompletionRequest, RuntimeSetupError, Tier

__all__ = ["LiteLLMBackend", "scrub_secrets"]

# Without it, importing litellm fetches its price table from the internet.
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
# LiteLLM's aiohttp transport caches sessions it never closes, so every run that
# made async calls ended with "Unclosed client session" noise (BerriAI/litellm
# issue 31245); its httpx transport does not.
os.environ.setdefault("DISABLE_AIOHTTP_TRANSPORT", "True")

_RETRYABLE_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504, 529})
_MAX_RETRY_AFTER = 120.0  # seconds; a longer Retry-After is capped, not obeyed blindly

# Shapes of provider keys (OpenAI/Anthropic sk-, Google AIza, HF hf_, Groq gsk_,
# xAI, AWS access key ids), bearer headers and key=value pairs.
_KEY_PATTERNS = [
    re.compile(r"\b(?:sk|pk|rk)-[A-Za-z0-9_\-]{6,}"),
    re.compile(r"\bAIza[0-9A-Za-z_\-]{20,}"),
    re.compile(r"\b(?:hf|gsk|ghp|gho|xoxb|xoxp)_[A-Za-z0-9_\-]{8,}"),
    re.compile(r"\bxai-[A-Za-z0-9_\-]{8,}"),
    re.compile(r"\bAKIA[0-9A-Z]{16}\b"),
    re.compile(r"(?i)\bbearer\s+[A-Za-z0-9._\-]{6,}"),
    re.compile(r"(?i)\b(api[_-]?key|x-api-key|token|secret)(\s*[=:]\s*)['\"]?[^\s'\",;]{6,}"),
]
# Environment variables whose values are secrets: scrubbed wherever they appear.
_SECRET_ENV = re.compile(r"(?i)(KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL)")


def scrub_secrets(text: str, extra: Iterable[str | None] = ()) -> str:
    """`text` with every key-looking string, every secret-named environment
    variable's value and each of `extra` replaced by `***`."""
    secrets = {s for s in extra if s and len(s) >= 4}
    secrets.update(v for k, v in os.environ.items() if _SECRET_ENV.search(k) and v and len(v) >= 8)
    # Longest first, so a key is not half-replaced by a shorter one it contains.
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, "***")
    for pattern in _KEY_PATTERNS:
        if pattern.groups >= 2:
            text = pattern.sub(lambda m: f"{m.group(1)}{m.group(2)}***", text)
        else:
            text = pattern.sub("***", text)
    return text


def _import_litellm() -> Any:
    try:
        import litellm
    except ImportError as exc:
        raise RuntimeSetupError(
            f"litellm is not installed ({exc}); the remote tier needs the `remote` extra: "
            "`pip install 'minionc[remote]'` (scripts/setup.sh installs it)"
        ) from exc
    # LiteLLM prints a "Give Feedback / Get Help" banner on every exception.
    litellm.suppress_debug_info = True
    return litellm


def _retry_after(exc: BaseException) -> float | None:
    """Seconds the provider asked us to wait (Retry-After / retry-after-ms), if any."""
    headers: Any = None
    for source in (exc, getattr(exc, "response", None)):
        for attr in ("litellm_response_headers", "headers"):
            candidate = getattr(source, attr, None)
            if candidate:
                headers = candidate
                break
        if headers:
            break
    if not headers:
        return None
    try:
        ms = headers.get("retry-after-ms")
        if ms is not None:
            return max(0.0, float(ms) / 1000.0)
        value = headers.get("retry-after")
    except Exception:
        return None
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:  # an HTTP date
        when = email.utils.parsedate_to_datetime(str(value))
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class LiteLLMBackend:
    """A chat model behind LiteLLM (`model` is LiteLLM's provider string, e.g.
    "openai/gpt-4o-mini", "anthropic/claude-3-5-haiku-latest", "ollama/llama3").

    `api_key_env` names the environment variable holding the key (read at each
    call, never stored); without it LiteLLM uses the provider's usual variable.
    `api_key` passes a key explicitly (for a loopback server's dummy key).
    `sleep` waits between retries, in `complete` and (in a thread) `acomplete`.
    `text_completion`: the provider also serves a base model's raw completions
    (OpenAI's /v1/completions): a request with a `prompt` is sent there as is, so
    the runtime renders few-shot labelled lines for it instead of a chat; requests
    with `messages` still go to the chat endpoint. A model string starting
    `text-completion-openai/` (LiteLLM's name for that endpoint) implies it.
    """

    def __init__(
        self,
        model: str,
        *,
        api_base: str | None = None,
        api_key_env: str | None = None,
        api_key: str | None = None,
        timeout: float = 60,
        max_retries: int = 3,
        name: str | None = None,
        tier: Tier = "remote",
        backoff_base: float = 0.5,
        backoff_max: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
        text_completion: bool | None = None,
        max_concurrency: int | None = None,
    ) -> None:
        self._litellm = _import_litellm()
        try:  # fail at setup, not at the first call, on a provider LiteLLM lacks
            provider = self._litellm.get_llm_provider(model, api_base=api_base)
        except Exception as exc:
            raise RuntimeSetupError(
                f"LiteLLM does not know the provider of model {model!r}; use a provider "
                "prefix, e.g. 'openai/gpt-4o-mini', 'anthropic/claude-3-5-haiku-latest', "
                "'ollama/llama3'"
            ) from exc
        self._model = model
        # The model's name as LiteLLM sends it to the provider (`gpt-4o-mini` for
        # `openai/gpt-4o-mini`): what LiteLLM's token_counter knows it by.
        self.token_model = str(provider[0]) if provider and provider[0] else model
        self._api_base = api_base
        self._api_key_env = api_key_env
        self._api_key = api_key
        self._timeout = float(timeout)
        self._max_retries = max(0, int(max_retries))
        self._name = name or model
        self._tier: Tier = tier
        self._backoff_base = backoff_base
        self._backoff_max = backoff_max
        self._sleep = sleep
        self._rng = random.Random()
        self._rng_lock = threading.Lock()
        self._schema_support: bool | None = None
        if text_completion is None:
            text_completion = model.startswith("text-completion-openai/")
        self._text_completion = bool(text_completion)
        # Calls in flight at once (the executor's limit for this backend).
        self.max_concurrency = max_concurrency
        self.closed = False

    def __repr__(self) -> str:  # no key, ever
        return f"LiteLLMBackend(model={self._model!r}, api_base={self._api_base!r})"

    # -- the Backend protocol -------------------------------------------------

    @property
    def name(self) -> str:
        return self._name

    @property
    def identity(self) -> str:
        """The model and the endpoint that serves it: two servers answering
        under one model name are two models."""
        mode = "completion" if self._text_completion else "chat"
        return f"litellm:{self._model}@{self._api_base or 'provider-default'}/{mode}"

    @property
    def tier(self) -> Tier:
        return self._tier

    @property
    def supports_raw_prompt(self) -> bool:
        return self._text_completion

    @property
    def model(self) -> str:
        return self._model

    @property
    def api_base(self) -> str | None:
        return self._api_base

    @property
    def supports_json_schema(self) -> bool:
        """Whether the provider takes a JSON schema as `response_format` (LiteLLM's
        model table says so); otherwise the schema is left to the prompt."""
        if self._schema_support is None:
            try:
                self._schema_support = bool(self._litellm.supports_response_schema(self._model))
            except Exception:
                self._schema_support = False
        return self._schema_support

    def count_tokens(self, text: str) -> int:
        """The provider's tokenizer where LiteLLM knows it (tiktoken otherwise)."""
        try:
            return int(self._litellm.token_counter(model=self.token_model, text=text))
        except Exception:
            return max(1, len(text) // 4)  # a rough count beats none for a budget check

    def complete(self, request: CompletionRequest) -> Completion:
        kwargs = self._kwargs(request)
        attempt = 0
        while True:
            started = time.monotonic()
            try:
                if "prompt" in kwargs:
                    response = self._litellm.text_completion(**kwargs)
                else:
                    response = self._litellm.completion(**kwargs)
                return self._to_completion(response, started, attempt + 1)
            except Exception as exc:
                error = self._map_error(exc)
            delay = self._next_delay(error, attempt)
            if delay is None:
                raise error
            attempt += 1
            self._sleep(delay)

    async def acomplete(self, request: CompletionRequest) -> Completion:
        """`complete`, without blocking the event loop (for concurrent fan-out)."""
        kwargs = self._kwargs(request)
        attempt = 0
        while True:
            started = time.monotonic()
            try:
                if "prompt" in kwargs:
                    response = await self._litellm.atext_completion(**kwargs)
                else:
                    response = await self._litellm.acompletion(**kwargs)
                return self._to_completion(response, started, attempt + 1)
            except Exception as exc:
                error = self._map_error(exc)
            delay = self._next_delay(error, attempt)
            if delay is None:
                raise error
            attempt += 1
            await self._async_sleep(delay)

    def close(self) -> None:
        self.closed = True

    async def _async_sleep(self, seconds: float) -> None:
        """The wait before a retry, without blocking the event loop. A `sleep` given
        to the constructor (a test's recorder) is used here too, in a thread."""
        if self._sleep is time.sleep:
            await asyncio.sleep(seconds)
        else:
            await asyncio.to_thread(self._sleep, seconds)

    # -- helpers ----------------------------------------------------------------

    def _key(self) -> str | None:
        if self._api_key is not None:
            return self._api_key
        if self._api_key_env:
            value = os.environ.get(self._api_key_env)
            if not value:
                raise BackendError(
                    f"environment variable {self._api_key_env} (the API key for "
                    f"{self._name}) is not set",
                    retryable=False,
                )
            return value
        return None

    def request_body(self, request: CompletionRequest) -> dict[str, Any]:
        """What this backend asks LiteLLM to send for `request`: the model, the
        prompt or the messages, the sampling settings, the stops and the response
        format; the connection settings (endpoint, key, timeout) are added at the
        call. `minionc explain --render` shows exactly this."""
        request.check_one_input()
        model = self._model
        body: dict[str, Any]
        if request.prompt is not None and self._text_completion:
            # LiteLLM sends "openai/<a chat model's name>" prompts to the chat endpoint.
            model = self._model.replace("openai/", "text-completion-openai/", 1)
            body = {"prompt": request.prompt}
        elif request.prompt is not None:
            # A chat model given a raw prompt: send it as one user turn.
            body = {"messages": [{"role": "user", "content": request.prompt}]}
        else:
            assert request.messages is not None
            body = {"messages": [{"role": m.role, "content": m.content} for m in request.messages]}
        sent: dict[str, Any] = {
            "model": model,
            **body,
            "max_tokens": request.max_tokens,
            "temperature": request.temperature,
        }
        if request.seed is not None:
            sent["seed"] = request.seed
        if request.stop:
            sent["stop"] = list(request.stop)
        if request.json_schema is not None and "messages" in sent and self.supports_json_schema:
            sent["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "output", "schema": request.json_schema},
            }
        return sent

    def _kwargs(self, request: CompletionRequest) -> dict[str, Any]:
        kwargs = self.request_body(request)
        kwargs.update(
            timeout=self._timeout,
            # Retries happen here, once, with our own backoff and accounting.
            max_retries=0,
            num_retries=0,
        )
        if self._api_base:
            kwargs["api_base"] = self._api_base
        key = self._key()
        if key is not None:
            kwargs["api_key"] = key
        return kwargs

    def _to_completion(self, response: Any, started: float, attempts: int) -> Completion:
        try:
            choice = response.choices[0]
            # A text completion's choice has `text`; a chat's has `message.content`.
            message = getattr(choice, "message", None)
            text = (message.content if message is not None else choice.text) or ""
            finish = choice.finish_reason or "stop"
        except (AttributeError, IndexError, TypeError) as exc:
            raise BackendError(
                f"{self._name} returned a malformed response (no choices)", retryable=True
            ) from exc
        usage = getattr(response, "usage", None)
        prompt_tokens = int(getattr(usage, "prompt_tokens", 0) or 0)
        completion_tokens = int(getattr(usage, "completion_tokens", 0) or 0)
        details = getattr(usage, "prompt_tokens_details", None)
        cached = int(getattr(details, "cached_tokens", 0) or 0) if details else 0
        return Completion(
            text=text,
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            finish_reason=str(finish),
            cached_prompt_tokens=cached,
            usd=self._cost(response),
            raw={
                "id": getattr(response, "id", None),
                "model": getattr(response, "model", None),
                "latency_s": round(time.monotonic() - started, 4),
                "attempts": attempts,
            },
        )

    def _cost(self, response: Any) -> float:
        # LiteLLM's price table (offline copy); a model it does not know (a local
        # or loopback server) costs nothing rather than failing the call.
        try:
            return float(self._litellm.completion_cost(completion_response=response) or 0.0)
        except Exception:
            return 0.0

    def _secrets(self) -> list[str | None]:
        env_value = os.environ.get(self._api_key_env) if self._api_key_env else None
        return [self._api_key, env_value]

    def _map_error(self, exc: BaseException) -> BackendError:
        if isinstance(exc, BackendError):
            return exc
        litellm = self._litellm
        status = getattr(exc, "status_code", None)
        status = int(status) if isinstance(status, int) else None
        kind = type(exc).__name__
        if isinstance(exc, litellm.ContextWindowExceededError):
            retryable, status = False, status or 400
            hint = "; the prompt is too long for this model: use smaller chunks"
        elif isinstance(exc, litellm.Timeout | TimeoutError):
            retryable, status, hint = True, status or 408, " (timed out)"
        elif isinstance(exc, litellm.APIConnectionError | ConnectionError):
            # LiteLLM reports connection failures as 500s; they are transient.
            retryable, hint = True, " (connection failed)"
        elif isinstance(exc, litellm.AuthenticationError | litellm.PermissionDeniedError):
            retryable, hint = False, "; check the API key for this provider"
        elif isinstance(exc, litellm.NotFoundError):
            retryable, hint = False, "; check the model name"
        elif status is not None:
            retryable, hint = status in _RETRYABLE_STATUS, ""
        else:
            retryable, hint = False, ""
        text = scrub_secrets(str(exc), self._secrets())
        if len(text) > 1000:
            text = text[:1000] + "..."
        message = f"{self._name}: {kind}{f' {status}' if status else ''}: {text}{hint}"
        return BackendError(
            message, retryable=retryable, status=status, retry_after=_retry_after(exc)
        )

    def _next_delay(self, error: BackendError, attempt: int) -> float | None:
        """Seconds to wait before retry number `attempt + 1`, or None to give up."""
        if not error.retryable or attempt >= self._max_retries:
            return None
        if error.retry_after is not None:
            return min(error.retry_after, _MAX_RETRY_AFTER)
        ceiling = min(self._backoff_max, self._backoff_base * (2**attempt))
        with self._rng_lock:  # "equal jitter": half fixed, half random
            return ceiling / 2 + self._rng.uniform(0, ceiling / 2)
