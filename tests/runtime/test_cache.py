"""The content-addressed call cache: keys, round trip, corrupt entries, full disk."""

from __future__ import annotations

from pathlib import Path

from minionc.runtime.backend import Completion, CompletionRequest
from minionc.runtime.cache import CallCache


def test_cache_round_trip_and_key_sensitivity(tmp_path: Path) -> None:
    cache = CallCache(tmp_path)
    request = CompletionRequest(prompt="Q: 2+2\nA:", max_tokens=8, temperature=0.0, seed=1)
    assert cache.get("gemma", request) is None
    cache.put("gemma", request, Completion("4", 7, 1))
    hit = cache.get("gemma", request)
    assert hit is not None and (hit.text, hit.prompt_tokens, hit.completion_tokens) == ("4", 7, 1)
    assert cache.get("other-model", request) is None
    assert cache.get("gemma", CompletionRequest(prompt="Q: 2+2\nA:", max_tokens=8, seed=2)) is None


def test_a_corrupt_entry_is_a_miss(tmp_path: Path) -> None:
    cache = CallCache(tmp_path)
    request = CompletionRequest(prompt="x")
    cache.put("m", request, Completion("y", 1, 1))
    (entry,) = tmp_path.rglob("*.json")
    entry.write_text("{not json")
    assert cache.get("m", request) is None


def test_an_unwritable_cache_does_not_fail_the_call(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory should be")
    cache = CallCache(blocker / "cache")
    cache.put("m", CompletionRequest(prompt="x"), Completion("y", 1, 1))
    assert cache.write_errors == 1
