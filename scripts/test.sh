#!/usr/bin/env bash
# The test command: sets everything up on a fresh machine, then lints and tests.
set -euo pipefail
cd "$(dirname "$0")/.."
# The tests convert the embedded model for MLX, which needs torch.
MINIONC_SETUP_TORCH=1 scripts/setup.sh
VENV="${MINIONC_VENV:-.venv}"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
"$VENV/bin/python" scripts/typecheck.py
"$VENV/bin/python" -m pytest "$@"
