"""The optimizer's space and search logic. The search runs here on measurements
already in its store (what a resumed search sees), so the halving, pruning,
budget and final choice are checked on known scores without model calls; the
same search on real models is in tests/runtime/test_cli_optimize.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from minionc.compiler.estimate import estimate_plan
from minionc.compiler.optimize.devset import load_dev_set
from minionc.compiler.optimize.evaluate import Outcome
from minionc.compiler.optimize.metrics import load_metric
from minionc.compiler.optimize.rewrites import REWRITES
from minionc.compiler.optimize.search import (
    CandidateRecord,
    Constraint,
    run_search,
    rung_sizes,
    static_remote_tokens,
)
from minionc.compiler.optimize.space import Candidate, apply_candidate, search_space
from minionc.compiler.optimize.stats import paired_bounds, wilson_bounds
from minionc.compiler.optimize.store import OutcomeStore
from minionc.compiler.pipeline import compile_file, compile_source
from minionc.compiler.plan import BuiltinExpr, step_exprs, walk_expr, walk_steps
from minionc.compiler.plan_io import dump_plan, parse_plan, validate_plan
from minionc.runtime.executor import Runtime
from repo_paths import ROOT

AUTO_PROGRAM = '''
prompt answer(document: str, question: str) -> str {
  """
  Document: {{ document }}
  Question: {{ question }}
  """
}
protocol qa(question: str, context: doc, notes: private doc) -> str {
  knob room in [4, 12] = 12
  knob depth in 1..20 = 3
  a = answer(context, question) @auto(max_tokens: room)
  b = answer(notes, question) @auto(max_tokens: room)
  return a
}
'''


def compiled(source: str):
    result = compile_source(source, "test.minion")
    assert result.plan is not None, result.diagnostics
    return result.plan


def test_the_space_of_minions_is_its_knobs() -> None:
    plan = compile_file(ROOT / "programs" / "minions.minion").plan
    assert plan is not None
    space = search_space(plan)
    knobs = dict(space.knobs)
    assert knobs["chunk_size"] == (500, 1000, 2000, 4000)
    assert knobs["rounds"] == (1, 2, 3)
    assert knobs["tasks"] == (1, 4, 5, 8, 12, 16)  # a 1..16 range: ends, spread, default
    assert space.auto_steps == ()
    assert dict(space.defaults.knobs)["chunk_size"] == 1000
    assert dict(space.rewrites) == {
        "single_task": (False, True),
        "prefilter": (None, 2, 4, 8),
        "tasks_per_job": (1, 2, 4),
        "trim_findings": (None, "cap", "answers"),
    }
    assert dict(space.defaults.rewrites) == {}  # every rewrite at its off setting
    assert space.size == 4 * 6 * 3 * 4 * 4 * 2 * 4 * 3 * 3


def test_auto_steps_that_read_private_data_stay_local() -> None:
    plan = compiled(AUTO_PROGRAM)
    space = search_space(plan)
    auto = dict(space.auto_steps)
    either = (
        "local",
        "remote",
        "cascade:2/3",
        "cascade:3/5",
        "route:length:500",
        "route:length:2000",
    )
    assert sorted(auto.values()) == [("local",), either]
    public_step = next(step for step, tiers in auto.items() if tiers == either)
    private_step = next(step for step, tiers in auto.items() if tiers == ("local",))
    assert dict(space.defaults.placements) == {public_step: "remote", private_step: "local"}
    assert dict(space.knobs)["depth"] == (1, 3, 6, 10, 15, 20)  # ends, spread, default
    assert space.size == 2 * 6 * 6


def test_applying_a_candidate_sets_knobs_and_placements() -> None:
    plan = compiled(AUTO_PROGRAM)
    space = search_space(plan)
    public_step = next(step for step, tiers in space.auto_steps if "remote" in tiers)
    candidate = Candidate.of({"room": 4, "depth": 1}, {public_step: "local"})
    applied = apply_candidate(plan, candidate)
    assert applied.knobs["room"].value == 4 and applied.knobs["depth"].value == 1
    step = next(s for s in applied.steps if s.id == public_step)
    assert step.call.placement.tier == "local" and step.call.placement.target == "auto"
    assert plan.knobs["room"].value == 12  # the plan itself is unchanged


def test_an_auto_step_placed_as_a_cascade() -> None:
    plan = compiled(AUTO_PROGRAM)
    public_step = next(s for s, tiers in search_space(plan).auto_steps if "remote" in tiers)
    applied = apply_candidate(plan, Candidate.of({}, {public_step: "cascade:2/3"}))
    step = next(s for s in applied.steps if s.id == public_step)
    assert step.kind == "cascade" and step.agreement == "similarity"  # free text
    local, remote = step.tiers
    assert local.call.placement.tier == "local" and remote.call.placement.tier == "remote"
    assert local.call.options["samples"].value == 3 and local.agree.value == 2
    assert local.similarity.value == 0.7 and remote.agree is None
    assert local.call.options["max_tokens"] == remote.call.options["max_tokens"]
    assert validate_plan(applied) == []
    assert parse_plan(dump_plan(applied)) == applied


def test_an_auto_step_placed_as_a_route_by_length() -> None:
    plan = compiled(AUTO_PROGRAM)
    public_step = next(s for s, tiers in search_space(plan).auto_steps if "remote" in tiers)
    applied = apply_candidate(plan, Candidate.of({}, {public_step: "route:length:500"}))
    step = next(s for s in applied.steps if s.id == public_step)
    assert step.kind == "route" and step.policy == "length"
    assert step.options["threshold"].value == 500
    assert [c.placement.tier for c in step.tiers] == ["local", "remote"]
    assert validate_plan(applied) == []


def test_rewrites_of_minions_skip_the_decomposition_and_prefilter_chunks() -> None:
    plan = compile_file(ROOT / "programs" / "minions.minion").plan
    assert plan is not None
    applied = apply_candidate(plan, Candidate.of({}, {}, {"single_task": True, "prefilter": 4}))
    repeat = next(s for s in applied.steps if s.kind == "repeat")
    decompose, fan_out = repeat.body[0], repeat.body[1]
    assert decompose.kind == "let" and decompose.binds == "plan"
    assert decompose.value.fields["tasks"].items[0].name == "question"
    over_chunks = fan_out.iterators[0].over
    assert over_chunks.kind == "builtin" and over_chunks.name == "retrieve"
    assert [a.name for a in over_chunks.args] == ["chunks", "question"]
    assert over_chunks.kwargs["k"].value == 4
    assert fan_out.iterators[1] == plan.steps[3].body[1].iterators[1]  # tasks as before
    assert validate_plan(applied) == []
    # The static estimate follows: 4 chunks read instead of every chunk, no decomposition.
    before = estimate_plan(plan, {"context": 50_000})
    after = estimate_plan(applied, {"context": 50_000})
    assert after.estimate.local.calls < before.estimate.local.calls
    assert after.estimate.remote.calls < before.estimate.remote.calls
    assert parse_plan(dump_plan(applied)) == applied
    trimmed = apply_candidate(plan, Candidate.of({}, {}, {"trim_findings": "answers"}))
    synthesize = next(s for s in trimmed.steps[3].body if s.id == "s9")
    shared = synthesize.call.args["findings"]
    assert shared.kind == "share" and shared.value.name == "trim"
    assert shared.value.kwargs["drop"].value == ["citation"]  # the quote; the answer stays
    assert shared.value.kwargs["chars"].value == 100
    assert validate_plan(trimmed) == []
    # Off settings leave the plan as it was.
    untouched = apply_candidate(
        plan, Candidate.of({}, {}, {"single_task": False, "prefilter": None, "trim_findings": None})
    )
    assert untouched == plan


def test_rewrites_that_do_not_apply_are_not_offered() -> None:
    for name in ("remote_only", "minion"):
        plan = compile_file(ROOT / "programs" / f"{name}.minion").plan
        assert plan is not None
        assert "prefilter" not in dict(search_space(plan).rewrites), name
        assert "tasks_per_job" not in dict(search_space(plan).rewrites), name


def test_several_tasks_per_job_asks_a_group_of_tasks_in_one_local_call() -> None:
    plan = compile_file(ROOT / "programs" / "minions.minion").plan
    assert plan is not None
    applied = apply_candidate(plan, Candidate.of({}, {}, {"tasks_per_job": 2}))
    assert validate_plan(applied) == []
    assert parse_plan(dump_plan(applied)) == applied
    body = next(s for s in applied.steps if s.kind == "repeat").body
    assert [(s.id, s.kind, s.binds) for s in body[1:5]] == [
        ("s6_batches", "let", "findings__batches"),
        ("s6", "map", "findings__jobs"),
        ("s6_unbatch", "map", "findings__nested"),
        ("s6_flat", "let", "findings"),  # what the later steps read, as before
    ]
    batches, jobs = body[1], body[2]
    assert batches.value.name == "batches" and batches.value.kwargs["size"].value == 2
    assert batches.value.args[0] == plan.steps[3].body[1].iterators[1].over  # plan.tasks
    assert jobs.call.prompt == "extract__x2"
    assert set(jobs.call.args) == {"chunk", "task_list"}
    assert jobs.call.options["max_tokens"].value == 128  # room for two answers
    assert jobs.iterators[0] == plan.steps[3].body[1].iterators[0]  # the chunks, as before
    assert body[4].output == plan.steps[3].body[1].output  # a list of Finding
    prompt = applied.prompts["extract__x2"]
    assert prompt.template.splitlines() == [
        "Document: {{ chunk }}",
        "Question 1: {{ task_list[0] }}",
        "Question 2: {{ task_list[1] }}",
    ]
    assert list(applied.types["FindingBatch2"]["properties"]) == [
        "answer_1", "citation_1", "answer_2", "citation_2",
    ]  # fmt: skip
    # The program's examples on the same excerpt become one example of two
    # questions; the others are filled up with their own question.
    first = prompt.examples[0]
    assert first.inputs["task_list"] == [
        "What was Acme's revenue in 2023?",
        "What was Acme's net profit in 2023?",
    ]
    assert first.output == {
        "answer_1": "$5.2 million",
        "citation_1": "revenue for fiscal 2023 was $5.2 million",
        "answer_2": None,
        "citation_2": None,
    }
    assert len(prompt.examples) == 3
    # The static estimate follows: half the local calls for four tasks.
    before = estimate_plan(plan, {"context": 50_000})
    after = estimate_plan(applied, {"context": 50_000})
    assert after.estimate.local.calls < before.estimate.local.calls
    assert after.estimate.remote.calls == before.estimate.remote.calls
    assert apply_candidate(plan, Candidate.of({}, {}, {"tasks_per_job": 1})) == plan


def test_candidates_are_all_of_a_small_space_or_a_seeded_sample() -> None:
    space = search_space(compiled(AUTO_PROGRAM))
    every = space.candidates(limit=100, seed=0)
    assert len(every) == space.size == len({c.key for c in every})
    sample = space.candidates(limit=5, seed=1)
    assert len(sample) == 5 and sample[0] == space.defaults
    assert [c.key for c in sample] == [c.key for c in space.candidates(limit=5, seed=1)]
    assert [c.key for c in sample] != [c.key for c in space.candidates(limit=5, seed=2)]


def test_fixing_names_shrinks_the_space() -> None:
    plan = compile_file(ROOT / "programs" / "minions.minion").plan
    assert plan is not None
    space = search_space(plan)
    small = space.fixed(plan, {"chunk_size": 2000, "prefilter": 4, "samples": 1, "tasks": 4})
    assert dict(small.knobs)["chunk_size"] == (2000,)
    assert dict(small.rewrites)["prefilter"] == (4,)
    assert dict(small.defaults.knobs)["chunk_size"] == 2000
    assert dict(small.defaults.rewrites)["prefilter"] == 4
    assert small.size == space.size // (4 * 4 * 4 * 6)
    assert space.fixed(
        plan, {"tasks": 7}
    ).knobs  # any value a range allows, not only the tried ones
    with pytest.raises(ValueError, match="not one of its values"):
        space.fixed(plan, {"chunk_size": 1234})
    with pytest.raises(ValueError, match="choose one of null, 2, 4, 8"):
        space.fixed(plan, {"prefilter": 3})
    with pytest.raises(ValueError, match="not a knob, rewrite or @auto step"):
        space.fixed(plan, {"chunk": 1000})


def test_rungs_double_up_to_the_whole_dev_set() -> None:
    assert rung_sizes(20, 24) == [5, 10, 20]
    assert rung_sizes(40, 8) == [5, 10, 20, 40]
    assert rung_sizes(6, 4) == [6]  # too few examples to halve on
    assert rung_sizes(20, 1) == [20]


def test_bounds_tighten_with_more_examples() -> None:
    low_small, high_small = wilson_bounds([1.0] * 8 + [0.0] * 2)
    low_big, high_big = wilson_bounds([1.0] * 80 + [0.0] * 20)
    assert low_small < low_big < 0.8 < high_big < high_small
    # Paired: equal scores keep 95% of the baseline for sure; a worse candidate does not.
    same = [1.0, 0.0, 1.0, 1.0, 0.0, 1.0]
    assert paired_bounds(same, same, 0.95)[0] >= 0
    worse = [0.0, 0.0, 1.0, 0.0, 0.0, 0.0]
    assert paired_bounds(worse, same, 0.95)[1] < 0


# ---- the search on stored measurements ------------------------------------------------


def dev_set(tmp_path: Path, n: int):
    lines = [json.dumps({"question": f"q{i}", "expected": "x"}) for i in range(n)]
    (tmp_path / "dev.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_dev_set(tmp_path / "dev.jsonl", ["question"], {})


def outcome(example: str, score: float, remote_tokens: int) -> Outcome:
    return Outcome(example, score, "x" if score else "y", remote_tokens, 100, 1, 1, 0, None)


def search_on_store(tmp_path: Path, n: int, profiles: dict[str, tuple[float, int]], **kwargs):
    """Candidates `c<k>` (room=k) and a baseline `base` whose score is 1 on a share
    `quality` of the examples, spread evenly over the search's order (so every
    rung sees about that share), with fixed remote tokens per query."""
    devset = dev_set(tmp_path, n)
    examples = devset.shuffled(seed=0)
    plan = compiled(AUTO_PROGRAM)
    store = OutcomeStore(tmp_path / "store.jsonl")
    records = []
    for name, (quality, tokens) in profiles.items():
        candidate = Candidate.of({"room": int(name[1:]) if name != "base" else 0}, {})
        key = candidate.key if name != "base" else "baseline"
        for position, example in enumerate(examples):
            hit = int((position + 1) * quality) > int(position * quality)
            store.put(key, outcome(example.id, float(hit), tokens))
        records.append((name, candidate))
    baseline = CandidateRecord(None, "baseline", plan)
    result = run_search(
        candidates=[(c, plan) for name, c in records if name != "base"],
        baseline=baseline,
        examples=examples,
        metric=load_metric("exact"),
        constraint=kwargs.pop("constraint", Constraint("relative", 0.9)),
        runtime=Runtime(),  # never called: every measurement is in the store
        store=store,
        **kwargs,
    )
    return result, {r.candidate.knobs[0][1]: r for r in result.records}


def test_the_cheapest_candidate_that_clears_the_constraint_is_chosen(tmp_path: Path) -> None:
    result, by_room = search_on_store(
        tmp_path,
        40,
        {
            "base": (0.8, 10_000),
            "c1": (0.8, 1_000),  # as good, 10x cheaper: the one to find
            "c2": (0.8, 3_000),
            "c3": (0.3, 100),  # cheapest, but far worse: pruned
            "c4": (0.7, 500),  # close, cheaper, but not clearly 90% of the baseline
        },
    )
    assert result.chosen is by_room[1]
    assert result.model_calls == 0 and not result.budget_spent
    assert by_room[3].dropped and "cannot clear" in by_room[3].dropped
    assert len(by_room[3].outcomes) == 10  # dropped after the first batch (10 of 40)
    # c4 (cheaper than c1) was raced to the end and does not clear. c2 costs more
    # than c1, which cleared: its first batch stopped once its 3,000 tokens a query
    # had spent what ten of c1's 1,000 cost (after 4 examples).
    assert by_room[4].measured(result.order) and not result.clears(by_room[4])
    assert by_room[2].dropped == (
        "costs more than a candidate that cleared (stopped after 4 of 10 examples)"
    )
    assert len(by_room[2].outcomes) == 4
    assert by_room[1].measured(result.order) and result.clears(by_room[1])


def test_a_tie_on_remote_tokens_is_measured_and_the_better_quality_wins(
    tmp_path: Path,
) -> None:
    # Everything local (0 remote tokens): once one clears, the next costs no more,
    # so it is raced too, not stopped before its first example.
    result, by_room = search_on_store(
        tmp_path,
        40,
        {"base": (0.8, 0), "c1": (0.8, 0), "c2": (0.9, 0)},
        constraint=Constraint("absolute", 0.0),
    )
    assert by_room[1].measured(result.order) and by_room[2].measured(result.order)
    assert by_room[2].dropped is None
    assert result.chosen is by_room[2]


def test_the_race_takes_candidates_in_the_order_of_their_estimate(tmp_path: Path) -> None:
    profiles = {
        "base": (0.8, 10_000),
        "c1": (0.8, 1_000),
        "c2": (0.8, 3_000),
        "c3": (0.8, 9_000),
    }
    (tmp_path / "right").mkdir()
    (tmp_path / "wrong").mkdir()
    # Estimated cheapest first: c1 clears, and the others stop early.
    _, by_room = search_on_store(
        tmp_path / "right", 40, profiles, estimated_remote=lambda r: r.candidate.knobs[0][1]
    )
    assert [len(by_room[k].outcomes) for k in (1, 2, 3)] == [40, 4, 2]
    # Estimated the wrong way round: each clears and is raced to the end, and
    # the measured cheapest is still the one chosen.
    result, by_room = search_on_store(
        tmp_path / "wrong", 40, profiles, estimated_remote=lambda r: -r.candidate.knobs[0][1]
    )
    assert [len(by_room[k].outcomes) for k in (1, 2, 3)] == [40, 40, 40]
    assert result.chosen is by_room[1]


def test_the_static_estimate_ranks_candidates_by_the_remote_tokens_they_read(
    tmp_path: Path,
) -> None:
    plan = compile_file(ROOT / "programs" / "doc_qa.minion").plan
    assert plan is not None
    document = tmp_path / "doc.txt"
    document.write_text("word " * 40_000, encoding="utf-8")
    (tmp_path / "dev.jsonl").write_text(
        "".join(
            json.dumps({"context": {"$file": str(document)}, "question": q, "expected": "x"}) + "\n"
            for q in ("q1?", "q2?")
        ),
        encoding="utf-8",
    )
    devset = load_dev_set(tmp_path / "dev.jsonl", [i.name for i in plan.inputs], {})
    estimate = static_remote_tokens(list(devset.examples))

    def cost(knobs: dict[str, int], placement: str) -> float:
        candidate = Candidate.of(knobs, {"s4": placement})
        return estimate(CandidateRecord(candidate, "", apply_candidate(plan, candidate, REWRITES)))

    assert cost({"chunk_size": 250, "top_k": 2}, "local") == 0
    small = cost({"chunk_size": 250, "top_k": 2}, "remote")
    large = cost({"chunk_size": 1000, "top_k": 8}, "remote")
    assert 0 < small < large
    assert large > 8 * 1000  # the estimate sees the dev set's 50,000-token document


def test_successive_halving_is_still_there_to_compare(tmp_path: Path) -> None:
    result, by_room = search_on_store(
        tmp_path,
        40,
        {
            "base": (0.8, 10_000),
            "c1": (0.8, 1_000),
            "c2": (0.8, 3_000),
            "c3": (0.3, 100),
            "c4": (0.7, 500),
        },
        strategy="halving",
    )
    assert result.chosen is by_room[1]
    assert len(by_room[3].outcomes) == 5  # dropped at the first rung
    # c4 looks below 90% of the baseline and c2 costs more than c1: halved out.
    assert by_room[4].dropped == "halved out after 5 examples"
    assert by_room[2].dropped == "halved out after 10 examples"


def test_no_candidate_clears_an_impossible_constraint(tmp_path: Path) -> None:
    result, _ = search_on_store(
        tmp_path,
        20,
        {"base": (0.5, 1000), "c1": (0.5, 10)},
        constraint=Constraint("absolute", 0.9),
    )
    assert result.chosen is None


def test_a_call_budget_stops_the_search(tmp_path: Path) -> None:
    devset = dev_set(tmp_path, 10)
    plan = compiled(AUTO_PROGRAM)
    store = OutcomeStore(tmp_path / "store.jsonl")
    for example in devset.examples:  # the baseline is measured; the candidate is not
        store.put("baseline", outcome(example.id, 1.0, 100))
    result = run_search(
        candidates=[(Candidate.of({"room": 4}, {}), plan)],
        baseline=CandidateRecord(None, "baseline", plan),
        examples=list(devset.examples),
        metric=load_metric("exact"),
        constraint=Constraint("absolute", 0.5),
        runtime=Runtime(),
        store=store,
        budget_calls=0,
    )
    assert result.budget_spent and result.model_calls == 0
    assert result.chosen is result.baseline  # the only candidate measured throughout


def test_a_store_cut_off_by_a_kill_keeps_every_whole_line(tmp_path: Path) -> None:
    path = tmp_path / "store.jsonl"
    store = OutcomeStore(path)
    store.put("c", outcome("a", 1.0, 5))
    store.put("c", outcome("b", 0.0, 5))
    store.close()
    text = path.read_text(encoding="utf-8")
    path.write_text(text + '{"candidate": "c", "exam', encoding="utf-8")
    again = OutcomeStore(path)
    assert len(again) == 2 and again.get("c", "b") == outcome("b", 0.0, 5)
    assert path.read_text(encoding="utf-8") == text
    path.write_text("garbage\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not an optimizer outcome; delete the file"):
        OutcomeStore(path)


def test_a_candidate_key_does_not_change_when_a_rewrite_is_added() -> None:
    before = Candidate.of({"chunk_size": 500}, {}, {"prefilter": 4})
    # The same candidate in a search that offers more rewrites, each at its off setting.
    after = Candidate.of(
        {"chunk_size": 500},
        {},
        {"prefilter": 4, "single_task": False, "tasks_per_job": 1, "trim_findings": None},
    )
    assert after == before and after.key == before.key
    assert (
        Candidate.of({"tasks": 4}, {}, {"prefilter": None}).key
        == '{"knobs":{"tasks":4},"placements":{}}'
    )
    assert Candidate.of({}, {}, {"single_task": True}).describe() == "single_task=true"


def test_stored_outcomes_under_old_keys_are_migrated(tmp_path: Path) -> None:
    old_key = json.dumps(
        {
            "knobs": {"chunk_size": 500},
            "placements": {},
            "rewrites": {"prefilter": 4, "single_task": False, "tasks_per_job": 1},
        },
        sort_keys=True,
        separators=(",", ":"),
    )
    outcome = Outcome("q1", 1.0, "Leeds", 120, 3000, 2, 0, 0, None)
    path = tmp_path / "search.jsonl"
    path.write_text(json.dumps({"candidate": old_key, **outcome.to_json()}) + "\n")
    store = OutcomeStore(path)
    new_key = Candidate.of({"chunk_size": 500}, {}, {"prefilter": 4}).key
    assert store.migrated == 1
    assert store.get(new_key, "q1") == outcome and store.get(old_key, "q1") is None
    assert json.loads(path.read_text())["candidate"] == new_key  # the file itself migrated
    assert OutcomeStore(path).migrated == 0


def test_examples_on_one_document_run_together_in_the_order_documents_appear(
    tmp_path: Path,
) -> None:
    from minionc.compiler.optimize.search import by_document

    # A shuffled dev order interleaves documents; run in it, a remote model would
    # read each 12,000-token document again for every question.
    rows = [("q1", "A"), ("q2", "B"), ("q3", "A"), ("q4", "C"), ("q5", "B"), ("q6", "A")]
    (tmp_path / "dev.jsonl").write_text(
        "".join(
            json.dumps({"id": i, "question": i, "context": f"document {d}", "expected": "x"}) + "\n"
            for i, d in rows
        ),
        encoding="utf-8",
    )
    devset = load_dev_set(tmp_path / "dev.jsonl", ["question", "context"], {})
    by_id = {e.id: e for e in devset.examples}
    plan = compiled(
        'prompt ask(c: str, q: str) -> str """{{ c }} {{ q }}"""\n'
        "protocol main(question: str, context: private doc) -> str {\n"
        "  a = ask(context, question) @local\n  return a\n}\n"
    )
    ids = [i for i, _ in rows]
    assert by_document(ids, by_id, plan) == ["q1", "q3", "q6", "q2", "q5", "q4"]
    assert by_document(["q5", "q4", "q1"], by_id, plan) == ["q5", "q4", "q1"]


def test_doc_qa_may_retrieve_passages_that_cover_the_question() -> None:
    """The `cover` rewrite sets `cover: true` on a retrieve that leaves it open;
    at its off setting the plan, and every candidate key stored before it was
    offered, stay as they were. A program that sets `cover` itself keeps it."""
    plan = compile_file(ROOT / "programs" / "doc_qa.minion").plan
    assert plan is not None
    assert dict(search_space(plan).rewrites)["cover"] == (False, True)
    covered = apply_candidate(plan, Candidate.of({}, {}, {"cover": True}))
    retrieves = [
        expr
        for _, step in walk_steps(covered.steps)
        for _, held in step_exprs(step)
        for expr in walk_expr(held)
        if isinstance(expr, BuiltinExpr) and expr.name == "retrieve"
    ]
    assert [r.kwargs["cover"].value for r in retrieves] == [True]
    assert validate_plan(covered) == []
    assert parse_plan(dump_plan(covered)) == covered
    assert apply_candidate(plan, Candidate.of({}, {}, {"cover": False})) == plan
    assert (
        Candidate.of({"chunk_size": 125, "top_k": 8}, {"s4": "remote"}, {"cover": False}).key
        == '{"knobs":{"chunk_size":125,"top_k":8},"placements":{"s4":"remote"}}'
    )
    source = (ROOT / "programs" / "doc_qa.minion").read_text(encoding="utf-8")
    fixed = compile_source(source.replace("k: top_k)", "k: top_k, cover: true)"), "d.minion")
    assert fixed.plan is not None and "cover" not in dict(search_space(fixed.plan).rewrites)
    wrong = compile_source(source.replace("k: top_k)", "k: top_k, cover: 3)"), "d.minion")
    assert wrong.plan is None
    assert any("retrieve cover" in d.message for d in wrong.diagnostics), wrong.diagnostics
