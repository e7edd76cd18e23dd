"""Does the embedded model see which MMLU prompts need the strong model?

A side experiment for issue 5's MMLU goal (a prompt-only route saves 47.2% of
remote calls at 95% of always-strong accuracy; the goal is 55%). Gemma 3 270M
reads each prompt once (llama.cpp, every position's logits) and gives six
features: the prompt's length in tokens, its mean and median token surprisal, and
its distribution over the letters A-D after "Answer:" (entropy, top probability,
total mass). Printed:
each feature's AUC for "only strong is right" against the rest, raw and with the
domain's mean taken out (the hashed n-grams already know the domain).

    .venv/bin/python bench/mmlu_probe.py --limit 535 --out bench/results/routing/mmlu_probe.jsonl

(The model reads about 0.6 prompts a second on 2 cores: every position's logits
over a 262k vocabulary dominate, so the whole set would take about 3.5 hours.)
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from pathlib import Path

import numpy as np

FEATURES = (
    "tokens",
    "mean_surprisal",
    "median_surprisal",
    "letter_entropy",
    "letter_top",
    "letter_mass",
)
WEAK, STRONG = "mistralai/Mixtral-8x7B-Instruct-v0.1", "gpt-4-1106-preview"


def load_rows(directory: Path, seed: int, limit: int) -> list[tuple[str, str, bool, bool]]:
    rows = []
    for path in sorted(directory.glob("mmlu_*.csv")):
        domain = path.stem.removeprefix("mmlu_")
        with path.open(newline="") as handle:
            for record in csv.DictReader(handle):
                rows.append(
                    (domain, record["prompt"], record[WEAK] == "True", record[STRONG] == "True")
                )
    random.Random(seed).shuffle(rows)
    return rows[:limit]


def probe(rows: list[tuple[str, str, bool, bool]], out: Path) -> None:
    done = sum(1 for _ in out.open()) if out.exists() else 0  # resumable
    if done >= len(rows):
        return  # every row already probed: no need to load the model
    from llama_cpp import Llama
    from minionc.runtime.embedded import embedded_model_path

    llm = Llama(str(embedded_model_path()), n_ctx=2048, logits_all=True, n_threads=2, verbose=False)
    letters = [llm.tokenize(f" {c}".encode(), add_bos=False)[-1] for c in "ABCD"]
    with out.open("a") as sink:
        for i, (domain, prompt, weak, strong) in enumerate(rows[done:], start=done):
            tokens = llm.tokenize(prompt.encode())[:2000]
            llm.reset()
            llm.eval(tokens)
            logits = np.array(llm.scores[: len(tokens)])
            logprobs = logits - np.logaddexp.reduce(logits, axis=1, keepdims=True)
            surprisal = -logprobs[np.arange(len(tokens) - 1), tokens[1:]]
            last = logprobs[-1, letters]
            share = np.exp(last - np.logaddexp.reduce(last))
            values = (
                len(tokens),
                surprisal.mean(),
                np.median(surprisal),
                -(share * np.log(share)).sum(),
                share.max(),
                np.exp(np.logaddexp.reduce(last)),
            )
            record = {"domain": domain, "weak": weak, "strong": strong}
            record.update({name: float(v) for name, v in zip(FEATURES, values, strict=True)})
            sink.write(json.dumps(record) + "\n")
            sink.flush()
            if i % 100 == 0:
                print(f"{i}/{len(rows)}", file=sys.stderr, flush=True)


def auc(score: np.ndarray, positive: np.ndarray) -> float:
    ranks = np.empty(len(score))
    ranks[np.argsort(score, kind="stable")] = np.arange(len(score))
    p, n = positive.sum(), (~positive).sum()
    return float((ranks[positive].sum() - p * (p - 1) / 2) / (p * n))


def report(out: Path) -> None:
    records = [json.loads(line) for line in out.open()]
    only_strong = np.array([r["strong"] and not r["weak"] for r in records])
    domains = np.array([r["domain"] for r in records])
    print(f"{len(records)} prompts, {only_strong.sum()} where only strong is right")
    print("| feature | AUC | AUC within domain |\n|---|---:|---:|")
    for name in FEATURES:
        x = np.array([r[name] for r in records], dtype=np.float64)
        centred = x.copy()
        for domain in set(domains):
            centred[domains == domain] -= x[domains == domain].mean()
        print(f"| {name} | {auc(x, only_strong):.3f} | {auc(centred, only_strong):.3f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/routellm/mmlu"))
    parser.add_argument("--limit", type=int, default=535)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path("bench/results/routing/mmlu_probe.jsonl"))
    args = parser.parse_args()
    if not args.data.is_dir():
        sys.exit(f"mmlu_probe: no directory {args.data}; pass --data with RouteLLM's mmlu CSVs")
    probe(load_rows(args.data, args.seed, args.limit), args.out)
    report(args.out)


if __name__ == "__main__":
    main()
