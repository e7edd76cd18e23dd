"""The `minionc` command as a user runs it: exit statuses, where output goes, and
the messages a user's mistakes get. Never a traceback. Most tests call the console
script's `main` in this process (its streams, working directory and SIGTERM
handler swapped in and restored): a subprocess per call would spend most of this
file's time importing. A few run `python -m minionc` for real, so the entry point
itself is covered."""

from __future__ import annotations

import contextlib
import io
import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from minionc.compiler.plan_io import load_plan, parse_plan
from repo_paths import ROOT

from minionc import cli

PROGRAMS = sorted(f"programs/{p.name}" for p in (ROOT / "programs").glob("*.minion"))

BROKEN = """\
models { worker = local }
prompt ask(q: str) -> str "{{ q }}"
protocol main(question: str) -> str {
  answer = ask(questoin) @worker
  return answer
}
"""


def minionc(
    *args: str, cwd: Path = ROOT, process: bool = False
) -> subprocess.CompletedProcess[str]:
    if process:
        done = subprocess.run(
            [sys.executable, "-m", "minionc", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=120,
        )
    else:
        stdout, stderr = io.StringIO(), io.StringIO()
        on_sigterm = signal.getsignal(signal.SIGTERM)
        try:
            with (
                contextlib.chdir(cwd),
                contextlib.redirect_stdout(stdout),
                contextlib.redirect_stderr(stderr),
            ):
                code = cli.main(list(args))
        finally:
            signal.signal(signal.SIGTERM, on_sigterm)
        done = subprocess.CompletedProcess(list(args), code, stdout.getvalue(), stderr.getvalue())
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.minion"
    path.write_text(BROKEN, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def plan_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("plans") / "minions.plan.json"
    done = minionc("compile", "programs/minions.minion", "-o", str(out))
    assert done.returncode == 0, done.stderr
    return out


# ---- help and version --------------------------------------------------------------


def test_help_says_what_minionc_is_with_an_example() -> None:
    done = minionc("--help", process=True)
    assert done.returncode == 0
    assert "minionc compiles prompt programs" in done.stdout
    assert "minionc check programs/minions.minion" in done.stdout
    assert "minionc compile programs/minions.minion -o minions.plan.json" in done.stdout
    assert "minionc explain minions.plan.json --assume context=50000" in done.stdout
    for command in ("check", "compile", "explain", "schema", "codes"):
        assert command in done.stdout


def test_no_command_prints_help_and_fails() -> None:
    done = minionc(process=True)
    assert done.returncode == 2
    assert "usage: minionc" in done.stderr


def test_version() -> None:
    done = minionc("--version", process=True)
    assert done.returncode == 0
    assert done.stdout.startswith("minionc 0.1.0")


def test_unknown_command_is_a_usage_error() -> None:
    done = minionc("compil", "x.minion")
    assert done.returncode == 2
    assert "minionc: error:" in done.stderr


@pytest.mark.parametrize(
    ("extra", "wanted"),
    [
        (["--workers", "0"], "--workers must be at least 1"),
        (["--batch-budget", "remote.dollars=5"], "--batch-budget 'remote.dollars=5': the metric"),
    ],
)
def test_batch_option_mistakes_are_usage_errors_before_any_model_loads(
    tmp_path: Path, extra: list[str], wanted: str
) -> None:
    inputs = tmp_path / "in.jsonl"
    inputs.write_text('{"question": "Where?"}\n', encoding="utf-8")
    done = minionc(
        "run",
        "programs/remote_only.minion",
        "--input",
        "context=x",
        "--inputs",
        str(inputs),
        "--out",
        str(tmp_path / "out.jsonl"),
        *extra,
    )
    assert done.returncode == 2, done.stderr
    assert wanted in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "out.jsonl").exists()


def test_workers_outside_batch_mode_is_a_usage_error() -> None:
    done = minionc("run", "programs/remote_only.minion", "--workers", "2")
    assert done.returncode == 2
    assert "--workers, --batch-budget and --ray are for batch mode" in done.stderr


# ---- check -----------------------------------------------------------------------------


def test_check_standard_programs() -> None:
    done = minionc("check", *PROGRAMS)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [f"{p}: ok" for p in PROGRAMS]
    assert done.stderr == ""


def test_check_reports_errors_with_caret_and_summary(broken: Path) -> None:
    done = minionc("check", str(broken), "programs/minion.minion")
    assert done.returncode == 1
    assert f"{broken}:4:16: error[M0101]: unknown name 'questoin'" in done.stderr
    assert "4 |   answer = ask(questoin) @worker" in done.stderr
    assert "^^^^^^^^" in done.stderr
    assert "did you mean 'question'?" in done.stderr
    assert "programs/minion.minion: ok" in done.stdout
    assert done.stdout.splitlines()[-1] == "1 error in 1 file (2 checked)"


def test_check_json(broken: Path) -> None:
    done = minionc("check", "--json", str(broken), "programs/routed.minion")
    assert done.returncode == 1
    data = json.loads(done.stdout)
    assert data["ok"] is False and data["errors"] == 1 and data["warnings"] == 0
    first, second = data["files"]
    assert first["path"] == str(broken) and first["ok"] is False
    (diagnostic,) = first["diagnostics"]
    assert diagnostic["code"] == "M0101"
    assert (diagnostic["line"], diagnostic["column"]) == (4, 16)
    assert second == {
        "path": "programs/routed.minion",
        "ok": True,
        "errors": 0,
        "warnings": 0,
        "diagnostics": [],
    }


def test_check_missing_file() -> None:
    done = minionc("check", "no/such.minion", process=True)
    assert done.returncode == 1
    assert "minionc: error: no such file: no/such.minion" in done.stderr
    assert "1 error in 1 file" in done.stdout


# ---- compile ---------------------------------------------------------------------------


def test_compile_to_stdout_matches_the_golden_plan() -> None:
    done = minionc("compile", "programs/minions.minion")
    assert done.returncode == 0, done.stderr
    assert done.stdout == (ROOT / "tests/golden/minions.plan.json").read_text(encoding="utf-8")
    plan = parse_plan(done.stdout, "stdout")
    assert plan.estimate is not None


def test_compile_to_file_with_assumptions(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    done = minionc(
        "compile",
        "programs/minions.minion",
        "-o",
        str(out),
        "--assume",
        "context=50000",
        "--assume",
        "plan.items=6,kept.keep=0.5",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert f"minionc: wrote {out} (protocol minions; estimate per run:" in done.stderr
    plan = load_plan(out)
    assert plan.estimate is not None
    assert plan.estimate.assumptions["context"] == 50000
    assert plan.estimate.assumptions["plan.items"] == 6
    assert plan.estimate.local.calls == 50 * 6 * 1 * 2


def test_compile_program_with_errors_writes_nothing(broken: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    done = minionc("compile", str(broken), "-o", str(out))
    assert done.returncode == 1
    assert "error[M0101]" in done.stderr
    assert f"minionc: error: {broken}: 1 error; no plan written" in done.stderr
    assert not out.exists()


def test_compile_into_a_missing_directory(tmp_path: Path) -> None:
    done = minionc("compile", "programs/minions.minion", "-o", str(tmp_path / "no/dir/p.json"))
    assert done.returncode == 1
    assert "minionc: error: cannot write the plan to" in done.stderr


def test_compile_missing_file() -> None:
    done = minionc("compile", "nope.minion")
    assert done.returncode == 1
    assert "minionc: error: no such file: nope.minion" in done.stderr


@pytest.mark.parametrize(
    ("assume", "expected"),
    [
        ("context", "'context' is not NAME=NUMBER; write for example --assume context=50000"),
        ("context=abc", "the value of context must be a number, not 'abc'"),
        ("=5", "'=5' is not NAME=NUMBER"),
        ("context=-3", "the value of context must be a number >= 0"),
        ("con text=3", "'con text' is not an assumption name"),
    ],
)
def test_bad_assume_syntax_is_a_usage_error(assume: str, expected: str) -> None:
    done = minionc("compile", "programs/minions.minion", "--assume", assume)
    assert done.returncode == 2
    assert "minionc: error: argument --assume: " + expected in done.stderr
    assert done.stdout == ""


def test_unknown_assumption_name_is_a_usage_error() -> None:
    done = minionc("compile", "programs/minions.minion", "--assume", "contxt=5")
    assert done.returncode == 2
    assert "minionc: error: --assume: unknown assumption contxt" in done.stderr
    assert "did you mean 'context'?" in done.stderr
    assert "known: context, kept.keep, plan.items, question" in done.stderr


def test_compile_chooses_the_protocol(tmp_path: Path) -> None:
    two = tmp_path / "two.minion"
    two.write_text(
        "protocol a(q: str) -> str { return q }\nprotocol b(q: str) -> str { return q }\n",
        encoding="utf-8",
    )
    assert minionc("compile", str(two)).returncode == 1
    done = minionc("compile", str(two), "--protocol", "b")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["protocol"] == "b"


# ---- explain ---------------------------------------------------------------------------


def test_explain_program() -> None:
    done = minionc("explain", "programs/minions.minion", "--assume", "context=50000")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("protocol minions\n")
    assert "context -> distinct -> synthesize @supervisor (remote)" in done.stdout
    assert "c in chunks (50) x t in plan.tasks (4) x 1 sample = 200 calls" in done.stdout


def test_explain_plan_file_json(plan_file: Path) -> None:
    done = minionc("explain", str(plan_file), "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["protocol"] == "minions"
    assert data["estimate"]["assumptions"]["context"] == 10000  # as compiled


def test_explain_plan_file_re_estimates_with_assume(plan_file: Path) -> None:
    done = minionc("explain", str(plan_file), "--json", "--assume", "context=50000")
    assert done.returncode == 0, done.stderr
    estimate = json.loads(done.stdout)["estimate"]
    assert estimate["assumptions"]["context"] == 50000
    assert estimate["local"]["calls"] == 400


def test_explain_plan_with_wrong_protocol(plan_file: Path) -> None:
    done = minionc("explain", str(plan_file), "--protocol", "minion")
    assert done.returncode == 2
    assert "minionc: error: --protocol minion: this plan is for protocol minions" in done.stderr


def test_explain_bad_plans(tmp_path: Path, plan_file: Path) -> None:
    newer = json.loads(plan_file.read_text(encoding="utf-8"))
    newer["version"] = 2
    cases = {
        "newer.json": (json.dumps(newer), "plan version 2 is not supported"),
        "garbage.json": ("{ nope", "not valid JSON (line 1, column 3"),
        "other.json": ('{"hello": 1}', "this is not a minionc plan"),
    }
    for name, (text, expected) in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        done = minionc("explain", str(path))
        assert done.returncode == 1, name
        assert done.stderr.startswith(f"minionc: error: {path}: "), done.stderr
        assert expected in done.stderr


def test_explain_missing_plan(tmp_path: Path) -> None:
    done = minionc("explain", str(tmp_path / "none.json"))
    assert done.returncode == 1
    assert "no such file" in done.stderr


# ---- schema and codes -----------------------------------------------------------------


def test_schema() -> None:
    done = minionc("schema")
    assert done.returncode == 0
    schema = json.loads(done.stdout)
    assert schema["$id"] == "urn:minionc:plan:v1"
    assert "steps" in schema["properties"]


def test_codes_list_and_one_code() -> None:
    done = minionc("codes")
    assert done.returncode == 0
    assert "M0001  syntax error" in done.stdout
    assert "M0701  private data reaches a remote step" in done.stdout
    one = minionc("codes", "m0701")
    assert one.returncode == 0
    assert one.stdout.startswith("M0701  private data reaches a remote step\n")
    assert "share" in one.stdout


def test_unknown_code() -> None:
    done = minionc("codes", "M0177")
    assert done.returncode == 2
    assert "minionc: error: unknown diagnostic code 'M0177'" in done.stderr


# ---- internal errors (in process) -------------------------------------------------------


def _boom(*args: object) -> int:
    raise RuntimeError("the flux capacitor broke")


def test_internal_error_is_short_without_debug(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(cli.COMMANDS, "schema", (cli.COMMANDS["schema"][0], _boom))
    monkeypatch.delenv("MINIONC_DEBUG", raising=False)
    assert cli.main(["schema"]) == cli.EXIT_INTERNAL
    err = capsys.readouterr().err
    assert (
        "minionc: internal error, please report it: RuntimeError: the flux capacitor broke" in err
    )
    assert "MINIONC_DEBUG=1" in err
    assert "Traceback" not in err


def test_internal_error_traceback_with_debug(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(cli.COMMANDS, "schema", (cli.COMMANDS["schema"][0], _boom))
    monkeypatch.setenv("MINIONC_DEBUG", "1")
    assert cli.main(["schema"]) == cli.EXIT_INTERNAL
    assert "Traceback" in capsys.readouterr().err


def test_parse_assumption_accepts_lists() -> None:
    assert cli.parse_assumption("context=5e4, plan.items=6") == {
        "context": 50000.0,
        "plan.items": 6.0,
    }


def test_explain_source_prints_the_program_and_colours_it_only_on_a_terminal() -> None:
    import io

    plain = minionc("explain", "programs/doc_qa.minion", "--source")
    assert plain.returncode == 0, plain.stderr
    program = (ROOT / "programs" / "doc_qa.minion").read_text(encoding="utf-8")
    assert plain.stdout.startswith(program) and "\x1b[" not in plain.stdout

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    out, err = Terminal(), io.StringIO()
    assert cli.run(["explain", "programs/doc_qa.minion", "--source"], out, err) == 0
    assert "\x1b[" in out.getvalue() and "protocol" in out.getvalue()


def test_an_optimized_plan_on_other_models_says_its_figures_were_not_measured_on_them() -> None:
    from minionc.compiler import plan as p
    from minionc.compiler.pipeline import compile_file

    from minionc.cli.common import other_models_note

    plan = compile_file(ROOT / "programs" / "doc_qa.minion").plan
    assert plan is not None
    assert other_models_note(plan, "llama.cpp:aa,loopback:bb/auto") is None  # not optimized
    optimized = plan.model_copy(
        update={
            "provenance": p.Provenance(
                dev_set_sha256="0" * 64,
                metric="contains",
                constraint="quality >= 0.95 x baseline",
                quality=0.74,
                remote_tokens_per_query=1088.8,
                details={"models": "llama.cpp:aa,loopback:bb/auto"},
            )
        }
    )
    assert other_models_note(optimized, "llama.cpp:aa,loopback:bb/auto") is None
    note = other_models_note(optimized, "llama.cpp:cc,loopback:bb/auto")
    assert note is not None
    assert "quality 0.74 at 1088.8 remote tokens per query" in note
    assert "run `minionc optimize` on a dev set of your own" in note
