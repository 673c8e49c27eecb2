"""Rendered cards at a fixed width with colour off, compared with reviewed
snapshots in tests/snapshots/. After an intended change, regenerate with
CASEFILE_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_snapshots.py and
review the diff like code."""

import os

import pytest

from .support import ROOT, run_cli

SNAPSHOTS = ROOT / "tests" / "snapshots"
CASES = {
    "show-kirov": ["show", "kirov"],
    "figure-yezhov": ["figure", "ezhov"],
    "who-killed-slutsky": ["who-killed", "slutsky"],
    "org-ogpu": ["org", "ogpu"],
    "on-1937-09": ["on", "1937-09"],
    "chain-stalin-mercader": ["chain", "stalin", "mercader"],
}


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("terminal", [True, False], ids=["card", "text"])
def test_rendering_matches_snapshot(real_db, name, terminal):
    result = run_cli("--db", str(real_db), *CASES[name], terminal=terminal, width=60)
    assert result.exit_code == 0, result.stderr
    path = SNAPSHOTS / f"{name}.{'card' if terminal else 'text'}.txt"
    if os.environ.get("CASEFILE_UPDATE_SNAPSHOTS"):
        path.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == path.read_text(encoding="utf-8")
