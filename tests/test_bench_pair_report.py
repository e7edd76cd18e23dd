"""bench/pair_report.py: issue 18's table and plot from bench/e2e.py's results,
partial ones included; the goal (>= 10x fewer remote tokens at >= 95% of
remote-only's accuracy) is judged on the questions both programs answered."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from repo_paths import ROOT

sys.path.insert(0, str(ROOT / "bench"))

import pair_report


def write(out: Path, program: str, rows: list[tuple[str, str, int, int]]) -> None:
    """rows: (id, answer, remote tokens, local tokens); the expected answer is "Gdynia"."""
    lines = []
    for number, (qid, answer, remote, local) in enumerate(rows, 1):
        record = {
            "line": number,
            "id": qid,
            "expected": "Gdynia",
            "meta": {"accept": []},
            "value": answer,
            "ok": True,
            "usage": {
                "remote": {
                    "prompt_tokens": remote - 10 if remote else 0,
                    "completion_tokens": 10 if remote else 0,
                },
                "local": {"prompt_tokens": local, "completion_tokens": 0},
            },
            "failures": {},
            "wall_seconds": 2.0,
        }
        lines.append(json.dumps(record))
    (out / f"{program}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_the_goal_is_judged_paired_against_remote_only(tmp_path: Path, capsys) -> None:
    write(
        tmp_path,
        "remote_only",
        [
            ("q1", "Gdynia", 1000, 0),
            ("q2", "Gdynia", 1000, 0),
            ("q3", "no", 1000, 0),
            ("q4", "Gdynia", 1000, 0),
        ],
    )
    # Same accuracy, 20x fewer remote tokens: meets the goal.
    write(
        tmp_path,
        "minions",
        [
            ("q1", "Gdynia", 50, 900),
            ("q2", "Gdynia", 50, 900),
            ("q3", "Gdynia", 50, 900),
            ("q4", "no", 50, 900),
        ],
    )
    # Half the accuracy: does not.
    write(
        tmp_path,
        "minion",
        [
            ("q1", "Gdynia", 50, 0),
            ("q2", "no", 50, 0),
            ("q3", "no", 50, 0),
            ("q4", "no", 50, 0),
        ],
    )
    # Only two questions so far, both right, no remote tokens: judged on those two.
    write(tmp_path, "local_only", [("q1", "Gdynia", 0, 500), ("q2", "Gdynia", 0, 500)])
    plot = tmp_path / "frontier.png"
    assert pair_report.main(["--out-dir", str(tmp_path), "--plot", str(plot)]) == 0
    rows = {
        line.split("|")[1].strip(): [cell.strip() for cell in line.split("|")[1:-1]]
        for line in capsys.readouterr().out.splitlines()[2:]
    }
    assert list(rows) == ["remote_only", "local_only", "minion", "minions"]
    assert (
        rows["remote_only"][2].startswith("3/4 (75%;") and rows["remote_only"][-1] == "(baseline)"
    )
    assert rows["minions"][3] == "50" and rows["minions"][8] == "20.0x"
    assert rows["minions"][9] == "100%" and rows["minions"][-1] == "yes"
    assert rows["minion"][9] == "33%" and rows["minion"][-1] == "no"
    assert rows["local_only"][8] == "no remote tokens"
    assert rows["local_only"][-1] == "yes (on 2 paired)"
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_frontier_keeps_only_programs_nothing_beats_on_both() -> None:
    def row(name: str, tokens: float, right: int) -> pair_report.Row:
        correct = [1.0] * right + [0.0] * (4 - right)
        return pair_report.Row(
            name, ["a", "b", "c", "d"], correct, [tokens] * 4, [0.0] * 4, [1.0] * 4, 0, 0
        )

    rows = [
        row("cheap", 0, 1),
        row("dear", 1000, 3),
        row("dominated", 500, 1),
        row("middle", 100, 2),
    ]
    assert [r.program for r in pair_report.frontier(rows)] == ["cheap", "middle", "dear"]


def test_no_results_is_a_message_not_a_traceback(tmp_path: Path, capsys) -> None:
    assert pair_report.main(["--out-dir", str(tmp_path)]) == 1
    assert "no results yet" in capsys.readouterr().err
