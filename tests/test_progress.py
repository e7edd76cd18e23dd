"""The progress bar of `minionc run`: drawn on a terminal, silent otherwise."""

from __future__ import annotations

import io

from minionc.runtime.executor import ProgressEvent

from minionc.progress import RunProgress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def feed(progress: RunProgress) -> None:
    progress.on_event(ProgressEvent("findings", "local", "scheduled", 3))
    for _ in range(3):
        progress.on_event(ProgressEvent("findings", "local", "finished"))
    progress.input_done()


def test_progress_is_silent_when_not_a_terminal() -> None:
    stream = io.StringIO()
    with RunProgress(stream, inputs=2) as progress:
        assert not progress.enabled
        feed(progress)
    assert stream.getvalue() == ""


def test_progress_draws_calls_and_inputs_on_a_terminal() -> None:
    stream = Terminal()
    with RunProgress(stream, inputs=2, skipped=1) as progress:
        assert progress.enabled
        feed(progress)
        progress._progress.refresh()  # draw now rather than on the refresh timer
        drawn = stream.getvalue()
    assert "inputs" in drawn and "2/2" in drawn
    assert "model calls" in drawn or "findings (local)" in drawn
