"""Where output goes and how it may look, decided once at the edge (as httpie does)."""

from __future__ import annotations

import os
import shutil
import sys
from typing import NamedTuple, TextIO


class Environment(NamedTuple):
    stdout: TextIO
    stderr: TextIO = sys.stderr
    stdout_isatty: bool = False
    color: bool = False
    width: int = 80

    @classmethod
    def detect(cls, *, no_color: bool = False) -> Environment:
        isatty = _isatty(sys.stdout)
        color = (
            isatty
            and not no_color
            and "NO_COLOR" not in os.environ
            and (os.environ.get("TERM") != "dumb")
        )
        width = shutil.get_terminal_size((80, 24)).columns if isatty else 80
        return cls(sys.stdout, sys.stderr, isatty, color, max(width, 20))


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
