#!/usr/bin/env bash
# The main job: set up on a fresh machine, then run the MinionS protocol
# (programs/minions.minion) on the sample annual report (samples/annual_report.txt,
# about 23,000 tokens) with the embedded default pair: Gemma 3 270M as the local
# worker in-process on llama.cpp, Qwen2.5-Coder-1.5B-Instruct as the remote
# supervisor behind a loopback OpenAI-compatible server reached over HTTP. No API
# key, no download. Prints the answer and a local-vs-remote usage table.
#
#   scripts/run.sh                         # the default question
#   scripts/run.sh "Who chairs the board?" # your own question
#   scripts/run.sh explain programs/minions.minion --assume context=23000  # any minionc command
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
VENV="${MINIONC_VENV:-.venv}"
case "${1:-}" in
    check|compile|explain|run|schema|codes|models|optimize|-h|--help|--version) ;;  # a minionc command
    *)
        question="${*:-In which city did Corvena open its new assembly plant in 2025?}"
        echo "minionc: running programs/minions.minion on samples/annual_report.txt" >&2
        echo "question: $question" >&2
        set -- run programs/minions.minion \
            --input-file context=samples/annual_report.txt \
            --input "question=$question"
        ;;
esac
exec "$VENV/bin/minionc" "$@"
