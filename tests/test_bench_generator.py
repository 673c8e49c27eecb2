"""The benchmark's synthetic database: every kind, deterministic, real records kept."""

import hashlib
import sqlite3
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import make_synthetic  # noqa: E402

KINDS = [
    "figures",
    "aliases",
    "events",
    "event_figures",
    "operations",
    "participants",
    "relations",
    "fates",
    "fate_agents",
    "organisations",
    "positions",
    "places",
    "contradictions",
]


def synthetic_counts(path: Path) -> dict[str, int]:
    db = sqlite3.connect(path)
    counts = {}
    for table in KINDS:
        if table in ("aliases", "event_figures", "participants", "fate_agents", "positions"):
            sql = f"SELECT count(*) FROM {table} WHERE {_synthetic_column(table)} LIKE 'syn-%'"
        elif table in ("relations", "fates"):
            sql = f"SELECT count(*) FROM {table} WHERE section_id LIKE '9999/%'"
        else:
            sql = f"SELECT count(*) FROM {table} WHERE casefile = '9999'"
        counts[table] = db.execute(sql).fetchone()[0]
    db.close()
    return counts


def _synthetic_column(table: str) -> str:
    return "record_id" if table == "aliases" else "figure_id"


def table_digest(path: Path) -> str:
    db = sqlite3.connect(path)
    digest = hashlib.sha256()
    for table in KINDS:
        for row in db.execute(f"SELECT * FROM {table} ORDER BY 1, 2, 3"):
            digest.update(repr(row).encode())
    db.close()
    return digest.hexdigest()


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synthetic")
    first, second = folder / "a.db", folder / "b.db"
    make_synthetic.make(2000, first, seed=7)
    make_synthetic.make(2000, second, seed=7)
    return first, second


def test_every_kind_in_proportion(made):
    counts = synthetic_counts(made[0])
    assert counts["figures"] == 2000
    assert 400 <= counts["events"] <= 800  # about 0.3 a person
    assert 50 <= counts["operations"] <= 150  # about 0.05
    assert counts["participants"] >= 3 * counts["operations"]
    assert 1700 <= counts["relations"] <= 2300  # about 1
    assert 300 <= counts["fates"] <= 500  # about 0.2
    assert counts["fate_agents"] > 0 and counts["positions"] > 0
    assert counts["organisations"] >= 5 and counts["places"] >= 5


def test_same_seed_same_database(made):
    assert table_digest(made[0]) == table_digest(made[1])


def test_real_records_kept_and_summaries_searchable(made):
    db = sqlite3.connect(made[0])
    assert db.execute("SELECT name FROM figures WHERE id = 'leon-trotsky'").fetchone() == (
        "Leon Trotsky",
    )
    hits = db.execute(
        "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'person'"
    ).fetchone()[0]
    assert hits > 500
    # No synthetic name uses a word of a real one, so "trotsky" still means one man.
    assert db.execute(
        "SELECT count(*) FROM figures WHERE casefile = '9999' AND lower(name) LIKE '%trotsky%'"
    ).fetchone() == (0,)
    db.close()
