"""The shape of the code: modules small, functions short, so that a newcomer can read any
of them in one sitting (the layering itself is import-linter's, in CI)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "sitegen"
MODULE_LINES = 400
FUNCTION_LINES = 60


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_a_module_is_at_most_400_lines_and_a_function_at_most_60(path):
    text = path.read_text("utf-8")
    assert text.count("\n") <= MODULE_LINES
    long = [f"{node.name} ({node.end_lineno - node.lineno + 1} lines, line {node.lineno})"
            for node in ast.walk(ast.parse(text))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and node.end_lineno - node.lineno + 1 > FUNCTION_LINES]
    assert long == []


def test_the_layers_are_kept():
    """import-linter's contracts (pyproject.toml): no stage imports the engine, each stage
    imports only those before it, no cycle between the layers."""
    import shutil
    import subprocess
    import sys

    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    run = subprocess.run([command, "--no-cache"], cwd=PACKAGE.parent, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stdout[-3000:]
    assert run.stdout.count(" KEPT") == 4 and "BROKEN" not in run.stdout
