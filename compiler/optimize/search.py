"""The search: the candidate with the fewest remote tokens per query whose
measured quality clears the constraint.

The baseline is measured on every dev example first, in a fixed (seeded) order.
Two strategies then decide which candidates are measured how far:

- `race` (the default): candidates are taken cheapest-looking first, by the
  compiler's static estimate of their remote tokens for the dev set's input
  sizes. Each is measured on a first batch large enough to judge (a quarter of
  the dev set, at least 10 examples); one whose upper confidence bound cannot
  reach the constraint is dropped, and one that may clear is raced at once on
  twice the examples each step up to the whole dev set, dropped as soon as its
  upper bound falls short. Once one clears on the whole set, a candidate whose
  first batch costs more than it is dropped, and its first batch stops as soon
  as the remote tokens already spent show that (tokens are never negative, so
  stopping early drops nothing the whole batch would have kept): the search
  wants the cheapest one that clears, quality alone never drops a candidate that
  might, and a remote call of 8,000 tokens is not paid ten times to learn that
  it costs more than one of 1,000. The estimate only orders the work.
- `halving`: successive halving: after each rung the half that look cheapest
  among the plausible ones go on to twice the examples. It measures fewer
  examples, but a small first rung is noisy, and halving drops candidates by
  rank, not by evidence (kept for comparison: bench/search_replay.py).

The final choice needs the lower confidence bound to clear the constraint on
the whole dev set. A budget of model calls (cache hits are free) stops the search
early; the choice is then made among the candidates measured on every example.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from minionc.compiler import plan as p
from minionc.compiler.estimate import EstimateError, estimate_plan, known_assumptions
from minionc.runtime.executor import Runtime

from .devset import DevExample
from .evaluate import Outcome, evaluate_example
from .metrics import Metric
from .space import Candidate
from .stats import paired_bounds, wilson_bounds
from .store import OutcomeStore

__all__ = [
    "CandidateRecord",
    "Constraint",
    "SearchProgress",
    "SearchResult",
    "Strategy",
    "by_document",
    "first_batch",
    "run_search",
    "static_remote_tokens",
]


@dataclass(frozen=True)
class Constraint:
    """`quality >= minimum` (absolute) or `quality >= ratio x baseline quality`
    (relative, paired on the same examples), each at `confidence`."""

    kind: Literal["absolute", "relative"]
    value: float
    confidence: float = 0.9

    def describe(self) -> str:
        level = f"{self.confidence:.0%} confidence"
        if self.kind == "absolute":
            return f"quality >= {self.value:g} ({level})"
        return f"quality >= {self.value:g} x baseline ({level}, paired)"

    def margin_bounds(
        self, scores: Sequence[float], baseline: Sequence[float]
    ) -> tuple[float, float]:
        """Bounds on how far the candidate's quality is above the requirement:
        a lower bound >= 0 clears it, an upper bound < 0 cannot."""
        if self.kind == "absolute":
            low, high = wilson_bounds(scores, self.confidence)
            return low - self.value, high - self.value
        return paired_bounds(scores, baseline, self.value, self.confidence)

    def point_margin(self, scores: Sequence[float], baseline: Sequence[float]) -> float:
        mean = statistics.fmean(scores) if scores else 0.0
        if self.kind == "absolute":
            return mean - self.value
        return mean - self.value * (statistics.fmean(baseline) if baseline else 0.0)


@dataclass
class CandidateRecord:
    candidate: Candidate | None  # None for a baseline that is another program
    label: str
    plan: p.Plan
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    dropped: str | None = None  # why the search stopped measuring it

    def scores(self, ids: Sequence[str]) -> list[float]:
        return [self.outcomes[i].score for i in ids]

    def quality(self, ids: Sequence[str]) -> float:
        return statistics.fmean(self.scores(ids)) if ids else 0.0

    def remote_tokens(self, ids: Sequence[str]) -> float:
        return statistics.fmean(self.outcomes[i].remote_tokens for i in ids) if ids else 0.0

    def local_tokens(self, ids: Sequence[str]) -> float:
        return statistics.fmean(self.outcomes[i].local_tokens for i in ids) if ids else 0.0

    def measured(self, ids: Sequence[str]) -> bool:
        return all(i in self.outcomes for i in ids)


def by_document(ids: Sequence[str], by_id: dict[str, DevExample], plan: p.Plan) -> list[str]:
    """`ids` with the examples on the same document next to each other (in the
    order each document first appears), so that consecutive calls share the
    document's prompt prefix and a model's KV cache reuses it: a remote model
    reading a 12,000-token document once per document, not once per question.
    Which examples are measured is unchanged; only the order they run in."""
    documents = [i.name for i in plan.inputs if i.schema_.get("x-minion-type") == "doc"]

    def document_of(example_id: str) -> tuple[str, ...]:
        inputs = by_id[example_id].item.inputs
        return tuple(str(hash(str(inputs.get(name)))) for name in documents)

    first_seen: dict[tuple[str, ...], int] = {}
    for example_id in ids:
        first_seen.setdefault(document_of(example_id), len(first_seen))
    return sorted(ids, key=lambda example_id: first_seen[document_of(example_id)])


@dataclass(frozen=True)
class SearchProgress:
    done: int  # (candidate, example) measurements so far
    planned: int  # an estimate of all the search will make
    label: str
    model_calls: int


@dataclass
class SearchResult:
    baseline: CandidateRecord
    records: list[CandidateRecord]
    order: list[str]  # dev example ids in the order measured
    constraint: Constraint
    chosen: CandidateRecord | None
    model_calls: int
    budget_spent: bool
    strategy: str = "race"
    measurements: int = 0  # (candidate, example) outcomes the search looked at

    def clears(self, record: CandidateRecord) -> bool:
        if not record.measured(self.order):
            return False
        low, _ = self.constraint.margin_bounds(
            record.scores(self.order), self.baseline.scores(self.order)
        )
        return low >= 0


class _BudgetSpent(Exception):
    pass


def static_remote_tokens(
    examples: Sequence[DevExample],
) -> Callable[[CandidateRecord], float]:
    """The compiler's estimate of a candidate's remote tokens per query, for the
    mean size of each text input over `examples` (ceil(characters / 4)): the
    race's order, never a reason to drop. A plan the estimate cannot size
    counts as 0, so it is measured early rather than skipped."""

    def mean_tokens(name: str) -> float | None:
        sizes = [
            math.ceil(len(value) / 4)
            for e in examples
            if isinstance(value := e.item.inputs.get(name), str)
        ]
        return statistics.fmean(sizes) if sizes else None

    def estimate(record: CandidateRecord) -> float:
        try:
            known = known_assumptions(record.plan)
            assume = {
                param.name: size
                for param in record.plan.inputs
                if param.name in known and (size := mean_tokens(param.name)) is not None
            }
            tiers = estimate_plan(record.plan, assume).estimate
        except EstimateError:
            return 0.0
        if tiers is None:
            return 0.0
        return tiers.remote.prompt_tokens + tiers.remote.completion_tokens

    return estimate


def rung_sizes(examples: int, candidates: int, eta: int = 2, smallest: int = 5) -> list[int]:
    """Examples per rung, growing by `eta` up to all of them: one rung per
    halving the candidate pool needs, none smaller than `smallest`."""
    halvings = math.ceil(math.log(max(candidates, 1), eta)) if candidates > 1 else 0
    sizes = {examples}
    for i in range(1, halvings + 1):
        size = math.ceil(examples / eta**i)
        if size < min(smallest, examples):
            break
        sizes.add(size)
    return sorted(sizes)


Strategy = Literal["race", "halving"]

# The race's first batch: enough examples that a confidence bound can drop a
# candidate on evidence (a rung of 7 could not tell candidates apart).
FIRST_BATCH_MIN = 10
FIRST_BATCH_SHARE = 0.25


def first_batch(examples: int) -> int:
    return min(examples, max(FIRST_BATCH_MIN, math.ceil(examples * FIRST_BATCH_SHARE)))


def run_search(
    *,
    candidates: Sequence[tuple[Candidate, p.Plan]],
    baseline: CandidateRecord,
    examples: Sequence[DevExample],
    metric: Metric,
    constraint: Constraint,
    runtime: Runtime,
    store: OutcomeStore,
    budget_calls: int | None = None,
    eta: int = 2,
    progress: Callable[[SearchProgress], None] | None = None,
    strategy: Strategy = "race",
    estimated_remote: Callable[[CandidateRecord], float] | None = None,
) -> SearchResult:
    """`estimated_remote` orders the race (default: `static_remote_tokens` of
    `examples`)."""
    order = [e.id for e in examples]
    by_id = {e.id: e for e in examples}
    records = [CandidateRecord(c, c.describe(), plan) for c, plan in candidates]
    # The baseline's own candidate (the defaults) is measured once, as the baseline.
    records = [r for r in records if r.candidate is None or r.candidate != baseline.candidate]
    sizes = rung_sizes(len(order), len(records) + 1, eta)
    if strategy == "halving":
        planned = len(order) + sum(
            math.ceil(len(records) / eta**rung) * (sizes[rung] - (sizes[rung - 1] if rung else 0))
            for rung in range(len(sizes))
        )
    else:  # a first batch each, and about three candidates raced to the end
        planned = len(order) + len(records) * first_batch(len(order)) + 3 * len(order)
    state = {"done": 0, "calls": 0}

    def measure(
        record: CandidateRecord,
        ids: Sequence[str],
        stop: Callable[[], bool] | None = None,
    ) -> bool:
        """Measure `record` on `ids`; False when `stop()` said enough first."""
        key = record.candidate.key if record.candidate is not None else record.label
        for example_id in by_document(ids, by_id, record.plan):
            if example_id not in record.outcomes:
                outcome = store.get(key, example_id)
                if outcome is None:
                    if budget_calls is not None and state["calls"] >= budget_calls:
                        raise _BudgetSpent
                    outcome = evaluate_example(runtime, record.plan, by_id[example_id], metric)
                    store.put(key, outcome)
                    state["calls"] += outcome.model_calls
                record.outcomes[example_id] = outcome
                state["done"] += 1
                if progress is not None:
                    progress(SearchProgress(state["done"], planned, record.label, state["calls"]))
            if stop is not None and stop():
                return False
        return True

    budget_spent = False
    try:
        measure(baseline, order)
        if strategy == "halving":
            alive = records
            for size in sizes:
                ids = order[:size]
                for record in alive:
                    measure(record, ids)
                if size == len(order):
                    break
                alive = _survivors(alive, ids, baseline, constraint, eta, rung_size=size)
        else:
            ranked = estimated_remote or static_remote_tokens(examples)
            _race(sorted(records, key=ranked), order, baseline, constraint, measure)
    except _BudgetSpent:
        budget_spent = True
    result = SearchResult(
        baseline=baseline,
        records=records,
        order=order,
        constraint=constraint,
        chosen=None,
        model_calls=state["calls"],
        budget_spent=budget_spent,
        strategy=strategy,
        measurements=state["done"],
    )
    cleared = [r for r in [baseline, *records] if result.clears(r)]
    if cleared:
        result.chosen = min(cleared, key=lambda r: (r.remote_tokens(order), -r.quality(order)))
    return result


class _Measure(Protocol):
    def __call__(
        self,
        record: CandidateRecord,
        ids: Sequence[str],
        stop: Callable[[], bool] | None = None,
    ) -> bool: ...


def _race(
    records: list[CandidateRecord],
    order: list[str],
    baseline: CandidateRecord,
    constraint: Constraint,
    measure: _Measure,
) -> None:
    """`records` in the order to try them (cheapest-looking first): a first batch
    each, raced to the whole dev set when it may clear and may cost less than the
    cheapest that cleared so far."""
    first = first_batch(len(order))
    batch = order[:first]
    base_full = baseline.scores(order)

    def cannot_clear(record: CandidateRecord, ids: Sequence[str]) -> bool:
        _, high = constraint.margin_bounds(record.scores(ids), baseline.scores(ids))
        return high < 0

    low, _ = constraint.margin_bounds(base_full, base_full)
    best_cost = baseline.remote_tokens(order) if low >= 0 else math.inf
    for record in records:

        def costs_more(
            record: CandidateRecord = record, budget: float = best_cost * len(batch)
        ) -> bool:
            spent = sum(record.outcomes[i].remote_tokens for i in batch if i in record.outcomes)
            # Strictly more: at equal cost the better quality wins, so a tie is measured
            # (and a cleared plan with no remote tokens must not stop every other at once).
            return spent > budget

        if not measure(record, batch, stop=costs_more) or costs_more():
            seen = sum(i in record.outcomes for i in batch)
            record.dropped = "costs more than a candidate that cleared" + (
                f" (stopped after {seen} of {first} examples)" if seen < first else ""
            )
            continue
        if cannot_clear(record, batch):
            record.dropped = f"cannot clear the constraint after {first} examples"
            continue
        size = first
        while size < len(order):
            size = min(len(order), size * 2)
            measure(record, order[:size])
            if cannot_clear(record, order[:size]):
                record.dropped = f"cannot clear the constraint after {size} examples"
                break
        if record.dropped is None:
            low, _ = constraint.margin_bounds(record.scores(order), base_full)
            if low >= 0:
                best_cost = min(best_cost, record.remote_tokens(order))


def _survivors(
    alive: list[CandidateRecord],
    ids: Sequence[str],
    baseline: CandidateRecord,
    constraint: Constraint,
    eta: int,
    rung_size: int,
) -> list[CandidateRecord]:
    """Drop the candidates that cannot clear the constraint; of the rest keep the
    1/eta that are plausible (their point estimate clears) and cheapest."""
    base = baseline.scores(ids)
    plausible: list[tuple[bool, float, float, CandidateRecord]] = []
    for record in alive:
        scores = record.scores(ids)
        _, high = constraint.margin_bounds(scores, base)
        if high < 0:
            record.dropped = f"cannot clear the constraint after {rung_size} examples"
            continue
        below = constraint.point_margin(scores, base) < 0
        plausible.append((below, record.remote_tokens(ids), -record.quality(ids), record))
    plausible.sort(key=lambda entry: entry[:3])
    keep = math.ceil(len(alive) / eta)
    for *_, record in plausible[keep:]:
        record.dropped = f"halved out after {rung_size} examples"
    return [record for *_, record in plausible[:keep]]
