"""A job: one model call of a step, rendered and placed on a backend; and the
failure of one that cannot be made."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from minionc.compiler import plan as p

from .backend import Backend, CompletionRequest
from .output import render_call
from .results import Failure

# A call's completion may take this many tokens unless its max_tokens option says.
DEFAULT_MAX_TOKENS = 256


def call_request(
    prompt: p.Prompt,
    args: dict[str, Any],
    options: Mapping[str, Any],
    *,
    types: dict[str, dict],
    raw_completion: bool,
    seed: int,
    sample: int = 0,
) -> CompletionRequest:
    """The request of one call of `prompt` (sample `sample` of it), with its
    evaluated arguments and options, for a backend that takes raw completions or
    chats: what a run sends, and what `minionc explain --render` shows. Samples
    after the first are drawn at a temperature of at least 0.7 (at 0 they would
    all be the same answer). Raises `PromptRenderError`."""
    temperature = float(options.get("temperature", 0.0))
    return render_call(
        prompt,
        args,
        types=types,
        raw_completion=raw_completion,
        max_tokens=int(options.get("max_tokens", DEFAULT_MAX_TOKENS)),
        temperature=temperature if sample == 0 or temperature > 0 else 0.7,
        seed=seed + sample,
    )


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
