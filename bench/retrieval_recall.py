"""How often doc_qa's retrieval keeps the facts a question needs (issue 18): for
each chunk size and top_k, the share of questions whose evidence sentences (the
long-document benchmark records them, `meta.evidence`) are all in the passages
BM25 keeps, and the evidence tokens a remote answer then reads. No model answers:
this bounds what any reader of those passages can get right, and shows what the
remote tokens buy.

It cuts and retrieves as `minionc run` does (the runtime's `split` with the local
model's tokenizer, and its `retrieve`), so the figures are doc_qa's own.

    .venv/bin/python bench/retrieval_recall.py --questions bench/longdoc/dev.jsonl \\
        --questions bench/longdoc/test.jsonl

`--cover` measures each setting with `retrieve(..., cover: true)` as well.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# doc_qa's knob range, and smaller chunks that spend the same tokens on more passages.
SETTINGS = [(chunk, k) for chunk in (250, 500, 1000) for k in (1, 2, 4, 8)] + [
    (125, 4),
    (125, 8),
    (125, 16),
    (250, 6),
]


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    document: str
    kind: str  # single or two-fact (the benchmark's meta.kind)
    evidence: tuple[str, ...]


def load_questions(path: Path) -> list[Question]:
    questions = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        meta = row.get("meta") or {}
        document = (path.parent / row["context"]["$file"]).read_text(encoding="utf-8")
        evidence = tuple(meta.get("evidence") or [])
        if not evidence:
            raise SystemExit(f"{path}: {row['id']} records no evidence sentences")
        questions.append(Question(row["id"], row["question"], document, meta["kind"], evidence))
    return questions


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


@dataclass
class Recall:
    chunk_size: int
    top_k: int
    kept: dict[str, list[bool]]  # by kind: every evidence sentence kept, per question
    tokens: list[int]
    cover: bool = False

    def share(self, kind: str | None = None) -> tuple[int, int]:
        values = [v for k, vs in self.kept.items() if kind in (None, k) for v in vs]
        return sum(values), len(values)


def measure(
    questions: Sequence[Question],
    count: Callable[[str], int],
    settings: Sequence[tuple[int, int]],
    cover: bool = False,
) -> list[Recall]:
    from minionc.runtime.builtins import retrieve, split_text

    chunked: dict[tuple[str, int], list[str]] = {}
    results = []
    for chunk_size, top_k in settings:
        recall = Recall(chunk_size, top_k, {}, [], cover)
        for q in questions:
            key = (q.document, chunk_size)
            if key not in chunked:
                chunked[key] = split_text(q.document, tokens=chunk_size, count_tokens=count)
            evidence = "\n\n".join(retrieve(chunked[key], q.question, top_k, cover=cover))
            found = _normal(evidence)
            recall.kept.setdefault(q.kind, []).append(
                all(_normal(sentence) in found for sentence in q.evidence)
            )
            recall.tokens.append(count(evidence))
        results.append(recall)
    return results


def table(results: Sequence[Recall], kinds: Sequence[str]) -> str:
    head = " | ".join(f"{kind} questions: all evidence kept" for kind in kinds)
    lines = [
        f"| chunk_size | top_k | retrieval | evidence tokens / q | all questions | {head} |",
        "|---:|---:|---|---:|---:|" + "---:|" * len(kinds),
    ]
    for r in sorted(results, key=lambda r: (statistics.fmean(r.tokens), r.chunk_size, r.cover)):
        cells = []
        for kind in [None, *kinds]:
            kept, total = r.share(kind)
            cells.append(f"{kept}/{total} ({kept / total:.0%})" if total else "-")
        lines.append(
            f"| {r.chunk_size} | {r.top_k} | {'cover' if r.cover else 'bm25'} | "
            f"{statistics.fmean(r.tokens):,.0f} | " + " | ".join(cells) + " |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=Path, action="append", required=True)
    parser.add_argument("--local", help="the local model whose tokenizer cuts the chunks")
    parser.add_argument("--cover", action="store_true", help="also retrieve with cover: true")
    args = parser.parse_args(argv)
    from minionc.runtime.models import default_local_backend

    local = default_local_backend(args.local)
    try:
        for path in args.questions:
            questions = load_questions(path)
            kinds = sorted({q.kind for q in questions})
            print(f"{path} ({len(questions)} questions)\n")
            results = measure(questions, local.count_tokens, SETTINGS)
            if args.cover:
                results += measure(questions, local.count_tokens, SETTINGS, cover=True)
            print(table(results, kinds) + "\n")
    finally:
        local.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
