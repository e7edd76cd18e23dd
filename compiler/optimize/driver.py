"""`minionc optimize` end to end: the space, the baseline, the search, and the
chosen plan with its provenance."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from minionc.compiler import plan as p
from minionc.compiler.estimate import estimate_plan
from minionc.runtime.executor import Runtime

from .calibrate import Calibration, calibratable_cascade, calibrate_cascade
from .demos import Bootstrapped, bootstrap_demos, demo_targets
from .devset import DevExample, DevSet
from .evaluate import evaluate_example
from .metrics import Metric
from .rewrites import REWRITES, with_demos
from .search import (
    CandidateRecord,
    Constraint,
    SearchProgress,
    SearchResult,
    Strategy,
    run_search,
)
from .space import SearchSpace, apply_candidate, search_space
from .store import OutcomeStore, store_name
from .train_route import RouteTraining, train_route, trainable_route

__all__ = ["OptimizeError", "Optimized", "optimize"]


class OptimizeError(Exception):
    """The search cannot start; the message says what to change. `argument` names
    the `optimize` argument at fault (`max_candidates`, `fixed`), so that a caller
    can word it in its own terms (the CLI names its flag)."""

    def __init__(self, message: str, argument: str | None = None) -> None:
        super().__init__(message)
        self.argument = argument


@dataclass
class Optimized:
    search: SearchResult
    space: SearchSpace
    plan: p.Plan | None  # the chosen candidate's plan with provenance; None if none cleared
    store: Path
    seed: int
    demos: Bootstrapped | None = None  # None when no demos were bootstrapped
    calibration: Calibration | None = None  # of the chosen plan's cascade, if it has one
    route_training: RouteTraining | None = None  # of its learned route, if it has one

    @property
    def model_calls(self) -> int:
        """Of the search and of the demos' teacher."""
        return self.search.model_calls + (self.demos.teacher_calls if self.demos else 0)


def optimize(
    plan: p.Plan,
    devset: DevSet,
    metric: Metric,
    constraint: Constraint,
    runtime: Runtime,
    *,
    store_dir: Path,
    baseline_plan: p.Plan | None = None,
    baseline_label: str | None = None,
    seed: int = 0,
    budget_calls: int | None = None,
    max_candidates: int = 24,
    eta: int = 2,
    strategy: Strategy = "race",
    fixed: Mapping[str, Any] | None = None,
    progress: Callable[[SearchProgress], None] | None = None,
    max_demos: int = 2,
    share_private_demos: bool = False,
    calibrate: bool = True,
    train_routes: bool = True,
) -> Optimized:
    """`max_demos`: demos to bootstrap per local prompt (0: none, no teacher
    calls); `share_private_demos`: the teacher may see passages of a private
    document input even when it is not on this machine (compiler/optimize/demos.py);
    `calibrate`: set the chosen plan's returned cascade's agreement rule from its
    samples on the dev set (compiler/optimize/calibrate.py); `train_routes`: train
    its returned learned route on the dev set (compiler/optimize/train_route.py)."""
    if max_candidates < 1:
        raise OptimizeError("must be at least 1", "max_candidates")
    fixed = dict(fixed or {})
    # The demos rewrite exists once demos are bootstrapped: fixing it waits till then.
    demos_fixed = with_demos.NAME in fixed
    fixed_demos = fixed.pop(with_demos.NAME, None)
    if fixed_demos not in with_demos.SETTINGS:
        shown = ", ".join(json.dumps(v) for v in with_demos.SETTINGS)
        raise OptimizeError(f"demos={json.dumps(fixed_demos)}: choose one of {shown}", "fixed")
    _fixed_space(plan, search_space(plan), fixed)  # a mistake shows before any teacher call
    demos: Bootstrapped | None = None
    held_off = demos_fixed and fixed_demos is None
    if max_demos > 0 and not held_off and demo_targets(plan)[0]:
        demos = bootstrap_demos(
            plan,
            devset,
            metric,
            runtime,
            max_demos=max_demos,
            seed=seed,
            budget_calls=budget_calls,
            share_private=share_private_demos,
        )
    rewrites = REWRITES
    if demos is not None and demos.demos:
        rewrites = (*REWRITES, with_demos.rewrite(demos.demos))
        if demos_fixed:
            fixed[with_demos.NAME] = fixed_demos
    elif demos_fixed and fixed_demos is not None:
        why = "; ".join(f"{k}: {v}" for k, v in (demos.skipped if demos else {}).items())
        raise OptimizeError(
            f"demos={json.dumps(fixed_demos)}: no demonstrations were kept"
            + (f" ({why})" if why else ""),
            "fixed",
        )
    space = _fixed_space(plan, search_space(plan, rewrites), fixed)
    candidates = [
        (c, apply_candidate(plan, c, rewrites)) for c in space.candidates(max_candidates, seed)
    ]
    if baseline_plan is None:
        baseline = CandidateRecord(
            space.defaults,
            f"baseline: {space.defaults.describe()}",
            apply_candidate(plan, space.defaults, rewrites),
        )
    else:
        baseline = CandidateRecord(None, baseline_label or "baseline", baseline_plan)

    def named_by(digest: Callable[[p.Plan | None], str]) -> Path:
        return store_dir / store_name(
            digest(plan),
            digest(baseline_plan) if baseline_plan is not None else "",
            devset.sha256,
            metric.name,
            _models(runtime),
            str(runtime.seed),
            # Candidates with demos are measured anew when the demos differ.
            *([demos.digest] if demos is not None and demos.demos else []),
        )

    store_path = named_by(_plan_digest)
    _adopt_located_store(named_by(_located_plan_digest), store_path)
    store = OutcomeStore(store_path)
    if budget_calls is not None and demos is not None:
        budget_calls = max(0, budget_calls - demos.teacher_calls)
    try:
        result = run_search(
            candidates=candidates,
            baseline=baseline,
            examples=devset.shuffled(seed),
            metric=metric,
            constraint=constraint,
            runtime=runtime,
            store=store,
            budget_calls=budget_calls,
            eta=eta,
            progress=progress,
            strategy=strategy,
        )
    finally:
        store.close()
    if result.chosen is not None and result.chosen.candidate is None:
        # A baseline that is another program is a yardstick, not a candidate.
        cleared = [r for r in result.records if result.clears(r)]
        order = result.order
        result.chosen = min(
            cleared, key=lambda r: (r.remote_tokens(order), -r.quality(order)), default=None
        )
    calibration, calibrated = None, None
    within_budget = budget_calls is None or result.model_calls < budget_calls
    start = result.chosen or _best_refinable(result, calibratable_cascade)
    if calibrate and start is not None and within_budget:
        calibration, calibrated = _refine(
            result, start, devset.shuffled(seed), metric, runtime, calibrate_cascade
        )
    route_training, trained = None, None
    within_budget = budget_calls is None or result.model_calls < budget_calls
    start = result.chosen or _best_refinable(result, trainable_route)
    if train_routes and start is not None and within_budget:
        route_training, trained = _refine(
            result, start, devset.shuffled(seed), metric, runtime, train_route, seed=seed
        )
    # For the provenance: each refinement's summary, and whether the plan holds it.
    refinements = {
        name: {**summary.to_json(), "in_plan": record is not None and result.chosen is record}
        for name, summary, record in (
            ("calibration", calibration, calibrated),
            ("route_training", route_training, trained),
        )
        if summary is not None
    }
    chosen_plan = None
    if result.chosen is not None:
        # The compiler's static estimate was made for the knobs and steps as written.
        chosen_plan = estimate_plan(result.chosen.plan).model_copy(
            update={
                "provenance": _provenance(
                    result,
                    devset,
                    metric,
                    seed,
                    demos,
                    {**refinements, **({"fixed": dict(fixed)} if fixed else {})},
                    _models(runtime),
                )
            }
        )
    return Optimized(
        search=result,
        space=space,
        plan=chosen_plan,
        store=store_path,
        seed=seed,
        demos=demos,
        calibration=calibration,
        route_training=route_training,
    )


def _best_refinable(
    result: SearchResult, refinable: Callable[[p.Plan], object | None]
) -> CandidateRecord | None:
    """When nothing cleared: the best candidate that calibration or route training
    can refine (the refined plan may clear), those measured on the whole dev set
    first, then by quality on what was measured. A candidate the race dropped
    early counts: its unrefined plan's drop says little of the refined one's (an
    untrained learned route keeps every answer local), and the refinement runs on
    every example itself. The program's defaults count when they are the
    baseline: with every knob fixed they are its only candidate."""
    order = result.order
    own_baseline = [result.baseline] if result.baseline.candidate is not None else []
    tunable = [
        r for r in [*own_baseline, *result.records] if r.outcomes and refinable(r.plan) is not None
    ]

    def rank(record: CandidateRecord) -> tuple[bool, float]:
        seen = [i for i in order if i in record.outcomes]
        return len(seen) == len(order), record.quality(seen)

    return max(tunable, key=rank, default=None)


def _refine(
    result: SearchResult,
    chosen: CandidateRecord,
    examples: list[DevExample],
    metric: Metric,
    runtime: Runtime,
    refinement: Callable[..., Any],
    **options: Any,
) -> tuple[Any, CandidateRecord | None]:
    """Run `refinement` (cascade calibration or route training) on `chosen` (the
    search's choice, or its best candidate when none cleared) and measure the
    plan it returns (see `_adopt`): its summary (None when it does not apply)
    and the refined plan's record (None when it changed nothing)."""
    order = result.order
    by_id = {e.id: e for e in examples}
    refined = refinement(
        chosen.plan,
        [by_id[i] for i in order],
        metric,
        result.constraint.margin_bounds,
        runtime,
        baseline={i: result.baseline.outcomes[i].score for i in order},
        **options,
    )
    if refined is None:
        return None, None
    summary, plan = refined
    result.model_calls += summary.model_calls
    if summary.adopted_label is None:
        return summary, None
    label = f"{chosen.label}, {summary.adopted_label}"
    return summary, _adopt(result, chosen, plan, label, by_id, metric, runtime)


def _adopt(
    result: SearchResult,
    refined: CandidateRecord,
    plan: p.Plan,
    label: str,
    by_id: Mapping[str, DevExample],
    metric: Metric,
    runtime: Runtime,
) -> CandidateRecord:
    """Measure `plan` (a refinement of `refined`) on the whole dev set like any
    candidate; it becomes the choice when it clears at no more remote tokens."""
    order = result.order
    record = CandidateRecord(refined.candidate, label, plan)
    for example_id in order:
        outcome = evaluate_example(runtime, plan, by_id[example_id], metric)
        record.outcomes[example_id] = outcome
        result.model_calls += outcome.model_calls
    result.records.append(record)
    current = result.chosen
    cheaper = current is None or record.remote_tokens(order) <= current.remote_tokens(order)
    if result.clears(record) and cheaper:
        result.chosen = record
    return record


def _fixed_space(plan: p.Plan, space: SearchSpace, fixed: Mapping[str, Any]) -> SearchSpace:
    if not fixed:
        return space
    try:
        return space.fixed(plan, fixed)
    except ValueError as error:  # a KnobError too
        raise OptimizeError(str(error), "fixed") from None


def _provenance(
    result: SearchResult,
    devset: DevSet,
    metric: Metric,
    seed: int,
    demos: Bootstrapped | None,
    refinements: Mapping[str, Any] | None = None,
    models: str = "",
) -> p.Provenance:
    chosen, baseline, order = result.chosen, result.baseline, result.order
    assert chosen is not None
    low, _ = result.constraint.margin_bounds(chosen.scores(order), baseline.scores(order))
    details: dict[str, Any] = {
        "candidate": chosen.label,
        "baseline": baseline.label,
        # What the qualities and tokens were measured with: another pair needs its own search.
        "models": models,
        "knobs": dict(chosen.candidate.knobs) if chosen.candidate else {},
        "placements": dict(chosen.candidate.placements) if chosen.candidate else {},
        "dev_set": str(devset.path),
        "examples": len(order),
        "constraint_margin_lower_bound": round(low, 4),
        "local_tokens_per_query": round(chosen.local_tokens(order), 1),
        "candidates_measured": 1 + len(result.records),
        "search": result.strategy,
        "measurements": result.measurements,
        "model_calls": result.model_calls + (demos.teacher_calls if demos else 0),
        # What the measurements cost when they were made: a replay's model_calls is 0.
        "measurement_model_calls": sum(
            outcome.model_calls
            for record in [baseline, *result.records]
            for outcome in record.outcomes.values()
        ),
        "budget_spent": result.budget_spent or bool(demos and demos.budget_spent),
        "seed": seed,
    }
    if demos is not None:
        chosen_rewrites = dict(chosen.candidate.rewrites) if chosen.candidate else {}
        in_plan = chosen_rewrites.get(with_demos.NAME) == "bootstrapped"
        details["demos"] = {
            # Demos from bootstrapping that the plan's prompts hold, by prompt.
            "in_plan": demos.kept if in_plan else {},
            "bootstrapped": demos.kept,
            "teacher_calls": demos.teacher_calls,
        }
    details.update(refinements or {})
    return p.Provenance(
        dev_set_sha256=devset.sha256,
        metric=metric.name,
        constraint=result.constraint.describe(),
        quality=round(chosen.quality(order), 4),
        remote_tokens_per_query=round(chosen.remote_tokens(order), 1),
        baseline_quality=round(baseline.quality(order), 4),
        baseline_remote_tokens_per_query=round(baseline.remote_tokens(order), 1),
        details=details,
    )


def _plan_digest(plan: p.Plan | None) -> str:
    """What the plan computes: not its provenance or estimate, nor where its
    program file lies (a moved or re-cloned checkout finds its store)."""
    if plan is None:
        return ""
    return _located_plan_digest(p.without_location(plan))


def _located_plan_digest(plan: p.Plan | None) -> str:
    """The digest stores were named by until 2026-12-07, the program's path in it."""
    if plan is None:
        return ""
    text = plan.model_copy(update={"provenance": None, "estimate": None}).model_dump_json()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _adopt_located_store(located: Path, store_path: Path) -> None:
    """A store named the old way, by the program's path, is this search's store
    when it was run from the same place: rename it, so its outcomes replay."""
    if located != store_path and located.exists() and not store_path.exists():
        os.replace(located, store_path)


def _models(runtime: Runtime) -> str:
    from minionc.binding import models_identity

    return models_identity(runtime.local, runtime.remote, runtime.roles)
