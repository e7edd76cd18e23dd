"""Issue 18's table and plot for one question set: every program's accuracy (with a
90% interval), remote and local tokens, wall time and failures, against remote-only,
and whether it meets the goal (>= 10x fewer remote tokens per question at >= 95% of
remote-only's accuracy).

Reads the resumable results `bench/e2e.py` writes (`OUT_DIR/PROGRAM.jsonl`, partial
ones included: each row says how many questions it holds, and every comparison with
remote-only is paired, on the questions both have answered).

    .venv/bin/python bench/pair_report.py --out-dir bench/results/pair_test \\
        --plot bench/results/pair_test/frontier.png
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from e2e import is_correct, load_records  # noqa: E402

GOAL_FEWER = 10.0  # x fewer remote tokens per question than remote-only
GOAL_KEPT = 0.95  # of remote-only's accuracy
ORDER = ("remote_only", "local_only", "minion", "minions", "doc_qa")


@dataclass
class Row:
    program: str
    ids: list[str]
    correct: list[float]  # 1.0 or 0.0 per question, in `ids` order
    remote_tokens: list[float]
    local_tokens: list[float]
    wall_seconds: list[float]
    failures: int
    stopped: int

    @property
    def accuracy(self) -> float:
        return statistics.fmean(self.correct) if self.correct else 0.0

    def interval(self) -> tuple[float, float]:
        from minionc.compiler.optimize.stats import wilson_bounds

        return wilson_bounds(self.correct, 0.95)  # two one-sided 95% bounds: a 90% interval

    def mean(self, values: list[float]) -> float:
        return statistics.fmean(values) if values else 0.0


def _tokens(usage: dict[str, Any]) -> float:
    # Calls answered from the bench's call cache count at their cost.
    return float(
        sum(
            int(usage.get(field, 0)) + int(usage.get(f"replayed_{field}", 0))
            for field in ("prompt_tokens", "completion_tokens")
        )
    )


def row_of(program: str, records: list[dict[str, Any]]) -> Row:
    row = Row(program, [], [], [], [], [], 0, 0)
    for record in records:
        meta = record.get("meta") or {}
        usage = record.get("usage") or {}
        ok = is_correct(record.get("value"), record.get("expected", ""), meta.get("accept", []))
        row.ids.append(str(record.get("id", record.get("line"))))
        row.correct.append(1.0 if ok else 0.0)
        row.remote_tokens.append(_tokens(usage.get("remote") or {}))
        row.local_tokens.append(_tokens(usage.get("local") or {}))
        seconds = record.get("wall_seconds")
        if seconds is None:
            seconds = sum(float((usage.get(t) or {}).get("seconds", 0.0)) for t in usage)
        row.wall_seconds.append(float(seconds))
        row.failures += sum((record.get("failures") or {}).values())
        row.stopped += 0 if record.get("ok") else 1
    return row


@dataclass
class Against:
    """A row compared with remote-only on the questions both answered."""

    paired: int
    fewer: float | None  # x fewer remote tokens per question; None: no remote tokens
    kept: float | None  # accuracy as a share of remote-only's; None: remote-only got 0

    @property
    def meets_goal(self) -> bool:
        fewer_ok = self.fewer is None or self.fewer >= GOAL_FEWER
        return self.paired > 0 and fewer_ok and self.kept is not None and self.kept >= GOAL_KEPT


def against(row: Row, baseline: Row) -> Against:
    where = {i: k for k, i in enumerate(baseline.ids)}
    pairs = [(k, where[i]) for k, i in enumerate(row.ids) if i in where]
    if not pairs:
        return Against(0, None, None)
    ours = statistics.fmean(row.remote_tokens[k] for k, _ in pairs)
    theirs = statistics.fmean(baseline.remote_tokens[b] for _, b in pairs)
    base_accuracy = statistics.fmean(baseline.correct[b] for _, b in pairs)
    accuracy = statistics.fmean(row.correct[k] for k, _ in pairs)
    return Against(
        len(pairs),
        theirs / ours if ours else None,
        accuracy / base_accuracy if base_accuracy else None,
    )


def table(rows: list[Row], baseline: Row | None) -> str:
    lines = [
        "| program | questions | accuracy (90% interval) | remote tokens / q | local tokens / q "
        "| wall s / q | failed outputs | runs stopped | x fewer remote tokens than remote_only "
        "(paired) | share of remote_only's accuracy (paired) | meets the goal |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        low, high = row.interval()
        n = len(row.correct)
        versus = against(row, baseline) if baseline is not None and row is not baseline else None
        if versus is None:
            fewer = kept = "-"
            goal = "(baseline)" if row is baseline else "-"
        else:
            fewer = "no remote tokens" if versus.fewer is None else f"{versus.fewer:.1f}x"
            kept = "-" if versus.kept is None else f"{100 * versus.kept:.0f}%"
            goal = "yes" if versus.meets_goal else "no"
            if baseline is not None and versus.paired < len(baseline.ids):
                goal += f" (on {versus.paired} paired)"
        lines.append(
            f"| {row.program} | {n} | {int(sum(row.correct))}/{n} ({100 * row.accuracy:.0f}%; "
            f"{100 * low:.0f}-{100 * high:.0f}%) | {row.mean(row.remote_tokens):,.0f} | "
            f"{row.mean(row.local_tokens):,.0f} | {row.mean(row.wall_seconds):.1f} | "
            f"{row.failures} | {row.stopped} | {fewer} | {kept} | {goal} |"
        )
    return "\n".join(lines)


def frontier(rows: list[Row]) -> list[Row]:
    """The programs no other beats on both fewer remote tokens and higher accuracy."""
    ordered = sorted(rows, key=lambda r: (r.mean(r.remote_tokens), -r.accuracy))
    kept: list[Row] = []
    for row in ordered:
        if not kept or row.accuracy > kept[-1].accuracy:
            kept.append(row)
    return kept


def plot(rows: list[Row], baseline: Row | None, path: Path, title: str) -> bool:
    from minionc.plotting import headless_pyplot

    plt = headless_pyplot()
    if plt is None:
        return False
    figure, axes = plt.subplots(figsize=(8, 5.5))
    floor = 1.0  # programs with no remote tokens sit on the left edge (log scale)
    # Programs at the same point (a plan that is a program's defaults) share one label.
    labels: dict[tuple[float, float], list[str]] = {}
    for row in rows:
        point = (round(max(floor, row.mean(row.remote_tokens))), round(row.accuracy, 4))
        labels.setdefault(point, []).append(f"{row.program} (n={len(row.correct)})")
    for row in rows:
        x = max(floor, row.mean(row.remote_tokens))
        low, high = row.interval()
        axes.errorbar(
            x,
            row.accuracy,
            yerr=[[row.accuracy - low], [high - row.accuracy]],
            fmt="o",
            capsize=3,
            color="tab:red" if row is baseline else "tab:blue",
        )
        names = labels.pop((round(x), round(row.accuracy, 4)), None)
        if names is None:
            continue  # labelled with the first row at this point
        axes.annotate(
            ", ".join(names),
            (x, row.accuracy),
            textcoords="offset points",
            xytext=(6, 4),
            fontsize=8,
        )
    edge = frontier(rows)
    axes.plot(
        [max(floor, r.mean(r.remote_tokens)) for r in edge],
        [r.accuracy for r in edge],
        "--s",
        color="gray",
        markerfacecolor="none",
        markersize=12,
        label="frontier (fewest remote tokens for the accuracy)",
    )
    if baseline is not None and baseline.correct:
        limit = max(floor, baseline.mean(baseline.remote_tokens) / GOAL_FEWER)
        axes.fill_between(
            [floor, limit],
            GOAL_KEPT * baseline.accuracy,
            1.0,
            color="tab:green",
            alpha=0.15,
            label=f">= {GOAL_FEWER:.0f}x fewer remote tokens at >= {100 * GOAL_KEPT:.0f}% "
            "of remote_only's accuracy",
        )
    axes.set_xscale("log")
    axes.set_xlabel("remote tokens per question (prompt + completion; 1 = none)")
    axes.set_ylabel("accuracy (90% interval)")
    axes.set_ylim(-0.02, 1.02)
    axes.set_title(title)
    axes.legend(loc="upper right", fontsize=8)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=120)
    plt.close(figure)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out-dir", type=Path, required=True, help="bench/e2e.py's --out-dir")
    parser.add_argument("--programs", help="comma-separated (default: every results file)")
    parser.add_argument(
        "--also",
        action="append",
        default=[],
        metavar="LABEL=FILE.jsonl",
        help="another results file, shown as LABEL (e.g. local_only with another worker)",
    )
    parser.add_argument("--baseline", default="remote_only")
    parser.add_argument("--plot", type=Path, help="write the frontier plot (PNG) here")
    parser.add_argument("--title", default="remote tokens against accuracy")
    args = parser.parse_args(argv)
    if args.programs:
        names = [p.strip() for p in args.programs.split(",") if p.strip()]
    else:
        found = [p.stem for p in sorted(args.out_dir.glob("*.jsonl"))]
        names = [n for n in ORDER if n in found] + [n for n in found if n not in ORDER]
    rows = []
    for name in names:
        records = load_records(args.out_dir, name, None)
        if records:
            rows.append(row_of(name, records))
    for also in args.also:
        label, _, file = also.partition("=")
        path = Path(file)
        if not label or not file:
            parser.error(f"--also {also!r}: write LABEL=FILE.jsonl")
        if path.exists():
            lines = path.read_text(encoding="utf-8").splitlines()
            records = [json.loads(line) for line in lines if line.strip()]
            if records:
                rows.append(row_of(label, records))
    if not rows:
        print(f"{args.out_dir}: no results yet", file=sys.stderr)
        return 1
    baseline = next((r for r in rows if r.program == args.baseline), None)
    print(table(rows, baseline))
    if args.plot is not None and not plot(rows, baseline, args.plot, args.title):
        print("matplotlib is not installed: no plot", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
