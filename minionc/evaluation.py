"""`minionc eval`: a program or plan scored on a labelled set, as a table.

The set is a dev set of `minionc optimize` (one JSON object per line: the inputs,
`expected`, optional `id` and `meta.accept`), read by the optimizer's own loader;
each line runs as an input of a batch (so `--out` is a batch results file,
resumable, and `--workers` runs lines at once); each result is scored by the
optimizer's metrics (compiler/optimize/metrics.py) and summarised with its
intervals (compiler/optimize/stats.py). Scores are computed from the saved values
at report time, so a resumed evaluation, or the same `--out` under another metric,
scores every line alike.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from minionc.compiler.optimize.devset import DevExample
from minionc.compiler.optimize.evaluate import outcome_of
from minionc.compiler.optimize.metrics import Metric
from minionc.compiler.optimize.stats import paired_bounds, wilson_bounds, z_for

# Two one-sided bounds at 95%: a 90% interval.
ONE_SIDED = 0.95


@dataclass(frozen=True)
class ItemScore:
    id: str
    line: int
    score: float
    value: Any
    expected: Any
    remote_tokens: int  # prompt + completion, calls replayed from the cache included
    local_tokens: int
    usd: float
    wall_seconds: float | None
    failures: Mapping[str, int]  # failed model outputs by kind
    stopped: str | None  # why the run produced no value, if it did not


def score_records(
    examples: Sequence[DevExample], records: Mapping[int, Mapping[str, Any]], metric: Metric
) -> list[ItemScore]:
    """Each example that has a record (by input line), scored, in the set's order."""
    scores = []
    for example in examples:
        record = records.get(example.line)
        if record is None:
            continue
        outcome = outcome_of(example, record, metric)
        usage = record.get("usage") or {}
        usd = sum(float((usage.get(t) or {}).get("usd", 0.0)) for t in ("local", "remote"))
        stopped = None if record.get("ok") else (record.get("problem") or record.get("error"))
        scores.append(
            ItemScore(
                id=example.id,
                line=example.line,
                score=outcome.score,
                value=outcome.value,
                expected=example.expected,
                remote_tokens=outcome.remote_tokens,
                local_tokens=outcome.local_tokens,
                usd=usd,
                wall_seconds=record.get("wall_seconds"),
                failures=dict(record.get("failures") or {}),
                stopped=str(stopped) if stopped else None,
            )
        )
    return scores


def interval(values: Sequence[float]) -> tuple[float, float]:
    """A 90% interval on the mean score: Wilson's for right/wrong scores, the
    normal one (with the sample deviation) for graded ones (f1)."""
    if not values:
        return 0.0, 1.0
    if all(v in (0.0, 1.0) for v in values):
        return wilson_bounds(values, ONE_SIDED)
    if len(values) < 2:
        return 0.0, 1.0
    mean = statistics.fmean(values)
    spread = z_for(ONE_SIDED) * statistics.stdev(values) / math.sqrt(len(values))
    return max(0.0, mean - spread), min(1.0, mean + spread)


@dataclass
class Summary:
    label: str
    items: int
    score: float
    low: float
    high: float
    remote_tokens: float  # per item
    local_tokens: float
    usd: float
    wall_seconds: float | None
    failures: dict[str, int] = field(default_factory=dict)  # failed outputs by kind
    stopped: int = 0  # items with no value

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "items": self.items,
            "score": self.score,
            "interval_90": [self.low, self.high],
            "remote_tokens_per_item": self.remote_tokens,
            "local_tokens_per_item": self.local_tokens,
            "usd_per_item": self.usd,
            "wall_seconds_per_item": self.wall_seconds,
            "failed_outputs": self.failures,
            "stopped": self.stopped,
        }


def summarize(label: str, scores: Sequence[ItemScore]) -> Summary:
    def mean(values: Sequence[float]) -> float:
        return statistics.fmean(values) if values else 0.0

    values = [s.score for s in scores]
    low, high = interval(values)
    walls = [s.wall_seconds for s in scores if s.wall_seconds is not None]
    failures: Counter[str] = Counter()
    for s in scores:
        failures.update(s.failures)
    return Summary(
        label=label,
        items=len(scores),
        score=mean(values),
        low=low,
        high=high,
        remote_tokens=mean([s.remote_tokens for s in scores]),
        local_tokens=mean([s.local_tokens for s in scores]),
        usd=mean([s.usd for s in scores]),
        wall_seconds=mean(walls) if walls else None,
        failures=dict(sorted(failures.items())),
        stopped=sum(1 for s in scores if s.stopped),
    )


@dataclass(frozen=True)
class Paired:
    """`a` against `b` on the items both have: mean(a) - mean(b), with its 90% interval."""

    items: int
    difference: float
    low: float
    high: float
    remote_tokens_ratio: float | None  # b's remote tokens per item / a's

    def to_json(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "score_difference": self.difference,
            "interval_90": [self.low, self.high],
            "x_fewer_remote_tokens": self.remote_tokens_ratio,
        }


def paired(a: Sequence[ItemScore], b: Sequence[ItemScore]) -> Paired:
    theirs = {s.line: s for s in b}
    pairs = [(s, theirs[s.line]) for s in a if s.line in theirs]
    if not pairs:
        return Paired(0, 0.0, -1.0, 1.0, None)
    ours_scores = [x.score for x, _ in pairs]
    their_scores = [y.score for _, y in pairs]
    low, high = paired_bounds(ours_scores, their_scores, 1.0, ONE_SIDED)
    difference = statistics.fmean(ours_scores) - statistics.fmean(their_scores)
    ours_remote = statistics.fmean(x.remote_tokens for x, _ in pairs)
    their_remote = statistics.fmean(y.remote_tokens for _, y in pairs)
    ratio = their_remote / ours_remote if ours_remote else None
    return Paired(len(pairs), difference, max(-1.0, low), min(1.0, high), ratio)


def _failures_text(failures: Mapping[str, int]) -> str:
    return ", ".join(f"{n} {kind}" for kind, n in failures.items()) or "0"


def table(summaries: Sequence[Summary], metric: str) -> str:
    lines = [
        f"| program | items | {metric} (90% interval) | remote tokens / item | local tokens / "
        "item | $ / item | wall s / item | failed outputs | no value |",
        "|---|---:|---|---:|---:|---:|---:|---|---:|",
    ]
    for s in summaries:
        wall = "-" if s.wall_seconds is None else f"{s.wall_seconds:.1f}"
        lines.append(
            f"| {s.label} | {s.items} | {s.score:.3f} ({s.low:.3f}-{s.high:.3f}) | "
            f"{s.remote_tokens:,.0f} | {s.local_tokens:,.0f} | {s.usd:.4f} | {wall} | "
            f"{_failures_text(s.failures)} | {s.stopped} |"
        )
    return "\n".join(lines)


def paired_text(a: str, b: str, result: Paired) -> str:
    if result.items == 0:
        return f"{a} against {b}: no item in common"
    fewer = (
        "no remote tokens"
        if result.remote_tokens_ratio is None
        else f"{result.remote_tokens_ratio:.1f}x fewer remote tokens"
    )
    return (
        f"{a} against {b}, paired on {result.items} items: score {result.difference:+.3f} "
        f"(90% interval {result.low:+.3f} to {result.high:+.3f}); {fewer}"
    )


def item_lines(scores: Sequence[ItemScore], width: int = 60) -> list[str]:
    """`--show`: one line per item."""

    def short(value: Any) -> str:
        text = " ".join(str(value).split())
        return text if len(text) <= width else text[: width - 1] + "…"

    lines = []
    for s in scores:
        why = f" [no value: {short(s.stopped)}]" if s.stopped else ""
        lines.append(
            f"{s.id:>12}  {s.score:.2f}  {short(s.value)!s}  (expected {short(s.expected)}){why}"
        )
    return lines
