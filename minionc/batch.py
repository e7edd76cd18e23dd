"""Batch runs: one program over many input sets, resumable.

`minionc run PROGRAM --inputs IN.jsonl --out OUT.jsonl` reads one JSON object per
line of IN (the program's inputs; `id`, `expected` and `meta` are carried through
untouched, so an evaluation set doubles as a batch), runs each, and appends one line
per input to OUT as soon as it finishes: the object `minionc run --json` prints plus
`line` (the input's line number) and `input_sha256` (of that line's inputs).

Restarted after an interruption, it reads OUT first and skips every input already
there; model calls of an input cut off midway come back from the call cache, so a
restart redoes no finished call. A line of OUT cut off by the interruption is
dropped.

OUT is only ever appended to, and only when it is a results file of this very
batch: every record carries `batch`, the settings that determine its result (the
plan, so the program and its knob settings; the shared inputs by content hash;
the models by identity), and a file that is not a results file (notes, the
inputs file itself), or holds results of other settings or inputs, is refused
before anything is written to it, byte for byte as it was.

With `--workers N`, N inputs run at once on one Runtime (`run_items`): their
remote calls overlap, their local fan-outs take turns on the one local model
(runtime/scheduling.py), and each record is appended as its input finishes, so
OUT holds them in the order they finished; resuming reads them by `line`.
`BatchBudget` (minionc/batch_tally.py) caps the whole batch: once its totals
reach a limit, no new input starts (the ones in flight finish and are saved).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from minionc.compiler.diagnostics import did_you_mean
from minionc.compiler.plan import Plan
from minionc.files import UnsafeTarget, check_not_read
from minionc.runtime.executor import Result, RunError, Runtime

# Keys of an input line that are not program inputs: carried to the output line.
CARRIED_KEYS = ("id", "expected", "meta")


class BatchError(Exception):
    """A batch cannot start or go on; the message says what to do."""


@dataclass(frozen=True)
class BatchItem:
    line: int  # 1-based line number in the inputs file
    inputs: dict[str, Any]  # the program's inputs for this line (shared ones merged in)
    carried: dict[str, Any]  # id / expected / meta, echoed into the output
    digest: str  # sha256 of the line's own inputs: ties an output line to its input


@dataclass
class BatchState:
    """What OUT already holds: finished records by input line, and where its
    complete lines end when its last line was cut off by an interruption (the
    writer drops that fragment before it appends)."""

    done: dict[int, dict[str, Any]] = field(default_factory=dict)
    complete_end: int | None = None

    @property
    def dropped_partial_line(self) -> bool:
        return self.complete_end is not None


# What each setting is, for the message when a rerun's differ from OUT's.
_SETTINGS = {
    "plan_sha256": "the plan (the program, its knob settings, or the minionc version)",
    "shared_inputs_sha256": "the shared inputs (--input / --input-file)",
    "local": "the local model",
    "remote": "the remote model",
}


def batch_settings(
    plan: Plan,
    shared: Mapping[str, Any],
    local: Any = None,
    remote: Any = None,
    roles: Mapping[str, Any] | None = None,
) -> dict[str, str]:
    """What determines every result of a batch besides its own input line. The
    models' part is known once they are set up (their `identity`)."""
    settings = {
        "plan_sha256": plan_digest(plan),
        "shared_inputs_sha256": input_digest(shared),
    }
    if local is not None:
        settings["local"] = local.identity
    if remote is not None:
        settings["remote"] = remote.identity
    for role, backend in sorted((roles or {}).items()):
        settings[f"role {role}"] = backend.identity
    return settings


def plan_digest(plan: Plan) -> str:
    """The plan's identity for resuming a batch: what it computes, not where its
    program file lies, so a moved or re-cloned checkout resumes its batches."""
    from minionc.compiler.plan import without_location
    from minionc.compiler.plan_io import dump_plan

    return hashlib.sha256(dump_plan(without_location(plan)).encode("utf-8")).hexdigest()


def check_out_path(out: Path, reads: Mapping[str, Path]) -> None:
    """Refuse an --out that is one of the files the command reads (`reads`:
    what each is, e.g. "the --inputs file"): appending to it would damage it."""
    try:
        check_not_read("--out", out, reads)
    except UnsafeTarget as error:
        raise BatchError(str(error)) from None


def input_digest(inputs: Mapping[str, Any]) -> str:
    canonical = json.dumps(inputs, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def read_inputs(
    path: Path, expected_inputs: list[str], shared: Mapping[str, Any]
) -> list[BatchItem]:
    """Every input line of `path`, validated before anything runs, so a typo on
    line 900 does not surface after an hour of model calls."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise BatchError(f"--inputs: cannot read {path}: {error}") from None
    items: list[BatchItem] = []
    problems: list[str] = []
    known = set(expected_inputs)
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as error:
            problems.append(f"{path}:{number}: not JSON ({error.msg} at column {error.colno})")
            continue
        if not isinstance(record, dict):
            problems.append(f"{path}:{number}: expected a JSON object, got {type(record).__name__}")
            continue
        own = {k: v for k, v in record.items() if k not in CARRIED_KEYS}
        unknown = sorted(set(own) - known)
        for key in unknown:
            hint = did_you_mean(key, sorted(known))
            problems.append(
                f"{path}:{number}: unknown input {key!r}"
                + (f" ({hint})" if hint else "")
                + f"; the program takes {', '.join(expected_inputs) or 'no inputs'}"
                + f" (and {', '.join(CARRIED_KEYS)} are carried through)"
            )
        own = _read_file_references(own, path, number, problems)
        inputs = {**shared, **own}
        missing = [name for name in expected_inputs if name not in inputs]
        if missing:
            problems.append(
                f"{path}:{number}: missing input {', '.join(missing)} "
                "(give it on the line, or for every line with --input/--input-file)"
            )
        if unknown or missing:
            continue
        carried = {k: record[k] for k in CARRIED_KEYS if k in record}
        items.append(BatchItem(number, inputs, carried, input_digest(own)))
    if problems:
        shown = problems[:10]
        more = f"\n... and {len(problems) - 10} more" if len(problems) > 10 else ""
        raise BatchError(
            "the inputs file has errors; nothing was run:\n  " + "\n  ".join(shown) + more
        )
    if not items:
        raise BatchError(f"--inputs: {path} has no input lines (one JSON object per line)")
    return items


def read_state(out: Path, items: list[BatchItem], settings: Mapping[str, str]) -> BatchState:
    """The records already in `out`, for these inputs and `settings` (any subset
    of `batch_settings`; `check_settings` checks the rest later). Reads only: a
    file that is not a results file of this batch is refused untouched."""
    state = BatchState()
    if not out.exists():
        return state
    if not out.is_file():
        raise BatchError(f"--out {out} is not a file; give --out a file path (e.g. results.jsonl)")
    try:
        data = out.read_bytes()
    except OSError as error:
        raise BatchError(f"--out: cannot read {out}: {error}") from None
    not_ours = (
        f"--out {out} is not a minionc results file{{where}}, so nothing was written to it; "
        "give --out a new file (results are appended to it)"
    )
    complete_end = data.rfind(b"\n") + 1
    try:
        text = data[:complete_end].decode("utf-8")
        fragment = data[complete_end:].decode("utf-8", "replace")
    except UnicodeDecodeError:
        raise BatchError(not_ours.format(where=" (it is not UTF-8 text)")) from None
    records: list[tuple[int, dict[str, Any]]] = []
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        record = _as_record(raw)
        if record is None:
            raise BatchError(not_ours.format(where=f" (its line {number} is not a result)"))
        records.append((number, record))
    if fragment.strip():
        # A line cut off by a kill is ours only in a file of our records (or
        # alone), and only if it starts the way every record starts.
        if not fragment.startswith('{"line": '):
            where = f" (its last line {len(records) + 1} is not a result)"
            raise BatchError(not_ours.format(where=where))
        state.complete_end = complete_end
    by_line = {item.line: item for item in items}
    for number, record in records:
        _check_record_settings(out, number, record, settings)
        line = int(record["line"])
        item = by_line.get(line)
        if item is None or item.digest != record["input_sha256"]:
            raise BatchError(
                f"{out} holds results for other inputs (its line {number} is for input line "
                f"{line}, which is {'gone' if item is None else 'different now'}): give --out "
                "a new file, or delete this one to start over"
            )
        state.done[line] = record
    return state


def check_settings(out: Path, state: BatchState, settings: Mapping[str, str]) -> None:
    """Refuse to resume when OUT's results were computed with other settings
    (checked again once the models are set up and have an identity)."""
    for line, record in sorted(state.done.items()):
        _check_record_settings(out, line, record, settings)


def _as_record(raw: str) -> dict[str, Any] | None:
    try:
        record = json.loads(raw)
    except json.JSONDecodeError:
        return None
    if not isinstance(record, dict):
        return None
    line, digest = record.get("line"), record.get("input_sha256")
    if not isinstance(line, int) or isinstance(line, bool) or not isinstance(digest, str):
        return None
    return record


def _check_record_settings(
    out: Path, number: int, record: Mapping[str, Any], settings: Mapping[str, str]
) -> None:
    recorded = record.get("batch")
    if not isinstance(recorded, dict):
        raise BatchError(
            f"{out} was written by an older minionc, which did not record what its results "
            "were computed with, so they cannot be resumed safely: give --out a new file, "
            "or delete this one to start over"
        )
    changed = [key for key, value in settings.items() if recorded.get(key) != value]
    if changed:
        what = "; ".join(_SETTINGS.get(key, key) for key in changed)
        models = [
            f"{key}: was {recorded.get(key)!r}, now {settings[key]!r}"
            for key in changed
            if key in ("local", "remote")
        ]
        detail = f" ({'; '.join(models)})" if models else ""
        raise BatchError(
            f"{out} holds results computed with other settings: {what} changed{detail}. "
            "Nothing was run; give --out a new file for these settings, or delete this one "
            "to start over"
        )


def drop_records(out: Path, lines: set[int]) -> None:
    """Rewrite `out` without the records of `lines` (atomically: a crash leaves
    either the old file or the new one)."""
    kept = []
    for raw in out.read_text(encoding="utf-8").splitlines():
        if raw.strip() and json.loads(raw)["line"] not in lines:
            kept.append(raw + "\n")
    temporary = out.with_name(out.name + ".tmp")
    temporary.write_text("".join(kept), encoding="utf-8")
    os.replace(temporary, out)


def open_results(
    out: Path, state: BatchState, settings: Mapping[str, str], *, redo_failed: bool
) -> ResultWriter:
    """The writer for OUT once the models are set up: their identities checked
    against what OUT was computed with, and (`redo_failed`) the records of inputs
    that stopped early or have failed outputs dropped, so that they run again."""
    check_settings(out, state, settings)
    if redo_failed:
        redo = {line for line, record in state.done.items() if failed(record)}
        if redo:
            drop_records(out, redo)
            for line in redo:
                del state.done[line]
            state.complete_end = None  # the rewrite left complete lines only
    return ResultWriter(out, state)


def failed(record: Mapping[str, Any]) -> bool:
    return not record.get("ok", False) or bool(record.get("failures"))


class ResultWriter:
    """Appends one record per line and makes it durable before the next input
    starts, so a kill loses at most the input in flight. Given `state`, it first
    drops the fragment of a line a kill cut off (read_state vouched for it)."""

    def __init__(self, out: Path, state: BatchState | None = None) -> None:
        self.out = out
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            if state is not None and state.complete_end is not None:
                with out.open("r+b") as handle:
                    handle.truncate(state.complete_end)
            self.handle = out.open("a", encoding="utf-8")
        except OSError as error:
            raise BatchError(f"--out: cannot write {out}: {error}") from None

    def write(self, record: Mapping[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False) + "\n"
        try:
            self.handle.write(line)
            self.handle.flush()
            os.fsync(self.handle.fileno())
        except OSError as error:
            raise BatchError(
                f"cannot write to {self.out}: {error.strerror or error}. The results "
                "before this input are saved there; free space (or fix the path) and run "
                "the same command again to continue"
            ) from None

    def close(self) -> None:
        self.handle.close()


def _read_file_references(
    own: dict[str, Any], path: Path, number: int, problems: list[str]
) -> dict[str, Any]:
    """An input written `{"$file": "docs/report.txt"}` is that file's text (a
    relative path is read from the inputs file's folder), so lines about long
    documents need not inline them. The digest covers the text: an edited
    document makes its lines new."""
    resolved = dict(own)
    for name, value in own.items():
        if not (isinstance(value, dict) and set(value) == {"$file"}):
            continue
        reference = value["$file"]
        if not isinstance(reference, str) or not reference:
            problems.append(f'{path}:{number}: input {name!r}: "$file" takes a path (a string)')
            continue
        file = Path(reference).expanduser()
        if not file.is_absolute():
            file = path.parent / file
        try:
            resolved[name] = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            problems.append(f"{path}:{number}: input {name!r}: cannot read {file}: {reason}")
    return resolved


def pending(items: list[BatchItem], state: BatchState) -> Iterator[BatchItem]:
    """The items `state` has no record for (--redo-failed drops records beforehand)."""
    for item in items:
        if item.line not in state.done:
            yield item


def record_for(
    item: BatchItem, result_json: Mapping[str, Any], settings: Mapping[str, str] | None = None
) -> dict[str, Any]:
    record = {"line": item.line, **item.carried, **result_json, "input_sha256": item.digest}
    if settings is not None:
        record["batch"] = dict(settings)
    return record


def run_item(
    runtime: Runtime, plan: Plan, item: BatchItem, settings: Mapping[str, str] | None = None
) -> tuple[dict[str, Any], Result | None]:
    """One input's output record, and its result when it ran. A run that cannot
    start (a RunError: an input the program rejects) is a record too, so one bad
    line does not stop the batch. `settings` (batch_settings) go into the record."""
    started = time.perf_counter()
    try:
        result = runtime.run(plan, **item.inputs)
    except RunError as error:
        failed_run = {"value": None, "ok": False, "error": str(error)}
        return record_for(item, failed_run, settings), None
    return _timed(record_for(item, result.to_json(), settings), started), result


async def arun_item(
    runtime: Runtime, plan: Plan, item: BatchItem, settings: Mapping[str, str] | None = None
) -> tuple[dict[str, Any], Result | None]:
    """`run_item` on the caller's event loop (`Runtime.arun`)."""
    started = time.perf_counter()
    try:
        result = await runtime.arun(plan, **item.inputs)
    except RunError as error:
        failed_run = {"value": None, "ok": False, "error": str(error)}
        return record_for(item, failed_run, settings), None
    return _timed(record_for(item, result.to_json(), settings), started), result


def _timed(record: dict[str, Any], started: float) -> dict[str, Any]:
    """The input's wall time from start to result (with workers, other inputs ran too)."""
    record["wall_seconds"] = round(time.perf_counter() - started, 3)
    return record


async def run_items(
    runtime: Runtime,
    plan: Plan,
    items: list[BatchItem],
    settings: Mapping[str, str] | None,
    *,
    workers: int,
    on_record: Callable[[dict[str, Any], Result | None], None],
    may_start: Callable[[], bool] = lambda: True,
) -> None:
    """Run `items`, at most `workers` at once, on the caller's event loop (run it
    with `runtime.block_on`). `on_record` hears each input's record as it finishes;
    an error it raises (a full disk) stops the batch. `may_start` is asked before
    each input starts (a batch budget). Cancelled, it cancels the inputs in flight:
    the records already heard are all that was finished."""
    if workers < 1:
        raise ValueError("workers must be at least 1")
    queue = iter(items)

    async def worker() -> None:
        for item in queue:  # shared: each worker takes the next input
            if not may_start():
                return
            record, result = await arun_item(runtime, plan, item, settings)
            on_record(record, result)

    tasks = [asyncio.create_task(worker()) for _ in range(min(workers, len(items)))]
    try:
        await asyncio.gather(*tasks)
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise
