"""A JSONL trace of every model call: step, tier, model, prompt, output, tokens,
time, cache hit. Written line by line and flushed, so an interrupted run keeps
what it did. Never contains an API key: requests carry none, and model names
and error messages are scrubbed by the backends."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any, TextIO


class Trace:
    """One run's writer: every event carries `run` (its id) when given, so that the
    runs of a batch sharing one trace file can be told apart (`minionc trace`)."""

    def __init__(self, path: Path | str | None, run: str | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self.run = run
        self._handle: TextIO | None = None
        self.write_errors = 0
        self._lock = threading.Lock()  # remote jobs write from worker threads

    def write(self, event: dict[str, Any]) -> None:
        if self.path is None:
            return
        head: dict[str, Any] = {"time": round(time.time(), 3)}
        if self.run is not None:
            head["run"] = self.run
        line = json.dumps({**head, **event}) + "\n"
        with self._lock:
            self._write(line)

    def _write(self, line: str) -> None:
        assert self.path is not None  # write() returns early without one
        try:
            if self._handle is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._handle = self.path.open("a", encoding="utf-8")
            self._handle.write(line)
            self._handle.flush()
        except OSError:
            self.write_errors += 1  # a full disk loses trace lines, not the run

    def close(self) -> None:
        with self._lock:
            if self._handle is not None:
                self._handle.close()
                self._handle = None
