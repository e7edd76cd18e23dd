"""bench/search_replay.py: the two search strategies replayed on complete outcome
tables, without a model call."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

from minionc.compiler.optimize.search import Constraint
from repo_paths import ROOT


def _module():
    spec = importlib.util.spec_from_file_location(
        "search_replay", ROOT / "bench" / "search_replay.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["search_replay"] = module
    spec.loader.exec_module(module)
    return module


def test_racing_finds_the_cheapest_clearing_candidate_where_halving_can_miss(
    tmp_path: Path,
) -> None:
    replay = _module()
    constraint = Constraint("relative", 0.95)
    found = {"race": 0, "halving": 0}
    rng = random.Random(7)
    for index in range(30):
        table, estimates = replay.simulated_table(rng, 60)
        work = tmp_path / f"r{index}"
        work.mkdir()
        for result in replay.replay(table, "baseline", constraint, work, index, estimates):
            found[result.strategy] += result.found_oracle
    assert found["race"] >= 28  # misses only on a rare false drop by the bounds
    assert found["race"] > found["halving"]


def test_a_table_from_a_store_keeps_the_complete_candidates(tmp_path: Path) -> None:
    replay = _module()
    store = tmp_path / "store.jsonl"
    lines = []
    for candidate, examples in (("baseline", "abc"), ("full", "abc"), ("partial", "ab")):
        for example in examples:
            lines.append(
                f'{{"candidate": "{candidate}", "example": "{example}", "score": 1.0, '
                '"remote_tokens": 10}'
            )
    store.write_text("\n".join(lines) + "\n")
    table = replay._table_from_store(store, "baseline")
    assert sorted(table) == ["baseline", "full"]


def test_a_search_in_progress_is_tabled_cheapest_first(tmp_path: Path) -> None:
    replay = _module()
    store = tmp_path / "store.jsonl"
    rows = [
        ("baseline", "a", 1.0, 100),
        ("baseline", "b", 1.0, 100),
        ("baseline", "c", 0.0, 100),
        ("cheap", "a", 1.0, 10),
        ("cheap", "b", 0.0, 10),
        ("partial", "a", 1.0, 50),
    ]
    store.write_text(
        "".join(
            f'{{"candidate": "{c}", "example": "{e}", "score": {s}, "remote_tokens": {t}}}\n'
            for c, e, s, t in rows
        )
    )
    table = replay.candidates_table(store, "baseline", Constraint("relative", 0.95))
    lines = table.splitlines()[2:]
    assert [line.split(" | ")[0] for line in lines] == ["| cheap", "| partial", "| baseline"]
    assert lines[0].startswith("| cheap | 2 | 1 | 50% |") and lines[0].endswith("| 10 | 10.0x |")
    assert lines[1].startswith("| partial | 1 | 1 | 100% |")  # on the examples it has
