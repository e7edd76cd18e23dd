"""The search space of a program: every knob's values, every `@auto` step's
placements (its allowed tiers, and where both are allowed a cascade of local
samples then remote, or a route by input length), and the decomposition
rewrites that apply to it. A candidate is one choice for each; applying it to
the plan gives the plan it runs.
"""

from __future__ import annotations

import itertools
import json
import math
import random
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from minionc.compiler import plan as p
from minionc.compiler.configure import with_knobs

from .rewrites import OFF_SETTINGS, REWRITES, Rewrite, cascade, route

__all__ = ["Candidate", "SearchSpace", "apply_candidate", "search_space"]

# A range knob is tried at this many values at most (its ends, its default and
# points spread between): enough to find the bend in a cost/quality curve.
_RANGE_POINTS = 6


@dataclass(frozen=True)
class Candidate:
    knobs: tuple[tuple[str, Any], ...]  # sorted by name
    # @auto step id -> "local", "remote", "cascade:AGREE/SAMPLES" or
    # "route:length:TOKENS", sorted
    placements: tuple[tuple[str, str], ...]
    rewrites: tuple[tuple[str, Any], ...] = ()  # rewrite name -> setting, sorted

    def __post_init__(self) -> None:
        # A rewrite at its `off` setting is the plan as written: left out, so the
        # key of a candidate does not change when a new rewrite is offered.
        kept = tuple(
            (name, value)
            for name, value in sorted(self.rewrites)
            if not (name in OFF_SETTINGS and value == OFF_SETTINGS[name])
        )
        object.__setattr__(self, "rewrites", kept)

    @classmethod
    def of(
        cls,
        knobs: Mapping[str, Any],
        placements: Mapping[str, str],
        rewrites: Mapping[str, Any] | None = None,
    ) -> Candidate:
        return cls(
            tuple(sorted(knobs.items())),
            tuple(sorted(placements.items())),
            tuple(sorted((rewrites or {}).items())),
        )

    @property
    def key(self) -> str:
        """Stable text naming the candidate (for stored outcomes and the report)."""
        material: dict[str, Any] = {"knobs": dict(self.knobs), "placements": dict(self.placements)}
        if self.rewrites:
            material["rewrites"] = dict(self.rewrites)
        return json.dumps(material, sort_keys=True, separators=(",", ":"))

    @staticmethod
    def normalized_key(key: str) -> str:
        """A key as this version writes it (a stored one from before a rewrite
        was offered named that rewrite's off setting too)."""
        try:
            material = json.loads(key)
        except json.JSONDecodeError:
            return key  # a label, not a candidate (a baseline program)
        if not isinstance(material, dict) or "knobs" not in material:
            return key
        return Candidate.of(
            material.get("knobs") or {},
            material.get("placements") or {},
            material.get("rewrites") or {},
        ).key

    def describe(self) -> str:
        parts = [f"{name}={json.dumps(value)}" for name, value in self.knobs]
        parts += [f"{step}@{tier}" for step, tier in self.placements]
        parts += [
            f"{name}={json.dumps(value)}"
            for name, value in self.rewrites
            if value not in (None, False)
        ]
        return " ".join(parts) or "(the plan as written)"


@dataclass(frozen=True)
class SearchSpace:
    knobs: tuple[tuple[str, tuple[Any, ...]], ...]  # name -> values to try
    auto_steps: tuple[tuple[str, tuple[str, ...]], ...]  # step id -> placements to try
    # The knobs as the plan has them, @auto steps on remote where allowed, no rewrites.
    defaults: Candidate
    rewrites: tuple[tuple[str, tuple[Any, ...]], ...] = ()  # name -> settings (first: off)

    @property
    def size(self) -> int:
        sizes = [len(v) for _, v in self.knobs] + [len(t) for _, t in self.auto_steps]
        return math.prod(sizes + [len(v) for _, v in self.rewrites])

    def fixed(self, plan: p.Plan, settings: Mapping[str, Any]) -> SearchSpace:
        """The space with some knobs, rewrites or @auto steps held at one value
        (`minionc optimize --fix NAME=VALUE`), to search a smaller space."""
        knobs, auto, rewrites = dict(self.knobs), dict(self.auto_steps), dict(self.rewrites)
        for name, value in settings.items():
            if name in knobs:
                with_knobs(plan, {name: value})  # raises KnobError if the knob forbids it
                knobs[name] = (value,)
            elif name in rewrites or name in auto:
                table = rewrites if name in rewrites else auto
                if value not in table[name]:
                    shown = ", ".join(json.dumps(v) for v in table[name])
                    raise ValueError(f"{name}={json.dumps(value)}: choose one of {shown}")
                table[name] = (value,)
            else:
                known = sorted([*knobs, *rewrites, *auto])
                raise ValueError(
                    f"{name}: not a knob, rewrite or @auto step of this program "
                    f"(it has: {', '.join(known) or 'nothing to search'})"
                )

        def first(options: dict[str, tuple[Any, ...]], default: Mapping[str, Any]) -> dict:
            # A rewrite missing from the defaults is at its first (off) setting.
            return {k: v[0] if len(v) == 1 else default.get(k, v[0]) for k, v in options.items()}

        defaults = Candidate.of(
            first(knobs, dict(self.defaults.knobs)),
            first(auto, dict(self.defaults.placements)),
            first(rewrites, dict(self.defaults.rewrites)),
        )
        return SearchSpace(
            knobs=tuple(knobs.items()),
            auto_steps=tuple(auto.items()),
            defaults=defaults,
            rewrites=tuple(rewrites.items()),
        )

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
                {name: rng.choice(settings) for name, settings in self.rewrites},
            )
            chosen.setdefault(candidate.key, candidate)
        return list(chosen.values())

    def _all(self) -> Iterator[Candidate]:
        names = [name for name, _ in self.knobs]
        steps = [step for step, _ in self.auto_steps]
        rewrites = [name for name, _ in self.rewrites]
        for values in itertools.product(*(v for _, v in self.knobs)):
            for tiers in itertools.product(*(t for _, t in self.auto_steps)):
                for settings in itertools.product(*(v for _, v in self.rewrites)):
                    yield Candidate.of(
                        dict(zip(names, values, strict=True)),
                        dict(zip(steps, tiers, strict=True)),
                        dict(zip(rewrites, settings, strict=True)),
                    )


def search_space(plan: p.Plan, rewrites: Sequence[Rewrite] = REWRITES) -> SearchSpace:
    """`rewrites`: the plan-only REWRITES, and any built for this search (demos)."""
    knobs = tuple((name, _values(knob)) for name, knob in sorted(plan.knobs.items()))
    auto = tuple(
        (step_id, _placement_options(step_kind, placement))
        for step_id, step_kind, placement in _placements(plan.steps)
        if placement.target == "auto"
    )
    offered = tuple(
        (rewrite.name, settings) for rewrite in rewrites if (settings := rewrite.options(plan))
    )
    defaults = Candidate.of(
        {name: knob.value for name, knob in plan.knobs.items()},
        {step: "remote" if "remote" in tiers else tiers[0] for step, tiers in auto},
        {name: settings[0] for name, settings in offered},
    )
    return SearchSpace(knobs=knobs, auto_steps=auto, defaults=defaults, rewrites=offered)


def apply_candidate(
    plan: p.Plan, candidate: Candidate, rewrites: Sequence[Rewrite] = REWRITES
) -> p.Plan:
    """The plan with the candidate's knob values, placements and rewrites."""
    configured = with_knobs(plan, dict(candidate.knobs))
    tiers = dict(candidate.placements)
    if tiers:
        steps = p.map_steps(configured.steps, lambda s: _placed(s, tiers, configured))
        configured = configured.model_copy(update={"steps": steps})
    settings = dict(candidate.rewrites)
    for rewrite in rewrites:
        if rewrite.name in settings:
            configured = rewrite.apply(configured, settings[rewrite.name])
    return configured


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


def _placements(steps: list[p.Step]) -> Iterator[tuple[str, str, p.Placement]]:
    for _, step in p.walk_steps(steps):
        for _, call in p.step_calls(step):
            yield step.id, step.kind, call.placement


def _placement_options(step_kind: str, placement: p.Placement) -> tuple[str, ...]:
    """The allowed tiers; for a single call that may go either way, cascades too
    (a fan-out's jobs are placed as a whole)."""
    options: tuple[str, ...] = tuple(placement.allowed)
    if step_kind == "llm" and set(placement.allowed) == {"local", "remote"}:
        options += tuple(cascade.label(agree, n) for agree, n in cascade.SETTINGS)
        options += tuple(route.label(threshold) for threshold in route.THRESHOLDS)
    return options


def _placed(step: p.Step, tiers: Mapping[str, str], plan: p.Plan) -> p.Step:
    if not (isinstance(step, (p.LLMStep, p.MapStep)) and step.id in tiers and step.call):
        return step
    choice = tiers[step.id]
    setting = cascade.parse_label(choice)
    if setting is not None and isinstance(step, p.LLMStep):
        return cascade.to_cascade(step, plan, *setting)
    threshold = route.parse_label(choice)
    if threshold is not None and isinstance(step, p.LLMStep):
        return route.to_route(step, threshold)
    placement = step.call.placement.model_copy(update={"tier": choice})
    return step.model_copy(update={"call": step.call.model_copy(update={"placement": placement})})
