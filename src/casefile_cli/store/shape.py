"""Whether a database still has the shape schema.sql gives it.

A database edited by another tool may have lost a table or a column while
keeping its schema version; reading it then fails far from the cause. These
checks run in `db check` and when a lookup fails, never on the happy path.
"""

from __future__ import annotations

import functools
import os
import sqlite3

_COLUMNS = (
    "SELECT m.name, p.name FROM sqlite_master AS m, pragma_table_info(m.name) AS p "
    "WHERE m.type IN ('table', 'view')"
)


@functools.cache
def expected_columns() -> frozenset[tuple[str, str]]:
    """(table, column) for every table and view schema.sql declares."""
    with open(os.path.join(os.path.dirname(__file__), "schema.sql"), encoding="utf-8") as file:
        schema = file.read()
    connection = sqlite3.connect(":memory:")
    try:
        connection.executescript(schema)
        return frozenset(connection.execute(_COLUMNS).fetchall())
    finally:
        connection.close()


def missing_columns(connection: sqlite3.Connection) -> list[str]:
    """'table.column' (or 'table') for what schema.sql declares and the database lacks."""
    present = {tuple(row) for row in connection.execute(_COLUMNS).fetchall()}
    tables = {table for table, _ in present}
    missing = []
    for table, column in sorted(expected_columns() - present):
        if table not in tables:
            if table not in missing:
                missing.append(table)
        else:
            missing.append(f"{table}.{column}")
    return missing
