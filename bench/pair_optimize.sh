#!/usr/bin/env bash
# Issue 18: `minionc optimize` on the long-document dev split with the default pair,
# against remote_only at 95% of its quality (90% paired lower bound), racing search.
# Resumable (the outcome store and the call cache keep every measurement); pinned
# to core 1 (CORES=0,1: both, while nothing else runs) and niced. Plans, reports
# and logs in bench/results/pair_dev/. The
# outcome stores (measurements, not model outputs) are copied to
# bench/results/pair_dev/outcomes/ after each program and whenever
# PAIR_OPTIMIZE_SYNC_SECONDS pass, so they can be committed and a later checkout
# resumes the search from them (the call cache is not committed).
# Measure a fixed commit from its own worktree (bench/worktree.sh COMMIT DIR);
# the store's name no longer depends on where that worktree lies.
set -u
cd "$(dirname "$0")/.."
MINIONC="${MINIONC:-.venv/bin/minionc}"
OUT=bench/results/pair_dev
mkdir -p "$OUT"
export LITELLM_LOCAL_MODEL_COST_MAP=True
mkdir -p "$OUT/cache/optimize" "$OUT/outcomes"
cp -n "$OUT"/outcomes/*.jsonl "$OUT/cache/optimize/" 2>/dev/null
sync_outcomes() { cp "$OUT"/cache/optimize/*.jsonl "$OUT/outcomes/" 2>/dev/null; }
( while sleep "${PAIR_OPTIMIZE_SYNC_SECONDS:-300}"; do sync_outcomes; done ) &
syncer=$!
trap 'kill $syncer 2>/dev/null; sync_outcomes' EXIT
PROGRAMS="${PROGRAMS:-doc_qa minions routed abc_cascade}"
for program in $PROGRAMS; do
  echo "=== $(date -u +%FT%TZ) optimize $program"
  /usr/bin/time -f "wall %e s" nice -n 5 taskset -c "${CORES:-1}" "$MINIONC" optimize "programs/$program.minion" \
    --dev bench/longdoc/dev.jsonl --metric contains --min-relative 0.95 \
    --baseline programs/remote_only.minion --seed 0 --cache-dir "$OUT/cache" \
    -o "$OUT/$program.optimized.json" --report "$OUT/${program}_report" --json \
    > "$OUT/$program.summary.json"
  status=$?  # before the date's command substitution resets it
  echo "=== $(date -u +%FT%TZ) optimize $program exit $status"
  sync_outcomes
done
