"""The lenient JSON reader of runtime/output_parse.py against the json_repair
library, on the fixture of real model outputs (tests/runtime/data/
gemma_outputs.jsonl): how many outputs each parses to the value a person read in
them (the fixture's `expected`), with everything else in the parser the same.

    .venv/bin/python bench/json_readers.py

The library replaces the lenient stage only: JSON that `json.loads` reads is read
the same way by both; for the rest, `json_repair.loads` on the text from each
`{` or `[` takes the place of the hand-written reader.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "runtime" / "data" / "gemma_outputs.jsonl"


def json_repair_candidates(text: str) -> list[Any]:
    """json_candidates with json_repair as the lenient reader."""
    import json_repair
    from minionc.runtime import lenient_json as op

    found: list[Any] = []
    covered_until = -1
    decoder = json.JSONDecoder()
    starts = sorted(
        [m.start() for m in re.finditer(r"\{", text)][: op._MAX_STARTS]
        + [m.start() for m in re.finditer(r"\[", text)][: op._MAX_STARTS]
    )
    for start in starts:
        if start < covered_until:
            continue
        try:
            value, end = decoder.raw_decode(text, start)
            candidate = op.JsonCandidate(value, [], False, False, start, end)
        except (ValueError, RecursionError):
            try:
                value = json_repair.loads(text[start:])
            except Exception:
                continue
            if value in ("", None) or not isinstance(value, dict | list):
                continue
            candidate = op.JsonCandidate(value, ["json_repair"], False, False, start, len(text))
        if op._outside_text(text, candidate.start, candidate.end):
            candidate.repairs.append("json_in_text")
        elif "```" in text:
            candidate.repairs.append("code_fence")
        found.append(candidate)
        covered_until = candidate.end
    return found


def score(rows: list[dict[str, Any]]) -> tuple[int, list[str]]:
    from minionc.runtime.output import Parsed, parse_output

    right, wrong = 0, []
    for row in rows:
        result = parse_output(
            row["raw"], row["schema"], row["types"], raw_completion=row["raw_completion"]
        )
        expected = row["expected"]
        same = (
            isinstance(result, Parsed) and result.value == expected["value"]
            if expected["ok"]
            else not isinstance(result, Parsed) and result.reason == expected["reason"]
        )
        right += same
        if not same:
            wrong.append(row["id"])
    return right, wrong


def main() -> int:
    from minionc.runtime import output

    rows = [json.loads(line) for line in FIXTURE.read_text().splitlines() if line.strip()]
    with_json = [r for r in rows if "{" in r["raw"] or "[" in r["raw"]]
    ours, ours_wrong = score(with_json)
    original = output.json_candidates
    output.json_candidates = json_repair_candidates  # type: ignore[assignment]
    try:
        theirs, theirs_wrong = score(with_json)
    finally:
        output.json_candidates = original
    print(f"{len(rows)} real outputs, {len(with_json)} with a {{ or [ in them")
    print("| lenient JSON reader | parsed as a person read them |")
    print("|---|---:|")
    print(f"| lenient_json.py's own | {ours}/{len(with_json)} |")
    print(f"| json_repair | {theirs}/{len(with_json)} |")
    print(f"ours missed: {ours_wrong}")
    print(f"json_repair missed: {theirs_wrong}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
