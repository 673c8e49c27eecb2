"""Many case files as one body of knowledge: imports that live with the
user, and people shared between case files by same_as."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from casefile_cli.store.connect import packaged_database

from .support import EXAMPLE_SOURCES, run_cli, small_casefile

# The database the installed package ships: the checkout's own file in an
# editable install, site-packages' copy in a regular one (as in CI).
DATABASE = Path(packaged_database())

SHARED = EXAMPLE_SOURCES / "shared-people"
LINKED, CONFLICTING = SHARED / "9121", SHARED / "9122"


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def user_home(tmp_path, monkeypatch):
    """No --db and no CASEFILE_DB: the packaged database plus the user's data dir."""
    monkeypatch.delenv("CASEFILE_DB", raising=False)
    home = tmp_path / "data-home"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    monkeypatch.setenv("HOME", str(tmp_path))
    return home / "casefile"


@pytest.fixture
def both(db_copy):
    """A database with both invented case files imported after #0121."""
    for folder in (LINKED, CONFLICTING):
        result = run_cli("--db", str(db_copy), "import", str(folder))
        assert result.exit_code == 0, result.stderr
    return db_copy


def cli(db, *args):
    return run_cli("--db", str(db), *args)


# -- imports live with the user ---------------------------------------------


def test_import_without_db_writes_the_data_dir_never_the_package(user_home):
    before = digest(DATABASE)
    result = run_cli("import", str(LINKED))
    assert result.exit_code == 0, result.stderr
    assert digest(DATABASE) == before
    assert (user_home / "casefiles.db").is_file()
    assert (user_home / "sources" / "9121" / "casefile.yaml").is_file()
    # Lookups see both case files without --db.
    assert run_cli("figure", "ezhov", "--json").json()["casefile"] == "0121"
    found = run_cli("figure", "Lyova the Exile", "--json")
    assert found.exit_code == 0 and found.json()["id"] == "leon-trotsky"
    lines = run_cli("db", "path").stdout.splitlines()
    assert lines[0].split("\t")[0] == str(user_home / "casefiles.db")
    assert "9121" in lines[0] and str(DATABASE) in lines[1] and "0121" in lines[1]


@pytest.mark.parametrize("xdg", ["/tmp/somewhere", "", "  "])
def test_the_data_dir_is_the_one_platformdirs_names(monkeypatch, tmp_path, xdg):
    import platformdirs

    from casefile_cli.store.connect import user_data_dir

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", xdg)
    assert user_data_dir() == platformdirs.user_data_dir("casefile", appauthor=False)


def test_lookups_without_imports_do_not_import_platformdirs(user_home):
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "casefile_cli", "figure", "ezhov", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-1000:]
    assert "casefile_cli.lookup" in result.stderr
    assert "platformdirs" not in result.stderr


def test_a_fresh_process_reads_the_imports_too(user_home, tmp_path):
    assert run_cli("import", str(LINKED)).exit_code == 0
    env = {"XDG_DATA_HOME": str(user_home.parent), "HOME": str(tmp_path), "PATH": "/usr/bin"}
    shown = subprocess.run(
        [sys.executable, "-m", "casefile_cli", "figure", "Lyova the Exile", "--plain"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines()[0] == "Leon Trotsky"


def test_remove_takes_the_import_out_and_the_answers_come_back(user_home):
    before = run_cli("who-killed", "trotsky", "--json").stdout
    assert run_cli("import", str(LINKED)).exit_code == 0
    assert run_cli("who-killed", "trotsky", "--json").stdout != before
    assert run_cli("remove", "9121").exit_code == 0
    assert run_cli("who-killed", "trotsky", "--json").stdout == before
    assert not (user_home / "casefiles.db").exists()
    assert not (user_home / "sources" / "9121").exists()
    assert run_cli("db", "path").stdout.split("\t")[0] == str(DATABASE)


def test_the_packaged_case_file_cannot_be_removed(user_home):
    assert run_cli("import", str(LINKED)).exit_code == 0
    refused = run_cli("remove", "0121")
    assert refused.exit_code == 2 and "comes with casefile" in refused.stderr
    assert run_cli("import", "--remove", "7777").exit_code == 3
    assert run_cli("figure", "ezhov").exit_code == 0


def test_an_updated_package_remakes_the_user_database(user_home, tmp_path, monkeypatch):
    from casefile_cli.store import connect

    package = tmp_path / "package.db"
    shutil.copyfile(DATABASE, package)
    monkeypatch.setattr(connect, "packaged_database", lambda: str(package))
    assert run_cli("import", str(LINKED)).exit_code == 0
    # A new release of the package: one of #0121's summaries is rewritten.
    with sqlite3.connect(package) as connection:
        connection.execute("UPDATE figures SET summary = 'new release' WHERE id = 'nikolai-yezhov'")
    result = run_cli("figure", "Lyova the Exile", "--json")
    assert result.exit_code == 0 and "remaking" in result.stderr
    assert result.json()["id"] == "leon-trotsky"
    assert run_cli("figure", "ezhov", "--json").json()["summary"] == "new release"
    assert "remaking" not in run_cli("figure", "ezhov").stderr  # once only


def test_a_same_as_that_no_longer_resolves_is_reported(user_home, tmp_path, monkeypatch):
    from casefile_cli.build import build_database
    from casefile_cli.store import connect

    from .support import SOURCES

    package = tmp_path / "package.db"
    shutil.copyfile(DATABASE, package)
    monkeypatch.setattr(connect, "packaged_database", lambda: str(package))
    assert run_cli("import", str(LINKED)).exit_code == 0
    # A new release in which #0121's Mercader has another id.
    sources = tmp_path / "sources" / "0121"
    shutil.copytree(SOURCES / "0121", sources)
    for file in sources.glob("*.yaml"):
        text = file.read_text(encoding="utf-8")
        file.write_text(text.replace("ramon-mercader", "ramon-mercader-2"), encoding="utf-8")
    build_database(sources.parent, package)
    result = run_cli("figure", "ezhov")
    assert result.exit_code == 0
    assert "case file 9121 left out" in result.stderr and "0121/ramon-mercader" in result.stderr
    assert (user_home / "sources" / "9121").is_dir()  # kept for a later package
    assert run_cli("figure", "Lyova the Exile").exit_code == 3


# -- one person across case files ----------------------------------------------


def test_the_shared_person_has_one_card_citing_both_case_files(both):
    result = cli(both, "figure", "trotsky", "--json")
    assert result.exit_code == 0, result.stderr
    data = result.json()
    assert data["id"] == "leon-trotsky" and data["casefile"] == "0121"
    cited = {account["source"]["casefile"] for account in data["fate_accounts"]}
    assert cited == {"0121", "9121", "9122"}
    aliases = {a["alias"] for a in data["aliases"]}
    assert {"Lyova the Exile", "Lev Davidovich Trotskiy", "the Old Exile"} <= aliases
    assert "Lodger of the villa" in [p["title"] for p in data["positions"]]


def test_an_alias_only_in_the_second_case_file_finds_the_same_person(both):
    assert cli(both, "figure", "Lyova the Exile", "--json").json()["id"] == "leon-trotsky"
    assert cli(both, "figure", "Old Exile", "--json").json()["id"] == "leon-trotsky"


def test_qualified_ids_are_exact(both):
    for query in ("0121/leon-trotsky", "9121/lev-davidovich", "9122/trotsky-ld"):
        result = cli(both, "figure", query, "--json")
        assert result.exit_code == 0 and result.json()["id"] == "leon-trotsky", query
    assert cli(both, "figure", "0121/nobody-here").exit_code == 3


def test_who_killed_shows_every_account_with_its_source(both):
    data = cli(both, "who-killed", "trotsky", "--json").json()
    dates = {(a["source"]["casefile"], a["date"]) for a in data["accounts"]}
    assert dates == {("0121", "1940-08-21"), ("9121", "1940-08-21"), ("9122", "1940-08-20")}
    linked = next(a for a in data["accounts"] if a["source"]["casefile"] == "9121")
    assert [k["id"] for k in linked["killers"]] == ["ramon-mercader"]
    text = cli(both, "who-killed", "trotsky").stdout
    assert "#9121 § The Villa" in text and "#9122 § A Later Report" in text
    # Three accounts name one killer: --plain names him once.
    assert cli(both, "who-killed", "trotsky", "--plain").stdout == "Ramón Mercader\n"


def test_import_says_what_it_imported_and_what_the_database_holds(db_copy):
    result = cli(db_copy, "import", str(LINKED))
    assert result.exit_code == 0
    last = result.stderr.splitlines()[-1]
    assert last.startswith(f"imported {LINKED} into {db_copy}; it holds 2 casefiles, ")


def test_a_disagreement_between_case_files_is_shown_as_such(both):
    data = cli(both, "who-killed", "trotsky", "--json").json()
    (disagreement,) = data["disagreements"]
    assert disagreement["about"] == "date"
    told = {(c["says"], c["source"]["casefile"]) for c in disagreement["claims"]}
    assert told == {("1940-08-21", "0121"), ("1940-08-21", "9121"), ("1940-08-20", "9122")}
    text = cli(both, "who-killed", "trotsky").stdout
    assert "The case files disagree on the date" in text
    assert "20 Aug 1940: #9122 § A Later Report" in text
    assert (
        cli(both, "who-killed", "trotsky", "--case", "9122", "--json").json()["disagreements"] == []
    )
    # One case file alone disagrees with no one.
    assert cli(both, "who-killed", "kirov", "--json").json()["disagreements"] == []


def test_case_keeps_a_card_to_one_case_files_claims(both):
    data = cli(both, "figure", "trotsky", "--case", "9122", "--json").json()
    assert data["id"] == "leon-trotsky"
    assert [a["source"]["casefile"] for a in data["fate_accounts"]] == ["9122"]
    assert data["positions"] == []
    own = cli(both, "who-killed", "trotsky", "--case", "0121", "--json").json()
    assert {a["source"]["casefile"] for a in own["accounts"]} == {"0121"}


def test_remove_restores_the_first_case_file_byte_for_byte(db_copy):
    queries = [
        ("figure", "trotsky", "--json"),
        ("who-killed", "trotsky", "--json"),
        ("figure", "Ramón Mercader", "--json"),
        ("show", "trotsky", "--json"),
        ("list", "figures", "--json"),
    ]
    before = [cli(db_copy, *q).stdout for q in queries]
    for folder in (LINKED, CONFLICTING):
        assert cli(db_copy, "import", str(folder)).exit_code == 0
    assert cli(db_copy, *queries[1]).stdout != before[1]
    assert cli(db_copy, "remove", "9122").exit_code == 0
    assert cli(db_copy, "remove", "9121").exit_code == 0
    assert [cli(db_copy, *q).stdout for q in queries] == before
    assert cli(db_copy, "db", "check").exit_code == 0


def test_a_case_file_others_link_to_is_not_removed(both):
    refused = cli(both, "remove", "0121")
    assert refused.exit_code == 2 and "9121, 9122" in refused.stderr
    assert cli(both, "figure", "ezhov").exit_code == 0


def _write(folder, same_as: str, extra: str = "") -> None:
    small_casefile(
        folder,
        "9130",
        "Broken links",
        "figures:\n"
        f"  - {{id: someone, name: Someone, summary: Invented., same_as: {same_as}}}\n" + extra,
    )


@pytest.mark.parametrize(
    ("same_as", "message"),
    [
        ("0121/no-such-person", "case file 0121 has no figure with that id"),
        ("9130/someone", "names this case file's own record"),
        ("9121/lev-davidovich", "is itself the same as 0121/leon-trotsky"),
        ("leon-trotsky", "is not CASEFILE/ID"),
    ],
)
def test_dangling_chained_and_circular_links_are_errors_with_file_and_line(
    both, tmp_path, same_as, message
):
    folder = tmp_path / "9130"
    _write(folder, same_as)
    before = digest(both)
    result = cli(both, "import", str(folder))
    assert result.exit_code == 2
    assert "9130/casefile.yaml:5:" in result.stderr and message in result.stderr, result.stderr
    assert digest(both) == before


# -- probable duplicates, --strict, --check -----------------------------------


def test_an_unlinked_shared_person_is_warned_of_with_the_line_to_add(db_copy):
    result = cli(db_copy, "import", str(LINKED))
    assert result.exit_code == 0
    assert (
        "9121/casefile.yaml:30: Joseph Stalin looks like 0121/joseph-stalin (same name, "
        'no dates to compare); add "same_as: 0121/joseph-stalin" if they are one person'
    ) in result.stderr
    # Linked records are not warned of.
    assert "Trotskiy looks like" not in result.stderr
    assert "Mornard" not in result.stderr
    # Unlinked, the two Stalins are two records: the name is now ambiguous,
    # and each candidate says which case file it is from.
    ambiguous = cli(db_copy, "figure", "Joseph Stalin")
    assert ambiguous.exit_code == 4
    assert "Joseph Stalin (case file 9121 · " in ambiguous.stderr
    assert "Joseph Stalin (case file 0121 · " in ambiguous.stderr
    assert "case file" not in cli(db_copy, "figure", "Yakov").stderr  # one case file: as before


def test_strict_makes_the_warning_an_error_and_writes_nothing(db_copy):
    before = digest(db_copy)
    result = cli(db_copy, "import", "--strict", str(LINKED))
    assert result.exit_code == 2 and "looks like 0121/joseph-stalin" in result.stderr
    assert "--strict" in result.stderr
    assert digest(db_copy) == before
    assert cli(db_copy, "import", "--strict", str(CONFLICTING)).exit_code == 0


def test_check_validates_and_reports_without_writing(db_copy, tmp_path):
    before = digest(db_copy)
    result = cli(db_copy, "import", "--check", str(LINKED))
    assert result.exit_code == 0
    assert result.stdout.startswith("case file 9121 can be imported")
    assert "1 probable duplicate" in result.stdout
    assert "warning: 9121/casefile.yaml:30: Joseph Stalin looks like" in result.stderr
    assert cli(db_copy, "import", "--check", "--strict", str(LINKED)).exit_code == 2
    folder = tmp_path / "9130"
    _write(folder, "0121/no-such-person")
    broken = cli(db_copy, "import", "--check", str(folder))
    assert broken.exit_code == 2 and "9130/casefile.yaml:5:" in broken.stderr
    assert digest(db_copy) == before


def test_check_without_db_writes_no_user_database(user_home):
    result = run_cli("import", "--check", str(CONFLICTING))
    assert result.exit_code == 0 and str(DATABASE) in result.stdout
    assert not user_home.exists()


@pytest.mark.parametrize(
    ("years", "warned"), [(("1938", "1940"), "same name, same years"), (("1990", "1995"), None)]
)
def test_dates_tell_namesakes_apart(db_copy, tmp_path, years, warned):
    folder = tmp_path / "9131"
    small_casefile(
        folder,
        "9131",
        "Namesakes",
        "figures:\n"
        "  - id: another-trotsky\n    name: Leon Trotsky\n    summary: Invented.\n"
        f"    positions:\n      - {{title: Clerk, from: '{years[0]}', to: '{years[1]}', "
        "section: one}\n",
    )
    result = cli(db_copy, "import", "--check", str(folder))
    assert result.exit_code == 0
    if warned:
        assert f"looks like 0121/leon-trotsky ({warned})" in result.stderr
    else:
        assert "looks like" not in result.stderr


# -- the case files listed -------------------------------------------------------


def test_casefiles_lists_each_with_its_records_and_origin(both):
    data = cli(both, "casefiles", "--json").json()
    assert [c["number"] for c in data] == ["0121", "9121", "9122"]
    packaged, linked, _ = data
    assert packaged["title"] == "NKVD Black Work" and packaged["imported_from"] is None
    assert packaged["counts"]["figures"] >= 90
    assert linked["counts"]["figures"] == 1 and linked["linked"] == 2
    assert linked["imported_from"] == str(LINKED)
    assert cli(both, "list", "casefiles", "--json").json() == data
    text = cli(both, "casefiles").stdout
    assert "2 linked by same_as" in text and f"imported from {LINKED}" in text
    assert cli(both, "casefiles", "--plain").stdout.split() == ["0121", "9121", "9122"]


def test_replacing_a_linking_case_file_keeps_the_other_case_files_claims(both):
    before = cli(both, "who-killed", "trotsky", "--json").json()
    result = cli(both, "import", "--replace", str(LINKED))
    assert result.exit_code == 0, result.stderr
    after = cli(both, "who-killed", "trotsky", "--json").json()
    assert sorted(a["source"]["casefile"] for a in after["accounts"]) == ["0121", "9121", "9122"]
    assert after["accounts"] == before["accounts"]
    assert cli(both, "db", "check").exit_code == 0


# -- what a linked record says of itself, and roles told twice -----------------


def test_a_linked_records_own_fields_are_kept_and_cited(both):
    data = cli(both, "figure", "trotsky", "--json").json()
    told = {r["id"]: r for r in data["linked_records"]}
    assert list(told) == ["9121/lev-davidovich", "9122/trotsky-ld"]
    assert told["9121/lev-davidovich"]["summary"] == (
        "The exile of the villa, as this invented file calls him."
    )
    assert told["9121/lev-davidovich"]["source"]["section"] == "villa"
    assert told["9122/trotsky-ld"]["name"] == "L. D. Trotsky"
    assert told["9122/trotsky-ld"]["outside"] == ["name"]
    # The canonical record's own fields are the first case file's.
    assert data["summary"] != told["9122/trotsky-ld"]["summary"]
    card = " ".join(cli(both, "figure", "trotsky").stdout.split())
    assert "As other case files tell it" in card
    assert (
        "L. D. Trotsky (#9122 § A Later Report (1941)): The exile, as this invented report "
        "names him. [outside the case file: name]"
    ) in card
    narrowed = cli(both, "figure", "trotsky", "--case", "9121", "--json").json()
    assert [r["casefile"] for r in narrowed["linked_records"]] == ["9121"]
    operation = cli(both, "show", "9122/the-attack", "--json").json()
    assert operation["id"] == "trotsky-assassination"
    assert [(r["name"], r["summary"]) for r in operation["linked_records"]] == [
        ("The Attack at the House", "The attack on the exile, as this invented report tells it.")
    ]
    # Its other fields of one value are kept too, as it gives them.
    assert operation["linked_records"][0]["fields"] == {
        "date": "1940-08-20",
        "kind": "assassination",
        "method": "an attack at home",
    }
    assert operation["date"] != "1940-08-20"  # the record's own are the first case file's
    shown = " ".join(cli(both, "show", "9122/the-attack").stdout.split())
    assert "[its own fields: date: 1940-08-20; kind: assassination; method: an attack" in shown


def test_a_role_told_again_by_a_second_case_file_keeps_both_sources(both):
    data = cli(both, "show", "trotsky-assassination", "--json").json()
    target = next(p for p in data["participants"] if p["role"] == "target")
    assert target["id"] == "leon-trotsky" and target["source"]["casefile"] == "0121"
    assert [(s["casefile"], s["section"]) for s in target["sources"]] == [
        ("0121", "trotsky"),
        ("9122", "report"),
    ]
    assert [p["role"] for p in data["participants"]].count("target") == 1
    card = " ".join(cli(both, "show", "trotsky-assassination").stdout.split())
    assert "#0121 § The Assassination of Leon Trotsky (21 Aug 1940); #9122 § A Later Report" in card
    assert cli(both, "remove", "9122").exit_code == 0
    again = cli(both, "show", "trotsky-assassination", "--json").json()
    target = next(p for p in again["participants"] if p["role"] == "target")
    assert [s["casefile"] for s in target["sources"]] == ["0121"]


def _retelling(folder, number: str) -> None:
    small_casefile(
        folder,
        number,
        "Retelling",
        "figures:\n  - {id: sedov, name: Sedov, summary: Invented., same_as: 0121/lev-sedov,\n"
        "     aliases: [{alias: Lyova Junior, kind: nickname}]}\n"
        "operations:\n"
        "  - {id: attack, title: Attack, kind: assassination, section: one, summary: Invented.,\n"
        "     same_as: 0121/trotsky-assassination,\n"
        "     participants: [{figure: sedov, role: witness}]}\n",
    )


def test_what_two_later_case_files_tell_stays_when_the_first_teller_goes(db_copy, tmp_path):
    for number in ("9141", "9142"):
        _retelling(tmp_path / number, number)
        assert cli(db_copy, "import", str(tmp_path / number)).exit_code == 0

    def witness_sources():
        data = cli(db_copy, "show", "trotsky-assassination", "--json").json()
        return [
            [s["casefile"] for s in p["sources"]]
            for p in data["participants"]
            if p["role"] == "witness" and p["id"] == "lev-sedov"
        ]

    def nickname_shown() -> int:
        data = cli(db_copy, "figure", "lev-sedov", "--json").json()
        return [a["alias"] for a in data["aliases"]].count("Lyova Junior")

    assert witness_sources() == [["9141", "9142"]]
    assert nickname_shown() == 1  # told twice, shown once
    assert cli(db_copy, "remove", "9141").exit_code == 0
    # What the other case file told too stays: the role and the nickname.
    assert witness_sources() == [["9142"]]
    assert nickname_shown() == 1
    found = cli(db_copy, "figure", "Lyova Junior", "--case", "9142", "--json")
    assert found.exit_code == 0 and found.json()["id"] == "lev-sedov"
    assert cli(db_copy, "db", "check").exit_code == 0
    assert cli(db_copy, "remove", "9142").exit_code == 0
    assert witness_sources() == [] and nickname_shown() == 0
