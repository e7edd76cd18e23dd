#!/usr/bin/env bash
# Issue 18, learned routing on the real pair: both tiers of routed.minion, and of
# doc_qa's @auto answer placed as a route, on the long-document dev and test splits
# (resumable), then each route trained on dev and measured on test. Pinned to core 1
# (CORES says otherwise) and niced. Results in bench/results/route_pair/ and
# bench/results/route_pair_doc_qa/. doc_qa's tiers start from copies of the call
# caches of its dev search and of its test-split run (pair_optimize.sh,
# pair_test.sh), when they are there: the calls they made come back for free.
set -u
cd "$(dirname "$0")/.."
PY="${PY:-.venv/bin/python}"
MINIONC="${MINIONC:-.venv/bin/minionc}"
export LITELLM_LOCAL_MODEL_COST_MAP=True
evaluate() {
  "$MINIONC" route-eval "$1/dev" --test "$1/test" --inputs-only --json > "$1/route_eval.json"
  "$MINIONC" route-eval "$1/dev" --test "$1/test" --inputs-only --plot "$1/route_eval.png"
}
for split in dev test; do
  echo "=== $(date -u +%FT%TZ) route_pair routed $split"
  nice -n 5 taskset -c "${CORES:-1}" "$PY" bench/route_pair.py --questions "bench/longdoc/$split.jsonl" \
    --out "bench/results/route_pair/$split"
done
evaluate bench/results/route_pair
declare -A seed_cache=([dev]=bench/results/pair_dev/cache [test]=bench/results/pair_test/cache)
for split in dev test; do
  out="bench/results/route_pair_doc_qa/$split"
  if [ ! -d "$out/cache" ] && [ -d "${seed_cache[$split]}" ]; then
    mkdir -p "$out" && cp -r "${seed_cache[$split]}" "$out/cache" && rm -rf "$out/cache/optimize"
  fi
  echo "=== $(date -u +%FT%TZ) route_pair doc_qa $split"
  nice -n 5 taskset -c "${CORES:-1}" "$PY" bench/route_pair.py --questions "bench/longdoc/$split.jsonl" \
    --program programs/doc_qa.minion --route s4 --out "$out"
done
evaluate bench/results/route_pair_doc_qa
# The same passages with Qwen 0.5B as the worker: the document cut with Gemma's
# vocabulary, the remote answers taken from the runs above (only local calls run).
for split in dev test; do
  echo "=== $(date -u +%FT%TZ) route_pair routed $split, Qwen 0.5B worker"
  nice -n 5 taskset -c "${CORES:-1}" "$PY" bench/route_pair.py --questions "bench/longdoc/$split.jsonl" \
    --out "bench/results/route_pair_qwen05/$split" --local embedded:qwen2.5-coder-0.5b-instruct \
    --split-tokenizer embedded:gemma-3-270m --strong-from "bench/results/route_pair/$split"
done
evaluate bench/results/route_pair_qwen05
# Qwen 0.5B as the worker with the document cut as a run with Qwen local cuts it
# (its own vocabulary): the passages a deployed cascade's policy reads. Both tiers run.
for split in dev test; do
  echo "=== $(date -u +%FT%TZ) route_pair routed $split, Qwen 0.5B worker, its own cut"
  nice -n 5 taskset -c "${CORES:-1}" "$PY" bench/route_pair.py --questions "bench/longdoc/$split.jsonl" \
    --out "bench/results/route_pair_qwen05_own/$split" --local embedded:qwen2.5-coder-0.5b-instruct
done
evaluate bench/results/route_pair_qwen05_own
echo "=== $(date -u +%FT%TZ) finished"
