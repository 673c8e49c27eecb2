"""Finding a casefile database and opening it read-only."""

from __future__ import annotations

import os
import re
import sqlite3
import stat
import sys
from collections.abc import Sequence

from casefile_cli.errors import DatabaseError
from casefile_cli.store.query import placeholders

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing

if TYPE_CHECKING:
    from casefile_cli.store.reader import Database

SCHEMA_VERSION = "3"
APPLICATION = "casefile"
ENV_VAR = "CASEFILE_DB"


def packaged_database() -> str:
    """The database shipped in the wheel, or the checkout's data/casefiles.db."""
    # os.path, not pathlib: this runs on every lookup and pathlib costs ~5 ms to import.
    package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    shipped = os.path.join(package, "data", "casefiles.db")
    if os.path.isfile(shipped):
        return shipped
    return os.path.join(os.path.dirname(os.path.dirname(package)), "data", "casefiles.db")


def user_data_dir() -> str:
    """Where this user's imports live ($XDG_DATA_HOME/casefile on Linux)."""
    if sys.platform not in ("win32", "darwin", "ios", "android", "cygwin"):
        # The XDG rule as platformdirs applies it, without importing it: its
        # import costs a lookup ~40 ms (tests/test_many_casefiles.py checks
        # that the two agree).
        base = os.environ.get("XDG_DATA_HOME", "").strip()
        return os.path.join(base or os.path.expanduser("~/.local/share"), "casefile")
    # platformdirs knows the other platforms' places (Library/Application
    # Support, %LOCALAPPDATA%).
    from platformdirs import user_data_dir as data_dir

    return data_dir("casefile", appauthor=False)


def user_database() -> str:
    """The database of the packaged case files plus the user's imports."""
    return os.path.join(user_data_dir(), "casefiles.db")


def chosen_database(explicit: str | os.PathLike | None = None) -> str | None:
    """`--db PATH`, then $CASEFILE_DB: one file to read and write; else None."""
    if explicit:
        return os.fspath(explicit)
    return os.environ.get(ENV_VAR) or None


def locate_database(explicit: str | os.PathLike | None = None) -> str:
    """`--db PATH`, then $CASEFILE_DB, then the user's database if there are
    imports, then the packaged database."""
    chosen = chosen_database(explicit)
    if chosen:
        return chosen
    user = user_database()
    if os.path.isfile(user):
        return user
    return packaged_database()


def read_only_uri(path: str | os.PathLike) -> str:
    """A read-only SQLite URI for a file name (escaping what URIs reserve)."""
    escaped = (
        os.path.realpath(os.fspath(path))
        .replace("%", "%25")
        .replace("?", "%3f")
        .replace("#", "%23")
    )
    return f"file:{escaped}?mode=ro"


def open_database(path: str | os.PathLike) -> Database:
    """Open a casefile database read-only, or raise one clear `DatabaseError`."""
    path = os.fspath(path)
    if not os.path.exists(path):
        raise DatabaseError(
            f"database not found: {path}",
            hint="build it with 'casefile db build' or point --db / CASEFILE_DB at one",
        )
    if os.path.isdir(path):
        raise DatabaseError(f"database path is a directory, not a file: {path}")
    if not stat.S_ISREG(os.stat(path).st_mode):
        # SQLite would wait forever for a FIFO's writer.
        raise DatabaseError(f"database path is not a regular file (a FIFO or device?): {path}")
    connection, row = _connect_read_only(path)
    if row is None or row[0] != SCHEMA_VERSION:
        found = row[0] if row else "none"
        raise DatabaseError(
            f"{path} has casefile schema version {found}; this casefile reads version "
            f"{SCHEMA_VERSION}",
            hint="rebuild it with 'casefile db build'",
        )
    connection.row_factory = sqlite3.Row
    from casefile_cli.store.reader import Database  # not for completion, which only seeks names

    return Database(connection, path)


def _connect_read_only(path: str) -> tuple[sqlite3.Connection, tuple | None]:
    """A query-only connection and the file's schema-version row (if any)."""
    try:
        # A writer holding the file locked makes us wait briefly, then say so.
        connection = sqlite3.connect(read_only_uri(path), uri=True, timeout=2.0)
        connection.execute("PRAGMA query_only = ON")
        check_shape(connection, path)
        row = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.OperationalError as error:
        text = str(error)
        if "no such table" in text:
            raise DatabaseError(
                f"{path} is a SQLite database but not a casefile database"
            ) from None
        if "locked" in text or "busy" in text:
            raise DatabaseError(f"database is locked by another process: {path}") from None
        raise DatabaseError(f"cannot read database {path}: {text}") from None
    except sqlite3.DatabaseError as error:
        raise DatabaseError(f"{path} is not a usable SQLite database ({error})") from None
    return connection, row


_CREATE = re.compile(r"CREATE\s+(TABLE|VIRTUAL\s+TABLE|VIEW)\s+(\w+)", re.IGNORECASE)
_expected: dict[str, tuple[str, str | None]] = {}


def _normalised(sql: str) -> str:
    return " ".join(re.sub(r"--[^\n]*", " ", sql).split()).rstrip(";").strip()


def expected_objects() -> dict[str, tuple[str, str | None]]:
    """{name: (type, SQL)} of schema.sql's tables and views; the SQL only
    for views and virtual tables, whose definitions run code when read."""
    if not _expected:
        with open(os.path.join(os.path.dirname(__file__), "schema.sql"), encoding="utf-8") as file:
            script = re.sub(r"--[^\n]*", " ", file.read())
        for statement in script.split(";"):
            found = _CREATE.search(statement)
            if found:
                kind = found.group(1).upper()
                sql = _normalised(statement) if kind != "TABLE" else None
                _expected[found.group(2)] = ("view" if kind == "VIEW" else "table", sql)
    return _expected


def check_shape(connection: sqlite3.Connection, path: str) -> None:
    """Refuse a database whose tables are not what casefile made before
    querying them: a `meta` that is a view over an endless recursive CTE,
    or an edited view, would otherwise hang or mislead every command."""
    found = {
        name: (kind, sql)
        for name, kind, sql in connection.execute(
            "SELECT name, type, sql FROM sqlite_master WHERE type IN ('table', 'view')"
        )
    }
    if "meta" not in found:
        raise DatabaseError(f"{path} is a SQLite database but not a casefile database")
    for name, (kind, sql) in expected_objects().items():
        have = found.get(name)
        if have is None:
            continue  # an older schema: the version check below says so
        if have[0] != kind or (sql is not None and _normalised(have[1] or "") != sql):
            raise DatabaseError(
                f"{path} is not a casefile database as built: {name} is not the expected {kind}",
                hint="rebuild it with 'casefile db build'",
            )


# Name forms the build makes for matching only: romanisations nobody wrote
# and "<name> <kind of operation>" phrases are never offered as completions.
UNCOMPLETED_FORMS = ("generated", "kind")


def forms_starting_with(path: str, prefix: str, kinds: Sequence[str], limit: int) -> list[str]:
    """Name forms whose normalised form starts with `prefix`, for completion:
    in index order, so a prefix shared by many names stops early. Never
    raises: completion must not print an error into the user's line."""
    if not os.path.isfile(path):  # nor wait for a FIFO
        return []
    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True)
        check_shape(connection, path)
        rows = connection.execute(
            f"SELECT form FROM names WHERE norm >= ? AND norm < ? AND record_kind IN "
            f"({placeholders(kinds)}) AND form_kind NOT IN ({placeholders(UNCOMPLETED_FORMS)}) "
            "ORDER BY norm, form LIMIT ?",
            (prefix, prefix + "\uffff", *kinds, *UNCOMPLETED_FORMS, limit),
        ).fetchall()
    except (sqlite3.Error, OSError, DatabaseError):
        return []
    return [row[0] for row in rows]
