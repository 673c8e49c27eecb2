"""The code's own limits: no module over 600 lines, no function over 60."""

import ast

import pytest

from .support import ROOT

# All of src/ (the package, whatever its layout), and the scripts and
# benchmark that ship beside it.
CHECKED = ("src", "scripts", "bench")
MODULES = sorted(p for folder in CHECKED for p in (ROOT / folder).rglob("*.py"))


def test_the_check_reads_the_package():
    assert ROOT / "src" / "casefile_cli" / "cli.py" in MODULES
    assert any(p.parent.name == "store" for p in MODULES)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_modules_and_functions_stay_small(path):
    text = path.read_text(encoding="utf-8")
    assert text.count("\n") <= 600
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > 60
    ]
    assert long == []
