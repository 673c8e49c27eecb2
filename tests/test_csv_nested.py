"""CSV and TSV carry the nested data: one row per account for who-killed,
names joined with "; ", booleans as true/false, lossless JSON where a nested
object has no name; strict JSON (no Infinity) in every JSON format."""

import csv
import io
import json

from .support import run_cli


def _rows(text: str, fmt: str = "csv") -> list[dict]:
    return list(csv.DictReader(io.StringIO(text), delimiter="," if fmt == "csv" else "\t"))


def test_who_killed_tsv_has_one_row_per_account_with_names(real_db):
    result = run_cli("--db", str(real_db), "who-killed", "trotsky", "--format", "tsv")
    assert result.exit_code == 0, result.stderr
    rows = _rows(result.stdout, "tsv")
    assert len(rows) == len(
        run_cli("--db", str(real_db), "who-killed", "trotsky", "--json").json()["accounts"]
    )
    row = rows[0]
    assert row["victim"] == "Leon Trotsky"
    assert row["killed"] == "true"
    assert row["account.killers"] == "Ramón Mercader"
    assert row["account.organisers"] == "Lavrentiy Beria; Pavel Sudoplatov"
    assert row["account.operation"] == "Assassination of Leon Trotsky"
    assert row["account.source"] == "#0121 §trotsky"


def test_who_killed_csv_fate_is_lossless_json(real_db):
    result = run_cli("--db", str(real_db), "who-killed", "kirov", "--format", "csv")
    row = _rows(result.stdout)[0]
    assert json.loads(row["fate"])[0]["killed_by"][0]["name"] == "Leonid Nikolaev"
    assert json.loads(row["match"])["query"] == "kirov"


def test_figure_csv_aliases_sources_and_booleans(real_db):
    result = run_cli("--db", str(real_db), "figure", "trotsky", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    (row,) = _rows(result.stdout)
    assert "Lev Bronstein" in row["aliases"].split("; ")
    assert "#0121 §trotsky" in row["sources"].split("; ")
    assert "Founder of the Fourth International" in row["positions"]
    ties = json.loads(row["ties"])
    sedov = {"id": "lev-sedov", "casefile": "0121", "name": "Lev Sedov"}
    assert sedov in [t["other"] for t in ties]
    assert "True" not in result.stdout.split(",")


def test_sql_csv_booleans_stay_sqlite_numbers(real_db):
    # SQLite has no booleans: 1 stays 1; only JSON true/false becomes true/false.
    result = run_cli("--db", str(real_db), "sql", "SELECT 1 = 1 AS yes", "--format", "csv")
    assert _rows(result.stdout) == [{"yes": "1"}]


def test_table_keeps_its_header_on_a_pipe(real_db):
    result = run_cli("--db", str(real_db), "list", "figures", "--format", "table")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].split("\t") == ["fate date", "name", "fate", "id"]


def test_sql_non_finite_floats_are_null_in_json(real_db):
    query = "SELECT 1e999 AS big, -1e999 AS small, 0.5 AS half"
    result = run_cli("--db", str(real_db), "sql", query, "--json")
    assert result.exit_code == 0, result.stderr
    assert "Infinity" not in result.stdout
    assert json.loads(result.stdout) == [{"big": None, "small": None, "half": 0.5}]
    lines = run_cli("--db", str(real_db), "sql", query, "--format", "jsonl").stdout
    assert json.loads(lines) == {"big": None, "small": None, "half": 0.5}
    # CSV keeps Python's spelling, which float() reads back.
    assert _rows(run_cli("--db", str(real_db), "sql", query, "--format", "csv").stdout) == [
        {"big": "inf", "small": "-inf", "half": "0.5"}
    ]
