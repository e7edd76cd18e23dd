"""The light core: `check`, `compile`, `explain`, `schema`, `codes` and `models`
work with none of the extras importable (no llama.cpp, LiteLLM, DSPy, matplotlib,
numpy, rich), and a command that needs an extra names it."""

from __future__ import annotations

import subprocess
import sys

import pytest
from repo_paths import ROOT

EXTRAS = ["llama_cpp", "litellm", "dspy", "matplotlib", "numpy", "rich", "mlx", "torch"]
BLOCKED = (
    "import sys\n"
    f"for name in {EXTRAS!r}:\n"
    "    sys.modules[name] = None  # importing it fails, as if not installed\n"
    "from minionc.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def core(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", BLOCKED, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "args",
    [
        ["check", "programs/minions.minion"],
        ["compile", "programs/minions.minion"],
        ["explain", "programs/minions.minion", "--assume", "context=20000"],
        ["schema"],
        ["codes", "M0703"],
        ["models"],
    ],
)
def test_the_core_commands_need_no_extra(args: list[str]) -> None:
    done = core(*args)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


def test_running_without_the_local_extra_names_it() -> None:
    done = core("run", "programs/local_only.minion", "--input", "question=q", "--input",
                "context=c")  # fmt: skip
    assert done.returncode == 1
    assert "pip install 'minionc[local]'" in done.stderr and "Traceback" not in done.stderr
