"""Issue 20's scale bench: inputs per minute of a remote-bound and a local-bound plan
with 1 worker, 2 workers (one process, one local model) and Ray with 2 actors
(a private Ray on this machine, a local model per actor), side by side in one run.

- remote-bound: per input, one short local call (Gemma 3 270M) and two remote calls
  to a scripted OpenAI-compatible server on loopback, over real HTTP through
  LiteLLM, that answers after `--latency` seconds (default 1.0: a provider's
  latency). The embedded remote model would compete with the local one for the
  same 2 cores, so it cannot show what overlapping a provider's calls gains.
- local-bound: per input, two Gemma calls on a ~700-token document of its own.

Only the batch is timed (models are set up first; for Ray, the actors' set-up is
left out too). Every input is distinct and the call cache is off.

    .venv/bin/python bench/scale.py                 # both plans, all three modes
    .venv/bin/python bench/scale.py --inputs 6 --latency 0.5
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "runtime"))  # the scripted OpenAI-compatible server

REMOTE_BOUND = '''
prompt note(question: str) -> str """Question: {{ question }}"""
prompt answer(question: str, hint: str) -> str """Question: {{ question }} Hint: {{ hint }}"""
protocol main(question: str) -> str {
  hint = note(question) @local(max_tokens: 4)
  draft = answer(question, hint) @remote(max_tokens: 8)
  final = answer(question, draft) @remote(max_tokens: 8)
  return final
}
'''
LOCAL_BOUND = '''
prompt answer(document: str, question: str) -> str {
  """
  Document: {{ document }}
  Question: {{ question }}
  """
}
protocol main(question: str, context: doc) -> str {
  first = answer(context, question) @local(max_tokens: 8)
  second = answer(context, first) @local(max_tokens: 8)
  return first
}
'''


def document(salt: str, number: int) -> str:
    """A ~700-token document of its own per input: no input reuses another's KV prefix."""
    lines = (f"Line {n}: the depot in town {n} holds {n * 13 + number} crates." for n in range(50))
    return f"Depot report {salt}-{number}. " + " ".join(lines)


def plan_of(source: str) -> Any:
    from minionc.compiler.pipeline import compile_source

    compiled = compile_source(source, "scale.minion")
    assert compiled.plan is not None, [d.message for d in compiled.diagnostics]
    return compiled.plan


def items_for(kind: str, count: int, salt: str) -> list[Any]:
    from minionc.batch import BatchItem

    items = []
    for n in range(1, count + 1):
        question = f"({salt}) How many crates are in town {n}?"
        inputs: dict[str, Any] = {"question": question}
        if kind == "local-bound":
            inputs["context"] = document(salt, n)
        items.append(BatchItem(n, inputs, {}, f"{n:064d}"))
    return items


def in_process(plan: Any, items: list[Any], workers: int, local: Any, remote: Any) -> float:
    from minionc.runtime.executor import Runtime

    from minionc.batch import run_items

    heard: list[dict] = []
    with Runtime(local=local, remote=remote, use_cache=False) as runtime:
        started = time.perf_counter()
        runtime.block_on(
            run_items(
                runtime, plan, items, None, workers=workers, on_record=lambda r, _: heard.append(r)
            )
        )
        seconds = time.perf_counter() - started
    assert len(heard) == len(items) and all(r["ok"] for r in heard), heard
    return seconds


def on_ray(ray: Any, plan: Any, items: list[Any], binding: Any) -> float:
    from minionc.compiler.plan_io import dump_plan

    from minionc.ray_batch import ActorSetup, run_on_ray

    heard: list[dict] = []
    started: list[float] = []

    def ready(settings: dict[str, str]) -> list[Any]:
        started.append(time.perf_counter())  # the actors are set up: the batch starts
        return items

    setup = ActorSetup(dump_plan(plan), binding, None, use_cache=False)
    run_on_ray(
        ray,
        setup,
        workers=2,
        actor_cpus=1,
        settings_for=lambda identities: {},
        ready=ready,
        on_record=heard.append,
    )
    seconds = time.perf_counter() - started[0]
    assert len(heard) == len(items) and all(r["ok"] for r in heard), heard
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=8, help="inputs per batch (default 8)")
    parser.add_argument("--latency", type=float, default=1.0, help="remote seconds per call")
    parser.add_argument("--no-ray", action="store_true", help="leave the Ray column out")
    args = parser.parse_args(argv)
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    from http_fakes import FakeOpenAI, Reply, chat_response
    from minionc.runtime.backends.remote import LiteLLMBackend
    from minionc.runtime.models import default_local_backend

    from minionc.binding import Binding, Choice, ModelSettings

    rows = []
    with FakeOpenAI([Reply(body=chat_response("42"), delay=args.latency)]) as server:
        local = default_local_backend()
        remote = LiteLLMBackend("openai/fake", api_base=server.api_base, api_key="sk-bench")
        try:
            for kind, source in (("remote-bound", REMOTE_BOUND), ("local-bound", LOCAL_BOUND)):
                plan = plan_of(source)
                times = {}
                for workers in (1, 2):
                    items = items_for(kind, args.inputs, f"w{workers}")
                    times[f"{workers} worker{'s' if workers > 1 else ''}"] = in_process(
                        plan, items, workers, local, remote
                    )
                rows.append((kind, times, plan))
        finally:
            local.close()
            remote.close()
        if not args.no_ray:
            import ray

            os.environ["OPENAI_API_KEY"] = "sk-bench"
            # A private, short-lived Ray: no token written to ~/.ray (it would turn
            # token auth on for every later `ray start` on this machine).
            os.environ.setdefault("RAY_AUTH_MODE", "disabled")
            ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
            try:
                for kind, times, plan in rows:
                    binding = Binding(
                        tiers={
                            "local": Choice(ModelSettings("embedded:gemma-3-270m"), "bench"),
                            "remote": Choice(
                                ModelSettings("openai/fake", api_base=server.api_base), "bench"
                            ),
                        },
                        roles={},
                    )
                    items = items_for(kind, args.inputs, "ray")
                    times["Ray, 2 actors"] = on_ray(ray, plan, items, binding)
            finally:
                ray.shutdown()
    print(f"{args.inputs} inputs per batch; remote latency {args.latency} s per call\n")
    print("| plan | mode | seconds | inputs / minute | x one worker |")
    print("|---|---|---:|---:|---:|")
    for kind, times, _ in rows:
        one = times["1 worker"]
        for mode, seconds in times.items():
            rate = 60 * args.inputs / seconds
            print(f"| {kind} | {mode} | {seconds:.1f} | {rate:.1f} | {one / seconds:.2f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
