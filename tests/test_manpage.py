"""The man page: generated from --help by scripts/make_manpage.py, current,
shipped in the wheel, and rendered by man without warnings."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .support import ROOT

PAGE = ROOT / "share" / "man" / "man1" / "casefile.1"


def load_script():
    spec = importlib.util.spec_from_file_location(
        "make_manpage", ROOT / "scripts" / "make_manpage.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_manpage = load_script()


def test_man_page_is_current():
    text = make_manpage.manpage()
    if os.environ.get("CASEFILE_UPDATE_SNAPSHOTS"):
        PAGE.write_text(text, encoding="utf-8")
    assert PAGE.read_text(encoding="utf-8") == text, (
        "share/man/man1/casefile.1 is stale: python scripts/make_manpage.py"
    )


def test_every_command_has_a_subsection():
    text = PAGE.read_text(encoding="utf-8")
    paths = make_manpage.command_paths()
    assert ["show"] in paths and ["db", "build"] in paths
    assert ["organisation"] not in paths  # hidden alias of org
    for path in paths:
        heading = make_manpage.escape(" ".join(path))
        assert f'.SS "casefile {heading}"' in text


def test_every_exit_code_is_explained():
    from casefile_cli.errors import ExitCode

    assert {code.name for code in ExitCode} <= set(make_manpage.EXIT_WORDS)


def test_help_with_examples_after_the_options_keeps_them_literal():
    help_text = (
        "Usage: casefile show [OPTIONS] QUERY...\n\n"
        "  The case card of the best match.\n\n"
        "  A second paragraph, wrapped\n  over two lines.\n\n"
        "Arguments:\n  QUERY...  An operation.  [required]\n\n"
        "Options:\n  --json      Same as --format json (shapes in\n"
        "              the README).\n  -h, --help  Show this message and exit.\n\n"
        "  Examples:\n    casefile show kirov\n    casefile show 'iron felix' --json\n"
    )
    page = make_manpage.parse_help(help_text)
    assert page.usage == "casefile show [OPTIONS] QUERY..."
    assert page.paragraphs == [
        ["The case card of the best match."],
        ["A second paragraph, wrapped", "over two lines."],
    ]
    assert [s.heading for s in page.sections] == ["Arguments", "Options"]
    assert page.sections[1].entries[0] == (
        "--json",
        "Same as --format json (shapes in the README).",
    )
    assert page.epilog == [
        ["Examples:", "  casefile show kirov", "  casefile show 'iron felix' --json"]
    ]
    roff = "\n".join(make_manpage._command(["show"], page))
    assert ".nf\nExamples:\n  casefile show kirov\n" in roff
    assert "\\-\\-json" in roff


def test_escape_keeps_roff_requests_out_of_text():
    assert make_manpage.escape(".SH not a heading") == "\\&.SH not a heading"
    assert make_manpage.escape("a\\b --x") == "a\\eb \\-\\-x"


def test_the_wheel_installs_the_page_as_shared_data():
    tomllib = pytest.importorskip("tomllib", reason="tomllib needs Python 3.11")
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    shared = config["tool"]["hatch"]["build"]["targets"]["wheel"]["shared-data"]
    assert shared["share/man/man1/casefile.1"] == "share/man/man1/casefile.1"
    assert (ROOT / "share/man/man1/casefile.1").is_file()
    assert "share" in config["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]


@pytest.mark.skipif(
    shutil.which("man") is None, reason="man is not installed (apt-get install man-db)"
)
def test_man_renders_the_page_without_warnings():
    done = subprocess.run(
        ["man", "--warnings", "-l", str(PAGE)],
        capture_output=True,
        text=True,
        timeout=60,
        env={
            **os.environ,
            "MANPAGER": "cat",
            "PAGER": "cat",
            "MANWIDTH": "80",
            "LC_ALL": "C.UTF-8",
        },
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    out = done.stdout
    assert out.startswith("CASEFILE(1)")
    assert "casefile - look things up in historical case files" in out
    for heading in ("SYNOPSIS", "OPTIONS", "COMMANDS", "EXIT STATUS", "ENVIRONMENT"):
        assert f"\n{heading}\n" in out
    assert "casefile who-killed [OPTIONS]" in out
    assert "--db PATH" in out
    assert all(len(line) <= 80 for line in out.splitlines())


def test_the_script_checks_staleness(tmp_path, monkeypatch):
    monkeypatch.setattr(make_manpage, "MANPAGE", tmp_path / "casefile.1")
    monkeypatch.setattr(make_manpage, "ROOT", tmp_path)
    assert make_manpage.main(["--check"]) == 1
    assert make_manpage.main([]) == 0
    assert make_manpage.main(["--check"]) == 0


@pytest.mark.skipif(
    shutil.which("man") is None, reason="man is not installed (apt-get install man-db)"
)
def test_man_casefile_finds_the_installed_page():
    installed = Path(sys.prefix) / "share" / "man" / "man1" / "casefile.1"
    if not installed.exists():
        pytest.skip(f"casefile was installed without its shared data (no {installed})")
    # man-db searches <prefix>/share/man for each <prefix>/bin on PATH.
    path = f"{Path(sys.prefix) / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"
    env = {k: v for k, v in os.environ.items() if k != "MANPATH"}
    done = subprocess.run(
        ["man", "-w", "casefile"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**env, "PATH": path},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()).resolve() == installed.resolve()


@pytest.mark.parametrize("path", [[], ["graph"], ["db", "build"]])
def test_the_page_is_made_from_the_help_users_see(path):
    from .support import run_cli

    shown = run_cli(*path, "--help", env={"COLUMNS": "80"}).stdout
    assert make_manpage.help_text(path) == shown
