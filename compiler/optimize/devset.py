"""The dev set of `minionc optimize --dev DEV.jsonl`.

One JSON object per line: the program's inputs (a long document may be given as
`{"$file": "docs/report.txt"}`, or for every line with `--input-file`), the
`expected` output, an optional `id`, and optional `meta` (its `accept` list holds
accepted variants of the expected answer). The same file runs as a batch with
`minionc run --inputs`.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from minionc.batch import BatchError, BatchItem, input_digest, read_inputs

__all__ = ["DevExample", "DevSet", "DevSetError", "load_dev_set"]


class DevSetError(ValueError):
    """A dev set that cannot be used; the message says what to fix."""


@dataclass(frozen=True)
class DevExample:
    item: BatchItem  # the inputs, ready to run
    id: str
    expected: Any
    alternatives: tuple[Any, ...]  # accepted variants of `expected`

    @property
    def line(self) -> int:
        return self.item.line


@dataclass(frozen=True)
class DevSet:
    path: Path
    # Of every example's inputs and expected answer: names the data a plan was
    # optimised on, whether the documents were inline or in files.
    sha256: str
    examples: tuple[DevExample, ...]

    def __len__(self) -> int:
        return len(self.examples)

    def shuffled(self, seed: int) -> list[DevExample]:
        """A fixed order for a seed: the search evaluates prefixes of it, so a
        candidate's first rung is a random part of the dev set, not its head."""
        order = list(self.examples)
        random.Random(seed).shuffle(order)
        return order


def load_dev_set(path: Path, input_names: Sequence[str], shared: Mapping[str, Any]) -> DevSet:
    try:
        items = read_inputs(path, list(input_names), shared)
    except BatchError as error:
        message = str(error).replace("--inputs", "--dev")
        raise DevSetError(message.replace("the inputs file has", "the dev set has")) from None
    problems = [
        f"{path}:{item.line}: no `expected`: each dev line holds the program's inputs and "
        'the expected output, e.g. {"question": "...", "expected": "Gdynia"}'
        for item in items
        if "expected" not in item.carried
    ]
    examples: list[DevExample] = []
    for item in items:
        meta = item.carried.get("meta")
        accept = meta.get("accept", []) if isinstance(meta, dict) else []
        if not isinstance(accept, list):
            problems.append(f"{path}:{item.line}: meta.accept must be a list of accepted answers")
            accept = []
        examples.append(
            DevExample(
                item=item,
                id=str(item.carried.get("id", f"line{item.line}")),
                expected=item.carried.get("expected"),
                alternatives=tuple(accept),
            )
        )
    ids = [e.id for e in examples]
    problems += [
        f"{path}: id {i!r} is used more than once"
        for i in sorted({i for i in ids if ids.count(i) > 1})
    ]
    if problems:
        shown = "\n  ".join(problems[:10])
        more = f"\n  ... and {len(problems) - 10} more" if len(problems) > 10 else ""
        raise DevSetError(f"the dev set has errors:\n  {shown}{more}")
    if len(examples) < 2:
        raise DevSetError(
            f"{path}: {len(examples)} example; a dev set needs at least 2 (20 or more "
            "for a quality estimate worth optimising against)"
        )
    return DevSet(path=path, sha256=_digest(examples, shared), examples=tuple(examples))


def _digest(examples: Sequence[DevExample], shared: Mapping[str, Any]) -> str:
    hasher = hashlib.sha256(input_digest(dict(shared)).encode())
    for example in examples:
        hasher.update(example.item.digest.encode())
        hasher.update(repr((example.expected, example.alternatives)).encode("utf-8"))
    return hasher.hexdigest()
