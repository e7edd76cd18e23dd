#!/usr/bin/env bash
# The main job: set up on a fresh machine, then explain the MinionS protocol
# (its steps, placements, knobs, estimated tokens per tier and private-data flows).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
VENV="${MINIONC_VENV:-.venv}"
if [ "$#" -eq 0 ]; then
    set -- explain programs/minions.minion --assume context=50000
fi
exec "$VENV/bin/minionc" "$@"
