"""The layers, enforced: the language front end (grammar, parse, check, lower) never
imports the runtime; the runtime takes from the compiler only the plan contract
(the plan types and how a plan is read, its privacy and template rules, the token
rule of thumb); the optimizer, the batch runner, the model binding, the prompt
preview and the CLI sit above both. Read from the sources' import statements, so a
violation is named with its module and the import that breaks the rule."""

from __future__ import annotations

import ast
from pathlib import Path

from repo_paths import ROOT

PACKAGES = {"compiler": "minionc.compiler", "runtime": "minionc.runtime", "minionc": "minionc"}

# What the runtime may import from the compiler: the plan and its rules.
PLAN_CONTRACT = {
    "minionc.compiler",  # `from minionc.compiler import plan as p`
    "minionc.compiler.plan",
    "minionc.compiler.plan_io",
    "minionc.compiler.flows",
    "minionc.compiler.template_rules",
    "minionc.compiler.tokens",
}
ABOVE = (
    "minionc.cli",
    "minionc.batch",
    "minionc.binding",
    "minionc.serve",
    "minionc.evaluation",
    "minionc.tracing",
    "minionc.ray_batch",
    "minionc.lsp",
    "minionc.preview",
    "minionc.compiler.optimize",
)


def module_name(path: Path) -> str:
    relative = path.relative_to(ROOT).with_suffix("")
    parts = [PACKAGES[relative.parts[0]], *relative.parts[1:]]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path, name: str | None = None) -> set[str]:
    """The minionc modules `path` (module `name`) imports, relative ones resolved."""
    name = name or module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if target == "minionc.compiler" or target.endswith(".compiler"):
                # `from minionc.compiler import plan`: the names are modules
                found |= {f"{target}.{alias.name}" for alias in node.names}
            if target.startswith("minionc"):
                found.add(target)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("minionc")}
    return found


def sources(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def test_the_front_end_does_not_import_the_runtime_or_what_sits_above_it() -> None:
    broken = []
    for path in sources("compiler"):
        name = module_name(path)
        if name.startswith("minionc.compiler.optimize"):
            continue  # the optimizer sits above both
        for target in imports(path):
            if target.startswith("minionc.runtime") or target.startswith(ABOVE):
                broken.append(f"{name} imports {target}")
    assert broken == []


def test_the_runtime_takes_only_the_plan_contract_from_the_compiler() -> None:
    broken = []
    for path in sources("runtime"):
        name = module_name(path)
        for target in imports(path):
            from_compiler = target.startswith("minionc.compiler")
            if (from_compiler and target not in PLAN_CONTRACT) or target.startswith(ABOVE):
                broken.append(f"{name} imports {target}")
    assert broken == []


def test_the_rule_sees_relative_and_absolute_imports(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        "from ..compiler.estimate import estimate_plan\n"
        "from minionc.compiler import plan as p\n"
        "import minionc.cli\n",
        encoding="utf-8",
    )
    found = imports(probe, "minionc.runtime.probe")
    assert {"minionc.compiler.estimate", "minionc.compiler.plan", "minionc.cli"} <= found
    assert "minionc.compiler.estimate" not in PLAN_CONTRACT


# A module this long holds more than one concern unless it says why it does not.
LONG_MODULE_LINES = 520


def test_every_long_product_module_says_why_at_its_top() -> None:
    unexplained = []
    for folder in PACKAGES:
        for path in sources(folder):
            text = path.read_text(encoding="utf-8")
            lines = text.count("\n")
            docstring = ast.get_docstring(ast.parse(text)) or ""
            if lines > LONG_MODULE_LINES and "Over 500 lines on purpose:" not in docstring:
                unexplained.append(f"{path.relative_to(ROOT)} ({lines} lines)")
    assert not unexplained, (
        "split these modules by concern, or say at the top why they are one "
        f"('Over 500 lines on purpose: ...'): {unexplained}"
    )
