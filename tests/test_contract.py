"""The scripting contract under hostile conditions (issue 13, "Contract" and
"Bounded work"): a closed pipe is quiet and exit 0; a closed stdout, a full
disk, a closed stdin, bytes that are not UTF-8, a deleted working directory
and a damaged schema are one line and exit 2 or 5, never 1; input and width
are bounded."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest

from .support import read_terminal, run_cli

# Every command that writes to stdout, with arguments that find something.
EVERY_COMMAND = [
    ["show", "kirov"],
    ["figure", "yezhov", "--json"],
    ["who-killed", "trotsky"],
    ["org", "nkvd"],
    ["kills", "stalin"],
    ["search", "yezhov"],
    ["list", "figures", "--plain"],
    ["list", "events"],
    ["timeline"],
    ["on", "1937"],
    ["graph", "stalin"],
    ["graph", "stalin", "--format", "dot"],
    ["chain", "stalin", "mercader"],
    ["cascade"],
    ["contradictions"],
    ["sql", "SELECT * FROM names"],
    ["schema"],
    ["db", "check"],
    ["db", "path"],
    ["--help"],
    ["list", "--help"],
    ["--version"],
]
ONE_GIGABYTE = 1 << 30


def _limited():
    """In the child: at most 1 GB of address space (ulimit -v) and 30 s of CPU."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (ONE_GIGABYTE, ONE_GIGABYTE))
    resource.setrlimit(resource.RLIMIT_CPU, (30, 30))


def _start(args, db, shell_prefix: str = "", **kwargs) -> subprocess.Popen:
    """The console script as a process, under `_limited`; `shell_prefix`
    (a redirection such as `>&-`) is applied by bash before it starts."""
    command = [sys.executable, "-m", "casefile_cli", "--db", str(db), *args]
    if shell_prefix:
        command = ["bash", "-c", f'exec "$@" {shell_prefix}', "bash", *command]
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    kwargs.setdefault("stdin", subprocess.DEVNULL)
    return subprocess.Popen(command, preexec_fn=_limited, **kwargs)


def _one_clear_line(stderr: bytes) -> str:
    text = stderr.decode("utf-8", "replace")
    assert "Traceback" not in text and "internal error" not in text, text
    assert len(text.splitlines()) <= 2, text  # the line, and perhaps its hint
    return text


def test_a_closed_pipe_is_quiet_and_exit_0_on_every_command(real_db):
    processes = []
    for args in EVERY_COMMAND:
        process = _start(args, real_db)
        process.stdout.close()  # the reader has gone before the first write
        processes.append((args, process))
    for args, process in processes:
        _, err = process.communicate(timeout=60)
        assert process.returncode == 0, (args, process.returncode, err)
        assert err == b"", (args, err)


def test_a_closed_pipe_after_the_first_line(real_db):
    command = (
        f'set -o pipefail; "{sys.executable}" -m casefile_cli --db "{real_db}" '
        "sql 'SELECT * FROM names' --plain | head -1"
    )
    result = subprocess.run(["bash", "-c", command], capture_output=True, timeout=60)
    assert result.returncode == 0 and result.stderr == b""
    assert len(result.stdout.splitlines()) == 1


def test_a_closed_stdout_is_one_line_never_a_traceback(real_db):
    processes = [(args, _start(args, real_db, ">&-")) for args in EVERY_COMMAND]
    for args, process in processes:
        out, err = process.communicate(timeout=60)
        text = _one_clear_line(err)
        assert process.returncode in (0, 5), (args, process.returncode, text)
        if process.returncode == 5:
            assert text == "casefile: cannot write the output: stdout is closed\n"


def test_a_closed_stderr_too(real_db):
    process = _start(["show", "kirov"], real_db, ">&- 2>&-")
    process.communicate(timeout=60)
    assert process.returncode == 5


def test_writing_to_a_full_disk_is_exit_5(real_db):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    for args in (["show", "kirov"], ["list", "figures"], ["sql", "SELECT * FROM names"]):
        with open("/dev/full", "w") as full:
            process = _start(args, real_db, stdout=full)
            _, err = process.communicate(timeout=60)
        assert process.returncode == 5, (args, err)
        assert _one_clear_line(err).startswith("casefile: cannot write the output: No space")


def test_invalid_utf8_in_arguments_is_a_usage_error(real_db):
    for args in ([b"figure", b"\xff\xfeab"], [b"search", b"ye\xc3zhov"], [b"import", b"\xff"]):
        process = _start(args, real_db)
        _, err = process.communicate(timeout=60)
        assert process.returncode == 2, (args, err)
        assert "is not valid UTF-8" in _one_clear_line(err)
    assert b"\\xff\\xfeab" in _start([b"figure", b"\xff\xfeab"], real_db).communicate()[1]


def test_a_closed_stdin_for_a_batch(real_db):
    process = _start(["figure", "-"], real_db, "<&-")
    _, err = process.communicate(timeout=60)
    assert process.returncode == 2
    assert "stdin is closed" in _one_clear_line(err)


def test_dev_zero_as_the_batch_ends_at_once_under_a_memory_limit(real_db):
    with open("/dev/zero", "rb") as zero:
        process = _start(["figure", "-"], real_db, stdin=zero)
        _, err = process.communicate(timeout=30)
    assert process.returncode == 2
    assert "query too long" in _one_clear_line(err)


def test_batch_input_is_bounded(real_db, monkeypatch):
    from casefile_cli import commands

    long_line = run_cli("--db", str(real_db), "figure", "-", stdin="ezhov\n" + "x" * 5000 + "\n")
    assert long_line.exit_code == 2 and long_line.stdout.startswith("Nikolai Yezhov")
    assert long_line.stderr == "casefile: query too long: line 2 of stdin is over 1000 characters\n"
    monkeypatch.setattr(commands, "MAX_BATCH_LINES", 3)
    many = run_cli("--db", str(real_db), "figure", "-", "--plain", stdin="ezhov\n" * 4)
    assert many.exit_code == 2 and many.stdout == "Nikolai Yezhov\n" * 3
    assert many.stderr == "casefile: too many queries on stdin (at most 3)\n"
    exactly = run_cli("--db", str(real_db), "figure", "-", "--plain", stdin="ezhov\n" * 3)
    assert exactly.exit_code == 0


def test_a_deleted_working_directory(real_db, tmp_path):
    gone = "mkdir gone && cd gone && rmdir ../gone &&"
    for args, codes in (
        (["show", "kirov"], {0}),
        (["import", "somewhere"], {2}),
        (["db", "build", "-o", "new.db"], {5}),
        (["--db", "relative.db", "show", "kirov"], {5}),
    ):
        command = [sys.executable, "-m", "casefile_cli", *args]
        if "--db" not in args:
            command[3:3] = ["--db", str(real_db)]
        process = subprocess.Popen(
            ["bash", "-c", f'{gone} exec "$@"', "bash", *command],
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        _, err = process.communicate(timeout=60)
        assert process.returncode in codes, (args, err)
        _one_clear_line(err)


@pytest.mark.parametrize(
    ("damage", "args", "missing"),
    [
        ("ALTER TABLE figures DROP COLUMN summary", ["figure", "yezhov"], "figures.summary"),
        ("ALTER TABLE aliases DROP COLUMN generated", ["figure", "yezhov", "--json"], "aliases"),
        ("DROP VIEW killings", ["who-killed", "trotsky"], None),
        ("ALTER TABLE events DROP COLUMN note", ["timeline", "--json"], "events.note"),
    ],
)
def test_a_database_with_a_dropped_column_is_exit_5(db_copy, damage, args, missing):
    with sqlite3.connect(db_copy) as connection:
        connection.execute(damage)
    result = run_cli("--db", str(db_copy), *args)
    assert result.exit_code in (0, 5), result.stderr
    if result.exit_code == 5:
        assert result.stderr.startswith("casefile: the database lacks part of its schema: ")
        assert missing in result.stderr and "internal error" not in result.stderr
    check = run_cli("--db", str(db_copy), "db", "check", "--json")
    assert check.exit_code == 5
    assert any(
        p.startswith("missing from the schema: ") and (missing or "killings") in p
        for p in check.json()["problems"]
    )


def test_a_sound_database_lacks_nothing(real_db):
    from casefile_cli.store.shape import missing_columns

    with sqlite3.connect(real_db) as connection:
        assert missing_columns(connection) == []


@pytest.mark.parametrize("option", ["--from", "--to"])
def test_an_empty_date_bound_is_a_usage_error(real_db, option):
    for value in ("", " "):
        result = run_cli("--db", str(real_db), "timeline", option, value)
        assert result.exit_code == 2 and result.stdout == ""
        assert "is not a date I can read" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["list", "figures"],
        ["list", "events", "--json"],
        ["cascade", "--json"],
        ["contradictions", "--plain"],
        ["timeline", "--from", "1700", "--case", "9999"],
        ["search", "zzqqxx"],
        ["on", "1937", "--case", "9999"],
        ["kills", "kirov"],
    ],
)
def test_an_empty_answer_is_exit_3_with_a_line(real_db, args):
    if args[0] in ("list", "cascade", "contradictions"):
        args = [*args, "--case", "9999"]
    result = run_cli("--db", str(real_db), *args)
    assert result.exit_code == 3, (args, result)
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("casefile: ")
    if "--json" in args:
        assert result.json() == []


def test_the_terminal_width_is_clamped(monkeypatch):
    from casefile_cli import environment

    monkeypatch.setenv("COLUMNS", "99999999")
    monkeypatch.setattr(environment, "_isatty", lambda stream: True)
    assert environment.Environment.detect().width == environment.MAX_WIDTH


def test_a_huge_columns_on_a_real_terminal_under_a_memory_limit(real_db):
    import pty

    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": "99999999"}
    # --no-pager: the card is longer than the screen, and less would wait for keys.
    args = ["figure", "yezhov", "--no-pager"]
    process = _start(args, real_db, stdout=follower, stderr=follower, env=env)
    os.close(follower)
    out = read_terminal(leader)
    assert process.wait(timeout=60) == 0
    lines = out.decode("utf-8").splitlines()
    assert "Yezhov" in out.decode("utf-8") and max(map(len, lines)) < 600


@pytest.mark.parametrize(
    "args",
    [["on", "1" * 100_000], ["timeline", "--from", "9" * 100_000], ["list", "x" * 100_000]],
)
def test_a_huge_argument_gives_a_short_line(real_db, args):
    result = run_cli("--db", str(real_db), *args)
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1 and len(result.stderr) < 1100
    assert " … " in result.stderr
