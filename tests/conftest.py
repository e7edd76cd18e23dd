"""Shared by every test: the markers and the scripted backend.

- `model`: loads a real model. `pytest -m "not model"` runs the rest, spread over
  the machine's cores (`-n auto` in pyproject's addopts); a run that selects model
  tests stays in one process, because llama.cpp's threads spin while they wait and
  two models on the same cores slow each other down far more than they overlap.
- `slow`: tens of seconds without a model (a type-checker run, a whole recorded
  dataset, the editor grammar's npm tools). Skipped unless `--runslow` is given or
  the `-m` expression names `slow`; the test command (scripts/test.sh) runs them.
"""

from __future__ import annotations

import os
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


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--runslow", action="store_true", help="run the tests marked slow (scripts/test.sh does)"
    )


def _selects_model_tests(config: pytest.Config) -> bool:
    return "not model" not in (config.getoption("markexpr") or "")


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    if _selects_model_tests(config):
        return 0  # one process: see the module docstring
    return max(1, min(os.cpu_count() or 1, 8))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    run_slow = config.getoption("--runslow") or "slow" in (config.getoption("markexpr") or "")
    skip_slow = pytest.mark.skip(reason="slow: run with --runslow (scripts/test.sh does)")
    for item in items:
        if MODEL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.model)
        if not run_slow and "slow" in item.keywords:
            item.add_marker(skip_slow)


@pytest.fixture
def scripted() -> Callable[..., Any]:
    """`scripted(tier, answer=..., rules={substring: answer})`: a ScriptedBackend."""
    return ScriptedBackend
