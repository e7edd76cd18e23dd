"""llama.cpp in-process (llama-cpp-python): any GGUF file, CPU or GPU offload.

Raw `prompt` requests go straight to `create_completion` (base models follow
few-shot patterns); `messages` requests are rendered to one prompt with the
model's chat template, or a plain "User:/Assistant:" rendering for base models
that ship none, and completed the same way, so counting, prefix reuse and
stop handling are identical for both.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, assert_never

from ..backend import (
    BackendError,
    Completion,
    CompletionRequest,
    Message,
    RuntimeSetupError,
    Tier,
)
from ..model_identity import file_sha256

if TYPE_CHECKING:
    from llama_cpp import Llama
    from llama_cpp.llama_types import ChatCompletionRequestMessage


def default_threads() -> int:
    """Every core this process may use. Measured on a 2-core machine (Gemma 3
    270M): 2 threads prefill 1.9x and decode 1.6x faster than 1. The tiers take
    turns (a remote step waits for the local fan-out before it), so the loopback
    server and the local model rarely compute at once; ggml's threads spin-wait,
    and more threads than free cores would make both many times slower."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


__all__ = ["LlamaCppBackend", "PrefixStates", "render_messages_plain"]

# A call that had to evaluate at least this many fresh prompt tokens leaves its
# KV state in the prefix store: a document chunk is worth keeping, a short
# question is cheaper to re-evaluate than to store.
_MIN_FRESH_TOKENS_TO_STORE = 256
# Restore a stored state only when it saves at least this many tokens over what
# the live context already shares with the prompt (a restore copies the state).
_MIN_GAIN_TO_RESTORE = 32


@dataclass(frozen=True)
class _StoredState:
    tokens: tuple[int, ...]
    data: bytes


class PrefixStates:
    """KV states of earlier prompts, kept in memory up to `capacity_bytes`
    (least recently used out first), looked up by longest shared token prefix.

    llama.cpp's context holds one token sequence, so the live KV cache helps only
    consecutive calls. A MinionS run reads the same chunks again in every round
    and for every question of a batch; restoring a chunk's stored state skips its
    prefill (about 3 minutes per round for a 23k-token document on 2 cores).
    """

    def __init__(self, capacity_bytes: int) -> None:
        self.capacity_bytes = capacity_bytes
        self._states: OrderedDict[tuple[int, ...], _StoredState] = OrderedDict()
        self._bytes = 0

    def __len__(self) -> int:
        return len(self._states)

    @property
    def stored_bytes(self) -> int:
        return self._bytes

    def best(self, tokens: Sequence[int]) -> tuple[int, _StoredState | None]:
        """The stored state sharing the longest prefix with `tokens`, and its length."""
        best_len, best = 0, None
        for state in self._states.values():
            shared = shared_prefix_length(state.tokens, tokens)
            if shared > best_len:
                best_len, best = shared, state
        if best is not None:
            self._states.move_to_end(best.tokens)
        return best_len, best

    def put(self, tokens: tuple[int, ...], data: bytes) -> None:
        if len(data) > self.capacity_bytes:
            return
        old = self._states.pop(tokens, None)
        if old is not None:
            self._bytes -= len(old.data)
        self._states[tokens] = _StoredState(tokens, data)
        self._bytes += len(data)
        while self._bytes > self.capacity_bytes:
            _, evicted = self._states.popitem(last=False)
            self._bytes -= len(evicted.data)

    def clear(self) -> None:
        self._states.clear()
        self._bytes = 0


def shared_prefix_length(a: Sequence[int], b: Sequence[int]) -> int:
    shared = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        shared += 1
    return shared


@contextlib.contextmanager
def _captured_stderr() -> Iterator[Path]:
    """Send the C library's stderr (fd 2) to a temp file for the duration.

    llama.cpp prints load chatter at the C level even with verbose=False; Python's
    sys.stderr cannot catch it. The file is kept so a failed load can quote it.
    """
    fd, name = tempfile.mkstemp(prefix="minionc-llama-", suffix=".log")
    path = Path(name)
    with contextlib.suppress(Exception):
        sys.stderr.flush()
    saved = os.dup(2)
    try:
        os.dup2(fd, 2)
        yield path
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(fd)


def _tail(path: Path, limit: int = 2000) -> str:
    try:
        return path.read_text(errors="replace")[-limit:].strip()
    except OSError:
        return ""


def _chat_message(message: Message) -> ChatCompletionRequestMessage:
    match message.role:
        case "system":
            return {"role": "system", "content": message.content}
        case "user":
            return {"role": "user", "content": message.content}
        case "assistant":
            return {"role": "assistant", "content": message.content}
        case _:
            assert_never(message.role)


def render_messages_plain(messages: Sequence[Message]) -> tuple[str, tuple[str, ...]]:
    """A chat for a base model without a chat template: a transcript it can
    continue, and the stop strings that end the assistant's turn."""
    parts: list[str] = []
    for m in messages:
        if m.role == "system":
            parts.append(m.content.strip() + "\n\n")
        elif m.role == "user":
            parts.append(f"User: {m.content.strip()}\n")
        else:
            parts.append(f"Assistant: {m.content.strip()}\n")
    parts.append("Assistant:")
    return "".join(parts), ("\nUser:",)


class LlamaCppBackend:
    """A GGUF model loaded in this process.

    One llama.cpp context is not thread-safe, so calls are serialised with a lock;
    consecutive calls that share a prompt prefix reuse the KV cache (llama-cpp-python
    keeps the evaluated tokens and only evaluates the new suffix).

    A GGUF with a chat template is a chat model (`chat`, unless told otherwise):
    the runtime sends it chats, rendered with that template, and a JSON schema
    becomes a grammar the output must follow. A GGUF without one is a base model:
    it completes the raw few-shot prompts the runtime renders for it.

    `vocab_only` loads the vocabulary and the metadata, not the weights (a fraction
    of a second): such a backend renders and counts prompts exactly as the full one
    would (`prompt_text`, `count_tokens`), for `minionc explain --render` and the
    estimate, but cannot complete them.
    """

    def __init__(
        self,
        model_path: str | Path,
        *,
        n_ctx: int = 8192,
        n_threads: int | None = None,
        n_gpu_layers: int = 0,
        seed: int = 0,
        name: str | None = None,
        tier: Tier = "local",
        prefix_store_bytes: int = 1 << 30,
        chat: bool | None = None,
        vocab_only: bool = False,
    ) -> None:
        path = Path(model_path)
        if not path.is_file():
            raise RuntimeSetupError(
                f"GGUF model file not found: {path}; pass the path of a .gguf file "
                "(or omit it to use the embedded model)"
            )
        try:
            from llama_cpp import Llama
        except ImportError as exc:
            raise RuntimeSetupError(
                f"llama-cpp-python is not installed ({exc}); the local tier needs the "
                "`local` extra: `pip install 'minionc[local]'` (scripts/setup.sh installs it)"
            ) from exc
        threads = n_threads or default_threads()
        with _captured_stderr() as log:
            try:
                self._llm: Llama | None = Llama(
                    model_path=str(path),
                    vocab_only=vocab_only,
                    # A vocabulary needs no room for a long context.
                    n_ctx=512 if vocab_only else n_ctx,
                    n_threads=threads,
                    n_threads_batch=threads,
                    n_gpu_layers=n_gpu_layers,
                    seed=seed,
                    # Gemma 3 uses sliding-window attention; only a full-size SWA
                    # cache can be trimmed to a shared prefix and reused.
                    swa_full=True,
                    verbose=False,
                )
            except (ValueError, RuntimeError, OSError) as exc:
                raise RuntimeSetupError(
                    f"llama.cpp could not load {path}: {exc}\n{_tail(log)}".strip()
                ) from exc
            finally:
                log.unlink(missing_ok=True)
        self._path = path
        self._n_ctx = n_ctx
        self._vocab_only = vocab_only
        self._seed = seed
        self._name = name or f"llamacpp:{path.stem}"
        self._identity: str | None = None
        self._tier: Tier = tier
        self._lock = threading.Lock()
        # 0 turns the store off. About 18 KB per token for Gemma 3 270M, so the
        # default 1 GiB holds the chunk states of a 50k-token document.
        self._prefix_states = PrefixStates(prefix_store_bytes)
        self._chat_template: str | None = self._llm.metadata.get("tokenizer.chat_template")
        self._chat = bool(self._chat_template) if chat is None else chat
        self._grammars: dict[str, Any] = {}  # JSON schema text -> its llama.cpp grammar

    # -- the Backend protocol -------------------------------------------------

    @property
    def name(self) -> str:
        return self._name

    @property
    def identity(self) -> str:
        if self._identity is None:
            self._identity = f"llama.cpp:{file_sha256(self._path)}"
        return self._identity

    @property
    def tier(self) -> Tier:
        return self._tier

    @property
    def supports_raw_prompt(self) -> bool:
        return not self._chat

    @property
    def chat(self) -> bool:
        return self._chat

    @property
    def n_ctx(self) -> int:
        return self._n_ctx

    @property
    def vocab_only(self) -> bool:
        """Loaded for counting and rendering prompts only: `complete` refuses."""
        return self._vocab_only

    @property
    def model_path(self) -> Path:
        return self._path

    def count_tokens(self, text: str) -> int:
        """Tokens `text` costs as a prompt, BOS included: equal to the prompt_tokens
        a raw completion of `text` reports."""
        return len(self._tokenize(text))

    def prompt_text(self, request: CompletionRequest) -> tuple[str, tuple[str, ...]]:
        """The one text the model reads for `request` (a chat rendered with the
        model's chat template), and the stop strings that template adds: what
        `complete` evaluates, and what `count_tokens` of that text counts."""
        request.check_one_input()
        if request.prompt is not None:
            return request.prompt, ()
        assert request.messages is not None
        if self._chat_template:
            return self._render_template(request.messages)
        return render_messages_plain(request.messages)

    def complete(self, request: CompletionRequest) -> Completion:
        if self._vocab_only:
            raise BackendError(f"{self._name} was loaded for its vocabulary only", retryable=False)
        prompt, extra_stop = self.prompt_text(request)
        with self._lock:
            llm = self._require_open()
            tokens = self._tokenize(prompt)
            if len(tokens) + request.max_tokens > self._n_ctx:
                raise BackendError(
                    f"prompt of {len(tokens)} tokens plus max_tokens={request.max_tokens} "
                    f"does not fit the context of {self._n_ctx} tokens of {self._name}; "
                    "use smaller chunks (or a larger n_ctx)",
                    retryable=False,
                )
            self._restore_longer_prefix(llm, tokens)
            cached = self._reusable_prefix(llm, tokens)
            stop = list(dict.fromkeys((*request.stop, *extra_stop)))
            try:
                # Tokens, not text: exactly the ones counted above (a token-list
                # prompt is taken as is, BOS included).
                out: Any = llm.create_completion(
                    tokens,
                    max_tokens=request.max_tokens,
                    temperature=request.temperature,
                    seed=request.seed if request.seed is not None else self._seed,
                    stop=stop or None,
                    grammar=self._grammar(request),
                )
            except (ValueError, RuntimeError) as exc:
                # llama.cpp decode failures (e.g. KV cache full): not worth a retry.
                raise BackendError(f"llama.cpp failed: {exc}", retryable=False) from exc
            if len(tokens) - cached >= _MIN_FRESH_TOKENS_TO_STORE:
                self._store_state(llm)
        choice = out["choices"][0]
        usage = out.get("usage") or {}
        return Completion(
            text=choice.get("text") or "",
            prompt_tokens=int(usage.get("prompt_tokens", len(tokens))),
            completion_tokens=int(usage.get("completion_tokens", 0)),
            finish_reason=choice.get("finish_reason") or "stop",
            cached_prompt_tokens=cached,
            usd=0.0,
            raw={"id": out.get("id"), "model": self._name, "usage": dict(usage)},
        )

    def close(self) -> None:
        with self._lock:
            llm, self._llm = self._llm, None
        self._prefix_states.clear()
        if llm is not None:
            llm.close()

    # -- helpers ----------------------------------------------------------------

    def __enter__(self) -> LlamaCppBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _grammar(self, request: CompletionRequest) -> Any:
        """A chat request's JSON schema as a grammar the output must follow (the
        structured output a chat model's provider would give); None otherwise, or
        when llama.cpp cannot turn the schema into one (the parser copes)."""
        if not self._chat or request.messages is None or request.json_schema is None:
            return None
        key = json.dumps(request.json_schema, sort_keys=True)
        if key not in self._grammars:
            from llama_cpp.llama_grammar import LlamaGrammar

            with _captured_stderr() as log:
                try:
                    self._grammars[key] = LlamaGrammar.from_json_schema(key, verbose=False)
                except Exception:  # a schema feature the converter lacks
                    self._grammars[key] = None
            log.unlink(missing_ok=True)
        return self._grammars[key]

    def _require_open(self) -> Llama:
        if self._llm is None:
            raise BackendError(f"{self._name} is closed", retryable=False)
        return self._llm

    def _tokenize(self, text: str) -> list[int]:
        # Exactly what create_completion does with a text prompt: BOS if the
        # model wants one, special tokens (<start_of_turn>...) parsed.
        llm = self._require_open()
        return llm.tokenize(text.encode("utf-8"), add_bos=True, special=True)

    def _restore_longer_prefix(self, llm: Llama, tokens: list[int]) -> None:
        """Load the stored state that shares more of `tokens` than the live
        context does, if one shares enough more to pay for the copy."""
        if not self._prefix_states.capacity_bytes:
            return
        live = shared_prefix_length(llm.input_ids[: llm.n_tokens].tolist(), tokens)
        stored_len, state = self._prefix_states.best(tokens)
        if state is None or stored_len < live + _MIN_GAIN_TO_RESTORE:
            return
        import ctypes

        import llama_cpp

        buffer = (ctypes.c_uint8 * len(state.data)).from_buffer_copy(state.data)
        # Sequence 0 is the only one llama-cpp-python uses; set_data clears it first.
        if llama_cpp.llama_state_seq_set_data(llm.ctx, buffer, len(state.data), 0) == 0:
            llm.reset()  # a failed restore leaves the sequence empty: evaluate afresh
            return
        n = len(state.tokens)
        llm.input_ids[:n] = state.tokens
        llm.n_tokens = n
        # Logits are not restored: the prompt's remaining tokens (or, on a full
        # match, its last one) are evaluated before sampling.
        llm._requires_eval = True

    def _store_state(self, llm: Llama) -> None:
        """Keep the live context's KV state (prompt and completion) for later calls."""
        if not self._prefix_states.capacity_bytes or llm.n_tokens == 0:
            return
        import ctypes

        import llama_cpp

        size = llama_cpp.llama_state_seq_get_size(llm.ctx, 0)
        if size <= 0 or size > self._prefix_states.capacity_bytes:
            return
        buffer = (ctypes.c_uint8 * size)()
        written = llama_cpp.llama_state_seq_get_data(llm.ctx, buffer, size, 0)
        if written <= 0:
            return
        tokens = tuple(llm.input_ids[: llm.n_tokens].tolist())
        self._prefix_states.put(tokens, bytes(buffer)[:written])

    @staticmethod
    def _reusable_prefix(llm: Llama, tokens: list[int]) -> int:
        """Prompt tokens llama-cpp-python will take from the KV cache: the prefix
        shared with what the context holds now (the previous prompt and its
        completion, or a restored state), less one when the whole prompt matches
        (it re-evaluates the last token to get fresh logits)."""
        shared = shared_prefix_length(llm.input_ids[: llm.n_tokens].tolist(), tokens)
        if shared == len(tokens) and shared > 0:
            shared -= 1
        return shared

    def _render_template(self, messages: Sequence[Message]) -> tuple[str, tuple[str, ...]]:
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        llm = self._require_open()
        # Special tokens as their text (`<|im_end|>`): without `special` they
        # detokenize to "", and an empty stop string ends every answer at once.
        bos = llm.detokenize([llm.token_bos()], special=True).decode("utf-8", "replace")
        eos = llm.detokenize([llm.token_eos()], special=True).decode("utf-8", "replace")
        assert self._chat_template is not None
        formatter = Jinja2ChatFormatter(self._chat_template, eos_token=eos, bos_token=bos)
        try:
            rendered = formatter(messages=[_chat_message(m) for m in messages])
        except Exception as exc:  # a template that rejects these roles, etc.
            raise BackendError(
                f"the chat template of {self._name} failed: {exc}", retryable=False
            ) from exc
        prompt = rendered.prompt
        # Templates usually start with the BOS text; tokenizing adds BOS already.
        if bos and prompt.startswith(bos):
            prompt = prompt[len(bos) :]
        stops = rendered.stop if isinstance(rendered.stop, list) else [rendered.stop]
        return prompt, tuple(s for s in stops if isinstance(s, str) and s)
