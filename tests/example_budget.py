"""How many examples the property tests draw.

The test command (scripts/test.sh) sets MINIONC_FULL_PROPERTIES=1 and draws each
property test's full count; a run by hand draws a fifth of it (at least 25), so
the quick loop stays quick while every property still runs. Draws are
derandomized where a test asks for it, so a failure found once is found again.
"""

from __future__ import annotations

import os

FULL = os.environ.get("MINIONC_FULL_PROPERTIES") == "1"


def examples(full: int) -> int:
    return full if FULL else max(25, full // 5)
