"""Shared by every test: the `model` marker (tests that load a real model; `pytest
-m "not model and not slow" -n 2` runs the rest in about 40 s on 2 cores) and the
scripted backend."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from scripted_backend import ScriptedBackend

# Fixtures that load a real model: a test that uses one is a `model` test.
MODEL_FIXTURES = frozenset(
    {
        "embedded_gguf",
        "llama_backend",
        "loopback_server",
        "mlx_model_dir",
        "headline_runtime",
        "qwen_small_backend",
        "qwen_local",
        "qwen_remote",
    }
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if MODEL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.model)


@pytest.fixture
def scripted() -> Callable[..., Any]:
    """`scripted(tier, answer=..., rules={substring: answer})`: a ScriptedBackend."""
    return ScriptedBackend
