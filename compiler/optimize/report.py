"""The optimizer's evidence: a table of every candidate measured (Markdown and
CSV), the frontier of remote tokens against quality as a PNG, and a JSON summary.
"""

from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from minionc.plotting import headless_pyplot

from .driver import Optimized
from .search import CandidateRecord, SearchResult

__all__ = ["CandidateRow", "candidate_rows", "frontier", "write_report"]


@dataclass(frozen=True)
class CandidateRow:
    label: str
    role: str  # chosen, baseline, cleared, measured, dropped
    examples: int  # dev examples it was measured on
    quality: float
    margin_lower_bound: float | None  # on the whole dev set only
    remote_tokens: float  # per query
    local_tokens: float
    remote_calls: float
    failures: int
    note: str


def candidate_rows(result: SearchResult) -> list[CandidateRow]:
    rows = [_row(result, record) for record in [result.baseline, *result.records]]
    order = {"chosen": 0, "baseline": 1, "cleared": 2, "measured": 3, "dropped": 4}
    return sorted(rows, key=lambda r: (order[r.role], -r.examples, r.remote_tokens, -r.quality))


def frontier(rows: list[CandidateRow]) -> list[CandidateRow]:
    """The rows measured on the whole dev set that no other such row beats on
    both quality and remote tokens: what each extra remote token buys."""
    full = max((r.examples for r in rows), default=0)
    complete = sorted(
        (r for r in rows if r.examples == full), key=lambda r: (r.remote_tokens, -r.quality)
    )
    best: list[CandidateRow] = []
    for row in complete:
        if not best or row.quality > best[-1].quality:
            best.append(row)
    return best


def write_report(optimized: Optimized, directory: Path, *, title: str) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    rows = candidate_rows(optimized.search)
    written = [
        _write_markdown(directory / "candidates.md", rows, optimized, title),
        _write_csv(directory / "candidates.csv", rows),
        _write_summary(directory / "summary.json", rows, optimized),
    ]
    png = _write_plot(directory / "frontier.png", rows, title)
    if png is not None:
        written.append(png)
    return written


def _row(result: SearchResult, record: CandidateRecord) -> CandidateRow:
    ids = [i for i in result.order if i in record.outcomes]
    complete = len(ids) == len(result.order)
    low = None
    if complete:
        low, _ = result.constraint.margin_bounds(
            record.scores(ids), result.baseline.scores(result.order)
        )
    if record is result.chosen:
        role = "chosen"
    elif record is result.baseline:
        role = "baseline"
    elif low is not None and low >= 0:
        role = "cleared"
    elif record.dropped:
        role = "dropped"
    else:
        role = "measured"
    outcomes = [record.outcomes[i] for i in ids]
    per_query = (lambda total: total / len(ids)) if ids else (lambda total: 0.0)
    note = record.dropped or ""
    if complete and role in ("measured", "baseline") and low is not None and low < 0:
        note = note or "does not clear the constraint"
    return CandidateRow(
        label=record.label,
        role=role,
        examples=len(ids),
        quality=record.quality(ids),
        margin_lower_bound=low,
        remote_tokens=record.remote_tokens(ids),
        local_tokens=record.local_tokens(ids),
        remote_calls=per_query(sum(o.remote_calls for o in outcomes)),
        failures=sum(o.failures for o in outcomes),
        note=note,
    )


def _write_markdown(path: Path, rows: list[CandidateRow], optimized: Optimized, title: str) -> Path:
    search = optimized.search
    lines = [
        f"# {title}",
        "",
        f"Constraint: {search.constraint.describe()}. Dev examples: {len(search.order)}. "
        # The rows hold the baseline too; the space counts candidates only.
        f"Candidates measured: {len(rows) - 1} of a space of {optimized.space.size}, "
        "and the baseline. "
        f"Model calls: {search.model_calls}"
        + (" (the call budget ran out)" if search.budget_spent else "")
        + f". Seed: {optimized.seed}.",
        "",
        "| candidate | role | examples | quality | margin (lower bound) | remote tokens / query "
        "| local tokens / query | remote calls / query | failed outputs | note |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        margin = f"{r.margin_lower_bound:+.3f}" if r.margin_lower_bound is not None else ""
        lines.append(
            f"| {r.label} | {r.role} | {r.examples} | {r.quality:.3f} | {margin} | "
            f"{r.remote_tokens:,.0f} | {r.local_tokens:,.0f} | {r.remote_calls:.1f} | "
            f"{r.failures} | {r.note} |"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _write_csv(path: Path, rows: list[CandidateRow]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CandidateRow.__dataclass_fields__)
        for r in rows:
            writer.writerow(getattr(r, name) for name in CandidateRow.__dataclass_fields__)
    return path


def _write_summary(path: Path, rows: list[CandidateRow], optimized: Optimized) -> Path:
    search = optimized.search

    def as_json(row: CandidateRow | None) -> dict[str, Any] | None:
        return (
            None if row is None else {k: getattr(row, k) for k in CandidateRow.__dataclass_fields__}
        )

    chosen = next((r for r in rows if r.role == "chosen"), None)
    baseline = next((r for r in rows if r.role == "baseline"), None)
    summary = {
        "constraint": search.constraint.describe(),
        "examples": len(search.order),
        "space_size": optimized.space.size,
        "candidates_measured": len(rows),
        "model_calls": search.model_calls,
        "budget_spent": search.budget_spent,
        "seed": optimized.seed,
        "chosen": as_json(chosen),
        "baseline": as_json(baseline),
        "frontier": [r.label for r in frontier(rows)],
        "store": str(optimized.store),
    }
    path.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return path


def _write_plot(path: Path, rows: list[CandidateRow], title: str) -> Path | None:
    plt = headless_pyplot()
    if plt is None:
        return None
    full = max((r.examples for r in rows), default=0)
    complete = [r for r in rows if r.examples == full]
    partial = [r for r in rows if r.examples < full]
    figure, axes = plt.subplots(figsize=(8.5, 4.5), dpi=120)
    try:
        if partial:
            axes.scatter(
                [r.remote_tokens for r in partial],
                [r.quality for r in partial],
                s=18,
                c="#bbbbbb",
                label="dropped early (part of the dev set)",
            )
        axes.scatter(
            [r.remote_tokens for r in complete],
            [r.quality for r in complete],
            s=26,
            c="#4477aa",
            label="measured on the whole dev set",
        )
        edge = frontier(rows)
        axes.plot(
            [r.remote_tokens for r in edge],
            [r.quality for r in edge],
            c="#4477aa",
            lw=1,
            ls="--",
            label="frontier",
        )
        for row, marker, colour in (
            (next((r for r in rows if r.role == "baseline"), None), "s", "#cc6677"),
            (next((r for r in rows if r.role == "chosen"), None), "*", "#117733"),
        ):
            if row is not None:
                axes.scatter(
                    [row.remote_tokens],
                    [row.quality],
                    s=140,
                    marker=marker,
                    c=colour,
                    label=row.role,
                    zorder=3,  # above the candidates it may share a point with
                )
        top = max((r.remote_tokens for r in rows), default=1.0)
        if (
            top > 0
            and min((r.remote_tokens for r in rows if r.remote_tokens > 0), default=top) * 20 < top
        ):
            axes.set_xscale("symlog", linthresh=max(1.0, 10 ** math.floor(math.log10(top) - 2)))
        axes.set_xlabel("remote tokens per query")
        axes.set_ylabel("quality (mean metric)")
        axes.set_ylim(-0.02, 1.02)
        axes.set_title(title, fontsize=10)
        axes.grid(alpha=0.3)
        # Outside the axes: inside, it hid the baseline, which sits at the far right.
        axes.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
        figure.tight_layout()
        figure.savefig(path)
    finally:
        plt.close(figure)
    return path
