"""The pager, under a real pseudo-terminal: $CASEFILE_PAGER, then $PAGER,
then `less -FRX`; --no-pager before or after the command; never when piped;
and the output streams into it instead of being collected first."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

from casefile_cli.pager import DEFAULT_PAGER, pager_command

from .support import run_process
from .terminal import read_all, recording_pager, run_on_terminal, start


def test_long_output_goes_through_casefile_pager(real_db, tmp_path):
    paged = tmp_path / "paged.txt"
    screen = run_on_terminal(
        "--db", str(real_db), "timeline", env={"CASEFILE_PAGER": recording_pager(paged)}
    )
    assert screen.exit_code == 0, screen.stderr
    text = paged.read_text(encoding="utf-8")
    assert "Kirov" in text
    assert len(text.splitlines()) > 100
    assert "Kirov" not in screen.output  # the pager showed it, not casefile


def test_pager_is_taken_from_pager_and_casefile_pager_wins(real_db, tmp_path):
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    env = {"PAGER": recording_pager(first)}
    assert run_on_terminal("--db", str(real_db), "figure", "yezhov", env=env).exit_code == 0
    assert "Nikolai Yezhov" in first.read_text(encoding="utf-8")
    env["CASEFILE_PAGER"] = recording_pager(second)
    assert run_on_terminal("--db", str(real_db), "db", "path", env=env).exit_code == 0
    assert str(real_db) in second.read_text(encoding="utf-8")
    assert str(real_db) not in first.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "args",
    [
        ["--no-pager", "figure", "yezhov"],
        ["figure", "yezhov", "--no-pager"],
        ["list", "figures", "--no-pager"],
        ["--no-pager", "timeline", "--from", "1937", "--to", "1937"],
    ],
)
def test_no_pager_before_or_after_the_command(real_db, tmp_path, args):
    paged = tmp_path / "paged.txt"
    screen = run_on_terminal(
        "--db", str(real_db), *args, env={"CASEFILE_PAGER": recording_pager(paged)}
    )
    assert screen.exit_code == 0, screen.stderr
    assert not paged.exists()
    assert screen.output.strip()


@pytest.mark.parametrize("value", ["", "cat"])
def test_an_empty_pager_or_cat_means_none(real_db, value):
    screen = run_on_terminal("--db", str(real_db), "figure", "yezhov", env={"PAGER": value})
    assert screen.exit_code == 0 and "Nikolai Yezhov" in screen.output


def test_never_when_piped(real_db, tmp_path):
    paged = tmp_path / "paged.txt"
    done = run_process(
        "--db", str(real_db), "timeline", env={"CASEFILE_PAGER": recording_pager(paged)}
    )
    assert done.returncode == 0 and "Kirov" in done.stdout
    assert not paged.exists()


def test_an_error_starts_no_pager(real_db, tmp_path):
    paged = tmp_path / "paged.txt"
    screen = run_on_terminal(
        "--db", str(real_db), "figure", "zzzzqqq", env={"CASEFILE_PAGER": recording_pager(paged)}
    )
    assert screen.exit_code == 3 and "no" in screen.stderr
    assert not paged.exists()


def test_output_streams_into_the_pager(real_db, tmp_path):
    """The first card reaches the pager while casefile still waits for the
    second query: nothing is held back until the end."""
    paged = tmp_path / "paged.txt"
    env = {"CASEFILE_PAGER": recording_pager(paged)}
    process, main = start("--db", str(real_db), "figure", "-", env=env, stdin=subprocess.PIPE)
    try:
        process.stdin.write(b"yezhov\n")
        process.stdin.flush()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if paged.exists() and "Nikolai Yezhov" in paged.read_text(encoding="utf-8"):
                break
            time.sleep(0.1)
        assert "Nikolai Yezhov" in paged.read_text(encoding="utf-8")
        assert process.poll() is None  # still running: the pager got it as it came
        process.stdin.write(b"yagoda\n")
    finally:
        process.stdin.close()
    screen = read_all(process, main)
    assert screen.exit_code == 0, screen.stderr
    assert "Genrikh Yagoda" in paged.read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("less") is None, reason="less is not installed")
def test_the_default_is_less_which_prints_short_output_and_keeps_colour(real_db):
    assert pager_command({}) == DEFAULT_PAGER
    # Shorter than the 40-line terminal: -F prints it and quits.
    args = ("--db", str(real_db), "org", "cheka", "--chart", "--color", "always")
    screen = run_on_terminal(*args)
    assert screen.exit_code == 0, screen.stderr
    assert "Felix Dzerzhinsky" in screen.output
    assert "\x1b[1m" in screen.output  # -R: colour survives the pager


def test_pager_command_rules():
    assert pager_command({"PAGER": "more"}) == "more"
    assert pager_command({"PAGER": "more", "CASEFILE_PAGER": "less -R"}) == "less -R"
    assert pager_command({"CASEFILE_PAGER": ""}) is None
    assert pager_command({"PAGER": "cat"}) is None


def test_a_missing_pager_program_prints_directly(real_db):
    screen = run_on_terminal(
        "--db", str(real_db), "figure", "yezhov", env={"PAGER": "no-such-pager-here -x"}
    )
    assert screen.exit_code == 0 and "Nikolai Yezhov" in screen.output
    assert os.path.exists(real_db)


def test_quitting_the_pager_early_is_not_an_error(real_db):
    screen = run_on_terminal("--db", str(real_db), "timeline", env={"PAGER": "true"})
    assert screen.exit_code == 0
    assert screen.stderr == ""


@pytest.mark.parametrize("args", [["timeline"], ["list", "figures"], ["show", "kirov"]])
def test_a_reader_that_stops_early_is_not_an_error(real_db, args):
    shell = subprocess.run(
        f'"$CASEFILE" -m casefile_cli --db "$DB" {" ".join(args)} | head -1 >/dev/null;'
        ' echo "${PIPESTATUS[0]}"',
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        env={**os.environ, "CASEFILE": sys.executable, "DB": str(real_db)},
        timeout=60,
        check=False,
    )
    assert shell.stdout.strip() == "0" and shell.stderr == ""
