"""The full-text tables are declared so that sqlite-utils and Datasette find
them (the search box, `?_search=`), and search still answers through them."""

import sqlite3

import pytest
import sqlite_utils

from .support import run_cli


@pytest.mark.parametrize(
    ("table", "index"), [("documents", "documents_fts"), ("names", "names_fts")]
)
def test_sqlite_utils_detects_the_full_text_tables(real_db, table, index):
    assert sqlite_utils.Database(real_db)[table].detect_fts() == index


def test_full_text_tables_are_fts5_over_their_content_table(real_db):
    with sqlite3.connect(real_db) as connection:
        (sql,) = connection.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'documents_fts'"
        ).fetchone()
    assert 'content="documents"' in sql
    assert "FTS5" in sql
    assert "porter" in sql


def test_datasette_detects_the_full_text_table(real_db):
    utils = pytest.importorskip("datasette.utils", reason="Datasette ([web] extra) not installed")
    with sqlite3.connect(real_db) as connection:
        assert utils.detect_fts(connection, "documents") == "documents_fts"


def test_search_and_sql_read_the_full_text_tables(real_db):
    hits = run_cli("--db", str(real_db), "search", "ice axe", "--json").json()
    assert any(h["id"] == "trotsky-assassination" for h in hits)
    query = "SELECT count(*) AS n FROM names_fts WHERE names_fts MATCH 'trotsky'"
    rows = run_cli("--db", str(real_db), "sql", query, "--json").json()
    assert rows[0]["n"] > 0


@pytest.mark.parametrize("table", ["figures", "operations", "organisations"])
def test_record_tables_have_their_own_index(real_db, table):
    assert sqlite_utils.Database(real_db)[table].detect_fts() == f"{table}_fts"


def _record_search(path, table: str, text: str) -> list[str]:
    # The query Datasette runs for `?_search=`: the table's rowids in its index.
    with sqlite3.connect(path) as connection:
        return [
            row[0]
            for row in connection.execute(
                f"SELECT id FROM {table} WHERE rowid IN "
                f"(SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ?)",
                (text,),
            )
        ]


def test_record_indexes_survive_an_import_replace(db_copy):
    from casefile_cli.build import import_casefile

    from .support import EXAMPLE_SOURCES

    import_casefile(EXAMPLE_SOURCES / "9001", db_copy)
    import_casefile(EXAMPLE_SOURCES / "9001", db_copy, replace=True)
    assert _record_search(db_copy, "figures", "brandt") == ["anna-brandt"]
    assert "leon-trotsky" in _record_search(db_copy, "figures", "trotsky")
    with sqlite3.connect(db_copy) as connection:
        for table in ("documents", "names", "figures", "operations", "organisations"):
            # rank 1: also compares the index with the content table's rows.
            connection.execute(
                f"INSERT INTO {table}_fts ({table}_fts, rank) VALUES ('integrity-check', 1)"
            )
