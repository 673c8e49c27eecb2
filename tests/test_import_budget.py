"""Import-time budget, checked without timing: the lookup path must not
import the heavy libraries (rich, sqlite-utils, numpy) nor Typer."""

import subprocess
import sys

import pytest


def imported_modules(*args: str, db) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "casefile_cli", "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    names = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip())
    return names


@pytest.mark.parametrize(
    "args",
    [
        ["who-killed", "trotsky", "--json"],
        ["show", "kirov", "--json"],
        ["figure", "ezhov", "--plain"],
        ["figure", "Iejov", "--json"],
        ["show", "the man with the ice axe", "--json"],
        ["on", "1937-09-04", "--json"],
        ["on", "1937", "--plain"],
        ["contradictions", "--json"],
        ["contradictions", "--plain"],
    ],
)
def test_json_lookups_import_nothing_heavy(real_db, args):
    modules = imported_modules(*args, db=real_db)
    heavy = {
        m
        for m in modules
        if m.split(".")[0]
        in ("rich", "sqlite_utils", "numpy", "typer", "yaml", "click", "pydantic", "iuliia")
    }
    assert heavy == set()
    # The check saw the command happen.
    ran = {"on": "casefile_cli.chronology", "contradictions": "casefile_cli.render.results"}
    assert ran.get(args[0], "casefile_cli.lookup") in modules


def test_cards_import_rich_only_when_drawn(real_db):
    # Piped output is plain text: no rich either.
    modules = imported_modules("show", "kirov", db=real_db)
    assert not {m for m in modules if m.startswith("rich")}
