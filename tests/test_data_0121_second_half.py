"""Case file #0121 against the second half of the December 2026 review (Reiss to
Trotsky, "second half #n" in docs/review-0121/second-half.md): what was fixed stays fixed."""

import sqlite3

import pytest

from .support import json_answer as _json


@pytest.fixture(scope="module")
def db(real_db):
    connection = sqlite3.connect(real_db)
    yield connection
    connection.close()


@pytest.mark.parametrize("victim", ["yezhov", "frinovsky", "meyerhold"])
def test_a_stated_shooting_is_not_dragged_down_by_an_inferred_order(victim):
    accounts = _json("who-killed", victim)["accounts"]
    assert [a["certainty"] for a in accounts] == ["stated"]
    assert [(k["id"], k["certainty"]) for k in accounts[0]["killers"]] in (
        [("vasily-blokhin", "stated")],
        [],  # Meyerhold: a firing squad, no one named
    )
    # The order is our inference: kept, but marked so and hedged.
    assert [(o["id"], o["certainty"], o["basis"]) for o in accounts[0]["ordered_by"]] == [
        ("lavrentiy-beria", "alleged", "inference")
    ]


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
    agencies = {
        row[0]: row[1:]
        for row in db.execute(
            "SELECT id, agency_id, agency_certainty FROM operations "
            "WHERE id IN ('sedov-death', 'reich-murder')"
        )
    }
    assert agencies == {"sedov-death": ("nkvd", "alleged"), "reich-murder": ("nkvd", "alleged")}


def test_second_half_open_bounds_are_closed(db):
    lower_upper = dict(
        (row[0], row[1:])
        for row in db.execute(
            "SELECT id, date_lower, date_seen_to FROM operations "
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
    # Before their earliest evidence these posts are "perhaps", not held.
    offices = _json("on", date)["offices"]
    (entry,) = [o for o in offices if o["office"] == office]
    assert entry["status"] == "unknown"
    assert holder in [h["name"] for h in entry["possible"]]


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
