"""The CLI against the small invented case file: shapes, exit codes, rendering."""

import pytest

from .support import run_cli


@pytest.fixture
def cli(example_db):
    return lambda *args, **kw: run_cli("--db", str(example_db), *args, **kw)


def test_show_person_who_was_a_target_gives_the_operation(cli):
    result = cli("show", "anna", "--json")
    assert result.exit_code == 0
    data = result.json()
    assert data["kind"] == "operation" and data["id"] == "harbour-affair"
    assert {
        "id",
        "title",
        "date",
        "place",
        "method",
        "outcome",
        "participants",
        "summary",
        "sources",
        "match",
    } <= data.keys()
    assert data["match"] == {
        "query": "anna",
        "matched": "Anna Brandt",
        "matched_kind": "name",
        "score": data["match"]["score"],
    }
    expected = {
        "id": "karl-marker",
        "casefile": "9001",
        "name": "Karl [bold]Marker[/bold]",
        "role": "perpetrator",
        "detail": None,
        "certainty": "alleged",
        "basis": "casefile",
        "scope": [],
    }
    perpetrator = next(p for p in data["participants"] if p["id"] == "karl-marker")
    assert {key: perpetrator[key] for key in expected} == expected
    # Keys added since: the role's source, and every source (one case file here).
    assert perpetrator["sources"] == [perpetrator["source"]]
    assert perpetrator["source"]["casefile"] == "9001"


def test_figure_json_shape(cli):
    data = cli("figure", "GULL", "--json").json()
    assert data["kind"] == "figure" and data["id"] == "anna-brandt"
    assert data["native_name"] == "Анна Брандт"
    assert {"alias": "GULL", "kind": "codename", "basis": "casefile"} in data["aliases"]
    assert data["positions"][0]["title"] == "Head of the Harbour Watch"
    assert data["positions"][0]["from"] == "1930"
    assert data["fate"]["certainty"] == "alleged"  # best-supported account first
    assert [(k["id"], k["name"]) for k in data["fate"]["killed_by"]] == [
        ("karl-marker", "Karl [bold]Marker[/bold]")
    ]
    assert [a["certainty"] for a in data["fate_accounts"]] == ["alleged", "official"]
    assert data["sources"][0]["section"] == "harbour"


def test_who_killed_lists_every_account(cli):
    result = cli("who-killed", "Брандт", "--json")
    assert result.exit_code == 0
    data = result.json()
    assert data["victim"] == {"id": "anna-brandt", "casefile": "9001", "name": "Anna Brandt"}
    assert [a["certainty"] for a in data["accounts"]] == ["alleged", "official"]
    first = data["accounts"][0]
    assert [
        {key: k[key] for key in ("id", "name", "role", "part", "certainty", "basis")}
        for k in first["killers"]
    ] == [
        {
            "id": "karl-marker",
            "name": "Karl [bold]Marker[/bold]",
            "role": "killer",
            "part": "killed",
            "certainty": first["certainty"],
            "basis": "casefile",
        }
    ]
    assert first["killers"][0]["source"]["section"] == "harbour"
    assert [(o["id"], o["name"]) for o in first["ordered_by"]] == [("otto-stern", "Otto Stern")]
    assert first["operation"] == {
        "id": "harbour-affair",
        "casefile": "9001",
        "name": "The Harbour Affair",
        "title": "The Harbour Affair",
    }
    assert first["source"]["section"] == "harbour"


def test_who_killed_a_survivor_exits_3_with_an_answer(cli):
    result = cli("who-killed", "otto stern")
    assert result.exit_code == 3
    assert "The case file does not record Otto Stern as killed" in result.stdout
    assert "survived" in result.stdout


def test_markup_in_names_prints_literally(cli):
    result = cli("figure", "karl")
    assert result.exit_code == 0
    assert "Karl [bold]Marker[/bold]" in result.stdout
    assert ":skull: Karl" in result.stdout


def test_plain_output_when_piped_has_no_escape_codes(cli):
    result = cli("show", "harbour affair")
    assert result.exit_code == 0
    assert "\x1b[" not in result.stdout
    assert result.stdout.startswith("The Harbour Affair\n3 Mar 1931 · Port Town\n")
    assert "source: #9001 § The Harbour Affair (3 Mar 1931)" in result.stdout


def test_not_found_exits_3_with_suggestions_on_stderr(cli):
    result = cli("figure", "ottto sterm")
    assert result.exit_code in (0, 3)
    result = cli("figure", "zzzz")
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr.startswith("casefile: no person matches 'zzzz'")


@pytest.mark.parametrize(
    "args, code",
    [
        (["show", ""], 2),
        (["show", "   "], 2),
        (["show", "x" * 1_000_000], 2),
        (["show", "!!!"], 2),
        (["list", "people"], 2),
        (["frobnicate"], 2),
        (["show", "--bogus", "x"], 2),
    ],
)
def test_usage_errors_exit_2_with_one_line(cli, args, code):
    result = cli(*args)
    assert result.exit_code == code
    assert result.stderr.startswith("casefile: ")
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2


def test_search_finds_full_text_and_names(cli):
    data = cli("search", "box of biscuits", "--json").json()
    assert data[0]["kind"] == "operation" and data[0]["id"] == "harbour-affair"
    assert "biscuits" in data[0]["snippet"]
    data = cli("search", "Brant", "--json").json()
    assert data[0]["id"] == "anna-brandt"


def test_list_sorts_by_date_and_name(cli):
    by_name = [item["name"] for item in cli("list", "figures", "--sort", "name", "--json").json()]
    assert by_name == ["Anna Brandt", "Karl [bold]Marker[/bold]", "Otto Stern"]
    by_date = cli("list", "figures", "--json").json()
    assert by_date[0]["id"] == "anna-brandt"  # the only one with a dated fate
    assert {"kind", "id", "name"} <= by_date[0].keys()


def test_database_problems_exit_5(tmp_path):
    missing = run_cli("--db", str(tmp_path / "none.db"), "show", "x")
    assert missing.exit_code == 5 and "database not found" in missing.stderr
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    result = run_cli("--db", str(junk), "show", "x")
    assert result.exit_code == 5 and "not a usable SQLite database" in result.stderr
    import sqlite3

    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    result = run_cli("--db", str(other), "show", "x")
    assert result.exit_code == 5 and "not a casefile database" in result.stderr


def test_database_from_environment(example_db):
    result = run_cli("db", "path", env={"CASEFILE_DB": str(example_db)})
    assert result.stdout.strip() == str(example_db)


def test_version():
    from casefile_cli import __version__

    assert run_cli("--version").stdout.strip() == f"casefile {__version__}"


@pytest.mark.parametrize(
    "args, usage", [([], "Usage: casefile [OPTIONS]"), (["db"], "Usage: casefile db [OPTIONS]")]
)
def test_no_command_prints_help(args, usage):
    result = run_cli(*args)
    assert result.exit_code == 0
    assert result.stdout.startswith(usage)
    assert result.stderr == ""


def test_usage_error_points_at_the_right_help():
    assert run_cli("frobnicate").stderr.endswith("(see 'casefile --help')\n")
    assert run_cli("show").stderr.endswith("(see 'casefile show --help')\n")
    assert run_cli("db", "frob").stderr.endswith("(see 'casefile db --help')\n")
