"""Smoke test of bench/throughput.py on tiny sizes: the report's shape and the
same-jobs check, never timings. Runs the embedded model for real (about 30 s;
the DSPy way, with its loopback server, about 30 s more)."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

# Never fetch LiteLLM's price table from the internet during tests.
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

pytestmark = pytest.mark.model  # runs the embedded model

BENCH = Path(__file__).resolve().parent.parent / "bench" / "throughput.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_throughput", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_token_counts(bench: ModuleType) -> None:
    prompts = [[1, 2, 3, 4], [1, 5], [1, 2, 3, 9]]
    # The trie: 1-2-3-4, 3-9, 1-5: 6 nodes; in the given order 4 + 1 + 3 = 8.
    assert bench.distinct_tokens(prompts) == 6
    assert bench.in_order_tokens(prompts) == 8
    assert bench.distinct_tokens([]) == 0


def test_the_two_orders_render_the_same_jobs(bench: ModuleType) -> None:
    chunk_major = bench.compile_plan(bench.program_source("chunk_major", 500))
    task_major = bench.compile_plan(bench.program_source("task_major", 500))
    assert chunk_major.prompts == task_major.prompts


def test_main_reports_every_way(
    bench: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.json"
    argv = ["--chunks", "2", "--tasks", "2", "--repeat", "1", "--chunk-tokens", "40"]
    assert bench.main([*argv, "--no-dspy", "--markdown", "--json", str(out)]) == 0
    report = json.loads(out.read_text())

    assert report["same_jobs"] is True
    assert report["workload"]["jobs"] == 4 and len(report["workload"]["tasks"]) == 2
    summary = report["summary"]
    assert list(summary) == ["scheduler", "naive", "limit"]
    for way in summary.values():
        assert way["jobs"] == 4 and way["seconds"] > 0
        assert way["prompt_tokens"] > 0 and way["completion_tokens"] > 0
    # The same prompts both ways; the scheduler reuses at least as much KV cache.
    assert summary["scheduler"]["prompt_tokens"] == summary["naive"]["prompt_tokens"]
    assert summary["scheduler"]["evaluated_tokens"] <= summary["naive"]["evaluated_tokens"]
    work = report["workload"]
    assert 0 < work["distinct_tokens"] <= work["scheduler_order_tokens"]
    assert work["scheduler_order_tokens"] <= work["task_major_order_tokens"]
    assert work["task_major_order_tokens"] <= work["job_prompt_tokens"]
    assert set(report["ratios"]) == {"naive_over_scheduler", "limit_over_scheduler"}
    assert report["rates"]["prefill_tokens_per_second"] > 0
    assert report["command"].endswith("--json " + str(out))
    assert len(report["runs"]) == 3

    printed = capsys.readouterr().out
    assert printed.startswith("## Local throughput")
    assert "| scheduler (runtime, shared-prefix order) |" in printed
    assert "naive / scheduler wall" in printed


@pytest.mark.slow
def test_the_dspy_way(bench: ModuleType) -> None:
    from minionc.runtime.embedded import embedded_model_path
    from minionc.runtime.server import LoopbackServer

    model = embedded_model_path()
    raw = bench.load_raw_llama(model, threads=1)
    try:
        with LoopbackServer(model, n_ctx=bench.N_CTX, n_threads=1) as server:
            pairs = [("The Bergen terminal employs 412 people.", "Who manages the terminal?")]
            run = bench.run_dspy_way(server, pairs, 1, bench.tokenizer(raw))
    finally:
        raw.close()
    assert run.way == "dspy" and run.jobs == 1
    assert run.calls >= 1 and run.prompt_tokens > 0
    assert run.evaluated_tokens is not None and 0 < run.evaluated_tokens <= run.prompt_tokens
    assert run.detail["estimate_token_count_mismatches"] == 0
