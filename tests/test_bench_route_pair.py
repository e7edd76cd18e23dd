"""bench/route_pair.py: a route forced to each tier, and its outcomes as the CSV
`minionc route-eval` reads."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from repo_paths import ROOT


def _module():
    spec = importlib.util.spec_from_file_location("route_pair", ROOT / "bench" / "route_pair.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["route_pair"] = module
    spec.loader.exec_module(module)
    return module


def test_the_route_is_forced_to_each_tier_and_the_rest_kept() -> None:
    from minionc.compiler import plan as p

    import minionc

    route_pair = _module()
    plan = minionc.compile_file(ROOT / "programs" / "routed.minion")
    for policy in ("always_local", "always_remote"):
        forced = route_pair.forced(plan, policy)
        (route,) = [s for s in forced.steps if isinstance(s, p.RouteStep)]
        assert route.policy == policy and route.learned is None
        assert len(forced.steps) == len(plan.steps)


def test_an_auto_step_becomes_a_route_between_the_tiers() -> None:
    """doc_qa's answer is `@auto`: placed as a route, then forced like routed's."""
    from minionc.compiler import plan as p

    import minionc

    route_pair = _module()
    plan = route_pair.as_route(minionc.compile_file(ROOT / "programs" / "doc_qa.minion"), "s4")
    for policy in ("always_local", "always_remote"):
        (route,) = [s for s in route_pair.forced(plan, policy).steps if isinstance(s, p.RouteStep)]
        assert route.id == "s4" and route.policy == policy
        assert [call.placement.tier for call in route.tiers] == ["local", "remote"]


def test_the_outcomes_become_route_eval_csv(tmp_path: Path) -> None:
    from minionc.runtime.routing.data import load_outcomes

    route_pair = _module()
    records = [
        {"prompt": f"passage {i}\nquestion {i}", "models": ["local/m", "remote/m"],
         "weak": "a", "strong": "b", "weak_correct": i % 2 == 0, "strong_correct": True}
        for i in range(4)
    ]  # fmt: skip
    route_pair.write_csv(tmp_path / "routed.csv", records)
    data = load_outcomes(tmp_path)
    assert (data.weak_model, data.strong_model) == ("local/m", "remote/m")
    assert [o.weak_correct for o in data.outcomes] == [True, False, True, False]
    assert data.has_responses
    # The answers as the runtime hands them to a cascade's policy: no JSON quotes.
    assert [o.weak_response for o in data.outcomes] == ["a"] * 4
    assert data.outcomes[0].strong_response == "b"
    route_pair.write_csv(tmp_path / "routed.csv", [{**records[0], "weak": None}])
    assert load_outcomes(tmp_path).outcomes[0].weak_response == ""
