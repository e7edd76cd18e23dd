"""HEADLINES cascade bench (issue 5): an agreement cascade of embedded-model
samples that defers to the remote tier on disagreement, against each tier alone,
on FrugalGPT's gold-news headlines (`../shared/data/frugalgpt/headlines/`).

    .venv/bin/python bench/headlines.py --make-data         # dev/test JSONL from the CSVs
    .venv/bin/python bench/headlines.py                     # run + score the three programs
    .venv/bin/python bench/headlines.py --programs bench/results/headlines/cascade.optimized.json
    .venv/bin/python bench/headlines.py --score-only

Programs are `bench/headlines/{local_only,remote_only,cascade}.minion` (or any plan
file); each runs as a resumable batch over the test split (the same machinery as
`minionc run --inputs/--out`), results in `--out-dir/<program>.jsonl`, calls in
the bench's call cache. The table gives accuracy (exact label), the share of
queries deferred to the remote tier, and remote/local tokens per query.

The dev split (from train.csv) is what `minionc optimize` calibrates the
cascade's knobs (samples, agree, temperature) on; see bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import e2e  # the batch runner shared with the QA bench

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "bench" / "headlines"
SOURCE = ROOT.parent / "shared" / "data" / "frugalgpt" / "headlines"
PROGRAMS = ("local_only", "remote_only", "cascade")
LABELS = ("up", "down", "neutral", "none")


def read_csv(path: Path) -> list[dict[str, str]]:
    """FrugalGPT's rows: `"Q: <headline>\\nA:"`, label, id (no header line)."""
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        for query, label, ident in csv.reader(handle):
            headline = query.removeprefix("Q:").removesuffix("A:").strip()
            rows.append({"id": f"{path.stem}-{ident}", "headline": headline, "expected": label})
    return rows


def make_data(dev_size: int, test_size: int) -> None:
    """The first `dev_size` rows of train.csv and the first `test_size` of test.csv
    (the files are in no particular order; their label mix is the whole file's)."""
    if not SOURCE.is_dir():
        raise SystemExit(
            f"bench/headlines.py: {SOURCE} is missing; it holds FrugalGPT's headlines "
            "(train.csv, test.csv) beside the repository, in ../shared/data/"
        )
    for name, size in (("dev", dev_size), ("test", test_size)):
        rows = read_csv(SOURCE / ("train.csv" if name == "dev" else "test.csv"))[:size]
        path = HERE / f"{name}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}: {len(rows)} headlines")


@dataclass
class Score:
    program: str
    correct: int = 0
    total: int = 0
    deferred: int = 0
    remote_tokens: list[int] = field(default_factory=list)
    local_tokens: list[int] = field(default_factory=list)
    local_calls: list[int] = field(default_factory=list)
    errors: int = 0


def score(program: str, records: list[dict[str, Any]]) -> Score:
    result = Score(program)
    for record in records:
        usage = record.get("usage") or {}
        remote, local = usage.get("remote") or {}, usage.get("local") or {}
        result.total += 1
        result.correct += str(record.get("value")) == record.get("expected")
        result.deferred += (remote.get("calls", 0) + remote.get("cache_hits", 0)) > 0
        result.remote_tokens.append(
            sum(e2e._with_replayed(remote, f) for f in ("prompt_tokens", "completion_tokens"))
        )
        result.local_tokens.append(
            sum(e2e._with_replayed(local, f) for f in ("prompt_tokens", "completion_tokens"))
        )
        result.local_calls.append(local.get("calls", 0) + local.get("cache_hits", 0))
        result.errors += 0 if record.get("ok") else 1
    return result


def table(scores: list[Score]) -> str:
    def mean(values: list[int]) -> float:
        return statistics.fmean(values) if values else 0.0

    rows = [
        "| program | queries | accuracy | deferred to remote | remote tokens / q | "
        "local tokens / q | local calls / q | runs stopped |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in scores:
        rows.append(
            f"| {s.program} | {s.total} | {s.correct}/{s.total} "
            f"({100 * s.correct / max(1, s.total):.1f}%) | "
            f"{100 * s.deferred / max(1, s.total):.1f}% | {mean(s.remote_tokens):,.0f} | "
            f"{mean(s.local_tokens):,.0f} | {mean(s.local_calls):.1f} | {s.errors} |"
        )
    return "\n".join(rows)


def program_path(program: str) -> str:
    return program if program.endswith((".json", ".minion")) else str(HERE / f"{program}.minion")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--programs", default=",".join(PROGRAMS))
    parser.add_argument("--split", choices=("dev", "test"), default="test")
    parser.add_argument("--out-dir", type=Path, default=ROOT / "bench" / "results" / "headlines")
    parser.add_argument("--limit", type=int, help="only the first N headlines")
    parser.add_argument("--remote", help="a LiteLLM model string for the remote role")
    parser.add_argument("--set", action="append", default=[], metavar="KNOB=VALUE")
    parser.add_argument("--make-data", action="store_true")
    parser.add_argument("--dev-size", type=int, default=100)
    parser.add_argument("--test-size", type=int, default=300)
    parser.add_argument("--score-only", action="store_true")
    args = parser.parse_args(argv)
    if args.make_data:
        make_data(args.dev_size, args.test_size)
        return 0
    programs = [program_path(p.strip()) for p in args.programs.split(",") if p.strip()]
    questions = HERE / f"{args.split}.jsonl"
    args.out_dir.mkdir(parents=True, exist_ok=True)
    refused: list[str] = []
    if not args.score_only:
        refused = e2e.run_programs(
            programs,
            questions=questions,
            document=None,
            out_dir=args.out_dir,
            limit=args.limit,
            remote_spec=args.remote,
            knob_settings=args.set,
        )
    scores = []
    for program in programs:
        records = e2e.load_records(args.out_dir, program, args.limit)
        if records is not None:
            scores.append(score(e2e.program_name(program), records))
    print()
    print(table(scores))
    return 1 if refused else 0


if __name__ == "__main__":
    sys.exit(main())
