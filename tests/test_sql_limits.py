"""`casefile sql` and `casefile search` stop runaway work: a deadline, row and
value limits, Ctrl-C; the read-only virtual tables work; one record cannot
make the full-text index slow (issue 13)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from casefile_cli.store.limits import INDEXED_CHARACTERS, INDEXED_REPEATS, QueryWatch
from casefile_cli.store.writer import indexed_text

from .support import run_cli

ENDLESS = "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM r) SELECT x FROM r"
CROSS_JOIN = "SELECT count(*) FROM figures a, figures b, figures c, aliases d, aliases e"
MEMORY = 400 * 2**20  # address space for a bounded run: Python and SQLite need ~150 MB


@pytest.fixture
def cli(real_db):
    return lambda *args, **kw: run_cli("--db", str(real_db), *args, **kw)


def _bounded_process(*args: str, db, memory: int = MEMORY, timeout: float = 60):
    """The CLI as a process under `ulimit -v`: (process, seconds it took)."""
    import resource

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "casefile_cli", "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=limit,
    )
    return done, time.monotonic() - started


def _one_line_refusal(stderr: str, *words: str) -> None:
    assert "Traceback" not in stderr
    assert len(stderr.splitlines()) == 1 and stderr.startswith("casefile: ")
    for word in words:
        assert word in stderr


def test_an_endless_recursive_query_stops_at_the_row_limit_in_bounded_memory(real_db):
    done, seconds = _bounded_process("sql", ENDLESS, "--json", db=real_db)
    assert done.returncode == 2
    _one_line_refusal(done.stderr, "more than 1,000,000 rows", "--max-rows")
    assert seconds < 30


def test_an_endless_query_without_a_row_limit_stops_at_its_deadline(real_db):
    done, seconds = _bounded_process(
        "sql", ENDLESS + " WHERE x < 0", "--max-rows", "0", "--timeout", "1", db=real_db
    )
    assert done.returncode == 2
    _one_line_refusal(done.stderr, "query stopped after 1 s", "--timeout")
    assert seconds < 15


def test_a_cross_join_stops_at_its_deadline(cli):
    started = time.monotonic()
    result = cli("sql", CROSS_JOIN, "--timeout", "0.5")
    assert result.exit_code == 2
    _one_line_refusal(result.stderr, "query stopped after 0.5 s; use --timeout")
    assert time.monotonic() - started < 10
    assert result.stdout == ""


def test_a_huge_blob_is_refused_not_a_memory_error(real_db):
    done, _ = _bounded_process("sql", "SELECT randomblob(1000000000)", "--json", db=real_db)
    assert done.returncode == 2
    _one_line_refusal(done.stderr)
    if hasattr(sqlite3.Connection, "setlimit"):
        assert "limit of 10,000,000 bytes" in done.stderr


def test_a_long_string_is_refused(cli):
    result = cli("sql", "SELECT length(hex(zeroblob(6000000)))")
    assert result.exit_code == 2
    _one_line_refusal(result.stderr, "string or blob")


def test_max_rows_is_exact(cli):
    query = "SELECT id FROM figures ORDER BY id LIMIT 3"
    assert len(cli("sql", query, "--max-rows", "3", "--json").json()) == 3
    result = cli("sql", query, "--max-rows", "2", "--json")
    assert result.exit_code == 2
    _one_line_refusal(result.stderr, "more than 2 rows")


@pytest.mark.parametrize(
    "args",
    [
        ["--timeout", "-1"],
        ["--timeout", "nan"],
        ["--timeout", "soon"],
        ["--max-rows", "-5"],
        ["--max-rows", "many"],
    ],
)
def test_bad_limits_are_usage_errors(cli, args):
    result = cli("sql", "SELECT 1", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith("casefile: ") and "Traceback" not in result.stderr


def test_no_limit_lets_a_long_query_finish(cli):
    result = cli("sql", ENDLESS + " LIMIT 1000001", "--max-rows", "0", "--timeout", "0", "--plain")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "1000001"


def test_ctrl_c_interrupts_a_running_query(real_db):
    process = subprocess.Popen(
        [sys.executable, "-m", "casefile_cli", "--db", str(real_db), "sql", CROSS_JOIN],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(2.0)  # started, and deep inside SQLite
    assert process.poll() is None
    process.send_signal(signal.SIGINT)
    sent = time.monotonic()
    try:
        _, stderr = process.communicate(timeout=10)
    finally:
        process.kill()
    assert process.returncode == 130
    assert time.monotonic() - sent < 3
    assert "Traceback" not in stderr


def test_the_watch_turns_ctrl_c_inside_sqlite_into_keyboard_interrupt(real_db):
    connection = sqlite3.connect(real_db)
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
    started = time.monotonic()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        with QueryWatch(connection, None, "stopped") as watch, watch.running():
            connection.execute(CROSS_JOIN).fetchall()
    assert time.monotonic() - started < 5
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_the_deadline_counts_only_sqlite_work(real_db):
    connection = sqlite3.connect(real_db)
    with QueryWatch(connection, 0.5, "stopped") as watch:
        time.sleep(0.6)  # not SQLite's time: writing rows out, a pager
        with watch.running():
            assert connection.execute("SELECT count(*) FROM figures").fetchone()[0] > 0
    assert watch.spent < 0.5 and not watch.timed_out


@pytest.mark.parametrize(
    "query, column, expected",
    [
        (
            "SELECT name FROM documents_fts WHERE documents_fts MATCH 'blokhin' ORDER BY rank",
            "name",
            "Vasily Blokhin",
        ),
        (
            "SELECT label FROM names_fts WHERE names_fts MATCH 'yezhov' ORDER BY rank LIMIT 1",
            "label",
            "Nikolai Yezhov",
        ),
        ("SELECT value FROM json_each('[7, 8]') WHERE key = 1", "value", 8),
        ("SELECT count(*) AS n FROM json_tree('{\"a\": [1, 2]}')", "n", 4),
        ("SELECT name FROM pragma_table_info('figures') WHERE cid = 0", "name", "id"),
    ],
)
def test_full_text_and_json_tables_work(cli, query, column, expected):
    result = cli("sql", query, "--json")
    assert result.exit_code == 0, result.stderr
    assert result.json()[0][column] == expected


def test_full_text_functions_work(cli):
    query = (
        "SELECT snippet(documents_fts, 1, '[', ']', '…', 6) AS s, bm25(documents_fts) AS r "
        "FROM documents_fts WHERE documents_fts MATCH 'blokhin' ORDER BY rank LIMIT 1"
    )
    row = cli("sql", query, "--json").json()[0]
    assert "[Blokhin]" in row["s"] and row["r"] < 0


@pytest.mark.parametrize(
    "statement",
    [
        "SELECT fts3_tokenizer('simple')",
        "SELECT FTS3_TOKENIZER('simple', x'0000000000000000')",
        "INSERT INTO documents_fts (documents_fts) VALUES ('rebuild')",
        "INSERT INTO names_fts (names_fts, rank) VALUES ('rank', 'bm25(10.0)')",
        "PRAGMA data_version = 5",
        "SELECT * FROM pragma_journal_mode",
        "SELECT * FROM pragma_writable_schema",
    ],
)
def test_dangerous_functions_and_index_writes_are_refused(db_copy, statement):
    before = db_copy.read_bytes()
    result = run_cli("--db", str(db_copy), "sql", statement)
    assert result.exit_code == 2
    _one_line_refusal(result.stderr)
    assert db_copy.read_bytes() == before


def test_blobs_come_back_as_hex_literals(cli):
    result = cli("sql", "SELECT x'00ff' AS b, 1 AS n, NULL AS z", "--json")
    assert result.exit_code == 0
    assert result.json() == [{"b": "x'00ff'", "n": 1, "z": None}]
    assert cli("sql", "SELECT x'00ff' AS b", "-f", "csv").stdout == "b\nx'00ff'\n"
    assert cli("sql", "SELECT zeroblob(2) AS b", "--plain").stdout == "x'0000'\n"


def test_the_index_keeps_real_text_as_it_is(real_db):
    connection = sqlite3.connect(real_db)
    for (body,) in connection.execute("SELECT body FROM documents"):
        assert indexed_text(body) == body


@pytest.mark.parametrize(
    "text",
    [
        " ".join(["zzq"] * 60_000),
        ",".join(["zzq"] * 60_000),
        "zzq" * 60_000,
        " ".join(f"w{i % 300}" for i in range(60_000)),
    ],
)
def test_the_index_bounds_a_hostile_text(text):
    bounded = indexed_text(text)
    assert len(bounded) <= INDEXED_CHARACTERS
    words = bounded.split()
    assert all(words.count(w) <= INDEXED_REPEATS for w in set(words[:50]))


def _repeated_word_casefile(folder, word: str, times: int) -> None:
    folder.mkdir()
    (folder / "casefile.yaml").write_text(
        'casefile:\n  number: "9300"\n  title: Repeats\n  summary: An invented case file.\n'
        "sections:\n"
        '  - {id: introduction, line: 1, heading: "(opening)", heading_date: null}\n'
        "figures:\n"
        "  - id: zz-person\n    name: Zz Person\n"
        f"    summary: {' '.join([word] * times)}\n"
        "    sections: [introduction]\n",
        encoding="utf-8",
    )


def test_a_word_repeated_60000_times_imports_and_searches_fast(db_copy, tmp_path):
    _repeated_word_casefile(tmp_path / "repeats", "zzq", 60_000)
    assert run_cli("--db", str(db_copy), "import", str(tmp_path / "repeats")).exit_code == 0
    started = time.monotonic()
    result = run_cli("--db", str(db_copy), "search", "zzq", "--json")
    assert time.monotonic() - started < 5
    assert result.exit_code == 0
    assert [hit["id"] for hit in result.json()] == ["zz-person"]
    body = sqlite3.connect(db_copy).execute(
        "SELECT body FROM documents WHERE record_id = 'zz-person'"
    )
    assert body.fetchone()[0].split().count("zzq") == INDEXED_REPEATS
    shown = run_cli("--db", str(db_copy), "figure", "zz-person", "--json").json()
    assert shown["summary"].count("zzq") == 60_000  # the record itself keeps its text


def test_search_of_an_older_database_with_a_huge_document_is_fast(db_copy):
    connection = sqlite3.connect(db_copy)
    connection.execute(
        "UPDATE documents SET body = ? WHERE record_id = 'vasily-blokhin'",
        (" ".join(["zzq"] * 60_000),),
    )
    connection.execute("INSERT INTO documents_fts (documents_fts) VALUES ('rebuild')")
    connection.commit()
    started = time.monotonic()
    result = run_cli("--db", str(db_copy), "search", "zzq", "--json")
    assert time.monotonic() - started < 5
    assert result.exit_code == 0
    assert result.json()[0]["snippet"].startswith("zzq zzq")


def test_search_stops_at_its_deadline(cli, monkeypatch):
    monkeypatch.setattr("casefile_cli.store.limits.SEARCH_TIMEOUT", 1e-9)
    monkeypatch.setattr("casefile_cli.store.limits._STEPS", 1)  # check at every step
    result = cli("search", "chocolates", "--json")
    assert result.exit_code == 2
    _one_line_refusal(result.stderr, "search stopped after")
