"""A job: one model call of a step, rendered and placed on a backend; and the
failure of one that cannot be made."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from minionc.compiler import plan as p

from .backend import Backend, CompletionRequest
from .results import Failure


@dataclass(frozen=True)
class Job:
    """One model call of a step: a rendered request on a backend."""

    step: str
    tier: str
    backend: Backend
    prompt: p.Prompt
    args: dict[str, Any]
    request: CompletionRequest | None  # None: the call cannot be made (`skipped`)
    raw_completion: bool
    output: dict[str, Any]
    # Why no call is made: an argument lost to an earlier failure, or a template
    # these arguments break. The job ends as this failure and the run goes on.
    skipped: Failure | None = None
    prompt_name: str = ""  # the program's name for the prompt (traces show it)


def prompt_text(request: CompletionRequest | None) -> str:
    """The request as one text: what the trace shows, what budgets count, and
    what the shared-prefix schedule sorts by."""
    if request is None:
        return ""
    if request.prompt is not None:
        return request.prompt
    return "\n\n".join(f"[{m.role}] {m.content}" for m in request.messages or ())


def preview(value: Any, limit: int = 200) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def skip_failure(step: str, prompt: str, args: Mapping[str, Any], error: Exception) -> Failure:
    """The failure of a call whose prompt cannot be rendered. Most often an
    argument is None because the step that made it failed (a decomposition the
    model did not answer): that step's failure is the cause, this one says so."""
    inputs = {k: preview(v) for k, v in args.items()}
    lost = [name for name, value in args.items() if value is None]
    if lost:
        names = ", ".join(repr(n) for n in lost)
        return Failure(
            step=step,
            reason="missing_input",
            detail=f"{prompt}: no value for {names} (an earlier step failed); call not made",
            inputs=inputs,
        )
    return Failure(step=step, reason="render_failed", detail=str(error), inputs=inputs)
