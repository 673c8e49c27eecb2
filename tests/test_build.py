"""The build: deterministic, all-or-nothing, and the committed database is its product."""

import sqlite3

import pytest

from casefile_cli.build import build_database
from casefile_cli.errors import SourceError
from casefile_cli.store.admin import check_integrity

from .support import EXAMPLE_SOURCES, SOURCES


def table_rows(path):
    connection = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%' "
                "ORDER BY name"
            )
        ]
        return {t: sorted(map(repr, connection.execute(f"SELECT * FROM {t}"))) for t in tables}
    finally:
        connection.close()


def test_build_is_deterministic(tmp_path):
    build_database(EXAMPLE_SOURCES, tmp_path / "a.db")
    build_database(EXAMPLE_SOURCES, tmp_path / "b.db")
    assert table_rows(tmp_path / "a.db") == table_rows(tmp_path / "b.db")


def test_committed_database_matches_the_sources(real_db, tmp_path):
    rebuilt = tmp_path / "rebuilt.db"
    build_database(SOURCES, rebuilt)
    committed, fresh = table_rows(real_db), table_rows(rebuilt)
    assert committed.keys() == fresh.keys()
    for table in fresh:
        assert committed[table] == fresh[table], (
            f"table {table} differs from a fresh build: run 'casefile db build' and commit"
        )


def test_failed_build_leaves_the_target_untouched(tmp_path):
    target = tmp_path / "casefiles.db"
    build_database(EXAMPLE_SOURCES, target)
    before = target.read_bytes()
    broken = tmp_path / "sources" / "9001"
    broken.mkdir(parents=True)
    for path in (EXAMPLE_SOURCES / "9001").glob("*.yaml"):
        (broken / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (broken / "zz.yaml").write_text("figures:\n  - {id: x, name: X}\n", encoding="utf-8")
    with pytest.raises(SourceError):
        build_database(tmp_path / "sources", target)
    assert target.read_bytes() == before
    # No temporary file is left behind (the lock file stays, as lock files do).
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "casefiles.db",
        "casefiles.db.lock",
        "sources",
    ]


def test_database_opens_as_plain_sqlite(example_db):
    connection = sqlite3.connect(example_db)
    assert check_integrity(connection) == []
    views = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='view'")}
    assert {"operation_roles", "killings", "office_holders"} <= views
    fk = connection.execute("SELECT * FROM pragma_foreign_key_list('participants')").fetchall()
    assert {row[2] for row in fk} == {"operations", "figures", "sections"}
    hit = connection.execute(
        "SELECT d.record_id FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid "
        "WHERE documents_fts MATCH 'biscuits'"
    ).fetchall()
    assert hit == [("harbour-affair",)]
    rows = connection.execute(
        "SELECT victim, agent, role, certainty FROM killings ORDER BY role"
    ).fetchall()
    assert rows == [
        ("Anna Brandt", "Karl [bold]Marker[/bold]", "killer", "alleged"),
        ("Anna Brandt", "Otto Stern", "ordered_by", "alleged"),
    ]


def test_generated_german_spelling(example_db, tmp_path):
    # Umlauts get an 'ue' form so Muenzenberg finds Münzenberg.
    from casefile_cli.rows import GERMAN_FOLDS

    assert "Münzenberg".translate(GERMAN_FOLDS) == "Muenzenberg"
