"""The search space a program declares: every knob's values and every `@auto`
step's allowed tiers. A candidate is one choice for each; applying it to the
plan gives the plan that candidate runs.
"""

from __future__ import annotations

import itertools
import json
import math
import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from minionc.compiler import plan as p
from minionc.compiler.configure import with_knobs

__all__ = ["Candidate", "SearchSpace", "apply_candidate", "search_space"]

# A range knob is tried at this many values at most (its ends, its default and
# points spread between): enough to find the bend in a cost/quality curve.
_RANGE_POINTS = 6


@dataclass(frozen=True)
class Candidate:
    knobs: tuple[tuple[str, Any], ...]  # sorted by name
    placements: tuple[tuple[str, str], ...]  # @auto step id -> "local" | "remote", sorted

    @classmethod
    def of(cls, knobs: Mapping[str, Any], placements: Mapping[str, str]) -> Candidate:
        return cls(tuple(sorted(knobs.items())), tuple(sorted(placements.items())))

    @property
    def key(self) -> str:
        """Stable text naming the candidate (for stored outcomes and the report)."""
        return json.dumps(
            {"knobs": dict(self.knobs), "placements": dict(self.placements)},
            sort_keys=True,
            separators=(",", ":"),
        )

    def describe(self) -> str:
        parts = [f"{name}={json.dumps(value)}" for name, value in self.knobs]
        parts += [f"{step}@{tier}" for step, tier in self.placements]
        return " ".join(parts) or "(the plan as written)"


@dataclass(frozen=True)
class SearchSpace:
    knobs: tuple[tuple[str, tuple[Any, ...]], ...]  # name -> values to try
    auto_steps: tuple[tuple[str, tuple[str, ...]], ...]  # step id -> allowed tiers
    defaults: Candidate  # the knobs as the plan has them, @auto steps on remote where allowed

    @property
    def size(self) -> int:
        sizes = [len(v) for _, v in self.knobs] + [len(t) for _, t in self.auto_steps]
        return math.prod(sizes)

    def candidates(self, limit: int, seed: int) -> list[Candidate]:
        """Every candidate when there are at most `limit`; else the defaults and
        `limit - 1` others drawn at random (fixed for a seed), each distinct."""
        if self.size <= limit:
            return list(self._all())
        rng = random.Random(seed)
        chosen = {self.defaults.key: self.defaults}
        while len(chosen) < limit:
            candidate = Candidate.of(
                {name: rng.choice(values) for name, values in self.knobs},
                {step: rng.choice(tiers) for step, tiers in self.auto_steps},
            )
            chosen.setdefault(candidate.key, candidate)
        return list(chosen.values())

    def _all(self) -> Iterator[Candidate]:
        names = [name for name, _ in self.knobs]
        steps = [step for step, _ in self.auto_steps]
        for values in itertools.product(*(v for _, v in self.knobs)):
            for tiers in itertools.product(*(t for _, t in self.auto_steps)):
                yield Candidate.of(
                    dict(zip(names, values, strict=True)), dict(zip(steps, tiers, strict=True))
                )


def search_space(plan: p.Plan) -> SearchSpace:
    knobs = tuple((name, _values(knob)) for name, knob in sorted(plan.knobs.items()))
    auto = tuple(
        (step_id, tuple(placement.allowed))
        for step_id, placement in _placements(plan.steps)
        if placement.target == "auto"
    )
    defaults = Candidate.of(
        {name: knob.value for name, knob in plan.knobs.items()},
        {step: "remote" if "remote" in tiers else tiers[0] for step, tiers in auto},
    )
    return SearchSpace(knobs=knobs, auto_steps=auto, defaults=defaults)


def apply_candidate(plan: p.Plan, candidate: Candidate) -> p.Plan:
    """The plan with the candidate's knob values and placements."""
    configured = with_knobs(plan, dict(candidate.knobs))
    tiers = dict(candidate.placements)
    if not tiers:
        return configured
    return configured.model_copy(update={"steps": [_placed(s, tiers) for s in configured.steps]})


def _values(knob: p.Knob) -> tuple[Any, ...]:
    space = knob.space
    if isinstance(space, p.ChoiceSpace):
        return tuple(space.values)
    if space.kind == "int_range":
        low, high = int(space.low), int(space.high)
        if high - low + 1 <= _RANGE_POINTS:
            return tuple(range(low, high + 1))
        spread = {
            round(low + (high - low) * i / (_RANGE_POINTS - 2)) for i in range(_RANGE_POINTS - 1)
        }
        return tuple(sorted(spread | {int(knob.default)}))
    spread_f = {
        space.low + (space.high - space.low) * i / (_RANGE_POINTS - 2)
        for i in range(_RANGE_POINTS - 1)
    }
    return tuple(sorted({round(v, 6) for v in spread_f} | {float(knob.default)}))


def _calls(step: p.Step) -> Iterator[p.LLMCall]:
    if isinstance(step, (p.LLMStep, p.MapStep)) and step.call is not None:
        yield step.call
    elif isinstance(step, p.CascadeStep):
        yield from (tier.call for tier in step.tiers)
    elif isinstance(step, p.RouteStep):
        yield from step.tiers


def _placements(steps: list[p.Step]) -> Iterator[tuple[str, p.Placement]]:
    for step in steps:
        if isinstance(step, p.RepeatStep):
            yield from _placements(step.body)
        for call in _calls(step):
            yield step.id, call.placement


def _placed(step: p.Step, tiers: Mapping[str, str]) -> p.Step:
    if isinstance(step, p.RepeatStep):
        return step.model_copy(update={"body": [_placed(s, tiers) for s in step.body]})
    if isinstance(step, (p.LLMStep, p.MapStep)) and step.id in tiers and step.call is not None:
        placement = step.call.placement.model_copy(update={"tier": tiers[step.id]})
        return step.model_copy(
            update={"call": step.call.model_copy(update={"placement": placement})}
        )
    return step
