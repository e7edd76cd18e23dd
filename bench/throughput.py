"""Local throughput of a MinionS fan-out on the embedded model.

One fan-out, `for c in chunks, t in tasks: extract(c, t) @local(max_tokens: 32)`
(N chunks of about 500 tokens x T questions, the worker prompt of
programs/minions.minion), run three ways in the same process, interleaved per
repetition (A B C D A B C D ...) on one llama.cpp thread each:

- scheduler: the runtime as it is; local jobs run sorted by rendered prompt, so the
  jobs that share a chunk run back to back and reuse the KV cache;
- naive:     the same jobs, the fan-out written task-major (`for t in tasks, c in
  chunks`, a loop over questions) and run as written (`local_order="as_written"`),
  so consecutive jobs share only the few-shot examples (asserted: the same prompts);
- dspy:      the same (chunk, question) pairs as a DSPy program (`dspy.Predict` on a
  Signature chunk, question -> answer, citation, with the same four examples as
  demos), `dspy.LM` pointed at the loopback server (llama_cpp.server on the same
  GGUF) with DSPy's cache off, chunk by chunk, one call at a time;
- limit:     raw llama.cpp prefill throughput (a job-sized prompt on a fresh cache)
  applied to the distinct tokens the jobs must read (the size of the token trie of
  their prompts: the least any order can evaluate with one KV cache), plus the
  scheduler's completion tokens at the raw decode rate.

The llama.cpp backend's prefix store (KV states kept across calls) is off here:
within one fan-out the scheduler's order already evaluates each chunk once, and
the store would let the naive order and later repetitions skip prefills.

    python bench/throughput.py [--chunks 8] [--tasks 4] [--repeat 2] [--no-dspy]
                               [--markdown] [--json out.json]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import platform
import random
import signal
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from minionc.compiler import plan as p
from minionc.compiler.pipeline import compile_source
from minionc.runtime.backend import Backend, Completion, CompletionRequest, Tier
from minionc.runtime.backends.llamacpp import LlamaCppBackend
from minionc.runtime.builtins import split_text
from minionc.runtime.embedded import embedded_model_path
from minionc.runtime.executor import Runtime
from minionc.runtime.server import LoopbackServer

if TYPE_CHECKING:
    from llama_cpp import Llama

CHUNK_TOKENS = 500
MAX_TOKENS = 32
N_CTX = 4096
RUNTIME_SEED = 0
Way = Literal["scheduler", "naive", "dspy", "limit"]
WAYS: tuple[Way, ...] = ("scheduler", "naive", "dspy", "limit")  # the order within a repetition

# ---------------------------------------------------------------------------
# The program: the worker prompt of programs/minions.minion, one fan-out
# ---------------------------------------------------------------------------

# The `extract` prompt and its examples as in programs/minions.minion.
EXAMPLES: tuple[tuple[str, str, str | None, str | None], ...] = (
    (
        "Acme's revenue for fiscal 2023 was $5.2 million, up from $4.1 million in 2022.",
        "What was Acme's revenue in 2023?",
        "$5.2 million",
        "revenue for fiscal 2023 was $5.2 million",
    ),
    (
        "Acme's revenue for fiscal 2023 was $5.2 million, up from $4.1 million in 2022.",
        "What was Acme's net profit in 2023?",
        None,
        None,
    ),
    (
        "Maria Chen became chief executive in March 2020, replacing Tom Hale.",
        "Who is the chief executive?",
        "Maria Chen",
        "Maria Chen became chief executive in March 2020",
    ),
    (
        "The bridge opened in 1998 and carries about 40,000 cars a day.",
        "Who designed the bridge?",
        None,
        None,
    ),
)


def _minion_str(value: str | None) -> str:
    return "none" if value is None else json.dumps(value)


def program_source(order: Literal["chunk_major", "task_major"], chunk_tokens: int) -> str:
    """The bench program; `order` is how the fan-out is written."""
    examples = "\n".join(
        f"  example(\n    chunk: {json.dumps(c)},\n    task: {json.dumps(t)},\n"
        f"  ) -> {{answer: {_minion_str(a)}, citation: {_minion_str(q)}}}"
        for c, t, a, q in EXAMPLES
    )
    loop = "c in chunks, t in tasks" if order == "chunk_major" else "t in tasks, c in chunks"
    return f'''\
type Finding {{
  answer: str?
  citation: str?
}}

prompt extract(chunk: str, task: str) -> Finding {{
  """
  Document: {{{{ chunk }}}}
  Question: {{{{ task }}}}
  """
{examples}
}}

protocol fanout(document: private doc, tasks: list[str]) -> list[Finding] {{
  chunks = split(document, tokens: {chunk_tokens})
  findings = for {loop}:
    extract(c, t) @local(max_tokens: {MAX_TOKENS})
  return findings
}}
'''


def compile_plan(source: str) -> p.Plan:
    result = compile_source(source, "bench/throughput.minion")
    if result.plan is None:
        raise SystemExit(
            "the bench program does not compile:\n" + "\n".join(map(str, result.diagnostics))
        )
    return result.plan


# ---------------------------------------------------------------------------
# The document: a deterministic made-up annual report, exactly N chunks long
# ---------------------------------------------------------------------------

COMPANY = "Halvorsen Freight"
REGIONS = ("Nordic", "Baltic", "Iberian", "Alpine", "Danube", "Atlantic", "Adriatic", "Rhine")
CITIES = (
    "Bergen", "Tallinn", "Valencia", "Linz", "Ghent", "Porto", "Aarhus", "Gdansk",
    "Bilbao", "Graz", "Turku", "Split", "Malmo", "Rouen", "Leipzig", "Cork",
)  # fmt: skip
PEOPLE = (
    "Ingrid Solberg", "Tomas Varga", "Lucia Ferrer", "Jonas Berg", "Ana Lima", "Kenji Sato",
    "Lena Vogel", "Omar Haddad", "Sara Lund", "Diego Ruiz", "Mei Tanaka", "Piotr Nowak",
)  # fmt: skip
TITLES = ("chief financial officer", "head of operations", "general counsel", "head of safety")
MONTHS = ("January", "March", "April", "June", "September", "November")
TOPICS = ("fuel hedging", "driver training", "depot automation", "cyber security", "insurance")


def _paragraphs(rng: random.Random) -> Iterator[tuple[str, list[str]]]:
    """Endless paragraphs of about 60-90 tokens, each with the questions it answers."""
    for i in range(10**9):
        region, city = REGIONS[i % len(REGIONS)], CITIES[i % len(CITIES)]
        person, other = rng.sample(PEOPLE, 2)
        year = 2016 + i % 9
        match i % 4:
            case 0:
                revenue, margin, growth = (
                    rng.randint(40, 900),
                    rng.randint(3, 19),
                    rng.randint(1, 14),
                )
                text = (
                    f"In {year}, the {region} region of {COMPANY} reported revenue of "
                    f"${revenue} million and an operating margin of {margin}%. Volumes rose "
                    f"{growth}% on the previous year, helped by new contracts with retailers "
                    f"and a steady recovery in industrial shipments across the region."
                )
                questions = [
                    f"What revenue did the {region} region report in {year}?",
                    f"What was the operating margin of the {region} region in {year}?",
                ]
            case 1:
                docks, staff = rng.randint(8, 60), rng.randint(40, 900)
                text = (
                    f"The {city} terminal, opened in {year}, has {docks} loading docks and "
                    f"employs {staff} people. Its manager, {person}, reports to the head of "
                    f"{region} operations and oversees cross-docking for the whole corridor."
                )
                questions = [
                    f"How many people does the {city} terminal employ?",
                    f"Who manages the {city} terminal?",
                ]
            case 2:
                title, years = TITLES[i % len(TITLES)], rng.randint(6, 30)
                month = MONTHS[i % len(MONTHS)]
                text = (
                    f"{person} was appointed {title} of the {region} business in {month} "
                    f"{year}, succeeding {other}, who retired after {years} years with the "
                    f"company. The appointment followed a review of the regional structure."
                )
                questions = [
                    f"Who was appointed {title} of the {region} business in {year}?",
                    f"How many years did {other} work for the company?",
                ]
            case _:
                trucks, budget = rng.randint(120, 4000), rng.randint(2, 90)
                topic = TOPICS[i % len(TOPICS)]
                text = (
                    f"At the end of {year} the {region} fleet counted {trucks} trucks. The "
                    f"board reviewed {topic} for the region at its {MONTHS[i % 6]} meeting and "
                    f"approved a budget of ${budget} million for the following two years."
                )
                questions = [
                    f"How many trucks did the {region} fleet have at the end of {year}?",
                    f"What budget did the board approve for {topic} in the {region} region?",
                ]
        yield text, questions


@dataclass(frozen=True)
class Workload:
    document: str
    chunks: list[str]
    tasks: list[str]


def build_workload(
    n_chunks: int,
    n_tasks: int,
    chunk_tokens: int,
    count_tokens: Callable[[str], int],
    seed: int = 0,
) -> Workload:
    """A document that `split(tokens: chunk_tokens)` cuts into exactly `n_chunks`
    chunks, and `n_tasks` questions about facts spread over it."""
    rng = random.Random(seed)
    source = _paragraphs(rng)
    paragraphs: list[tuple[str, list[str]]] = []
    while True:
        want = max(4, n_chunks * chunk_tokens // 40) - len(paragraphs)
        paragraphs.extend(next(source) for _ in range(max(4, want)))
        text = "\n\n".join(t for t, _ in paragraphs)
        chunks = split_text(text, tokens=chunk_tokens, count_tokens=count_tokens)
        if len(chunks) > n_chunks:
            break
    document = "\n\n".join(c.strip() for c in chunks[:n_chunks])
    chunks = split_text(document, tokens=chunk_tokens, count_tokens=count_tokens)
    assert len(chunks) == n_chunks, (len(chunks), n_chunks)
    words = " ".join(document.split())  # a paragraph may straddle two chunks
    facts = [q for t, qs in paragraphs if " ".join(t.split()) in words for q in qs]
    tasks = [facts[(i * len(facts)) // n_tasks] for i in range(min(n_tasks, len(facts)))]
    while len(tasks) < n_tasks:  # a tiny document with few facts: ask again, worded apart
        tasks.append(f"In short: {facts[len(tasks) % len(facts)]}")
    return Workload(document, chunks, tasks)


# ---------------------------------------------------------------------------
# Measurements
# ---------------------------------------------------------------------------


@dataclass
class Call:
    prompt: str
    seed: int | None
    prompt_tokens: int
    cached_prompt_tokens: int
    completion_tokens: int
    seconds: float


class RecordingBackend:
    """A Backend that passes calls through and records what each one cost."""

    def __init__(self, inner: Backend) -> None:
        self.inner = inner
        self.calls: list[Call] = []

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def identity(self) -> str:
        return self.inner.identity

    @property
    def tier(self) -> Tier:
        return self.inner.tier

    @property
    def supports_raw_prompt(self) -> bool:
        return self.inner.supports_raw_prompt

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def complete(self, request: CompletionRequest) -> Completion:
        started = time.perf_counter()
        completion = self.inner.complete(request)
        self.calls.append(
            Call(
                prompt=request.prompt or "",
                seed=request.seed,
                prompt_tokens=completion.prompt_tokens,
                cached_prompt_tokens=completion.cached_prompt_tokens,
                completion_tokens=completion.completion_tokens,
                seconds=time.perf_counter() - started,
            )
        )
        return completion

    def close(self) -> None:  # the inner backend outlives the recorder
        pass

    def job_prompts(self) -> list[str]:
        """The first attempt of every job, in the order run (a retry of a raw
        completion is the same prompt with the next seed)."""
        return [c.prompt for c in self.calls if c.seed == RUNTIME_SEED]


@dataclass
class WayRun:
    """One way, one repetition. `evaluated_tokens`: prompt tokens the model really
    evaluated (prompt tokens less those served from the KV cache); for DSPy an
    estimate (the server does not say), None where unknown."""

    way: str
    repetition: int
    seconds: float
    jobs: int
    calls: int
    prompt_tokens: int
    evaluated_tokens: int | None
    completion_tokens: int
    failed_jobs: int
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def jobs_per_second(self) -> float:
        return self.jobs / self.seconds if self.seconds > 0 else float("inf")


def _flush(backend: LlamaCppBackend) -> None:
    """Leave nothing useful in the KV cache, so every way starts cold."""
    backend.complete(CompletionRequest(prompt="Flush.", max_tokens=1))


def run_runtime_way(
    way: Literal["scheduler", "naive"],
    plan: p.Plan,
    backend: LlamaCppBackend,
    workload: Workload,
    repetition: int,
) -> tuple[WayRun, list[str]]:
    """Run the fan-out on the runtime; returns the figures and the job prompts."""
    recorder = RecordingBackend(backend)
    order: Literal["shared_prefix", "as_written"] = (
        "shared_prefix" if way == "scheduler" else "as_written"
    )
    runtime = Runtime(local=recorder, use_cache=False, local_order=order, seed=RUNTIME_SEED)
    _flush(backend)
    started = time.perf_counter()
    result = runtime.run(plan, document=workload.document, tasks=workload.tasks)
    seconds = time.perf_counter() - started
    if result.error is not None:
        raise RuntimeError(f"{way}: the run stopped: {result.error}")
    if result.values.get("chunks") != workload.chunks:
        raise AssertionError(f"{way}: the runtime cut other chunks than the bench")
    jobs = recorder.job_prompts()
    calls = recorder.calls
    run = WayRun(
        way=way,
        repetition=repetition,
        seconds=seconds,
        jobs=len(jobs),
        calls=len(calls),
        prompt_tokens=sum(c.prompt_tokens for c in calls),
        evaluated_tokens=sum(c.prompt_tokens - c.cached_prompt_tokens for c in calls),
        completion_tokens=sum(c.completion_tokens for c in calls),
        failed_jobs=len(result.failures),
        detail={
            "cached_prompt_tokens": sum(c.cached_prompt_tokens for c in calls),
            "first_attempt_completion_tokens": sum(
                c.completion_tokens for c in calls if c.seed == RUNTIME_SEED
            ),
            "model_seconds": sum(c.seconds for c in calls),
        },
    )
    return run, jobs


def _dspy() -> Any:
    # Never fetch LiteLLM's price table from the internet.
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    import dspy

    return dspy


@contextlib.contextmanager
def _quiet_loggers(*names: str) -> Iterator[None]:
    """DSPy warns on every answer cut at max_tokens; keep stderr for progress."""
    loggers = [logging.getLogger(n) for n in names]
    saved = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for lg, level in zip(loggers, saved, strict=True):
            lg.setLevel(level)


def dspy_extract_program() -> Any:
    """The fan-out's job as a DSPy module: a Signature and a Predict with the same
    four examples as demos."""
    dspy = _dspy()

    class Extract(dspy.Signature):
        """Answer the question from the document excerpt with a short phrase copied
        from it, and quote the sentence that supports it. Answer none when the
        excerpt does not say."""

        chunk: str = dspy.InputField(desc="an excerpt of a long document")
        question: str = dspy.InputField()
        answer: str = dspy.OutputField(desc="a short phrase, or none")
        citation: str = dspy.OutputField(desc="a quote from the excerpt, or none")

    predict = dspy.Predict(Extract)
    predict.demos = [
        dspy.Example(chunk=c, question=t, answer=a or "none", citation=q or "none")
        for c, t, a, q in EXAMPLES
    ]
    return predict


def run_dspy_way(
    server: LoopbackServer,
    pairs: Sequence[tuple[str, str]],
    repetition: int,
    tokenize: Callable[[str], list[int]] | None = None,
) -> WayRun:
    """The (chunk, question) pairs through dspy.Predict, one at a time. With
    `tokenize` (the model's), estimate the prompt tokens the server evaluated: its
    llama-cpp-python context reuses the prefix shared with the previous prompt."""
    dspy = _dspy()
    from llama_cpp.llama_chat_format import format_alpaca

    predict = dspy_extract_program()
    lm = dspy.LM(
        f"openai/{server.model_name}",
        api_base=server.api_base,
        api_key="sk-loopback",
        cache=False,
        temperature=0.0,
        max_tokens=MAX_TOKENS,
        num_retries=0,
        # DSPy's default engine (lm15) sends OpenAI's `max_completion_tokens`, which
        # llama_cpp.server ignores: every answer would run to the end of the context.
        engine="litellm",
    )
    failed = 0
    with _quiet_loggers("dspy", "LiteLLM", "litellm"), dspy.context(lm=lm):
        started = time.perf_counter()
        for chunk, question in pairs:
            try:
                predict(chunk=chunk, question=question)
            except Exception:  # an answer neither of DSPy's adapters could parse
                failed += 1
        seconds = time.perf_counter() - started
    history = lm.history
    usage = [h.get("usage") or {} for h in history]
    evaluated: int | None = None
    detail: dict[str, Any] = {
        "adapter_fallbacks": sum(
            1 for h in history if "JSON object" in str((h.get("messages") or [{}])[-1])
        ),
    }
    if tokenize is not None:
        evaluated, previous, mismatched = 0, [], 0
        for h, u in zip(history, usage, strict=True):
            tokens = tokenize(format_alpaca(messages=h["messages"]).prompt)
            if len(tokens) != int(u.get("prompt_tokens", len(tokens))):
                mismatched += 1
            evaluated += len(tokens) - _common_prefix(tokens, previous)
            previous = tokens
        detail["estimate_token_count_mismatches"] = mismatched
    return WayRun(
        way="dspy",
        repetition=repetition,
        seconds=seconds,
        jobs=len(pairs),
        calls=len(history),
        prompt_tokens=sum(int(u.get("prompt_tokens") or 0) for u in usage),
        evaluated_tokens=evaluated,
        completion_tokens=sum(int(u.get("completion_tokens") or 0) for u in usage),
        failed_jobs=failed,
        detail=detail,
    )


def _common_prefix(a: Sequence[int], b: Sequence[int]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def distinct_tokens(prompts: Sequence[Sequence[int]]) -> int:
    """Nodes of the token trie of `prompts`: what a single KV cache must evaluate
    at least, in the best order (lexicographic), to read them all."""
    ordered = sorted(list(t) for t in prompts)
    return sum(
        len(t) - _common_prefix(t, ordered[i - 1] if i else []) for i, t in enumerate(ordered)
    )


def in_order_tokens(prompts: Sequence[Sequence[int]]) -> int:
    """Tokens to evaluate when each prompt reuses only its predecessor's prefix."""
    return sum(
        len(t) - _common_prefix(t, prompts[i - 1] if i else []) for i, t in enumerate(prompts)
    )


@contextlib.contextmanager
def _no_stderr() -> Iterator[None]:
    """llama.cpp prints load chatter at the C level even with verbose=False."""
    with contextlib.suppress(Exception):
        sys.stderr.flush()
    saved = os.dup(2)
    with open(os.devnull, "wb") as null:
        os.dup2(null.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def load_raw_llama(model: Path, threads: int) -> Llama:
    from llama_cpp import Llama

    with _no_stderr():
        return Llama(
            model_path=str(model),
            n_ctx=N_CTX,
            n_threads=threads,
            n_threads_batch=threads,
            swa_full=True,  # as LlamaCppBackend
            verbose=False,
        )


def tokenizer(llm: Llama) -> Callable[[str], list[int]]:
    def tokenize(text: str) -> list[int]:  # as LlamaCppBackend and llama_cpp.server
        return llm.tokenize(text.encode("utf-8"), add_bos=True, special=True)

    return tokenize


def measure_raw_rates(llm: Llama, prompt: list[int], decode_steps: int = 16) -> dict[str, float]:
    """Prefill: `prompt` evaluated on a fresh cache in llama.cpp's batches. Decode:
    `decode_steps` one-token evaluations after it (a decode step without sampling)."""
    llm.reset()
    started = time.perf_counter()
    llm.eval(prompt)
    prefill = time.perf_counter() - started
    probe = prompt[1 : decode_steps + 1]
    started = time.perf_counter()
    for token in probe:
        llm.eval([token])
    decode = time.perf_counter() - started
    llm.reset()
    return {
        "prefill_tokens": len(prompt),
        "prefill_seconds": prefill,
        "prefill_tokens_per_second": len(prompt) / prefill,
        "decode_tokens": len(probe),
        "decode_seconds": decode,
        "decode_tokens_per_second": len(probe) / decode,
    }


def limit_run(
    rates: dict[str, float], distinct: int, prompt_tokens: int, completion: int, jobs: int, rep: int
) -> WayRun:
    prefill_s = distinct / rates["prefill_tokens_per_second"]
    decode_s = completion / rates["decode_tokens_per_second"]
    return WayRun(
        way="limit",
        repetition=rep,
        seconds=prefill_s + decode_s,
        jobs=jobs,
        calls=jobs,
        prompt_tokens=prompt_tokens,
        evaluated_tokens=distinct,
        completion_tokens=completion,
        failed_jobs=0,
        detail={**rates, "prefill_part_seconds": prefill_s, "decode_part_seconds": decode_s},
    )


# ---------------------------------------------------------------------------
# The bench
# ---------------------------------------------------------------------------


@dataclass
class Config:
    chunks: int = 8
    tasks: int = 4
    repeat: int = 2
    chunk_tokens: int = CHUNK_TOKENS
    threads: int = 1
    dspy: bool = True
    seed: int = 0


def run_bench(config: Config, model: Path | None = None) -> dict[str, Any]:
    """Run every way `config.repeat` times, interleaved; the report as a dict."""
    model = model or embedded_model_path()
    ways = [w for w in WAYS if config.dspy or w != "dspy"]
    runs: dict[str, list[WayRun]] = {w: [] for w in ways}
    plans = {
        "scheduler": compile_plan(program_source("chunk_major", config.chunk_tokens)),
        "naive": compile_plan(program_source("task_major", config.chunk_tokens)),
    }
    facts: dict[str, Any] = {}
    with contextlib.ExitStack() as stack:
        # The prefix store off: each way starts cold (see _flush) and the bench
        # measures the order of one fan-out; the store pays across rounds and
        # questions, which bench/e2e.py measures.
        backend = LlamaCppBackend(
            model, n_ctx=N_CTX, n_threads=config.threads, prefix_store_bytes=0
        )
        stack.callback(backend.close)
        raw = load_raw_llama(model, config.threads)
        stack.callback(raw.close)
        tokenize = tokenizer(raw)
        workload = build_workload(
            config.chunks, config.tasks, config.chunk_tokens, backend.count_tokens, config.seed
        )
        pairs = [(c, t) for c in workload.chunks for t in workload.tasks]
        server: LoopbackServer | None = None
        if config.dspy:
            server = stack.enter_context(
                LoopbackServer(model, n_ctx=N_CTX, n_threads=config.threads)
            )
        reference: Counter[str] | None = None
        for rep in range(1, config.repeat + 1):
            prompts: dict[str, list[str]] = {}
            for way in ways:
                if way in ("scheduler", "naive"):
                    run, prompts[way] = run_runtime_way(way, plans[way], backend, workload, rep)
                    jobs = Counter(prompts[way])
                    if reference is None:
                        reference = jobs
                    if jobs != reference or run.jobs != len(pairs):
                        raise AssertionError(
                            f"{way} ran other jobs than the scheduler "
                            f"({run.jobs} jobs, {len(pairs)} expected)"
                        )
                elif way == "dspy":
                    assert server is not None
                    run = run_dspy_way(server, pairs, rep, tokenize)
                else:
                    token_lists = [tokenize(t) for t in prompts["scheduler"]]
                    rates = measure_raw_rates(raw, max(token_lists, key=len))
                    sched = runs["scheduler"][-1]
                    run = limit_run(
                        rates,
                        distinct_tokens(token_lists),
                        sum(map(len, token_lists)),
                        sched.detail["first_attempt_completion_tokens"],
                        len(pairs),
                        rep,
                    )
                    facts = {
                        "distinct_tokens": run.evaluated_tokens,
                        "job_prompt_tokens": run.prompt_tokens,
                        "scheduler_order_tokens": in_order_tokens(token_lists),
                        "task_major_order_tokens": in_order_tokens(
                            [tokenize(t) for t in prompts["naive"]]
                        ),
                    }
                runs[way].append(run)
                print(
                    f"  rep {rep} {way:>9}: {run.seconds:7.1f} s, {run.calls} calls, "
                    f"{run.evaluated_tokens} evaluated tokens",
                    file=sys.stderr,
                    flush=True,
                )
    report = build_report(config, runs, workload, facts)
    report["model"] = model.name
    return report


def build_report(
    config: Config, runs: dict[str, list[WayRun]], workload: Workload, facts: dict[str, Any]
) -> dict[str, Any]:
    summary: dict[str, dict[str, Any]] = {}
    for way, rs in runs.items():
        evaluated = [r.evaluated_tokens for r in rs if r.evaluated_tokens is not None]
        summary[way] = {
            "seconds": statistics.median([r.seconds for r in rs]),
            "seconds_min": min(r.seconds for r in rs),
            "jobs": rs[0].jobs,
            "jobs_per_second": statistics.median([r.jobs_per_second for r in rs]),
            "calls": statistics.median([r.calls for r in rs]),
            "prompt_tokens": statistics.median([r.prompt_tokens for r in rs]),
            "evaluated_tokens": statistics.median(evaluated) if evaluated else None,
            "completion_tokens": statistics.median([r.completion_tokens for r in rs]),
            "failed_jobs": statistics.median([r.failed_jobs for r in rs]),
        }
    sched = summary["scheduler"]["seconds"]
    ratios: dict[str, float] = {"naive_over_scheduler": summary["naive"]["seconds"] / sched}
    if "dspy" in summary:
        ratios["dspy_over_scheduler"] = summary["dspy"]["seconds"] / sched
    ratios["limit_over_scheduler"] = summary["limit"]["seconds"] / sched
    per_rep = [
        {
            "repetition": i + 1,
            **{
                f"{w}_over_scheduler": runs[w][i].seconds / runs["scheduler"][i].seconds
                for w in runs
                if w != "scheduler"
            },
        }
        for i in range(config.repeat)
    ]
    limit = runs["limit"]
    return {
        "config": asdict(config),
        "workload": {
            "chunks": len(workload.chunks),
            "tasks": workload.tasks,
            "jobs": len(workload.chunks) * len(workload.tasks),
            "document_chars": len(workload.document),
            **facts,
        },
        "same_jobs": True,  # run_bench raises before this otherwise
        "rates": {
            "prefill_tokens_per_second": statistics.median(
                [r.detail["prefill_tokens_per_second"] for r in limit]
            ),
            "decode_tokens_per_second": statistics.median(
                [r.detail["decode_tokens_per_second"] for r in limit]
            ),
            "prefill_probe_tokens": limit[0].detail["prefill_tokens"],
        },
        "summary": summary,
        "ratios": ratios,
        "ratios_per_repetition": per_rep,
        "runs": [asdict(r) for rs in runs.values() for r in rs],
    }


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------

LABELS = {
    "scheduler": "scheduler (runtime, shared-prefix order)",
    "naive": "naive order (task-major, as written)",
    "dspy": "DSPy (`dspy.Predict`, loopback server)",
    "limit": "limit (distinct tokens / prefill + decode)",
}


def _num(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "n/a"
    return f"{value:,.{digits}f}"


def table(report: dict[str, Any]) -> str:
    lines = [
        "| way | wall s | jobs/s | calls | prompt tokens | evaluated tokens | completion tokens "
        "| failed jobs | wall / scheduler |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    sched = report["summary"]["scheduler"]["seconds"]
    for way, s in report["summary"].items():
        evaluated = _num(s["evaluated_tokens"])
        if way == "dspy" and s["evaluated_tokens"] is not None:
            evaluated = f"~{evaluated}"
        lines.append(
            f"| {LABELS[way]} | {s['seconds']:.1f} | {s['jobs_per_second']:.3f} | "
            f"{_num(s['calls'])} | {_num(s['prompt_tokens'])} | {evaluated} | "
            f"{_num(s['completion_tokens'])} | {_num(s['failed_jobs'])} | "
            f"{s['seconds'] / sched:.2f} |"
        )
    return "\n".join(lines)


def ratios_text(report: dict[str, Any]) -> str:
    r, w, rates = report["ratios"], report["workload"], report["rates"]
    lines = [
        "- scheduler vs naive order: naive / scheduler wall = "
        f"**{r['naive_over_scheduler']:.2f}x**",
    ]
    if "dspy_over_scheduler" in r:
        lines.append(
            f"- scheduler vs DSPy: DSPy / scheduler wall = **{r['dspy_over_scheduler']:.2f}x**"
        )
    lines.append(
        f"- limit / scheduler wall = **{r['limit_over_scheduler']:.2f}** (the scheduler takes "
        f"{1 / r['limit_over_scheduler']:.2f}x the bound)"
    )
    lines.append(
        f"- limit inputs: prefill {rates['prefill_tokens_per_second']:.1f} tokens/s (a "
        f"{rates['prefill_probe_tokens']}-token job prompt, fresh cache), decode "
        f"{rates['decode_tokens_per_second']:.1f} tokens/s; distinct tokens "
        f"{w['distinct_tokens']:,} of {w['job_prompt_tokens']:,} job prompt tokens "
        f"(scheduler's order: {w['scheduler_order_tokens']:,}; task-major order: "
        f"{w['task_major_order_tokens']:,})"
    )
    per_rep = "; ".join(
        f"rep {x['repetition']}: "
        + ", ".join(
            f"{k.removesuffix('_over_scheduler')} {v:.2f}"
            for k, v in x.items()
            if k != "repetition"
        )
        for x in report["ratios_per_repetition"]
    )
    lines.append(f"- per repetition, wall / scheduler: {per_rep}")
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    import llama_cpp

    info: dict[str, Any] = {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "llama_cpp_python": llama_cpp.__version__,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }
    with contextlib.suppress(Exception):
        info["dspy"] = _dspy().__version__
    return info


def markdown(report: dict[str, Any]) -> str:
    c, w, m = report["config"], report["workload"], report["machine"]
    return "\n".join(
        [
            "## Local throughput: a MinionS fan-out on the embedded model",
            "",
            "Command (from the repository root):",
            "",
            "```",
            report["command"],
            "```",
            "",
            f"Machine: `nproc` = {m['nproc']}, CPython {m['python']}, llama-cpp-python "
            f"{m['llama_cpp_python']}, DSPy {m.get('dspy', 'n/a')}, {m['date']}. Model "
            f"`{report['model']}` on {c['threads']} llama.cpp thread(s) for every way.",
            f"Workload: {w['chunks']} chunks of about {c['chunk_tokens']} tokens x "
            f"{len(w['tasks'])} questions = {w['jobs']} jobs, `max_tokens: {MAX_TOKENS}`, "
            f"temperature 0. Median of {c['repeat']} repetitions, the ways interleaved.",
            "",
            table(report),
            "",
            ratios_text(report),
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chunks", type=int, default=8, help="chunks (default: %(default)s)")
    parser.add_argument("--tasks", type=int, default=4, help="questions (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=2, help="repetitions (default: %(default)s)")
    parser.add_argument(
        "--chunk-tokens", type=int, default=CHUNK_TOKENS, help="tokens per chunk (%(default)s)"
    )
    parser.add_argument("--threads", type=int, default=1, help="llama.cpp threads (%(default)s)")
    parser.add_argument("--no-dspy", action="store_true", help="leave the DSPy way out")
    parser.add_argument("--model", type=Path, help="a GGUF (default: the embedded model)")
    parser.add_argument("--markdown", action="store_true", help="print a bench/RESULTS.md section")
    parser.add_argument("--json", metavar="PATH", help="also write the report as JSON")
    args = parser.parse_args(argv)
    config = Config(
        chunks=args.chunks,
        tasks=args.tasks,
        repeat=args.repeat,
        chunk_tokens=args.chunk_tokens,
        threads=args.threads,
        dspy=not args.no_dspy,
    )
    report = run_bench(config, args.model)
    report["command"] = " ".join(
        [".venv/bin/python", "bench/throughput.py", *(sys.argv[1:] if argv is None else argv)]
    )
    report["machine"] = machine()
    print(markdown(report) if args.markdown else f"{table(report)}\n\n{ratios_text(report)}")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # unwinds: the loopback server is stopped in order


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    sys.exit(main())
