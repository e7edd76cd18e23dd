"""Write the plan of one search candidate, to run it on the held-out test split.

`minionc optimize` writes only the candidate it chooses; a report also lists the
ones it dropped or that did not clear. This takes a candidate as the search store
names it (`{"knobs": ..., "placements": ..., "rewrites": ...}`, the `candidate`
field of `cache/optimize/search-*.jsonl`) and writes that configuration of the
program as a plan file for `bench/e2e.py --programs PLAN.json` or `minionc run`.

    .venv/bin/python bench/candidate_plan.py programs/doc_qa.minion \\
        --candidate '{"knobs": {"chunk_size": 250, "top_k": 2}, "placements": {"s4": "remote"}}' \\
        -o bench/results/longdoc_raw/doc_qa.retrieve_remote.json

Demonstration rewrites (`demos`) need the search that bootstrapped them and are
refused here.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from minionc.compiler.configure import KnobError
from minionc.compiler.optimize.space import Candidate, apply_candidate, search_space
from minionc.compiler.plan_io import dump_plan

from minionc import CompileError, compile_file


def candidate_plan(program: Path, material: dict) -> str:
    """The plan text of `program` configured as the candidate `material`."""
    unknown = sorted(set(material) - {"knobs", "placements", "rewrites"})
    if unknown:
        raise ValueError(f"unknown candidate field(s) {', '.join(unknown)}")
    plan = compile_file(program)
    space = search_space(plan)
    offered = {name for name, _ in space.rewrites}
    rewrites = material.get("rewrites") or {}
    if "demos" in rewrites:
        raise ValueError("a candidate with demos needs its search; run `minionc optimize`")
    for name in rewrites:
        if name not in offered:
            raise ValueError(f"rewrite {name!r} is not offered for {program} ({sorted(offered)})")
    placements = material.get("placements") or {}
    auto = dict(space.auto_steps)
    for step, tier in placements.items():
        if tier not in auto.get(step, ()):
            raise ValueError(f"placement {step}={tier!r}: choose one of {auto.get(step, ())}")
    candidate = Candidate.of(material.get("knobs") or {}, placements, rewrites)
    return dump_plan(apply_candidate(plan, candidate))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("program", type=Path)
    parser.add_argument("--candidate", required=True, help="the candidate as JSON")
    parser.add_argument("-o", "--out", type=Path, required=True)
    args = parser.parse_args(argv)
    try:
        material = json.loads(args.candidate)
        if not isinstance(material, dict):
            raise ValueError("the candidate must be a JSON object")
        text = candidate_plan(args.program, material)
    except (CompileError, KnobError, ValueError) as error:  # json errors are ValueErrors
        print(f"candidate_plan: {error}", file=sys.stderr)
        return 1
    args.out.write_text(text)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
