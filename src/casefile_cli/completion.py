"""Shell completion of names, fast enough for every TAB press: one indexed
prefix query on the name index, no fuzzy matching."""

from __future__ import annotations


def complete_names(incomplete: str, kinds: tuple[str, ...], limit: int = 50) -> list[str]:
    import sqlite3

    from casefile_cli.search import normalise
    from casefile_cli.storage import locate_database

    prefix = normalise(incomplete)
    path = locate_database()
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        rows = connection.execute(
            f"SELECT DISTINCT label FROM names WHERE record_kind IN "
            f"({', '.join('?' for _ in kinds)}) AND norm >= ? AND norm < ? "
            f"ORDER BY label LIMIT ?",
            (*kinds, prefix, prefix + "\uffff", limit),
        ).fetchall()
    except sqlite3.Error:
        return []  # completion must never print an error into the user's line
    return [row[0] for row in rows]
