"""Case file #0121 after the review's pending lines and the final audit
(docs/review-0121/*.md, "pending model" and "beyond the review"): what was fixed stays fixed."""

import sqlite3

import pytest

from .support import json_answer as _json
from .support import run_cli


@pytest.fixture(scope="module")
def db(real_db):
    connection = sqlite3.connect(real_db)
    yield connection
    connection.close()


@pytest.mark.parametrize(
    ("printed", "operation_id"),
    [("Ambassador's Plot", "ambassadors-plot"), ("Yezhovschina", "great-purge")],
)
def test_an_operation_is_found_by_the_spelling_the_text_prints(printed, operation_id):
    found = _json("show", printed)
    assert found["kind"] == "operation" and found["id"] == operation_id
    assert found["match"]["matched"] == printed
    assert {"alias": printed, "kind": "spelling", "basis": "casefile"} in found["aliases"]


def test_an_operation_card_lists_its_aliases_by_kind():
    result = run_cli("show", "ambassadors-plot", "--format", "text")
    assert result.exit_code == 0, result.stderr
    assert "spelling: Ambassador's Plot" in result.stdout


def test_printed_operation_names_are_aliases_not_typo_records(db):
    ids = {i for (i,) in db.execute("SELECT id FROM contradictions")}
    assert not {"ambassadors-plot-name", "yezhovschina-spelling"} & ids


@pytest.mark.parametrize("figure", ["zinoviev", "kamenev"])
def test_the_opposition_post_ends_between_the_expulsion_and_the_execution(figure):
    posts = {p["title"]: p for p in _json("figure", figure)["positions"]}
    post = posts["Leader of the opposition and member of the Bolshevik Old Guard"]
    assert post["to"] == "[1934-12..1936-08-25]"
    assert post["from"] is None


def test_trotsky_s_civil_war_dates_are_marked_as_from_another_section():
    posts = {p["title"]: p for p in _json("figure", "trotsky")["positions"]}
    command = posts["Commander of the Red Army in the Civil War"]
    assert (command["from"], command["to"]) == ("1918~", "1922~")
    assert "another section" in command["note"] and "introduction" in command["note"]
    politburo = posts["Member of the Politburo"]
    assert (politburo["from"], politburo["to"]) == ("[..1924-01-21]", None)


def test_the_versailles_slip_is_kept_as_a_typo_under_the_kpd(db):
    subject = db.execute(
        "SELECT kind, subject_kind, subject_id FROM contradictions WHERE id = ?",
        ("versailles-versaille",),
    ).fetchone()
    assert subject == ("typo", "organisation", "kpd")


@pytest.mark.parametrize(
    ("date", "office_id", "holder"),
    [
        ("1939", "poison-laboratory-head", "grigory-mairanovsky"),
        ("1939", "secret-police-deputy", "vsevolod-merkulov"),
        ("1941", "secret-police-head", "lavrentiy-beria"),
    ],
)
def test_posts_the_text_never_ends_are_unknown_after_their_last_evidence(date, office_id, holder):
    entry = next(o for o in _json("on", date)["offices"] if o["office_id"] == office_id)
    assert entry["status"] == "unknown" and entry["holders"] == []
    assert holder in [h["id"] for h in entry["last"]]


def test_beria_still_heads_the_nkvd_in_1940():
    entry = next(
        o for o in _json("on", "1940-08")["offices"] if o["office_id"] == "secret-police-head"
    )
    assert entry["status"] == "held"
    assert [h["id"] for h in entry["holders"]] == ["lavrentiy-beria"]


@pytest.mark.parametrize(
    ("figure", "title", "end"),
    [
        ("zinoviev", "Ally of Trotsky and Kamenev in the United Opposition", "[..1936-08-25]"),
        ("kamenev", "Ally of Trotsky and Zinoviev in the United Opposition", "[..1936-08-25]"),
        ("ramishvili", "Leader in the Prometheism movement", "[..1930-12-07]"),
        ("klement", "Member of the German Communist Party (KPD)", "[..1938-07-12]"),
        ("mirbach", "German ambassador to Russia", "[..1919]"),
    ],
)
def test_a_post_the_holder_s_death_closes_ends_by_that_death(figure, title, end):
    posts = {p["title"]: p for p in _json("figure", figure)["positions"]}
    assert posts[title]["to"] == end


def test_an_unwitting_intermediary_is_not_counted_as_a_killer():
    # Ageloff "unwittingly" brought Mercader into Trotsky's household.
    result = run_cli("kills", "ageloff", "--json")
    assert result.exit_code == 3, result.stdout
    account = _json("who-killed", "trotsky")["accounts"][0]
    assert "sylvia-ageloff" not in [a["id"] for a in account["accomplices"]]
    roles = {p["id"]: p["role"] for p in _json("show", "trotsky-assassination")["participants"]}
    assert roles["sylvia-ageloff"] == "other"


@pytest.mark.parametrize(
    ("place", "field"),
    [
        ("lubyanka", "within"),
        ("kremlin", "within"),
        ("le-havre", "within"),
        ("far-east", "within"),
        ("kazakhstan", "name"),
        ("cracow", "name"),  # the text prints only "Cracow"
    ],
)
def test_containments_and_names_the_text_never_gives_are_marked_outside(db, place, field):
    marked = db.execute(
        "SELECT 1 FROM outside_fields WHERE record_kind = 'place' AND record_id = ? AND field = ?",
        (place, field),
    ).fetchone()
    assert marked is not None


def test_the_canonical_mirbach_is_outside_and_the_title_keeps_the_text_s_name():
    # The text prints "Wilhelm Mirbach": neither "Count" nor "von".
    mirbach = _json("figure", "wilhelm-mirbach")
    assert {"name", "native_name"} <= set(mirbach["outside"])
    title = _json("show", "0121/mirbach-assassination")["title"]
    assert title == "Assassination of the German ambassador Wilhelm Mirbach"


def test_a_place_the_text_does_not_name_is_said_to_be_an_inference():
    rising = _json("show", "0121/savinkov-civil-war-risings")
    assert rising["place"] == "Russia" and "an inference" in rising["note"]


def test_the_reiss_killing_note_agrees_with_slutsky_s_organiser_role():
    killing = _json("show", "0121/reiss-killed")
    roles = {f["id"]: f["role"] for f in killing["figures"]}
    assert roles["abram-slutsky"] == "organiser"
    assert "listed as other" not in killing["note"]
