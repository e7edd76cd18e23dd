"""Quality metrics for `minionc optimize --metric NAME` and the benches.

A metric scores one prediction (a program's return value) against one dev-set
line's expected output: a float in [0, 1], 1 for right. `expected` may carry
accepted variants (`alternatives`): the score is the best over all of them.

- `exact`    equal after normalisation (case, punctuation, thousands separators,
             currency words and symbols); numbers and booleans compare as values.
- `contains` the expected text appears in the prediction as whole words after
             normalisation; a numeric expected answer also matches when one of the
             prediction's numbers equals it ("1346.2" in "EUR 1,346.2 million").
- `f1`       token F1 of the normalised texts (SQuAD style), for free text.
- `numeric`  some number in the prediction equals the expected number within a
             relative tolerance (default 1e-6; `numeric:0.01` for 1%), reading
             scale words ("5.2 million" = 5,200,000) and thousands separators.
- `custom:MODULE:FUNCTION`  FUNCTION(prediction, expected) -> float or bool,
             imported from MODULE (the current directory is on the import path).
"""

from __future__ import annotations

import importlib
import json
import math
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from minionc.runtime.output_schema import NUMBER_SCALES

__all__ = [
    "METRIC_NAMES",
    "Metric",
    "MetricError",
    "load_metric",
    "normalise",
    "numbers_in",
]

METRIC_NAMES = ("exact", "contains", "f1", "numeric", "custom:MODULE:FUNCTION")

_SCALES = NUMBER_SCALES
_NUMBER = re.compile(
    r"(?<![\w.])(-?\d+(?:,\d{3})*(?:\.\d+)?|-?\d*\.\d+)(?:\s*(thousand|million|billion|trillion|mn|bn|k|m|b)\b)?",
    re.IGNORECASE,
)
_ARTICLES = re.compile(r"\b(a|an|the)\b")


class MetricError(ValueError):
    """A metric name that cannot be used; the message says what to write."""


@dataclass(frozen=True)
class Metric:
    name: str
    score_one: Callable[[Any, Any], float]

    def __call__(self, prediction: Any, expected: Any, alternatives: Sequence[Any] = ()) -> float:
        """The best score over the expected answer and its accepted variants; a
        missing prediction (None: the run failed or abstained) scores 0."""
        if prediction is None:
            return 0.0
        return max(_clamped(self.score_one(prediction, e)) for e in (expected, *alternatives))


def load_metric(spec: str) -> Metric:
    """`exact`, `contains`, `f1`, `numeric[:TOLERANCE]` or `custom:MODULE:FUNCTION`."""
    name, _, argument = spec.strip().partition(":")
    if name == "exact" and not argument:
        return Metric("exact", _exact)
    if name == "contains" and not argument:
        return Metric("contains", _contains)
    if name == "f1" and not argument:
        return Metric("f1", _token_f1)
    if name == "numeric":
        tolerance = _tolerance(argument) if argument else 1e-6
        return Metric(spec.strip(), lambda p, e: _numeric(p, e, tolerance))
    if name == "custom":
        return Metric(spec.strip(), _custom(argument))
    raise MetricError(
        f"unknown metric {spec!r}; use one of: {', '.join(METRIC_NAMES)} "
        "(numeric takes an optional relative tolerance: numeric:0.01)"
    )


# ---- text normalisation -------------------------------------------------------------


def normalise(value: Any) -> str:
    """Lower case, thousands separators and currency words gone, punctuation to
    spaces, whitespace collapsed: "EUR 1,346.2 million." -> "1346.2 million"."""
    text = _as_text(value).lower()
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)
    text = re.sub(r"\b(eur|euro|euros|nok|usd|gbp)\b|[€$£]", " ", text)
    text = re.sub(r"per cent\b|percent\b", "%", text)
    text = re.sub(r"[^\w%.\s-]|(?<!\d)\.|\.(?!\d)", " ", text)
    return " ".join(text.split())


def numbers_in(value: Any) -> list[float]:
    """Every number written in the text, scale words applied: "$5.2 million and
    3,400" -> [5200000.0, 3400.0]."""
    return [n.value for n in _written_numbers(value)]


@dataclass(frozen=True)
class _Number:
    written: float  # the digits as written: 5.2 in "5.2 million"
    value: float  # scale word applied: 5200000.0
    scaled: bool


def _written_numbers(value: Any) -> list[_Number]:
    found = []
    for digits, scale in _NUMBER.findall(_as_text(value)):
        written = float(digits.replace(",", ""))
        factor = _SCALES[scale.lower()] if scale else 1.0
        found.append(_Number(written, written * factor, bool(scale)))
    return found


def _same_number(said: _Number, wanted: _Number, tolerance: float) -> bool:
    """Equal values, or equal digits when the prediction leaves the scale word
    out ("1346.2" for "EUR 1,346.2 million": the unit was in the question)."""

    def close(a: float, b: float) -> bool:
        return math.isclose(a, b, rel_tol=tolerance, abs_tol=1e-12)

    return close(said.value, wanted.value) or (
        not said.scaled and close(said.written, wanted.written)
    )


def _as_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if hasattr(value, "model_dump"):  # a pydantic value from a typed prompt
        value = value.model_dump()
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


# ---- the metrics ----------------------------------------------------------------------


def _exact(prediction: Any, expected: Any) -> float:
    if _is_number(prediction) and _is_number(expected):
        return float(math.isclose(float(prediction), float(expected), rel_tol=1e-9, abs_tol=1e-12))
    if isinstance(expected, (list, dict)) or hasattr(expected, "model_dump"):
        return float(_canonical(prediction) == _canonical(expected))
    return float(normalise(prediction) == normalise(expected))


def _contains(prediction: Any, expected: Any) -> float:
    said = normalise(prediction)
    wanted = normalise(expected)
    if not said or not wanted:
        return 0.0
    if re.search(rf"(?<![\w.]){re.escape(wanted)}(?![\w]|\.\d)", said):
        return 1.0
    wanted_numbers = numbers_in(expected)
    # Only when the expected answer is a number (with at most a unit or scale
    # word), not a phrase that happens to hold one ("Q3 2024 plant in Aalesund").
    if len(wanted_numbers) == 1 and not re.search(
        r"[a-z]{4,}", re.sub(r"thousand|million|billion|trillion", "", wanted)
    ):
        return _numeric(prediction, expected, 1e-9)
    return 0.0


def _token_f1(prediction: Any, expected: Any) -> float:
    said = _ARTICLES.sub(" ", normalise(prediction)).split()
    wanted = _ARTICLES.sub(" ", normalise(expected)).split()
    if not said or not wanted:
        return float(said == wanted)
    common = sum((Counter(said) & Counter(wanted)).values())
    if common == 0:
        return 0.0
    precision, recall = common / len(said), common / len(wanted)
    return 2 * precision * recall / (precision + recall)


def _numeric(prediction: Any, expected: Any, tolerance: float) -> float:
    targets = _numbers_of(expected)
    if len(targets) != 1:
        return 0.0  # an expected answer without one number cannot be matched numerically
    return float(any(_same_number(c, targets[0], tolerance) for c in _numbers_of(prediction)))


def _numbers_of(value: Any) -> list[_Number]:
    if _is_number(value):
        return [_Number(float(value), float(value), False)]
    return _written_numbers(value)


def _tolerance(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < 1:
        raise MetricError(
            f"numeric:{text}: the tolerance is a relative error between 0 and 1, "
            "e.g. numeric:0.01 for 1%"
        )
    return value


def _custom(argument: str) -> Callable[[Any, Any], float]:
    module_name, _, function_name = argument.partition(":")
    if not module_name or not function_name:
        raise MetricError(
            f"custom:{argument}: write custom:MODULE:FUNCTION, e.g. custom:my_metrics:score "
            "for score() in my_metrics.py"
        )
    cwd = str(Path.cwd())
    if cwd not in sys.path:
        sys.path.insert(0, cwd)
    try:
        module = importlib.import_module(module_name)
    except Exception as exc:  # the user's module: any error in it is theirs to see
        raise MetricError(
            f"custom metric: cannot import {module_name!r}: {type(exc).__name__}: {exc}"
        ) from exc
    function = getattr(module, function_name, None)
    if not callable(function):
        raise MetricError(
            f"custom metric: {module_name!r} has no function {function_name!r} "
            f"(define `def {function_name}(prediction, expected) -> float`)"
        )

    def score(prediction: Any, expected: Any) -> float:
        try:
            value = function(prediction, expected)
        except Exception as exc:
            raise MetricError(
                f"custom metric {module_name}:{function_name} failed on "
                f"{_as_text(prediction)[:80]!r}: {type(exc).__name__}: {exc}"
            ) from exc
        if isinstance(value, bool) or (isinstance(value, (int, float)) and math.isfinite(value)):
            return float(value)
        raise MetricError(
            f"custom metric {module_name}:{function_name} returned {value!r}; "
            "return a number between 0 and 1 (or a bool)"
        )

    return score


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _canonical(value: Any) -> Any:
    """Structures compare with their strings normalised and key order ignored."""
    if hasattr(value, "model_dump"):
        value = value.model_dump()
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if isinstance(value, str):
        return normalise(value)
    return value


def _clamped(score: float) -> float:
    return min(1.0, max(0.0, float(score)))
