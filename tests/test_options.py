"""The option table in options.py is what Typer declares and what the fast
path parses: a mismatch fails here instead of quietly falling back to Typer."""

import json

import pytest
import typer.main

from casefile_cli import completion, entry, options
from casefile_cli.cli import app

from .support import run_cli

COMMANDS = typer.main.get_command(app).commands


def _declared(command) -> dict:
    """Typer's options of a command: flags -> (dest, is a flag, choices)."""
    found = {}
    for param in command.params:
        if param.param_type_name != "option" or param.name == "help":
            continue
        choices = tuple(getattr(param.type, "choices", ()) or ())
        found[tuple(param.opts)] = (param.name, param.is_flag, tuple(str(c) for c in choices))
    return found


def _table(table_options) -> dict:
    return {o.flags: (o.dest, o.flag, o.choices) for o in table_options}


@pytest.mark.parametrize("name", options.LOOKUPS)
def test_lookup_commands_declare_exactly_the_table(name):
    command = COMMANDS[name]
    spec = options.LOOKUPS[name]
    table = (*options.LOOKUP_OPTIONS, *spec.extra, *options.TERMINAL_OPTIONS)
    assert _declared(command) == _table(table)
    arguments = [p for p in command.params if p.param_type_name == "argument"]
    assert [a.name for a in arguments] == ["query"]
    assert command.hidden == options.LOOKUPS[name].hidden


@pytest.mark.parametrize("name", options.FAST_COMMANDS)
def test_fast_commands_declare_exactly_the_table(name):
    spec = options.FAST_COMMANDS[name]
    command = COMMANDS[name]
    assert _declared(command) == _table((*spec.options, *options.TERMINAL_OPTIONS))
    arguments = [p.name for p in command.params if p.param_type_name == "argument"]
    assert arguments == list(spec.arguments)


@pytest.mark.parametrize("name", options.FAST_COMMANDS)
def test_fast_path_knows_every_flag_of_the_fast_commands(name):
    spec = options.FAST_COMMANDS[name]
    for option in spec.options:
        for flag in option.flags:
            value = option.choices[0] if option.choices else "0121"
            if option.bounds:
                value = str(option.bounds[1])
            given = [spec.choices[0] if spec.choices else "1937"] * len(spec.arguments)
            argv = [name, *given, flag] + ([] if option.flag else [value])
            parsed = entry.parse_lookup(argv)
            assert parsed is not None and parsed[option.dest] not in (None, False), argv


@pytest.mark.parametrize("name", [*options.FAST_COMMANDS, "kills"])
def test_the_fast_path_gives_the_defaults_typer_gives(name):
    spec = options.FAST_COMMANDS.get(name) or options.LOOKUPS[name]
    table = spec.options if name in options.FAST_COMMANDS else spec.extra
    declared = {p.name: p for p in COMMANDS[name].params if p.param_type_name == "option"}
    for option in table:
        default = declared[option.dest].default
        assert (getattr(default, "value", default) or None) == (option.default or None), option
        if option.bounds:
            assert (declared[option.dest].type.min, declared[option.dest].type.max) == option.bounds


def test_the_fast_path_leaves_bad_values_to_typer():
    assert entry.parse_lookup(["list", "figures", "--plain"])["query"] == "figures"
    assert entry.parse_lookup(["list", "people"]) is None  # not a kind: Typer says which are
    assert entry.parse_lookup(["list", "figures", "--limit", "many"]) is None
    assert entry.parse_lookup(["search", "axe", "--limit", "501"]) is None  # over the range
    assert entry.parse_lookup(["list", "figures", "--limit", "3"])["limit"] == 3
    assert entry.parse_lookup(["list", "figures"])["sort"] == "date"
    assert entry.parse_lookup(["search", "axe"])["limit"] == 20


@pytest.mark.parametrize(
    "args",
    [
        ["list", "people"],
        ["list", "figures", "--limit", "many"],
        ["search", "axe", "--limit", "0"],
        ["timeline", "--from"],
        ["cascade", "extra"],
    ],
)
def test_what_the_fast_path_declines_is_one_usage_line(args):
    result = run_cli(*args)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("casefile:"), result.stderr


def test_global_options_are_the_table():
    declared = _declared(typer.main.get_command(app))
    declared.pop(("--version",))
    declared = {k: v for k, v in declared.items() if "completion" not in k[0]}
    assert declared == _table(options.GLOBAL_OPTIONS)


@pytest.mark.parametrize("name", ["search", "list", "timeline", "on", "chain", "cascade", "sql"])
def test_record_commands_take_the_format_options(name):
    declared = _declared(COMMANDS[name])
    assert _table(options.FORMAT_OPTIONS).items() <= declared.items()


def test_graph_schema_and_check_take_the_format_options():
    for command in (COMMANDS["graph"], COMMANDS["schema"], COMMANDS["db"].commands["check"]):
        assert {("--format", "-f"), ("--json",), ("--plain",)} <= set(_declared(command))
    assert _declared(COMMANDS["graph"])[("--format", "-f")][2] == options.GRAPH_FORMATS


def _all_commands(group=None):
    group = group or typer.main.get_command(app)
    for command in group.commands.values():
        if hasattr(command, "commands"):
            yield from _all_commands(command)
        else:
            yield command


def test_every_command_takes_the_terminal_options_after_its_name():
    wanted = _table(options.TERMINAL_OPTIONS).items()
    for command in _all_commands():
        assert wanted <= _declared(command).items(), command.name


def test_fast_path_knows_every_lookup_flag():
    for option in options.LOOKUP_OPTIONS + options.TERMINAL_OPTIONS:
        for flag in option.flags:
            value = option.choices[0] if option.choices else "0121"
            if option.bounds:
                value = str(option.bounds[1])
            argv = ["show", "kirov", flag] + ([] if option.flag else [value])
            parsed = entry.parse_lookup(argv)
            assert parsed is not None and parsed[option.dest] not in (None, False), argv


def test_completion_covers_every_lookup():
    assert set(options.LOOKUPS) <= set(completion.NAME_KINDS)
    assert completion.NAME_KINDS["show"] == options.ANY_QUERY.kinds


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "tsv", "plain", "text"])
def test_graph_in_every_format(real_db, fmt):
    result = run_cli("--db", str(real_db), "graph", "yagoda", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert "Nikolai Yezhov" in result.stdout
    if fmt == "jsonl":
        rows = [json.loads(line) for line in result.stdout.splitlines()]
        assert {"source", "target", "relation", "source_name"} <= set(rows[0])


def test_graph_json_flag_and_plain(real_db):
    data = run_cli("--db", str(real_db), "graph", "yagoda", "--json").json()
    assert data["centre"] == {"id": "genrikh-yagoda", "casefile": "0121", "name": "Genrikh Yagoda"}
    plain = run_cli("--db", str(real_db), "graph", "yagoda", "--plain").stdout.splitlines()
    assert "Nikolai Yezhov" in plain


def test_db_check_in_script_formats(real_db):
    data = run_cli("--db", str(real_db), "db", "check", "--format", "json").json()
    assert data["ok"] is True and data["counts"]["figures"] > 0
    rows = run_cli("--db", str(real_db), "db", "check", "-f", "csv").stdout.splitlines()
    assert rows[0] == "table,count" and any(r.startswith("figures,") for r in rows)
    plain = run_cli("--db", str(real_db), "db", "check", "--plain")
    assert (plain.exit_code, plain.stdout) == (0, "")


def test_schema_plain_lists_tables(real_db):
    lines = run_cli("--db", str(real_db), "schema", "--plain").stdout.splitlines()
    assert "figures" in lines and "operations" in lines
