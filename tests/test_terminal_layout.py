"""Layout on a real pseudo-terminal at 40, 80 and 200 columns: every line fits,
no word is cut or shortened with "…", cards stop at a readable width, and
the wording slips of issue 14 stay fixed."""

from __future__ import annotations

import pytest

from .support import run_cli
from .terminal import run_on_terminal

PLAIN_TERMINAL = {"PAGER": "cat", "NO_COLOR": "1"}


def screen(real_db, *args, columns: int) -> str:
    shown = run_on_terminal("--db", str(real_db), *args, env=PLAIN_TERMINAL, columns=columns)
    assert shown.exit_code == 0, shown.stderr
    return shown.output


@pytest.mark.parametrize("columns", [40, 80, 200])
@pytest.mark.parametrize(
    "args",
    [["show", "kirov"], ["figure", "yezhov"], ["org", "ogpu"], ["list", "figures"]],
)
def test_every_line_fits_and_no_word_is_cut(real_db, args, columns):
    text = screen(real_db, *args, columns=columns)
    lines = text.splitlines()
    assert all(len(line) <= columns for line in lines)
    assert "…" not in text
    words = set(text.replace("│", " ").split())
    for whole in ("perpetrator", "organiser", "bodyguards)", "Commissariat", "Vice-Chairman"):
        # Cut mid-word: its head ends one line and its tail starts the next.
        for k in range(3, len(whole) - 1):
            assert not (whole[:k] in words and whole[k:] in words), (whole, k)


def test_names_and_ids_in_list_tables_are_whole_at_80(real_db):
    text = screen(real_db, "list", "figures", columns=80)
    records = run_cli("--db", str(real_db), "list", "figures", "--json").json()
    lines = text.splitlines()
    for record in records:
        assert any(record["id"] in line for line in lines), record["id"]
        assert any(record["name"] in line for line in lines), record["name"]


def test_list_figures_heads_the_fate_column_fate(real_db):
    header = next(
        line
        for line in screen(real_db, "list", "figures", columns=80).splitlines()
        if "name" in line
    )
    assert header.split() == ["fate", "date", "name", "fate", "id"]


def test_a_card_is_at_most_100_columns_on_a_wide_terminal(real_db):
    lines = screen(real_db, "figure", "yezhov", columns=200).splitlines()
    assert max(len(line) for line in lines) == 100


def test_summary_and_fate_come_before_the_tables(real_db):
    text = screen(real_db, "figure", "yezhov", columns=80)
    assert text.index("Party functionary who") < text.index("Fate") < text.index("Offices")


def test_source_lists_say_how_many_more(real_db):
    text = run_cli("--db", str(real_db), "figure", "yezhov").stdout
    sections = run_cli("--db", str(real_db), "figure", "yezhov", "--json").json()["sources"]
    assert len(sections) > 4
    assert f"and {len(sections) - 4} more" in " ".join(text.split())


def test_no_internal_role_names_in_cards(real_db):
    text = " ".join(run_cli("--db", str(real_db), "show", "mirbach assassination").stdout.split())
    assert "ordered_by" not in text and "ordered by" in text


def test_wording_slips(real_db):
    db = ("--db", str(real_db))
    assert run_cli(*db, "on", "1925").stdout.startswith("In 1925\n")
    assert run_cli(*db, "on", "1934-12-01").stdout.startswith("On 1 Dec 1934\n")
    assert "\n1 link\n" in run_cli(*db, "chain", "yagoda", "yezhov").stdout
    survivor = run_cli(*db, "who-killed", "mercader")
    assert survivor.exit_code == 3
    assert survivor.stdout.startswith("The case file does not record Ramón Mercader as killed")
    assert "does not say" not in survivor.stdout
    assert "\n\n\n" not in run_cli(*db, "who-killed", "slutsky").stdout
