"""Case file #0121, opening to the Yagoda chapter: the review's defects stay fixed.

Each test asks the real database what a reader would ask (`on`, `kills`,
`who-killed`) and checks the answer the text supports (review of December 2026,
first half).
"""

import json

import pytest

from .support import run_cli


@pytest.fixture
def cli_json(real_db):
    def ask(*args):
        result = run_cli("--db", str(real_db), *args, "--json")
        # An empty answer (`on 1910`) is exit 3, its JSON still printed.
        assert result.exit_code in (0, 3), result.stderr
        return json.loads(result.stdout)

    return ask


def holders(moment, office):
    entries = [entry for entry in moment["offices"] if entry["office"] == office]
    return [holder["id"] for entry in entries for holder in entry["holders"]]


def under_way(moment):
    return {entry["id"] for entry in moment["under_way"]}


@pytest.mark.parametrize("date", ["1918-09", "1920-06", "1922"])
def test_dzerzhinsky_heads_the_cheka_from_the_red_terror(cli_json, date):
    assert holders(cli_json("on", date), "head of the secret police") == ["felix-dzerzhinsky"]


@pytest.mark.parametrize("date", ["1925", "1929-06"])
def test_trilisser_heads_the_foreign_department_before_his_dismissal(cli_json, date):
    assert holders(cli_json("on", date), "head of the foreign department") == [
        "mikhail-trilisser"
    ]


def test_yagoda_is_first_deputy_before_menzhinsky_dies(cli_json):
    assert holders(cli_json("on", "1929-06"), "first deputy") == ["genrikh-yagoda"]
    assert holders(cli_json("on", "1934-06"), "first deputy") == ["genrikh-yagoda"]


@pytest.mark.parametrize("date", ["1934-08", "1935-06", "1936-06"])
def test_trilisser_is_no_vice_chairman_of_a_dissolved_ogpu(cli_json, date):
    assert "mikhail-trilisser" not in holders(cli_json("on", date), "deputy head")


@pytest.mark.parametrize("date", ["1930", "1936"])
def test_kazakov_is_not_given_a_seventeen_year_tenure(cli_json, date):
    assert "ignaty-kazakov" not in holders(cli_json("on", date), "head of the poison laboratory")


def test_frinovsky_is_not_deputy_before_yezhov_moves_on_yagoda_s_men(cli_json):
    assert "mikhail-frinovsky" not in holders(cli_json("on", "1937-02"), "deputy head")
    # Not before April 1937, attested by 17 February 1938: "perhaps" in between.
    (between,) = [o for o in cli_json("on", "1937-09")["offices"] if o["office"] == "deputy head"]
    assert (between["status"], [p["id"] for p in between["possible"]]) == (
        "unknown",
        ["mikhail-frinovsky"],
    )
    assert holders(cli_json("on", "1938-03"), "deputy head") == ["mikhail-frinovsky"]


@pytest.mark.parametrize("date", ["1910", "1918-09", "1922", "1925"])
def test_undated_killings_are_not_under_way_for_decades(cli_json, date):
    assert {"menzhinsky-poisoning", "mirbach-assassination"} & under_way(
        cli_json("on", date)
    ) == set()


@pytest.mark.parametrize("date", ["1939", "1940-04", "1950"])
def test_kirov_cover_up_ends_with_the_purge(cli_json, date):
    assert "kirov-cover-up" not in under_way(cli_json("on", date))


def test_stalin_s_suggestion_and_blessing_are_not_orders(cli_json):
    kills = cli_json("kills", "joseph-stalin")["kills"]
    operations = {k["operation"]["id"] for k in kills if k["operation"]}
    assert "red-terror" not in operations
    assert "yagoda-fall" not in operations
    lakoba = cli_json("who-killed", "nestor-lakoba")["accounts"]
    parts = [(o["id"], o["part"]) for a in lakoba for o in a["ordered_by"]]
    assert parts == [("joseph-stalin", "approved")]
    assert any("blessing" in (a["note"] or "") for a in lakoba)


def test_trilisser_organised_no_killing(cli_json):
    kills = cli_json("kills", "mikhail-trilisser", "--all")["kills"]
    assert not [k for k in kills if k["kill"]]
    by_victim = {k["victim"]["id"]: k["role"] for k in kills if k["victim"]["id"]}
    assert by_victim.get("sidney-reilly") != "organiser"
    assert by_victim.get("yakov-blumkin") != "organiser"
    for victim in ("sidney-reilly", "yakov-blumkin"):
        accounts = cli_json("who-killed", victim)["accounts"]
        assert all(
            "mikhail-trilisser" not in [o["id"] for o in a["organisers"]] for a in accounts
        ), victim


def test_reilly_s_early_exploits_are_carried(cli_json):
    card = cli_json("figure", "sidney-reilly")
    text = json.dumps(card)
    for place in ("Port Arthur", "Krupp"):
        assert place in text
