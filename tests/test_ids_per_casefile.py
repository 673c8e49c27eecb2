"""Ids are unique per case file only: a later case file's record whose id
another case file already holds is stored as CASEFILE/ID, every reference
follows, and lookups tell the two apart."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from casefile_cli.store.connect import packaged_database

from .support import EXAMPLE_SOURCES, SOURCES, run_cli, small_casefile

NAMESAKES = EXAMPLE_SOURCES / "shared-ids" / "9123"
LINKED = EXAMPLE_SOURCES / "shared-people" / "9121"


def cli(db, *args):
    return run_cli("--db", str(db), *args)


@pytest.fixture
def namesakes(db_copy):
    result = cli(db_copy, "import", str(NAMESAKES))
    assert result.exit_code == 0, result.stderr
    assert (
        "note: 7 ids of case file 9123 are used by another case file; stored as "
        "figure 9123/joseph-stalin, figure 9123/nikolai-yezhov, place 9123/abkhazia and 4 more"
    ) in result.stderr
    return db_copy


def test_check_names_the_keys_an_import_would_get(db_copy):
    result = cli(db_copy, "import", "--check", str(NAMESAKES))
    assert result.exit_code == 0 and "note: 7 ids of case file 9123" in result.stderr
    assert cli(db_copy, "import", str(NAMESAKES)).exit_code == 0
    again = cli(db_copy, "import", "--check", "--replace", str(NAMESAKES))
    assert again.exit_code == 0 and "note: 7 ids of case file 9123" in again.stderr
    assert "note:" not in cli(db_copy, "import", "--check", str(LINKED)).stderr


def test_an_id_another_case_file_uses_is_stored_under_its_case_file(namesakes):
    data = cli(namesakes, "figure", "9123/joseph-stalin", "--json").json()
    assert (data["id"], data["casefile"], data["name"]) == (
        "9123/joseph-stalin",
        "9123",
        "Koba the Cobbler",
    )
    # Every reference inside the case file follows its records' keys.
    (killer,) = data["fate"]["killed_by"]
    assert (killer["id"], killer["casefile"]) == ("9123/nikolai-yezhov", "9123")
    assert data["fate"]["operation"]["id"] == "9123/beria-purge"
    assert [o["id"] for o in data["operations"]] == ["9123/beria-purge"]
    assert data["contradictions"] == ["9123/reich-murder-date"]
    assert [t["other"]["id"] for t in data["ties"]] == ["9123/nikolai-yezhov"]
    operation = cli(namesakes, "show", "9123/beria-purge", "--json").json()
    assert operation["id"] == "9123/beria-purge" and operation["place"] == "Abkhazia Lane"
    assert {p["id"] for p in operation["participants"]} == {
        "9123/joseph-stalin",
        "9123/nikolai-yezhov",
    }
    assert [p["scope"] for p in operation["participants"] if p["role"] == "perpetrator"] == [
        ["9123/joseph-stalin"]
    ]
    assert [e["id"] for e in operation["events"]] == ["9123/agranov-arrested"]
    assert cli(namesakes, "db", "check").exit_code == 0


def test_the_first_case_file_keeps_its_ids_and_answers(db_copy):
    queries = [("figure", "Joseph Stalin", "--json"), ("show", "beria-purge", "--json")]
    before = [cli(db_copy, *q).json() for q in queries]
    assert cli(db_copy, "import", str(NAMESAKES)).exit_code == 0
    assert cli(db_copy, *queries[0]).json() == before[0]
    operation = cli(db_copy, "show", "0121/beria-purge", "--json").json()
    assert {**operation, "match": None} == {**before[1], "match": None}
    assert cli(db_copy, "figure", "0121/joseph-stalin", "--json").json()["id"] == "joseph-stalin"


@pytest.mark.parametrize("command", ["figure", "show", "who-killed"])
def test_a_bare_id_two_case_files_use_is_ambiguous(namesakes, command):
    result = cli(namesakes, command, "joseph-stalin")
    assert result.exit_code == 4, result.stderr
    lines = result.stderr.splitlines()
    assert "matches 2 records of different case files" in lines[0]
    assert "Joseph Stalin (case file 0121)  [figure joseph-stalin]" in lines[1]
    assert "Koba the Cobbler (case file 9123)  [figure 9123/joseph-stalin]" in lines[2]
    assert "9123/joseph-stalin" not in result.stdout


def test_case_narrows_a_bare_id_to_one_record(namesakes):
    own = cli(namesakes, "figure", "joseph-stalin", "--case", "9123", "--json").json()
    assert own["id"] == "9123/joseph-stalin"
    first = cli(namesakes, "figure", "joseph-stalin", "--case", "0121", "--json").json()
    assert first["id"] == "joseph-stalin"
    event = cli(namesakes, "show", "agranov-arrested", "--case", "9123", "--json").json()
    assert (event["kind"], event["id"]) == ("event", "9123/agranov-arrested")
    assert cli(namesakes, "show", "agranov-arrested").exit_code == 4


def test_remove_takes_out_the_qualified_rows_and_nothing_else(db_copy):
    queries = [
        ("figure", "joseph-stalin", "--json"),
        ("show", "beria-purge", "--json"),
        ("list", "figures", "--json"),
        ("kills", "nikolai-yezhov", "--json"),
    ]
    before = [cli(db_copy, *q).stdout for q in queries]
    assert cli(db_copy, "import", str(NAMESAKES)).exit_code == 0
    assert cli(db_copy, "remove", "9123").exit_code == 0
    assert [cli(db_copy, *q).stdout for q in queries] == before
    with sqlite3.connect(db_copy) as connection:
        left = connection.execute(
            "SELECT count(*) FROM figures WHERE id LIKE '9123/%' OR casefile = '9123'"
        ).fetchone()
    assert left == (0,)


def test_a_same_as_may_name_a_qualified_record_and_two_links_share_a_local_id(namesakes, tmp_path):
    assert cli(namesakes, "import", str(LINKED)).exit_code == 0
    folder = tmp_path / "9124"
    small_casefile(
        folder,
        "9124",
        "Links",
        "figures:\n"
        # The same local id as 9121's link to Trotsky, linked the same way.
        "  - {id: lev-davidovich, name: Lev D., summary: Invented., same_as: 0121/leon-trotsky}\n"
        "  - {id: cobbler, name: The Cobbler, summary: Invented., same_as: 9123/joseph-stalin}\n"
        # Its own place, under a key of its own, named by a linked operation's field.
        "places:\n  - {id: abkhazia, name: Abkhazia Row, section: one}\n"
        "operations:\n  - {id: quarrel, title: Quarrel, kind: murder, section: one,\n"
        "     summary: Invented., place: abkhazia, same_as: 9123/beria-purge}\n",
    )
    result = cli(namesakes, "import", str(folder))
    assert result.exit_code == 0, result.stderr
    for query, expected in [
        ("9124/lev-davidovich", "leon-trotsky"),
        ("9121/lev-davidovich", "leon-trotsky"),
        ("9124/cobbler", "9123/joseph-stalin"),
    ]:
        assert cli(namesakes, "figure", query, "--json").json()["id"] == expected, query
    linked = cli(namesakes, "show", "9124/quarrel", "--json").json()
    assert linked["id"] == "9123/beria-purge"
    assert linked["linked_records"][0]["fields"] == {"kind": "murder", "place": "9124/abkhazia"}
    # One answer, though two case files use the id: both link to one person.
    assert cli(namesakes, "figure", "lev-davidovich", "--json").json()["id"] == "leon-trotsky"


def test_ids_that_repeat_inside_one_case_file_are_still_an_error(db_copy, tmp_path):
    folder = tmp_path / "9125"
    small_casefile(
        folder,
        "9125",
        "Twice",
        "figures:\n"
        "  - {id: twice, name: One, summary: Invented.}\n"
        "  - {id: twice, name: Two, summary: Invented.}\n",
    )
    result = cli(db_copy, "import", str(folder))
    assert result.exit_code == 2
    assert "9125/casefile.yaml:6: duplicate figure id 'twice'" in result.stderr


def test_a_package_that_takes_an_imported_id_moves_the_import_and_says_so(tmp_path, monkeypatch):
    from casefile_cli.build import build_database
    from casefile_cli.store import connect

    monkeypatch.delenv("CASEFILE_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    monkeypatch.setenv("HOME", str(tmp_path))
    package = tmp_path / "package.db"
    shutil.copyfile(packaged_database(), package)
    monkeypatch.setattr(connect, "packaged_database", lambda: str(package))
    folder = tmp_path / "9126"
    small_casefile(
        folder,
        "9126",
        "Early",
        "figures:\n  - {id: new-arrival, name: Quite New Arrival, summary: Invented.}\n",
    )
    assert run_cli("import", str(folder)).exit_code == 0
    assert run_cli("figure", "new-arrival", "--json").json()["id"] == "new-arrival"
    # A new release of #0121 that tells of a person with that id.
    sources = tmp_path / "sources" / "0121"
    shutil.copytree(SOURCES / "0121", sources)
    with (sources / "figures-2.yaml").open("a", encoding="utf-8") as file:
        file.write("  - {id: new-arrival, name: Packaged Arrival, summary: Invented for a test.}\n")
    build_database(sources.parent, package)
    result = run_cli("figure", "9126/new-arrival", "--json")
    assert result.exit_code == 0, result.stderr
    assert "case file 9126: figure new-arrival is now 9126/new-arrival" in result.stderr
    assert result.json()["id"] == "9126/new-arrival"
    assert run_cli("figure", "0121/new-arrival", "--json").json()["name"] == "Packaged Arrival"


def test_a_case_file_number_cannot_hold_a_slash(db_copy, tmp_path):
    folder = tmp_path / "odd"
    small_casefile(folder, "91/27", "Odd")
    result = cli(db_copy, "import", str(folder))
    assert result.exit_code == 2
    assert "odd/casefile.yaml:1: case-file number '91/27' may hold only" in result.stderr


def test_a_remake_keeps_the_keys_and_reports_no_move(tmp_path, monkeypatch):
    from casefile_cli.store import connect

    monkeypatch.delenv("CASEFILE_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    monkeypatch.setenv("HOME", str(tmp_path))
    package = tmp_path / "package.db"
    shutil.copyfile(packaged_database(), package)
    monkeypatch.setattr(connect, "packaged_database", lambda: str(package))
    for folder in (NAMESAKES, LINKED):
        assert run_cli("import", str(folder)).exit_code == 0
    with sqlite3.connect(package) as connection:
        connection.execute("UPDATE figures SET summary = 'new release' WHERE id = 'lev-sedov'")
    result = run_cli("figure", "9123/joseph-stalin", "--json")
    assert result.exit_code == 0 and "remaking" in result.stderr
    assert "is now" not in result.stderr
    assert result.json()["id"] == "9123/joseph-stalin"
