#!/usr/bin/env bash
# Choosing the local worker (issue 17): Gemma 3 270M against Qwen2.5-Coder 0.5B
# Instruct, as local_only and as the MinionS worker (the remote tier: the default,
# Qwen2.5-Coder 1.5B Instruct behind the loopback server), on the long-document dev
# split three questions per document at a time. Pinned to core 1 and niced, so the
# machine stays usable; resumable (run it again after an interruption).
# Results: bench/results/worker_choice/WORKER/PROGRAM.jsonl (results, not caches).
set -u
cd "$(dirname "$0")/.."
PY="${PY:-.venv/bin/python}"
OUT="${OUT:-bench/results/worker_choice}"
export LITELLM_LOCAL_MODEL_COST_MAP=True
for limit in 9 18 27; do
  for worker in gemma-3-270m qwen2.5-coder-0.5b-instruct; do
    for program in local_only minions; do
      echo "=== $(date -u +%FT%TZ) limit=$limit worker=$worker program=$program"
      nice -n 5 taskset -c 1 "$PY" bench/e2e.py --questions bench/longdoc/dev_by3.jsonl \
        --document none --out-dir "$OUT/$worker" --programs "$program" \
        --local "embedded:$worker" --limit "$limit"
    done
  done
done
echo "=== $(date -u +%FT%TZ) finished"
