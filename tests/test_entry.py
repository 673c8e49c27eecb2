"""The console script's fast path parses simple lookups without Typer and
must behave exactly as the Typer path does."""

import os
import subprocess
import sys

import pytest

from casefile_cli.entry import parse_lookup

from .support import ROOT, run_process


@pytest.mark.parametrize(
    "argv, command, query",
    [
        (["show", "kirov"], "show", "kirov"),
        (["--db", "x.db", "figure", "ezhov", "--json"], "figure", "ezhov"),
        (["who-killed", "-", "--format", "jsonl", "--first"], "who-killed", "-"),
        (["--no-color", "org", "--case=0121", "ogpu", "-f", "plain"], "org", "ogpu"),
        (["on", "1937-09-04", "--json"], "on", "1937-09-04"),
        (["--db", "x.db", "on", "--case", "0121", "-"], "on", "-"),
        (["contradictions", "--plain"], "contradictions", None),
        (["contradictions"], "contradictions", None),
        (["contradictions", "trotsky", "--first"], "contradictions", "trotsky"),
        (["list", "figures", "--plain"], "list", "figures"),
        (["list", "--sort", "name", "events", "--limit", "5"], "list", "events"),
        (["timeline", "--from", "1937", "--to", "1938"], "timeline", None),
        (["search", "ice axe", "--limit", "5"], "search", "ice axe"),
        (["cascade", "--json"], "cascade", None),
        (["graph", "yezhov", "--depth", "2", "--format", "dot"], "graph", "yezhov"),
        (["chain", "trotsky", "stalin", "--plain"], "chain", "trotsky"),
        (["kills", "sudoplatov", "--all", "--offset", "2"], "kills", "sudoplatov"),
    ],
)
def test_simple_lookups_take_the_fast_path(argv, command, query):
    parsed = parse_lookup(argv)
    assert parsed["command"] == command and parsed["query"] == query


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--help"],
        ["show"],
        ["show", "--help"],
        ["show", "a", "b"],
        ["show", "kirov", "--bogus"],
        ["show", "kirov", "--format", "yaml"],
        ["search"],
        ["search", "x", "--limit", "0"],
        ["list"],
        ["list", "people"],
        ["list", "figures", "events"],
        ["cascade", "x"],
        ["graph", "yezhov", "--depth", "5"],
        ["chain", "trotsky"],
        ["chain", "a", "b", "c"],
        ["kills", "sudoplatov", "--limit", "x"],
        ["--version"],
        ["show", "--", "-x"],
        ["--db"],
        ["show", "kirov", "--case"],
        ["--unknown", "show", "kirov"],
        ["on"],
        ["on", "1937", "1938"],
        ["on", "1937", "--first"],
        ["on", "--help"],
        ["contradictions", "x", "y"],
        ["contradictions", "--format", "yaml"],
        ["timeline", "--from"],
        ["timeline", "1937"],
    ],
)
def test_everything_else_goes_to_typer(argv):
    assert parse_lookup(argv) is None


def _typer(*args):
    code = "import sys; from casefile_cli.cli import main; sys.argv[0] = 'casefile'; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    "args",
    [
        ["show", "kirov", "--json"],
        ["figure", "yakov"],
        ["who-killed", "mercader", "--plain"],
        ["org", "zzzzqq"],
        ["kills", "blokhin", "--format", "csv"],
        ["show", ""],
        ["on", "1937-09-04", "--json"],
        ["on", "1937-09-04"],
        ["on", "1937", "--plain", "--case", "0121"],
        ["on", "1937-09", "--format", "csv"],
        ["on", "Septembr 1937"],
        ["on", ""],
        ["on", "1937", "--case", "9999"],
        ["contradictions"],
        ["contradictions", "--json"],
        ["contradictions", "--plain", "--case", "0121"],
        ["contradictions", "-f", "jsonl"],
        ["contradictions", "--case", "nope", "--format", "tsv"],
        ["contradictions", "trotsky"],
        ["contradictions", "trotsky", "--json", "--first"],
        ["contradictions", "zzzzqq"],
        ["on", "1937", "--no-pager"],
        ["contradictions", "--color", "never"],
        ["list", "figures", "--plain"],
        ["list", "operations", "--json", "--sort", "name"],
        ["list", "events", "--format", "csv", "--limit", "5", "--offset", "3"],
        ["list", "organisations"],
        ["list", "casefiles", "--json"],
        ["list", "figures", "--limit", "-1"],
        ["list", "figures", "--case", "9999"],
        ["timeline", "--from", "1937", "--to", "1937", "--plain"],
        ["timeline", "--figure", "yezhov", "--json"],
        ["timeline", "--from", "nonsense"],
        ["search", "ice axe", "--json", "--limit", "3"],
        ["search", "zzzzqq"],
        ["cascade"],
        ["cascade", "--json"],
        ["cascade", "--format", "tsv", "--case", "0121"],
        ["kills", "sudoplatov", "--all", "--json", "--limit", "2", "--offset", "1"],
        ["kills", "sudoplatov", "--offset", "-2"],
        ["graph", "yezhov", "--json"],
        ["graph", "yezhov", "--depth", "2", "--format", "dot"],
        ["graph", "yezhov", "--format", "mermaid"],
        ["graph", "yezhov", "--depth", "9"],
        ["graph", "nobody-at-all-zzz"],
        ["chain", "trotsky", "stalin", "--plain"],
        ["chain", "trotsky", "stalin", "--json"],
        ["chain", "trotsky"],
        ["timeline", "--limit", "2", "--offset", "1", "--json"],
        ["cascade", "--limit", "1", "--format", "csv"],
        ["contradictions", "--offset", "50", "--plain"],
        ["contradictions", "--limit", "-3"],
    ],
)
def test_fast_path_and_typer_agree(real_db, args):
    fast = run_process("--db", str(real_db), *args)
    full = _typer("--db", str(real_db), *args)
    assert (fast.returncode, fast.stdout, fast.stderr) == (
        full.returncode,
        full.stdout,
        full.stderr,
    )


def test_stored_help_is_current():
    from casefile_cli.cli import top_help

    stored = (ROOT / "src" / "casefile_cli" / "help.txt").read_text(encoding="utf-8")
    assert stored == top_help(), (
        'regenerate: python -c "from casefile_cli.cli import top_help; '
        "print(top_help(), end='')\" > src/casefile_cli/help.txt"
    )
    result = run_process("--help", env={"COLUMNS": "120"})
    assert result.returncode == 0 and result.stdout == stored


def test_completion_offers_names_and_codenames(real_db):
    from casefile_cli.completion import complete_names

    os.environ["CASEFILE_DB"] = str(real_db)
    try:
        assert "yezhov" in complete_names("ye", ("figure",))
        assert "letchik" in complete_names("let", ("figure",))
        assert "ogpu" in complete_names("og", ("organisation",))
    finally:
        del os.environ["CASEFILE_DB"]


def test_the_packaged_database_is_found_without_options():
    env = {k: v for k, v in os.environ.items() if k != "CASEFILE_DB"}
    result = subprocess.run(
        [sys.executable, "-m", "casefile_cli", "db", "path"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    # Each file in use as PATH<TAB>what it holds; with no imports, the package alone.
    path, holds = result.stdout.strip().split("\t")
    assert result.returncode == 0 and path.endswith("casefiles.db") and os.path.isfile(path)
    assert holds == "packaged, read-only: case files 0121"
    shown = subprocess.run(
        [sys.executable, "-m", "casefile_cli", "show", "kirov", "--plain"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        cwd="/",
    )
    assert shown.returncode == 0
    assert shown.stdout == "Assassination of Sergei Kirov\n"


def test_completion_offers_the_records_told_of_most_before_a_flood_of_names(db_copy):
    import sqlite3

    from casefile_cli.completion import complete_names

    connection = sqlite3.connect(db_copy)
    flood = [
        ("0121", "figure", f"flood-{i}", f"Yea{i:04d}", f"Yea{i:04d}", "name", f"yea{i:04d}")
        for i in range(600)
    ]
    connection.executemany(
        "INSERT INTO names (casefile, record_kind, record_id, label, form, form_kind, norm) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        flood,
    )
    connection.commit()
    connection.close()
    os.environ["CASEFILE_DB"] = str(db_copy)
    try:
        offered = complete_names("ye", ("figure",))
    finally:
        del os.environ["CASEFILE_DB"]
    assert len(offered) == 50
    assert "yezhov" in offered[:5]  # told of in seven sections
    assert "yevgeny miller" in offered  # a canonical name, two sections
    assert offered[-1].startswith("yea")  # the flood fills the rest in index order
