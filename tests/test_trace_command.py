"""`minionc trace`: a run's trace (written by the runtime, here on scripted
backends) as a step tree and as a self-contained HTML page; the runs of a batch
told apart by their ids; a cut-off line skipped; no file damaged by --html."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from headless_chromium import CHROMIUM, Page, inspect_page
from minionc.compiler.pipeline import compile_source
from minionc.runtime.executor import Runtime
from scripted_backend import ScriptedBackend

from minionc import cli

PROGRAM = """
prompt extract(chunk: str, question: str) -> str \"\"\"Text: {{ chunk }} Q: {{ question }}\"\"\"
prompt answer(question: str, found: list[str]) -> str \"\"\"Q: {{ question }} {{ found }}\"\"\"
protocol main(question: str, context: private doc) -> str {
  parts = split(context, paragraphs: 1)
  found = for c in parts: extract(c, question) @local(max_tokens: 4)
  best = answer(question, share found) @remote(max_tokens: 8)
  return best
}
"""


def traced(tmp_path: Path, runs: int = 2) -> Path:
    compiled = compile_source(PROGRAM, "t.minion")
    assert compiled.plan is not None
    trace = tmp_path / "trace.jsonl"
    local = ScriptedBackend(answer=" <script>alert(1)</script>")
    remote = ScriptedBackend("remote", answer="Gdynia")
    with Runtime(local=local, remote=remote, use_cache=False, trace=trace) as runtime:
        for n in range(runs):
            runtime.run(compiled.plan, question=f"q{n}", context="alpha\n\nbeta\n\ngamma")
    return trace


def run_cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(list(args), out, err)
    return code, out.getvalue(), err.getvalue()


def test_each_run_is_a_tree_of_its_steps(tmp_path: Path) -> None:
    trace = traced(tmp_path)
    with trace.open("a", encoding="utf-8") as handle:
        handle.write('{"step": "cut off by a ki')  # a kill mid-line
    code, out, err = run_cli("trace", str(trace))
    assert code == 0, err
    runs = [line for line in out.splitlines() if line.startswith("run ")]
    assert len(runs) == 2 and all(" main: ok;" in line for line in runs)
    # The scripted backend counts a prompt's characters / 4 and one completion token.
    assert runs[0].endswith("local 21 tok in 3 calls, remote 25 tok in 1 call")
    assert "├─ found = extract (s2, line 6) [local] 3 calls, 18+3 tok" in out
    assert "└─ best = answer (s3, line 7) [remote] 1 call, 24+1 tok" in out
    assert "(1 lines were not events and were skipped)" in out


def test_one_run_by_its_id_and_an_html_page_with_every_prompt_escaped(tmp_path: Path) -> None:
    trace = traced(tmp_path)
    first = next(line for line in trace.read_text().splitlines() if '"run_start"' in line)
    run_id = first.split('"run": "')[1].split('"')[0]
    page = tmp_path / "trace.html"
    code, out, err = run_cli("trace", str(trace), "--run", run_id[:6], "--html", str(page))
    assert code == 0, err
    assert out.count("\nrun ") + out.startswith("run ") == 1
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!doctype html>") and "http" not in text  # nothing external
    assert "Text: alpha Q: q0" in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<script>" not in text
    # Written again over its own page: fine; over anything else: refused, untouched.
    assert run_cli("trace", str(trace), "--html", str(page))[0] == 0
    notes = tmp_path / "notes.txt"
    notes.write_text("mine", encoding="utf-8")
    code, _, err = run_cli("trace", str(trace), "--html", str(notes))
    assert code == 1 and "is not a page `minionc trace` wrote" in err
    assert notes.read_text(encoding="utf-8") == "mine"


def test_mistakes_are_messages(tmp_path: Path) -> None:
    code, _, err = run_cli("trace", str(tmp_path / "missing.jsonl"))
    assert code == 1 and "cannot read the trace" in err
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    code, _, err = run_cli("trace", str(empty))
    assert code == 1 and "holds no trace events" in err
    code, _, err = run_cli("trace", str(traced(tmp_path, 1)), "--run", "zzz")
    assert code == 1 and "--run zzz: no run with that id" in err


@pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (scripts/test.sh installs it)"
)
def test_the_page_in_headless_chromium_shows_the_tree_and_every_call_on_opening(
    tmp_path: Path,
) -> None:
    page_path = tmp_path / "trace.html"
    code, _, err = run_cli("trace", str(traced(tmp_path)), "--html", str(page_path))
    assert code == 0, err

    async def look(page: Page) -> dict[str, Any]:
        seen: dict[str, Any] = {"title": await page.evaluate("document.title")}
        seen["closed"] = await page.evaluate("document.body.innerText")
        seen["calls"] = await page.evaluate("document.querySelectorAll('details.call').length")
        seen["scripts"] = await page.evaluate("document.scripts.length")
        await page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        seen["open"] = await page.evaluate("document.body.innerText")
        seen["requests"] = list(page.requests)
        seen["dialogs"] = list(page.dialogs)
        return seen

    seen = inspect_page(page_path, look)
    assert seen["title"] == "minionc trace: trace.jsonl"
    closed, opened = seen["closed"], seen["open"]
    # Collapsed: each run's header, its usage per tier, its steps in the program's names.
    assert closed.count("run ") == 2 and closed.count("· main · ok") == 2
    assert "local\t21\t3" in closed and "remote\t25\t1" in closed
    assert "found = extract (s2, line 6) [local] 3 calls, 18+3 tok" in closed
    assert "best = answer (s3, line 7) [remote] 1 call, 24+1 tok" in closed
    assert "Text: alpha Q: q0" not in closed  # the prompts wait behind their calls
    # Opened: every call's prompt and output; the model's markup shown as text, not run.
    assert seen["calls"] == 8
    assert "Text: alpha Q: q0" in opened and "Text: gamma Q: q1" in opened
    assert "<script>alert(1)</script>" in opened and "Gdynia" in opened
    assert seen["scripts"] == 0 and seen["dialogs"] == []
    # Self-contained: the page asked for nothing but itself.
    assert seen["requests"] == [page_path.resolve().as_uri()]
