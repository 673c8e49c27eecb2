"""Docs that cannot rot: every command is in the README with help text, and
the JSON Schema matches the validator."""

import json

import pytest

from casefile_cli.cli import app
from casefile_cli.sources import json_schema

from .support import ROOT, run_cli

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = [
    "show",
    "figure",
    "who-killed",
    "org",
    "kills",
    "search",
    "list",
    "timeline",
    "on",
    "graph",
    "chain",
    "cascade",
    "contradictions",
    "casefiles",
    "sql",
    "schema",
    "serve",
    "import",
    "remove",
    "db",
    "help",
]


def test_readme_starts_with_the_two_setup_commands():
    block = README.split("```sh\n", 1)[1].split("```", 1)[0].strip().splitlines()
    assert len(block) == 2
    assert block[0].endswith("casefile show kirov")
    assert "pytest" in block[1]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_is_documented(command):
    result = run_cli(command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.stdout
    assert f"casefile {command}" in README


def test_no_command_is_left_out_of_the_list():
    registered = {
        c.name or c.callback.__name__.replace("_", "-")
        for c in app.registered_commands
        if not c.hidden
    }
    registered |= {g.name for g in app.registered_groups}
    assert registered == set(COMMANDS)


def test_json_schema_is_current():
    path = ROOT / "docs" / "casefile-format.schema.json"
    assert json.loads(path.read_text(encoding="utf-8")) == json_schema(), (
        "regenerate with: python -m casefile_cli.sources > docs/casefile-format.schema.json"
    )


def cli_reference() -> str:
    """docs/cli.md: every command's --help, as Typer renders it at 80 columns."""
    parts = [
        "# casefile command reference\n",
        "Generated from `--help`; a test fails when it is stale (regenerate with\n"
        "`CASEFILE_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_docs.py`).\n",
    ]
    for command in [[], *([c] for c in COMMANDS), ["db", "build"], ["db", "path"], ["db", "check"]]:
        text = run_cli(*command, "--help", env={"COLUMNS": "80"}).stdout
        parts.append(f"## casefile {' '.join(command)}\n\n```text\n{text.rstrip()}\n```\n")
    return "\n".join(parts)


def test_cli_reference_is_current():
    import os

    path = ROOT / "docs" / "cli.md"
    if os.environ.get("CASEFILE_UPDATE_SNAPSHOTS"):
        path.write_text(cli_reference(), encoding="utf-8")
    assert path.read_text(encoding="utf-8") == cli_reference(), (
        "docs/cli.md is stale: CASEFILE_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_docs.py"
    )
