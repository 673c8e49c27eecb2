"""The code's own limits: no module over 600 lines, no function over 60."""

import ast

import pytest

from .support import ROOT

PACKAGE = ROOT / "src" / "casefile_cli"
# Being split on another branch at the time of writing;
# empty this once storage.py and build.casefile_rows are split.
NOT_YET: set[str] = set()
MODULES = sorted(
    p for p in PACKAGE.rglob("*.py") if p.relative_to(PACKAGE).as_posix() not in NOT_YET
)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
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
