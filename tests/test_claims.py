"""The claims model (issue 10, claims half): each named person in a fate has
their own part, certainty and basis; `kills` counts only deaths the text ties
to a person; outside knowledge is marked; contradictions are found by record.

The data tests ask the real #0121 database what a historian would ask.
"""

import csv
import io
import shutil
import sqlite3

import pytest

from casefile_cli.dates import bounds
from casefile_cli.errors import SourceError
from casefile_cli.sources import json_schema, load_casefile

from .support import EXAMPLE_SOURCES, run_cli


def _json(*args, code=0):
    result = run_cli(*args, "--json")
    assert result.exit_code == code, result.stderr
    return result.json()


def _kills(person, *extra):
    return _json("kills", person, *extra)["kills"]


def _victims(kills):
    return {k["victim"]["id"] or k["victim"]["name"]: k for k in kills}


# -- who-killed: the deed stated, an inferred order marked as ours ----------


@pytest.mark.parametrize("victim", ["yezhov", "frinovsky", "meyerhold"])
def test_the_deed_is_stated_and_beria_s_order_is_our_marked_inference(victim):
    (account,) = _json("who-killed", victim)["accounts"]
    assert account["certainty"] == "stated"
    for killer in account["killers"]:
        assert (killer["certainty"], killer["basis"], killer["part"]) == (
            "stated",
            "casefile",
            "killed",
        )
    (order,) = account["ordered_by"]
    assert (order["id"], order["certainty"], order["basis"]) == (
        "lavrentiy-beria",
        "alleged",
        "inference",
    )
    assert "inference" in order["note"]
    assert order["source"]["section"] == "reich"  # a claim cites its account's section


def test_who_killed_card_shows_a_per_person_certainty_that_differs():
    result = run_cli("who-killed", "yezhov", "--format", "text")
    assert "ordered by | Lavrentiy Beria (alleged, our inference)" in result.stdout
    assert "killed by | Vasily Blokhin\n" in result.stdout  # same as the deed: no mark


def test_finer_parts_say_what_the_text_says():
    slutsky = _json("who-killed", "slutsky")["accounts"][0]
    accomplices = {a["id"]: a["part"] for a in slutsky["accomplices"]}
    assert accomplices == {"leonid-zakovsky": "held", "mikhail-frinovsky": "lured"}
    assert [(o["id"], o["part"]) for o in slutsky["ordered_by"]] == [("nikolai-yezhov", "decided")]
    blumkin = _json("who-killed", "blumkin")["accounts"][0]
    assert ("joseph-stalin", "decided") in [(o["id"], o["part"]) for o in blumkin["ordered_by"]]


# -- kills: only deaths, only what the text ties to the person --------------


def test_kills_blokhin_are_the_shootings_the_text_gives_him():
    kills = _victims(_kills("blokhin"))
    named = {"grigory-zinoviev", "lev-kamenev", "genrikh-yagoda", "mikhail-frinovsky"}
    assert named | {"nikolai-yezhov"} <= kills.keys()
    assert all(k["kill"] and k["part"] in ("killed", "perpetrator") for k in kills.values())
    groups = [k for k in kills.values() if k["victim"]["id"] is None]
    assert any(k["count"] == 7000 for k in groups)
    # The trial's defendants were sentenced; the text ties him to two shootings only.
    assert "defendants, all sentenced to death" not in kills


def test_kills_beria_leaves_out_arrests_and_inferred_orders():
    kills = _victims(_kills("beria"))
    for arrested in ("sergei-spiegelglass", "stanislav-redens"):
        assert arrested not in kills
    for inferred in ("nikolai-yezhov", "mikhail-frinovsky", "vsevolod-meyerhold"):
        assert inferred not in kills
    assert kills["nestor-lakoba"]["part"] == "killed"
    every = _victims(_kills("beria", "--all"))
    assert every["sergei-spiegelglass"]["part"] == "arrested"
    assert every["sergei-spiegelglass"]["kill"] is False
    assert (every["nikolai-yezhov"]["basis"], every["nikolai-yezhov"]["kill"]) == (
        "inference",
        False,
    )


def test_kills_stalin_keeps_a_suggestion_and_a_choice_apart_from_orders():
    kills = _kills("stalin")
    operations = {k["operation"]["id"] for k in kills if k["operation"]}
    assert "red-terror" not in operations
    victims = _victims(kills)
    assert victims["nestor-lakoba"]["part"] == "approved"
    assert "yevhen-konovalets" not in victims  # he chose the agent; no order is told
    assert "mikhail-tukhachevsky" not in victims  # he originated the papers
    # The 7,000 shot by Blokhin himself are credited to him alone.
    assert 7000 not in [k["count"] for k in kills]
    assert 7000 in [k["count"] for k in _kills("blokhin")]
    every = _kills("stalin", "--all")
    terror = [k for k in every if k["operation"] and k["operation"]["id"] == "red-terror"]
    assert terror and all(k["part"] == "suggested" and not k["kill"] for k in terror)


def test_kills_slutsky_has_no_execution_after_his_own_death():
    assert "yevgeny-miller" not in _victims(_kills("slutsky"))
    miller = _victims(_kills("slutsky", "--all"))["yevgeny-miller"]
    assert (miller["part"], miller["date"], miller["kill"]) == ("kidnapped", "1937-09-22", False)


def test_kills_trilisser_finds_lures_and_an_entrapment_but_no_killing():
    result = run_cli("kills", "trilisser", "--json")
    assert result.exit_code == 3
    every = _kills("trilisser", "--all")
    assert every and not [k for k in every if k["kill"]]
    parts = {k["part"] for k in every}
    assert "lured" in parts
    trust = [k for k in every if k["victim"]["id"] is None]
    assert [(k["operation"]["id"], k["outcome"]) for k in trust] == [
        ("operation-trust", "entrapped")
    ]


def test_a_scoped_part_ties_only_to_its_targets():
    every = _victims(_kills("blokhin", "--all"))
    assert "artur-artuzov" not in every and "yakov-agranov" not in every
    purge = _json("show", "beria-purge")
    (blokhin,) = [p for p in purge["participants"] if p["id"] == "vasily-blokhin"]
    assert blokhin["scope"] == ["mikhail-frinovsky", "nikolai-yezhov"]


def test_kills_all_is_labelled_in_the_table():
    result = run_cli("kills", "slutsky", "--all", "--format", "text")
    assert result.exit_code == 0
    assert "had kidnapped (not counted as a killing; outcome: executed)" in result.stdout


def test_nobody_is_credited_with_a_death_after_their_own():
    people = [i["id"] for i in _json("list", "figures")]
    for person in people:
        result = run_cli("kills", person, "--json", "--all")
        if result.exit_code == 3:
            continue
        fate = _json("figure", person)["fate"]
        if not fate or fate["outcome"] not in ("killed", "executed", "died", "suicide"):
            continue
        death = bounds(fate["date"])[1] if fate["date"] else None
        for kill in result.json()["kills"]:
            start = bounds(kill["date"])[0] if kill["date"] else None
            if death and start and start > death:
                assert kill["note"] or not kill["kill"], (person, kill)


# -- one best-supported account everywhere ----------------------------------


@pytest.mark.parametrize(("person", "outcome"), [("slutsky", "killed"), ("savinkov", "killed")])
def test_lists_cards_and_json_show_the_same_best_account(person, outcome):
    figure = _json("figure", person)
    assert figure["fate"]["outcome"] == outcome and figure["fate"]["best"] is True
    listed = {i["id"]: i["detail"] for i in _json("list", "figures")}
    assert listed[figure["id"]] == outcome
    rows = csv.DictReader(io.StringIO(run_cli("list", "figures", "--format", "csv").stdout))
    (row,) = [r for r in rows if r["id"] == figure["id"]]
    assert (row["name"], row["detail"], row["casefile"]) == (figure["name"], outcome, "0121")


# -- contradictions, found by record ----------------------------------------


def test_contradictions_filter_by_person_and_cards_point_to_them():
    found = _json("contradictions", "savinkov")
    assert "savinkov-death-lenin-order" in [c["id"] for c in found]
    assert all(c["subject"]["id"] in ("boris-savinkov", "savinkov-death") for c in found)
    card = run_cli("figure", "savinkov", "--format", "text").stdout
    assert "The case file disagrees with itself here (2): casefile contradictions savinkov" in card


def test_contradictions_about_a_record_without_any_exit_3():
    result = run_cli("contradictions", "katyn")
    assert result.exit_code == 3
    assert "does not disagree with itself" in result.stderr
    assert run_cli("contradictions", "--json").exit_code == 0  # no query: every one


# -- outside knowledge is marked ---------------------------------------------


def test_outside_knowledge_is_never_presented_as_the_case_file_s():
    stalin = _json("figure", "stalin")
    aliases = {a["alias"]: a["basis"] for a in stalin["aliases"]}
    assert aliases["Ioseb Jughashvili"] == "outside"
    assert aliases["Koba"] == "casefile"
    cheka = _json("org", "cheka")
    assert cheka["outside"] == ["full_name"]
    rows = _json("sql", "SELECT within_id, field FROM places JOIN outside_fields "
                 "ON record_id = id WHERE id = 'abkhazia'")
    assert rows == [{"within_id": "georgia", "field": "within"}]
    card = run_cli("org", "cheka", "--format", "text").stdout
    assert "All-Russian Extraordinary Commission (outside the case file)" in card
    assert _json("figure", "borisov")["outside"] == ["name", "native_name"]


def test_an_inferred_place_of_death_is_marked_as_ours():
    (account,) = _json("who-killed", "trotsky")["accounts"]
    assert (account["place"], account["inferred"]) == ("Mexico", ["place"])
    card = run_cli("who-killed", "trotsky", "--format", "text").stdout
    assert "Mexico (place: our inference)" in card


def test_hedged_agency_is_shown_with_its_certainty():
    card = run_cli("show", "reich murder", "--format", "text").stdout
    assert "agency: NKVD (alleged)" in card


# -- the source format and the checks ----------------------------------------


def _example_copy(tmp_path, old, new):
    folder = tmp_path / "9001"
    shutil.copytree(EXAMPLE_SOURCES / "9001", folder)
    path = folder / "casefile.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return folder


def test_a_fate_agent_may_be_an_id_or_a_claim(tmp_path):
    folder = _example_copy(
        tmp_path,
        "ordered_by: [otto-stern]",
        "ordered_by: [{figure: otto-stern, role: decided, certainty: disputed, basis: inference}]",
    )
    fate = load_casefile(folder).records["figure"][0]["fate"][1]
    assert fate["killed_by"][0]["figure"] == "karl-marker"
    assert fate["ordered_by"][0]["role"] == "decided"
    schema = json_schema()["$defs"]
    assert {"figure", "role", "certainty", "basis", "section", "date", "note"} <= set(
        schema["agent"]["properties"]
    )


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("ordered_by: [{figure: otto-stern, role: blessed}]", "field 'role' of a agent"),
        ("ordered_by: [{figure: nobody}]", "unknown figure 'nobody'"),
    ],
)
def test_a_bad_claim_is_refused_with_its_field(tmp_path, new, message):
    folder = _example_copy(tmp_path, "ordered_by: [otto-stern]", new)
    with pytest.raises(SourceError) as raised:
        load_casefile(folder)
    assert any(message in p for p in raised.value.problems)


def test_db_check_flags_a_killing_part_on_a_fate_that_is_no_death(db_copy):
    connection = sqlite3.connect(db_copy)
    connection.execute(
        "UPDATE fate_agents SET part = 'ordered' WHERE figure_id = 'lavrentiy-beria' AND "
        "fate_id = (SELECT id FROM fates WHERE figure_id = 'sergei-spiegelglass')"
    )
    connection.commit()
    connection.close()
    result = run_cli("--db", str(db_copy), "db", "check")
    assert result.exit_code == 5
    assert "a part in a death on an account that tells of none" in result.stdout + result.stderr
    assert "sergei-spiegelglass (arrested): lavrentiy-beria ordered" in (
        result.stdout + result.stderr
    )


def test_db_check_flags_a_claim_dated_after_its_actor_s_death(db_copy):
    connection = sqlite3.connect(db_copy)
    connection.execute(
        "UPDATE fate_agents SET note = NULL WHERE figure_id = 'vladimir-lenin' AND "
        "fate_id IN (SELECT id FROM fates WHERE figure_id = 'boris-savinkov')"
    )
    connection.commit()
    connection.close()
    result = run_cli("--db", str(db_copy), "db", "check")
    assert result.exit_code == 5
    assert "vladimir-lenin in the fate of boris-savinkov" in result.stdout + result.stderr
