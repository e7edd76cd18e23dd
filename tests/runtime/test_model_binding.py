"""Models as users name them, end to end: the program's models block binds at run
time (with the config file adding the endpoint), the local tier is a server the
user runs (an OpenAI-compatible one, here the embedded model behind the loopback
server, over real HTTP), and a local tier off this machine is refused unless the
user vouches for it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from minionc_cli import minionc as run_minionc

pytestmark = pytest.mark.model  # runs load the embedded models, over HTTP too

PROGRAM = """
models {{
  worker = local
  supervisor = remote "{supervisor}"
}}
prompt answer(document: str, question: str) -> str {{
  \"\"\"
  Document: {{{{ document }}}}
  Question: {{{{ question }}}}
  \"\"\"
  example(document: "The sky is blue.", question: "What colour is the sky?") -> "blue"
}}
protocol main(question: str, context: private doc) -> str {{
  local_answer = answer(context, question) @worker(max_tokens: 8)
  remote_answer = answer(share context, question) @supervisor(max_tokens: 8)
  return remote_answer
}}
"""
DOCUMENT = "The head office of Acme Corp is in Leeds."


def minionc(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_minionc(
        *args,
        cwd=cwd,
        env={"OPENAI_API_KEY": "sk-loopback-test", "MINIONC_REMOTE": None, "MINIONC_LOCAL": None},
    )


def calls(trace: Path) -> list[dict[str, Any]]:
    lines = trace.read_text(encoding="utf-8").splitlines()
    return [c for c in (json.loads(line) for line in lines) if "prompt" in c]


def test_the_models_block_binds_at_run_time_with_the_config_files_endpoint(
    tmp_path: Path, loopback_server: Any
) -> None:
    model = f"openai/{loopback_server.model_name}"
    (tmp_path / "p.minion").write_text(PROGRAM.format(supervisor=model), encoding="utf-8")
    (tmp_path / "minionc.toml").write_text(
        f'[roles.supervisor]\napi_base = "{loopback_server.api_base}"\ntimeout = 120\n',
        encoding="utf-8",
    )
    (tmp_path / "doc.txt").write_text(DOCUMENT, encoding="utf-8")
    trace = tmp_path / "trace.jsonl"
    done = minionc(
        "run", "p.minion", "--input", "question=Where is the head office?",
        "--input-file", "context=doc.txt", "--trace", str(trace), "--no-cache", "--json",
        cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode in (0, 3), done.stderr  # 3: the 270M base model said nothing usable
    said = f"supervisor -> {model} at {loopback_server.api_base} (remote; the program's models"
    assert f"minionc: model: {said} block)" in done.stderr
    assert "worker -> embedded:gemma-3-270m (local; the default)" in done.stderr
    remote = [c for c in calls(trace) if c["tier"] == "remote"]
    assert remote and all(c["model"] == model for c in remote)  # not the embedded default

    # The command line overrides the program, and says so.
    done = minionc(
        "explain", "p.minion", "--model", "supervisor=embedded:gemma-3-270m", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert "supervisor -> embedded:gemma-3-270m (remote; --model supervisor=" in done.stdout


def test_the_local_tier_can_be_a_server_you_run(tmp_path: Path, loopback_server: Any) -> None:
    program = tmp_path / "local.minion"
    program.write_text(
        PROGRAM.format(supervisor="embedded").replace(
            "  remote_answer = answer(share context, question) @supervisor(max_tokens: 8)\n"
            "  return remote_answer",
            "  return local_answer",
        ),
        encoding="utf-8",
    )
    (tmp_path / "doc.txt").write_text(DOCUMENT, encoding="utf-8")
    trace = tmp_path / "trace.jsonl"
    spec = f"openai/{loopback_server.model_name}"
    done = minionc(
        "run", str(program), "--input", "question=Where is the head office?",
        "--input-file", "context=doc.txt", "--local", spec,
        "--local-api-base", loopback_server.api_base, "--trace", str(trace), "--no-cache",
        "--json",
        cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode in (0, 3), done.stderr
    made = calls(trace)  # one, or two when the first answer was retried
    assert made and all(c["tier"] == "local" and c["model"] == f"local/{spec}" for c in made)
    assert json.loads(done.stdout)["usage"]["local"]["calls"] == len(made)


def test_a_local_tier_off_this_machine_is_refused_unless_vouched_for(tmp_path: Path) -> None:
    program = tmp_path / "p.minion"
    program.write_text(PROGRAM.format(supervisor="embedded"), encoding="utf-8")
    far = ["--local", "openai/llama", "--local-api-base", "http://10.255.255.1:8000/v1"]
    done = minionc("run", str(program), "--input", "question=q", "--input", "context=c", *far,
                   cwd=tmp_path)  # fmt: skip
    assert done.returncode == 1
    assert "is not on this machine, and the local tier receives private data" in done.stderr
    assert "--trust-local-endpoint" in done.stderr
    no_base = minionc("run", str(program), "--input", "question=q", "--input", "context=c",
                      "--local", "openai/llama", cwd=tmp_path)  # fmt: skip
    assert no_base.returncode == 1 and "--local-api-base URL" in no_base.stderr
    trusted = minionc("explain", str(program), *far, "--trust-local-endpoint", cwd=tmp_path)
    assert trusted.returncode == 0
    assert "worker -> openai/llama at http://10.255.255.1:8000/v1 (local; --local)" in (
        trusted.stdout
    )


def test_a_fallback_answers_when_the_primary_provider_is_down() -> None:
    from fault_server import FaultServer, always, status
    from minionc.compiler.pipeline import compile_source
    from minionc.runtime.backends.remote import LiteLLMBackend
    from minionc.runtime.executor import Runtime
    from minionc.runtime.models import FallbackBackend

    source = PROGRAM.format(supervisor="openai/primary").replace(
        "  local_answer = answer(context, question) @worker(max_tokens: 8)\n", ""
    )
    plan = compile_source(source, "fallback.minion").plan
    assert plan is not None
    with (
        FaultServer(rules=[always(status(503))]) as down,
        FaultServer(answer="Leeds") as up,
    ):
        primary = LiteLLMBackend(
            "openai/primary", api_base=down.api_base, api_key="sk-x", max_retries=1,
            backoff_base=0.01,
        )  # fmt: skip
        standby = LiteLLMBackend("openai/standby", api_base=up.api_base, api_key="sk-x")
        both = FallbackBackend(primary, standby)
        result = Runtime(remote=both, use_cache=False).run(
            plan, question="Where is the head office?", context=DOCUMENT
        )
        assert result.ok and result.value == "Leeds"
        assert both.fallbacks_used == 1 and len(down.requests) == 2 and len(up.requests) == 1
    assert "standby" in both.identity and "primary" in both.identity


def test_a_fallback_must_serve_the_same_tier() -> None:
    import pytest
    from minionc.runtime.backend import RuntimeSetupError
    from minionc.runtime.backends.remote import LiteLLMBackend
    from minionc.runtime.models import FallbackBackend

    remote = LiteLLMBackend("openai/a", api_base="http://127.0.0.1:9/v1", api_key="sk-x")
    local = LiteLLMBackend(
        "openai/b", api_base="http://127.0.0.1:9/v1", api_key="sk-x", tier="local"
    )
    with pytest.raises(RuntimeSetupError, match="a fallback serves the same tier"):
        FallbackBackend(local, remote)


def test_a_roles_concurrency_caps_its_calls_in_flight() -> None:
    import asyncio
    import threading

    from minionc.compiler.pipeline import compile_source
    from minionc.runtime.backend import Completion, CompletionRequest
    from minionc.runtime.executor import Runtime
    from scripted_backend import ScriptedBackend

    class Slow(ScriptedBackend):
        def __init__(self) -> None:
            super().__init__("remote", answer="x", name="slow")
            self.max_concurrency = 2
            self.in_flight = 0
            self.most = 0
            self.lock = threading.Lock()

        async def acomplete(self, request: CompletionRequest) -> Completion:
            with self.lock:
                self.in_flight += 1
                self.most = max(self.most, self.in_flight)
            await asyncio.sleep(0.05)
            with self.lock:
                self.in_flight -= 1
            return self.complete(request)

    source = (
        'prompt ask(q: str) -> str """{{ q }}"""\n'
        "protocol main(q: str) -> list[str] {\n"
        '  a = for x in ["1", "2", "3", "4", "5", "6"]: ask(x) @remote\n  return a\n}\n'
    )
    plan = compile_source(source, "wide.minion").plan
    assert plan is not None
    slow = Slow()
    result = Runtime(remote=slow, use_cache=False).run(plan, q="x")
    assert result.ok and len(result.value) == 6
    assert slow.most == 2


def test_a_run_loads_no_local_weights_when_no_call_runs_locally() -> None:
    """`minionc run` of a plan with no local call opens the local GGUF's vocabulary
    only (splitting text still counts tokens with it); any other plan opens it whole."""
    from minionc.runtime.backend import BackendError, CompletionRequest
    from repo_paths import ROOT

    import minionc
    from minionc.binding import open_backends, resolve

    plan = minionc.compile_file(ROOT / "programs" / "remote_only.minion")
    binding = resolve(plan.models, environ={})
    for tiers, vocab_only in ((binding.tiers_called(plan), True), (None, False)):
        backends = open_backends(binding, tiers_called=tiers)
        try:
            assert backends.local.vocab_only is vocab_only
            assert backends.local.count_tokens("The head office is in Leeds.") > 5
            if vocab_only:
                with pytest.raises(BackendError, match="vocabulary only"):
                    backends.local.complete(CompletionRequest(prompt="Hi", max_tokens=2))
        finally:
            backends.close()


def test_a_role_on_its_tiers_model_shares_the_vocabulary_only_backend(tmp_path: Path) -> None:
    """doc_qa's `worker = local` role runs on the local tier's model: with no local
    call, it opens no weights of its own and the run's model identity is the one
    the shipped plan was measured with (else every run would note other models).
    A role with settings of its own on the same model gets the weights."""
    from repo_paths import ROOT

    import minionc
    from minionc.binding import load_config, open_backends, resolve

    plan = minionc.load_plan(ROOT / "programs" / "optimized" / "doc_qa.frugal.json")
    binding = resolve(plan.models, environ={})
    vocab = open_backends(binding, tiers_called=binding.tiers_called(plan))
    try:
        assert vocab.local.vocab_only and vocab.roles == {}
        assert vocab.identity() == plan.provenance.details["models"]
    finally:
        vocab.close()

    (tmp_path / "minionc.toml").write_text("[roles.worker]\ntimeout = 30\n")
    config = load_config(cwd=tmp_path, environ={})
    binding = resolve(plan.models, environ={}, config=config)
    own = open_backends(binding, tiers_called=binding.tiers_called(plan))
    try:
        assert own.local.vocab_only
        assert own.roles["worker"].vocab_only is False
    finally:
        own.close()
