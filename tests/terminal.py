"""Running casefile under a real pseudo-terminal, for the tests of what
happens on a terminal: the pager, widths, colour."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from dataclasses import dataclass

ANSI_ESCAPE = "\x1b["


@dataclass
class Screen:
    exit_code: int
    output: str  # what reached the terminal, "\r\n" turned into "\n"
    stderr: str


def _environ(env: dict | None, columns: int) -> dict:
    base = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    for name in ("NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "PAGER", "CASEFILE_PAGER"):
        base.pop(name, None)
    base.update({"TERM": "xterm-256color", "PYTHONIOENCODING": "utf-8"})
    base.update(env or {})
    return {k: v for k, v in base.items() if v is not None}


def start(*args: str, env: dict | None = None, columns: int = 80, stdin=None):
    """casefile writing to a new terminal of `columns` columns; returns
    (process, the terminal's reading end)."""
    main, side = pty.openpty()
    fcntl.ioctl(side, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "casefile_cli", *args],
        stdin=stdin if stdin is not None else side,
        stdout=side,
        stderr=subprocess.PIPE,
        env=_environ(env, columns),
        close_fds=True,
        start_new_session=True,  # its own group: a stuck pager can be stopped with it
    )
    os.close(side)
    return process, main


def read_all(process, main, timeout: float = 60) -> Screen:
    chunks = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([main], [], [], 0.2)
        if ready:
            try:
                data = os.read(main, 65536)
            except OSError:  # EIO: every writer has closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        elif process.poll() is not None:
            break
    else:  # still running at the deadline (a pager waiting for keys): stop it all
        os.killpg(process.pid, signal.SIGKILL)
    os.close(main)
    stderr = process.stderr.read().decode("utf-8", "replace")
    code = process.wait(timeout=timeout)
    text = b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
    return Screen(code, text, stderr)


def run_on_terminal(*args: str, env: dict | None = None, columns: int = 80) -> Screen:
    process, main = start(*args, env=env, columns=columns)
    return read_all(process, main)


def recording_pager(path) -> str:
    """A pager command that copies what it is given to `path`, as it comes."""
    code = (
        "import sys\n"
        f"out = open({str(path)!r}, 'a', encoding='utf-8')\n"
        "for line in sys.stdin:\n"
        "    out.write(line); out.flush()\n"
    )
    script = path.with_suffix(".py")
    script.write_text(code, encoding="utf-8")
    return f"{sys.executable} {script}"
