"""Split a pip-compile lock into what every install gets and what only torch needs.

torch is for converting GGUF models to MLX and nothing else (requirements/torch.in),
so a default install leaves it out: `scripts/setup.sh` installs
`requirements/lock.txt`, and `requirements/lock-torch.txt` (torch, accelerate, and
the packages that only they need) when MINIONC_SETUP_TORCH=1, as the test command
sets. Both keep pip-compile's hashes and `# via` notes.

    pip-compile ... -o /tmp/full-lock.txt pyproject.toml requirements/torch.in
    .venv/bin/python scripts/split_lock.py /tmp/full-lock.txt
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What only converting models for MLX needs (accelerate requires torch).
TORCH_ROOTS = {"torch", "accelerate"}
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==")


def entries(text: str) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """The header lines, then (package name, its lines) in file order."""
    header: list[str] = []
    found: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        match = _PIN.match(line)
        if match:
            found.append((match.group(1).lower(), [line]))
        elif found:
            found[-1][1].append(line)
        else:
            header.append(line)
    return header, found


def required_by(lines: list[str]) -> set[str]:
    """The names in an entry's `# via` note (`-r FILE` and `minionc` included)."""
    vias: set[str] = set()
    in_via = False
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("# via"):
            rest = stripped.removeprefix("# via").strip()
            in_via = not rest
            if rest:
                vias.add(rest.split()[0].lower())
        elif in_via and stripped.startswith("#   "):
            vias.add(stripped.removeprefix("#").strip().split()[0].lower())
        elif in_via:
            in_via = False
    return vias


def torch_only(found: list[tuple[str, list[str]]]) -> set[str]:
    """TORCH_ROOTS and every package required only by packages in the set."""
    vias = {name: required_by(lines) for name, lines in found}
    chosen = set(TORCH_ROOTS)
    changed = True
    while changed:
        changed = False
        for name, by in vias.items():
            if name not in chosen and by and by <= chosen:
                chosen.add(name)
                changed = True
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("full", type=Path, help="the whole lock pip-compile wrote")
    args = parser.parse_args(argv)
    header, found = entries(args.full.read_text(encoding="utf-8"))
    torch_names = torch_only(found)
    if not {name for name, _ in found} >= TORCH_ROOTS:
        print(f"{args.full}: no torch or accelerate in it; nothing to split", file=sys.stderr)
        return 1
    note = ["# Without torch and what only torch needs: see requirements/lock-torch.txt."]
    kept = [line for name, lines in found if name not in torch_names for line in lines]
    main_lines = header + note + kept
    torch_lines = [
        "# torch and what only it needs (MLX conversion), installed by scripts/setup.sh",
        "# when MINIONC_SETUP_TORCH=1 (the test command sets it); scripts/split_lock.py",
        "# writes this file and requirements/lock.txt from one pip-compile lock.",
        *[line for name, ls in found if name in torch_names for line in ls],
    ]
    (ROOT / "requirements" / "lock.txt").write_text("\n".join(main_lines) + "\n", encoding="utf-8")
    (ROOT / "requirements" / "lock-torch.txt").write_text(
        "\n".join(torch_lines) + "\n", encoding="utf-8"
    )
    print(f"lock-torch.txt: {', '.join(sorted(torch_names))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
