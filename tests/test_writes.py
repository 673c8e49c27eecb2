"""Writes keep what they do not own: a replaced case file takes only its own
rows, `db check` notices rows that point nowhere or lost their index."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time

import pytest

from .support import EXAMPLE_SOURCES, SOURCES, run_cli, run_process

COLLIDING = """\
casefile: {number: "9200", title: Colliding ids}
sections:
  - {id: one, heading: One}
places:
  - id: nikolai-yezhov
    name: Yezhov Street
    section: one
    aliases: [{alias: Yezhov Lane, kind: spelling}]
organisations:
  - {id: slutsky-assassination, name: Slutsky Club, section: one, notes: [A club note.]}
"""
# Answers about #0121 that the other case file must not change.
LOOKUPS = [
    ("figure", "Yezkov", "--json"),
    ("figure", "nikolai-yezhov", "--json"),
    ("figure", "yezhov", "--plain"),
    ("kills", "yezhov", "--json"),
    ("who-killed", "slutsky", "--json"),
    ("show", "Assassination of Abram Slutsky", "--json"),
    ("show", "Assassination of Abram Slutsky", "--plain"),
]


def answers(db):
    return [run_cli("--db", str(db), *lookup) for lookup in LOOKUPS]


def test_replacing_a_case_file_with_colliding_ids_keeps_the_others_rows(db_copy, tmp_path):
    folder = tmp_path / "9200"
    folder.mkdir()
    (folder / "casefile.yaml").write_text(COLLIDING, encoding="utf-8")
    before = answers(db_copy)
    assert all(r.exit_code == 0 for r in before), [r.stderr for r in before]
    assert run_cli("--db", str(db_copy), "import", str(folder)).exit_code == 0
    replaced = run_cli("--db", str(db_copy), "import", str(folder), "--replace")
    assert replaced.exit_code == 0, replaced.stderr
    after = answers(db_copy)
    assert after == before
    check = run_cli("--db", str(db_copy), "db", "check")
    assert check.exit_code == 0, check.stderr
    place = sqlite3.connect(db_copy).execute(
        "SELECT alias FROM aliases WHERE record_kind = 'place' AND record_id = 'nikolai-yezhov'"
    )
    assert [alias for (alias,) in place] == ["Yezhov Lane"]


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (
            "INSERT INTO aliases VALUES "
            "('place', 'nikolai-yezhov', 'Yezhov St', 'spelling', 0, 'casefile', '0121')",
            "1 rows of aliases refer to records that do not exist",
        ),
        (
            "INSERT INTO notes (record_kind, record_id, note) "
            "VALUES ('organisation', 'slutsky-assassination', 'x')",
            "1 rows of notes refer to records that do not exist",
        ),
        (
            "DELETE FROM names WHERE record_kind = 'figure' AND record_id = 'sergei-kirov'",
            "1 figures without an entry in names",
        ),
        (
            "DELETE FROM documents WHERE record_kind = 'operation' AND record_id = "
            "'slutsky-assassination'",
            "1 operations without an entry in documents",
        ),
        (
            "DELETE FROM names WHERE record_kind = 'figure' AND form = 'Yezkov'",
            "1 aliases without an entry in names",
        ),
    ],
    ids=["alias-of-a-missing-place", "note-of-a-missing-org", "no-name", "no-document", "alias"],
)
def test_db_check_notices_orphaned_and_missing_rows(db_copy, damage, expected):
    connection = sqlite3.connect(db_copy)
    with connection:
        connection.execute(damage)
    connection.close()
    result = run_cli("--db", str(db_copy), "db", "check")
    assert result.exit_code == 5
    assert expected in result.stderr + result.stdout


# --- Waits, odd files, modes, leftovers ---------------------------------------------------------

NINE_THOUSAND_ONE = EXAMPLE_SOURCES / "9001"


def write_refused(db, *args, env=None, limit=15.0):
    """Run a write as a process; it must end within `limit` seconds."""
    before = db.read_bytes() if db.is_file() else None
    started = time.monotonic()
    result = run_process("--db", str(db), *args, env=env)
    took = time.monotonic() - started
    assert took < limit, took
    assert "Traceback" not in result.stderr
    if before is not None:
        assert db.read_bytes() == before
    return result, took


def test_a_writer_waits_a_bounded_time_for_the_lock(db_copy):
    from filelock import FileLock

    with FileLock(str(db_copy) + ".lock"):
        result, took = write_refused(
            db_copy, "import", str(NINE_THOUSAND_ONE), env={"CASEFILE_LOCK_TIMEOUT": "2"}
        )
    assert result.returncode == 5
    lines = result.stderr.splitlines()
    assert lines[0].startswith("casefile: waiting for another casefile process")
    assert lines[1].startswith("casefile: ") and "locked by another casefile process" in lines[1]
    assert 1.5 < took


def test_a_writer_waits_a_bounded_time_for_another_sqlite_lock(db_copy):
    before = db_copy.read_bytes()
    holder = sqlite3.connect(db_copy, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("UPDATE meta SET value = value")
    try:
        started = time.monotonic()
        result = run_process(
            "--db",
            str(db_copy),
            "import",
            str(NINE_THOUSAND_ONE),
            env={"CASEFILE_LOCK_TIMEOUT": "2"},
        )
        assert time.monotonic() - started < 15
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode == 5
    assert "waiting for another process" in result.stderr
    assert "locked by another process" in result.stderr.splitlines()[1]
    assert "Traceback" not in result.stderr
    assert db_copy.read_bytes() == before


def test_a_fifo_as_the_database_is_refused_at_once(tmp_path):
    fifo = tmp_path / "fifo.db"
    os.mkfifo(fifo)
    for args in (("show", "kirov"), ("import", str(NINE_THOUSAND_ONE)), ("db", "check")):
        result, _ = write_refused(fifo, *args, limit=10)
        assert result.returncode == 5, (args, result.stderr)
        assert "regular file" in result.stderr and len(result.stderr.splitlines()) == 1
    from casefile_cli.store.connect import forms_starting_with

    assert forms_starting_with(str(fifo), "ye", ("figure",), 5) == []  # completion: no wait
    built = run_process("db", "build", "-o", str(fifo))
    assert built.returncode == 5 and "regular file" in built.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_meta_that_never_ends_is_refused_at_once(db_copy):
    connection = sqlite3.connect(db_copy)
    connection.executescript(
        "ALTER TABLE meta RENAME TO old_meta; CREATE VIEW meta AS WITH RECURSIVE r(x) AS "
        "(SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT 'k' AS key, x AS value FROM r "
        "WHERE x < 0;"
    )
    connection.close()
    for args in (("show", "kirov"), ("import", str(NINE_THOUSAND_ONE)), ("sql", "SELECT 1")):
        result, _ = write_refused(db_copy, *args, limit=10)
        assert result.returncode == 5, (args, result.stderr)
        assert "meta is not the expected table" in result.stderr


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX modes")
def test_a_write_keeps_the_mode_and_writes_through_a_symlink(db_copy, tmp_path):
    os.chmod(db_copy, 0o640)
    if os.geteuid() == 0:  # root may give the file away: the write must keep that owner
        os.chown(db_copy, 4321, 4321)
    link = tmp_path / "link.db"
    link.symlink_to(db_copy)
    result = run_process("--db", str(link), "import", str(NINE_THOUSAND_ONE))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(db_copy)
    assert stat.S_IMODE(os.stat(db_copy).st_mode) == 0o640
    if os.geteuid() == 0:
        assert (os.stat(db_copy).st_uid, os.stat(db_copy).st_gid) == (4321, 4321)
    numbers = sqlite3.connect(db_copy).execute("SELECT number FROM casefiles").fetchall()
    assert sorted(numbers) == [("0121",), ("9001",)]
    built = tmp_path / "new.db"
    run_process("db", "build", "--sources", str(EXAMPLE_SOURCES), "-o", str(built))
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(os.stat(built).st_mode) == 0o666 & ~umask


def test_a_read_only_database_is_refused_and_unchanged(db_copy):
    os.chmod(db_copy, 0o444)
    try:
        result, _ = write_refused(db_copy, "import", str(NINE_THOUSAND_ONE))
    finally:
        os.chmod(db_copy, 0o644)
    assert result.returncode == 5
    assert "read-only" in result.stderr.splitlines()[0]
    assert not (db_copy.parent / (db_copy.name + ".lock")).exists()


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def start_write(*args):
    """A write (`import`, `db build`) as a process."""
    process = subprocess.Popen(
        [sys.executable, "-m", "casefile_cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    return process


def wait_for_temporary(process, folder):
    deadline = time.monotonic() + 30
    while not leftovers(folder) and process.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.005)
    if process.poll() is not None:
        pytest.skip("the write ended before it could be stopped")


def start_build(target):
    process = start_write("db", "build", "--sources", str(SOURCES), "-o", str(target))
    wait_for_temporary(process, target.parent)
    return process


@pytest.mark.parametrize("command", ["db build", "import"])
def test_sigterm_during_a_write_removes_the_temporary_file(tmp_path, real_db, command):
    target = tmp_path / "casefiles.db"
    if command == "import":
        shutil.copyfile(real_db, target)
        before = target.read_bytes()
        process = start_write("--db", str(target), "import", str(NINE_THOUSAND_ONE))
        wait_for_temporary(process, tmp_path)
    else:
        before, process = None, start_build(target)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=30)
    assert process.returncode == -signal.SIGTERM
    assert "Traceback" not in err
    assert leftovers(tmp_path) == []
    # All or nothing: the old file as it was, or (when the signal came after the
    # move into place, as on a loaded machine) the whole new one.
    after = target.read_bytes() if target.exists() else None
    if after != before:
        with sqlite3.connect(target) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert connection.execute("SELECT count(*) FROM figures").fetchone()[0] > 0


def test_files_left_by_a_killed_writer_are_removed_by_the_next(tmp_path):
    target = tmp_path / "casefiles.db"
    process = start_build(target)
    process.kill()
    process.communicate(timeout=30)
    stale = tmp_path / ".casefiles.db-abcd1234.tmp"
    stale.write_bytes(b"left by a writer killed with -9")
    (tmp_path / ".casefiles.db-abcd1234.tmp-journal").write_bytes(b"x")
    other = tmp_path / ".other.db-abcd1234.tmp"  # another database's writer: not ours
    other.write_bytes(b"x")
    result = run_process("db", "build", "--sources", str(EXAMPLE_SOURCES), "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert leftovers(tmp_path) == [".other.db-abcd1234.tmp"]
