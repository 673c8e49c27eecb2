"""Issue 5: output formats, batch queries, read-only SQL, schema, import, --case."""

import csv
import io
import json
import shutil
import sqlite3

import pytest

from .support import EXAMPLE_SOURCES, run_cli


@pytest.fixture
def cli(real_db):
    return lambda *args, **kw: run_cli("--db", str(real_db), *args, **kw)


def test_same_field_names_in_json_csv_tsv_and_jsonl(cli):
    as_json = cli("list", "operations", "--json").json()
    as_csv = list(csv.DictReader(io.StringIO(cli("list", "operations", "-f", "csv").stdout)))
    as_tsv = list(
        csv.DictReader(io.StringIO(cli("list", "operations", "-f", "tsv").stdout), delimiter="\t")
    )
    as_jsonl = [
        json.loads(line) for line in cli("list", "operations", "-f", "jsonl").stdout.splitlines()
    ]
    assert list(as_json[0]) == list(as_csv[0]) == list(as_tsv[0]) == list(as_jsonl[0])
    assert [r["id"] for r in as_json] == [r["id"] for r in as_csv] == [r["id"] for r in as_jsonl]
    assert len(as_json) >= 40


def test_plain_is_one_name_per_line(cli):
    lines = cli("list", "figures", "--plain", "--sort", "name").stdout.splitlines()
    assert "Nikolai Yezhov" in lines and all(line.strip() == line and line for line in lines)
    assert cli("figure", "ezhov", "--plain").stdout == "Nikolai Yezhov\n"


def test_batch_answers_each_line_with_the_worst_exit_code(cli):
    result = cli("who-killed", "-", "--json", stdin="trotsky\n\nzzzzqq\nkirov\n")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["query"] for line in lines] == ["trotsky", "zzzzqq", "kirov"]
    assert lines[0]["victim"]["id"] == "leon-trotsky"
    assert lines[1]["match"] is None and "zzzzqq" in lines[1]["error"]
    assert lines[2]["victim"]["id"] == "sergei-kirov"
    assert result.exit_code == 3


def test_batch_of_plain_names(cli):
    result = cli("figure", "-", "--plain", stdin="ezhov\nletchik\n")
    assert result.stdout.splitlines() == ["Nikolai Yezhov", "Vladimir Pravdin"]
    assert result.exit_code == 0


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM figures",
        "UPDATE figures SET name = 'x'",
        "INSERT INTO meta VALUES ('a', 'b')",
        "DROP TABLE figures",
        "CREATE TABLE evil (x)",
        "ATTACH DATABASE ':memory:' AS other",
        "PRAGMA writable_schema = 1",
        "PRAGMA journal_mode = DELETE",
        "PRAGMA user_version = 99",
        "SELECT load_extension('/tmp/nothing')",
        "VACUUM",
        "SELECT 1; DELETE FROM figures",
        "REPLACE INTO meta VALUES ('schema_version', '0')",
    ],
)
def test_sql_refuses_every_write(db_copy, statement):
    before = db_copy.read_bytes()
    result = run_cli("--db", str(db_copy), "sql", statement)
    assert result.exit_code == 2
    assert result.stderr.startswith("casefile: ")
    assert "Traceback" not in result.stderr
    assert db_copy.read_bytes() == before


def test_sql_reads(cli):
    rows = cli("sql", "SELECT id, name FROM figures WHERE id = 'vasily-blokhin'", "--json").json()
    assert rows == [{"id": "vasily-blokhin", "name": "Vasily Blokhin"}]
    info = cli("sql", "PRAGMA table_info(figures)", "--json").json()
    assert "native_name" in [r["name"] for r in info]
    assert cli("sql", "SELEC nonsense").exit_code == 2


def test_schema_describes_tables_and_views(cli):
    tables = cli("schema", "--json").json()
    by_name = {t["name"]: t for t in tables}
    assert by_name["figures"]["description"]
    assert "native_name" in [c["name"] for c in by_name["figures"]["columns"]]
    assert by_name["killings"]["type"] == "view"


def test_db_check_and_path(cli, real_db):
    result = cli("db", "check", "--json")
    assert result.exit_code == 0 and result.json()["ok"] is True
    assert result.json()["counts"]["figures"] >= 90
    assert cli("db", "path").stdout.strip() == str(real_db)


def test_import_adds_a_case_file_and_case_restricts_lookups(db_copy):
    result = run_cli("--db", str(db_copy), "import", str(EXAMPLE_SOURCES / "9001"))
    assert result.exit_code == 0, result.stderr
    data = run_cli("--db", str(db_copy), "figure", "gull", "--json").json()
    assert data["id"] == "anna-brandt" and data["casefile"] == "9001"
    assert run_cli("--db", str(db_copy), "figure", "gull", "--case", "0121").exit_code == 3
    assert run_cli("--db", str(db_copy), "figure", "ezhov", "--case", "0121").exit_code == 0
    cards = run_cli("--db", str(db_copy), "show", "harbour affair").stdout
    assert "#9001 §" in cards
    listed = run_cli("--db", str(db_copy), "list", "figures", "--case", "9001", "--json").json()
    assert sorted(f["id"] for f in listed) == ["anna-brandt", "karl-marker", "otto-stern"]
    assert run_cli("--db", str(db_copy), "db", "check").exit_code == 0


def test_importing_again_needs_replace(db_copy):
    assert run_cli("--db", str(db_copy), "import", str(EXAMPLE_SOURCES / "9001")).exit_code == 0
    before = db_copy.read_bytes()
    again = run_cli("--db", str(db_copy), "import", str(EXAMPLE_SOURCES / "9001"))
    assert again.exit_code == 2 and "--replace" in again.stderr
    assert db_copy.read_bytes() == before
    replaced = run_cli("--db", str(db_copy), "import", str(EXAMPLE_SOURCES / "9001"), "--replace")
    assert replaced.exit_code == 0
    count = (
        sqlite3.connect(db_copy)
        .execute("SELECT count(*) FROM figures WHERE casefile = '9001'")
        .fetchone()[0]
    )
    assert count == 3


def test_invalid_import_reports_each_problem_and_changes_nothing(db_copy, tmp_path):
    bad = tmp_path / "bad.yaml"
    shutil.copyfile(EXAMPLE_SOURCES / "9001" / "casefile.yaml", bad)
    text = bad.read_text(encoding="utf-8")
    text = text.replace("date: 1931-03-03\n    date_text", "date: 1931-02-30\n    date_text")
    text = text.replace("  - id: otto-stern\n", "  - id: otto-stern\n    height: 180\n")
    text = text.replace("killed_by: [karl-marker]", "killed_by: [nobody-at-all]")
    bad.write_text(text, encoding="utf-8")
    before = db_copy.read_bytes()
    result = run_cli("--db", str(db_copy), "import", str(bad))
    assert result.exit_code == 2
    problems = result.stderr.splitlines()
    assert any("bad.yaml:" in p and "1931-02-30" in p for p in problems)
    assert any("bad.yaml:" in p and "unknown field 'height'" in p for p in problems)
    assert any("unknown figure 'nobody-at-all'" in p for p in problems)
    assert db_copy.read_bytes() == before


def test_import_stores_an_id_of_another_case_file_under_its_own(db_copy, tmp_path):
    clash = tmp_path / "clash.yaml"
    clash.write_text(
        'casefile: {number: "9002", title: Clash}\n'
        "sections:\n  - {id: one, heading: One}\n"
        "figures:\n  - {id: nikolai-yezhov, name: Someone Else, summary: x, sections: [one]}\n",
        encoding="utf-8",
    )
    result = run_cli("--db", str(db_copy), "import", str(clash))
    assert result.exit_code == 0, result.stderr
    own = run_cli("--db", str(db_copy), "figure", "9002/nikolai-yezhov", "--json").json()
    assert (own["id"], own["name"]) == ("9002/nikolai-yezhov", "Someone Else")
    first = run_cli("--db", str(db_copy), "figure", "Nikolai Yezhov", "--json").json()
    assert (first["id"], first["casefile"]) == ("nikolai-yezhov", "0121")


def test_imported_markup_and_control_characters_are_data(db_copy, tmp_path):
    source = tmp_path / "markup.yaml"
    source.write_text(
        'casefile: {number: "9003", title: Markup}\n'
        "sections:\n  - {id: one, heading: One}\n"
        'figures:\n  - {id: markup-man, name: "[red]Red\\x1b[31m Man :skull:", summary: '
        '"[/] closing tag", sections: [one]}\n',
        encoding="utf-8",
    )
    refused = run_cli("--db", str(db_copy), "import", str(source))
    assert refused.exit_code == 2 and "holds \\x1b, a control" in refused.stderr
    source.write_text(source.read_text().replace("\\x1b", ""), encoding="utf-8")
    assert run_cli("--db", str(db_copy), "import", str(source)).exit_code == 0
    data = run_cli("--db", str(db_copy), "figure", "red man", "--json").json()
    assert data["name"] == "[red]Red[31m Man :skull:"
    text = run_cli("--db", str(db_copy), "figure", "red man").stdout
    assert "[red]Red[31m Man :skull:" in text and "\x1b" not in text


def test_case_restricts_time_and_contradiction_commands(db_copy):
    assert run_cli("--db", str(db_copy), "import", str(EXAMPLE_SOURCES / "9001")).exit_code == 0
    cli = lambda *args: run_cli("--db", str(db_copy), *args)  # noqa: E731
    on = cli("on", "1931-03-03", "--json", "--case", "9001").json()
    assert sorted(e["id"] for e in on["happened"]) == ["brandt-dies", "harbour-affair"]
    assert [o["holders"][0]["name"] for o in on["offices"]] == ["Anna Brandt"]
    assert cli("on", "1931-03-03", "--json", "--case", "0121").json()["happened"] == []
    assert [c["id"] for c in cli("contradictions", "--case", "9001", "--json").json()] == [
        "brandt-cause"
    ]
    timeline = cli("timeline", "--case", "9001", "--json").json()
    assert {e["id"] for e in timeline} == {"brandt-dies", "harbour-affair"}
    assert cli("cascade", "--case", "9001", "--json").json() == []
    assert "genrikh-yagoda" in [e["figure"]["id"] for e in cli("cascade", "--json").json()]


def _references(value):
    """Every dict in a JSON value that names a record by id and title but is
    not itself a record (records carry a `kind`)."""
    if isinstance(value, dict):
        if "id" in value and "title" in value and "kind" not in value:
            yield value
        for item in value.values():
            yield from _references(item)
    elif isinstance(value, list):
        for item in value:
            yield from _references(item)


@pytest.mark.parametrize(
    "args",
    [
        ["show", "kirov"],
        ["figure", "ezhov"],
        ["org", "ogpu"],
        ["who-killed", "trotsky"],
        ["kills", "stalin"],
        ["cascade"],
    ],
)
def test_every_reference_has_a_name(real_db, args):
    data = run_cli("--db", str(real_db), *args, "--json").json()
    found = list(_references(data))
    assert found, "nothing to check"
    for ref in found:
        assert ref["name"], ref


def test_operation_references_keep_their_title(real_db):
    data = run_cli("--db", str(real_db), "figure", "ezhov", "--json").json()
    operation = data["operations"][0]
    assert operation["name"] == operation["title"] and operation["id"]
    fate = data["fate"]["operation"]
    assert fate is None or fate["name"] == fate["title"]
