"""timeline streams its rows from SQLite in every format, and listings page
in SQL (LIMIT/OFFSET in the query, not skipped in Python)."""

from __future__ import annotations

import inspect
import io
from functools import partial
from types import SimpleNamespace

import pytest

from casefile_cli.environment import Environment
from casefile_cli.render import results
from tests.support import run_cli
from tests.test_streaming import RecordingStdout, streamed

FORMATS = ["json", "jsonl", "csv", "tsv", "plain", "table"]


def spied_entries(count: int, reads: list[int]):
    from casefile_cli.models import Section, TimelineEntry

    section = Section("0121", "s1", "A section", "")
    for number in range(count):
        reads[0] += 1
        yield TimelineEntry(
            "event", f"e-{number}", "1937", "1937-01-01", "1937-12-31", "arrest",
            f"Event {number} " + "x" * 100, "stated", section,
        )  # fmt: skip


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("terminal", [False, True])
def test_a_timeline_is_written_before_its_last_row_is_read(fmt, terminal):
    code, text = streamed(partial(results.timeline, fmt=fmt), spied_entries, 3000, terminal)
    assert code == 0 and "Event 2999" in text


def test_the_timeline_comes_from_the_database_as_a_generator(real_db):
    from casefile_cli.chronology import timeline
    from casefile_cli.store.connect import open_database

    db = open_database(str(real_db))
    found = timeline(db, "1937", "1938")
    assert inspect.isgenerator(found)
    assert [e.id for e in found] == [e.id for e in db.timeline("1937-01-01", "1938-12-31")]


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "tsv", "plain", "text"])
@pytest.mark.parametrize("period", [(), ("--from", "1937", "--to", "1938")])
def test_the_streamed_timeline_writes_what_the_whole_list_gave(fmt, period, real_db):
    """Byte for byte the text the list-at-once path wrote (render/formats.write)."""
    from casefile_cli.chronology import timeline
    from casefile_cli.render import json as as_json
    from casefile_cli.render.formats import write
    from casefile_cli.store.connect import open_database

    streamed = run_cli("timeline", *period, "--format", fmt)
    assert streamed.exit_code == 0
    entries = list(timeline(open_database(str(real_db)), *(period[1::2] or (None, None))))
    assert len(entries) > 40
    if fmt == "text":
        lines = streamed.stdout.splitlines()
        assert lines[0] == "date\twhat\tkind" and len(lines) == len(entries) + 1
        return
    whole = io.StringIO()
    write([as_json.timeline_entry(e) for e in entries], fmt, whole, [e.title for e in entries])
    assert streamed.stdout == whole.getvalue()


@pytest.mark.parametrize("fmt", ["json", "csv", "plain"])
def test_an_empty_timeline_is_still_exit_3_with_one_line(fmt):
    empty = run_cli("timeline", "--from", "1700", "--to", "1701", "--format", fmt)
    assert empty.exit_code == 3
    assert empty.stderr == "casefile: nothing in the case files falls in that period\n"
    assert empty.stdout == ("[]\n" if fmt == "json" else "" if fmt == "plain" else empty.stdout)
    if fmt == "csv":  # the fixed header, with no rows under it
        assert empty.stdout.startswith("kind,id,date,entry_kind,title,")


def _statements(db) -> list[str]:
    seen: list[str] = []
    db.connection.set_trace_callback(seen.append)
    return seen


@pytest.mark.parametrize(
    ("kind", "sort"),
    [("figures", "name"), ("events", "name"), ("operations", "date"), ("figures", "date")],
)
def test_offset_and_limit_page_in_sql(real_db, kind, sort):
    from casefile_cli.store.connect import open_database

    db = open_database(str(real_db))
    every = [i.id for i in db.list_records(kind, sort)]
    assert len(every) > 20
    seen = _statements(db)
    for offset, limit in [(3, 5), (0, 1), (len(every) - 2, 10), (len(every) + 5, 3), (7, None)]:
        window = [i.id for i in db.list_records(kind, sort, limit=limit, offset=offset)]
        assert window == every[offset : None if limit is None else offset + limit]
    listings = [s for s in seen if "ORDER BY" in s]
    assert listings and all("LIMIT" in s and "OFFSET" in s for s in listings)


def test_figures_by_date_page_across_the_dated_and_undated_parts(real_db):
    from casefile_cli.store.connect import open_database

    db = open_database(str(real_db))
    every = [i.id for i in db.list_records("figures", "date")]
    dated = sum(1 for i in db.list_records("figures", "date") if i.date)
    assert 0 < dated < len(every)
    for offset in (dated - 2, dated, dated + 1):
        window = [i.id for i in db.list_records("figures", "date", limit=4, offset=offset)]
        assert window == every[offset : offset + 4]


@pytest.mark.parametrize(("kind", "sort"), [("figures", "date"), ("events", "name")])
def test_plain_names_come_without_list_objects_in_the_same_order(real_db, kind, sort):
    from casefile_cli.store.connect import open_database

    db = open_database(str(real_db))
    names = db.list_names(kind, sort, limit=50, offset=3)
    assert inspect.isgenerator(names)
    listed = [i.name for i in db.list_records(kind, sort, limit=50, offset=3)]
    assert list(names) == listed and len(listed) == 50
    plain = run_cli("list", kind, "--sort", sort, "--plain", "--limit", "50", "--offset", "3")
    assert plain.exit_code == 0 and plain.stdout.splitlines() == listed


def test_plain_names_are_written_in_chunks_before_the_last_is_read():
    reads = [0]
    out = RecordingStdout(reads)
    env = Environment(out, io.StringIO(), False, False, 80, io.StringIO())

    def spied():
        for number in range(5000):
            reads[0] += 1
            yield f"Name\t{number}"

    assert results.names(SimpleNamespace(env=env), spied(), "none") == 0
    assert 1 < len(out.seen_at_write) < 10 and min(out.seen_at_write) < 5000
    assert out.getvalue().splitlines()[7] == "Name\\t7"
    empty = Environment(io.StringIO(), io.StringIO(), False, False, 80, io.StringIO())
    assert results.names(SimpleNamespace(env=empty), iter(()), "none") == 3


@pytest.mark.parametrize("kind", ["figures", "operations", "organisations", "events"])
@pytest.mark.parametrize("sort", ["date", "name"])
@pytest.mark.parametrize("case", [None, "0121", "9999"])
def test_plain_name_chunks_are_the_listing_names_in_every_window(real_db, kind, sort, case):
    from casefile_cli.store.connect import open_database

    db = open_database(str(real_db))
    every = [i.name for i in db.list_records(kind, sort, case)]
    assert [n for c in db.list_name_chunks(kind, sort, case) for n in c] == every
    dated = sum(1 for i in db.list_records(kind, sort, case) if i.date)
    for offset, limit in ((0, 0), (dated - 1, 3), (dated, 2), (dated + 2, None), (5, 1000)):
        offset = max(offset, 0)
        window = db.list_name_chunks(kind, sort, case, limit=limit, offset=offset)
        end = None if limit is None else offset + limit
        assert [n for c in window for n in c] == every[offset:end], (offset, limit)
