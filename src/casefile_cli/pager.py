"""Long output through a pager on a terminal, as git and gh do.

$CASEFILE_PAGER, then $PAGER, then `less -FRX` (quit if it fits on one
screen, keep colour, leave the text on the screen). The pager is started on
the first write, so a command that prints nothing (or only an error) never
starts one, and every write goes straight into it: output streams, it is not
collected first. Never used when stdout is not a terminal.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing

if TYPE_CHECKING:
    from typing import TextIO

DEFAULT_PAGER = "less -FRX"


def pager_command(environ=os.environ) -> str | None:
    """The pager to run, or None for none ('' or 'cat' turn it off, as in git)."""
    for name in ("CASEFILE_PAGER", "PAGER"):
        if name in environ:
            command = environ[name].strip()
            break
    else:
        command = DEFAULT_PAGER
    if not command or command == "cat":
        return None
    return command


def _installed(command: str) -> bool:
    import shlex
    import shutil

    try:
        words = shlex.split(command)
    except ValueError:
        return False
    return bool(words) and shutil.which(words[0]) is not None


class PagedOutput:
    """A text stream that starts the pager on the first write and writes
    through to it; `close()` waits for the reader to quit."""

    def __init__(self, terminal: TextIO, command: str):
        self.terminal = terminal
        self.command = command
        self.encoding = getattr(terminal, "encoding", None) or "utf-8"
        self._process = None
        self._pipe: TextIO | None = None

    def isatty(self) -> bool:
        return True

    def reconfigure(self, **_settings) -> None:
        """Unencodable characters are already replaced in the pipe."""

    def _start(self) -> TextIO:
        import io
        import subprocess

        environ = dict(os.environ)
        environ.setdefault("LESS", "FRX")  # as git does: a bare `less` keeps colour
        environ.setdefault("LV", "-c")
        self.terminal.flush()
        self._process = subprocess.Popen(
            self.command, shell=True, stdin=subprocess.PIPE, env=environ
        )
        self._pipe = io.TextIOWrapper(
            self._process.stdin, encoding=self.encoding, errors="replace", write_through=True
        )
        return self._pipe

    def write(self, text: str) -> int:
        return (self._pipe or self._start()).write(text)

    def flush(self) -> None:
        if self._pipe is not None:
            self._pipe.flush()

    def close(self) -> None:
        """Let the pager read to the end and wait until the reader quits it;
        Ctrl-C then belongs to the pager (less uses it), not to us."""
        if self._process is None:
            return
        import signal

        try:
            self._pipe.close()
        except OSError:  # the reader quit before the end: nothing more to say
            pass
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            self._process.wait()
        finally:
            signal.signal(signal.SIGINT, previous)


def paged(terminal: TextIO, environ=os.environ) -> TextIO:
    """`terminal`, or a stream into the pager when one is set and installed."""
    command = pager_command(environ)
    if command is None or environ.get("TERM") == "dumb" or not _installed(command):
        return terminal
    return PagedOutput(terminal, command)


def close(stream) -> None:
    """Wait for the pager, if `stream` is one."""
    if isinstance(stream, PagedOutput):
        stream.close()
