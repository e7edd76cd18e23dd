"""Convert the embedded GGUF model into an MLX model directory, once (cached).

MLX reads Hugging Face-style directories (config.json, safetensors, tokenizer);
the embedded model ships as GGUF. transformers can read GGUF (it dequantizes
to torch tensors, hence torch), save_pretrained writes an HF directory, and
`mlx_lm.convert` turns that into an MLX directory. Slow (minutes, mostly the
tokenizer conversion), so the result is cached next to the GGUF and reused.
"""

from __future__ import annotations

import contextlib
import fcntl
import importlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .backend import RuntimeSetupError
from .embedded import default_cache_dir, embedded_model_path

__all__ = ["MLX_DTYPE", "convert_embedded_to_mlx", "convert_gguf_to_mlx"]

# Gemma's activations overflow float16; bfloat16 keeps float32's range.
MLX_DTYPE = "bfloat16"
_STAMP = "minionc-source.json"
_FORMAT = 1  # bump when the conversion changes, to invalidate old caches


@contextlib.contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
    """One conversion at a time across processes (they would each take minutes)."""
    with lock_path.open("a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _source_id(gguf: Path) -> dict[str, object]:
    st = gguf.stat()
    return {
        "format": _FORMAT,
        "source": gguf.name,
        "size": st.st_size,
        "mtime_ns": st.st_mtime_ns,
        "dtype": MLX_DTYPE,
    }


def _is_current(target: Path, source: dict[str, object]) -> bool:
    try:
        return json.loads((target / _STAMP).read_text()) == source
    except (OSError, ValueError):
        return False


def convert_gguf_to_mlx(gguf: Path, target: Path) -> Path:
    """Convert `gguf` into the MLX directory `target` unless it is already there."""
    source = _source_id(gguf)
    if _is_current(target, source):
        return target
    try:
        # `mlx_lm.convert` the attribute is the function; the module holds it too.
        mlx_convert = importlib.import_module("mlx_lm.convert")
        import torch  # noqa: F401  (transformers needs it to dequantize GGUF)
        from transformers import AutoModelForCausalLM, AutoTokenizer
    except ImportError as exc:
        raise RuntimeSetupError(
            f"converting a GGUF model for MLX needs mlx-lm, transformers, gguf, accelerate "
            f"and torch ({exc}); install them with `pip install 'minionc[mlx]' torch`"
        ) from exc

    target.parent.mkdir(parents=True, exist_ok=True)
    with _exclusive(target.parent / f".{target.name}.lock"):
        if _is_current(target, source):  # another process finished it meanwhile
            return target
        with tempfile.TemporaryDirectory(dir=target.parent, prefix=".mlx-convert-") as work:
            hf_dir = Path(work) / "hf"
            mlx_dir = Path(work) / "mlx"
            try:
                # local_files_only: never ask a model hub for anything.
                tokenizer = AutoTokenizer.from_pretrained(
                    gguf.parent, gguf_file=gguf.name, local_files_only=True
                )
                model = AutoModelForCausalLM.from_pretrained(
                    gguf.parent, gguf_file=gguf.name, local_files_only=True
                )
                # transformers marks GGUF-loaded models as "quantized" and refuses to
                # save them, but the weights it holds are already dequantized floats.
                model.hf_quantizer = None
                if hasattr(model.config, "quantization_config"):
                    del model.config.quantization_config
                model.save_pretrained(hf_dir)
                tokenizer.save_pretrained(hf_dir)
                del model
                mlx_convert.convert(str(hf_dir), mlx_path=str(mlx_dir), dtype=MLX_DTYPE)
            except OSError as exc:
                raise RuntimeSetupError(
                    f"converting {gguf.name} to MLX failed writing {target.parent}: {exc}; "
                    "free some disk space (about 2 GB is needed while converting)"
                ) from exc
            except Exception as exc:
                raise RuntimeSetupError(
                    f"converting {gguf.name} to MLX failed: {type(exc).__name__}: {exc}"
                ) from exc
            (mlx_dir / _STAMP).write_text(json.dumps(source))
            if target.exists():
                shutil.rmtree(target)
            os.replace(mlx_dir, target)
    return target


def convert_embedded_to_mlx(cache_dir: Path | None = None) -> Path:
    """The MLX directory of the embedded model, converting it on first use."""
    directory = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    gguf = embedded_model_path(directory)
    return convert_gguf_to_mlx(gguf, directory / f"{gguf.stem}-mlx")
