"""A small HEADLINES dev set for the optimizer's real-model tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

# From FrugalGPT's HEADLINES test split.
HEADLINES_DEV = [
    ("gold futures end the week 1.4% higher", "up"),
    ("hold on to that gold, it could glitter for some more time", "none"),
    ("gold futures drop to lowest level since mid-october", "down"),
    ("Gold falls back from nearly 3-month high", "down"),
    ("gold rises as traders digest fed minutes", "up"),
    ("gold steady ahead of speeches by yellen, draghi at jackson hole", "neutral"),
    ("intraday strategy for gold, nickel, lead: angel broking", "none"),
    ("august gold rises 0.1% to $941.90 an ounce", "up"),
    ("spot gold quoted at $394.20, down 20c from new york", "down"),
    ("gold pulls back from earlier rise", "up"),
    ("Gold slips Rs 70 to Rs 34,000/10gm on muted demand", "down"),
    ("gold futures close with a gain of nearly 3%", "up"),
]


def write_headline_dev(path: Path, rows: list[tuple[str, str]]) -> Any:
    """A dev set of (headline, label) rows, loaded for the optimizer."""
    import json

    from minionc.compiler.optimize.devset import load_dev_set

    lines = [
        json.dumps({"id": f"h{i}", "headline": h, "expected": e}) for i, (h, e) in enumerate(rows)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_dev_set(path, ["headline"], {})
