"""A content-addressed call cache on disk: model identity + request -> completion.

Repeated runs and the optimizer's replays cost nothing. Keys hash everything that
determines the output: the model's identity (a local model file's content hash; a
remote model's name and the endpoint serving it, so two servers answering under
one name never share entries), the prompt or messages, sampling parameters, seed.
Entries are written atomically, one JSON file each, so a crash or a full disk
never leaves a corrupt entry that a later run would trust; an unreadable entry is
treated as a miss.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from .backend import Completion, CompletionRequest

CACHE_FORMAT = 2  # 2: keyed by the backend identity, not its name


def default_cache_dir() -> Path:
    base = os.environ.get("MINIONC_CACHE_DIR")
    return Path(base) / "calls" if base else Path.home() / ".cache" / "minionc" / "calls"


class CallCache:
    def __init__(self, directory: Path | str | None = None) -> None:
        self.directory = Path(directory) if directory is not None else default_cache_dir()
        self.write_errors = 0

    @staticmethod
    def key(identity: str, request: CompletionRequest) -> str:
        material = {"format": CACHE_FORMAT, "model": identity, **request.cache_key_material()}
        blob = json.dumps(material, sort_keys=True, ensure_ascii=False).encode("utf-8")
        return hashlib.sha256(blob).hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, identity: str, request: CompletionRequest) -> Completion | None:
        path = self._path(self.key(identity, request))
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return Completion(
                text=data["text"],
                prompt_tokens=int(data["prompt_tokens"]),
                completion_tokens=int(data["completion_tokens"]),
                finish_reason=data.get("finish_reason", "stop"),
                usd=float(data.get("usd", 0.0)),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, identity: str, request: CompletionRequest, completion: Completion) -> None:
        """Store a completion. A failure to write (full disk, read-only cache)
        never fails the run: the call already succeeded; it is only not cached."""
        path = self._path(self.key(identity, request))
        data = {
            "text": completion.text,
            "prompt_tokens": completion.prompt_tokens,
            "completion_tokens": completion.completion_tokens,
            "finish_reason": completion.finish_reason,
            "usd": completion.usd,
        }
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                "w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp"
            ) as handle:
                json.dump(data, handle, ensure_ascii=False)
                temporary = handle.name
            os.replace(temporary, path)
        except OSError:
            self.write_errors += 1
