"""Adding a kind: the type checker names every place that must handle it.

Copies of the plan types and of the AST each gain a step kind and an
expression kind; mypy (scripts/typecheck.py, as in the test command) must
then fail at exactly the dispatches listed here, the ones docs/architecture.md
tells a contributor to touch. A dispatch that silently skips an unknown kind
(an `if isinstance` chain with a quiet default) would be missing from mypy's
report and fail this test.
"""

from __future__ import annotations

import ast as python_ast
import re
import subprocess
import sys
from pathlib import Path

import pytest
from repo_paths import ROOT

FOLDERS = {"compiler", "runtime", "grammar", "programs"}  # the rest is under minionc/

PLAN_STEP_KIND = {
    "compiler/plan.py:step_calls",
    "compiler/plan.py:step_exprs",
    "compiler/plan.py:map_step_exprs",
    "compiler/flows.py:_Analysis.step",
    "compiler/estimate.py:_Estimator.step",
    "compiler/explain.py:step_json",
    "compiler/explain.py:step_summary",
    "compiler/explain.py:_step_lines",
    "runtime/executor.py:_Run.step",
    "minionc/preview.py:_Preview.step",
}
PLAN_EXPR_KIND = {
    "compiler/plan.py:expr_children",
    "compiler/plan.py:map_expr",
    "compiler/flows.py:_Analysis.taint_of",
    "compiler/estimate_sizes.py:ValueSizer.size",
    "compiler/explain.py:_expr",
    "runtime/evaluate.py:Evaluator.eval",
}
AST_EXPR_KIND = {
    "compiler/checks/expr_types.py:ExprTyper._type_expr",
    "compiler/lower.py:_Lowering.translate_expr",
    "minionc/lsp/index.py:_Indexer.expr",
}
AST_STEP_KIND = {
    "compiler/checks/names_and_types.py:ProtocolTyper._type_step",
    "compiler/lower.py:_Lowering.step",
    "minionc/lsp/index.py:_Indexer.step",
    "minionc/lsp/index.py:step_form",
}


def _with_fake_kinds(plan_source: str, ast_source: str) -> tuple[str, str]:
    plan_source = plan_source.replace(
        "\n\nExpr = Annotated[",
        '\n\nclass FakeExpr(_Model):\n    kind: Literal["fake"] = "fake"\n\n\nExpr = Annotated[',
    ).replace("    | ShareExpr,\n", "    | ShareExpr\n    | FakeExpr,\n")
    plan_source = plan_source.replace(
        "\n\nStep = Annotated[",
        '\n\nclass FakeStep(_StepBase):\n    kind: Literal["fake"] = "fake"\n\n\nStep = Annotated[',
    ).replace("    | ReturnStep,\n", "    | ReturnStep\n    | FakeStep,\n")
    ast_source = ast_source.replace(
        "\nStep = Placed | FanOut | Keep | Cascade | Route\n",
        "\n@dataclass(frozen=True)\nclass FakeStep:\n    span: Span\n\n\n"
        "Step = Placed | FanOut | Keep | Cascade | Route | FakeStep\n",
    )
    ast_source = ast_source.replace(
        "\nExpr = (\n",
        "\n@dataclass(frozen=True)\nclass FakeExpr:\n    span: Span\n\n\nExpr = (\n",
    ).replace("    | Share\n)", "    | Share\n    | FakeExpr\n)")
    assert plan_source.count("Fake") == 4 and ast_source.count("Fake") == 4, "markers moved"
    return plan_source, ast_source


def _enclosing(path: Path, line: int) -> str:
    """`Class.function` around a line of a file."""
    best: list[str] = []

    def visit(node: python_ast.AST, names: list[str]) -> None:
        nonlocal best
        for child in python_ast.iter_child_nodes(node):
            if isinstance(child, python_ast.FunctionDef | python_ast.AsyncFunctionDef):
                inner = [*names, child.name]
                if child.lineno <= line <= (child.end_lineno or child.lineno):
                    best = inner
                visit(child, inner)
            elif isinstance(child, python_ast.ClassDef):
                visit(child, [*names, child.name])

    visit(python_ast.parse(path.read_text(encoding="utf-8")), [])
    return ".".join(best)


@pytest.mark.slow  # mypy over a copy of the package: about 15 s
def test_mypy_names_every_dispatch_a_new_kind_must_handle(tmp_path: Path) -> None:
    plan, ast = _with_fake_kinds(
        (ROOT / "compiler/plan.py").read_text(encoding="utf-8"),
        (ROOT / "compiler/ast.py").read_text(encoding="utf-8"),
    )
    (tmp_path / "plan.py").write_text(plan, encoding="utf-8")
    (tmp_path / "ast.py").write_text(ast, encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts/typecheck.py"),
            "--tree",
            str(tmp_path / "tree"),
            "--with",
            f"compiler/plan.py={tmp_path / 'plan.py'}",
            "--with",
            f"compiler/ast.py={tmp_path / 'ast.py'}",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    copies = {"compiler/plan.py": tmp_path / "plan.py", "compiler/ast.py": tmp_path / "ast.py"}
    places: dict[str, set[str]] = {"FakeStep": set(), "FakeExpr": set()}
    other = []
    for line in result.stdout.splitlines():
        found = re.match(
            r"minionc/(.+?):(\d+): error: Argument 1 to \"assert_never\" has incompatible "
            r"type \"(Fake\w+)\"",
            line,
        )
        if found is None:
            if ": error:" in line:
                other.append(line)
            continue
        rel, number, kind = found.group(1), int(found.group(2)), found.group(3)
        repo_path = rel if rel.split("/")[0] in FOLDERS else f"minionc/{rel}"
        function = _enclosing(copies.get(repo_path, ROOT / repo_path), number)
        places[kind].add(f"{repo_path}:{function}")
    assert other == [], "\n".join(other)
    assert places["FakeExpr"] == PLAN_EXPR_KIND | AST_EXPR_KIND
    assert places["FakeStep"] == PLAN_STEP_KIND | AST_STEP_KIND
