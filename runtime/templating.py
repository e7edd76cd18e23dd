"""The one place templates render: Jinja2's immutable sandbox, bounded.

Programs and plans may come from someone else, so a template is untrusted code in
a small language. It renders in `ImmutableSandboxedEnvironment` (no access to
internal attributes, no mutation of values passed in), with only the globals the
language documents (`range`, which the sandbox caps at 100,000 items), with
`*` and `**` checked before they build a huge string or number, and with the
output cut off at `MAX_RENDERED_CHARS`. Every failure is a `TemplateRenderError`
with a readable message; callers turn it into a typed failure of one call.
Values (documents, model outputs) are passed in as data and never rendered as
templates themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment, safe_range
from minionc.compiler.template_rules import TEMPLATE_GLOBALS

# The largest text one template may produce (a prompt holding a long document is
# far below it); beyond it the render stops instead of exhausting memory.
MAX_RENDERED_CHARS = 20_000_000
# `**` with a larger exponent, or a result with more bits, is refused.
_MAX_POWER_BITS = 4096


class TemplateRenderError(Exception):
    """A template could not be rendered with these values; the message says why."""


class _BoundedSandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            _check_repeat(left, right)
            _check_repeat(right, left)
        elif operator == "**":
            _check_power(left, right)
        return super().call_binop(context, operator, left, right)


def repetition_too_large(sequence: Any, times: Any) -> bool:
    """Whether `sequence * times` would build more than MAX_RENDERED_CHARS items."""
    return (
        isinstance(sequence, str | list | tuple)
        and isinstance(times, int)
        and len(sequence) * max(times, 0) > MAX_RENDERED_CHARS
    )


def _check_repeat(sequence: Any, times: Any) -> None:
    if repetition_too_large(sequence, times):
        raise SecurityError(f"a repetition of {len(sequence):,} items {times:,} times is too large")


def _check_power(base: Any, exponent: Any) -> None:
    number = isinstance(base, int) and isinstance(exponent, int) and not isinstance(base, bool)
    too_big = number and abs(base) > 1 and abs(base).bit_length() * exponent > _MAX_POWER_BITS
    if too_big:
        raise SecurityError(f"{base} ** {exponent} is too large a number")


def _environment(finalize: Callable[[Any], Any] | None) -> ImmutableSandboxedEnvironment:
    env = _BoundedSandbox(
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        finalize=finalize,
    )
    env.globals.clear()
    env.globals["range"] = safe_range
    assert set(env.globals) | {"loop"} == TEMPLATE_GLOBALS
    return env


@lru_cache(maxsize=2)
def _environment_for(finalize: Callable[[Any], Any] | None) -> ImmutableSandboxedEnvironment:
    return _environment(finalize)


@lru_cache(maxsize=256)
def _compiled(text: str, finalize: Callable[[Any], Any] | None) -> jinja2.Template:
    return _environment_for(finalize).from_string(text)


def render_sandboxed(
    text: str, values: Mapping[str, Any], *, finalize: Callable[[Any], Any] | None = None
) -> str:
    """`text` rendered with `values`. Raises `TemplateRenderError`, never anything
    else for a bad template or bad values."""
    try:
        template = _compiled(text, finalize)
        pieces: list[str] = []
        size = 0
        for piece in template.generate(dict(values)):
            size += len(piece)
            if size > MAX_RENDERED_CHARS:
                raise TemplateRenderError(
                    f"the rendered text would be longer than {MAX_RENDERED_CHARS:,} characters"
                )
            pieces.append(piece)
        return "".join(pieces)
    except TemplateRenderError:
        raise
    except SecurityError as error:
        raise TemplateRenderError(f"the template tried something not allowed: {error}") from None
    except jinja2.UndefinedError as error:
        raise TemplateRenderError(f"the template reads an undefined value: {error}") from None
    except jinja2.TemplateError as error:
        raise TemplateRenderError(f"template error: {error}") from None
    except RecursionError:
        raise TemplateRenderError("the template recurses too deeply") from None
    except MemoryError:
        raise TemplateRenderError("the template needs more memory than there is") from None
    except Exception as error:  # a filter or method failing on these values
        raise TemplateRenderError(
            f"the template failed on these values: {type(error).__name__}: {error}"
        ) from None
