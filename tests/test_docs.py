"""The language reference's complete example compiles, so the docs cannot rot."""

from __future__ import annotations

import re

from minionc.compiler.pipeline import compile_source
from repo_paths import ROOT


def test_language_reference_example_compiles() -> None:
    text = (ROOT / "docs" / "language.md").read_text(encoding="utf-8")
    first_block = re.search(r"```minion\n(.*?)```", text, re.DOTALL)
    assert first_block is not None
    result = compile_source(first_block.group(1), "docs/language.md")
    assert [d.code for d in result.diagnostics] == []
    assert result.plan is not None
    assert result.plan.private_flows[0].inputs == ["context"]
