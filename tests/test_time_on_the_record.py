"""Time that never invents a date: `on`, `timeline` and bounds against #0121.

The table below is drawn from the text: for each key office across 1918-1940
who held it, or that it was vacant (with who came before and after), or that
the record cannot say, or that the case file has ended.
"""

import json
import sqlite3

import pytest

from casefile_cli.store.admin import check_integrity

from .support import run_cli


@pytest.fixture(scope="module")
def ask(real_db):
    answers = {}

    def on(*args):
        if args not in answers:
            result = run_cli("--db", str(real_db), *args, "--json")
            # A date the case file says nothing of is an empty answer (exit 3);
            # its JSON still says where the record begins and ends.
            assert result.exit_code in (0, 3), result.stderr
            answers[args] = json.loads(result.stdout)
        return answers[args]

    return on


def office(moment: dict, office_id: str) -> dict | None:
    found = [o for o in moment["offices"] if o["office_id"] == office_id]
    return found[0] if found else None


def ids(entries: list[dict]) -> list[str]:
    return [e["id"] for e in entries]


HELD = [
    ("1918-10", "secret-police-head", "felix-dzerzhinsky"),
    ("1920-06", "secret-police-head", "felix-dzerzhinsky"),
    ("1923-06", "secret-police-head", "felix-dzerzhinsky"),
    ("1925", "secret-police-head", "felix-dzerzhinsky"),
    ("1929-06", "secret-police-head", "vyacheslav-menzhinsky"),
    ("1929-06", "secret-police-first-deputy", "genrikh-yagoda"),
    ("1929-06", "secret-police-deputy", "mikhail-trilisser"),
    ("1925", "foreign-department-head", "mikhail-trilisser"),
    ("1929-06", "foreign-department-head", "mikhail-trilisser"),
    ("1931", "foreign-department-head", "artur-artuzov"),
    ("1935-06", "secret-police-head", "genrikh-yagoda"),
    ("1935-06", "secret-police-first-deputy", "yakov-agranov"),
    ("1935-06", "gugb-head", "yakov-agranov"),
    ("1936-06", "foreign-department-head", "abram-slutsky"),
    ("1937-06", "secret-police-head", "nikolai-yezhov"),
    ("1938-03", "foreign-department-head", "sergei-spiegelglass"),
    ("1938-03", "secret-police-deputy", "mikhail-frinovsky"),
    ("1938-10", "secret-police-head", "nikolai-yezhov"),
    ("1938-10", "secret-police-deputy", "lavrentiy-beria"),
    ("1939", "secret-police-head", "lavrentiy-beria"),
    ("1938-12", "poison-laboratory-head", "grigory-mairanovsky"),
    ("1940-04", "kommandatura-commander", "vasily-blokhin"),
    ("1940-08", "secret-police-head", "lavrentiy-beria"),
]


@pytest.mark.parametrize("date, office_id, holder", HELD)
def test_key_office_holders_from_the_text(ask, date, office_id, holder):
    entry = office(ask("on", date), office_id)
    assert entry["status"] == "held"
    # One holder; in 1923 Dzerzhinsky's Cheka post becomes his GPU post.
    assert set(ids(entry["holders"])) == {holder}


def test_a_post_ended_by_an_undated_renaming_is_perhaps_held_until_then(ask):
    # Beria heads the GUGB from 29 Sep 1938 until its renaming, later in 1938.
    entry = office(ask("on", "1938-10"), "gugb-head")
    assert (entry["status"], ids(entry["possible"])) == ("unknown", ["lavrentiy-beria"])
    assert office(ask("on", "1938-09-29"), "gugb-head")["status"] == "held"


def test_the_head_is_vacant_between_menzhinsky_s_death_and_yagoda(ask):
    entry = office(ask("on", "1934-06"), "secret-police-head")
    assert (entry["status"], entry["holders"]) == ("vacant", [])
    assert ids(entry["last"]) == ["vyacheslav-menzhinsky"]
    assert entry["last"][0]["to"] == "1934-05-10"
    assert ids(entry["next"]) == ["genrikh-yagoda"]
    assert entry["next"][0]["from"] == "1934-07-10"


def test_vacancy_reads_as_such_on_the_card(real_db):
    out = run_cli("--db", str(real_db), "on", "1934-06").stdout
    assert "head of the secret police: vacant; last recorded: Vyacheslav Menzhinsky" in out
    assert "next: Genrikh Yagoda" in out


@pytest.mark.parametrize("date", ["1935-06", "1936-06"])
def test_trilisser_is_not_deputy_after_the_ogpu(ask, date):
    entry = office(ask("on", date), "secret-police-deputy")
    assert entry["status"] == "unknown"
    assert "mikhail-trilisser" not in ids(entry["holders"] + entry["possible"])
    assert ids(entry["last"]) == ["mikhail-trilisser"]


def test_an_end_between_last_evidence_and_a_closing_date_is_unknown(ask):
    # Last seen as Vice-Chairman in October 1929; the OGPU ends 10 July 1934.
    entry = office(ask("on", "1932"), "secret-police-deputy")
    assert (entry["status"], ids(entry["possible"])) == ("unknown", ["mikhail-trilisser"])


def test_a_post_with_an_open_end_is_last_recorded_not_held_for_ever(ask):
    entry = office(ask("on", "1930"), "poison-laboratory-head")
    assert entry["status"] == "unknown"
    assert (ids(entry["last"]), ids(entry["next"])) == (
        ["ignaty-kazakov"],
        ["grigory-mairanovsky"],
    )


def test_before_its_earliest_evidence_no_office_is_claimed(ask):
    assert office(ask("on", "1918-06"), "secret-police-head") is None
    assert ask("on", "1910")["offices"] == []


def test_on_1950_the_case_file_has_ended(ask, real_db):
    moment = ask("on", "1950")
    assert moment["offices"]
    assert {o["status"] for o in moment["offices"]} == {"after-record"}
    assert ids(office(moment, "secret-police-head")["last"]) == ["lavrentiy-beria"]
    assert moment["record"]["last"].startswith("1941")
    out = run_cli("--db", str(real_db), "on", "1950").stdout
    assert "the case file ends in 1941; last recorded: Lavrentiy Beria" in out


OPEN_START = ["tukhachevsky-affair", "menzhinsky-poisoning", "mirbach-assassination"]


@pytest.mark.parametrize("date", ["1910", "1920", "1930"])
def test_open_start_operations_are_not_under_way_before_their_evidence(ask, date):
    moment = ask("on", date)
    assert set(OPEN_START) & set(ids(moment["under_way"] + moment["happened"])) == set()


def test_open_start_operations_are_under_way_at_their_evidence(ask):
    assert "tukhachevsky-affair" in ids(ask("on", "1937-01")["under_way"])
    assert "menzhinsky-poisoning" in ids(ask("on", "1934-05-10")["under_way"])


@pytest.mark.parametrize("date", ["1941", "1950"])
def test_open_end_operations_are_not_under_way_after_their_evidence(ask, date):
    moment = ask("on", date)
    assert {"kirov-cover-up", "laboratory-1-experiments"} & set(ids(moment["under_way"])) == set()


def test_laboratory_1_is_under_way_to_its_last_evidence(ask):
    assert "laboratory-1-experiments" in ids(ask("on", "1940")["under_way"])


def test_timeline_sorts_undated_starts_by_their_earliest_evidence(ask):
    entries = ask("timeline")
    assert entries[0]["attested"][0] >= "1917"
    order = ids(entries)
    firsts = [e["attested"][0] for e in entries]
    assert firsts == sorted(firsts)
    poisoning = order.index("menzhinsky-poisoning")
    assert firsts[poisoning] == "1934-05-10"
    assert entries[poisoning]["from_bounds"] is None
    assert entries[poisoning]["to_bounds"] == ["1934-05-10", "1934-05-10"]


def test_positions_carry_sortable_bounds(ask):
    positions = ask("figure", "dzerzhinsky")["positions"]
    cheka = next(p for p in positions if p["title"] == "Head of the Cheka")
    assert cheka["from"] == "[..1918-09-01]"
    assert cheka["from_bounds"] == [None, "1918-09-01"]
    assert cheka["to_bounds"] == ["1923-01-01", "1923-12-31"]
    assert cheka["attested"] == ["1918-09-01", "1923-12-31"]


def test_text_output_has_no_raw_edtf(real_db):
    for args in (("on", "1937-09"), ("figure", "yagoda"), ("timeline", "--from", "1934")):
        out = run_cli("--db", str(real_db), *args).stdout
        assert not any(mark in out for mark in ("?)", "? ", "[..", "..]", "~"))
        assert " – c. 1935 – " not in out


def test_headings_say_in_for_a_year_and_on_for_a_day(real_db):
    assert run_cli("--db", str(real_db), "on", "1925").stdout.startswith("In 1925\n")
    assert run_cli("--db", str(real_db), "on", "1934-12-01").stdout.startswith("On 1 Dec 1934\n")


def test_piped_card_tables_keep_their_headers(real_db):
    out = run_cli("--db", str(real_db), "figure", "yezhov").stdout
    assert "  office | organisation | from | to\n" in out


def test_no_stored_bound_is_year_0_or_9999(real_db):
    connection = sqlite3.connect(real_db)
    assert connection.execute(
        "SELECT count(*) FROM operations WHERE date_lower LIKE '0000%' OR date_upper LIKE '9999%'"
    ).fetchone() == (0,)


def test_db_check_flags_open_bounds_stored_as_year_0_or_9999(db_copy):
    connection = sqlite3.connect(db_copy)
    connection.execute(
        "UPDATE operations SET date_lower = '0000-01-01' WHERE id = 'menzhinsky-poisoning'"
    )
    connection.execute("UPDATE positions SET date_to_upper = '9999-12-31' WHERE id = 1")
    problems = check_integrity(connection)
    assert any("operations" in p and "year 0000" in p for p in problems)
    assert any("positions" in p and "year 9999" in p for p in problems)
    connection.commit()
    result = run_cli("--db", str(db_copy), "db", "check")
    assert result.exit_code != 0
    assert "year 0000" in result.stdout + result.stderr


def test_operations_carry_sortable_bounds(ask):
    poisoning = ask("show", "menzhinsky-poisoning")
    assert (poisoning["date"], poisoning["from_bounds"]) == ("/1934-05-10", None)
    assert poisoning["to_bounds"] == ["1934-05-10", "1934-05-10"]
    mirbach = ask("show", "mirbach-assassination")
    assert mirbach["from_bounds"] == mirbach["to_bounds"] == [None, "1919-12-31"]
    assert mirbach["attested"] == ["1919-12-31", "1919-12-31"]
