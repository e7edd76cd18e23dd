"""Smoke test of bench/prefix_store.py on tiny sizes: the report's shape, and that
the second round over the same chunks evaluates fewer prompt tokens with the
store on (token counts, never timings). Runs the embedded model for real."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

pytestmark = pytest.mark.model  # runs the embedded model

BENCH = Path(__file__).resolve().parent.parent / "bench" / "prefix_store.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_prefix_store", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_second_round_reads_the_chunks_from_the_store(
    bench: ModuleType, tmp_path: Path
) -> None:
    out = tmp_path / "report.json"
    argv = ["--chunks", "3", "--tasks", "2", "--repeat", "1", "--chunk-tokens", "300"]
    assert bench.main([*argv, "--json", str(out)]) == 0
    report = json.loads(out.read_text())
    off, on = report["summary"]["store_off"], report["summary"]["store_on"]
    assert off["round2_prompt_tokens"] == on["round2_prompt_tokens"] > 0  # the same jobs
    # Off: each chunk is evaluated again in round 2; on: restored, only the tasks.
    assert on["round2_evaluated_prompt_tokens"] < off["round2_evaluated_prompt_tokens"] / 2
    assert set(report["ratios"]) == {"round2_off_over_on", "two_rounds_off_over_on"}
