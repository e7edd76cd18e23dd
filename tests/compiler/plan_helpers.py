"""Plans for the plan_io, estimate and explain tests: one built by hand (so these
tests do not depend on the checker), and the standard programs compiled."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any

from minionc.compiler import plan as p
from minionc.compiler.pipeline import compile_file
from repo_paths import ROOT

PROGRAMS = sorted(path.stem for path in (ROOT / "programs").glob("*.minion"))

STR = {"type": "string"}
FINDING = {"$ref": "#/$defs/Finding"}


def ref(name: str) -> p.RefExpr:
    return p.RefExpr(name=name)


def const(value: Any) -> p.ConstExpr:
    return p.ConstExpr(value=value)


def knob(name: str) -> p.KnobExpr:
    return p.KnobExpr(name=name)


def call(
    prompt: str,
    args: dict[str, Any],
    target: str,
    tier: str,
    allowed: list[str] | None = None,
    output: dict[str, Any] | None = None,
    **options: Any,
) -> p.LLMCall:
    return p.LLMCall(
        prompt=prompt,
        args=args,
        placement=p.Placement(target=target, tier=tier, allowed=allowed or [tier]),  # type: ignore[arg-type]
        options=options,
        output=output or STR,
    )


def hand_plan(**overrides: Any) -> p.Plan:
    """A small MinionS-like plan, written by hand. With the default assumptions its
    estimate is easy to work out on paper (see test_estimate.py)."""
    extract = call(
        "extract",
        {"chunk": ref("c"), "task": ref("t")},
        "worker",
        "local",
        output=FINDING,
        samples=const(2),
    )
    decide = call(
        "decide",
        {
            "question": ref("question"),
            "findings": p.ShareExpr(value=ref("kept"), private_inputs=["context"]),
        },
        "supervisor",
        "remote",
    )
    fields: dict[str, Any] = dict(
        compiler="0.1.0",
        source=p.Source(path="programs/hand.minion", sha256="0" * 64),
        protocol="hand",
        inputs=[
            p.Param(name="question", schema=STR),
            p.Param(
                name="context", schema={"type": "string", "x-minion-type": "doc"}, private=True
            ),
        ],
        output=STR,
        models={
            "worker": p.ModelRole(tier="local"),
            "supervisor": p.ModelRole(tier="remote", model="openai/gpt-4o"),
        },
        types={
            "Finding": {
                "type": "object",
                "title": "Finding",
                "properties": {"answer": {"anyOf": [STR, {"type": "null"}]}},
                "required": [],
                "additionalProperties": False,
            }
        },
        prompts={
            "extract": p.Prompt(
                params=[p.Param(name="chunk", schema=STR), p.Param(name="task", schema=STR)],
                output=FINDING,
                template="Chunk: {{ chunk }}\nTask: {{ task }}\n",
                line=3,
            ),
            "decide": p.Prompt(
                params=[
                    p.Param(name="question", schema=STR),
                    p.Param(name="findings", schema={"type": "array", "items": FINDING}),
                ],
                output=STR,
                template="Q: {{ question }}\nF: {{ findings }}",
                line=5,
            ),
        },
        knobs={
            "chunk_size": p.Knob(
                space=p.ChoiceSpace(values=[500, 1000, 2000]), default=1000, value=1000
            ),
            "rounds": p.Knob(
                space=p.RangeSpace(kind="int_range", low=1, high=3), default=2, value=2
            ),
        },
        budgets=[p.Budget(tier="remote", metric="tokens", limit=40000)],
        steps=[
            p.LetStep(
                id="s1",
                binds="chunks",
                line=10,
                value=p.BuiltinExpr(
                    name="split", args=[ref("context")], kwargs={"tokens": knob("chunk_size")}
                ),
            ),
            p.RepeatStep(
                id="s2",
                binds=None,
                line=11,
                times=knob("rounds"),
                body=[
                    p.MapStep(
                        id="s3",
                        binds="findings",
                        line=12,
                        iterators=[
                            p.Iteration(var="c", over=ref("chunks")),
                            p.Iteration(var="t", over=p.ListExpr(items=[const("a"), const("b")])),
                        ],
                        call=extract,
                    ),
                    p.FilterStep(
                        id="s4",
                        binds="kept",
                        line=13,
                        source=ref("findings"),
                        where=p.OpExpr(op="!=", args=[ref("answer"), const(None)]),
                    ),
                    p.LLMStep(id="s5", binds="decision", line=14, call=decide),
                    p.StopStep(
                        id="s6",
                        binds=None,
                        line=15,
                        when=p.OpExpr(op="!=", args=[ref("decision"), const("")]),
                    ),
                ],
            ),
            p.ReturnStep(id="s7", binds=None, line=17, value=ref("decision")),
        ],
        private_flows=[
            p.PrivateFlow(
                inputs=["context"],
                value="kept",
                step="s5",
                binds="decision",
                prompt="decide",
                placement="@supervisor",
                line=14,
            )
        ],
    )
    fields.update(overrides)
    return p.Plan(**fields)


@contextlib.contextmanager
def at_root() -> Iterator[None]:
    """Run from the repository root, so plans record `programs/NAME.minion`."""
    before = os.getcwd()
    os.chdir(ROOT)
    try:
        yield
    finally:
        os.chdir(before)


def compile_program(name: str) -> p.Plan:
    """The standard program `programs/NAME.minion`, compiled from the repository root
    (no estimate)."""
    with at_root():
        result = compile_file(f"programs/{name}.minion")
    assert result.ok and result.plan is not None, [d.message for d in result.diagnostics]
    return result.plan


def with_knobs(plan: p.Plan, **values: Any) -> p.Plan:
    """The plan with some knob values changed, as the optimizer would."""
    knobs = dict(plan.knobs)
    for name, value in values.items():
        knobs[name] = knobs[name].model_copy(update={"value": value})
    return plan.model_copy(update={"knobs": knobs})


def long_context(plan: p.Plan) -> dict[str, float]:
    """A 50,000-token `context` for programs over a long document; nothing for programs
    without one (a question cascade), since the estimator refuses unused assumptions."""
    return {"context": 50000} if any(param.name == "context" for param in plan.inputs) else {}
