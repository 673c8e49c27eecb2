"""Colour under a real pseudo-terminal and on pipes: --color auto|always|never
before or after the command, --no-color, NO_COLOR, FORCE_COLOR, CLICOLOR_FORCE."""

from __future__ import annotations

import pytest

from casefile_cli.environment import wants_colour

from .support import run_process
from .terminal import ANSI_ESCAPE, run_on_terminal

NO_PAGER = {"PAGER": "cat"}


@pytest.mark.parametrize(
    "args, env, coloured",
    [
        (["figure", "yezhov"], {}, True),
        (["figure", "yezhov", "--color", "never"], {}, False),
        (["--color", "never", "figure", "yezhov"], {}, False),
        (["figure", "yezhov", "--no-color"], {}, False),
        (["--no-color", "figure", "yezhov"], {}, False),
        (["figure", "yezhov"], {"NO_COLOR": "1"}, False),
        (["figure", "yezhov", "--color", "always"], {"NO_COLOR": "1"}, True),
        (["list", "figures", "--color=never"], {}, False),
        (["list", "figures"], {}, True),
        (["figure", "yezhov"], {"TERM": "dumb"}, False),
    ],
)
def test_colour_on_a_terminal(real_db, args, env, coloured):
    screen = run_on_terminal("--db", str(real_db), *args, env={**NO_PAGER, **env})
    assert screen.exit_code == 0, screen.stderr
    assert (ANSI_ESCAPE in screen.output) is coloured, screen.output[:300]


@pytest.mark.parametrize(
    "args, env, coloured",
    [
        (["figure", "yezhov"], {}, False),
        (["figure", "yezhov", "--color", "always"], {}, True),
        (["--color", "always", "figure", "yezhov"], {}, True),
        (["figure", "yezhov"], {"FORCE_COLOR": "1"}, True),
        (["figure", "yezhov"], {"CLICOLOR_FORCE": "1"}, True),
        (["figure", "yezhov"], {"CLICOLOR_FORCE": "0"}, False),
        (["figure", "yezhov", "--color", "never"], {"FORCE_COLOR": "1"}, False),
        (["figure", "yezhov", "--json"], {"FORCE_COLOR": "1"}, False),
    ],
)
def test_colour_when_piped(real_db, args, env, coloured):
    done = run_process("--db", str(real_db), *args, env=env)
    assert done.returncode == 0, done.stderr
    assert (ANSI_ESCAPE in done.stdout) is coloured


def test_forced_colour_draws_the_card_a_terminal_gets(real_db):
    done = run_process("--db", str(real_db), "figure", "yezhov", "--color", "always")
    assert "╭" in done.stdout and "Nikolai Yezhov" in done.stdout


def test_a_bad_colour_mode_is_a_usage_error(real_db):
    done = run_process("--db", str(real_db), "figure", "yezhov", "--color", "sometimes")
    assert done.returncode == 2
    assert "sometimes" in done.stderr and len(done.stderr.splitlines()) == 1


def test_colour_rules(monkeypatch):
    for name in ("NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE"):
        monkeypatch.delenv(name, raising=False)
    assert wants_colour("auto", True) and not wants_colour("auto", False)
    assert wants_colour("always", False) and not wants_colour("never", True)
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert wants_colour("auto", False)
    monkeypatch.setenv("NO_COLOR", "")
    assert not wants_colour("auto", True)
