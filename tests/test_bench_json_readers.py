"""bench/json_readers.py: the lenient JSON reader measured against json_repair on
the real outputs; the project keeps the one that parses more."""

from __future__ import annotations

import importlib.util
import sys

from repo_paths import ROOT


def test_the_kept_reader_parses_at_least_as_many_real_outputs(capsys) -> None:
    spec = importlib.util.spec_from_file_location(
        "json_readers", ROOT / "bench" / "json_readers.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["json_readers"] = module
    spec.loader.exec_module(module)
    assert module.main() == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| ")]
    ours = int(rows[1].split("|")[2].strip().split("/")[0])
    theirs = int(rows[2].split("|")[2].strip().split("/")[0])
    assert ours >= theirs
