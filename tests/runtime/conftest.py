"""Shared real models for the runtime tests: loaded once per session (each load
takes seconds; the MLX conversion minutes, once per cache directory)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Never fetch LiteLLM's price table from the internet during tests.
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")


@pytest.fixture(scope="session")
def embedded_gguf() -> Path:
    from minionc.runtime.embedded import embedded_model_path

    # The user's cache (or $MINIONC_CACHE_DIR): assembled once, reused by later runs.
    return embedded_model_path()


@pytest.fixture(scope="session")
def llama_backend(embedded_gguf: Path) -> Iterator[object]:
    from minionc.runtime.backends.llamacpp import LlamaCppBackend

    backend = LlamaCppBackend(embedded_gguf, n_ctx=4096)
    yield backend
    backend.close()


@pytest.fixture(scope="session")
def qwen_small_backend() -> Iterator[object]:
    """Qwen2.5-Coder 0.5B Instruct in-process: an instruction-following chat model
    small enough for tests that need a supervisor that follows instructions."""
    from minionc.runtime.models import default_local_backend

    backend = default_local_backend("embedded:qwen2.5-coder-0.5b-instruct", n_ctx=8192)
    yield backend
    backend.close()


@pytest.fixture(scope="session")
def loopback_server(embedded_gguf: Path) -> Iterator[object]:
    from minionc.runtime.server import LoopbackServer

    with LoopbackServer(embedded_gguf, n_ctx=2048) as server:
        yield server


@pytest.fixture(scope="session")
def mlx_model_dir(embedded_gguf: Path) -> Path:
    pytest.importorskip("mlx.core", reason="MLX is not installed (pip install 'minionc[mlx]')")
    from minionc.runtime.mlx_convert import convert_embedded_to_mlx

    return convert_embedded_to_mlx(embedded_gguf.parent)


@pytest.fixture
def headline_runtime(tmp_path: Path, llama_backend: object, loopback_server: Any) -> object:
    """The embedded model in-process as the local tier and behind the loopback
    server (raw completions, LiteLLM over HTTP) as the remote one, with a call
    cache in the test's directory."""
    from minionc.runtime.backends.remote import LiteLLMBackend
    from minionc.runtime.cache import CallCache
    from minionc.runtime.executor import Runtime

    remote = LiteLLMBackend(
        f"openai/{loopback_server.model_name}",
        api_base=loopback_server.api_base,
        api_key="sk-loopback",
        text_completion=True,
    )
    return Runtime(local=llama_backend, remote=remote, cache=CallCache(tmp_path / "cache"))
