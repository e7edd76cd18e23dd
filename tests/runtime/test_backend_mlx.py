"""MLX (mlx-lm) on the embedded model, converted once from GGUF (`mlx[cpu]` on
Linux). The first run converts (minutes); later runs reuse the cached directory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from minionc.runtime.backend import Backend, BackendError, CompletionRequest, RuntimeSetupError

FEW_SHOT = (
    "Document: Acme Corp reported revenue of $5.2 million in 2023.\n"
    "Question: What was Acme's revenue in 2023?\n"
    "Answer: $5.2 million\n\n"
    "Document: Bob Smith, 42, has worked at the bakery for ten years.\n"
    "Question: How old is Bob Smith?\n"
    "Answer:"
)


# The first run converts the model (about 3-4 minutes on 2 cores); MLX on a
# Linux CPU is also slow to generate (a few tokens a second).
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def mlx_backend(mlx_model_dir: Path):  # -> MLXBackend
    from minionc.runtime.backends.mlx_backend import MLXBackend

    backend = MLXBackend(mlx_model_dir)
    yield backend
    backend.close()


def test_converted_directory_is_cached(mlx_model_dir: Path) -> None:
    from minionc.runtime.mlx_convert import convert_embedded_to_mlx

    assert (mlx_model_dir / "config.json").is_file()
    assert list(mlx_model_dir.glob("*.safetensors"))
    # A second call finds the stamp and returns at once (no conversion).
    assert convert_embedded_to_mlx(mlx_model_dir.parent) == mlx_model_dir


def test_mlx_completes_a_few_shot_prompt(mlx_backend) -> None:
    assert isinstance(mlx_backend, Backend) and mlx_backend.supports_raw_prompt
    request = CompletionRequest(prompt=FEW_SHOT, max_tokens=6, stop=("\n",))
    result = mlx_backend.complete(request)
    assert result.text.strip()
    assert "42" in result.text
    assert "\n" not in result.text  # cut at the stop string
    assert result.prompt_tokens == mlx_backend.count_tokens(FEW_SHOT) > 0
    assert 0 < result.completion_tokens <= 6
    again = mlx_backend.complete(request)
    assert again.text == result.text  # greedy is deterministic


def test_mlx_rejects_what_does_not_fit(mlx_backend, mlx_model_dir: Path) -> None:
    trained = json.loads((mlx_model_dir / "config.json").read_text())["max_position_embeddings"]
    prompt = "word " * (trained + 10)
    with pytest.raises(BackendError, match="smaller chunks") as info:
        mlx_backend.complete(CompletionRequest(prompt=prompt, max_tokens=4))
    assert not info.value.retryable
    assert str(trained) in str(info.value)


def test_not_a_model_directory(tmp_path: Path) -> None:
    from minionc.runtime.backends.mlx_backend import MLXBackend

    with pytest.raises(RuntimeSetupError, match=r"config\.json"):
        MLXBackend(tmp_path)
