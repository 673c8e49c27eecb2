"""Every command in every format, on a pipe and on a (simulated) terminal:
nothing crashes, JSON parses, plain is one name per line."""

import json

import pytest

from casefile_cli.environment import Environment

from .support import run_cli

COMMANDS = [
    ["show", "kirov"],
    ["show", "ogpu"],
    ["show", "blokhin"],
    ["figure", "ezhov"],
    ["who-killed", "trotsky"],  # plain lists named killers; Slutsky's injector is unnamed
    ["org", "rovs"],
    ["kills", "stalin"],
    ["search", "chocolates"],
    ["list", "events"],
    ["timeline", "--from", "1938-02", "--to", "1938-03"],
    ["on", "1937-09"],
    ["chain", "stalin", "mercader"],
    ["cascade"],
    ["contradictions"],
    ["sql", "SELECT id, name FROM figures LIMIT 3"],
    ["schema"],
]
FORMATS = ["card", "table", "text", "json", "jsonl", "csv", "tsv", "plain"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_command_in_format(real_db, args, fmt):
    result = run_cli("--db", str(real_db), *args, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip()
    if fmt == "json":
        json.loads(result.stdout)
    if fmt == "jsonl":
        for line in result.stdout.splitlines():
            json.loads(line)


@pytest.mark.parametrize("args", COMMANDS + [["graph", "yagoda"]], ids=lambda a: " ".join(a))
def test_on_a_terminal(real_db, args):
    result = run_cli("--db", str(real_db), *args, terminal=True, color=True, width=60)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip()
    assert "\x1b[" in result.stdout  # coloured on a terminal


def test_no_color_flag_turns_colour_off_on_a_terminal(real_db):
    result = run_cli("--db", str(real_db), "--no-color", "show", "kirov", terminal=True, color=True)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() and "\x1b[" not in result.stdout


def test_no_color_flag_and_env(monkeypatch):
    monkeypatch.setattr("sys.stdout.isatty", lambda: True, raising=False)
    assert Environment.detect(no_color=True).color is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert Environment.detect().color is False
