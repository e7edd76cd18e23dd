#!/usr/bin/env bash
# Issue 18's first tables: the standard programs on the default pair (local: Gemma
# 3 270M in-process; remote: Qwen2.5-Coder 1.5B Instruct behind the loopback
# server), on the long-document test split (39 questions, ordered by document so
# the server's KV prefix is reused) and on the sample report's questions. Pinned
# to core 1 and niced; resumable; results (not caches) in bench/results/pair_*/.
set -u
cd "$(dirname "$0")/.."
PY="${PY:-.venv/bin/python}"
export LITELLM_LOCAL_MODEL_COST_MAP=True
for program in remote_only local_only minions doc_qa minion; do
  echo "=== $(date -u +%FT%TZ) longdoc test $program"
  nice -n 5 taskset -c 1 "$PY" bench/e2e.py --questions bench/longdoc/test.jsonl --document none \
    --out-dir bench/results/pair_test --programs "$program"
done
for program in remote_only local_only minions doc_qa minion; do
  echo "=== $(date -u +%FT%TZ) sample report $program"
  nice -n 5 taskset -c 1 "$PY" bench/e2e.py --out-dir bench/results/pair_sample --programs "$program"
done
echo "=== $(date -u +%FT%TZ) finished"
