"""What the database offers to people who browse it in Datasette: the case
files' own descriptions, the columns' descriptions written in schema.sql, and
canned queries for the usual questions. `web.py` turns these into Datasette
metadata; the SQL lives here, with the rest of the store's SQL.
"""

from __future__ import annotations

import os
import re
import sqlite3

# A column line of schema.sql with a comment: `    name TYPE ...,   -- what it holds`.
_COMMENTED_COLUMN = re.compile(r"^\s+([a-z_]+)\s+[A-Z]+\b.*?--\s*(.+)$")
_TABLE = re.compile(r"^CREATE TABLE ([a-z_]+)")

# The conventions the schema's header states, for columns without their own comment.
COLUMN_CONVENTIONS = {
    "section_id": "the case-file section this fact comes from (sections.id, e.g. 0121/kirov)",
    "certainty": "stated (the text says so), alleged, disputed, or official (the version "
    "given out at the time)",
    "casefile": "the case file's number (casefiles.number)",
}
_BOUND = re.compile(r"^(date(?:_from|_to)?)_(lower|upper)$")

# Each canned query: (name, title, description, SQL with :named parameters).
CANNED_QUERIES = (
    (
        "who_killed",
        "Who killed this person?",
        "Every account of a person's death: killers, who ordered and organised it, and "
        "accomplices, with certainty and section. Part of a name or an alias is enough.",
        """SELECT victim, outcome, date, method, agent, role, certainty, operation_id, section_id
FROM killings
WHERE victim LIKE '%' || :person || '%'
   OR victim_id IN (SELECT record_id FROM aliases
                    WHERE record_kind = 'figure' AND alias LIKE '%' || :person || '%')
ORDER BY victim, date, role""",
    ),
    (
        "office_on_date",
        "Who held an office on a date?",
        "Office holders whose tenure may include the date (YYYY, YYYY-MM or YYYY-MM-DD); "
        "leave the office empty for every office.",
        """SELECT figure, title, organisation, office, date_from, date_to, certainty, section_id
FROM office_holders
WHERE office IS NOT NULL
  AND COALESCE(date_from_lower, '0000') <= :date
  AND COALESCE(date_to_upper, '9999') >= :date
  AND (:office = '' OR office LIKE '%' || :office || '%' OR title LIKE '%' || :office || '%'
       OR organisation LIKE '%' || :office || '%')
ORDER BY office, date_from_lower""",
    ),
    (
        "what_a_person_did",
        "What did this person do?",
        "A person's roles in operations, events and killings, in date order.",
        """SELECT date, 'operation' AS kind, operation AS what, role, detail, certainty, section_id
FROM operation_roles
WHERE figure LIKE '%' || :person || '%'
UNION ALL
SELECT date, 'killing', victim, role, method, certainty, section_id
FROM killings
WHERE agent LIKE '%' || :person || '%'
UNION ALL
SELECT e.date, 'event', e.title, ef.role, e.note, e.certainty, e.section_id
FROM event_figures ef JOIN events e ON e.id = ef.event_id JOIN figures f ON f.id = ef.figure_id
WHERE f.name LIKE '%' || :person || '%'
ORDER BY date""",
    ),
    (
        "search_everything",
        "Search every record",
        "Full-text search over every record's names and prose, best first.",
        """SELECT d.record_kind AS kind, d.record_id AS id, d.name,
       snippet(documents_fts, 1, '[', ']', '…', 12) AS snippet
FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid
WHERE documents_fts MATCH :text
ORDER BY bm25(documents_fts)""",
    ),
)


def casefile_rows(path: str | os.PathLike) -> list[dict]:
    """The case files in the database at `path`, read-only, by number."""
    uri = "file:" + os.fspath(path) + "?mode=ro"
    with sqlite3.connect(uri, uri=True) as connection:
        connection.row_factory = sqlite3.Row
        rows = connection.execute(
            "SELECT number, title, subtitle, attribution, source_file, summary "
            "FROM casefiles ORDER BY number"
        ).fetchall()
    return [dict(row) for row in rows]


def column_descriptions() -> dict[str, dict[str, str]]:
    """{table: {column: description}} from schema.sql's column comments and
    the conventions its header states (bounds, sections, certainty)."""
    with open(os.path.join(os.path.dirname(__file__), "schema.sql"), encoding="utf-8") as file:
        lines = file.read().splitlines()
    described: dict[str, dict[str, str]] = {}
    table = None
    for line in lines:
        if found := _TABLE.match(line):
            table = found.group(1)
            described[table] = {}
        elif line.startswith(")"):
            table = None
        elif table is not None and (column := line.split()[0] if line.strip() else ""):
            comment = _COMMENTED_COLUMN.match(line)
            if comment:
                described[table][column] = comment.group(2).strip()
            elif text := convention(column):
                described[table][column] = text
    return {table: columns for table, columns in described.items() if columns}


def convention(column: str) -> str | None:
    """What the schema's conventions say a column holds, if anything."""
    if column in COLUMN_CONVENTIONS:
        return COLUMN_CONVENTIONS[column]
    bound = _BOUND.match(column)
    if bound:
        which = "earliest" if bound.group(2) == "lower" else "latest"
        return f"the {which} ISO day {bound.group(1)} (EDTF) can mean, for range queries"
    if column in ("date", "date_from", "date_to"):
        return "an EDTF date: 1934-12-01, 1925-11, 1927~ (about), 1940-04/1940-05 (between)"
    return None
