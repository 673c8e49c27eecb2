"""Case file #0121 against its own text: faithful, complete, and in our own words.

Tests that read the text skip with a reason when ../shared is absent.
"""

import re
import sqlite3

import pytest

from casefile_cli.dates import parse_edtf
from casefile_cli.storage import check_integrity

from .conftest import needs_text

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
            "SELECT date_lower, date_upper FROM events UNION ALL "
            "SELECT date_lower, date_upper FROM operations "
            "WHERE date_lower IS NOT NULL"
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


# --- second half of the December 2026 review (Reiss to Trotsky) -------------


def _json(*args):
    import json

    from .conftest import run_cli

    result = run_cli(*args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("victim", ["yezhov", "frinovsky", "meyerhold"])
def test_a_stated_shooting_is_not_dragged_down_by_an_inferred_order(victim):
    accounts = _json("who-killed", victim)["accounts"]
    assert [a["certainty"] for a in accounts] == ["stated"]
    assert accounts[0]["ordered_by"] == []


def test_yezhov_and_frinovsky_were_shot_by_blokhin():
    for victim in ("yezhov", "frinovsky"):
        killers = _json("who-killed", victim)["accounts"][0]["killers"]
        assert [k["id"] for k in killers] == ["vasily-blokhin"]


def _kill_names(person):
    return {k["victim"]["name"] for k in _json("kills", person)["kills"]}


def test_an_arrest_is_not_a_kill():
    beria = _kill_names("lavrentiy-beria")
    assert not {"Sergei Spiegelglass", "Stanislav Redens"} & beria
    assert "others implicated by Yezhov's and Babel's confessions" not in beria


def test_blokhin_is_credited_only_with_what_the_text_ties_to_him():
    blokhin = _kill_names("vasily-blokhin")
    assert {"Mikhail Frinovsky", "Nikolai Yezhov", "Genrikh Yagoda"} <= blokhin
    assert not any(
        "implicated" in name or "25,700" in name or "Politburo ordered" in name for name in blokhin
    )


def test_slutsky_is_not_credited_with_a_death_after_his_own():
    kills = _json("kills", "abram-slutsky")["kills"]
    assert [k["victim"]["name"] for k in kills] == ["Ignace Reiss"]


def test_zakovsky_held_slutsky_and_an_unnamed_officer_injected_him():
    stated = _json("who-killed", "slutsky")["accounts"][0]
    assert stated["killers"] == []
    assert "leonid-zakovsky" in [a["id"] for a in stated["accomplices"]]
    assert "injection" in stated["unnamed_agents"]


def test_spiegelglass_is_not_an_organiser_of_the_konovalets_killing(db):
    roles = db.execute(
        "SELECT role FROM participants WHERE operation_id = 'konovalets-assassination' "
        "AND figure_id = 'sergei-spiegelglass'"
    ).fetchall()
    assert roles == [("other",)]


def test_hedged_agencies_are_not_stored_flat(db):
    agencies = dict(
        db.execute(
            "SELECT id, agency_id FROM operations WHERE id IN ('sedov-death', 'reich-murder')"
        )
    )
    assert agencies == {"sedov-death": None, "reich-murder": None}


def test_second_half_open_bounds_are_closed(db):
    lower_upper = dict(
        (row[0], row[1:])
        for row in db.execute(
            "SELECT id, date_lower, date_upper FROM operations "
            "WHERE id IN ('tukhachevsky-affair', 'laboratory-1-experiments')"
        )
    )
    assert lower_upper["tukhachevsky-affair"][0] >= "1936-09-01"
    assert lower_upper["laboratory-1-experiments"][0] >= "1938-11-01"
    assert lower_upper["laboratory-1-experiments"][1] <= "1941-06-22"


@pytest.mark.parametrize(
    ("date", "office", "holder"),
    [
        ("1938-09-15", "head of the GUGB", "Mikhail Frinovsky"),
        ("1938-02-01", "deputy head of the foreign department", "Sergei Spiegelglass"),
    ],
)
def test_second_half_posts_with_an_implied_start_are_reported(date, office, holder):
    offices = _json("on", date)["offices"]
    assert holder in [h["name"] for o in offices if o["office"] == office for h in o["holders"]]


def test_second_half_missing_facts_are_recorded(db):
    events = {row[0] for row in db.execute("SELECT id FROM events")}
    assert {"reiss-arrested-lwow", "reiss-escapes-cracow", "britain-france-declare-war"} <= events
    contradictions = {row[0] for row in db.execute("SELECT id FROM contradictions")}
    assert {
        "slutsky-director-1929-1932",
        "frinovsky-gugb-after-navy",
        "tukhachevsky-trial-name",
        "soviet-union-soivet",
    } <= contradictions
    counts = {
        row[0]
        for row in db.execute(
            "SELECT count FROM operation_groups WHERE operation_id = 'katyn-massacre'"
        )
    }
    assert {43000, 13000} <= counts
