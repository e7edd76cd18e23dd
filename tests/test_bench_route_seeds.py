"""bench/route_seeds.sh: a learned router's test APGR under several draws of its
training questions, checked against `minionc route-eval --seed N --json` itself."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from repo_paths import ROOT

SCRIPT = ROOT / "bench" / "route_seeds.sh"
DATA = ROOT / "bench" / "results" / "route_pair"  # recorded dev and test outcome CSVs
MINIONC = str(Path(sys.executable).parent / "minionc")


def route_eval_apgr(seed: int, *flags: str) -> float:
    done = subprocess.run(
        [
            MINIONC,
            "route-eval",
            str(DATA / "dev"),
            "--test",
            str(DATA / "test"),
            "--seed",
            str(seed),
            *flags,
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(json.loads(done.stdout)["routers"]["learned"]["apgr"])


def test_prints_each_seeds_apgr_and_their_mean() -> None:
    done = subprocess.run(
        ["bash", str(SCRIPT), str(DATA / "dev"), str(DATA / "test"), "--inputs-only"],
        capture_output=True,
        text=True,
        env={**os.environ, "SEEDS": "3", "MINIONC": MINIONC},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    words = done.stdout.split()
    values = [float(w) for w in words[:3]]
    assert values == [round(route_eval_apgr(s, "--inputs-only"), 3) for s in range(3)]
    assert words[3] == "mean" and float(words[4]) == round(sum(values) / 3, 3)
    assert words[5:] == ["min", f"{min(values):.3f}", "max", f"{max(values):.3f}"]
