"""Bounds on the work of one query: a deadline and Ctrl-C, and what one
record may give the full-text index.

SQLite runs a statement in one C call, where Python's own Ctrl-C handling
cannot reach it. A progress handler, called every few hundred virtual-machine
steps, ends the statement once its deadline has passed or Ctrl-C was pressed;
the SIGINT handler also calls `Connection.interrupt`. The clock only runs
while SQLite works (`running()`), not while the rows are being written out,
so a slow reader (a pager) does not use up the query's time.
"""

from __future__ import annotations

import sqlite3
import time

from casefile_cli.errors import UsageError

# Virtual-machine steps between checks: about a millisecond of work.
_STEPS = 1000
# What one record gives the full-text index. A real record is far inside
# both bounds (the longest in #0121 has ~1,200 characters, no word more than
# 20 times); a hostile one (a word repeated 60,000 times) would otherwise make
# the snippets of a search take minutes in one uninterruptible call.
INDEXED_CHARACTERS = 10_000
INDEXED_REPEATS = 50
# `casefile search` is bounded by the index (what one record gives it) and
# by this, so that no search holds the terminal for long.
SEARCH_TIMEOUT = 10.0


class QueryWatch:
    """Stop the statements run on `connection` inside this context after
    `timeout` seconds of SQLite work (None: no deadline) or on Ctrl-C.

    On leaving, a stopped statement becomes KeyboardInterrupt (exit 130) or a
    `UsageError` whose message says which limit stopped it and how to raise it."""

    def __init__(self, connection: sqlite3.Connection, timeout: float | None, stopped: str):
        self.connection = connection
        self.timeout = timeout or None
        self.stopped = stopped  # the message on a deadline, e.g. "query stopped after 10 s"
        self.spent = 0.0
        self._started: float | None = None
        self.timed_out = False
        self.interrupted = False
        self._previous_sigint = None

    def __enter__(self) -> QueryWatch:
        # Imported here: lookups read this module's bounds but never watch.
        import signal
        import threading

        self.connection.set_progress_handler(self._progress, _STEPS)
        if threading.current_thread() is threading.main_thread():
            self._previous_sigint = signal.signal(signal.SIGINT, self._on_sigint)
        return self

    def __exit__(self, kind, error, traceback) -> None:
        self.connection.set_progress_handler(None, 0)
        if self._previous_sigint is not None:
            import signal

            signal.signal(signal.SIGINT, self._previous_sigint)
        if kind is None or kind is GeneratorExit:
            return
        # Whatever the stop became on its way out (sqlite3.OperationalError
        # "interrupted", or a casefile error wrapping it), say what stopped it.
        if self.interrupted:
            raise KeyboardInterrupt from None
        if self.timed_out:
            raise UsageError(self.stopped) from None

    def running(self) -> _Running:
        """The clock runs inside this block: SQLite is working."""
        return _Running(self)

    def _progress(self) -> int:
        if self.interrupted:
            return 1
        if self.timeout is not None and self._started is not None:
            if self.spent + time.monotonic() - self._started > self.timeout:
                self.timed_out = True
                return 1
        return 0

    def _on_sigint(self, _signum, _frame) -> None:
        self.interrupted = True
        self.connection.interrupt()
        # Outside SQLite this ends the command at once; inside the progress
        # handler sqlite3 swallows it and the statement stops as "interrupted".
        raise KeyboardInterrupt


class _Running:
    """`QueryWatch.running()`'s block (a class: contextlib is not imported on
    the lookup path, which reads this module's bounds)."""

    def __init__(self, watch: QueryWatch):
        self.watch = watch

    def __enter__(self) -> None:
        self.watch._started = time.monotonic()

    def __exit__(self, kind, error, traceback) -> None:
        self.watch.spent += time.monotonic() - self.watch._started
        self.watch._started = None
