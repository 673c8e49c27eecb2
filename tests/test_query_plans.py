"""Every query on the path of the everyday commands seeks by an index: a
full scan of a big table is a command that grows with the database (issue
15: `show kirov` read every event to find an operation's). Checked with
EXPLAIN QUERY PLAN on the statements each command really runs, against the
committed database (no statistics there, so SQLite uses any index it can;
a missing index shows as a SCAN)."""

import re
import sqlite3

import pytest

from .support import run_cli

# Tables that grow with the case files; small frames (sections, organisations,
# contradictions) may be read whole, except by a card (below).
BIG_TABLES = {
    "notes",
    "events",
    "participants",
    "positions",
    "fates",
    "fate_agents",
    "relations",
    "names",
    "name_words",
    "documents",
    "figures",
    "operations",
    "aliases",
    "event_figures",
}

COMMANDS = [
    ["show", "kirov"],
    ["show", "yezhov"],
    ["show", "nkvd"],
    ["figure", "yezhov"],
    ["figure", "yezhov", "--case", "0121"],
    ["on", "1937-09-04", "--json"],
    ["on", "1937", "--case", "0121"],
    ["timeline", "--from", "1937", "--to", "1937"],
    ["timeline", "--from", "1937", "--to", "1937", "--case", "0121"],
    ["org", "nkvd"],
    ["cascade"],
    ["contradictions"],
    ["contradictions", "trotsky"],
]


def _statements(monkeypatch, real_db, args) -> list[str]:
    seen: list[str] = []
    connect = sqlite3.connect

    def traced(*a, **k):
        connection = connect(*a, **k)
        connection.set_trace_callback(seen.append)
        return connection

    monkeypatch.setattr(sqlite3, "connect", traced)
    result = run_cli("--db", str(real_db), *args)
    monkeypatch.setattr(sqlite3, "connect", connect)
    assert result.exit_code == 0, result.stderr
    return [s for s in seen if s.lstrip().upper().startswith(("SELECT", "WITH"))]


def _aliases(sql: str) -> dict[str, str]:
    """Alias (or name) -> table for each table the statement reads."""
    found = {}
    for table, alias in re.findall(r"\b(?:FROM|JOIN)\s+(\w+)(?:\s+(?:AS\s+)?(\w+))?", sql, re.I):
        found[table] = table
        if alias and alias.upper() not in {"WHERE", "JOIN", "LEFT", "ON", "ORDER", "GROUP"}:
            found[alias] = table
    return found


def full_scans(connection: sqlite3.Connection, sql: str) -> list[str]:
    """The plan lines of `sql` that read a big table whole."""
    tables = _aliases(sql)
    scans = []
    for *_, detail in connection.execute("EXPLAIN QUERY PLAN " + sql):
        scanned = re.match(r"SCAN (\w+)", detail)
        if scanned and tables.get(scanned.group(1)) in BIG_TABLES:
            scans.append(detail)
    return scans


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_hot_queries_use_an_index(monkeypatch, real_db, args):
    statements = _statements(monkeypatch, real_db, args)
    assert statements, "the trace saw no query"
    connection = sqlite3.connect(real_db)
    try:
        problems = {
            " ".join(sql.split())[:200]: scans
            for sql in statements
            if (scans := full_scans(connection, sql))
        }
    finally:
        connection.close()
    assert problems == {}


def test_the_check_sees_a_full_scan(real_db):
    connection = sqlite3.connect(real_db)
    try:
        assert full_scans(connection, "SELECT * FROM events e WHERE e.note = 'x'") == ["SCAN e"]
        assert full_scans(connection, "SELECT * FROM events WHERE operation_id = 'x'") == []
    finally:
        connection.close()


def test_a_card_seeks_what_the_case_files_say_of_its_record(real_db):
    """The `contradictions` listing reads its table whole; a card asks only of its record."""
    connection = sqlite3.connect(real_db)
    try:
        plan = " ".join(
            row[-1]
            for row in connection.execute(
                "EXPLAIN QUERY PLAN SELECT id FROM contradictions "
                "WHERE subject_kind = ? AND subject_id = ? ORDER BY id",
                ("figure", "x"),
            )
        )
    finally:
        connection.close()
    assert "USING INDEX contradictions_subject" in plan
