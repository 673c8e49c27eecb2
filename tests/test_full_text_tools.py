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
