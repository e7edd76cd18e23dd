"""Compile time against program size.

Generates valid .minion programs of increasing size (many record and enum types,
prompts with multi-line Jinja templates and few-shot examples, one protocol with
many steps: splits, fan-outs, keeps, cascades, routes, repeats with `stop when`,
knobs and budgets), checks that each compiles with zero errors, and times the
phases separately: parse, check, lower, the whole `compile_source`, and
`plan.model_dump_json`. Side by side, in the same run, it times Lark alone parsing
the same text with the same grammar (a baseline that makes numbers comparable
across noisy, shared machines).

    python bench/compile.py [--sizes 100,1000,10000] [--repeat 5] [--json out.json]
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import lark
from minionc.compiler.check import check_program
from minionc.compiler.diagnostics import DiagnosticSink
from minionc.compiler.lower import lower_program
from minionc.compiler.parse import parse_source
from minionc.compiler.pipeline import compile_source

REPO = Path(__file__).resolve().parent.parent
GRAMMAR = REPO / "grammar" / "minion.lark"
DEFAULT_SIZES = (100, 300, 1_000, 3_000, 10_000)

# ---------------------------------------------------------------------------
# Program generator
# ---------------------------------------------------------------------------

TOPICS = (
    "revenue", "margin", "headcount", "lease", "patent", "trial", "dosage", "warranty",
    "tariff", "pension", "emissions", "churn", "backlog", "liability", "dividend",
    "inventory", "recall", "merger", "audit", "subsidy", "royalty", "latency", "outage",
    "freight", "zoning", "grant", "tuition", "claims", "rainfall", "yield", "coupon",
    "vendor", "payroll", "escrow", "turnover", "capex", "refund", "quota", "ledger",
    "sponsor",
)  # fmt: skip
COMPANIES = (
    "Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne",
    "Tyrell", "Soylent", "Cyberdyne", "Wonka", "Oscorp", "Gringotts", "Monarch",
)  # fmt: skip
PEOPLE = (
    "Maria Chen", "Tom Hale", "Priya Nair", "Jonas Berg", "Ana Lima", "Kenji Sato",
    "Lena Vogel", "Omar Haddad", "Sara Lund", "Diego Ruiz",
)  # fmt: skip


@dataclass
class Unit:
    """One slice of a program: its declarations and its protocol statements."""

    decls: list[str]
    stmts: list[str]
    result: str  # a str-typed binding the protocol's return joins

    @property
    def lines(self) -> int:
        return len(self.decls) + len(self.stmts)


def _camel(word: str) -> str:
    return word[:1].upper() + word[1:]


def _lines(block: str) -> list[str]:
    return block.strip("\n").split("\n")


def _unit_minions(k: int, t: str) -> Unit:
    """Decompose, fan out over chunks x tasks, filter, synthesise, in rounds."""
    n = f"{t}_{k}"
    c = f"{_camel(t)}{k}"
    co = COMPANIES[k % len(COMPANIES)]
    year = 2000 + k % 25
    amount = 1 + (k * 37) % 90
    decls = f'''
# ---- {t} ({k}): decompose, fan out over chunks x tasks, filter, synthesise ----
type {c}Plan {{
  tasks: list[str]
  focus: str
}}

type {c}Finding {{
  answer: str?
  citation: str?
  confidence: float?
}}

type {c}Decision {{
  done: bool
  answer: str
  feedback: str
}}

prompt plan_{n}(question: str, feedback: str, n: int) -> {c}Plan {{
  """
  You are planning work on {t} questions for small assistant models. Each assistant
  reads ONE short excerpt of a long document (you cannot see the document) and can
  only answer a simple question whose answer is written in that excerpt.

  Question to answer: {{{{ question }}}}
  {{% if feedback %}}
  Notes from the previous round (what is known, what is missing):
  {{{{ feedback }}}}
  {{% endif %}}
  Write at most {{{{ n }}}} tasks. Each task is one short, self-contained question
  naming the entity, period and quantity explicitly (case {k}).
  """
  example(question: "Did {co}'s {t} grow from {year - 1} to {year}?", feedback: "", n: 3) -> {{
    tasks: ["What was {co}'s {t} in {year}?", "What was {co}'s {t} in {year - 1}?"],
    focus: "{t} by fiscal year",
  }}
}}

prompt extract_{n}(chunk: str, task: str) -> {c}Finding {{
  """
  Document: {co}'s {t} for fiscal {year} was ${amount}.{k % 10} million.
  Question: What was {co}'s {t} in {year}?
  Answer: ${amount}.{k % 10} million

  Document: {{{{ chunk }}}}
  Question: {{{{ task }}}}
  Answer:"""
  example(chunk: "{co}'s {t} for fiscal {year} was ${amount}.{k % 10} million.",
    task: "What was {co}'s {t} in {year}?")
    -> {{answer: "${amount}.{k % 10} million",
        citation: "fiscal {year} was ${amount}.{k % 10} million", confidence: 0.9}}
  example(chunk: "The board met {k % 12 + 1} times in {year}.", task: "What was the {t}?")
    -> {{answer: none, citation: none}}
}}

prompt synthesize_{n}(question: str, draft: str, findings: list[{c}Finding]) -> {c}Decision """
  You are answering a question about {t} from findings that small models reported.
  Question: {{{{ question }}}}
  {{% if draft %}}Your answer after the previous round: {{{{ draft }}}}{{% endif %}}
  {{% for f in findings %}}- {{{{ f.answer }}}}
    {{%- if f.citation %}} (quote: "{{{{ f.citation }}}}"){{% endif %}}
  {{% else %}}- nothing: no excerpt answered any task.
  {{% endfor %}}
  Reply with done, answer and feedback (facts known, facts missing).
  """
'''
    stmts = f"""
  # {t} ({k})
  knob chunk_{n} in [500, 1000, 2000, 4000] = 1000
  knob rounds_{n} in 1..4 = 2
  chunks_{n} = split(context, tokens: chunk_{n}, overlap: {k % 5 * 10})
  feedback_{n} = ""
  draft_{n} = ""
  repeat rounds_{n} {{
    plan_{n}_r = plan_{n}(question, feedback_{n}, n: {3 + k % 5}) @supervisor
    found_{n} = for ch in chunks_{n}, q in plan_{n}_r.tasks:
      extract_{n}(ch, q) @worker(samples: 2, temperature: 0.3, max_tokens: 64)
    kept_{n} = keep found_{n} where answer != none and confidence != none
    decision_{n} = synthesize_{n}(question, draft_{n}, share unique(kept_{n})) @supervisor
    draft_{n} = decision_{n}.answer
    feedback_{n} = decision_{n}.feedback
    stop when decision_{n}.done
  }}
"""
    return Unit(_lines(decls), _lines(stmts), f"draft_{n}")


def _unit_classify(k: int, t: str) -> Unit:
    """Retrieve, label with local samples, vote, cascade and route."""
    n = f"{t}_{k}"
    c = f"{_camel(t)}{k}"
    co = COMPANIES[(k * 3) % len(COMPANIES)]
    who = PEOPLE[k % len(PEOPLE)]
    decls = f'''
# ---- {t} ({k}): retrieve, label, vote, cascade, route ----
type {c}Label = "relevant" | "irrelevant" | "unclear"
type {c}Tone = "positive" | "negative" | "neutral" | "mixed"

type {c}Tag {{
  label: str
  reason: str
  mentions: list[str]
}}

# An enum-typed prompt takes no example: a string literal is not assignable to an
# enum, so its example output would not check.
prompt label_{n}(passage: str, question: str) -> {c}Label {{
  """
  Decide whether the passage helps answer a question about {t}.
  Example: "{who} said {co}'s {t} rose {k % 9 + 1}% last quarter." -> relevant
  Passage: {{{{ passage }}}}
  Question: {{{{ question }}}}
  Label (relevant, irrelevant or unclear):"""
}}

prompt tone_{n}(passage: str) -> {c}Tone """
  Read the passage about {t} and name its overall tone.
  {{{{ passage }}}}
  Tone:"""

prompt tag_{n}(passage: str, question: str) -> {c}Tag {{
  """
  Tag the passage for the question "{{{{ question }}}}".
  {{% if passage|length > 2000 %}}(long passage: skim it){{% endif %}}
  Passage:
  {{{{ passage }}}}
  """
  example(passage: "{who} of {co} discussed the {t} outlook.", question: "Who discussed the {t}?")
    -> {{label: "relevant", reason: "names the speaker", mentions: ["{who}", "{co}"]}}
}}
'''
    stmts = f"""
  # {t} ({k})
  knob top_{n} in 2..12 = {3 + k % 6}
  knob votes_{n} in [3, 5, 7] = 3
  pages_{n} = split(context, paragraphs: {2 + k % 4})
  hits_{n} = retrieve(pages_{n}, question, k: top_{n})
  labels_{n} = for p in hits_{n}: label_{n}(p, question) @local(samples: 3, temperature: 0.7)
  majority_{n} = vote(labels_{n})
  tags_{n} = for p in hits_{n}: tag_{n}(p, question) @worker(max_tokens: 128)
  useful_{n} = keep tags_{n} where label != "irrelevant" and len(mentions) > 0
  summary_{n} = join(hits_{n}, sep: "\\n---\\n")
  tone_{n}_c = cascade {{
    tone_{n}(summary_{n}) @worker(samples: votes_{n}, agree: 2)
    tone_{n}(share summary_{n}) @supervisor
  }}
  routed_{n} = route(policy: "length", threshold: {1000 + k % 7 * 250}.0) {{
    label_{n}(summary_{n}, question) @local
    label_{n}(share summary_{n}, question) @remote
  }}
  guess_{n} = tone_{n}(text(first(hits_{n}))) @auto
  report_{n} = format(\"\"\"{{{{ t }}}}: {{{{ r }}}} / {{{{ m }}}} ({{{{ u }}}} tags)\"\"\",
    t: tone_{n}_c, r: routed_{n}, m: text(majority_{n}), u: len(useful_{n}))
"""
    return Unit(_lines(decls), _lines(stmts), f"report_{n}")


def _unit_review(k: int, t: str) -> Unit:
    """Review sections against a rubric with nested records, filter, merge remotely."""
    n = f"{t}_{k}"
    c = f"{_camel(t)}{k}"
    co = COMPANIES[(k * 5) % len(COMPANIES)]
    decls = f'''
# ---- {t} ({k}): review sections, filter by score, merge ----
type {c}Quote {{
  text: str
  page: int?
}}

type {c}Review {{
  verdict: str
  score: int
  quotes: list[{c}Quote]
  issues: list[str]
}}

prompt review_{n}(section: str, rubric: str, strict: bool) -> {c}Review {{
  """
  Review this section of a {t} report against the rubric.
  Rubric: {{{{ rubric }}}}
  {{% if strict %}}Be strict: any unsupported number is an issue.{{% endif %}}

  Section:
  {{{{ section }}}}

  Give a verdict, a score from 1 to 5, supporting quotes and issues.
  """
  example(section: "{co} reported {t} of {k % 50 + 3} units on page {k % 30 + 1}.",
    rubric: "accuracy", strict: true) -> {{
    verdict: "accurate",
    score: {k % 5 + 1},
    quotes: [{{text: "{t} of {k % 50 + 3} units", page: {k % 30 + 1}}}],
    issues: [],
  }}
  example(section: "Numbers were broadly fine.", rubric: "accuracy", strict: false) -> {{
    verdict: "vague", score: 2, quotes: [], issues: ["no figures", "no source"],
  }}
}}

prompt merge_{n}(reviews: list[{c}Review], rubric: str) -> str """
  Merge these reviews of a {t} report ({{{{ rubric }}}}) into one paragraph.
  {{% for r in reviews %}}
  * {{{{ r.verdict }}}} ({{{{ r.score }}}}/5){{% for i in r.issues %}}; {{{{ i }}}}{{% endfor %}}
  {{% endfor %}}
  """
'''
    stmts = f"""
  # {t} ({k})
  knob strict_{n} in [true, false] = true
  rubric_{n} = format(
    \"\"\"Judge {{{{ area }}}} on accuracy and completeness (pass {{{{ n }}}}).\"\"\",
    area: "{t}", n: {k})
  sections_{n} = split(context, pages: {1 + k % 3})
  reviews_{n} = for s in sections_{n}:
    review_{n}(s, rubric_{n}, strict: strict_{n}) @worker(max_tokens: 256)
  good_{n} = keep reviews_{n} where score >= {2 + k % 3} and len(issues) < 5
  merged_{n} = merge_{n}(share good_{n}, rubric_{n}) @supervisor
  weight_{n} = len(good_{n}) * 2 + {k % 4}
"""
    return Unit(_lines(decls), _lines(stmts), f"merged_{n}")


def _unit_refine(k: int, t: str) -> Unit:
    """A local draft refined in rounds until a remote check passes."""
    n = f"{t}_{k}"
    c = f"{_camel(t)}{k}"
    who = PEOPLE[(k * 7) % len(PEOPLE)]
    decls = f'''
# ---- {t} ({k}): local drafts checked remotely ----
type {c}Draft {{
  text: str
  complete: bool
  missing: list[str]
}}

prompt draft_{n}(question: str, evidence: list[str], previous: str) -> {c}Draft {{
  """
  Answer the question about {t} from the evidence only.
  Question: {{{{ question }}}}
  {{% for e in evidence %}}[{{{{ loop.index }}}}] {{{{ e }}}}
  {{% endfor %}}
  {{% if previous %}}Improve on your previous answer: {{{{ previous }}}}{{% endif %}}
  """
  example(question: "Who approved the {t} plan?", evidence: ["{who} approved the plan."],
    previous: "") -> {{text: "{who}", complete: true, missing: []}}
}}

prompt verify_{n}(answer: str, question: str) -> bool """
  Does this answer fully address the question about {t}? Reply true or false.
  Question: {{{{ question }}}}
  Answer: {{{{ answer }}}}
  """
'''
    stmts = f"""
  # {t} ({k})
  knob evidence_{n} in 2..16 = {4 + k % 8}
  evidence_{n}_v = retrieve(split(context, tokens: 400), question, k: evidence_{n})
  answer_{n} = ""
  repeat {2 + k % 3} {{
    d_{n} = draft_{n}(question, evidence_{n}_v, answer_{n}) @worker(temperature: 0.2)
    answer_{n} = d_{n}.text
    ok_{n} = verify_{n}(share answer_{n}, question) @supervisor
    stop when ok_{n} or d_{n}.complete and len(d_{n}.missing) == 0
  }}
"""
    return Unit(_lines(decls), _lines(stmts), f"answer_{n}")


UNIT_KINDS: tuple[Callable[[int, str], Unit], ...] = (
    _unit_minions,
    _unit_classify,
    _unit_review,
    _unit_refine,
)

HEADER = """\
# Generated by bench/compile.py: a large, valid .minion program.

models {
  worker = local "google/gemma-3-270m"
  supervisor = remote "openai/gpt-4o-mini"
  judge = remote
}
"""
PROTOCOL_OPEN = """\
protocol main(question: str, context: private doc) -> str {
  budget remote.tokens <= 400000
  budget supervisor.calls <= 2000
  budget local.tokens <= 9000000
  budget remote.usd <= 40.0
"""


def _filler(i: int, room: int) -> list[str]:
    """A small declaration, with its blank separator, of at most `room` lines."""
    t = TOPICS[i % len(TOPICS)]
    c = f"{_camel(t)}Note{i}"
    if room < 4:
        block = [f'type {c} = "low" | "medium" | "high" | "unknown{i}"']
    else:
        fields = ["source: str", "page: int?", "weight: float", "tags: list[str]"]
        block = [f"type {c} {{", *(f"  {f}" for f in fields[: min(room - 3, 4)]), "}"]
    return [*block, ""] if room > len(block) else block


def generate(target_lines: int, seed: int = 0) -> str:
    """A valid program of exactly `target_lines` lines (or a little more when the
    target is below the smallest useful program)."""
    head = [*_lines(HEADER), ""]
    proto_open = _lines(PROTOCOL_OPEN)
    units: list[Unit] = []

    def total(extra: int = 0) -> int:
        results = [u.result for u in units] or ["question"]
        ret = 2 + len(results)  # "return join([" ... "], sep: ...)" over several lines
        decls = sum(len(u.decls) + 1 for u in units)
        stmts = sum(len(u.stmts) for u in units)
        return len(head) + decls + len(proto_open) + stmts + ret + 1 + extra

    k = 0
    while True:
        topic = TOPICS[(k * 7 + seed) % len(TOPICS)]
        unit = UNIT_KINDS[(k + seed) % len(UNIT_KINDS)](k + 1000 * seed, topic)
        if units and total(unit.lines + 2) > target_lines:
            break
        units.append(unit)
        k += 1
    fillers: list[str] = []
    room = target_lines - total()
    while room > 0:
        block = _filler(len(fillers) + 1000 * seed, room)
        room -= len(block)
        fillers += block

    out = list(head)
    for unit in units:
        out += [*unit.decls, ""]
    out += fillers
    out += proto_open
    for unit in units:
        out += unit.stmts
    out.append("  return join([")
    out += [f"    {u.result}," for u in units]
    out.append('  ], sep: "\\n\\n")')
    out.append("}")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------
# Timing
# ---------------------------------------------------------------------------

PHASES = ("lark", "parse", "check", "lower", "compile", "dump")
PHASE_TITLES = {
    "lark": "Lark alone",
    "parse": "parse",
    "check": "check",
    "lower": "lower",
    "compile": "compile_source",
    "dump": "model_dump_json",
}


@dataclass
class SizeResult:
    target: int
    lines: int
    chars: int
    warnings: int
    samples: dict[str, list[float]] = field(default_factory=lambda: {p: [] for p in PHASES})

    def median(self, phase: str) -> float:
        return statistics.median(self.samples[phase])

    def min(self, phase: str) -> float:
        return min(self.samples[phase])

    def per_kloc(self, phase: str, stat: str = "median") -> float:
        value = self.median(phase) if stat == "median" else self.min(phase)
        return value / (self.lines / 1000)

    def vs_lark(self, stat: str = "median") -> float:
        if stat == "median":
            return self.median("compile") / self.median("lark")
        return self.min("compile") / self.min("lark")


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    start = time.perf_counter()
    value = fn()
    return (time.perf_counter() - start) * 1000, value


def _fail(message: str, text: str, path: str, diagnostics: list[Any]) -> None:
    dump = Path(tempfile.gettempdir()) / Path(path).name
    dump.write_text(text, encoding="utf-8")
    print(f"FAIL: {message} (program written to {dump})", file=sys.stderr)
    for d in diagnostics[:20]:
        print(f"  {d.span.line}:{d.span.column} {d.severity} {d.code} {d.message}", file=sys.stderr)
    sys.exit(1)


def measure(target: int, repeat: int, baseline: lark.Lark, seed: int) -> SizeResult:
    text = generate(target, seed=seed)
    path = f"bench_{target}.minion"
    # Warm up once, and check that the program is valid.
    warm = compile_source(text, path)
    errors = [d for d in warm.diagnostics if d.is_error]
    if errors or warm.plan is None:
        _fail(f"{target}-line program has {len(errors)} errors", text, path, errors)
    warm.plan.model_dump_json()
    baseline.parse(text)
    result = SizeResult(target, text.count("\n"), len(text), len(warm.diagnostics))

    for _ in range(repeat):
        ms, _tree = _timed(lambda: baseline.parse(text))
        result.samples["lark"].append(ms)

        sink = DiagnosticSink(path)
        ms, program = _timed(lambda sink=sink: parse_source(text, path, sink))
        result.samples["parse"].append(ms)
        ms, checked = _timed(lambda sink=sink, pr=program: check_program(pr, text, sink))
        result.samples["check"].append(ms)
        if checked is None or sink.has_errors:
            _fail("check reported errors", text, path, sink.items)
        ms, _plan = _timed(lambda c=checked: lower_program(c))
        result.samples["lower"].append(ms)

        ms, compiled = _timed(lambda: compile_source(text, path))
        result.samples["compile"].append(ms)
        if not compiled.ok:
            _fail("compile_source reported errors", text, path, compiled.diagnostics)
        ms, _json = _timed(lambda c=compiled: c.plan.model_dump_json())
        result.samples["dump"].append(ms)
    return result


def linearity(results: list[SizeResult]) -> tuple[SizeResult, SizeResult, float] | None:
    """ms/kLOC of compile_source at the largest size over that at the size nearest a
    tenth of it (10,000 vs 1,000 lines by default)."""
    if len(results) < 2:
        return None
    big = max(results, key=lambda r: r.lines)
    others = [r for r in results if r is not big]
    small = min(others, key=lambda r: abs(r.lines - big.lines / 10))
    return small, big, big.per_kloc("compile") / small.per_kloc("compile")


def table(results: list[SizeResult]) -> str:
    def cell(r: SizeResult, phase: str) -> str:
        return f"{r.median(phase):.1f} ({r.min(phase):.1f})"

    head = [
        "lines",
        *(PHASE_TITLES[p] + " ms" for p in PHASES),
        "compile ms/kLOC",
        "compile+dump ms/kLOC",
        "compile / Lark",
    ]
    rows = ["| " + " | ".join(head) + " |", "|" + "---:|" * len(head)]
    for r in results:
        both = (r.median("compile") + r.median("dump")) / (r.lines / 1000)
        rows.append(
            "| "
            + " | ".join(
                [
                    f"{r.lines:,}",
                    *(cell(r, p) for p in PHASES),
                    f"{r.per_kloc('compile'):.1f} ({r.per_kloc('compile', 'min'):.1f})",
                    f"{both:.1f}",
                    f"{r.vs_lark():.1f}x ({r.vs_lark('min'):.1f}x)",
                ]
            )
            + " |"
        )
    return "\n".join(rows)


def report(results: list[SizeResult], repeat: int) -> str:
    lines = [
        f"Times in ms: median (min) of {repeat} runs after one warm-up. "
        "Lark alone = `lark.Lark(grammar, parser='lalr').parse(text)`; "
        "parse + check + lower are the passes of compile_source timed one by one.",
        "",
        table(results),
        "",
    ]
    lin = linearity(results)
    if lin is not None:
        small, big, ratio = lin
        by_min = big.per_kloc("compile", "min") / small.per_kloc("compile", "min")
        lark_ratio = big.per_kloc("lark") / small.per_kloc("lark")
        normalised = big.vs_lark() / small.vs_lark()
        verdict = "about linear" if normalised < 1.15 else "superlinear"
        lines.append(
            f"Linearity, compile ms/kLOC at {big.lines:,} lines / at {small.lines:,} lines: "
            f"{ratio:.2f} by median, {by_min:.2f} by min (Lark alone: {lark_ratio:.2f}); "
            f"normalised by the Lark baseline (compile/Lark at {big.lines:,} / at "
            f"{small.lines:,}): {normalised:.2f}, {verdict}."
        )
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    import os

    return {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "lark": lark.__version__,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default=",".join(str(s) for s in DEFAULT_SIZES),
        help="comma-separated program sizes in lines (default: %(default)s)",
    )
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per size")
    parser.add_argument("--seed", type=int, default=0, help="varies the generated names")
    parser.add_argument("--json", metavar="PATH", help="also write raw samples as JSON")
    parser.add_argument(
        "--emit", metavar="DIR", help="write the generated programs to DIR and exit"
    )
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]

    if args.emit:
        out = Path(args.emit)
        out.mkdir(parents=True, exist_ok=True)
        for size in sizes:
            (out / f"bench_{size}.minion").write_text(generate(size, args.seed), encoding="utf-8")
        return 0

    baseline = lark.Lark(GRAMMAR.read_text(encoding="utf-8"), parser="lalr")
    results = []
    for size in sizes:
        result = measure(size, args.repeat, baseline, args.seed)
        print(
            f"  {result.lines:>6} lines: compile {result.median('compile'):8.1f} ms",
            file=sys.stderr,
        )
        results.append(result)
    info = machine()
    print(
        f"machine: nproc={info['nproc']}, Python {info['python']}, lark {info['lark']}, "
        f"{info['date']}\n"
    )
    print(report(results, args.repeat))
    warnings = sum(r.warnings for r in results)
    print(f"\nEvery program compiled with 0 errors and {warnings} warnings.")

    if args.json:
        lin = linearity(results)
        payload = {
            "command": " ".join(["python", "bench/compile.py", *(argv or sys.argv[1:])]),
            "machine": info,
            "repeat": args.repeat,
            "seed": args.seed,
            "linearity": None
            if lin is None
            else {
                "small_lines": lin[0].lines,
                "big_lines": lin[1].lines,
                "ratio": lin[2],
                "ratio_normalised_by_lark": lin[1].vs_lark() / lin[0].vs_lark(),
            },
            "sizes": [
                {
                    "target": r.target,
                    "lines": r.lines,
                    "chars": r.chars,
                    "warnings": r.warnings,
                    "median_ms": {p: r.median(p) for p in PHASES},
                    "min_ms": {p: r.min(p) for p in PHASES},
                    "compile_ms_per_kloc": r.per_kloc("compile"),
                    "compile_vs_lark": r.vs_lark(),
                    "samples_ms": r.samples,
                }
                for r in results
            ],
        }
        Path(args.json).write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
