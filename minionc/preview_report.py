"""The text and the JSON of `minionc explain --render` (minionc/preview.py): one
block per model call, the same content both ways."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from minionc.compiler import plan as p
from minionc.compiler.explain import call_text, number_text, usd_text

from .preview import CallPreview

__all__ = ["preview_json", "preview_text"]


def _usd_line(preview: CallPreview) -> str:
    price = preview.price
    if price is None:
        return "unpriced (not in LiteLLM's price table)"
    if price.prompt == 0 and price.completion == 0:
        return f"$0 ({price.note})"
    costs = preview.usd()
    assert costs is not None
    prompt, completion = costs
    return (
        f"{usd_text(prompt + completion)} at most ({usd_text(prompt)} for the prompt, "
        f"up to {usd_text(completion)} for the completion; {price.note})"
    )


def _tokens_line(preview: CallPreview) -> str:
    assert preview.view is not None
    holes = len(preview.placeholders)
    only = (
        f" for the template's part only (the placeholder{' is' if holes == 1 else 's are'} "
        "not counted)"
        if preview.template_only
        else ""
    )
    return (
        f"{number_text(preview.tokens or 0)} prompt tokens (tokenizer: {preview.view.tokenizer})"
        f"{only}, max {preview.max_tokens} completion tokens, {_usd_line(preview)}"
    )


def _text_lines(text: str, spans: list[tuple[int, int]], indent: str) -> Iterator[str]:
    """`text`, one line per line, `*` in the margin of a line holding shared data."""
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        shared = any(s <= end and e > start for s, e in spans)
        yield f"{indent}{'*' if shared else ' '} | {line}"
        start = end + 1


def preview_text(previews: list[CallPreview], inputs: Mapping[str, Any], plan: p.Plan) -> str:
    """The previews for a person: one block per call."""
    given = [i.name for i in plan.inputs if i.name in inputs]
    missing = [i.name for i in plan.inputs if i.name not in inputs]
    out = ["prompts, as each model would receive them (nothing is run)"]
    said = f"inputs given: {', '.join(given) or 'none'}"
    if missing:
        said += f"; not given: {', '.join(missing)} (shown as <<NAME>> placeholders)"
    out.append(f"  {said}")
    if any(pv.spans or pv.shared for pv in previews):
        out.append("  a line marked * holds private data the program shares with a remote model")
    if not previews:
        out.append("  (no model calls)")
    for preview in previews:
        step = preview.step
        bind = f"{step.binds} = " if step.binds else ""
        out.append("")
        head = f"  {step.id} {bind}{call_text(preview.call, plan)} @{preview.call.placement.target}"
        out.append(f"{head}   (line {step.line}{', ' + preview.which if preview.which else ''})")
        settings = preview.choice.settings
        whose = f"{preview.role}'s model" if preview.role else f"the {preview.tier} tier's model"
        fallback = f", falling back to {settings.fallback}" if settings.fallback else ""
        source = preview.choice.source
        out.append(f"    model    {settings.spec} ({whose}, from {source}){fallback}")
        served = preview.view.served if preview.view is not None else ""
        out.append(f"    runs     {preview.tier}: {served}")
        estimate = (
            f"; the estimate counts {number_text(preview.estimate_calls)} per run"
            if preview.estimate_calls is not None
            else ""
        )
        out.append(f"    calls    {preview.calls}{estimate}")
        for note in preview.notes:
            out.append(f"    note     {note}")
        if preview.error is not None:
            out.append(f"    cannot render it: {preview.error}")
            continue
        sent = preview.sent
        assert sent is not None
        if sent.prompt is not None:
            out.append("    sent as  a text completion (few-shot), this prompt:")
            out.extend(_text_lines(sent.prompt, preview.spans.get("prompt", []), "    "))
        else:
            out.append(f"    sent as  a chat of {len(sent.messages or ())} messages:")
            for i, (role, content) in enumerate(sent.messages or ()):
                out.append(f"      [{role}]")
                out.extend(_text_lines(content, preview.spans.get(f"messages[{i}]", []), "    "))
        if sent.response_format is not None:
            out.append(
                f"    response_format  {json.dumps(sent.response_format, ensure_ascii=False)}"
            )
        if sent.stop:
            out.append(f"    stop     {json.dumps(list(sent.stop), ensure_ascii=False)}")
        for label, why in preview.placeholders.items():
            out.append(f"    placeholder {label}: {why}")
        for shared in preview.shared:
            out.append(f"    shares   {shared} with a remote model")
        for flow in preview.implicit:
            out.append(f"    shares   {flow}")
        out.append(f"    {_tokens_line(preview)}")
    return "\n".join(out) + "\n"


def preview_json(
    previews: list[CallPreview], inputs: Mapping[str, Any], plan: p.Plan
) -> dict[str, Any]:
    """The same content as `preview_text`, as data."""
    calls = []
    for preview in previews:
        sent = preview.sent
        price = preview.price
        costs = preview.usd()
        calls.append(
            {
                "step": preview.step.id,
                "binds": preview.step.binds,
                "line": preview.step.line,
                "prompt": preview.call.prompt,
                "call": call_text(preview.call, plan),
                "which": preview.which or None,
                "tier": preview.tier,
                "placement": preview.call.placement.target,
                "role": preview.role,
                "model": {
                    "spec": preview.choice.settings.spec,
                    "source": preview.choice.source,
                    "served": preview.view.served if preview.view is not None else None,
                },
                "calls": {
                    "count": preview.call_count,
                    "text": preview.calls,
                    "estimate": preview.estimate_calls,
                },
                "request": None
                if sent is None
                else {
                    "kind": "completion" if sent.prompt is not None else "chat",
                    "prompt": sent.prompt,
                    "messages": [{"role": r, "content": c} for r, c in sent.messages]
                    if sent.messages is not None
                    else None,
                    "model_text": sent.model_text,
                    "stop": list(sent.stop),
                    "response_format": sent.response_format,
                    "max_tokens": preview.max_tokens,
                    "temperature": preview.temperature,
                    "seed": preview.seed,
                    "body": sent.body,
                },
                "tokens": {
                    "prompt": preview.tokens,
                    "tokenizer": preview.view.tokenizer if preview.view is not None else None,
                    "template_only": preview.template_only,
                },
                "max_completion_tokens": preview.max_tokens,
                "usd": None
                if price is None or costs is None
                else {
                    "prompt": costs[0],
                    "completion_max": costs[1],
                    "total_max": costs[0] + costs[1],
                    "price": price.note,
                },
                "priced": price is not None,
                "placeholders": [{"text": k, "why": v} for k, v in preview.placeholders.items()],
                "shared": {
                    "arguments": list(preview.shared),
                    "spans": {k: [list(s) for s in v] for k, v in preview.spans.items()},
                    "implicit": list(preview.implicit),
                },
                "notes": list(preview.notes),
                "error": preview.error,
            }
        )
    return {
        "inputs": {
            "given": [i.name for i in plan.inputs if i.name in inputs],
            "missing": [i.name for i in plan.inputs if i.name not in inputs],
        },
        "calls": calls,
    }
