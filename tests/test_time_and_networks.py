"""Issue 4 commands against the real case file."""

import io

import pytest

from casefile_cli.environment import Environment
from casefile_cli.render.cards import render_card
from casefile_cli.render.content import record_card, who_killed_card
from casefile_cli.store.connect import open_database

from .support import run_cli


@pytest.fixture(scope="module")
def db(real_db):
    return open_database(real_db)


@pytest.fixture
def cli(real_db):
    return lambda *args: run_cli("--db", str(real_db), *args)


def test_heads_of_the_secret_police_in_order(db):
    heads = [(p.holder.id, p.date_from, p.date_to) for p in db.key_positions("secret-police-head")]
    order = []
    for holder, _, _ in heads:
        if holder not in order:
            order.append(holder)
    assert order == [
        "felix-dzerzhinsky",
        "vyacheslav-menzhinsky",
        "genrikh-yagoda",
        "nikolai-yezhov",
        "lavrentiy-beria",
    ]
    assert ("genrikh-yagoda", "1934-07-10", "1936-09-26") in heads
    assert ("nikolai-yezhov", "1936-09-26", "1938-11-25") in heads
    assert any(h == "lavrentiy-beria" and start == "1938-11-25" for h, start, _ in heads)


@pytest.mark.parametrize(
    "date, head",
    [
        ("1937-06", "Nikolai Yezhov"),
        ("1930-01-26", "Vyacheslav Menzhinsky"),
        ("1935", "Genrikh Yagoda"),
        ("1939", "Lavrentiy Beria"),
        ("4 September 1937", "Nikolai Yezhov"),
    ],
)
def test_on_names_the_head_of_the_secret_police(cli, date, head):
    data = cli("on", date, "--json").json()
    offices = {o["office"]: [h["name"] for h in o["holders"]] for o in data["offices"]}
    assert offices["head of the secret police"] == [head]


def test_on_shows_kutepov_kidnapping(cli):
    data = cli("on", "1930-01-26", "--json").json()
    assert "kutepov-kidnapping" in [e["id"] for e in data["happened"]]


def test_on_a_bad_date_is_a_usage_error(cli):
    result = cli("on", "the ides of march")
    assert result.exit_code == 2
    assert "1937-09-04" in result.stderr


def test_timeline_filters_and_shows_precision(cli):
    result = cli("timeline", "--from", "1925-11", "--to", "1925-11")
    assert result.exit_code == 0
    assert "5 Nov 1925" in result.stdout
    data = cli("timeline", "--figure", "kutepov", "--json").json()
    assert data and all(e["date"] for e in data)
    assert "kutepov-kidnapping" in [e["id"] for e in data]
    from casefile_cli.dates import bounds

    lowers = [bounds(e["date"])[0] for e in cli("timeline", "--kind", "execution", "--json").json()]
    assert lowers and lowers == sorted(lowers)


def test_kills_blokhin_includes_the_trial_defendants(cli):
    data = cli("kills", "blokhin", "--json").json()
    victims = {k["victim"]["id"] for k in data["kills"] if k["victim"]["id"]}
    assert {"grigory-zinoviev", "lev-kamenev", "genrikh-yagoda", "nikolai-yezhov"} <= victims
    groups = [k for k in data["kills"] if k["victim"]["id"] is None]
    assert any(k["count"] == 7000 for k in groups)


def test_cascade_includes_yagoda_and_yezhov_in_order(cli):
    data = cli("cascade", "--json").json()
    ids = [e["figure"]["id"] for e in data]
    assert {"genrikh-yagoda", "nikolai-yezhov", "abram-slutsky"} <= set(ids)
    assert ids.index("genrikh-yagoda") < ids.index("nikolai-yezhov")
    yagoda = data[ids.index("genrikh-yagoda")]
    assert yagoda["end"]["outcome"] == "executed"
    assert [(k["id"], k["part"]) for k in yagoda["end"]["killed_by"]] == [
        ("vasily-blokhin", "killed")
    ]


def test_chain_from_stalin_to_mercader(cli):
    data = cli("chain", "stalin", "mercader", "--json").json()
    links = data["links"]
    assert links[0]["source"] == "joseph-stalin" or links[0]["target"] == "joseph-stalin"
    last = links[-1]
    assert "ramon-mercader" in (last["source"], last["target"])
    for a, b in zip(links, links[1:], strict=False):
        assert {a["source"], a["target"]} & {b["source"], b["target"]}


def test_graph_json_and_dot(cli):
    data = cli("graph", "zborowski", "--format", "json").json()
    assert data["centre"] == {"id": "mark-zborowski", "casefile": "0121", "name": "Mark Zborowski"}
    assert {"source", "target", "relation", "operation", "date", "certainty"} <= data["edges"][
        0
    ].keys()
    dot = cli("graph", "zborowski", "--format", "dot").stdout
    assert dot.startswith("digraph casefile {")
    assert "style=dashed" in dot  # Sedov's death is alleged against him
    mermaid = cli("graph", "zborowski", "--format", "mermaid").stdout
    assert mermaid.startswith("graph LR")


def test_org_card(cli):
    data = cli("org", "ogpu", "--json").json()
    assert data["kind"] == "organisation" and data["predecessor"]["id"] == "gpu"
    assert "menzhinsky" in " ".join(h["id"] for h in data["heads"])
    assert cli("organisation", "special office", "--json").json()["id"] == "special-office"


def test_contradictions_include_the_15_15_july_typo(cli):
    data = cli("contradictions", "--json").json()
    text = " ".join(c["note"] or "" for c in data) + " ".join(
        claim["says"] for c in data for claim in c["claims"]
    )
    assert "15/15" in text
    assert all(c["claims"] for c in data)


@pytest.mark.parametrize(
    "make",
    [
        lambda db: record_card(db.operation("kirov-assassination")),
        lambda db: record_card(db.figure("nikolai-yezhov")),
        lambda db: record_card(db.organisation("ogpu")),
        lambda db: who_killed_card(db.who_killed("abram-slutsky")),
    ],
)
def test_cards_fit_60_columns(db, make):
    out = io.StringIO()
    render_card(make(db), Environment(stdout=out, stdout_isatty=True, color=False, width=60))
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("╭")
    assert max(len(line) for line in lines) <= 60


def test_org_names_over_time(cli):
    data = cli("org", "gugb", "--json").json()
    assert [body["id"] for body in data["lineage"]] == ["cheka", "gpu", "ogpu", "gugb", "nkgb"]
    assert "Cheka (by 17 Aug 1918 – 1923) → GPU" in cli("org", "cheka").stdout


def test_db_check_finds_a_broken_reference(db_copy):
    import sqlite3

    connection = sqlite3.connect(db_copy)
    connection.execute("DELETE FROM figures WHERE id = 'vasily-blokhin'")
    connection.commit()
    connection.close()
    result = run_cli("--db", str(db_copy), "db", "check")
    assert result.exit_code == 5
    assert "refers to a missing figures" in result.stdout


def test_who_killed_shows_every_account_of_a_disputed_death(cli):
    data = cli("who-killed", "munzenberg", "--json").json()
    accounts = [(a["certainty"], a["outcome"]) for a in data["accounts"]]
    assert accounts[0] == ("alleged", "killed")  # the primary theory first
    assert ("official", "suicide") in accounts and ("disputed", "suicide") in accounts
    assert len(accounts) == 4


@pytest.mark.parametrize(
    "query, code",
    [("kutepov", 0), ("spiegelglass", 3), ("redens", 3), ("sudoplatov", 3), ("slutsky", 0)],
)
def test_who_killed_knows_an_arrest_from_a_killing(cli, query, code):
    assert cli("who-killed", query).exit_code == code


def test_figure_card_lists_ties_both_ways(cli):
    data = cli("figure", "skoblin", "--json").json()
    ties = {(t["relation"], t["direction"], t["other"]["id"]) for t in data["ties"]}
    assert ("recruited", "from", "sergei-spiegelglass") in ties
    assert ("lured", "to", "yevgeny-miller") in ties
    text = cli("figure", "skoblin").stdout
    assert "recruited by | Sergei Spiegelglass" in text
