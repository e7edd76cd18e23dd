"""The one way minionc gets matplotlib: optional, headless."""

from __future__ import annotations

from typing import Any


def headless_pyplot() -> Any | None:
    """matplotlib's pyplot on the file-only Agg backend, or None when matplotlib is
    not installed (plots are optional: every figure is also in a table)."""
    try:
        import matplotlib

        matplotlib.use("Agg")  # no display: write files only
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    return plt
