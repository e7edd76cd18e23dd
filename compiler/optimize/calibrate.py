"""Calibrated cascades: a cascade's agreement rule (how many local samples, how
many of them must agree, and for free text the similarity at which two answers
count as the same) chosen from what the samples did on the dev set.

One observation run: the chosen plan with the cascade's local tier asked for
`max_samples` samples and never accepting, so every dev example yields all its
local samples and the remote tier's answer (through the call cache; sample i
runs with seed + i, so the first n samples are exactly the ones a cascade of n
samples draws). Every setting (n, k, t) is then scored without another call:
the cascade's answer is the answer k of the first n samples agree on at
threshold t, else the remote answer, and since the program returns the
cascade's value the metric scores it directly. The thresholds tried for free
text are the similarities the samples actually showed (every distinct pairwise
value), so the threshold sits where the data has an edge rather than at a
constant. The cheapest setting (fewest remote tokens, then fewest local samples)
whose confidence bound clears the constraint is written into the plan, and the
driver measures that plan for real before it keeps it.

Only a top-level cascade whose value the protocol returns, local tier first and
remote last, can be scored this way; any other cascade keeps its searched
settings.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from minionc.compiler import plan as p
from minionc.runtime.agreement import agreed_answer, token_similarity
from minionc.runtime.executor import Runtime

from minionc.batch import run_item

from .devset import DevExample
from .metrics import Metric

__all__ = [
    "AgreementSetting",
    "Calibration",
    "CalibrationRow",
    "Observation",
    "calibratable_cascade",
    "calibrate_cascade",
    "score_settings",
    "with_setting",
]

MAX_SAMPLES = 5
MAX_THRESHOLDS = 40  # distinct similarity values tried (quantiles beyond that)


@dataclass(frozen=True)
class AgreementSetting:
    samples: int
    agree: int
    similarity: float | None  # None: exact agreement after normalisation

    def describe(self) -> str:
        text = f"{self.agree} of {self.samples} agree"
        return text if self.similarity is None else f"{text} at similarity >= {self.similarity:g}"

    def to_json(self) -> dict[str, Any]:
        return {"samples": self.samples, "agree": self.agree, "similarity": self.similarity}


@dataclass(frozen=True)
class Observation:
    """One dev example under the observation run."""

    example: str
    expected: Any
    alternatives: tuple[str, ...]
    local_answers: tuple[Any, ...]  # max_samples answers, None where a job failed
    remote_answer: Any
    cascade_remote_tokens: int  # what the cascade's remote call cost
    other_remote_tokens: int  # remote tokens of the plan's other steps


@dataclass(frozen=True)
class CalibrationRow:
    setting: AgreementSetting
    quality: float
    deferred: float  # share of examples sent to the remote tier
    remote_tokens: float  # per query
    margin_low: float  # lower confidence bound on the margin over the constraint
    clears: bool

    def to_json(self) -> dict[str, Any]:
        return {
            **self.setting.to_json(),
            "quality": round(self.quality, 4),
            "deferred": round(self.deferred, 4),
            "remote_tokens_per_query": round(self.remote_tokens, 1),
            "margin_lower_bound": round(self.margin_low, 4),
            "clears": self.clears,
        }


@dataclass
class Calibration:
    step: str
    rows: list[CalibrationRow]
    chosen: CalibrationRow | None
    examples: int
    model_calls: int  # calls the observation run made (cache hits are free)

    @property
    def adopted_label(self) -> str | None:
        """How the calibrated plan is labelled among the candidates; None: none."""
        if self.chosen is None:
            return None
        return f"calibrated cascade: {self.chosen.setting.describe()}"

    def to_json(self, limit: int = 12) -> dict[str, Any]:
        """The chosen row and the cheapest rows that clear, plus the best that do not."""
        clearing = [r for r in self.rows if r.clears][:limit]
        failing = sorted((r for r in self.rows if not r.clears), key=lambda r: -r.margin_low)[
            : max(1, limit // 4)
        ]
        return {
            "step": self.step,
            "examples": self.examples,
            "settings_scored": len(self.rows),
            "model_calls": self.model_calls,
            "chosen": self.chosen.to_json() if self.chosen else None,
            "clearing": [r.to_json() for r in clearing],
            "closest_not_clearing": [r.to_json() for r in failing],
        }


def calibratable_cascade(plan: p.Plan) -> p.CascadeStep | None:
    """The cascade the protocol returns, if it is top level, local then remote."""
    step = p.returned_step(plan)
    if (
        isinstance(step, p.CascadeStep)
        and len(step.tiers) == 2
        and step.tiers[0].call.placement.tier == "local"
        and step.tiers[1].call.placement.tier == "remote"
    ):
        return step
    return None


def with_setting(plan: p.Plan, step_id: str, setting: AgreementSetting) -> p.Plan:
    """The plan with the cascade's first tier set to `setting` (constants: the
    step no longer reads the knobs it may have read)."""

    def configured(step: p.Step) -> p.Step:
        assert isinstance(step, p.CascadeStep), "calibration configures a cascade"
        first = step.tiers[0]
        options = {**first.call.options, "samples": p.ConstExpr(value=setting.samples)}
        tier = first.model_copy(
            update={
                "call": first.call.model_copy(update={"options": options}),
                "agree": p.ConstExpr(value=setting.agree),
                "similarity": (
                    p.ConstExpr(value=setting.similarity)
                    if setting.similarity is not None
                    else first.similarity
                ),
            }
        )
        return step.model_copy(update={"tiers": [tier, *step.tiers[1:]]})

    return p.with_step(plan, step_id, configured)


def _observation_plan(plan: p.Plan, step: p.CascadeStep, samples: int) -> p.Plan:
    # Agreement above the sample count never accepts: the remote tier always runs.
    similarity = 1.0 if step.agreement == "similarity" else None
    return with_setting(plan, step.id, AgreementSetting(samples, samples + 1, similarity))


def observe(
    plan: p.Plan,
    step: p.CascadeStep,
    examples: Sequence[DevExample],
    runtime: Runtime,
    samples: int = MAX_SAMPLES,
) -> tuple[list[Observation], int]:
    """Run the observation plan on every example; the observations and the
    model calls made."""
    observing = _observation_plan(plan, step, samples)
    observations: list[Observation] = []
    calls = 0
    for example in examples:
        _, result = run_item(runtime, observing, example.item)
        if result is None:
            continue
        calls += result.usage.remote.calls + result.usage.local.calls
        seen = [c for c in result.cascades if c.step == step.id]
        if not seen or len(seen[0].answers) < 2:
            continue
        local_answers, remote_answers = seen[0].answers[0], seen[0].answers[1]
        remote_present = [a for a in remote_answers if a is not None]
        step_usage = result.usage.steps.get(step.id, {}).get("remote")
        cascade_remote = step_usage.tokens_with_replayed if step_usage else 0
        observations.append(
            Observation(
                example=example.id,
                expected=example.expected,
                alternatives=tuple(example.alternatives),
                local_answers=tuple(local_answers),
                remote_answer=remote_present[0] if remote_present else None,
                cascade_remote_tokens=cascade_remote,
                other_remote_tokens=result.usage.remote.tokens_with_replayed - cascade_remote,
            )
        )
    return observations, calls


def thresholds(observations: Sequence[Observation]) -> list[float]:
    """Every distinct pairwise similarity of an example's samples (quantiles of
    them past MAX_THRESHOLDS), and 1.0."""
    values: set[float] = {1.0}
    for observation in observations:
        present = [a for a in observation.local_answers if a is not None]
        for i, left in enumerate(present):
            for right in present[i + 1 :]:
                values.add(round(token_similarity(left, right), 4))
    ordered = sorted(v for v in values if v > 0)
    if len(ordered) <= MAX_THRESHOLDS:
        return ordered
    step = (len(ordered) - 1) / (MAX_THRESHOLDS - 1)
    return sorted({ordered[round(i * step)] for i in range(MAX_THRESHOLDS)})


def score_settings(
    observations: Sequence[Observation],
    metric: Metric,
    satisfies: Any,
    *,
    free_text: bool,
    baseline: Mapping[str, float],
) -> list[CalibrationRow]:
    """Every (samples, agree, threshold) setting scored on the observations,
    cheapest first. `satisfies(scores, baseline_scores) -> (low, high)` is the
    constraint's margin bound (Constraint.margin_bounds)."""
    if not observations:
        return []
    most = min(len(o.local_answers) for o in observations)
    cuts: list[float | None] = list(thresholds(observations)) if free_text else [None]
    remote_scores = [
        metric(o.remote_answer, o.expected, list(o.alternatives)) for o in observations
    ]
    base = [baseline.get(o.example, 0.0) for o in observations]
    rows: list[CalibrationRow] = []
    cache: dict[tuple[int, Any], float] = {}
    for samples in range(1, most + 1):
        for agree in range(1, samples + 1):
            for cut in cuts:
                scores: list[float] = []
                tokens: list[float] = []
                deferred = 0
                for index, o in enumerate(observations):
                    agreed = agreed_answer(list(o.local_answers[:samples]), agree, similarity=cut)
                    if agreed is None:
                        deferred += 1
                        scores.append(remote_scores[index])
                        tokens.append(o.other_remote_tokens + o.cascade_remote_tokens)
                        continue
                    key = (index, _hashable(agreed[0]))
                    if key not in cache:
                        cache[key] = metric(agreed[0], o.expected, list(o.alternatives))
                    scores.append(cache[key])
                    tokens.append(o.other_remote_tokens)
                low, _ = satisfies(scores, base)
                rows.append(
                    CalibrationRow(
                        setting=AgreementSetting(samples, agree, cut),
                        quality=statistics.fmean(scores),
                        deferred=deferred / len(observations),
                        remote_tokens=statistics.fmean(tokens),
                        margin_low=low,
                        clears=low >= 0,
                    )
                )
    rows.sort(
        key=lambda r: (
            r.remote_tokens,
            -r.quality,
            r.setting.samples,
            -(r.setting.similarity or 0.0),
        )
    )
    return rows


def _hashable(value: Any) -> Any:
    try:
        hash(value)
        return value
    except TypeError:
        return repr(value)


def calibrate_cascade(
    plan: p.Plan,
    examples: Sequence[DevExample],
    metric: Metric,
    satisfies: Any,
    runtime: Runtime,
    *,
    baseline: Mapping[str, float],
    max_samples: int = MAX_SAMPLES,
) -> tuple[Calibration, p.Plan] | None:
    """The calibration of the plan's returned cascade and the plan with the
    chosen setting (the plan unchanged when none clears); None when the plan
    has no cascade this can score."""
    step = calibratable_cascade(plan)
    if step is None:
        return None
    observations, calls = observe(plan, step, examples, runtime, max(2, max_samples))
    rows = score_settings(
        observations,
        metric,
        satisfies,
        free_text=step.agreement == "similarity",
        baseline=baseline,
    )
    chosen = next((r for r in rows if r.clears), None)
    calibration = Calibration(step.id, rows, chosen, len(observations), calls)
    if chosen is None:
        return calibration, plan
    return calibration, with_setting(plan, step.id, chosen.setting)
