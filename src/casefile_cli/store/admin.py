"""Looking after a database: integrity checks, the read-only SQL sandbox
(`casefile sql`) and the schema description (`casefile schema`)."""

from __future__ import annotations

import os
import sqlite3

from casefile_cli.errors import UsageError
from casefile_cli.store.connect import open_database
from casefile_cli.store.reader import Database


def schema_version(connection: sqlite3.Connection) -> str | None:
    try:
        row = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row else None


# Polymorphic references that SQLite's foreign keys cannot declare.
_DANGLING = {
    "aliases": "SELECT count(*) FROM aliases a WHERE NOT EXISTS (SELECT 1 FROM figures "
    "WHERE id = a.record_id UNION SELECT 1 FROM organisations WHERE id = a.record_id "
    "UNION SELECT 1 FROM places WHERE id = a.record_id)",
    "record_sections": "SELECT count(*) FROM record_sections r WHERE NOT EXISTS (SELECT 1 FROM "
    "figures WHERE id = r.record_id UNION SELECT 1 FROM operations WHERE "
    "id = r.record_id UNION SELECT 1 FROM organisations WHERE id = r.record_id "
    "UNION SELECT 1 FROM places WHERE id = r.record_id)",
    "names": "SELECT count(*) FROM names n WHERE NOT EXISTS (SELECT 1 FROM figures WHERE "
    "id = n.record_id UNION SELECT 1 FROM operations WHERE id = n.record_id UNION "
    "SELECT 1 FROM organisations WHERE id = n.record_id UNION SELECT 1 FROM places "
    "WHERE id = n.record_id)",
}


def check_integrity(connection: sqlite3.Connection) -> list[str]:
    """Problems found by SQLite's own checks and ours (empty when the file is sound)."""
    problems = []
    try:
        result = connection.execute("PRAGMA integrity_check").fetchall()
        if [tuple(r) for r in result] != [("ok",)]:
            problems.append("integrity_check: " + ", ".join(str(r[0]) for r in result[:5]))
        for table, rowid, parent, _ in connection.execute("PRAGMA foreign_key_check").fetchall()[
            :10
        ]:
            problems.append(f"row {rowid} of {table} refers to a missing {parent}")
        for table, sql in _DANGLING.items():
            count = connection.execute(sql).fetchone()[0]
            if count:
                problems.append(f"{count} rows of {table} refer to records that do not exist")
    except sqlite3.DatabaseError as error:
        problems.append(f"cannot check: {error}")
    return problems


_WRITE_ACTIONS = {
    sqlite3.SQLITE_READ,
    sqlite3.SQLITE_SELECT,
    sqlite3.SQLITE_FUNCTION,
    sqlite3.SQLITE_RECURSIVE,
}
# PRAGMAs that only report; any other one is refused. The first set takes a
# table or index name; the second may only read its value, never set it.
_SAFE_PRAGMAS = {"table_info", "table_xinfo", "index_list", "index_info", "foreign_key_list"}
_SAFE_VALUE_PRAGMAS = {"user_version", "schema_version", "encoding", "compile_options"}


def _authorise(action, arg1, arg2, _database, _trigger):
    if action in _WRITE_ACTIONS:
        if action == sqlite3.SQLITE_FUNCTION and arg2 in (
            "load_extension",
            "writefile",
            "readfile",
            "edit",
        ):
            return sqlite3.SQLITE_DENY
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_PRAGMA and (
        arg1 in _SAFE_PRAGMAS or (arg1 in _SAFE_VALUE_PRAGMAS and arg2 is None)
    ):
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


def read_only_query(path: str | os.PathLike, query: str) -> tuple[list[str], list[tuple]]:
    """Run one SELECT. The file is opened read-only and an authorizer refuses
    anything but reading, so nothing can be changed through it."""
    if not query.strip():
        raise UsageError("the SQL query is empty; give one SELECT statement")
    database = open_database(path)
    connection = database.connection
    connection.row_factory = None
    connection.set_authorizer(_authorise)
    try:
        cursor = connection.execute(query)
        rows = cursor.fetchall()
    except sqlite3.DatabaseError as error:
        text = str(error)
        if "not authorized" in text or "prohibited" in text:
            raise UsageError(
                "casefile sql only reads: writes, ATTACH, PRAGMAs that change state and "
                "extensions are refused"
            ) from None
        if "one statement at a time" in text:
            raise UsageError("give one SQL statement at a time") from None
        raise UsageError(f"SQL error: {text}") from None
    except sqlite3.Warning as error:
        raise UsageError(f"SQL error: {error}") from None
    columns = [d[0] for d in cursor.description or []]
    return columns, rows


TABLE_DESCRIPTIONS = {
    "meta": "application name and schema version",
    "casefiles": "one row per case file: number, title, subtitle, epigraph, attribution",
    "sections": "the chapters of each case file, which every fact cites",
    "figures": "people: canonical and native name, summary",
    "aliases": "every other name of a person, organisation or place, by kind",
    "record_sections": "which sections mention which record",
    "positions": "offices people held, with EDTF dates and sortable bounds",
    "fates": "accounts of how people ended, one row per account, with certainty",
    "fate_agents": "who killed, ordered, organised or helped, per fate account",
    "operations": "operations: title, kind, date, place, method, outcome, agency",
    "participants": "people's roles in operations, with certainty",
    "operation_groups": "groups targeted or involved in operations, with counts",
    "notes": "our notes on operations and organisations",
    "events": "every dated event in the text",
    "event_figures": "people in events, with role",
    "event_organisations": "organisations in events",
    "relations": "ties between people: recruited, lured, replaced, served under...",
    "quotations": "words people said, as printed",
    "contradictions": "places where the case file disagrees with itself",
    "contradiction_claims": "the competing claims of each contradiction",
    "organisations": "organisations: names over time, parent, predecessor, dates",
    "places": "places named in the text",
    "names": "name index: every name form, normalised",
    "name_words": "name index: word fold keys pointing at names",
    "vocabulary": "name index: distinct word fold keys",
    "fold_variants": "name index: fold keys with one letter deleted, for typos",
    "documents": "text of every record for full-text search",
    "documents_fts": "FTS5 index over documents",
    "names_fts": "FTS5 index over names",
    "operation_roles": "view: who had which role in which operation",
    "killings": "view: victims and their killers, orderers, organisers",
    "office_holders": "view: who held which office when",
}


def describe_schema(db: Database) -> list[dict]:
    rows = db._all(
        "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') "
        "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts_%' ORDER BY type, name"
    )
    tables = []
    for name, kind in rows:
        columns = db._all("SELECT name, type FROM pragma_table_info(?)", (name,))
        tables.append(
            {
                "name": name,
                "type": kind,
                "description": TABLE_DESCRIPTIONS.get(name, ""),
                "columns": [{"name": c[0], "type": c[1]} for c in columns],
            }
        )
    return tables
