"""`minionc run --inputs --out --ray ADDRESS` on a real Ray cluster on loopback
(`ray start --head`, started and stopped here, two actors as worker processes),
each actor with its own embedded local model: every input's result lands in the
one OUT file once, a rerun redoes nothing, and an actor killed mid-input loses and
duplicates nothing (its input runs again on a new actor)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from repo_paths import ROOT
from test_cli_batch import CALLS_PER_INPUT, PROGRAM  # the same two-call program

pytestmark = pytest.mark.model  # every actor loads the embedded model

RAY = Path(sys.executable).with_name("ray")
# Long enough that an input takes a few seconds: there is time to kill an actor in one.
DOCUMENT = " ".join(f"Line {n}: the depot in town {n} holds {n * 13} crates." for n in range(90))


# Hermetic: a token a local `ray.init()` left in ~/.ray turns token auth on for the
# head but not for a driver connecting to it; this cluster runs without one.
RAY_ENV = {**os.environ, "RAY_AUTH_MODE": "disabled"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    pytest.importorskip("ray", reason="Ray is not installed (pip install 'minionc[ray]')")
    port = free_port()
    temp = tmp_path_factory.mktemp("ray")
    started = subprocess.run(
        [
            str(RAY),
            "start",
            "--head",
            "--node-ip-address",
            "127.0.0.1",
            "--port",
            str(port),
            "--num-cpus",
            "2",
            "--include-dashboard=false",
            "--disable-usage-stats",
            "--object-store-memory",
            "100000000",
            "--temp-dir",
            str(temp),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        env=RAY_ENV,
    )
    assert started.returncode == 0, started.stdout + started.stderr
    try:
        yield f"127.0.0.1:{port}"
    finally:
        subprocess.run([str(RAY), "stop", "--force"], capture_output=True, timeout=120, env=RAY_ENV)


def setup_batch(tmp_path: Path, address: str, count: int) -> tuple[list[str], Path]:
    program = tmp_path / "qa.minion"
    program.write_text(PROGRAM, encoding="utf-8")
    document = tmp_path / "doc.txt"
    document.write_text(DOCUMENT, encoding="utf-8")
    inputs = tmp_path / "in.jsonl"
    inputs.write_text(
        "".join(
            json.dumps({"id": f"q{n}", "question": f"How many crates are in town {n}?"}) + "\n"
            for n in range(1, count + 1)
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    args = [
        sys.executable,
        "-m",
        "minionc",
        "run",
        str(program),
        "--input-file",
        f"context={document}",
        "--inputs",
        str(inputs),
        "--out",
        str(out),
        "--cache-dir",
        str(tmp_path / "cache"),
        "--ray",
        address,
        "--workers",
        "2",
    ]
    return args, out


def records(out: Path) -> list[dict]:
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_a_batch_on_two_actors_saves_every_input_once(tmp_path: Path, cluster: str) -> None:
    args, out = setup_batch(tmp_path, cluster, 5)
    # Two inputs at once per actor: four in flight on two actors.
    done = subprocess.run(
        [*args, "--ray-actor-inputs", "2"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        env=RAY_ENV,
    )
    assert done.returncode == 0, done.stderr
    assert "(on each Ray actor)" in done.stderr
    saved = records(out)
    assert sorted(r["line"] for r in saved) == [1, 2, 3, 4, 5]
    assert all(r["ok"] and r["usage"]["local"]["calls"] == CALLS_PER_INPUT for r in saved)
    assert len({r["batch"]["local"] for r in saved}) == 1  # both actors: the same model

    again = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=900, env=RAY_ENV)
    assert again.returncode == 0, again.stderr
    assert "5 of 5 inputs already done" in again.stderr and records(out) == saved


def actors_running_an_input() -> list[int]:
    """Ray names a worker process after what it runs: `ray::BatchActor.run`."""
    found = subprocess.run(["pgrep", "-f", "ray::BatchActor.run"], capture_output=True, text=True)
    return [int(pid) for pid in found.stdout.split()]


def test_an_actor_killed_mid_input_loses_and_duplicates_nothing(
    tmp_path: Path, cluster: str
) -> None:
    args, out = setup_batch(tmp_path, cluster, 6)
    process = subprocess.Popen(
        args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=RAY_ENV
    )
    killed = None
    deadline = time.monotonic() + 600
    while killed is None and time.monotonic() < deadline and process.poll() is None:
        running = actors_running_an_input()
        if out.exists() and out.read_text().count("\n") >= 1 and running:
            killed = running[0]
            os.kill(killed, signal.SIGKILL)
        time.sleep(0.1)
    _, stderr = process.communicate(timeout=900)
    assert killed is not None, "no actor was caught mid-input: " + stderr
    assert process.returncode == 0, stderr
    assert "a Ray actor died running input line" in stderr and "it runs again" in stderr
    saved = records(out)
    assert sorted(r["line"] for r in saved) == [1, 2, 3, 4, 5, 6]  # each once, none lost
    assert all(r["ok"] for r in saved)
