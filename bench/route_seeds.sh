#!/usr/bin/env bash
# How much a learned router's APGR on a test split depends on which dev questions
# it was trained on: `minionc route-eval TRAIN --test TEST` under seeds 0..N-1 (the
# seed picks the dev split's train / calibration halves; the test split is fixed),
# printing each seed's APGR and their mean, min and max.
#   bench/route_seeds.sh TRAIN_DIR TEST_DIR [route-eval flags, e.g. --inputs-only]
# SEEDS (default 10) says how many.
set -eu
cd "$(dirname "$0")/.."
MINIONC="${MINIONC:-.venv/bin/minionc}"
export LITELLM_LOCAL_MODEL_COST_MAP=True
usage="usage: bench/route_seeds.sh TRAIN_DIR TEST_DIR [route-eval flags]"
train="${1:?$usage}" test="${2:?$usage}"
shift 2
values=()
for ((seed = 0; seed < ${SEEDS:-10}; seed++)); do
  values+=("$("$MINIONC" route-eval "$train" --test "$test" --seed "$seed" "$@" --json |
    python3 -c 'import json, sys; print("%.3f" % json.load(sys.stdin)["routers"]["learned"]["apgr"])')")
done
python3 - "${values[@]}" <<'PY'
import sys
v = [float(x) for x in sys.argv[1:]]
print(" ".join(sys.argv[1:]), f"mean {sum(v) / len(v):.3f} min {min(v):.3f} max {max(v):.3f}")
PY
