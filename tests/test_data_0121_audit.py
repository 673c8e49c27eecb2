"""Case file #0121 after the review's pending lines and the final audit
(docs/review-0121/*.md, "pending model" and "beyond the review"): what was fixed stays fixed."""

import json
import sqlite3

import pytest

from .support import run_cli


@pytest.fixture(scope="module")
def db(real_db):
    connection = sqlite3.connect(real_db)
    yield connection
    connection.close()


def _json(*args):
    result = run_cli(*args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


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
