"""Where a database's case files came from, kept in its `meta` table:
which were imported (and from what path), and for the user's database the
packaged database it was made from (so an updated package is noticed)."""

from __future__ import annotations

import hashlib
import os
import sqlite3

BASE_HASH = "base_sha256"
BASE_STAMP = "base_stamp"  # size and mtime of the packaged file: a cheap first look
_IMPORTED = "imported:"


def record_base(connection: sqlite3.Connection, sha256: str, stamp: str) -> None:
    connection.executemany(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
        [(BASE_HASH, sha256), (BASE_STAMP, stamp)],
    )


def base_of(connection: sqlite3.Connection) -> tuple[str | None, str | None]:
    """(sha256, stamp) of the packaged database this one was made from."""
    found = dict(
        connection.execute(
            "SELECT key, value FROM meta WHERE key IN (?, ?)", (BASE_HASH, BASE_STAMP)
        ).fetchall()
    )
    return found.get(BASE_HASH), found.get(BASE_STAMP)


def record_import(connection: sqlite3.Connection, number: str, origin: str) -> None:
    connection.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (_IMPORTED + number, origin)
    )


def forget_import(connection: sqlite3.Connection, number: str) -> None:
    connection.execute("DELETE FROM meta WHERE key = ?", (_IMPORTED + number,))


def imported(connection: sqlite3.Connection) -> dict[str, str]:
    """{case-file number: the path it was imported from}."""
    rows = connection.execute(
        "SELECT substr(key, ?), value FROM meta WHERE key LIKE ? ORDER BY key",
        (len(_IMPORTED) + 1, _IMPORTED + "%"),
    ).fetchall()
    return dict(rows)


def import_order(connection: sqlite3.Connection) -> list[str]:
    """The imported case files' numbers in the order they were last imported
    (each import writes its row anew, and VACUUM keeps the rows' order)."""
    rows = connection.execute(
        "SELECT substr(key, ?) FROM meta WHERE key LIKE ? ORDER BY rowid",
        (len(_IMPORTED) + 1, _IMPORTED + "%"),
    ).fetchall()
    return [row[0] for row in rows]


def casefile_numbers(connection: sqlite3.Connection) -> list[str]:
    return [row[0] for row in connection.execute("SELECT number FROM casefiles ORDER BY number")]


def stamp(path: str | os.PathLike) -> str:
    status = os.stat(path)
    return f"{status.st_size}:{status.st_mtime_ns}"


def sha256(path: str | os.PathLike) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def identity(path: str | os.PathLike) -> tuple[str, str]:
    """(sha256, stamp) of a database file, as record_base takes them."""
    return sha256(path), stamp(path)
