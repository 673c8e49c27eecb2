"""Where output goes and how it may look, decided once at the edge (as httpie does)."""

from __future__ import annotations

import errno
import os
import sys
from typing import NamedTuple, TextIO

# Wider than any real terminal; COLUMNS=99999999 must not make rich allocate
# lines that long.
MAX_WIDTH = 500


class ClosedStream:
    """Stands in for a stream closed before we started (`casefile show x >&-`),
    which Python gives as None: writing to it is an OSError the boundary
    reports in one line, and stderr's stand-in discards quietly."""

    def __init__(self, name: str, quiet: bool = False):
        self.name, self.quiet = name, quiet

    def write(self, text: str) -> int:
        if self.quiet:
            return len(text)
        raise OSError(errno.EBADF, f"{self.name} is closed")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


class Environment(NamedTuple):
    stdout: TextIO
    stderr: TextIO = sys.stderr
    stdout_isatty: bool = False
    color: bool = False
    width: int = 80
    stdin: TextIO | None = None  # None: sys.stdin, read when it is needed

    @classmethod
    def detect(cls, *, no_color: bool = False) -> Environment:
        stdout = sys.stdout if sys.stdout is not None else ClosedStream("stdout")
        stderr = sys.stderr if sys.stderr is not None else ClosedStream("stderr", quiet=True)
        isatty = _isatty(stdout)
        color = (
            isatty
            and not no_color
            and "NO_COLOR" not in os.environ
            and (os.environ.get("TERM") != "dumb")
        )
        width = terminal_width() if isatty else 80
        return cls(stdout, stderr, isatty, color, min(max(width, 20), MAX_WIDTH), sys.stdin)


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def terminal_width(default: int = 80) -> int:
    """Columns of the terminal, as shutil.get_terminal_size reports them
    ($COLUMNS first), without importing shutil on the lookup path."""
    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or default
    except (AttributeError, ValueError, OSError):
        return default
