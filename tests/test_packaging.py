"""A non-editable install works: the wheel carries the grammar and the standard
programs, and installs everything under the one import name `minionc`."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from repo_paths import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("minionc-*.whl")
    return built


@pytest.mark.slow  # builds the wheel
def test_wheel_is_namespaced_and_carries_data(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    top_level = {name.split("/")[0] for name in names if not name.endswith(".dist-info/RECORD")}
    assert {t for t in top_level if not t.endswith(".dist-info")} == {"minionc"}
    assert "minionc/grammar/minion.lark" in names
    assert "minionc/compiler/checks/privacy.py" in names
    assert "minionc/compiler/optimize/search.py" in names
    assert "minionc/programs/minions.minion" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "minionc = minionc.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


@pytest.mark.slow  # builds the wheel and installs it
def test_installed_wheel_compiles_a_program(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--quiet",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from minionc.compiler.pipeline import compile_source;"
        "import minionc.compiler.pipeline as p; assert sys.argv[1] in p.__file__, p.__file__;"
        "r = compile_source('protocol main(q: str) -> str { return q }', 'x.minion');"
        "print(r.plan.protocol)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(target)],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.stdout.strip() == "main"


def test_a_default_install_has_no_torch_and_the_torch_lock_is_what_only_torch_needs() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import split_lock
    finally:
        sys.path.pop(0)
    _, main = split_lock.entries((ROOT / "requirements/lock.txt").read_text(encoding="utf-8"))
    _, extra = split_lock.entries((ROOT / "requirements/lock-torch.txt").read_text("utf-8"))
    main_names, torch_names = {n for n, _ in main}, {n for n, _ in extra}
    assert "torch" not in main_names and "accelerate" not in main_names
    assert {"torch", "accelerate"} <= torch_names and not main_names & torch_names
    # Nothing in the default lock needs a package of the torch lock: only the
    # torch lock itself, the project (an extra) or torch.in require those.
    for name, lines in extra:
        assert split_lock.required_by(lines) <= torch_names | {"minionc", "-r"}, name
    assert split_lock.torch_only(main + extra) == torch_names
