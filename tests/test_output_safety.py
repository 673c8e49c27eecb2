"""Hostile strings stored straight into a database (as any other tool could)
never reach the terminal raw: no control, bidi or zero-width character on
stdout or stderr outside JSON, and JSON escapes them; a newline in a one-line
field never forges a line. Issue 13, "Terminal injection"."""

from __future__ import annotations

import json
import os
import re
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casefile_cli.render import safe

from .support import read_terminal, run_cli

# What a terminal acts on or hides; a rich card drawn without colour has none.
RAW = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)
# The newline payload tries to start a line of its own. Its parts are short
# words, so that wrapping (which may break a long word anywhere) never puts
# FORGED at the start of a line by itself.
FORGED = re.compile(r"^[\s│|]*FORGED", re.M)
CONTROLS = (
    "\x1b]0;PWNED\x07 \x1b[2J \x9b31m \u202e \u2066 \u200b \ufeff \u2028 \u2029 \r \x00 \U000e0041"
)
ONE_LINE_PAYLOAD = CONTROLS + " \nFORGED: yes \x1b[0m "
PROSE_PAYLOAD = CONTROLS + " \x1b[31m "

# Columns shown as one line, and prose (which may keep its newlines).
ONE_LINE = {
    "figures": ["name", "native_name"],
    "organisations": ["name", "full_name", "native_name"],
    "operations": ["title"],
    "events": ["title"],
    "places": ["name"],
    "aliases": ["alias"],
    "names": ["label", "form"],
    "documents": ["name"],
    "sections": ["heading"],
    "positions": ["title", "office"],
    "casefiles": ["title"],
}
PROSE = {
    "figures": ["summary"],
    "organisations": ["summary"],
    "operations": ["summary"],
    "events": ["note"],
    "notes": ["note"],
    "fates": ["note", "unnamed_agents"],
    "relations": ["note"],
    "documents": ["body"],
    "contradictions": ["note"],
    "contradiction_claims": ["says"],
    "quotations": ["text", "context", "speaker_description"],
    "casefiles": ["summary", "subtitle", "epigraph", "attribution"],
}


def poison(path, one_line: str = ONE_LINE_PAYLOAD, prose: str = PROSE_PAYLOAD) -> None:
    """Wrap every displayed string of the database in hostile characters;
    lookups still work, since they match on the normalised `norm` column."""
    with sqlite3.connect(path) as connection:
        for payload, columns in ((one_line, ONE_LINE), (prose, PROSE)):
            for table, names in columns.items():
                for column in names:
                    connection.execute(
                        f"UPDATE {table} SET {column} = "
                        f"substr({column}, 1, 1) || ? || substr({column}, 2) || ? "
                        f"WHERE {column} IS NOT NULL",
                        (payload, payload),
                    )


@pytest.fixture(scope="module")
def hostile_db(real_db, tmp_path_factory):
    import shutil

    path = tmp_path_factory.mktemp("hostile") / "hostile.db"
    shutil.copyfile(real_db, path)
    poison(path)
    return path


COMMANDS = [
    ["show", "kirov"],
    ["show", "yezhov"],
    ["figure", "yezhov"],
    ["figure", "yezhv"],  # did you mean
    ["figure", "nikolai"],  # ambiguous: the candidates
    ["who-killed", "kirov"],
    ["who-killed", "stalin"],
    ["org", "nkvd"],
    ["kills", "stalin"],
    ["search", "yezhov"],
    ["search", "poison"],
    ["list", "figures"],
    ["list", "operations"],
    ["list", "organisations"],
    ["list", "events"],
    ["timeline", "--figure", "yezhov"],
    ["on", "1937"],
    ["graph", "yezhov"],
    ["chain", "stalin", "mercader"],
    ["cascade"],
    ["contradictions"],
    ["sql", "SELECT name, summary FROM figures"],
    ["db", "check"],
]
FORMATS = ["text", "plain", "csv", "tsv", "jsonl", "json"]


def _no_raw(text: str, where: str) -> None:
    found = RAW.search(text)
    assert found is None, f"{where}: raw {found.group()!r} near {text[found.start() - 20:][:40]!r}"
    assert not FORGED.search(text), f"{where}: a forged line"


def _check(result, where: str) -> None:
    assert result.exit_code in (0, 3, 4, 5), (where, result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    _no_raw(result.stdout, f"{where} stdout")
    _no_raw(result.stderr, f"{where} stderr")


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_hostile_data_in_every_script_format(hostile_db, args):
    for fmt in FORMATS:
        if args[:2] == ["db", "check"] and fmt == "text":
            continue  # its own text lines, checked below
        result = run_cli("--db", str(hostile_db), *args, "--format", fmt)
        _check(result, f"{args} {fmt}")
        if fmt == "json" and result.exit_code == 0:
            json.loads(result.stdout)  # still JSON, escapes and all
    _check(run_cli("--db", str(hostile_db), *args), f"{args} piped")


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_hostile_data_in_cards_and_tables_on_a_terminal(hostile_db, args):
    for fmt in (None, "card", "table"):
        extra = ["--format", fmt] if fmt else []
        result = run_cli("--db", str(hostile_db), *args, *extra, terminal=True, width=100)
        _check(result, f"{args} {fmt} terminal")


def test_graph_pictures_escape_their_labels(hostile_db):
    for fmt in ("dot", "mermaid", "tree"):
        result = run_cli("--db", str(hostile_db), "graph", "yezhov", "--format", fmt)
        _check(result, fmt)
        assert "\\x1b]0;PWNED\\x07" in result.stdout.replace("\\\\", "\\")


def test_json_escapes_what_json_leaves_raw_and_keeps_the_values(hostile_db):
    result = run_cli("--db", str(hostile_db), "figure", "yezhov", "--json")
    assert "\\u009b31m" in result.stdout and "\\u202e" in result.stdout
    name = result.json()["name"]
    assert ONE_LINE_PAYLOAD in name and name.startswith("N")


def test_escapes_are_visible_in_text(hostile_db):
    out = run_cli("--db", str(hostile_db), "figure", "yezhov", "--plain").stdout
    assert out.startswith("N\\x1b]0;PWNED\\x07 \\x1b[2J \\x9b31m \\u202e \\u2066 \\u200b \\ufeff")
    assert "\\nFORGED: yes" in out and out.count("\n") == 1


def test_colour_cards_carry_only_rich_styles(hostile_db):
    result = run_cli("--db", str(hostile_db), "figure", "yezhov", terminal=True, color=True)
    assert result.exit_code == 0
    styles_removed = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
    _no_raw(styles_removed, "colour card")


def test_a_real_pseudo_terminal(hostile_db):
    """The console script on a pty: rich decides it is a terminal by itself."""
    import pty
    import subprocess
    import sys

    leader, follower = pty.openpty()
    env = {**os.environ, "CASEFILE_DB": str(hostile_db), "COLUMNS": "100", "TERM": "xterm"}
    env.pop("NO_COLOR", None)
    process = subprocess.Popen(
        # --no-pager: the card is longer than the screen, and less would wait for keys.
        [sys.executable, "-m", "casefile_cli", "figure", "yezhov", "--no-pager"],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
        env=env,
    )
    os.close(follower)
    output = read_terminal(leader)
    assert process.wait(timeout=60) == 0
    text = output.decode("utf-8")
    assert "PWNED" in text  # the card was drawn
    _no_raw(re.sub(r"\x1b\[[0-9;]*m", "", text).replace("\r", ""), "pty")


def test_file_names_in_messages_are_escaped(tmp_path, db_copy):
    folder = tmp_path / "d\x1b]0;X\x07"
    folder.mkdir()
    result = run_cli("--db", str(db_copy), "import", str(folder / "a\x1b[2J.yaml"))
    assert result.exit_code == 2
    _no_raw(result.stderr, "import")
    assert "\\x1b]0;X\\x07" in result.stderr
    result = run_cli("--db", str(tmp_path / "x\x1b[2J\u202e.db"), "show", "kirov")
    assert result.exit_code == 5 and "x\\x1b[2J\\u202e.db" in result.stderr
    _no_raw(result.stderr, "--db")


def test_queries_echoed_in_errors_are_escaped(real_db):
    for args in (
        ["figure", "zz\x1b]0;X\x07zz"],
        ["figure", "\x1b[2J"],
        ["show", "a\nFORGED"],
        ["list", "\x1b[2J"],
        ["no-such\x1b[2J"],
        ["search", "x", "--limit", "\x1b[2J"],
    ):
        result = run_cli("--db", str(real_db), *args)
        assert result.exit_code in (2, 3, 4), (args, result)  # "forged" is a kind word
        _no_raw(result.stderr, repr(args))
        _no_raw(result.stdout, repr(args))


hostile_text = st.text(
    st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from(list(CONTROLS + "\n\t\x85\u061c\u180e\u2069\U000e007f")),
    ),
    min_size=1,
    max_size=40,
)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(name=hostile_text, summary=hostile_text)
def test_any_hostile_stored_string_is_made_safe(db_copy, name, summary):
    with sqlite3.connect(db_copy) as connection:
        connection.execute(
            "UPDATE figures SET name = ?, summary = ? WHERE id = 'nikolai-yezhov'",
            ("N" + name, summary),
        )
        connection.execute(
            "UPDATE names SET label = ? WHERE record_id = 'nikolai-yezhov'", ("N" + name,)
        )
    for fmt in ("text", "plain", "csv", "tsv", "jsonl", "card"):
        result = run_cli("--db", str(db_copy), "figure", "yezhov", "--format", fmt, terminal=True)
        assert result.exit_code == 0, result.stderr
        assert RAW.search(result.stdout) is None, (fmt, result.stdout)
    listed = run_cli("--db", str(db_copy), "list", "figures", "--plain").stdout
    assert RAW.search(listed) is None and len(listed.splitlines()) > 50
    for args in (
        ["kills", "blokhin", "--format", "tsv"],
        ["search", "yezhov", "--format", "csv"],
        ["graph", "yezhov", "--format", "mermaid"],
        ["graph", "yezhov", "--format", "dot"],
        ["chain", "yezhov", "blokhin", "--format", "card"],
    ):
        result = run_cli("--db", str(db_copy), *args, terminal=True)
        assert result.exit_code == 0 and RAW.search(result.stdout) is None, (args, result)
    near = run_cli("--db", str(db_copy), "figure", "yezhv")
    assert RAW.search(near.stderr) is None


@given(st.text())
def test_line_is_one_line_and_prose_keeps_only_newlines_and_tabs(text):
    assert "\n" not in safe.line(text) and RAW.search(safe.line(text)) is None
    assert RAW.search(safe.prose(text)) is None
    assert safe.prose(text).count("\n") == text.replace("\r\n", "\n").count("\n")


@given(st.text(st.characters(exclude_categories=("Cs",))))
def test_json_text_parses_back_to_the_same_value(text):
    dumped = safe.json_text(json.dumps({"v": text}, ensure_ascii=False))
    assert RAW.search(dumped) is None and json.loads(dumped) == {"v": text}


def test_printable_text_needs_no_escape():
    # line, prose and json_text return printable text untouched without
    # running their patterns: every character the patterns match must be
    # one that str.isprintable refuses.
    patterns = [re.compile(p) for p in (safe._ONE_LINE, safe._PROSE, safe._IN_JSON)]
    for code in range(0x110000):
        character = chr(code)
        if character.isprintable():
            assert not any(p.match(character) for p in patterns), hex(code)


def test_text_that_is_not_utf8_in_the_database(db_copy):
    with sqlite3.connect(db_copy) as connection:
        connection.execute(
            "UPDATE figures SET name = CAST(x'4eff1b5b324a' AS TEXT) WHERE id = 'nikolai-yezhov'"
        )
    for args in (["figure", "yezhov"], ["list", "figures", "--plain"]):
        result = run_cli("--db", str(db_copy), *args)
        assert result.exit_code == 5 and len(result.stderr.splitlines()) == 1
        assert "Could not decode to UTF-8" in result.stderr and "\\x1b[2J" in result.stderr
        _no_raw(result.stderr, repr(args))


def _plain_one_by_one(names) -> str:
    return "".join(" ".join(safe.line(name).split()) + "\n" for name in names)


def test_a_printable_character_is_one_plain_lines_keeps():
    # plain_lines writes printable names as they are: no printable character may
    # be one that `line` escapes or that `str.split` breaks at (the space aside).
    for code in range(0x110000):
        character = chr(code)
        if character.isprintable() and character != " ":
            assert safe.line(character) == character and character.split() == [character]


@given(st.lists(st.text(max_size=8) | st.sampled_from(["Ramón", " a", "a ", "a  b", "\xa0"])))
def test_plain_lines_writes_each_name_as_line_and_split_would(names):
    assert safe.plain_lines(names) == _plain_one_by_one(names)


def test_plain_lines_of_values_that_are_not_text():
    assert safe.plain_lines([1, "Ada  Lovelace", None]) == "1\nAda Lovelace\nNone\n"
