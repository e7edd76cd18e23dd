"""The VS Code extension's TextMate grammar (editors/vscode): its assertion file
passes under vscode-tmgrammar-test (the real vscode-textmate engine with
Oniguruma, from the npm registry, pinned in the extension's package-lock.json),
and it knows the same keywords, types, tiers and built-ins as the Pygments lexer."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from repo_paths import ROOT

from minionc import highlight

EXTENSION = ROOT / "editors" / "vscode"
GRAMMAR = EXTENSION / "syntaxes" / "minion.tmLanguage.json"


def alternatives(pattern: str) -> set[str]:
    """The words of a `\\b(a|b|c)\\b` pattern."""
    found = re.search(r"\(([a-z_|]+)\)", pattern)
    assert found, pattern
    return set(found.group(1).split("|"))


def test_the_grammar_and_the_lexer_know_the_same_words() -> None:
    repository = json.loads(GRAMMAR.read_text(encoding="utf-8"))["repository"]
    assert alternatives(repository["keyword"]["match"]) == set(highlight.KEYWORDS)
    assert alternatives(repository["type"]["match"]) == set(highlight.TYPES)
    assert alternatives(repository["constant"]["match"]) == set(highlight.CONSTANTS)
    assert alternatives(repository["tier"]["match"]) == set(highlight.TIERS)
    assert alternatives(repository["builtin"]["match"]) == set(highlight.BUILTINS)


def test_the_builtins_are_the_languages_own() -> None:
    from minionc.compiler.builtins import BUILTINS

    assert set(highlight.BUILTINS) == set(BUILTINS)


def npm_ci() -> None:
    """The extension's pinned dev tools (package-lock.json), once per checkout."""
    modules = EXTENSION / "node_modules"
    if not all(
        (modules / name).exists() for name in (".bin/vsce", "vscode-languageclient/node.js")
    ):
        installed = subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund"],
            cwd=EXTENSION,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert installed.returncode == 0, installed.stdout + installed.stderr


needs_npm = pytest.mark.skipif(shutil.which("npm") is None, reason="npm is not installed")


@pytest.mark.slow  # installs the extension's dev tools from the npm registry once
@needs_npm
def test_the_grammar_passes_its_assertions_and_snapshots_in_the_textmate_engine() -> None:
    npm_ci()
    done = subprocess.run(
        ["npm", "test", "--silent"], cwd=EXTENSION, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "program.minion.test run successfuly" in done.stdout
    # Snapshots of sample programs (tests/snap/*.snap; `npm run snapshot` rewrites them
    # after a deliberate change to the grammar).
    assert "minions.minion run successfully" in done.stdout


@pytest.mark.slow
@needs_npm
def test_the_extension_packages_as_a_vsix_with_its_grammar_and_language_client(
    tmp_path: Path,
) -> None:
    npm_ci()
    target = tmp_path / "minion.vsix"
    done = subprocess.run(
        ["npx", "vsce", "package", "--allow-missing-repository", "--out", str(target)],
        cwd=EXTENSION,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    with zipfile.ZipFile(target) as package:
        names = set(package.namelist())
        manifest = json.loads(package.read("extension/package.json"))
    assert {
        "extension/syntaxes/minion.tmLanguage.json",
        "extension/language-configuration.json",
    } <= names
    assert manifest["contributes"]["languages"][0]["extensions"] == [".minion"]
    assert not any(name.startswith("extension/tests/") for name in names)
    # The client that starts `minionc lsp`, with its runtime dependency and not the
    # packaging tools.
    assert manifest["main"] == "./extension.js" and "extension/extension.js" in names
    assert manifest["activationEvents"] == ["onLanguage:minion"]
    setting = manifest["contributes"]["configuration"]["properties"]["minion.server.command"]
    assert setting["default"] == ["minionc", "lsp"]
    assert "extension/node_modules/vscode-languageclient/node.js" in names
    assert not any("/node_modules/@vscode/vsce/" in name for name in names)
