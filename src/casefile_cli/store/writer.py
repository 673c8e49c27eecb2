"""The build's writes: creating a fresh database and filling it.

Only `build` uses this module; lookups never import it.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterable

from casefile_cli.store.connect import APPLICATION, SCHEMA_VERSION
from casefile_cli.store.limits import INDEXED_CHARACTERS, INDEXED_REPEATS
from casefile_cli.store.searching import document_tokens


def compact(connection: sqlite3.Connection) -> None:
    """Rewrite the file without free pages (after a build or import)."""
    connection.execute("VACUUM")


def casefile_present(connection: sqlite3.Connection, number: str) -> bool:
    return (
        connection.execute("SELECT 1 FROM casefiles WHERE number = ?", (number,)).fetchone()
        is not None
    )


def fill_evidence(connection: sqlite3.Connection, number: str) -> None:
    """An unknown end of a span is attested by what is dated: an operation by
    its events, then (as an event) by its other end. Never by year 0 or 9999."""
    connection.execute(
        """UPDATE operations SET
               date_seen_from = COALESCE(date_seen_from,
                   (SELECT MIN(e.date_seen_from) FROM events e
                    WHERE e.operation_id = operations.id),
                   date_seen_to),
               date_seen_to = COALESCE(date_seen_to,
                   (SELECT MAX(e.date_seen_to) FROM events e
                    WHERE e.operation_id = operations.id),
                   date_seen_from)
           WHERE casefile = ?""",
        (number,),
    )
    connection.execute(
        """UPDATE events SET date_seen_from = COALESCE(date_seen_from, date_seen_to),
                             date_seen_to = COALESCE(date_seen_to, date_seen_from)
           WHERE casefile = ?""",
        (number,),
    )


def next_fate_id(connection: sqlite3.Connection) -> int:
    return connection.execute("SELECT COALESCE(max(id), 0) + 1 FROM fates").fetchone()[0]


_NAME_SOURCES = """
        SELECT * FROM (
        SELECT f.casefile AS casefile, 'figure' AS kind, f.id AS id, f.name AS label,
               f.name AS form, 'name' AS form_kind, COALESCE(
                   (SELECT fa.outcome || ' ' || COALESCE(fa.date, '') || ' · ' FROM fates fa
                    WHERE fa.figure_id = f.id AND fa.best = 1), '') ||
                   substr(f.summary, 1, 120) AS detail
        FROM figures f
        UNION ALL SELECT f.casefile, 'figure', f.id, f.name, f.native_name, 'native', NULL
        FROM figures f WHERE f.native_name IS NOT NULL
        UNION ALL SELECT COALESCE(a.casefile, f.casefile), 'figure', a.record_id, f.name, a.alias,
               a.kind, NULL
        FROM aliases a JOIN figures f ON f.id = a.record_id WHERE a.record_kind = 'figure'
        UNION ALL SELECT o.casefile, 'operation', o.id, o.title, o.title, 'name',
               COALESCE(o.date, '') || ' · ' || o.kind
        FROM operations o
        UNION ALL SELECT COALESCE(a.casefile, o.casefile), 'operation', a.record_id, o.title,
               a.alias, a.kind, NULL
        FROM aliases a JOIN operations o ON o.id = a.record_id WHERE a.record_kind = 'operation'
        UNION ALL SELECT o.casefile, 'organisation', o.id, o.name, o.name, 'name', o.full_name
        FROM organisations o
        UNION ALL SELECT o.casefile, 'organisation', o.id, o.name, o.full_name, 'full-name', NULL
        FROM organisations o WHERE o.full_name IS NOT NULL
        UNION ALL SELECT o.casefile, 'organisation', o.id, o.name, o.native_name, 'native', NULL
        FROM organisations o WHERE o.native_name IS NOT NULL
        UNION ALL SELECT COALESCE(a.casefile, o.casefile), 'organisation', a.record_id, o.name,
               a.alias, a.kind, NULL
        FROM aliases a JOIN organisations o ON o.id = a.record_id
        WHERE a.record_kind = 'organisation'
        UNION ALL SELECT o.casefile, 'operation', o.id, o.title, s.heading, 'heading', NULL
        FROM operations o JOIN sections s ON s.id = o.section_id WHERE o.chaptered
        UNION ALL SELECT o.casefile, 'operation', o.id, o.title,
               s.heading || ' (' || s.heading_date || ')', 'heading', NULL
        FROM operations o JOIN sections s ON s.id = o.section_id
        WHERE o.chaptered AND s.heading_date IS NOT NULL
        UNION ALL SELECT o.casefile, 'operation', o.id, o.title,
               f.name || ' ' || replace(o.kind, '-', ' '), 'kind', NULL
        FROM operations o JOIN participants p ON p.operation_id = o.id
        JOIN figures f ON f.id = p.figure_id
        WHERE p.role IN ('target', 'perpetrator') GROUP BY o.id, f.id
        UNION ALL SELECT e.casefile, 'event', e.id, e.title, e.title, 'name',
               e.date || ' · ' || e.kind FROM events e
        UNION ALL SELECT p.casefile, 'place', p.id, p.name, p.name, 'name', p.kind FROM places p
        UNION ALL SELECT COALESCE(a.casefile, p.casefile), 'place', a.record_id, p.name, a.alias,
               a.kind, NULL
        FROM aliases a JOIN places p ON p.id = a.record_id WHERE a.record_kind = 'place'
        ) AS named
        ORDER BY (SELECT count(*) FROM record_sections rs
                  WHERE rs.record_kind = named.kind AND rs.record_id = named.id) DESC,
                 kind, id, form_kind, form, casefile
"""


def name_sources(connection: sqlite3.Connection) -> Iterable[tuple]:
    """(casefile, kind, id, label, form, form_kind, detail) for every name of every
    record, as a cursor (a large database does not fit in a list), in a fixed
    order: the records told of in most sections first, so that a word many
    names share finds those first (store/names.py reads a word's first names).
    Besides names and aliases: each chapter heading as printed (with and without
    its date) names the operation it tells, "<target or perpetrator> <kind>"
    phrases let "reiss murder" find an operation, and events are named by title."""
    return connection.execute(_NAME_SOURCES)


# Each case file's documents are one run of rowids, the record told of in most
# sections first: FTS5 reads matches in rowid order, so search can stop after
# the first few hundred of a word and still have a case file's main records
# (store/searching.py).
_DOCUMENTS = """
INSERT INTO documents (casefile, record_kind, record_id, name, body)
SELECT casefile, kind, id, name, body FROM (
SELECT f.casefile AS casefile, 'figure' AS kind, f.id AS id, f.name AS name, indexed_text(
       f.summary || ' ' || COALESCE((SELECT group_concat(alias, ' ') FROM aliases
                                      WHERE record_kind = 'figure' AND record_id = f.id), '')
       || ' ' || COALESCE((SELECT group_concat(COALESCE(method, '') || ' ' ||
                                               COALESCE(note, ''), ' ')
                           FROM fates WHERE figure_id = f.id), '')) AS body
FROM figures f
UNION ALL
SELECT o.casefile, 'operation', o.id, o.title, indexed_text(
       o.summary || ' ' || COALESCE(o.method, '') || ' ' || COALESCE(o.outcome, '') || ' ' ||
       COALESCE((SELECT group_concat(alias, ' ') FROM aliases
                 WHERE record_kind = 'operation' AND record_id = o.id), '') || ' ' ||
       COALESCE((SELECT group_concat(note, ' ') FROM notes
                 WHERE record_kind = 'operation' AND record_id = o.id), '') || ' ' ||
       COALESCE((SELECT group_concat(text, ' ') FROM quotations WHERE operation_id = o.id), ''))
FROM operations o
UNION ALL
SELECT o.casefile, 'organisation', o.id, o.name,
       indexed_text(COALESCE(o.full_name, '') || ' ' || COALESCE(o.summary, ''))
FROM organisations o
UNION ALL
SELECT e.casefile, 'event', e.id, e.title, indexed_text(COALESCE(e.note, '')) FROM events e
) AS told
ORDER BY casefile, (SELECT count(*) FROM record_sections rs
                    WHERE rs.record_kind = told.kind AND rs.record_id = told.id) DESC, kind, id
"""

_DOCUMENT_RANGES = """
INSERT INTO document_ranges (casefile, first_id, last_id, documents, tokens)
SELECT d.casefile, min(d.id), max(d.id), count(*), sum(fts_tokens(z.sz))
FROM documents d JOIN documents_fts_docsize z ON z.id = d.id
GROUP BY d.casefile
"""

_WORD = re.compile(r"\w+")


def indexed_text(text: str | None) -> str:
    """`text` as the full-text index gets it: cut to INDEXED_CHARACTERS (at a
    space), and each word kept only the first INDEXED_REPEATS times it occurs.
    Text within both bounds is kept exactly as it is."""
    if not text:
        return ""
    if len(text) > INDEXED_CHARACTERS:
        cut = text.rfind(" ", 0, INDEXED_CHARACTERS + 1)
        text = text[: cut if cut > 0 else INDEXED_CHARACTERS]
    seen: dict[str, int] = {}
    kept, start = [], 0
    for word in _WORD.finditer(text):
        key = word.group().casefold()
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > INDEXED_REPEATS:
            kept.append(text[start : word.start()])
            start = word.end()
    if not kept:
        return text
    kept.append(text[start:])
    return " ".join("".join(kept).split())


def insert_names(
    connection: sqlite3.Connection, names: list[tuple], name_words: list[tuple]
) -> None:
    connection.executemany(
        "INSERT INTO names (id, casefile, record_kind, record_id, label, form, form_kind, norm, "
        "detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        names,
    )
    connection.executemany(
        "INSERT OR IGNORE INTO name_words (fold, record_kind, name_id) VALUES (?, ?, ?)",
        name_words,
    )


def weigh_names(connection: sqlite3.Connection) -> None:
    """Each name form's weight: how many sections mention its record."""
    connection.execute(
        "UPDATE names SET weight = (SELECT count(*) FROM record_sections rs "
        "WHERE rs.record_kind = names.record_kind AND rs.record_id = names.record_id)"
    )


def fill_vocabulary(connection: sqlite3.Connection) -> list[tuple[str, str]]:
    """Distinct (record_kind, fold) of the name index, stored and returned."""
    connection.execute(
        "INSERT INTO vocabulary (record_kind, fold) "
        "SELECT DISTINCT record_kind, fold FROM name_words ORDER BY 1, 2"
    )
    return connection.execute("SELECT record_kind, fold FROM vocabulary").fetchall()


def insert_fold_variants(connection: sqlite3.Connection, rows: Iterable[tuple]) -> None:
    connection.executemany(
        "INSERT OR IGNORE INTO fold_variants (variant, record_kind, fold) VALUES (?, ?, ?)", rows
    )


def create_schema(connection: sqlite3.Connection) -> None:
    """Tables, indexes, views, full-text tables and metadata of an empty database."""
    with open(os.path.join(os.path.dirname(__file__), "schema.sql"), encoding="utf-8") as file:
        script = file.read()
    connection.executescript(script)
    create_full_text(connection)
    connection.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?)",
        [("application", APPLICATION), ("schema_version", SCHEMA_VERSION)],
    )
    connection.execute("PRAGMA user_version = " + SCHEMA_VERSION)


_STEMMED = "porter unicode61 remove_diacritics 2"
# The FTS5 indexes: (content table, its columns, tokenizer). `documents_fts`
# (casefile search) stems English words; `names_fts` keeps names as written.
# The record tables' own indexes give Datasette's table pages a search box.
FULL_TEXT = (
    ("documents", ("name", "body"), _STEMMED),
    ("names", ("form", "label"), "unicode61 remove_diacritics 2"),
    ("figures", ("name", "native_name", "summary"), _STEMMED),
    ("operations", ("title", "method", "outcome", "summary"), _STEMMED),
    ("organisations", ("name", "full_name", "native_name", "summary"), _STEMMED),
)


def create_full_text(connection: sqlite3.Connection) -> None:
    """The FTS5 tables, declared by sqlite-utils (`content="documents"`) the
    way sqlite-utils and Datasette parse, so both find them (Datasette's
    search box, `?_search=`); they are filled by `fill_documents`."""
    import sqlite_utils

    db = sqlite_utils.Database(connection)
    for table, columns, tokenize in FULL_TEXT:
        db[table].enable_fts(columns, fts_version="FTS5", tokenize=tokenize)


def clear_indexes(connection: sqlite3.Connection) -> None:
    """Empty the derived tables (name index, documents) before they are refilled."""
    derived = ("name_words", "fold_variants", "vocabulary", "names", "documents")
    for table in (*derived, "document_ranges"):
        connection.execute(f"DELETE FROM {table}")


def fill_documents(connection: sqlite3.Connection) -> None:
    connection.create_function("indexed_text", 1, indexed_text, deterministic=True)
    connection.execute(_DOCUMENTS)
    # The record tables' indexes point at their rowids, which compact()'s
    # VACUUM keeps (a test checks after an import --replace).
    for table, _, _ in FULL_TEXT:
        connection.execute(f"INSERT INTO {table}_fts ({table}_fts) VALUES ('rebuild')")
    fill_document_ranges(connection)


def fill_document_ranges(connection: sqlite3.Connection) -> None:
    """Each case file's run of documents, counted from the filled full-text index."""
    connection.create_function("fts_tokens", 1, document_tokens, deterministic=True)
    connection.execute("DELETE FROM document_ranges")
    connection.execute(_DOCUMENT_RANGES)


# Record kinds with a key of their own, and their tables.
_KEYED_TABLES = {
    "figure": "figures",
    "operation": "operations",
    "event": "events",
    "organisation": "organisations",
    "place": "places",
    "contradiction": "contradictions",
    "quotation": "quotations",
}
_BATCH = 500  # ids per IN (...): under SQLite's limit on variables


def _owner(kind: str) -> str:
    """The SQL for a keyed row's case file: its column, or for a quotation
    (which has none) its section's."""
    if kind == "quotation":
        return "substr(section_id, 1, instr(section_id, '/') - 1)"
    return "casefile"


def held_keys(
    connection: sqlite3.Connection, kind: str, ids: list[str], other_than: str | None = None
) -> set[str]:
    """Those of `ids` that are already a key of a record of `kind` (of a case
    file other than `other_than`, if given)."""
    table, held = _KEYED_TABLES[kind], set()
    other = f" AND {_owner(kind)} != ?" if other_than else ""
    for start in range(0, len(ids), _BATCH):
        batch = ids[start : start + _BATCH]
        marks = ", ".join("?" * len(batch))
        held.update(
            row[0]
            for row in connection.execute(
                f"SELECT id FROM {table} WHERE id IN ({marks}){other}",
                [*batch, *([other_than] if other_than else [])],
            )
        )
    return held


def find_record(
    connection: sqlite3.Connection, kind: str, casefile: str, record_id: str
) -> tuple | None:
    """(key, canonical key, canonical case file) of case file `casefile`'s
    record `record_id` of `kind`, the canonical parts None unless it is linked
    by same_as; None if there is no such record. The key is the id, or
    `CASEFILE/ID` where another case file held the id first."""
    row = connection.execute(
        f"SELECT id FROM {_KEYED_TABLES[kind]} WHERE id IN (?, ?) AND casefile = ?",
        (record_id, f"{casefile}/{record_id}", casefile),
    ).fetchone()
    if row is not None:
        return row[0], None, None
    row = connection.execute(
        "SELECT canonical_id, canonical_casefile FROM same_as "
        "WHERE record_kind = ? AND record_id = ? AND casefile = ?",
        (kind, record_id, casefile),
    ).fetchone()
    return (None, row[0], row[1]) if row is not None else None


def qualified_ids(connection: sqlite3.Connection, number: str) -> set[tuple[str, str]]:
    """(kind, id) of case file `number`'s records stored as `NUMBER/ID`."""
    found = set()
    for kind, table in _KEYED_TABLES.items():
        found.update(
            (kind, row[0].rpartition("/")[2])
            for row in connection.execute(
                f"SELECT id FROM {table} WHERE {_owner(kind)} = ? AND substr(id, 1, ?) = ?",
                (number, len(number) + 1, number + "/"),
            )
        )
    return found


def retold_participants(connection: sqlite3.Connection, rows: list[dict]) -> list[dict]:
    """Those of a case file's participant rows whose operation, person and
    role another case file's row already holds: a second source of that claim."""
    return [
        row
        for row in rows
        if connection.execute(
            "SELECT 1 FROM participants WHERE operation_id = ? AND figure_id = ? AND role = ?",
            (row["operation_id"], row["figure_id"], row["role"]),
        ).fetchone()
    ]


def linking_casefiles(connection: sqlite3.Connection, number: str) -> list[str]:
    """Other case files with a same_as naming a record of case file `number`."""
    return [
        row[0]
        for row in connection.execute(
            "SELECT DISTINCT casefile FROM same_as WHERE canonical_casefile = ? "
            "AND casefile != ? ORDER BY 1",
            (number, number),
        )
    ]


_PARTICIPANT_COLUMNS = (
    "operation_id, figure_id, role, detail, certainty, basis, section_id, scope_ids"
)
_PROMOTE_PARTICIPANTS = f"""
INSERT INTO participants ({_PARTICIPANT_COLUMNS})
SELECT {_PARTICIPANT_COLUMNS} FROM participant_sources s
WHERE s.rowid = (SELECT min(t.rowid) FROM participant_sources t
                 WHERE t.operation_id = s.operation_id AND t.figure_id = s.figure_id
                   AND t.role = s.role)
  AND NOT EXISTS (SELECT 1 FROM participants p WHERE p.operation_id = s.operation_id
                  AND p.figure_id = s.figure_id AND p.role = s.role)
ORDER BY s.rowid"""


def delete_casefile(connection: sqlite3.Connection, number: str) -> None:
    """Remove every row that belongs to one case file (children first). A row
    belongs to the case file whose section it cites, or whose number it
    carries: rows told of another case file's record (by same_as) go with
    the case file that told them, and the record's own rows stay."""
    sections = "(SELECT id FROM sections WHERE casefile = :n)"
    statements = [
        f"DELETE FROM fate_agents WHERE fate_id IN (SELECT id FROM fates WHERE section_id IN "
        f"{sections})",
        f"DELETE FROM fates WHERE section_id IN {sections}",
        f"DELETE FROM positions WHERE section_id IN {sections}",
        f"DELETE FROM participant_sources WHERE section_id IN {sections}",
        f"DELETE FROM participants WHERE section_id IN {sections}",
        # A role another case file told too stays, now under its next telling.
        _PROMOTE_PARTICIPANTS,
        "DELETE FROM participant_sources WHERE EXISTS (SELECT 1 FROM participants p "
        "WHERE p.operation_id = participant_sources.operation_id AND p.figure_id = "
        "participant_sources.figure_id AND p.role = participant_sources.role "
        "AND p.section_id = participant_sources.section_id)",
        f"DELETE FROM operation_groups WHERE section_id IN {sections}",
        "DELETE FROM event_figures WHERE event_id IN (SELECT id FROM events WHERE casefile = :n)",
        "DELETE FROM event_organisations WHERE event_id IN "
        "(SELECT id FROM events WHERE casefile = :n)",
        f"DELETE FROM relations WHERE section_id IN {sections}",
        f"DELETE FROM quotations WHERE section_id IN {sections}",
        "DELETE FROM contradiction_claims WHERE contradiction_id IN "
        "(SELECT id FROM contradictions WHERE casefile = :n)",
        "DELETE FROM contradictions WHERE casefile = :n",
        f"DELETE FROM record_sections WHERE section_id IN {sections}",
        # Ids are unique within a kind only: a place of one case file may share
        # its id with a person of another, so these deletes name the kind.
        "DELETE FROM notes WHERE casefile = :n OR (casefile IS NULL AND ("
        "(record_kind = 'operation' AND record_id IN "
        "(SELECT id FROM operations WHERE casefile = :n)) OR (record_kind = 'organisation' "
        "AND record_id IN (SELECT id FROM organisations WHERE casefile = :n))))",
        "DELETE FROM aliases WHERE casefile = :n OR (casefile IS NULL AND ("
        "(record_kind = 'figure' AND record_id IN "
        "(SELECT id FROM figures WHERE casefile = :n)) OR (record_kind = 'organisation' "
        "AND record_id IN (SELECT id FROM organisations WHERE casefile = :n)) OR "
        "(record_kind = 'place' AND record_id IN (SELECT id FROM places WHERE casefile = :n)) OR "
        "(record_kind = 'operation' AND record_id IN "
        "(SELECT id FROM operations WHERE casefile = :n))))",
        "DELETE FROM outside_fields WHERE (record_kind = 'figure' AND record_id IN "
        "(SELECT id FROM figures WHERE casefile = :n)) OR (record_kind = 'organisation' "
        "AND record_id IN (SELECT id FROM organisations WHERE casefile = :n)) OR "
        "(record_kind = 'place' AND record_id IN (SELECT id FROM places WHERE casefile = :n))",
        "DELETE FROM same_as WHERE casefile = :n",
        "DELETE FROM events WHERE casefile = :n",
        "DELETE FROM operations WHERE casefile = :n",
        "DELETE FROM figures WHERE casefile = :n",
        "DELETE FROM organisations WHERE casefile = :n",
        "DELETE FROM places WHERE casefile = :n",
        "DELETE FROM sections WHERE casefile = :n",
        "DELETE FROM casefiles WHERE number = :n",
    ]
    for statement in statements:
        connection.execute(statement, {"n": number})
