"""The reads shell completion makes: index seeks only, and never an error
(completion must not print one into the user's command line)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence

from casefile_cli.errors import DatabaseError
from casefile_cli.record import Record
from casefile_cli.store.connect import check_shape, read_only_uri
from casefile_cli.store.query import placeholders


class NameForm(Record):
    form: str  # as the name index holds it
    form_kind: str  # name, native, codename, spelling, ...
    label: str  # the record's own name
    record_kind: str
    record_id: str


def _rows(path: str, sql: str, parameters: Sequence) -> list[tuple]:
    if not os.path.isfile(path):  # nor wait for a FIFO
        return []
    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            check_shape(connection, path)
            return connection.execute(sql, parameters).fetchall()
        finally:
            connection.close()
    except (sqlite3.Error, OSError, DatabaseError):
        return []


def name_forms(path: str, prefix: str, kinds: Sequence[str], limit: int) -> list[NameForm]:
    """Name forms whose normalised form starts with `prefix`, and the record
    names that have a word (a surname) starting with it."""
    by_form = (
        "SELECT form, form_kind, label, record_kind, record_id FROM names "
        f"WHERE norm >= ? AND norm < ? AND record_kind IN ({placeholders(kinds)}) "
        "ORDER BY norm, form LIMIT ?"
    )
    # A later word of a record's own name (its surname): a scan of the few
    # hundred own names, cheaper than any index over words. The prefix is
    # normalised (letters, digits, spaces), so it needs no LIKE escaping.
    by_word = (
        "SELECT form, 'word', label, record_kind, record_id FROM names "
        f"WHERE form_kind IN ('name', 'full-name') AND record_kind IN ({placeholders(kinds)}) "
        "AND norm LIKE '% ' || ? || '%' ORDER BY norm LIMIT ?"
    )
    # First the records the case files tell most of (told of in more than one
    # section: a small partial index at any size), most told first, so a flood
    # of rarely mentioned names cannot crowd them out; then the rest in index order.
    told_by_form = (
        "SELECT form, form_kind, label, record_kind, record_id FROM names INDEXED BY names_told "
        f"WHERE weight > 1 AND norm >= ? AND norm < ? AND record_kind IN ({placeholders(kinds)}) "
        "ORDER BY weight DESC, norm, form LIMIT ?"
    )
    told_by_word = (
        "SELECT form, 'word', label, record_kind, record_id FROM names INDEXED BY names_told "
        f"WHERE weight > 1 AND form_kind IN ('name', 'full-name') "
        f"AND record_kind IN ({placeholders(kinds)}) "
        "AND norm LIKE '% ' || ? || '%' ORDER BY weight DESC, norm LIMIT ?"
    )
    found = _rows(path, told_by_form, (prefix, prefix + "\uffff", *kinds, limit))
    found += _rows(path, told_by_word, (*kinds, prefix, limit))
    found += _rows(path, by_form, (prefix, prefix + "\uffff", *kinds, limit))
    found += _rows(path, by_word, (*kinds, prefix, limit))
    return [NameForm(*row) for row in found]


def casefile_numbers(path: str) -> list[tuple[str, str]]:
    return _rows(path, "SELECT number, title FROM casefiles ORDER BY number", ())


def entry_kinds(path: str) -> list[str]:
    """The kinds of events and operations, for `timeline --kind`."""
    sql = "SELECT kind FROM events UNION SELECT kind FROM operations ORDER BY 1"
    return [row[0] for row in _rows(path, sql, ()) if row[0]]
