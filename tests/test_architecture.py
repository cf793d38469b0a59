"""The layering of docs/architecture.md, checked on the source: who may import whom, and module size.

Imports are read from the syntax tree of every module (those inside functions and under
TYPE_CHECKING included), so a dependency counts wherever it is written. Whether importing a rule
really leaves typer and the I/O layer unloaded is checked in a fresh interpreter per rule module.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "jncli"
MAX_LINES = 600

# What no rule module may import: the I/O layer, the command line, the steps above it.
NOT_FOR_RULES = ("jncli.tableio", "jncli.cli", "jncli.options", "jncli.steps", "typer")
NOT_FOR_TABLEIO = ("jncli.rules", "jncli.cli", "jncli.options", "jncli.steps", "typer")


def modules(folder: Path = PACKAGE) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported(path: Path, root: Path = ROOT) -> set[str]:
    """Every module name `path` imports; `from a import b` counts as both `a` and `a.b`."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from . import x, from ..values import y
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            found.add(source)
            found.update(f"{source}.{alias.name}" for alias in node.names)
    return found


def within(name: str, module: str) -> bool:
    return name == module or name.startswith(module + ".")


def offenders(paths: list[Path], forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    out = {}
    for path in paths:
        bad = sorted(n for n in imported(path) if any(within(n, f) for f in forbidden))
        if bad:
            out[str(path.relative_to(ROOT))] = bad
    return out


def test_the_import_reader_sees_every_form_of_import(tmp_path):
    # the checks below are only as good as this
    probe = tmp_path / "jncli" / "rules" / "counties" / "probe.py"
    probe.parent.mkdir(parents=True)
    probe.write_text(
        "from . import ranks\nfrom ...tableio import conform\nimport typer as t\ndef f():\n    from jncli import cli\n",
        "utf-8",
    )
    (probe.parent / "__init__.py").write_text("from .probe import f\n", "utf-8")
    assert module_name(probe, tmp_path) == "jncli.rules.counties.probe"
    assert imported(probe, tmp_path) >= {
        "jncli.rules.counties.ranks",
        "jncli.tableio",
        "jncli.tableio.conform",
        "typer",
        "jncli.cli",
    }
    assert "jncli.rules.counties.probe" in imported(probe.parent / "__init__.py", tmp_path)


def test_rules_import_neither_tableio_nor_the_cli_nor_the_steps_nor_typer():
    assert offenders(modules(PACKAGE / "rules"), NOT_FOR_RULES) == {}


def test_analysis_imports_neither_tableio_nor_the_cli_nor_the_steps_nor_typer():
    # decision support re-runs the rules on frames: it reads no file and knows no command line
    assert modules(PACKAGE / "analysis") and offenders(modules(PACKAGE / "analysis"), NOT_FOR_RULES) == {}


def test_tableio_imports_neither_rules_nor_the_cli_nor_the_steps_nor_typer():
    assert offenders(modules(PACKAGE / "tableio"), NOT_FOR_TABLEIO) == {}


def test_only_cli_options_and_commands_import_typer():
    users = sorted(module_name(p) for p in modules() if any(within(n, "typer") for n in imported(p)))
    allowed = ("jncli.cli", "jncli.options", "jncli.commands")
    assert users and all(any(within(u, a) for a in allowed) for u in users), users


def test_values_imports_nothing_from_jncli_but_errors():
    from_jncli = {n for n in imported(PACKAGE / "values.py") if within(n, "jncli") and n != "jncli"}
    assert {n for n in from_jncli if not within(n, "jncli.errors")} == set()


RULE_MODULES = [module_name(p) for p in modules(PACKAGE / "rules")]


@pytest.mark.parametrize("module", [*RULE_MODULES, "jncli.values"])
def test_importing_a_rule_module_loads_no_typer_io_cli_or_steps(module):
    code = (
        f"import importlib, sys\nimportlib.import_module({module!r})\nforbidden = {NOT_FOR_RULES!r}\n"
        "loaded = sorted(m for m in sys.modules if any(m == f or m.startswith(f + '.') for f in forbidden))\n"
        "assert not loaded, f'importing it loads {loaded}'"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120, stdin=subprocess.DEVNULL
    )
    assert proc.returncode == 0, proc.stderr


def test_there_are_rule_modules_to_check():
    assert {
        "jncli.rules",
        "jncli.rules.enterprises",
        "jncli.rules.shops",
        "jncli.rules.validity",
        "jncli.rules.whitelist",
    } <= set(RULE_MODULES)
    assert any(within(m, "jncli.rules.counties") for m in RULE_MODULES)


def test_no_module_is_over_600_lines():
    long = {str(p.relative_to(ROOT)): n for p in modules() if (n := len(p.read_text("utf-8").splitlines())) > MAX_LINES}
    assert long == {}, f"modules over {MAX_LINES} lines (split them on their seams): {long}"


def test_messages_import_nothing_from_jncli():
    """`jncli.messages` (the language and the message table) is the ground floor: errors.py uses it."""
    from_jncli = {n for p in modules(PACKAGE / "messages") for n in imported(p) if within(n, "jncli") and n != "jncli"}
    assert {n for n in from_jncli if not within(n, "jncli.messages")} == set()
