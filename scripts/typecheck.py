"""Run mypy over the package as it installs.

The repository keeps DESIGN.md's folders (compiler/, runtime/, grammar/,
programs/) while everything imports as `minionc.*`; mypy cannot follow
setuptools' package-dir mapping, so this builds a tree of links that has the
installed layout (`.typecheck/tree/minionc/compiler/plan.py` -> `compiler/plan.py`)
and checks that. `--with REL=FILE` puts FILE in place of one module (the test
that adds a step kind to a copy of the plan types uses it).

    .venv/bin/python scripts/typecheck.py [--with compiler/plan.py=/tmp/plan.py]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Import name below `minionc` -> folder in the repository.
LAYOUT = {
    "": ROOT / "minionc",
    "compiler": ROOT / "compiler",
    "runtime": ROOT / "runtime",
    "grammar": ROOT / "grammar",
    "programs": ROOT / "programs",
}


def build_tree(dest: Path, replaced: dict[str, Path]) -> Path:
    """A `minionc` package of links under `dest`; `replaced` maps a module's path
    in the repository (`compiler/plan.py`) to the file to link instead."""
    shutil.rmtree(dest, ignore_errors=True)
    package = dest / "minionc"
    for below, folder in LAYOUT.items():
        for source in sorted(folder.rglob("*.py")):
            if "__pycache__" in source.parts:
                continue
            inside = source.relative_to(folder)
            if below == "" and inside.parts[0] in LAYOUT:
                continue  # a folder of the same name under minionc/ (none today)
            target = package / below / inside
            target.parent.mkdir(parents=True, exist_ok=True)
            repo_path = source.relative_to(ROOT).as_posix()
            target.symlink_to(replaced.pop(repo_path, source).resolve())
    (package / "py.typed").touch()
    if replaced:
        raise SystemExit(f"typecheck: no such module to replace: {', '.join(replaced)}")
    return dest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--with", dest="replace", action="append", default=[], metavar="REL=FILE")
    parser.add_argument("--tree", type=Path, default=ROOT / ".typecheck" / "tree")
    args = parser.parse_args(argv)
    replaced = {}
    for item in args.replace:
        rel, _, file = item.partition("=")
        replaced[rel] = Path(file)
    tree = build_tree(args.tree, replaced)
    command = [
        sys.executable,
        "-m",
        "mypy",
        "--config-file",
        str(ROOT / "pyproject.toml"),
        "--cache-dir",
        str(tree.parent / "mypy-cache"),
        "-p",
        "minionc",
    ]
    return subprocess.run(command, cwd=tree).returncode


if __name__ == "__main__":
    sys.exit(main())
