"""Whatever the input, no traceback and nothing lost: bad queries, broken databases, signals."""

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casefile_cli.environment import Environment
from casefile_cli.render.cards import render_card
from casefile_cli.render.content import record_card
from casefile_cli.store.connect import open_database

from .support import EXAMPLE_SOURCES, run_cli, run_process

DOCUMENTED = {0, 1, 2, 3, 4, 5, 130}


def test_piping_into_head_is_quiet(real_db):
    command = f'"{sys.executable}" -m casefile_cli --db "{real_db}" list events | head -1'
    result = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=60)
    assert len(result.stdout.splitlines()) == 1
    assert result.stderr == ""


def test_ctrl_c_exits_130_without_traceback(real_db):
    process = subprocess.Popen(
        [sys.executable, "-m", "casefile_cli", "--db", str(real_db), "figure", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    process.stdin.write("ezhov\n")
    process.stdin.flush()
    assert process.stdout.readline().startswith("Nikolai Yezhov")
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "env", [{"LC_ALL": "C", "LANG": "C"}, {"PYTHONIOENCODING": "ascii", "LC_ALL": "C"}]
)
def test_non_utf8_locales_with_cyrillic_and_accents(real_db, env):
    for query in ("Ежов", "Vähä"):
        result = run_process("--db", str(real_db), "figure", query, env=env)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
    assert "Yezhov" in run_process("--db", str(real_db), "figure", "Ежов", env=env).stdout


def test_a_20_column_terminal(real_db):
    import io

    db = open_database(real_db)
    out = io.StringIO()
    render_card(
        record_card(db.operation("katyn-massacre")),
        Environment(stdout=out, stdout_isatty=True, color=False, width=20),
    )
    assert max(len(line) for line in out.getvalue().splitlines()) <= 20


@pytest.mark.parametrize(
    "query",
    [
        "",
        " ",
        "\x00",
        "x" * 1_000_000,
        "\x1b[31mred\x1b[0m",
        "[bold]kirov[/]",
        "[/]",
        ":skull: trotsky",
        "'; DROP TABLE figures; --",
        '" OR 1=1 --',
        "figures WHERE 1",
        "NEAR(a b)",
        "trotsky*",
        "^",
        "\u202etrotsky",
        "🙂",
        "\ud800" * 0 + "zz",
    ],
)
@pytest.mark.parametrize("command", ["show", "figure", "who-killed", "search", "kills", "org"])
def test_hostile_queries(real_db, db_copy, command, query):
    result = run_cli("--db", str(db_copy), command, query)
    assert result.exit_code in {0, 2, 3, 4}
    assert "Traceback" not in result.stderr
    if result.exit_code:
        assert result.stderr.startswith("casefile: ")
    assert db_copy.read_bytes() == real_db.read_bytes()


def test_markup_in_a_query_is_echoed_literally(real_db):
    result = run_cli("--db", str(real_db), "figure", "[bold]zzzq[/bold]")
    assert result.exit_code == 3
    assert "[bold]zzzq[/bold]" in result.stderr


def test_database_problems_are_one_line_and_exit_5(tmp_path, real_db):
    truncated = tmp_path / "truncated.db"
    truncated.write_bytes(real_db.read_bytes()[: 64 * 1024])
    corrupt = tmp_path / "corrupt.db"
    data = bytearray(real_db.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    corrupt.write_bytes(bytes(data))
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    directory = tmp_path / "adir"
    directory.mkdir()
    for path in (truncated, corrupt, empty, directory, tmp_path / "missing.db"):
        result = run_cli("--db", str(path), "show", "kirov")
        assert result.exit_code == 5, (path, result)
        assert result.stderr.startswith("casefile: ") and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) <= 2


def test_a_database_locked_by_a_writer(db_copy):
    writer = sqlite3.connect(db_copy, isolation_level=None)
    writer.execute("PRAGMA locking_mode = EXCLUSIVE")
    writer.execute("BEGIN EXCLUSIVE")
    writer.execute("UPDATE meta SET value = value")
    try:
        result = run_cli("--db", str(db_copy), "show", "kirov")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert result.exit_code == 5
    assert "locked" in result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only directories")
def test_import_into_a_read_only_directory(db_copy):
    os.chmod(db_copy.parent, 0o555)
    try:
        result = run_cli("--db", str(db_copy), "import", str(EXAMPLE_SOURCES / "9001"))
    finally:
        os.chmod(db_copy.parent, 0o755)
    assert result.exit_code == 5


def test_import_beside_a_path_that_cannot_be_written(tmp_path, real_db):
    target = tmp_path / "not-a-dir"
    target.write_text("x")
    result = run_cli("--db", str(target / "casefiles.db"), "import", str(EXAMPLE_SOURCES / "9001"))
    assert result.exit_code == 5
    assert "Traceback" not in result.stderr


def test_two_imports_at_once_and_a_lookup_meanwhile(db_copy, tmp_path):
    second = tmp_path / "second.yaml"
    second.write_text(
        'casefile: {number: "9004", title: Second}\n'
        "sections:\n  - {id: one, heading: One}\n"
        "figures:\n  - {id: second-person, name: Second Person, summary: x, sections: [one]}\n",
        encoding="utf-8",
    )
    env = {"CASEFILE_DB": str(db_copy)}
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "casefile_cli", "import", str(path)],
            env={**os.environ, **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in (EXAMPLE_SOURCES / "9001", second)
    ]
    lookups = []

    def look():
        while any(p.poll() is None for p in processes):
            lookups.append(run_process("figure", "ezhov", "--json", env=env))
            time.sleep(0.01)

    watcher = threading.Thread(target=look)
    watcher.start()
    results = [p.communicate(timeout=120) for p in processes]
    watcher.join()
    assert [p.returncode for p in processes] == [0, 0], results
    numbers = {row[0] for row in sqlite3.connect(db_copy).execute("SELECT number FROM casefiles")}
    assert numbers == {"0121", "9001", "9004"}
    assert all(r.returncode == 0 for r in lookups), [r.stderr for r in lookups if r.returncode]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    query=st.text(max_size=60),
    command=st.sampled_from(
        ["show", "figure", "who-killed", "search", "kills", "org", "on", "timeline --from"]
    ),
)
def test_any_unicode_query_gives_a_documented_exit_code(real_db, query, command):
    result = run_cli("--db", str(real_db), *command.split(), query)
    assert result.exit_code in DOCUMENTED
    assert result.exit_code != 1, result.stderr
    assert "Traceback" not in result.stderr
