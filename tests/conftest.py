"""Shared fixtures. Tests never touch the user's database: each builds or
copies what it needs into a temporary directory."""

from __future__ import annotations

import io
import os
import shutil
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "data" / "sources"
DATABASE = ROOT / "data" / "casefiles.db"
EXAMPLE_SOURCES = ROOT / "tests" / "fixtures" / "sources"
CASEFILE_TEXT = ROOT.parent / "shared" / "casefiles" / "0121-nkvd-black-work.txt"

needs_text = pytest.mark.skipif(
    not CASEFILE_TEXT.exists(),
    reason=f"the case-file text is not here ({CASEFILE_TEXT}); it lives in ../shared",
)


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    def json(self):
        import json

        return json.loads(self.stdout)


def run_cli(*args: str, env: dict | None = None, stdin: str = "") -> Result:
    """Run the real CLI in-process (as the console script does), capturing output."""
    import sys

    from casefile_cli.cli import app
    from casefile_cli.output import run

    out, err = io.StringIO(), io.StringIO()
    saved, saved_stdin = dict(os.environ), sys.stdin
    os.environ.update(env or {})
    sys.stdin = io.StringIO(stdin)
    code = 0
    try:
        with redirect_stdout(out), redirect_stderr(err):
            run(app, list(args))
    except SystemExit as done:
        code = done.code
    finally:
        os.environ.clear()
        os.environ.update(saved)
        sys.stdin = saved_stdin
    return Result(code, out.getvalue(), err.getvalue())


def run_process(*args: str, env: dict | None = None, **kwargs):
    """Run the installed casefile as a separate process."""
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "casefile_cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=60,
        **kwargs,
    )


@pytest.fixture(scope="session")
def example_db(tmp_path_factory) -> Path:
    from casefile_cli.build import build_database

    path = tmp_path_factory.mktemp("example") / "example.db"
    build_database(EXAMPLE_SOURCES, path)
    return path


@pytest.fixture(scope="session")
def real_db() -> Path:
    if not DATABASE.exists():
        pytest.fail("data/casefiles.db is missing: run 'casefile db build' and commit it")
    return DATABASE


@pytest.fixture
def db_copy(real_db, tmp_path) -> Path:
    target = tmp_path / "casefiles.db"
    shutil.copyfile(real_db, target)
    return target


@pytest.fixture(scope="session")
def casefile_text() -> str:
    if not CASEFILE_TEXT.exists():
        pytest.skip(f"the case-file text is not here ({CASEFILE_TEXT}); it lives in ../shared")
    return CASEFILE_TEXT.read_text(encoding="utf-8")
