"""`minionc trace FILE.jsonl`: a run's trace (`minionc run --trace`) as a step tree,
in the terminal or as a self-contained HTML page.

A trace file holds one line per event (runtime/trace.py): each model call (step,
tier, model, prompt, output, tokens, seconds, cache hit, attempts, or the error),
cascade and route decisions, and each run's start and end (`run_start`,
`run_end` with whether it produced a value and its failed outputs by step), every
line tagged with its run's id, so the runs of a batch sharing one file are told
apart. Lines that are not JSON objects (a line cut off by a kill) are counted and
skipped; traces written before runs had ids read as one run.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

NO_RUN = "(no run id)"


@dataclass
class StepView:
    step: str
    binds: str | None = None  # the name the program gave its value (run_start's map)
    line: int | None = None
    prompts: list[str] = field(default_factory=list)  # the prompts its calls rendered
    tiers: Counter[str] = field(default_factory=Counter)
    calls: int = 0  # calls that reached a model
    cache_hits: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    usd: float = 0.0
    errors: int = 0  # backend errors
    failures: Counter[str] = field(default_factory=Counter)  # failed outputs by kind
    decisions: list[str] = field(default_factory=list)  # cascade / route notes
    events: list[dict[str, Any]] = field(default_factory=list)  # the calls, for HTML


@dataclass
class RunView:
    run: str
    protocol: str | None = None
    ok: bool | None = None  # None: the run's end is not in the file
    problem: str | None = None
    steps: dict[str, StepView] = field(default_factory=dict)
    names: dict[str, dict[str, Any]] = field(default_factory=dict)  # step id -> binds, line

    def step(self, name: str) -> StepView:
        if name not in self.steps:
            known = self.names.get(name) or {}
            binds, line = known.get("binds"), known.get("line")
            self.steps[name] = StepView(
                name,
                binds=str(binds) if binds else None,
                line=line if isinstance(line, int) else None,
            )
        return self.steps[name]

    def totals(self, tier: str) -> tuple[int, int]:
        """(tokens, calls) of one tier over the run, cache hits excluded."""
        tokens = calls = 0
        for step in self.steps.values():
            for event in step.events:
                if event.get("tier") == tier and not event.get("cache_hit"):
                    tokens += int(event.get("prompt_tokens", 0)) + int(
                        event.get("completion_tokens", 0)
                    )
                    calls += "prompt" in event
        return tokens, calls


@dataclass
class TraceView:
    runs: list[RunView]
    skipped_lines: int


def read_trace(path: Path) -> TraceView:
    runs: dict[str, RunView] = {}
    skipped = 0
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.strip():
            continue
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            skipped += 1
            continue
        if not isinstance(event, dict):
            skipped += 1
            continue
        run_id = str(event.get("run") or NO_RUN)
        run = runs.setdefault(run_id, RunView(run_id))
        kind = event.get("event")
        if kind == "run_start":
            run.protocol = event.get("protocol")
            steps = event.get("steps")
            if isinstance(steps, dict):
                run.names = {str(k): v for k, v in steps.items() if isinstance(v, dict)}
        elif kind == "run_end":
            run.protocol = run.protocol or event.get("protocol")
            run.ok = bool(event.get("ok"))
            run.problem = event.get("problem")
            for failure in event.get("failures") or []:
                run.step(str(failure.get("step"))).failures[str(failure.get("reason"))] += 1
        elif kind in ("cascade", "route"):
            note = _decision(event)
            run.step(str(event.get("step"))).decisions.append(note)
        else:
            _add_call(run.step(str(event.get("step"))), event)
    return TraceView(list(runs.values()), skipped)


def _decision(event: dict[str, Any]) -> str:
    if event.get("event") == "route":
        return f"route ({event.get('policy')}) chose tier {int(event.get('tier', 0)) + 1}"
    verdict = "kept" if event.get("accepted") else "deferred"
    score = f", score {event['score']}" if "score" in event else ""
    return f"cascade tier {int(event.get('tier', 0)) + 1} {verdict}{score}"


def _add_call(step: StepView, event: dict[str, Any]) -> None:
    step.events.append(event)
    name = event.get("call")
    if name and name not in step.prompts:
        step.prompts.append(str(name))
    step.tiers[str(event.get("tier", "?"))] += 1
    step.seconds += float(event.get("seconds") or 0.0)
    if "error" in event:
        step.errors += 1
        return
    if event.get("cache_hit"):
        step.cache_hits += 1
        return
    step.calls += 1
    step.prompt_tokens += int(event.get("prompt_tokens") or 0)
    step.completion_tokens += int(event.get("completion_tokens") or 0)
    step.usd += float(event.get("usd") or 0.0)


def _calls(count: int) -> str:
    return f"{count} call{'s' if count != 1 else ''}"


def _step_line(step: StepView) -> str:
    tiers = "+".join(sorted(step.tiers)) or "-"
    parts = [_calls(step.calls)]
    if step.cache_hits:
        parts.append(f"{step.cache_hits} cached")
    if step.calls:
        parts.append(f"{step.prompt_tokens:,}+{step.completion_tokens:,} tok")
    parts.append(f"{step.seconds:.1f} s")
    if step.usd:
        parts.append(f"${step.usd:.4f}")
    if step.errors:
        parts.append(f"{step.errors} backend error{'s' if step.errors != 1 else ''}")
    if step.failures:
        parts.append("failed: " + ", ".join(f"{n} {k}" for k, n in step.failures.items()))
    # `found = extract (s2, line 6)`: the program's names first, the plan's id after.
    named = f"{step.binds} = " if step.binds else ""
    named += "/".join(step.prompts) if step.prompts else step.step
    where = [step.step] if step.binds or step.prompts else []
    if step.line is not None:
        where.append(f"line {step.line}")
    if where:
        named += f" ({', '.join(where)})"
    return f"{named} [{tiers}] " + ", ".join(parts)


def tree_text(view: TraceView) -> str:
    lines: list[str] = []
    for run in view.runs:
        status = {True: "ok", False: "no value", None: "unfinished"}[run.ok]
        local, remote = run.totals("local"), run.totals("remote")
        lines.append(
            f"run {run.run} {run.protocol or '?'}: {status}"
            + (f" ({run.problem})" if run.problem else "")
            + f"; local {local[0]:,} tok in {_calls(local[1])}, remote {remote[0]:,} tok in "
            f"{_calls(remote[1])}"
        )
        steps = list(run.steps.values())
        for index, step in enumerate(steps):
            last = index == len(steps) - 1
            lines.append(f"{'└─' if last else '├─'} {_step_line(step)}")
            for note in step.decisions:
                lines.append(f"{'  ' if last else '│ '}   · {note}")
    if view.skipped_lines:
        lines.append(f"({view.skipped_lines} lines were not events and were skipped)")
    return "\n".join(lines) + "\n"


_STYLE = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.3em; } h2 { font-size: 1.1em; margin-top: 2em; }
table { border-collapse: collapse; } td, th { padding: .2em .6em; text-align: right; }
th:first-child, td:first-child { text-align: left; }
details { margin: .3em 0 .3em 1.5em; } summary { cursor: pointer; }
pre { background: #f6f6f6; padding: .6em; white-space: pre-wrap; max-height: 30em;
      overflow: auto; }
.ok { color: #176f2c; } .bad { color: #a11; } .note { color: #666; }
"""


def trace_html(view: TraceView, title: str) -> str:
    """A page with no external resource: the step tree, each call's prompt and
    output (escaped), and the usage per tier."""
    esc = html.escape
    out = [
        "<!doctype html><html><head><meta charset='utf-8'>",
        f"<title>{esc(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{esc(title)}</h1>",
    ]
    for run in view.runs:
        status = {True: "ok", False: "no value", None: "unfinished"}[run.ok]
        css = "ok" if run.ok else "bad"
        out.append(
            f"<h2 id='run-{esc(run.run)}'>run {esc(run.run)} · {esc(run.protocol or '?')} · "
            f"<span class='{css}'>{esc(status)}</span>"
            + (f" <span class='note'>({esc(run.problem)})</span>" if run.problem else "")
            + "</h2>"
        )
        out.append("<table><tr><th>tier</th><th>tokens</th><th>calls</th></tr>")
        for tier in ("local", "remote"):
            tokens, calls = run.totals(tier)
            out.append(f"<tr><td>{tier}</td><td>{tokens:,}</td><td>{calls}</td></tr>")
        out.append("</table>")
        for step in run.steps.values():
            out.append(f"<details class='step'><summary>{esc(_step_line(step))}</summary>")
            for note in step.decisions:
                out.append(f"<div class='note'>{esc(note)}</div>")
            for number, event in enumerate(step.events, 1):
                label = (
                    f"call {number}: {event.get('tier')} {event.get('model', '')}"
                    + (" (cache)" if event.get("cache_hit") else "")
                    + f", {event.get('seconds', 0)} s"
                )
                out.append(f"<details class='call'><summary>{esc(label)}</summary>")
                if "error" in event:
                    out.append(f"<pre class='bad'>{esc(str(event['error']))}</pre>")
                else:
                    out.append(f"<div>prompt</div><pre>{esc(str(event.get('prompt', '')))}</pre>")
                    out.append(f"<div>output</div><pre>{esc(str(event.get('output', '')))}</pre>")
                out.append("</details>")
            out.append("</details>")
    if view.skipped_lines:
        out.append(f"<p class='note'>{view.skipped_lines} lines were not events.</p>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
