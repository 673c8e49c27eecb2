"""What tests share: paths, and running the CLI in-process or as a process.

Tests import these from here; conftest.py holds only fixtures.
"""

from __future__ import annotations

import io
import os
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


def run_cli(
    *args: str,
    env: dict | None = None,
    stdin: str = "",
    terminal: bool = False,
    color: bool = False,
    width: int = 80,
) -> Result:
    """Run the real CLI in-process, as the console script does, with a session
    whose environment writes to buffers: a pipe by default, or a terminal of
    `width` columns. `env` adds environment variables for the run."""
    from casefile_cli.entry import main
    from casefile_cli.environment import Environment

    out, err = io.StringIO(), io.StringIO()
    screen = Environment(out, err, terminal, color, width, io.StringIO(stdin))
    saved = dict(os.environ)
    os.environ.update(env or {})
    code = 0
    try:
        # Typer writes its help and --version to sys.stdout itself.
        with redirect_stdout(out), redirect_stderr(err):
            main(list(args), screen)
    except SystemExit as done:
        code = done.code
    finally:
        os.environ.clear()
        os.environ.update(saved)
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


def json_answer(*args: str):
    """The parsed `--json` answer of a command that must succeed."""
    import json

    result = run_cli(*args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def read_terminal(leader: int) -> bytes:
    """Everything a process wrote to a pty, read from its leader side until
    the process closes it (Linux reports that as an OSError); closes it."""
    import os

    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return b"".join(chunks)


def small_casefile(folder: Path, number: str, title: str, records: str = "") -> Path:
    """An invented case file in the source format: one section, `one`, then
    `records` (YAML). Written into `folder`, which is returned."""
    folder.mkdir()
    (folder / "casefile.yaml").write_text(
        f'casefile: {{number: "{number}", title: {title}}}\n'
        "sections:\n  - {id: one, line: 1, heading: One}\n" + records,
        encoding="utf-8",
    )
    return folder
