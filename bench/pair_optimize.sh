#!/usr/bin/env bash
# Issue 18: `minionc optimize` on the long-document dev split with the default pair,
# against remote_only at 95% of its quality (90% paired lower bound), racing search.
# Resumable (the outcome store and the call cache keep every measurement); pinned
# to core 1 and niced. Plans, reports and logs in bench/results/pair_dev/.
set -u
cd "$(dirname "$0")/.."
MINIONC="${MINIONC:-.venv/bin/minionc}"
OUT=bench/results/pair_dev
mkdir -p "$OUT"
export LITELLM_LOCAL_MODEL_COST_MAP=True
for program in doc_qa minions routed abc_cascade; do
  echo "=== $(date -u +%FT%TZ) optimize $program"
  /usr/bin/time -f "wall %e s" nice -n 5 taskset -c 1 "$MINIONC" optimize "programs/$program.minion" \
    --dev bench/longdoc/dev.jsonl --metric contains --min-relative 0.95 \
    --baseline programs/remote_only.minion --seed 0 --cache-dir "$OUT/cache" \
    -o "$OUT/$program.optimized.json" --report "$OUT/${program}_report" --json \
    > "$OUT/$program.summary.json"
  echo "=== $(date -u +%FT%TZ) optimize $program exit $?"
done
