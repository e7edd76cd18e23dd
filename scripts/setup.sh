#!/usr/bin/env bash
# Create .venv (if missing) and install minionc with the locked dependencies.
# Idempotent and quiet when nothing changed; safe to run on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${MINIONC_VENV:-.venv}"
PYTHON="${PYTHON:-python3}"

if [ ! -x "$VENV/bin/python" ]; then
    echo "minionc: creating virtual environment in $VENV" >&2
    "$PYTHON" -m venv "$VENV"
fi
# Re-install only when the lock file or the project metadata changed.
stamp="$VENV/.minionc-installed"
want="$(cat requirements/lock.txt pyproject.toml | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "minionc: installing locked dependencies" >&2
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
        --require-hashes -r requirements/lock.txt
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -e .
    echo "$want" > "$stamp"
fi
