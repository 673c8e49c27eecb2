"""Case file #0121 against its own text: faithful, complete, and in our own words.

Tests that read the text skip with a reason when ../shared is absent.
"""

import re
import sqlite3

import pytest

from casefile_cli.dates import parse_edtf
from casefile_cli.store.admin import check_integrity

from .support import needs_text

HEADING = re.compile(r'^"?(The [^"(\n]+?)"?[ \t]*\(([^)\n]+)\)[ \t]*$', re.M)
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DAY_DATE = re.compile(rf"\b(\d{{1,2}}) ({MONTHS}) (\d{{4}})\b")


@pytest.fixture(scope="module")
def db(real_db):
    connection = sqlite3.connect(real_db)
    yield connection
    connection.close()


def words(text):
    return re.findall(r"[a-z0-9']+", text.lower())


def test_integrity_and_foreign_keys(db):
    assert check_integrity(db) == []


def test_every_date_is_valid_edtf(db):
    columns = [
        ("operations", "date"),
        ("events", "date"),
        ("fates", "date"),
        ("positions", "date_from"),
        ("positions", "date_to"),
        ("relations", "date"),
        ("organisations", "date_from"),
        ("organisations", "date_to"),
    ]
    for table, column in columns:
        for (value,) in db.execute(f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL"):
            parse_edtf(value)


def test_counts_are_those_of_a_whole_case_file(db):
    count = lambda table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: E731
    assert count("figures") >= 90
    assert count("operations") >= 40
    assert count("events") >= 80
    assert count("organisations") >= 50


@needs_text
def test_spelling_aliases_occur_verbatim(db, casefile_text):
    missing = [
        (record_id, alias)
        for record_id, alias in db.execute(
            "SELECT record_id, alias FROM aliases WHERE kind = 'spelling' AND generated = 0"
        )
        if alias not in casefile_text
    ]
    assert missing == []


@needs_text
def test_every_figure_is_in_the_text(db, casefile_text):
    absent = []
    for figure_id, name in db.execute("SELECT id, name FROM figures"):
        forms = [name] + [
            a
            for (a,) in db.execute(
                "SELECT alias FROM aliases WHERE record_id = ? AND kind IN "
                "('spelling', 'codename', 'cover-name', 'nickname', 'title', 'pseudonym')",
                (figure_id,),
            )
        ]
        if not any(form in casefile_text for form in forms):
            absent.append(name)
    assert absent == []


PROSE = [
    ("figures", "summary"),
    ("operations", "summary"),
    ("operations", "method"),
    ("operations", "outcome"),
    ("notes", "note"),
    ("fates", "note"),
    ("fates", "method"),
    ("events", "title"),
    ("events", "note"),
    ("organisations", "summary"),
    ("positions", "note"),
    ("contradictions", "note"),
    ("contradiction_claims", "says"),
    ("relations", "note"),
    ("operation_groups", "description"),
    ("casefiles", "summary"),
]


@needs_text
def test_no_prose_copies_eight_words_of_the_text(db, casefile_text):
    source = words(casefile_text)
    grams = {" ".join(source[i : i + 8]) for i in range(len(source) - 7)}
    copied = []
    for table, column in PROSE:
        for (value,) in db.execute(f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL"):
            found = words(value)
            copied += [
                (table, column, " ".join(found[i : i + 8]))
                for i in range(len(found) - 7)
                if " ".join(found[i : i + 8]) in grams
            ]
    assert copied == []


# Prose that cards show besides PROSE: a participant's detail, a fate agent's note, a group's note.
CARD_PROSE = PROSE + [
    ("participants", "detail"),
    ("fate_agents", "note"),
    ("operation_groups", "note"),
]
EDITORIAL_VOICE = re.compile(r"\b(?:[Ww]e|[Oo]urs?|us|ourselves)\b")
# "(organisation left-sr)", "(yezhov-fall)", field names such as part_of: ids belong in links.
INTERNAL_ID = re.compile(
    r"\((?:organisation|operation|figure|event|place|contradiction) [a-z0-9-]+\)"
    r"|\([a-z0-9]+(?:-[a-z0-9]+)+\)"
    r"|\b[a-z]+_[a-z_]+\b"
)


def test_card_prose_speaks_in_a_reference_voice(db):
    # A chapter is named as "the Kirov chapter", not by its slug ("the kirov section").
    rows = db.execute("SELECT slug FROM sections WHERE slug != 'introduction'")
    slugs = [f"{slug} section" for (slug,) in rows]
    found = []
    for table, column in CARD_PROSE:
        for (value,) in db.execute(f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL"):
            found += [(table, column, m.group(0)) for m in EDITORIAL_VOICE.finditer(value)]
            found += [(table, column, m.group(0)) for m in INTERNAL_ID.finditer(value)]
            found += [(table, column, slug) for slug in slugs if slug in value]
    assert found == []


def test_the_reference_voice_check_catches_both_faults():
    assert EDITORIAL_VOICE.search("Moscow is our reading.")
    assert EDITORIAL_VOICE.search("We store 1939-07-15.")
    assert not EDITORIAL_VOICE.search("Used by the US embassy; the ROUSE trust.")
    assert INTERNAL_ID.search("Done for the committee (organisation left-sr).")
    assert INTERNAL_ID.search("told later (yezhov-fall)")
    assert INTERNAL_ID.search("linking it (part_of) is an inference")
    assert not INTERNAL_ID.search("the show trial (Trotskyite-Zinoviev Terrorist Centre)")


@needs_text
def test_every_chapter_heading_is_an_operation(db, casefile_text):
    headings = HEADING.findall(casefile_text)
    assert len(headings) == 18
    for heading, date in headings:
        row = db.execute(
            "SELECT o.id FROM sections s JOIN operations o ON o.section_id = s.id "
            "WHERE s.heading = ? AND o.chaptered = 1",
            (heading.strip(),),
        ).fetchone()
        assert row, f"no chaptered operation for the heading {heading!r} ({date})"


def _dated_bounds(db):
    rows = []
    for table in ("events", "operations", "fates", "relations"):
        rows += db.execute(
            f"SELECT date_lower, date_upper FROM {table} WHERE date_lower IS NOT NULL"
        ).fetchall()
    rows += db.execute("SELECT date_from_lower, date_to_upper FROM positions").fetchall()
    return rows


@needs_text
def test_every_day_month_year_date_is_carried(db, casefile_text):
    import calendar

    months = {calendar.month_name[i]: i for i in range(1, 13)}
    carried = {(lower, upper) for lower, upper in _dated_bounds(db)}
    exact = {lower for lower, upper in carried if lower == upper}
    missing = []
    for day, month, year in set(DAY_DATE.findall(casefile_text)):
        iso = f"{year}-{months[month]:02d}-{int(day):02d}"
        if iso not in exact:
            missing.append(iso)
    assert sorted(missing) == []


@needs_text
def test_every_year_is_carried(db, casefile_text):
    years = {int(y) for y in re.findall(r"\b(1[89]\d\d)\b", casefile_text)}
    spans = [
        (int(lo[:4]), int(hi[:4]))
        for lo, hi in db.execute(
            "SELECT date_seen_from, date_seen_to FROM events UNION ALL "
            "SELECT date_seen_from, date_seen_to FROM operations "
            "WHERE date_seen_from IS NOT NULL"
        )
    ]
    missing = sorted(y for y in years if not any(lo == y or hi == y for lo, hi in spans))
    assert missing == []


def test_every_fact_names_its_section(db):
    for table in (
        "positions",
        "fates",
        "participants",
        "events",
        "relations",
        "quotations",
        "operations",
        "contradiction_claims",
    ):
        assert (
            db.execute(f"SELECT count(*) FROM {table} WHERE section_id IS NULL").fetchone()[0] == 0
        ), table


def test_official_and_later_accounts_are_both_kept(db):
    for figure_id in ("abram-slutsky", "nestor-lakoba", "boris-savinkov", "willi-munzenberg"):
        certainties = {
            c
            for (c,) in db.execute("SELECT certainty FROM fates WHERE figure_id = ?", (figure_id,))
        }
        assert "official" in certainties and len(certainties) >= 2, figure_id


def test_the_text_s_typos_are_kept_and_noted(db):
    aliases = {a for (a,) in db.execute("SELECT alias FROM aliases WHERE kind = 'spelling'")}
    assert {"Yezkov", "Atruzov", "Frinovky", "Spegielglas", "Lokoba", "Mercador"} <= aliases
    notes = " ".join(
        n or ""
        for (n,) in db.execute(
            "SELECT note FROM contradictions UNION ALL SELECT says FROM contradiction_claims"
        )
    )
    assert "15/15" in notes
