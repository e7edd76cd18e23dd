"""Is a local model's answer at temperature 0 the same from run to run? The
last-token logits of one prompt evaluated from an empty KV cache twice, and once
after another prompt that shares its first tokens (the runtime keeps a shared
prefix in the cache between calls, so the rest is evaluated in other batches).

    .venv/bin/python bench/kv_batch_stability.py [--model GGUF] [--repeat-header N]

Prompts: a few-shot header of programs/routed.minion's three examples (copied
here, laid out by hand, not rendered by the runtime), N times, then the passages
and question of two test questions recorded by bench/route_pair.py.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from llama_cpp import Llama

ROOT = Path(__file__).resolve().parents[1]
OUTCOMES = ROOT / "bench" / "results" / "route_pair_c125" / "test" / "outcomes.jsonl"
MODEL = Path.home() / ".cache" / "minionc" / "models" / "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
EXAMPLES = [
    ("The board met on 4 March 2021 in Room 4B and approved the new budget.",
     "When did the board approve the new budget?", "4 March 2021"),
    ("Acme's revenue for fiscal 2023 was $5.2 million, up from $4.1 million in 2022.",
     "What was Acme's revenue in 2022?", "$4.1 million"),
    ("Maria Chen became chief executive in March 2020, replacing Tom Hale.",
     "Who was chief executive before Maria Chen?", "Tom Hale"),
]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=MODEL)
    parser.add_argument("--repeat-header", type=int, default=2)
    args = parser.parse_args()
    header = "".join(f"Document: {d}\nQuestion: {q}\nAnswer: {a}\n\n" for d, q, a in EXAMPLES)
    records = [json.loads(line) for line in OUTCOMES.read_text(encoding="utf-8").splitlines()]

    def text(record: dict[str, str]) -> str:
        return header * args.repeat_header + "Document: " + record["prompt"] + "\nAnswer:"

    llm = Llama(str(args.model), n_ctx=4096, n_threads=1, verbose=False, logits_all=True)

    def last_logits(tokens: list[int]) -> np.ndarray:
        llm.eval(tokens)
        return np.array(llm.scores[llm.n_tokens - 1], copy=True)

    target = llm.tokenize(text(records[10]).encode())
    other = llm.tokenize(text(records[9]).encode())
    shared = next(
        (i for i, (x, y) in enumerate(zip(other, target, strict=False)) if x != y), len(other)
    )
    llm.reset()
    first = last_logits(target)
    llm.reset()
    second = last_logits(target)
    llm.reset()
    llm.eval(other)
    llm.n_tokens = shared  # keep the shared prefix, as the runtime's KV reuse does
    reused = last_logits(target[shared:])
    print(f"prompt {len(target)} tokens, {shared} shared, batch {llm.n_batch}")
    print(f"empty cache twice: max |logit difference| {np.abs(first - second).max():.4f}")
    print(f"after the shared prefix: max |logit difference| {np.abs(first - reused).max():.4f}")


if __name__ == "__main__":
    main()
