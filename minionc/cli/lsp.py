"""`minionc lsp`: the language server for `.minion` files, over stdio
(minionc/lsp/; docs/editors.md says how to point an editor at it)."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from .common import EXIT_OK, CliError

__all__ = ["add_parser", "cmd_lsp"]

# What the `lsp` extra installs (pygls and what it needs beyond the core).
_EXTRA = {"pygls", "lsprotocol", "cattrs", "attrs"}


def add_parser(commands: Any) -> None:
    lsp = commands.add_parser(
        "lsp",
        help="run the language server for editors (stdio)",
        description="Speak the Language Server Protocol on stdin and stdout for an editor: "
        "diagnostics as you type (every checker code, with its fix), hover (types, a "
        "prompt's signature, a step's placement and estimated tokens per call), go to "
        "definition, completion and document symbols for .minion files. The editor "
        "starts it; docs/editors.md shows how for VS Code, Neovim and Helix. Needs the "
        "`lsp` extra.",
    )
    # Editors' LSP clients often pass --stdio; stdio is the only transport.
    lsp.add_argument("--stdio", action="store_true", help="talk over stdio (the default)")


def cmd_lsp(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    try:
        from minionc.lsp.server import serve_stdio
    except ImportError as error:
        if (error.name or "").split(".")[0] not in _EXTRA:
            raise  # not the extra missing: a bug, reported as one
        raise CliError(
            f"minionc lsp needs pygls ({error}): install the `lsp` extra "
            "(`pip install 'minionc[lsp]'`; scripts/setup.sh installs it)"
        ) from None
    serve_stdio()
    return EXIT_OK
