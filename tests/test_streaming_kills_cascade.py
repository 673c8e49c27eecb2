"""`kills` and `cascade` write their rows as they come in every script format
(JSON as a streamed array or object, JSON Lines, CSV, TSV, plain), the
database gives them as generators, and a cascade far larger than memory
completes under `ulimit -v`."""

from __future__ import annotations

import inspect
import io
import json
import sqlite3
import subprocess
import sys
from functools import partial

import pytest

from casefile_cli.models import CascadeEntry, FateAccount, Kill, Ref, Section
from casefile_cli.render import results
from casefile_cli.render.formats import write, write_object_stream
from tests.test_streaming import _limit_memory, streamed

SCRIPT_FORMATS = ["json", "jsonl", "csv", "tsv", "plain"]
SECTION = Section("0121", "s1", "A section", "")
END = FateAccount("executed", "1938", None, "shot", (), (), (), (), None, None, "stated", SECTION)


def spied_kills(count: int, reads: list[int]):
    for number in range(count):
        reads[0] += 1
        victim = Ref(f"v-{number}", f"Victim {number} " + "x" * 100, None, "0121")
        yield Kill(victim, "killer", "1937", None, "stated", "§1", part="killed")


def spied_cascade(count: int, reads: list[int]):
    for number in range(count):
        reads[0] += 1
        figure = Ref(f"f-{number}", f"Executioner {number} " + "x" * 100, None, "0121")
        deeds = (("perpetrator", Ref("op", "An operation", None, "0121"), "1937"),)
        yield CascadeEntry(figure, deeds, END)


@pytest.mark.parametrize("fmt", [*SCRIPT_FORMATS, "table"])
@pytest.mark.parametrize("terminal", [False, True])
def test_kills_are_written_before_the_last_is_read(fmt, terminal):
    person = Ref("p", "A Person", None, "0121")

    def present(session, rows):
        return results.kills(session, person, rows, fmt)

    code, text = streamed(present, spied_kills, 3000, terminal)
    assert code == 0 and "Victim 2999" in text
    if fmt == "json":
        parsed = json.loads(text)
        assert parsed["figure"]["id"] == "p" and len(parsed["kills"]) == 3000


@pytest.mark.parametrize("fmt", SCRIPT_FORMATS)
def test_a_cascade_is_written_before_its_last_entry_is_read(fmt):
    code, text = streamed(partial(results.cascade, fmt=fmt), spied_cascade, 3000)
    assert code == 0 and "Executioner 2999" in text
    if fmt == "json":
        parsed = json.loads(text)
        assert len(parsed) == 3000 and parsed[0]["end"]["outcome"] == "executed"


@pytest.mark.parametrize("rows", [[], [{"a": 1, "b": {"c": [1, 2]}}, {"a": "\u202e", "b": None}]])
def test_a_streamed_object_is_the_text_of_the_whole(rows):
    head = {"figure": {"id": "x", "name": "X\u200b"}, "n": 1.5}
    whole, streamed = io.StringIO(), io.StringIO()
    write({**head, "kills": rows}, "json", whole, [])
    assert write_object_stream(head, "kills", iter(rows), streamed) == len(rows)
    assert streamed.getvalue() == whole.getvalue()


def test_kills_and_cascade_come_from_the_database_as_generators(real_db):
    from casefile_cli.network import cascade, kills
    from casefile_cli.store.connect import open_database

    db = open_database(str(real_db))
    entries = cascade(db)
    assert inspect.isgenerator(entries)
    names = [e.figure.name for e in entries]
    assert "Nikolai Yezhov" in names and "Genrikh Yagoda" in names
    found = kills(db, "pavel-sudoplatov")
    assert inspect.isgenerator(found)
    named = [k.victim.name for k in found]
    assert "Yevhen Konovalets" in named
    assert set(named) <= {k.victim.name for k in kills(db, "pavel-sudoplatov", every=True)}


def test_kills_take_limit_and_offset():
    from tests.support import run_cli

    every = run_cli("kills", "sudoplatov", "--all", "--plain").stdout.splitlines()
    window = run_cli("kills", "sudoplatov", "--all", "--plain", "--limit", "2", "--offset", "1")
    assert window.exit_code == 0 and window.stdout.splitlines() == every[1:3]
    assert len(every) >= 3
    refused = run_cli("kills", "sudoplatov", "--limit", "-1")
    assert refused.exit_code == 2 and refused.stderr.count("\n") == 1


def _many_executioners(path, count: int) -> None:
    """`count` invented people, each a perpetrator of a real operation of the
    apparatus and later shot, with long names: a cascade of hundreds of MB."""
    with sqlite3.connect(path) as connection:
        real = json.loads(
            subprocess.run(
                [sys.executable, "-m", "casefile_cli", "--db", str(path), "cascade", "--json"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )[0]
        operation = real["did"][0]["operation"]["id"]
        section = connection.execute("SELECT id FROM sections LIMIT 1").fetchone()[0]
        first = connection.execute("SELECT max(id) FROM fates").fetchone()[0] + 1
        connection.execute(
            f"""WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {count})
                INSERT INTO figures (id, casefile, name) SELECT 'exec-' || i, '0121',
                       'Executioner ' || i || ' ' || hex(zeroblob(500)) FROM n"""
        )
        connection.execute(
            f"""INSERT INTO fates (id, figure_id, ordinal, outcome, date, date_lower, date_upper,
                                   certainty, section_id, killed, best)
                SELECT {first} + rowid, id, 0, 'executed', '1939', '1939-01-01', '1939-12-31',
                       'stated', ?, 1, 1 FROM figures WHERE id LIKE 'exec-%'""",
            (section,),
        )
        connection.execute(
            "INSERT INTO participants (operation_id, figure_id, role, certainty, section_id) "
            "SELECT ?, id, 'perpetrator', 'stated', ? FROM figures WHERE id LIKE 'exec-%'",
            (operation, section),
        )


@pytest.mark.parametrize("fmt", ["json"])
def test_a_large_cascade_completes_under_a_memory_limit(db_copy, tmp_path, fmt):
    count = 60_000  # 1 KB names: over 100 MB of JSON, more as entries held whole
    _many_executioners(db_copy, count)
    written = tmp_path / "out"
    with open(written, "wb") as stdout:
        done = subprocess.run(
            [sys.executable, "-m", "casefile_cli", "--db", str(db_copy), "cascade", "-f", fmt],
            stdout=stdout,
            stderr=subprocess.PIPE,
            preexec_fn=_limit_memory,
            timeout=300,
        )
    assert done.returncode == 0, done.stderr.decode()[-300:]
    with open(written, "rb") as output:
        lines = sum(1 for line in output if b"Executioner " in line)
    assert lines >= count
