"""Search at volume: a common word reads a bounded number of full-text rows,
and #0121's answers do not move when another case file floods the index.

The flood is a second case file of short documents written into a copy of
the real database, its ranges refilled as a build would. The bounds are
made small here (monkeypatched) so that a few thousand documents are past
them, as a million are past the shipped ones."""

from __future__ import annotations

import sqlite3

import pytest

from casefile_cli.lookup import search_everything
from casefile_cli.store import searching
from casefile_cli.store.connect import open_database
from casefile_cli.store.writer import fill_document_ranges
from tests.support import run_cli

FLOOD = "9999"


def flood(path, count: int) -> None:
    """Add case file 9999: `count` people, each "a careful person" who once met Stalin."""
    connection = sqlite3.connect(path)
    connection.execute(
        "INSERT INTO casefiles (number, title, summary) VALUES (?, 'F', 'F')", (FLOOD,)
    )
    connection.executemany(
        "INSERT INTO documents (casefile, record_kind, record_id, name, body) "
        "VALUES (?, 'figure', ?, ?, ?)",
        [
            (
                FLOOD,
                f"flood-{i}",
                f"Flood {i}",
                f"A careful person{' who once met Stalin' * (i % 2)}.",
            )
            for i in range(count)
        ],
    )
    connection.execute("INSERT INTO documents_fts (documents_fts) VALUES ('rebuild')")
    fill_document_ranges(connection)
    connection.commit()
    connection.close()


def _summary(number: int) -> str:
    return "A careful person who once met Stalin." if number % 2 else "A careful person."


@pytest.fixture
def small_bounds(monkeypatch):
    monkeypatch.setattr(searching, "WORD_CANDIDATES", 40)
    monkeypatch.setattr(searching, "COUNT_LIMIT", 200)


def real_hits(path, query: str) -> list[tuple]:
    """Every hit of `query` that is not the flood's: kind, id, score, words."""
    db = open_database(path)
    hits = search_everything(db, query, limit=500)
    return [(h.kind, h.id, h.score, h.matched_words) for h in hits if h.casefile != FLOOD]


QUERIES = ["person", "stalin", "axe", "the man with the ice axe", "poison laboratory", "nkvd"]


@pytest.mark.parametrize("query", QUERIES)
def test_a_flood_does_not_move_the_real_case_files_answers(db_copy, small_bounds, query):
    alone = real_hits(db_copy, query)
    flood(db_copy, 2000)
    assert real_hits(db_copy, query) == alone
    assert alone  # every query has #0121 answers to keep


def test_at_volume_real_records_lead_and_stay(db_copy, small_bounds):
    def lines(query: str) -> list[str]:
        return run_cli("--db", str(db_copy), "search", query, "--plain").stdout.splitlines()

    axe = lines("axe")
    flood(db_copy, 2000)

    def ids(query: str) -> list[str]:
        done = run_cli("--db", str(db_copy), "search", query, "--json")
        assert done.exit_code == 0, done.stderr
        return [hit["id"] for hit in done.json()]

    person = ids("person")
    assert {"yakov-serebryansky", "vasily-blokhin"} <= set(person)
    assert any(i.startswith("flood-") for i in person)  # both case files take turns
    stalin = ids("stalin")
    assert stalin[0] == "joseph-stalin"  # the record the query names
    # Every name hit comes before the first passing mention in a flood summary.
    first_flood = next(n for n, i in enumerate(stalin) if i.startswith("flood-"))
    assert first_flood > 0 and not any(i.startswith("flood-") for i in stalin[:first_flood])
    assert set(axe) <= set(
        run_cli("--db", str(db_copy), "search", "axe", "--plain").stdout.splitlines()
    )


def _work(db, run) -> int:
    """SQLite virtual-machine steps (in thousands) of `run()`."""
    ticks = []
    db.connection.set_progress_handler(lambda: ticks.append(1) and 0, 1000)
    run()
    db.connection.set_progress_handler(None, 0)
    return len(ticks)


def _steps(path, query: str) -> int:
    db = open_database(path)
    return _work(db, lambda: search_everything(db, query, limit=20))


def test_a_common_word_reads_a_bounded_number_of_rows(tmp_path, real_db, small_bounds):
    import shutil

    sizes = {}
    for count in (1000, 10000):
        path = tmp_path / f"{count}.db"
        shutil.copyfile(real_db, path)
        flood(path, count)
        sizes[count] = _steps(path, "careful person")
    # Ten times the matching documents, about the same work (not ten times).
    assert sizes[10000] < 1.3 * sizes[1000], sizes


def test_one_case_file_scores_are_fts5_bm25(real_db):
    db = open_database(real_db)
    for terms in (["ice", "axe"], ["person"], ["poison", "laboratory", "stalin"], ["spain"]):
        match = " OR ".join(f'"{t}"' for t in terms)
        expected = {
            rowid: round(-rank, 3)
            for rowid, rank in db.connection.execute(
                "SELECT rowid, bm25(documents_fts) FROM documents_fts WHERE documents_fts MATCH ?",
                (match,),
            )
        }
        got = {hit.document: hit.score for hit in db.text_hits(terms)}
        assert got == expected


def test_pages_agree_with_one_long_page(db_copy, small_bounds):
    flood(db_copy, 300)
    whole = run_cli("--db", str(db_copy), "search", "person stalin", "--json", "--limit", "60")
    pages = []
    for offset in range(0, 60, 15):
        page = run_cli(
            "--db", str(db_copy), "search", "person stalin", "--json",
            "--limit", "15", "--offset", str(offset),
        )  # fmt: skip
        assert page.exit_code == 0, page.stderr
        pages.extend(page.json())
    assert [h["id"] for h in pages] == [h["id"] for h in whole.json()]
    assert len(pages) == 60


def test_an_offset_past_the_hits_is_not_found_and_a_negative_one_is_refused(db_copy):
    past = run_cli("--db", str(db_copy), "search", "axe", "--json", "--offset", "400")
    assert (past.exit_code, past.json()) == (3, [])  # as `list` past its last row
    assert past.stderr.strip() == "casefile: no hits past --offset 400"
    negative = run_cli("--db", str(db_copy), "search", "axe", "--offset", "-1")
    assert negative.exit_code == 2
    assert "--offset" in negative.stderr


def test_the_build_writes_each_case_files_documents_as_one_run_most_told_first(real_db):
    connection = sqlite3.connect(real_db)
    ranges = connection.execute(
        "SELECT casefile, first_id, last_id, documents FROM document_ranges"
    )
    for casefile, first, last, documents in ranges:
        counted = connection.execute(
            "SELECT min(id), max(id), count(*) FROM documents WHERE casefile = ?", (casefile,)
        ).fetchone()
        assert counted == (first, last, documents) and last - first + 1 == documents
    weights = [
        row[0]
        for row in connection.execute(
            "SELECT (SELECT count(*) FROM record_sections rs WHERE rs.record_kind = d.record_kind "
            "AND rs.record_id = d.record_id) FROM documents d ORDER BY d.id"
        )
    ]
    assert weights == sorted(weights, reverse=True) and weights[0] > 5


def flood_names(path, count: int) -> None:
    """Add `count` people of case file 9999 named "Ivan Floodov<n>", told of in no section."""
    from casefile_cli.search import fold

    connection = sqlite3.connect(path)
    connection.execute(
        "INSERT INTO casefiles (number, title, summary) VALUES (?, 'F', 'F')", [FLOOD]
    )
    start = connection.execute("SELECT max(id) FROM names").fetchone()[0] + 1
    rows = [(start + i, f"flood-{i}", f"Ivan Floodov{i}") for i in range(count)]
    connection.executemany(
        "INSERT INTO names (id, casefile, record_kind, record_id, label, form, form_kind, norm, "
        "weight) VALUES (?, '9999', 'figure', ?, ?, ?, 'name', lower(?), 0)",
        [(i, record, name, name, name) for i, record, name in rows],
    )
    connection.executemany(
        "INSERT INTO name_words (fold, record_kind, name_id) VALUES (?, 'figure', ?)",
        [
            (key, i)
            for i, _, name in rows
            for key in {fold("ivan"), "ivan", name.split()[1].lower()}
        ],
    )
    connection.commit()
    connection.close()


def test_a_common_name_word_reads_a_bounded_number_of_names(tmp_path, real_db):
    import shutil

    from casefile_cli import search

    steps, stalin, ivan = {}, {}, {}
    for count in (2000, 20000):
        path = tmp_path / f"{count}.db"
        shutil.copyfile(real_db, path)
        flood_names(path, count)
        db = open_database(path)
        steps[count] = _work(db, lambda db=db: search.rank("ivan", db, ("figure",), limit=20))
        stalin[count] = [m.record_id for m in search.rank("stalin", db, ("figure",))][:1]
        ivan[count] = [m.record_id for m in search.rank("ivan", db, ("figure",))][:1]
    assert steps[20000] < 1.3 * steps[2000], steps
    assert stalin[20000] == stalin[2000] == ["joseph-stalin"]
    # Matched as well as every "Ivan Floodov", and told of: he comes first.
    assert ivan[20000] == ivan[2000] == ["ivan-zaporozhets"]
