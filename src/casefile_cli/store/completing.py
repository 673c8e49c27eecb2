"""The reads shell completion makes: index seeks only, and never an error
(completion must not print one into the user's command line)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Sequence

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


def _connect(path: str) -> sqlite3.Connection | None:
    """A read-only connection to the casefile database at `path`, or None."""
    if not os.path.isfile(path):  # nor wait for a FIFO
        return None
    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True)
    except (sqlite3.Error, OSError):
        return None
    try:
        check_shape(connection, path)
    except (sqlite3.Error, OSError, DatabaseError):
        connection.close()
        return None
    return connection


def _rows(path: str, sql: str, parameters: tuple) -> list[tuple]:
    connection = _connect(path)
    if connection is None:
        return []
    try:
        return _all(connection, sql, parameters)
    finally:
        connection.close()


# Steps of SQLite's virtual machine the scan of the names in order may take
# before the word seek is tried instead: about 30 ms, at most a fifth of a
# million names. The scan stops at its limit, quick when many names have
# the word; the seek costs in proportion to the words starting with the
# prefix, quick when few do. The rows are the same.
SCAN_STEPS = 2_000_000
# Fewer words than this starting with the prefix: the seek, without the scan.
FEW_WORDS = 2000


def name_forms(
    path: str,
    prefix: str,
    kinds: Sequence[str],
    limit: int,
    words_indexed: bool = False,
    settled: Callable | None = None,
) -> list[NameForm]:
    """Name forms whose normalised form starts with `prefix`, and the record
    names that have a word (a surname) starting with it. `words_indexed`:
    every word that starts with the prefix is in `name_words` (it is one
    word, and no stopword starts with it), so the names can be found there.
    `settled(forms, later_word)` may say that the surnames are not needed,
    asking `later_word(word)` whether a name has it as a later word."""
    connection = _connect(path)
    if connection is None:
        return []
    try:
        found: list[NameForm] = []
        queries = _name_rows(connection, prefix, kinds, limit, words_indexed)
        for number, rows in enumerate(queries):
            found += [NameForm(*row) for row in rows]
            if number == 2 and settled and settled(found, _later_word(connection, kinds)):
                break  # the surnames' query is the slowest: a scan at scale
        return found
    finally:
        connection.close()


def _later_word(connection: sqlite3.Connection, kinds: Sequence[str]) -> Callable[[str], bool]:
    """`word` (normalised, one word the name index keeps) -> whether an own
    name of `kinds` has it as a later word (True if the index cannot say)."""
    kinds_in = f"record_kind IN ({placeholders(kinds)})"
    sql = (
        "SELECT 1 FROM names WHERE id IN (SELECT name_id FROM name_words WHERE fold = ? "
        f"AND {kinds_in}) AND form_kind IN ('name', 'full-name') AND {kinds_in} "
        "AND norm LIKE '% ' || ? || '%' LIMIT 1"
    )

    def later_word(word: str) -> bool:
        try:
            return connection.execute(sql, (word, *kinds, *kinds, word)).fetchone() is not None
        except sqlite3.Error:
            return True

    return later_word


def _name_rows(connection, prefix: str, kinds: Sequence[str], limit: int, indexed: bool):
    kinds_in = f"record_kind IN ({placeholders(kinds)})"
    forms = (prefix, prefix + "\uffff", *kinds, limit)
    # First the records the case files tell most of (told of in more than one
    # section: a small partial index at any size), most told first, so a flood
    # of rarely mentioned names cannot crowd them out; then the rest in index order.
    yield _all(
        connection,
        "SELECT form, form_kind, label, record_kind, record_id FROM names INDEXED BY names_told "
        f"WHERE weight > 1 AND norm >= ? AND norm < ? AND {kinds_in} "
        "ORDER BY weight DESC, norm, form LIMIT ?",
        forms,
    )
    # A later word of a record's own name (its surname). The prefix is
    # normalised (letters, digits, spaces), so it needs no LIKE escaping.
    later_word = "form_kind IN ('name', 'full-name') AND norm LIKE '% ' || ? || '%'"
    yield _all(
        connection,
        "SELECT form, 'word', label, record_kind, record_id FROM names INDEXED BY names_told "
        f"WHERE weight > 1 AND {later_word} AND {kinds_in} ORDER BY weight DESC, norm LIMIT ?",
        (prefix, *kinds, limit),
    )
    yield _all(
        connection,
        "SELECT form, form_kind, label, record_kind, record_id FROM names "
        f"WHERE norm >= ? AND norm < ? AND {kinds_in} ORDER BY norm, form LIMIT ?",
        forms,
    )
    by_word = (
        "SELECT form, 'word', label, record_kind, record_id FROM names {} "
        f"WHERE {later_word} AND {kinds_in} ORDER BY norm, record_kind, id LIMIT ?"
    )
    words = f"SELECT name_id FROM name_words WHERE fold >= ? AND fold < ? AND {kinds_in}"
    word_range = (prefix, prefix + "\uffff", *kinds)
    seek = by_word.format("").replace("WHERE ", f"WHERE id IN ({words}) AND ", 1)
    if indexed and _fewer(connection, words, word_range, FEW_WORDS):
        rows = _all(connection, seek, (*word_range, prefix, *kinds, limit))
    else:  # the scan, in the index's order so that it stops at the limit ...
        scan = by_word.format("INDEXED BY names_norm")
        rows = _all(connection, scan, (prefix, *kinds, limit), SCAN_STEPS if indexed else None)
    if rows is None:  # ... or, if it reads too long, the seek
        rows = _all(connection, seek, (*word_range, prefix, *kinds, limit))
    yield rows or []


def _fewer(connection: sqlite3.Connection, sql: str, parameters: tuple, most: int) -> bool:
    """Whether `sql` has fewer than `most` rows (it reads at most that many)."""
    counted = f"SELECT count(*) FROM ({sql} LIMIT ?)"
    found = _all(connection, counted, (*parameters, most))
    return bool(found) and found[0][0] < most


def _all(connection: sqlite3.Connection, sql: str, parameters: tuple, steps: int | None = None):
    """The rows of `sql`; [] if it fails, None if it takes more than `steps`."""
    taken = 0

    def progress() -> int:
        nonlocal taken
        taken += 1000
        return int(taken > steps)

    if steps is not None:
        connection.set_progress_handler(progress, 1000)
    try:
        return connection.execute(sql, parameters).fetchall()
    except sqlite3.OperationalError:
        return None if steps is not None and taken > steps else []
    except sqlite3.Error:
        return []
    finally:
        connection.set_progress_handler(None, 0)


def casefile_numbers(path: str) -> list[tuple[str, str]]:
    return _rows(path, "SELECT number, title FROM casefiles ORDER BY number", ())


def entry_kinds(path: str) -> list[str]:
    """The kinds of events and operations, for `timeline --kind`."""
    sql = "SELECT kind FROM events UNION SELECT kind FROM operations ORDER BY 1"
    return [row[0] for row in _rows(path, sql, ()) if row[0]]
