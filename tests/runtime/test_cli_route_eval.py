"""`minionc route-eval`: on CSV files written here, on RouteLLM's recorded MMLU
outcomes (../shared/data, skipped when absent), and its one-line errors."""

from __future__ import annotations

import csv
import io
import itertools
import json
from pathlib import Path

import numpy as np
import pytest
from repo_paths import ROOT as REPO

from minionc.cli import run

SHARED_MMLU = REPO.parent / "shared" / "data" / "routellm" / "mmlu"
WEAK, STRONG = "mistralai/Mixtral-8x7B-Instruct-v0.1", "gpt-4-1106-preview"
KEYS = {"apgr", "cpt50", "cpt80", "random_apgr", "apgr_tokens", "calls_saved_at_95"}


def _cli(*argv: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = run(list(argv), stdout, stderr)
    return code, stdout.getvalue(), stderr.getvalue()


def _write_csv(
    path: Path, rows: list[tuple[str, bool, bool]], header: list[str] | None = None
) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header or ["prompt", WEAK, STRONG])
        for prompt, weak, strong in rows:
            writer.writerow([prompt, str(weak), str(strong)])


def _domain(name: str, weak_rate: float, n: int, seed: int) -> list[tuple[str, bool, bool]]:
    rng = np.random.default_rng(seed)
    return [
        (
            f"A {name} question number {i}?\nA. one\nB. two\nC. three\nD. four\nAnswer:",
            bool(rng.random() < weak_rate),
            bool(rng.random() < 0.9),
        )
        for i in range(n)
    ]


@pytest.fixture
def csv_dir(tmp_path: Path) -> Path:
    _write_csv(tmp_path / "mmlu_easy_history.csv", _domain("history", 0.85, 150, 1))
    _write_csv(tmp_path / "mmlu_hard_algebra.csv", _domain("algebra", 0.3, 150, 2))
    contaminated = {"eval_prompt": _domain("history", 0.85, 1, 1)[0][0], "train_prompt": "x"}
    (tmp_path / "contaminated_prompts.jsonl").write_text(json.dumps(contaminated) + "\n")
    return tmp_path


def _check_report(report: dict) -> None:
    assert set(report) >= KEYS
    assert report["random_apgr"] == 0.5
    for key in ("cpt50", "cpt80", "calls_saved_at_95", "tokens_saved_at_95"):
        assert 0.0 <= report[key] <= 1.0, key
    assert report["cpt50"] <= report["cpt80"]
    assert 0.0 < report["apgr"] < 1.5
    assert set(report["routers"]) >= {"learned", "random", "always_weak", "always_strong"}
    assert report["routers"]["always_weak"]["pgr"] == 0.0


def test_route_eval_on_csv_files_json_and_table(csv_dir: Path, tmp_path: Path) -> None:
    code, out, err = _cli("route-eval", str(csv_dir), "--json", "--budget", "40", "--seed", "3")
    assert code == 0, err
    report = json.loads(out)
    _check_report(report)
    assert report["data"]["prompts"] == 299 and report["data"]["contaminated_excluded"] == 1
    assert report["split"]["seed"] == 3
    assert (
        report["split"]["train"] + report["split"]["calibration"] + report["split"]["test"] == 299
    )
    assert report["apgr"] > 0.6  # the domain is in the words
    assert report["policy_budget"] == {"remote_share": 0.4}
    # Deterministic: the same seed gives the same figures.
    assert (
        json.loads(_cli("route-eval", str(csv_dir), "--json", "--budget", "40", "--seed", "3")[1])
        == report
    )

    policy_path = tmp_path / "policy.json"
    code, out, err = _cli("route-eval", str(csv_dir), "--policy-out", str(policy_path))
    assert code == 0, err
    assert "APGR" in out and "learned" in out and "random (seeded)" in out and "budgets" in out
    assert json.loads(policy_path.read_text())["format"] == "minionc-route-policy"


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("missing", "no such directory"),
        ("empty", "no .csv files"),
        ("columns", "expected the columns"),
        ("booleans", "must be True or False"),
        ("single", "single class"),
    ],
)
def test_route_eval_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, setup: str, message: str
) -> None:
    directory = tmp_path / "data"
    if setup != "missing":
        directory.mkdir()
    if setup == "columns":
        _write_csv(directory / "a.csv", [("q", True, True)], header=["question", "a", "b"])
    elif setup == "booleans":
        (directory / "a.csv").write_text(f"prompt,{WEAK},{STRONG}\nq,maybe,True\n")
    elif setup == "single":
        _write_csv(directory / "a.csv", [(f"q{i}", False, True) for i in range(50)])
    code, out, err = _cli("route-eval", str(directory), "--json")
    assert code == 2
    assert out == ""
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.slow  # trains and evaluates on all 7,631 recorded prompts: about 30 s
@pytest.mark.skipif(
    not SHARED_MMLU.is_dir(), reason=f"{SHARED_MMLU} is missing (the shared RouteLLM data)"
)
def test_route_eval_on_recorded_mmlu_outcomes() -> None:
    code, out, err = _cli("route-eval", str(SHARED_MMLU), "--json")
    assert code == 0, err
    report = json.loads(out)
    _check_report(report)
    assert report["data"]["prompts"] > 7000 and report["data"]["contaminated_excluded"] == 3
    assert report["data"]["weak_model"] == WEAK and report["data"]["strong_model"] == STRONG
    assert 0.4 < report["random_apgr_observed"] < 0.6
    assert report["apgr"] > 0.55  # clearly better than random (0.5)
    assert report["calls_saved_at_95"] > report["random_calls_saved_at_95"]


def test_route_eval_token_budget_and_policy_into_a_plan(csv_dir: Path, tmp_path: Path) -> None:
    from minionc.compiler.plan import RouteStep

    from minionc import compile_file, load_plan, save_plan

    source = tmp_path / "routed.minion"
    source.write_text(
        'prompt answer(question: str) -> str """{{ question }}"""\n'
        "protocol routed(question: str) -> str {\n"
        '  result = route(policy: "learned") {\n'
        "    answer(question) @local\n    answer(question) @remote\n  }\n"
        "  return result\n}\n",
        encoding="utf-8",
    )
    save_plan(compile_file(source), tmp_path / "in.json")
    code, out, err = _cli(
        "route-eval",
        str(csv_dir),
        "--json",
        "--token-budget",
        "5",
        "--plan",
        str(tmp_path / "in.json"),
        "-o",
        str(tmp_path / "out.json"),
    )
    assert code == 0, err
    report = json.loads(out)
    assert report["policy_budget"] == {"remote_tokens_per_query": 5.0}
    assert report["token_budget"]["test_remote_tokens_per_query"] <= 5.0 * 1.2
    plan = load_plan(tmp_path / "out.json")
    route = next(s for s in plan.steps if isinstance(s, RouteStep))
    assert route.learned is not None
    assert route.learned["budget"] == {"remote_tokens_per_query": 5.0}
    assert route.learned["trained"]["split"]["seed"] == 0
    code, _, err = _cli("route-eval", str(csv_dir), "--plan", str(tmp_path / "in.json"))
    assert code == 2 and "--plan and -o go together" in err


def test_route_eval_writes_the_curves_and_their_plot(csv_dir: Path, tmp_path: Path) -> None:
    plot = tmp_path / "plots" / "curves.png"
    code, out, err = _cli("route-eval", str(csv_dir), "--json", "--plot", str(plot))
    assert code == 0, err
    curves = json.loads(out)["curves"]
    assert len(curves["share"]) == 101 and curves["share"][0] == 0.0 and curves["share"][-1] == 1.0
    for name in ("learned", "random", "oracle"):
        for axis in ("pgr_by_calls", "pgr_by_tokens"):
            values = curves[name][axis]
            assert len(values) == 101
            assert values[0] == pytest.approx(0.0) and values[-1] == pytest.approx(1.0)
    # The curve's area is the reported APGR (trapezoids on a 0.01 grid).
    learned = curves["learned"]["pgr_by_calls"]
    area = sum((a + b) / 2 for a, b in itertools.pairwise(learned)) / 100
    assert area == pytest.approx(json.loads(out)["apgr"], abs=0.01)
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_route_eval_trains_on_one_split_and_measures_on_a_held_out_one(tmp_path: Path) -> None:
    dev, test = tmp_path / "dev", tmp_path / "test"
    dev.mkdir()
    test.mkdir()
    _write_csv(dev / "mmlu_easy_history.csv", _domain("history", 0.85, 120, 1))
    _write_csv(dev / "mmlu_hard_algebra.csv", _domain("algebra", 0.3, 120, 2))
    _write_csv(test / "mmlu_easy_history.csv", _domain("history", 0.85, 60, 3))
    _write_csv(test / "mmlu_hard_algebra.csv", _domain("algebra", 0.3, 60, 4))
    code, out, err = _cli("route-eval", str(dev), "--test", str(test), "--json")
    assert code == 0, err
    report = json.loads(out)
    _check_report(report)
    assert report["split"]["test"] == 120  # every held-out prompt, and only those
    assert report["split"]["train"] + report["split"]["calibration"] == 240
    assert report["data"]["held_out_files"] and report["apgr"] > 0.55
    wrong = tmp_path / "other"
    wrong.mkdir()
    _write_csv(wrong / "x.csv", _domain("history", 0.85, 10, 5), header=["prompt", "a", "b"])
    code, _, err = _cli("route-eval", str(dev), "--test", str(wrong))
    assert code == 2 and "records a and b" in err


def test_route_eval_grounding_is_asked_for_and_only_with_the_answer(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    with (tmp_path / "qa.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["prompt", WEAK, STRONG, f"{WEAK}_response", f"{STRONG}_response"])
        for i in range(120):
            copied = bool(rng.random() < 0.5)
            answer = f"name{i}" if copied else f"other{i}"
            prompt = f"Passage: the record names name{i}.\nQuestion {i}: who?"
            writer.writerow([prompt, str(copied), "True", json.dumps(answer), f'"name{i}"'])

    def features(*flags: str) -> dict:
        policy = tmp_path / "policy.json"
        code, _, err = _cli("route-eval", str(tmp_path), "--policy-out", str(policy), *flags)
        assert code == 0, err
        return json.loads(policy.read_text())["features"]

    assert features()["use_response"] and not features()["grounding"]
    assert features("--grounding")["grounding"]
    inputs_only = features("--grounding", "--inputs-only")
    assert not inputs_only["use_response"] and not inputs_only["grounding"]
