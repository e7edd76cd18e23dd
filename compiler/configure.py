"""Set a plan's knobs: `minionc run --set chunk_size=2000`, and the optimizer.

A plan is frozen; `with_knobs` returns a new one whose knobs carry the given
values, each checked against the knob's declared space, so a run can never use
a value the program did not allow.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .diagnostics import did_you_mean
from .plan import ChoiceSpace, Knob, Plan


class KnobError(ValueError):
    """A knob setting that the plan does not allow; the message says what it does."""


def parse_knob_setting(text: str) -> tuple[str, Any]:
    """`NAME=VALUE` with VALUE read as JSON when it is JSON (2000, 0.5, true,
    "x"), else as text."""
    name, sep, raw = text.partition("=")
    if not sep or not name.strip():
        raise KnobError(f"{text!r}: write NAME=VALUE, e.g. chunk_size=2000")
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        value = raw
    return name.strip(), value


def with_knobs(plan: Plan, values: Mapping[str, Any]) -> Plan:
    knobs = dict(plan.knobs)
    for name, value in values.items():
        knob = knobs.get(name)
        if knob is None:
            hint = did_you_mean(name, sorted(knobs))
            known = ", ".join(sorted(knobs)) or "none"
            raise KnobError(
                f"protocol {plan.protocol} has no knob {name!r}"
                + (f" ({hint})" if hint else "")
                + f"; its knobs: {known}"
            )
        knobs[name] = knob.model_copy(update={"value": _checked(name, knob, value)})
    return plan.model_copy(update={"knobs": knobs})


def _checked(name: str, knob: Knob, value: Any) -> Any:
    space = knob.space
    if isinstance(space, ChoiceSpace):
        for allowed in space.values:
            if value == allowed and type(value) is type(allowed):
                return allowed
            if isinstance(allowed, float) and isinstance(value, int) and value == allowed:
                return allowed
        shown = ", ".join(json.dumps(v) for v in space.values)
        raise KnobError(f"knob {name} = {json.dumps(value)} is not one of its values: {shown}")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise KnobError(f"knob {name} takes a number in {_range(space)}, not {json.dumps(value)}")
    if space.kind == "int_range" and not float(value).is_integer():
        raise KnobError(f"knob {name} takes a whole number in {_range(space)}, not {value}")
    if not space.low <= value <= space.high:
        raise KnobError(f"knob {name} = {value} is outside its range {_range(space)}")
    return int(value) if space.kind == "int_range" else float(value)


def _range(space: Any) -> str:
    low, high = space.low, space.high
    if space.kind == "int_range":
        return f"{int(low)}..{int(high)}"
    return f"{low:g}..{high:g}"
