"""Looking after a database: integrity checks, the read-only SQL sandbox
(`casefile sql`) and the schema description (`casefile schema`)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from casefile_cli.errors import UsageError
from casefile_cli.store.connect import open_database
from casefile_cli.store.limits import QueryWatch
from casefile_cli.store.reader import Database
from casefile_cli.store.shape import missing_columns
from casefile_cli.vocabulary import DEATH_OUTCOMES, KILL_PARTS


def schema_version(connection: sqlite3.Connection) -> str | None:
    try:
        row = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row else None


# Sortable date bounds: an unknown one is NULL, never year 0 or 9999.
_DATE_BOUNDS = {
    "positions": ("date_from_lower", "date_from_seen", "date_to_upper", "date_to_seen"),
    "organisations": ("date_from_lower", "date_to_upper"),
    "operations": ("date_lower", "date_seen_from", "date_upper", "date_seen_to"),
    "events": ("date_lower", "date_seen_from", "date_upper", "date_seen_to"),
    "fates": ("date_lower", "date_upper"),
    "relations": ("date_lower", "date_upper"),
}
_KIND_TABLES = {
    "figure": "figures",
    "operation": "operations",
    "organisation": "organisations",
    "place": "places",
    "event": "events",
}
# Polymorphic references that SQLite's foreign keys cannot declare: the
# kinds each table's (record_kind, record_id) may name. Ids are unique
# within a kind only, so a row must point at a record of its own kind.
_POLYMORPHIC = {
    "aliases": ("figure", "organisation", "place", "operation"),
    "outside_fields": ("figure", "organisation", "place"),
    "notes": ("operation", "organisation"),
    "record_sections": ("figure", "operation", "organisation", "place"),
    "names": ("figure", "operation", "organisation", "place", "event"),
    "documents": ("figure", "operation", "organisation", "event"),
}


def _orphans(table: str, kinds: tuple[str, ...]) -> str:
    known = " OR ".join(
        f"(t.record_kind = '{kind}' AND EXISTS (SELECT 1 FROM {_KIND_TABLES[kind]} "
        "WHERE id = t.record_id))"
        for kind in kinds
    )
    return f"SELECT count(*) FROM {table} t WHERE NOT ({known})"


def _unindexed(table: str, kind: str) -> str:
    # EXCEPT sorts once; documents has no index on its record.
    return (
        f"SELECT count(*) FROM (SELECT id FROM {_KIND_TABLES[kind]} EXCEPT "
        f"SELECT record_id FROM {table} WHERE record_kind = '{kind}')"
    )


_DANGLING = {table: _orphans(table, kinds) for table, kinds in _POLYMORPHIC.items()}
# Rows every build derives from each record: their absence means a record
# lost its name index or full-text document.
_MISSING = {
    f"{_KIND_TABLES[kind]} without an entry in {table}": _unindexed(table, kind)
    for table in ("names", "documents")
    for kind in _POLYMORPHIC[table]
}
_MISSING["aliases without an entry in names"] = (
    "SELECT count(*) FROM aliases a WHERE NOT EXISTS (SELECT 1 FROM names n WHERE "
    "n.record_kind = a.record_kind AND n.record_id = a.record_id AND n.form = a.alias)"
)


_DEATHS = ", ".join(f"'{o}'" for o in DEATH_OUTCOMES)
_KILL_PARTS = ", ".join(f"'{p}'" for p in KILL_PARTS)
# An actor's death: the upper bound of their best-supported account, if a death.
_ACTOR_DEATH = f"""(SELECT max(d.date_upper) FROM fates d WHERE d.figure_id = {{actor}}
                    AND d.best = 1 AND d.outcome IN ({_DEATHS}))"""
# Claims that contradict the model: each query yields one line per problem.
_CLAIM_CHECKS = {
    "a part in a death on an account that tells of none": f"""
        SELECT fa.figure_id || ' (' || fa.outcome || '): ' || a.figure_id || ' ' || a.part
        FROM fate_agents a JOIN fates fa ON fa.id = a.fate_id
        WHERE fa.outcome NOT IN ({_DEATHS}) AND a.part IN ({_KILL_PARTS})""",
    "a claim dated after its actor's death, with no note saying why": f"""
        SELECT a.figure_id || ' in the fate of ' || fa.figure_id || ' ('
               || COALESCE(a.date, fa.date) || ')'
        FROM fate_agents a JOIN fates fa ON fa.id = a.fate_id
        WHERE a.note IS NULL
          AND COALESCE(a.date_lower, fa.date_lower) > {_ACTOR_DEATH.format(actor="a.figure_id")}
        UNION ALL
        SELECT p.figure_id || ' in ' || p.operation_id || ' (' || o.date || ')'
        FROM participants p JOIN operations o ON o.id = p.operation_id
        WHERE p.detail IS NULL AND p.role NOT IN ('target', 'witness', 'other')
          AND o.date_lower > {_ACTOR_DEATH.format(actor="p.figure_id")}""",
}


def check_claims(connection: sqlite3.Connection) -> list[str]:
    """Claims the model does not allow: a part in a death on a fate that is
    not a death (kills would count it), and a claim dated after its actor died
    without a note saying why."""
    problems = []
    for what, sql in _CLAIM_CHECKS.items():
        found = [row[0] for row in connection.execute(sql).fetchall()]
        if found:
            problems.append(f"{what}: " + ", ".join(found[:5]))
    return problems


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
        missing = missing_columns(connection)
        if missing:
            problems.append("missing from the schema: " + ", ".join(missing[:10]))
        for table, sql in _DANGLING.items():
            count = connection.execute(sql).fetchone()[0]
            if count:
                problems.append(f"{count} rows of {table} refer to records that do not exist")
        for what, sql in _MISSING.items():
            count = connection.execute(sql).fetchone()[0]
            if count:
                problems.append(f"{count} {what}")
        for table, columns in _DATE_BOUNDS.items():
            for column in columns:
                bound = "'0000%'" if "lower" in column or "from" in column else "'9999%'"
                count = connection.execute(
                    f"SELECT count(*) FROM {table} WHERE {column} LIKE {bound}"
                ).fetchone()[0]
                if count:
                    problems.append(
                        f"{count} rows of {table} store an unknown bound as year "
                        f"{bound[1:5]} in {column} (store NULL)"
                    )
        problems += check_claims(connection)
    except sqlite3.DatabaseError as error:
        problems.append(f"cannot check: {error}")
    return problems


_WRITE_ACTIONS = {
    sqlite3.SQLITE_READ,
    sqlite3.SQLITE_SELECT,
    sqlite3.SQLITE_FUNCTION,
    sqlite3.SQLITE_RECURSIVE,
}
# Functions that reach outside the database (files, extensions) or, for
# fts3_tokenizer, hand out and take raw pointers.
_DENIED_FUNCTIONS = {"load_extension", "writefile", "readfile", "edit", "fts3_tokenizer"}
# PRAGMAs that only report; any other one is refused. The first set takes a
# table or index name; the second may only read its value, never set it
# (FTS5 reads data_version itself on every MATCH).
_SAFE_PRAGMAS = {"table_info", "table_xinfo", "index_list", "index_info", "foreign_key_list"}
_SAFE_VALUE_PRAGMAS = {
    "user_version",
    "schema_version",
    "encoding",
    "compile_options",
    "data_version",
}


def _authorise(action, arg1, arg2, _database, _trigger):
    if action in _WRITE_ACTIONS:
        if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() in _DENIED_FUNCTIONS:
            return sqlite3.SQLITE_DENY
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_PRAGMA and (
        arg1 in _SAFE_PRAGMAS or (arg1 in _SAFE_VALUE_PRAGMAS and arg2 is None)
    ):
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


# The limits of `casefile sql`; 0 for timeout or max_rows means none.
DEFAULT_TIMEOUT = 10.0  # seconds of SQLite work
DEFAULT_MAX_ROWS = 1_000_000
MAX_VALUE_BYTES = 10_000_000  # the longest string or blob a query may make
_BATCH = 500
# The virtual tables a query may use: the schema's full-text indexes, the
# JSON table-valued functions and the pragma_* forms of the PRAGMAs allowed.
_FULL_TEXT_TABLES = (
    "documents_fts",
    "names_fts",
    "figures_fts",
    "operations_fts",
    "organisations_fts",
)


@contextmanager
def read_only_query(
    path: str | os.PathLike,
    query: str,
    *,
    timeout: float | None = None,
    max_rows: int | None = None,
) -> Iterator[tuple[list[str], Iterator[tuple]]]:
    """Run one SELECT: yields its column names and an iterator of its rows,
    read from SQLite as they are taken. The file is opened read-only and an
    authorizer refuses anything but reading, so nothing can be changed
    through it. The query stops (exit 2) after `timeout` seconds of work,
    beyond `max_rows` rows or at a value over MAX_VALUE_BYTES, and on Ctrl-C
    (exit 130). Blobs come back as SQL hex literals, x'00ff'."""
    timeout, max_rows = _limits(timeout, max_rows)
    if not query.strip():
        raise UsageError("the SQL query is empty; give one SELECT statement")
    connection = open_database(path).connection
    stopped = f"query stopped after {timeout:g} s; use --timeout SECONDS (0 = no limit)"
    watch = QueryWatch(connection, timeout, stopped)
    try:
        connection.row_factory = None
        _open_virtual_tables(connection)
        if hasattr(connection, "setlimit"):  # Python 3.11+
            connection.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
        connection.set_authorizer(_authorise)
        with watch:
            with watch.running(), _sql_errors():
                cursor = connection.execute(query)
            columns = [d[0] for d in cursor.description or []]
            yield columns, _rows(cursor, watch, max_rows)
    finally:
        connection.close()


def _limits(timeout: float | None, max_rows: int | None) -> tuple[float, int]:
    timeout = DEFAULT_TIMEOUT if timeout is None else timeout
    max_rows = DEFAULT_MAX_ROWS if max_rows is None else max_rows
    if not timeout >= 0:  # also refuses NaN
        raise UsageError(f"--timeout must be 0 (no limit) or a number of seconds, not {timeout}")
    if max_rows < 0:
        raise UsageError(f"--max-rows must be 0 (no limit) or a number of rows, not {max_rows}")
    return timeout, max_rows


def _open_virtual_tables(connection: sqlite3.Connection) -> None:
    """Connect the allowed virtual tables before the authorizer is set.
    SQLite builds one by parsing a CREATE TABLE, which the authorizer would
    refuse, and then keeps it for the connection's later statements."""
    try:
        present = {
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE "
                "VIRTUAL TABLE % USING fts5%'"
            )
        }
        for name in _FULL_TEXT_TABLES:
            if name in present:
                connection.execute(f"SELECT 1 FROM {name} LIMIT 0")
        connection.execute("SELECT 1 FROM json_each('[]'), json_tree('[]') LIMIT 0")
        for pragma in sorted(_SAFE_PRAGMAS | _SAFE_VALUE_PRAGMAS):
            connection.execute(f"SELECT * FROM pragma_{pragma} LIMIT 0")
    except sqlite3.DatabaseError:
        pass  # a damaged schema or index: a query that uses it gets SQLite's own message


def _rows(cursor: sqlite3.Cursor, watch: QueryWatch, max_rows: int) -> Iterator[tuple]:
    count = 0
    while True:
        with watch.running(), _sql_errors():
            batch = cursor.fetchmany(_BATCH)
        if not batch:
            return
        for row in batch:
            count += 1
            if max_rows and count > max_rows:
                raise UsageError(
                    f"the query returned more than {max_rows:,} rows; use --max-rows N "
                    "(0 = no limit) or LIMIT"
                )
            if bytes in map(type, row):
                row = tuple(_hex_literal(v) if type(v) is bytes else v for v in row)
            yield row


def _hex_literal(value: bytes) -> str:
    return f"x'{value.hex()}'"


@contextmanager
def _sql_errors():
    """SQLite's refusals and errors, as one usage line each."""
    try:
        yield
    except sqlite3.DataError as error:
        if "too big" not in str(error):
            raise UsageError(f"SQL error: {error}") from None
        raise UsageError(
            f"a string or blob in the query is over casefile sql's limit of "
            f"{MAX_VALUE_BYTES:,} bytes"
        ) from None
    except sqlite3.DatabaseError as error:
        text = str(error)
        if "not authorized" in text or "authorization denied" in text or "prohibited" in text:
            raise UsageError(
                "casefile sql only reads: writes, ATTACH, PRAGMAs that change state and "
                "extensions are refused"
            ) from None
        if "one statement at a time" in text:
            raise UsageError("give one SQL statement at a time") from None
        raise UsageError(f"SQL error: {text}") from None
    except sqlite3.Warning as error:
        raise UsageError(f"SQL error: {error}") from None
    except MemoryError:
        # Python 3.10 has no setlimit: SQLite's or Python's allocation fails instead.
        raise UsageError("the query needs more memory than there is; add LIMIT") from None


TABLE_DESCRIPTIONS = {
    "meta": "application name and schema version",
    "casefiles": "one row per case file: number, title, subtitle, epigraph, attribution",
    "sections": "the chapters of each case file, which every fact cites",
    "figures": "people: canonical and native name, summary",
    "aliases": "every other name of a person, organisation, place or operation, by kind",
    "same_as": "records of one case file that are one with a record of another",
    "record_sections": "which sections mention which record",
    "positions": "offices people held, with EDTF dates and sortable bounds",
    "fates": "accounts of how people ended, one row per account, with certainty",
    "fate_agents": "claims: who killed, ordered, organised, helped or had another part, "
    "per fate account, each with its part, certainty and basis",
    "outside_fields": "fields of records that hold knowledge from outside the case file",
    "operations": "operations: title, kind, date, place, method, outcome, agency",
    "participants": "people's roles in operations, with certainty",
    "participant_sources": "a role in an operation told again by a later case file: its source",
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
    "document_ranges": "each case file's documents: rowid range, count, tokens (search ranking)",
    "documents_fts": "FTS5 index over documents",
    "names_fts": "FTS5 index over names",
    "figures_fts": "FTS5 index over figures (Datasette's search box)",
    "operations_fts": "FTS5 index over operations (Datasette's search box)",
    "organisations_fts": "FTS5 index over organisations (Datasette's search box)",
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
