"""Hostile or broken source files: each is refused with exit 2 and one
FILE:LINE line, quickly, with no traceback, and the database stays as it was."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from .support import run_cli

CASEFILE = 'casefile: {number: "9300", title: Hostile}\nsections:\n  - {id: one, heading: One}\n'
BOMB = (
    "".join(
        f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10 if n else ['lol'] * 10)}]\n" for n in range(9)
    )
    + "operations:\n  - {id: op, title: t, kind: k, section: one, summary: s, notes: [*a8]}\n"
)


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "hostile"
    target.mkdir()
    (target / "casefile.yaml").write_text(CASEFILE, encoding="utf-8")
    return target


def refused(folder, db, expected_where: str, *words: str):
    before = db.read_bytes()
    started = time.monotonic()
    result = run_cli("--db", str(db), "import", str(folder))
    assert time.monotonic() - started < 10
    assert result.exit_code == 2, result
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    # Named by the case file's folder and the file (`hostile/b.yaml:2`).
    assert lines[0].startswith(f"casefile: {folder.name}/{expected_where}: "), lines
    for word in words:
        assert word in lines[0]
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert db.read_bytes() == before
    return lines[0]


FIGURE = "figures:\n  - {{id: f, name: {name}, summary: s, sections: [one]}}\n"
BAD_TEXT = [
    (
        "notes",
        "operations:\n  - {id: op, title: t, kind: k, section: one, summary: s,\n"
        "     notes: [[a, b], {x: 1}]}\n",
        "b.yaml:2",
        ["list of text"],
    ),
    (
        "hex-year",
        "events:\n  - {id: e, date: 0x7A1, kind: k, title: t, section: one}\n",
        "b.yaml:2",
        ["0x7A1", "EDTF"],
    ),
    ("surrogate", FIGURE.format(name='"a\\ud800"'), "b.yaml:2", ["surrogate"]),
    (
        "huge-int",
        "sections:\n  - {id: two, heading: Two, line: 100000000000000000000000}\n",
        "b.yaml:2",
        ["too large"],
    ),
    ("deep", "x: " + "[" * 3000 + "]" * 3000 + "\n", "b.yaml:1", ["deeper"]),
    ("empty", "", "b.yaml:1", ["empty"]),
    ("comments-only", "# nothing\n", "b.yaml:1", ["empty"]),
    ("top-list", "- 1\n- 2\n", "b.yaml:1", ["mapping"]),
    ("top-not-list", "\n\nfigures: 3\n", "b.yaml:3", ["must be a list"]),
    ("top-unknown", "figures: []\nshoes: 1\n", "b.yaml:2", ["shoes"]),
    ("recursive", "x: &a [*a]\n", "b.yaml:1", ["alias"]),
    ("bad-tag", "x: !!float abc\n", "b.yaml:1", ["YAML"]),
    ("bomb", BOMB, "b.yaml:4", ["aliases"]),
]


@pytest.mark.parametrize(
    ("text", "where", "words"), [case[1:] for case in BAD_TEXT], ids=[c[0] for c in BAD_TEXT]
)
def test_bad_yaml_is_refused_with_its_line(folder, db_copy, text, where, words):
    (folder / "b.yaml").write_text(text, encoding="utf-8")
    refused(folder, db_copy, where, *words)


@pytest.mark.parametrize(
    ("raw", "where", "word"),
    [
        (b"figures:\n  - {id: f, name: a\x00b, summary: s}\n", "b.yaml:2", "\\x00"),
        (b"figures:\n\n  - {id: f, name: a\x1b[2Jb, summary: s}\n", "b.yaml:3", "\\x1b"),
        (b"figures:\n  - {id: f, name: a\xffb, summary: s}\n", "b.yaml:2", "0xff"),
        (b"\xef\xbb\xbf\xe2\x80", "b.yaml:1", "UTF-8"),
    ],
    ids=["nul", "esc", "invalid-utf8", "truncated-utf8"],
)
def test_raw_bytes_are_refused_with_their_line(folder, db_copy, raw, where, word):
    (folder / "b.yaml").write_bytes(raw)
    line = refused(folder, db_copy, where, word)
    assert "\x1b" not in line and "\x00" not in line


def test_a_folder_named_like_a_source_file(folder, db_copy):
    (folder / "x.yaml").mkdir()
    refused(folder, db_copy, "x.yaml:1", "folder")


def test_a_symlink_loop(folder, db_copy):
    (folder / "loop.yaml").symlink_to("loop.yaml")
    refused(folder, db_copy, "loop.yaml:1", "cannot read")


def test_a_link_out_of_the_folder_is_not_read(folder, db_copy, tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("figures: [{id: SECRET-VALUE, name: the secret line}]\n")
    (folder / "b.yaml").symlink_to(outside)
    line = refused(folder, db_copy, "b.yaml:1", "outside")
    assert "SECRET" not in line and "secret line" not in line


def test_a_link_inside_the_folder_is_read(folder, db_copy):
    (folder / "real.txt").write_text(FIGURE.format(name="Linked Person"), encoding="utf-8")
    (folder / "b.yaml").symlink_to("real.txt")
    result = run_cli("--db", str(db_copy), "import", str(folder))
    assert result.exit_code == 0, result.stderr


def test_an_unreadable_file(folder, db_copy, monkeypatch):
    (folder / "b.yaml").write_text(FIGURE.format(name="X"), encoding="utf-8")
    real_open = os.open

    def refuse(path, *args, **kwargs):
        if str(path).endswith("b.yaml"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    refused(folder, db_copy, "b.yaml:1", "Permission denied")


def test_a_fifo_as_a_source_file_does_not_block(folder, db_copy):
    os.mkfifo(folder / "b.yaml")
    refused(folder, db_copy, "b.yaml:1", "regular file")
    os.mkfifo(folder.parent / "single.yaml")
    result = run_cli("--db", str(db_copy), "import", str(folder.parent / "single.yaml"))
    assert result.exit_code == 2 and "regular file" in result.stderr


def test_only_the_offending_token_is_echoed(folder, db_copy):
    long_id = "y" * 500
    (folder / "b.yaml").write_text(
        f"figures:\n  - {{id: f, name: X, summary: s, sections: [{long_id}]}}\n", encoding="utf-8"
    )
    line = refused(folder, db_copy, "b.yaml:2", "unknown section")
    assert len(line) < 200


def test_file_names_are_shown_escaped(folder, db_copy):
    name = "e\x1b]0;X\x07\u202e.yaml"
    (folder / name).write_text(FIGURE.format(name="X").replace("id: f", "id: F"), "utf-8")
    line = refused(folder, db_copy, "e\\x1b]0;X\\x07\\u202e.yaml:2", "not an id")
    assert "\x1b" not in line and "\x07" not in line and "\u202e" not in line


def test_the_yaml_bomb_under_a_memory_limit(folder, db_copy):
    (folder / "b.yaml").write_text(BOMB, encoding="utf-8")
    limit = "import resource; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30)); "
    started = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            limit + "from casefile_cli.entry import main; main()",
            "--db",
            str(db_copy),
            "import",
            str(folder),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert time.monotonic() - started < 30
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("casefile: hostile/b.yaml:") and "aliases" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_long_bad_date_is_not_echoed_whole(folder, db_copy):
    (folder / "b.yaml").write_text(
        "events:\n  - {id: e, date: " + "9" * 5000 + "x, kind: k, title: t, section: one}\n",
        encoding="utf-8",
    )
    line = refused(folder, db_copy, "b.yaml:2", "EDTF")
    assert len(line) < 300


def test_unquoted_numbers_that_are_not_decimal_stay_text(folder):
    from casefile_cli.sources import load_casefile

    (folder / "casefile.yaml").write_text(
        CASEFILE.replace('"9300"', "0121").replace("heading: One", "heading: 0x7A1"), "utf-8"
    )
    source = load_casefile(folder)
    assert source.number == "0121"
    assert source.records["section"][0]["heading"] == "0x7A1"
