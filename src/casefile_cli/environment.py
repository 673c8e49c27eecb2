"""Where output goes and how it may look, decided once at the edge (as httpie does)."""

from __future__ import annotations

import os
import sys
from typing import NamedTuple, TextIO


class Environment(NamedTuple):
    stdout: TextIO
    stderr: TextIO = sys.stderr
    stdout_isatty: bool = False
    color: bool = False
    width: int = 80
    stdin: TextIO | None = None  # None: sys.stdin, read when it is needed

    @classmethod
    def detect(cls, *, no_color: bool = False) -> Environment:
        isatty = _isatty(sys.stdout)
        color = (
            isatty
            and not no_color
            and "NO_COLOR" not in os.environ
            and (os.environ.get("TERM") != "dumb")
        )
        width = terminal_width() if isatty else 80
        return cls(sys.stdout, sys.stderr, isatty, color, max(width, 20), sys.stdin)


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
