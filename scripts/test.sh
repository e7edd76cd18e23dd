#!/usr/bin/env bash
# The test command: sets everything up on a fresh machine, then lints and tests.
set -euo pipefail
cd "$(dirname "$0")/.."
# The tests convert the embedded model for MLX, which needs torch.
MINIONC_SETUP_TORCH=1 scripts/setup.sh
VENV="${MINIONC_VENV:-.venv}"
# The trace page is tested in headless Chromium (Debian's package, as root).
if ! command -v chromium >/dev/null && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "minionc: installing Debian's chromium for the trace page's browser test" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends chromium >/dev/null; } \
        || echo "minionc: could not install chromium; the browser test will be skipped" >&2
fi
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
"$VENV/bin/python" scripts/typecheck.py
# Everything: slow tests included, property tests drawing their full number of
# examples (tests/example_budget.py). The tests without a model spread over the
# cores; the model tests run in one process (tests/conftest.py says why).
export MINIONC_FULL_PROPERTIES=1
if [ "$#" -gt 0 ]; then
    exec "$VENV/bin/python" -m pytest --runslow "$@"
fi
"$VENV/bin/python" -m pytest --runslow -m "not model"
"$VENV/bin/python" -m pytest --runslow -m model --durations=20  # the slowest, so growth shows
