"""Outcomes of the search, kept on disk as they are measured, so an interrupted
`minionc optimize` resumes where it stopped (the call cache would replay the
model calls anyway; this skips even the replay) and the report can list every
candidate's evidence.

One JSON object per line. The file is named by everything that decides an
outcome (the plan, the dev set, the metric, the models), so a store never mixes
results of different searches.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from .evaluate import Outcome

__all__ = ["OutcomeStore", "store_name"]


def store_name(*parts: str) -> str:
    digest = hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()
    return f"search-{digest[:16]}.jsonl"


class OutcomeStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._outcomes: dict[tuple[str, str], Outcome] = {}
        self._file: Any = None
        self.migrated = 0  # stored outcomes whose candidate key was rewritten on load
        if path.exists():
            self._load()

    def get(self, candidate: str, example: str) -> Outcome | None:
        return self._outcomes.get((candidate, example))

    def put(self, candidate: str, outcome: Outcome) -> None:
        self._outcomes[(candidate, outcome.example)] = outcome
        if self._file is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = self.path.open("a", encoding="utf-8")
        line = json.dumps({"candidate": candidate, **outcome.to_json()}, default=str)
        self._file.write(line + "\n")
        self._file.flush()
        os.fsync(self._file.fileno())

    def __len__(self) -> int:
        return len(self._outcomes)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def _load(self) -> None:
        from .space import Candidate

        text = self.path.read_text(encoding="utf-8")
        lines = text.split("\n")
        if lines.pop():
            # A last line without its newline was cut off by a kill: drop it from
            # the file too, so the next append starts on a line of its own.
            self.path.write_text(text[: text.rfind("\n") + 1], encoding="utf-8")
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                outcome = Outcome.from_json(data)
                candidate = data["candidate"]
            except (json.JSONDecodeError, KeyError, TypeError):
                raise ValueError(
                    f"{self.path}:{number}: not an optimizer outcome; delete the file to "
                    "measure again"
                ) from None
            # Keys written before a rewrite was offered: as this version writes them.
            migrated = Candidate.normalized_key(candidate)
            self.migrated += migrated != candidate
            self._outcomes[(migrated, outcome.example)] = outcome
        if self.migrated:
            self._rewrite()

    def _rewrite(self) -> None:
        """Write the store anew with today's keys (atomically: a kill leaves the
        old file or the new one)."""
        temporary = self.path.with_name(self.path.name + ".tmp")
        lines = [
            json.dumps({"candidate": key, **outcome.to_json()}, default=str) + "\n"
            for (key, _), outcome in self._outcomes.items()
        ]
        temporary.write_text("".join(lines), encoding="utf-8")
        os.replace(temporary, self.path)
