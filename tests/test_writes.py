"""Writes keep what they do not own: a replaced case file takes only its own
rows, `db check` notices rows that point nowhere or lost their index."""

from __future__ import annotations

import sqlite3

import pytest

from .support import run_cli

COLLIDING = """\
casefile: {number: "9200", title: Colliding ids}
sections:
  - {id: one, heading: One}
places:
  - id: nikolai-yezhov
    name: Yezhov Street
    section: one
    aliases: [{alias: Yezhov Lane, kind: spelling}]
organisations:
  - {id: slutsky-assassination, name: Slutsky Club, section: one, notes: [A club note.]}
"""
# Answers about #0121 that the other case file must not change.
LOOKUPS = [
    ("figure", "Yezkov", "--json"),
    ("figure", "nikolai-yezhov", "--json"),
    ("figure", "yezhov", "--plain"),
    ("kills", "yezhov", "--json"),
    ("who-killed", "slutsky", "--json"),
    ("show", "Assassination of Abram Slutsky", "--json"),
    ("show", "Assassination of Abram Slutsky", "--plain"),
]


def answers(db):
    return [run_cli("--db", str(db), *lookup) for lookup in LOOKUPS]


def test_replacing_a_case_file_with_colliding_ids_keeps_the_others_rows(db_copy, tmp_path):
    folder = tmp_path / "9200"
    folder.mkdir()
    (folder / "casefile.yaml").write_text(COLLIDING, encoding="utf-8")
    before = answers(db_copy)
    assert all(r.exit_code == 0 for r in before), [r.stderr for r in before]
    assert run_cli("--db", str(db_copy), "import", str(folder)).exit_code == 0
    replaced = run_cli("--db", str(db_copy), "import", str(folder), "--replace")
    assert replaced.exit_code == 0, replaced.stderr
    after = answers(db_copy)
    assert after == before
    check = run_cli("--db", str(db_copy), "db", "check")
    assert check.exit_code == 0, check.stderr
    place = sqlite3.connect(db_copy).execute(
        "SELECT alias FROM aliases WHERE record_kind = 'place' AND record_id = 'nikolai-yezhov'"
    )
    assert [alias for (alias,) in place] == ["Yezhov Lane"]


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (
            "INSERT INTO aliases VALUES ('place', 'nikolai-yezhov', 'Yezhov St', 'spelling', 0)",
            "1 rows of aliases refer to records that do not exist",
        ),
        (
            "INSERT INTO notes (record_kind, record_id, note) "
            "VALUES ('organisation', 'slutsky-assassination', 'x')",
            "1 rows of notes refer to records that do not exist",
        ),
        (
            "DELETE FROM names WHERE record_kind = 'figure' AND record_id = 'sergei-kirov'",
            "1 figures without an entry in names",
        ),
        (
            "DELETE FROM documents WHERE record_kind = 'operation' AND record_id = "
            "'slutsky-assassination'",
            "1 operations without an entry in documents",
        ),
        (
            "DELETE FROM names WHERE record_kind = 'figure' AND form = 'Yezkov'",
            "1 aliases without an entry in names",
        ),
    ],
    ids=["alias-of-a-missing-place", "note-of-a-missing-org", "no-name", "no-document", "alias"],
)
def test_db_check_notices_orphaned_and_missing_rows(db_copy, damage, expected):
    connection = sqlite3.connect(db_copy)
    with connection:
        connection.execute(damage)
    connection.close()
    result = run_cli("--db", str(db_copy), "db", "check")
    assert result.exit_code == 5
    assert expected in result.stderr + result.stdout
