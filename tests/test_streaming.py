"""Listings are written as their rows come: the first row reaches stdout
before the last is read, and a result far larger than memory completes."""

from __future__ import annotations

import io
import json
import resource
import subprocess
import sys
from functools import partial
from types import SimpleNamespace

import pytest

from casefile_cli.environment import Environment
from casefile_cli.render import results


class RecordingStdout(io.StringIO):
    """A stdout that notes how many rows had been read at each write."""

    def __init__(self, reads: list[int]):
        super().__init__()
        self.reads, self.seen_at_write = reads, []

    def write(self, text: str) -> int:
        self.seen_at_write.append(self.reads[0])
        return super().write(text)


def streamed(present, spied, count: int, terminal: bool = False) -> tuple[int, str]:
    """`present(session, rows)` over `spied(count, reads)` rows, written to a
    recording stdout: (exit code, what was written), after checking that
    every row was read and that writing began before the last one was."""
    reads = [0]
    out = RecordingStdout(reads)
    env = Environment(out, io.StringIO(), terminal, False, 80, io.StringIO())
    code = present(SimpleNamespace(env=env, batch_query=None), spied(count, reads))
    assert reads[0] == count and min(out.seen_at_write) < count
    return code, out.getvalue()


def spied_rows(count: int, reads: list[int]):
    for number in range(count):
        reads[0] += 1
        yield (f"row {number} " + "x" * 100, number)  # many writes' worth


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "tsv", "plain", "table"])
@pytest.mark.parametrize("terminal", [False, True])
def test_sql_rows_are_written_before_the_last_is_read(fmt, terminal):
    reads = [0]
    out = RecordingStdout(reads)
    env = Environment(out, io.StringIO(), terminal, False, 80, io.StringIO())
    rows = spied_rows(3000, reads)
    assert not isinstance(rows, list)
    results.sql_rows(SimpleNamespace(env=env), ["label", "n"], rows, fmt)
    assert reads[0] == 3000
    assert out.seen_at_write and min(out.seen_at_write) < 3000  # written while reading
    assert "2999" in out.getvalue()
    if fmt == "json":
        parsed = json.loads(out.getvalue())
        assert parsed[0] == {"label": "row 0 " + "x" * 100, "n": 0} and len(parsed) == 3000


def test_an_empty_sql_result_is_an_empty_json_array():
    out = io.StringIO()
    env = Environment(out, io.StringIO(), False, False, 80, io.StringIO())
    results.sql_rows(SimpleNamespace(env=env), ["n"], iter(()), "json")
    assert json.loads(out.getvalue()) == []


def _limit_memory():
    limit = 150 * 1024 * 1024  # address space: far less than the result held whole
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_large_sql_result_completes_under_a_memory_limit(real_db, fmt, tmp_path):
    rows = 150_000  # 1 KB each: about 300 MiB as rows, more as a list of dicts
    query = (
        f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows}) "
        "SELECT i, hex(zeroblob(500)) AS label FROM n"
    )
    written = tmp_path / "out"
    with open(written, "wb") as stdout:
        done = subprocess.run(
            [sys.executable, "-m", "casefile_cli", "--db", str(real_db), "sql", query,
             "--format", fmt, "--max-rows", "0", "--timeout", "0"],
            stdout=stdout,
            stderr=subprocess.PIPE,
            preexec_fn=_limit_memory,
            timeout=120,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()[-300:]
    with open(written, "rb") as output:
        lines = sum(1 for _ in output)
    assert lines >= rows


def spied_items(count: int, reads: list[int]):
    from casefile_cli.models import ListItem

    for number in range(count):
        reads[0] += 1
        yield ListItem("figure", f"f-{number}", f"Figure {number} " + "x" * 100, "1937", None)


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "tsv", "plain", "table"])
@pytest.mark.parametrize("terminal", [False, True])
def test_a_listing_is_written_before_its_last_row_is_read(fmt, terminal):
    code, text = streamed(partial(results.items, fmt=fmt), spied_items, 3000, terminal)
    assert code == 0 and "Figure 2999" in text


def test_the_database_gives_a_listing_as_a_generator_with_a_window(real_db):
    import inspect

    from casefile_cli.store.connect import open_database

    db = open_database(str(real_db))
    every = db.list_records("figures", "name")
    assert inspect.isgenerator(every)
    names = [item.name for item in every]
    window = [i.name for i in db.list_records("figures", "name", limit=5, offset=10)]
    assert window == names[10:15]
    assert list(db.list_records("figures", "name", limit=0)) == []


def test_list_takes_limit_and_offset():
    from tests.support import run_cli

    every = run_cli("list", "figures", "--plain").stdout.splitlines()
    window = run_cli("list", "figures", "--plain", "--limit", "3", "--offset", "4")
    assert window.exit_code == 0
    assert window.stdout.splitlines() == every[4:7]
    refused = run_cli("list", "figures", "--limit", "-1")
    assert refused.exit_code == 2 and refused.stderr.count("\n") == 1
