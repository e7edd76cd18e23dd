"""Recorded outcomes of a weak and a strong model, read from CSV files in the
format of RouteLLM's `mmlu/mmlu_<domain>.csv`:

    prompt,<weak model>,<strong model>[,<weak model>_response,<strong model>_response]

one row per prompt, the model columns `True`/`False` (whether that model answered
correctly), the optional `*_response` columns the models' full answers (as in
`gsm8k/gsm8k_responses.csv`). The weak model is the first model column, the strong
one the second. A `contaminated_prompts.jsonl` next to the CSVs (RouteLLM's
format: one object per line with `eval_prompt`) lists prompts that overlap a
router's training data: they are left out.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

CONTAMINATED_FILE = "contaminated_prompts.jsonl"
RESPONSE_SUFFIX = "_response"
_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}


class RoutingDataError(Exception):
    """The directory or a file in it is not in the expected format."""


def normalise_prompt(text: str) -> str:
    """The key a prompt is matched by: whitespace runs collapsed, ends stripped."""
    return " ".join(text.split())


@dataclass(frozen=True)
class Outcome:
    """One prompt and what each model did with it."""

    prompt: str
    weak_correct: bool
    strong_correct: bool
    weak_response: str | None = None
    strong_response: str | None = None
    source: str = ""  # the CSV file it came from


@dataclass(frozen=True)
class OutcomeSet:
    weak_model: str
    strong_model: str
    outcomes: tuple[Outcome, ...]
    files: tuple[str, ...]
    contaminated_excluded: int = 0
    duplicates_dropped: int = 0

    @property
    def has_responses(self) -> bool:
        return any(o.weak_response is not None for o in self.outcomes)


def _parse_bool(value: str, where: str, column: str) -> bool:
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise RoutingDataError(f"{where}: column {column!r} must be True or False, not {value!r}")


def _contaminated(directory: Path) -> set[str]:
    path = directory / CONTAMINATED_FILE
    if not path.is_file():
        return set()
    prompts = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise RoutingDataError(f"{path}:{number}: not JSON ({error.msg})") from None
        prompt = record.get("eval_prompt") if isinstance(record, dict) else None
        if not isinstance(prompt, str):
            raise RoutingDataError(f"{path}:{number}: expected an object with 'eval_prompt'")
        prompts.add(normalise_prompt(prompt))
    return prompts


def _read_csv(path: Path) -> tuple[str, str, list[Outcome]]:
    csv.field_size_limit(1 << 30)  # recorded responses can be long
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise RoutingDataError(f"{path}: cannot read it ({error})") from None
    if not rows:
        raise RoutingDataError(f"{path}: the file is empty")
    header = rows[0]
    models = [c for c in header[1:] if not c.endswith(RESPONSE_SUFFIX)]
    if not header or header[0] != "prompt" or len(models) != 2:
        raise RoutingDataError(
            f"{path}: expected the columns prompt,<weak model>,<strong model> "
            f"(and optional <model>_response columns), got {','.join(header)}"
        )
    weak, strong = models
    index = {name: i for i, name in enumerate(header)}
    weak_response = index.get(weak + RESPONSE_SUFFIX)
    strong_response = index.get(strong + RESPONSE_SUFFIX)
    outcomes = []
    for number, row in enumerate(rows[1:], 2):
        if not row:
            continue
        where = f"{path}:{number}"
        if len(row) != len(header):
            raise RoutingDataError(f"{where}: {len(row)} fields, the header has {len(header)}")
        outcomes.append(
            Outcome(
                prompt=row[0],
                weak_correct=_parse_bool(row[index[weak]], where, weak),
                strong_correct=_parse_bool(row[index[strong]], where, strong),
                weak_response=row[weak_response] if weak_response is not None else None,
                strong_response=row[strong_response] if strong_response is not None else None,
                source=path.name,
            )
        )
    return weak, strong, outcomes


def load_outcomes(directory: str | Path) -> OutcomeSet:
    """Every `*.csv` in `directory` (sorted by name), contaminated prompts left out,
    a prompt that appears twice kept once (its first row), so that no prompt can
    be in both the training and the test split."""
    directory = Path(directory)
    if not directory.is_dir():
        raise RoutingDataError(f"{directory}: no such directory")
    files = sorted(directory.glob("*.csv"))
    if not files:
        raise RoutingDataError(f"{directory}: no .csv files in it")
    contaminated = _contaminated(directory)
    models: tuple[str, str] | None = None
    kept: list[Outcome] = []
    seen: set[str] = set()
    excluded = duplicates = 0
    for path in files:
        weak, strong, outcomes = _read_csv(path)
        if models is None:
            models = (weak, strong)
        elif models != (weak, strong):
            raise RoutingDataError(
                f"{path}: models {weak}, {strong} differ from {models[0]}, {models[1]} "
                "in the other files"
            )
        for outcome in outcomes:
            key = normalise_prompt(outcome.prompt)
            if key in contaminated:
                excluded += 1
            elif key in seen:
                duplicates += 1
            else:
                seen.add(key)
                kept.append(outcome)
    assert models is not None
    if not kept:
        raise RoutingDataError(f"{directory}: no prompts left (all contaminated or empty files)")
    return OutcomeSet(
        weak_model=models[0],
        strong_model=models[1],
        outcomes=tuple(kept),
        files=tuple(p.name for p in files),
        contaminated_excluded=excluded,
        duplicates_dropped=duplicates,
    )
