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


def test_a_batch_bar_shows_tokens_per_tier_and_failures_and_workers_share_the_calls_bar() -> None:
    from minionc.runtime.usage import Usage

    total = Usage()
    total.record(
        "findings",
        "local",
        prompt_tokens=12000,
        completion_tokens=345,
        seconds=1.0,
        usd=0.0,
        cache_hit=False,
    )
    total.record(
        "answer",
        "remote",
        prompt_tokens=1200,
        completion_tokens=34,
        seconds=1.0,
        usd=0.25,
        cache_hit=False,
    )
    stream = Terminal()
    with RunProgress(stream, inputs=3, concurrent=True) as progress:
        progress.on_event(ProgressEvent("findings", "local", "scheduled", 4))
        progress.on_event(ProgressEvent("findings", "local", "finished", 1))
        progress.input_done(usage=total, failed=1)
        progress._progress.refresh()
        drawn = stream.getvalue()
        # With workers, another input's calls are still counted: the bar is not reset.
        assert progress._scheduled == 4 and progress._finished == 1
    assert "local 12,345 tok" in drawn and "remote 1,234 tok" in drawn
    assert "$0.25" in drawn and "1 failed" in drawn and "1/3" in drawn
