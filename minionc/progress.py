"""Progress bars for `minionc run`: model calls of a run, and inputs of a batch.

Drawn on stderr with rich, only when stderr is a terminal: piped or redirected
output (CI, `> log`) stays clean. The bars are transient: when the run ends they
disappear and the answer and usage table are all that remains.
"""

from __future__ import annotations

import threading
from types import TracebackType
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from minionc.runtime.executor import ProgressEvent
    from minionc.runtime.usage import Usage


class RunProgress:
    """A context manager; `on_event` is the Runtime's progress callback and
    `input_done` advances the batch bar. Does nothing when not a terminal."""

    def __init__(
        self,
        stream: TextIO,
        *,
        inputs: int | None = None,
        skipped: int = 0,
        inputs_label: str = "inputs",
        concurrent: bool = False,
    ) -> None:
        self.enabled = _is_terminal(stream)
        self.inputs_label = inputs_label
        # Inputs that run at once share the calls bar; one at a time, each gets it afresh.
        self.concurrent = concurrent
        self._lock = threading.Lock()
        self._progress = None
        self._calls_task = None
        self._inputs_task = None
        self._scheduled = 0
        self._finished = 0
        if not self.enabled:
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=Console(file=stream),
            transient=True,
        )
        if inputs is not None:
            self._inputs_task = self._progress.add_task(
                inputs_label, total=inputs, completed=skipped
            )
        self._calls_task = self._progress.add_task("model calls", total=None)

    def __enter__(self) -> RunProgress:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.stop()

    def on_event(self, event: ProgressEvent) -> None:
        if self._progress is None or self._calls_task is None:
            return
        with self._lock:
            if event.kind == "scheduled":
                self._scheduled += event.count
            else:
                self._finished += event.count
            self._progress.update(
                self._calls_task,
                total=self._scheduled,
                completed=self._finished,
                description=f"{event.step} ({event.tier})",
            )

    def input_done(
        self,
        *,
        completed: int | None = None,
        total: int | None = None,
        usage: Usage | None = None,
        failed: int = 0,
    ) -> None:
        """One more input done (or, for the optimizer, `completed` of `total`
        measurements, the total being an estimate that can change). `usage`: the
        batch's totals so far and `failed` its inputs with no value, shown beside."""
        if self._progress is None or self._inputs_task is None:
            return
        with self._lock:
            if completed is None:
                self._progress.advance(self._inputs_task)
            else:
                self._progress.update(self._inputs_task, completed=completed, total=total)
            if usage is not None:
                self._progress.update(
                    self._inputs_task,
                    description=inputs_description(self.inputs_label, usage, failed),
                )
            if not self.concurrent:  # each input's calls are counted afresh
                self._scheduled = self._finished = 0
                if self._calls_task is not None:
                    self._progress.update(self._calls_task, total=None, completed=0)


def inputs_description(label: str, usage: Usage, failed: int) -> str:
    """`inputs (local 12,345 tok, remote 1,234 tok, 2 failed)`: the batch bar's label."""
    parts = [f"local {usage.local.tokens:,} tok", f"remote {usage.remote.tokens:,} tok"]
    if usage.remote.usd:
        parts.append(f"${usage.remote.usd:.2f}")
    if failed:
        parts.append(f"{failed} failed")
    return f"{label} ({', '.join(parts)})"


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
