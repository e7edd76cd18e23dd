"""What a model is, for the call cache and for resuming batches: the content of
its weights, not the name of its file.

Two files called `model.gguf` are different models; one file renamed is the same
model. A model file's sha256 is computed once and remembered by path, size and
modification time in `hashes.json` in the model cache directory, so a later run
reads 1 GB of weights again only when the file changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import threading
from pathlib import Path

from .embedded import default_cache_dir, sha256_file

_LOCK = threading.Lock()
_REMEMBERED = "hashes.json"


def file_sha256(path: Path | str, cache_dir: Path | None = None) -> str:
    """The sha256 of the file at `path`, remembered by (path, size, mtime)."""
    target = Path(path).resolve()
    stat = target.stat()
    key = str(target)
    record = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    verified = _verified_by_stamp(target, record)  # an embedded model's own stamp
    if verified is not None:
        return verified
    store = (cache_dir or default_cache_dir()) / _REMEMBERED
    with _LOCK:
        known = _read(store)
        entry = known.get(key)
        if isinstance(entry, dict) and all(entry.get(k) == v for k, v in record.items()):
            digest = entry.get("sha256")
            if isinstance(digest, str) and len(digest) == 64:
                return digest
    digest = sha256_file(target)
    with _LOCK:
        known = _read(store)
        known[key] = {**record, "sha256": digest}
        _write(store, known)
    return digest


def directory_sha256(path: Path | str, cache_dir: Path | None = None) -> str:
    """One digest of every file in a model directory (an MLX model), by name and content."""
    root = Path(path)
    digest = hashlib.sha256()
    for file in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(str(file.relative_to(root)).encode("utf-8") + b"\0")
        digest.update(file_sha256(file, cache_dir).encode("ascii"))
    return digest.hexdigest()


def _verified_by_stamp(target: Path, record: dict[str, int]) -> str | None:
    """The sha256 an embedded model's stamp (runtime/embedded.py) vouches for,
    when the stamp describes this very file."""
    stamp = _read(target.with_name(target.name + ".stamp.json"))
    digest = stamp.get("sha256")
    same = all(stamp.get(k) == v for k, v in record.items())
    return digest if same and isinstance(digest, str) and len(digest) == 64 else None


def _read(store: Path) -> dict[str, object]:
    try:
        data = json.loads(store.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write(store: Path, data: dict[str, object]) -> None:
    """Atomically; a failure only means hashing again next time."""
    with contextlib.suppress(OSError):
        store.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=store.parent, prefix=".hashes-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, indent=1, sort_keys=True)
            os.replace(temporary, store)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
