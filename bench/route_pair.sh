#!/usr/bin/env bash
# Issue 18, learned routing on the real pair: both tiers of routed.minion on the
# long-document dev and test splits (resumable), then the route trained on dev and
# measured on test. Pinned to core 1 (CORES says otherwise) and niced. Results in bench/results/route_pair/.
set -u
cd "$(dirname "$0")/.."
PY="${PY:-.venv/bin/python}"
MINIONC="${MINIONC:-.venv/bin/minionc}"
OUT=bench/results/route_pair
export LITELLM_LOCAL_MODEL_COST_MAP=True
for split in dev test; do
  echo "=== $(date -u +%FT%TZ) route_pair $split"
  nice -n 5 taskset -c "${CORES:-1}" "$PY" bench/route_pair.py --questions "bench/longdoc/$split.jsonl" \
    --out "$OUT/$split"
done
"$MINIONC" route-eval "$OUT/dev" --test "$OUT/test" --inputs-only --json > "$OUT/route_eval.json"
"$MINIONC" route-eval "$OUT/dev" --test "$OUT/test" --inputs-only --plot "$OUT/route_eval.png"
echo "=== $(date -u +%FT%TZ) finished"
