"""Where output goes and how it may look, decided once at the edge (as httpie does)."""

from __future__ import annotations

import errno
import os
import sys

from casefile_cli.record import Record

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing

if TYPE_CHECKING:
    from typing import TextIO

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


class Environment(Record):
    stdout: TextIO
    stderr: TextIO = sys.stderr
    stdout_isatty: bool = False
    color: bool = False
    width: int = 80
    stdin: TextIO | None = None  # None: sys.stdin, read when it is needed

    @classmethod
    def detect(cls, *, no_color: bool = False, color: str | None = None) -> Environment:
        stdout = sys.stdout if sys.stdout is not None else ClosedStream("stdout")
        stderr = sys.stderr if sys.stderr is not None else ClosedStream("stderr", quiet=True)
        isatty = _isatty(stdout)
        on_terminal = isatty and os.environ.get("TERM") != "dumb"
        mode = "never" if no_color else (color or "auto")
        width = terminal_width() if isatty else 80
        return cls(
            stdout,
            stderr,
            isatty,
            wants_colour(mode, on_terminal),
            min(max(width, 20), MAX_WIDTH),
            sys.stdin,
        )

    @property
    def drawn(self) -> bool:
        """Whether cards and tables are drawn (rich) rather than written as
        plain text: on a terminal, or wherever colour was forced."""
        return self.stdout_isatty or self.color


def colour_from_environment() -> bool | None:
    """NO_COLOR turns colour off; FORCE_COLOR or CLICOLOR_FORCE (not "0")
    turn it on even when piped; None when none of them is set."""
    if "NO_COLOR" in os.environ:
        return False
    for name in ("FORCE_COLOR", "CLICOLOR_FORCE"):
        value = os.environ.get(name)
        if value is not None and value.strip().lower() not in ("0", "false"):
            return True
    return None


def wants_colour(mode: str, default: bool) -> bool:
    """--color always/never win; with auto, the environment variables, then
    `default` (a terminal that is not dumb)."""
    if mode in ("always", "never"):
        return mode == "always"
    from_environment = colour_from_environment()
    return default if from_environment is None else from_environment


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
