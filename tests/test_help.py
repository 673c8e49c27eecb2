"""Help: every command's --help ends with two or three real examples (each
one is run here), and `casefile help CMD` prints the same as CMD --help."""

from __future__ import annotations

import re
import shlex
import shutil

import pytest
import typer.main

from casefile_cli.cli import app
from casefile_cli.examples import EXAMPLES

from .support import ROOT, run_cli


def _paths(group=None, prefix=()):
    group = group or typer.main.get_command(app)
    for name, command in group.commands.items():
        if command.hidden:
            continue
        if hasattr(command, "commands"):
            yield from _paths(command, (*prefix, name))
        else:
            yield (*prefix, name)


PATHS = sorted(_paths())
ENV_PREFIX = re.compile(r"^([A-Z_]+=\S+\s+)+")


def test_every_command_has_two_or_three_examples():
    assert {" ".join(p) for p in PATHS} | {""} == set(EXAMPLES)
    for path, lines in EXAMPLES.items():
        assert 2 <= len(lines) <= 3, path
        assert all(line.startswith(("casefile ", "CASEFILE_DB=")) for line in lines), path


@pytest.mark.parametrize("path", PATHS, ids=" ".join)
def test_help_ends_with_its_examples(path):
    shown = run_cli(*path, "--help").stdout
    wanted = "\n  Examples:\n" + "".join(f"    {line}\n" for line in EXAMPLES[" ".join(path)])
    assert shown.endswith(wanted), shown[-400:]


def test_top_help_ends_with_examples():
    assert run_cli("--help").stdout.endswith("    casefile help timeline\n")


def _runnable(line: str) -> tuple[list[str], int]:
    """The casefile part of an example (before a pipe, redirect or comment)
    and the exit code it promises."""
    code = 3 if "exits 3" in line else 0
    line = ENV_PREFIX.sub("", re.split(r"\s[|>#]", line)[0])
    words = shlex.split(line)
    assert words[0] == "casefile"
    return words[1:], code


RUNNABLE = [
    line
    for path, lines in EXAMPLES.items()
    for line in lines
    # import's paths (and remove's numbers) stand for the reader's own case
    # file; serve runs until stopped
    if path not in ("import", "remove", "serve")
]


@pytest.mark.parametrize("line", RUNNABLE)
def test_every_example_works(line, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # what an example writes lands here
    args, code = _runnable(line.replace("/tmp/", f"{tmp_path}/"))
    if args[:2] == ["db", "build"]:
        # `db build` works in a checkout: give it one of its own, so that the
        # example never rewrites the project's database, installed or not.
        checkout = tmp_path / "checkout" / "data"
        shutil.copytree(ROOT / "data" / "sources", checkout / "sources")
        monkeypatch.setattr(
            "casefile_cli.build.default_paths",
            lambda: (checkout / "sources", checkout / "casefiles.db"),
        )
    result = run_cli(*args)
    assert result.exit_code == code, result.stderr
    if code == 0 and args[:2] not in (["db", "build"],):
        assert result.stdout.strip(), line


@pytest.mark.parametrize("path", [("show",), ("db", "build"), ("org",)], ids=" ".join)
def test_help_command_prints_the_commands_help(path):
    assert run_cli("help", *path).stdout == run_cli(*path, "--help").stdout
    assert run_cli("help", *path).exit_code == 0


def test_help_alone_and_help_of_nothing_known():
    assert run_cli("help").stdout == run_cli("--help").stdout
    unknown = run_cli("help", "bogus")
    assert unknown.exit_code == 2 and "bogus" in unknown.stderr


@pytest.mark.parametrize("command", [["db", "build"], ["import"]])
def test_quiet_builds_and_imports_print_nothing(command, tmp_path, example_db):
    from .support import EXAMPLE_SOURCES

    target = tmp_path / "built.db"
    if command == ["import"]:
        target.write_bytes(example_db.read_bytes())
        source = next(p for p in sorted(EXAMPLE_SOURCES.iterdir()) if p.is_dir())
        args = ["--db", str(target), "import", str(source), "--replace"]
    else:
        args = ["db", "build", "--sources", str(EXAMPLE_SOURCES), "--output", str(target)]
    loud = run_cli(*args)
    assert loud.exit_code == 0 and "built" in loud.stderr
    quiet = run_cli(*args, "--quiet")
    assert quiet.exit_code == 0, quiet.stderr
    assert quiet.stdout == quiet.stderr == ""
