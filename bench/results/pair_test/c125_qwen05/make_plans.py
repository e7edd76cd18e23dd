"""bench (issue 18): the plans of bench/results/pair_test/c125_qwen05/, made from
bench/results/route_pair_c125/doc_qa_c125.minion exactly as bench/route_pair.py
places its @auto answer (a route between the tiers, so every model call is one
route_pair already made), with the policy made "learned": as a route (reads the
passages and question) and as a cascade (also reads the local answer); and the
two tiers alone (the route forced always local, always remote) as baselines."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
from minionc.compiler import plan as p
from route_pair import as_route, forced

import minionc

here = Path(__file__).resolve().parent
plan = as_route(
    minionc.compile_file(here.parents[1] / "route_pair_c125" / "doc_qa_c125.minion"), "s4"
)
route = next(s for s in plan.steps if isinstance(s, p.RouteStep))
threshold = {"threshold": p.ConstExpr(value=0.5)}


def as_learned_route(step: p.Step) -> p.Step:
    return step.model_copy(update={"policy": "learned", "options": threshold, "learned": None})


def as_learned_cascade(step: p.Step) -> p.Step:
    assert isinstance(step, p.RouteStep)
    return p.CascadeStep(
        id=step.id,
        binds=step.binds,
        output=step.output,
        line=step.line,
        agreement="exact",
        tiers=[p.CascadeTier(call=call) for call in step.tiers],
        policy="learned",
        options=threshold,
    )


for name, change in (("route", as_learned_route), ("cascade", as_learned_cascade)):
    out = here / f"doc_qa_c125.{name}.plan.json"
    out.write_text(p.with_step(plan, route.id, change).model_dump_json(indent=2, by_alias=True))
    print(out)
for policy in ("always_local", "always_remote"):
    out = here / f"doc_qa_c125.{policy}.json"
    out.write_text(forced(plan, policy).model_dump_json(indent=2, by_alias=True))
    print(out)
