"""What every read query shares: the connection, error wrapping, sections."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from functools import cached_property

from casefile_cli.errors import DatabaseError
from casefile_cli.models import Ref, Section


def placeholders(values: Sequence) -> str:
    return ", ".join("?" for _ in values)


def optional_ref(
    record_id: str | None, name: str | None, casefile: str | None = None
) -> Ref | None:
    """A reference from a joined row, none where the id column is empty."""
    return Ref(record_id, name, None, casefile) if record_id else None


def record(model, row: sqlite3.Row, **given):
    """A `model` record (a NamedTuple) from a row: the fields named like one
    of its columns are copied, the rest are `given`."""
    columns = row.keys()
    copied = {f: row[f] for f in model._fields if f not in given and f in columns}
    return model(**copied, **given)


class Query:
    """Base of the read-query groups that `reader.Database` composes."""

    def __init__(self, connection: sqlite3.Connection, path: str):
        self.connection = connection
        self.path = path

    def _all(self, sql: str, params: Sequence = ()) -> list[sqlite3.Row]:
        try:
            return self.connection.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as error:
            raise DatabaseError(f"cannot read database {self.path}: {error}") from None

    def _each(self, sql: str, params: Sequence = ()) -> Iterator[sqlite3.Row]:
        """Rows one at a time as SQLite steps through them (memory flat in the result)."""
        try:
            cursor = self.connection.execute(sql, params)
            while rows := cursor.fetchmany(256):
                yield from rows
        except sqlite3.DatabaseError as error:
            raise DatabaseError(f"cannot read database {self.path}: {error}") from None

    def _one(self, sql: str, params: Sequence = ()) -> sqlite3.Row | None:
        rows = self._all(sql, params)
        return rows[0] if rows else None

    @cached_property
    def _sections(self) -> dict[str, Section]:
        rows = self._all("SELECT id, casefile, slug, heading, heading_date FROM sections")
        return {row["id"]: Section(*row) for row in rows}

    def section(self, section_id: str) -> Section:
        return self._sections[section_id]

    def _ref(self, table: str, record_id: str | None, name_column: str = "name") -> Ref | None:
        if not record_id:
            return None
        row = self._one(f"SELECT {name_column}, casefile FROM {table} WHERE id = ?", (record_id,))
        return Ref(record_id, row[0], None, row[1]) if row else None

    def _record_sections(self, kind: str, record_id: str) -> tuple[Section, ...]:
        rows = self._all(
            "SELECT rs.section_id FROM record_sections rs JOIN sections s ON s.id = rs.section_id "
            "WHERE rs.record_kind = ? AND rs.record_id = ? ORDER BY s.casefile, s.ordinal",
            (kind, record_id),
        )
        return tuple(self.section(row[0]) for row in rows)


COUNTED_TABLES = (
    "casefiles",
    "sections",
    "figures",
    "aliases",
    "positions",
    "fates",
    "operations",
    "participants",
    "events",
    "organisations",
    "places",
    "relations",
    "quotations",
    "contradictions",
    "names",
)


def row_counts(connection: sqlite3.Connection) -> dict[str, int]:
    """Rows in each main table (the build's report, `db check`)."""
    return {
        t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED_TABLES
    }
