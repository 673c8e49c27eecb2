"""Import-time budget, checked without timing: the lookup path must not
import the heavy libraries (rich, sqlite-utils, numpy) nor Typer, nor the
standard modules it was freed of (each cost a lookup milliseconds)."""

import os
import subprocess
import sys

import pytest

# typing (with contextlib and warnings): models are record.Records and the
# annotations' types are imported for type checkers only; dataclasses and
# inspect: cards are plain classes; calendar and locale: dates name the
# months; rapidfuzz: search aligns words itself.
FREED = {
    "typing", "contextlib", "warnings", "dataclasses", "inspect", "calendar", "locale", "rapidfuzz",
}  # fmt: skip


# search folds the stored non-ASCII names it ranks with anyascii, whose
# importlib.resources imports these (search.py's ranking, not the fast path).
NOT_FREED = {"search": {"typing", "contextlib", "warnings"}}


def imported_modules(*args: str, db, env=None) -> set[str]:
    # As the console script starts (`python -m` would import runpy's own).
    start = "from casefile_cli.entry import main; main()"
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", start, "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
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
        ["figure", "yezhov", "--plain"],
        ["figure", "yezhov"],
        ["figure", "Yezkov", "--json"],  # a misspelling: the edit distance
        ["show", "kirov"],
        ["who-killed", "trotsky", "--plain"],
        ["org", "nkvd", "--json"],
        ["org", "nkvd"],
        ["show", "the man with the ice axe", "--json"],
        ["on", "1937-09-04", "--json"],
        ["on", "1937", "--plain"],
        ["contradictions", "--json"],
        ["contradictions", "--plain"],
        ["list", "figures", "--plain"],
        ["list", "operations", "--json", "--sort", "name", "--limit", "3"],
        ["list", "events", "--format", "csv"],
        ["timeline", "--from", "1937", "--to", "1937", "--plain"],
        ["timeline", "--json"],
        ["search", "axe", "--plain"],
        ["search", "ice axe", "--json", "--limit", "5"],
        ["kills", "sudoplatov", "--plain"],
        ["kills", "sudoplatov", "--json", "--all", "--limit", "2"],
        ["cascade", "--plain"],
        ["cascade", "--format", "jsonl"],
        ["graph", "yezhov", "--json"],
        ["graph", "yezhov", "--format", "dot", "--depth", "2"],
        ["chain", "trotsky", "stalin", "--plain"],
        ["chain", "trotsky", "stalin", "--json"],
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
    assert modules & FREED - NOT_FREED.get(args[0], set()) == set()
    # The check saw the command happen.
    ran = {
        "on": "casefile_cli.chronology",
        "timeline": "casefile_cli.chronology",
        "contradictions": "casefile_cli.render.results",
        "list": "casefile_cli.store.lists",
        "cascade": "casefile_cli.network",
        "graph": "casefile_cli.network",
        "chain": "casefile_cli.network",
    }
    assert ran.get(args[0], "casefile_cli.lookup") in modules


def test_cards_import_rich_only_when_drawn(real_db):
    # Piped output is plain text: no rich either.
    modules = imported_modules("show", "kirov", db=real_db)
    assert not {m for m in modules if m.startswith("rich")}


def test_completion_imports_nothing_it_does_not_need(real_db):
    # The shell's words: casefile --db PATH figure ye; the fifth is completed.
    env = {**os.environ, "_CASEFILE_COMPLETE": "bash", "COMP_CWORD": "4"}
    modules = imported_modules("figure", "ye", db=real_db, env=env)
    assert "casefile_cli.store.completing" in modules
    # Neither the lookups' read queries nor JSON: one seek of the name index.
    unneeded = {"casefile_cli.store.reader", "casefile_cli.lookup", "json", "typer", "rich"}
    assert modules & (FREED | unneeded) == set()
