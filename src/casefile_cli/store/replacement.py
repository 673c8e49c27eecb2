"""Writing a new version of a database file and moving it into place.

A write builds a temporary file beside the real target (through a symlink,
not over it) and renames it over the target only when everything has
succeeded, so readers see the old data or the new, never half. Around that:

- writers take a lock file beside the target (`filelock`: fcntl is POSIX
  only) and wait a bounded time for each other, saying so after a moment;
  another process's SQLite lock on the old file is waited on the same way;
- a read-only target, or one that is not a regular file, is refused
  before anything is touched;
- the new file keeps the old one's mode and, where allowed, its owner;
- SIGTERM removes the temporary file and its journal before the process
  ends; files left by a writer killed harder (kill -9) are removed by the
  next writer, which holds the lock and so knows their writer is gone.
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from casefile_cli.errors import DatabaseError
from casefile_cli.store.connect import read_only_uri

LOCK_TIMEOUT_VAR = "CASEFILE_LOCK_TIMEOUT"
LOCK_TIMEOUT = 30.0  # seconds a writer waits for another
NOTICE_AFTER = 1.5  # seconds before saying that it waits
# Temporary files of older versions ('.casefiles-XXXXXXXX.db', whatever the
# target) are removed only once surely abandoned.
_LEGACY = re.compile(r"^\.casefiles-[a-z0-9_]{8}\.db(-journal)?$")
_LEGACY_AGE = 600.0

Notify = Callable[[str], None]


class _Terminated(BaseException):
    """SIGTERM arrived during a write."""


@contextmanager
def replacing(
    target: Path, *, copy: bool, notify: Notify, base: Path | None = None
) -> Iterator[sqlite3.Connection]:
    """A connection to a new version of `target` (a copy of it if `copy`, or
    of `base` when given: the user's database starts from the packaged one),
    moved into place when the block ends without an exception."""
    real = _writable_target(Path(target))
    with _terminating_cleanly(), _held_lock(real, notify):
        _remove_stale(real)
        with _temporary(real) as temporary:
            try:
                connection = sqlite3.connect(temporary)
                try:
                    if copy or base is not None:
                        _copy_into(Path(base) if base is not None else real, connection, notify)
                    yield connection
                    connection.commit()
                    connection.execute("VACUUM")  # no free pages in the new file
                finally:
                    connection.close()
                os.replace(temporary, real)
            except sqlite3.DatabaseError as error:
                raise DatabaseError(f"cannot build {shown_path(target)}: {error}") from None


def shown_path(path: Path | str) -> str:
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in str(path))


def lock_timeout() -> float:
    try:
        return max(float(os.environ.get(LOCK_TIMEOUT_VAR, LOCK_TIMEOUT)), 0.0)
    except ValueError:
        return LOCK_TIMEOUT


def _writable_target(target: Path) -> Path:
    """The file a write replaces: the end of any symlink, checked writable."""
    real = Path(os.path.realpath(target))
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        return real
    except OSError as error:
        raise DatabaseError(f"cannot write {shown_path(target)}: {error.strerror}") from None
    if not stat.S_ISREG(mode):
        raise DatabaseError(f"{shown_path(target)} is not a regular file; not written")
    if not mode & 0o222 or not os.access(real, os.W_OK):
        raise DatabaseError(
            f"{shown_path(target)} is read-only; not changed",
            hint="make it writable (chmod u+w) to import into it",
        )
    return real


@contextmanager
def _terminating_cleanly() -> Iterator[None]:
    """Turn SIGTERM into an exception, so that cleanup runs, then end by it."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(_signum, _frame):
        raise _Terminated

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    except _Terminated:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)
        raise
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def _held_lock(real: Path, notify: Notify) -> Iterator[None]:
    from filelock import FileLock, Timeout

    lock = FileLock(str(real) + ".lock")
    limit = lock_timeout()
    try:
        try:
            lock.acquire(timeout=min(NOTICE_AFTER, limit))
        except Timeout:
            notify(f"waiting for another casefile process writing {shown_path(real)}...")
            try:
                lock.acquire(timeout=max(limit - NOTICE_AFTER, 0))
            except Timeout:
                raise DatabaseError(
                    f"{shown_path(real)} is locked by another casefile process "
                    f"(waited {limit:g} s)",
                    hint=f"try again when it has finished; {LOCK_TIMEOUT_VAR} sets the wait",
                ) from None
    except OSError as error:
        raise DatabaseError(f"cannot write beside {shown_path(real)}: {error.strerror}") from None
    try:
        yield
    finally:
        lock.release()


def _temporary_name(real: Path) -> re.Pattern:
    return re.compile(rf"^\.{re.escape(real.name)}-[a-z0-9_]{{8}}\.tmp(-journal)?$")


def _remove_stale(real: Path) -> None:
    """Temporary files of writers that died (the lock is ours, so none is alive)."""
    ours = _temporary_name(real)
    now = time.time()
    try:
        entries = list(os.scandir(real.parent))
    except OSError:
        return
    for entry in entries:
        try:
            stale = ours.match(entry.name) or (
                _LEGACY.match(entry.name) and now - entry.stat().st_mtime > _LEGACY_AGE
            )
            if stale and entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
        except OSError:
            continue  # someone else's file, or gone already


@contextmanager
def _temporary(real: Path) -> Iterator[str]:
    """A new file beside `real` with its mode and owner, removed (with its
    journal) unless it has been moved into place."""
    # SIGTERM is held while the file is made: a signal between its creation and
    # the `try` below (a preempted process on a loaded machine) would leave it.
    held = _hold_sigterm()
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{real.name}-", suffix=".tmp", dir=real.parent
        )
    except OSError as error:
        _release_sigterm(held)
        raise DatabaseError(f"cannot write beside {shown_path(real)}: {error.strerror}") from None
    try:
        _release_sigterm(held)
        os.close(handle)
        _copy_mode(real, temporary)
        yield temporary
    finally:
        for leftover in (temporary, temporary + "-journal"):
            try:
                os.unlink(leftover)
            except FileNotFoundError:
                pass
            except OSError:
                pass  # the next writer removes it


def _hold_sigterm() -> bool:
    """Block SIGTERM (POSIX); True if it was blocked here."""
    if not hasattr(signal, "pthread_sigmask"):
        return False
    return signal.SIGTERM not in signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})


def _release_sigterm(held: bool) -> None:
    if held:  # a SIGTERM that came meanwhile is delivered now, inside the caller's try
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})


def _copy_mode(real: Path, temporary: str) -> None:
    try:
        old = os.stat(real)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        return
    os.chmod(temporary, stat.S_IMODE(old.st_mode))
    if hasattr(os, "chown") and (old.st_uid, old.st_gid) != (os.getuid(), os.getgid()):
        for uid in (old.st_uid, -1):  # the owner if allowed, else at least the group
            try:
                os.chown(temporary, uid, old.st_gid)
                break
            except OSError:
                continue


def _copy_into(real: Path, connection: sqlite3.Connection, notify: Notify) -> None:
    """Copy the current database, waiting a bounded time for another
    process's lock on it (sqlite3's backup alone would retry forever)."""
    limit = lock_timeout()
    old = _read_locked(real, min(NOTICE_AFTER, limit))
    if old is None:
        notify(f"waiting for another process using {shown_path(real)}...")
        old = _read_locked(real, max(limit - NOTICE_AFTER, 0.0))
    if old is None:
        raise DatabaseError(
            f"{shown_path(real)} is locked by another process (waited {limit:g} s)",
            hint=f"try again when it has finished; {LOCK_TIMEOUT_VAR} sets the wait",
        )
    try:
        old.backup(connection)
    finally:
        old.close()


def _read_locked(real: Path, timeout: float) -> sqlite3.Connection | None:
    """A read-only connection holding a read lock on `real`, or None if
    another process keeps it locked past `timeout` seconds."""
    old = sqlite3.connect(read_only_uri(real), uri=True, timeout=timeout, isolation_level=None)
    try:
        old.execute("BEGIN")
        old.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as error:
        old.close()
        if "locked" in str(error) or "busy" in str(error):
            return None
        raise
    return old
