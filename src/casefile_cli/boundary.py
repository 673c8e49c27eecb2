"""The error boundary: the one place where an outcome becomes an exit code.

The core raises `CasefileError`s; commands return an `ExitCode` (or None for
success). Here each becomes one line on the session's stderr and its
documented code; a bug becomes exit 1 without a traceback unless --debug.
"""

from __future__ import annotations

import errno
import os
import sys

from casefile_cli.errors import AmbiguousError, CasefileError, ExitCode, NotFoundError, SourceError
from casefile_cli.render.safe import line

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import NoReturn

    from casefile_cli.environment import Environment
    from casefile_cli.session import Session


# A message quoting a 100,000-character argument keeps its start and its end.
MAX_MESSAGE = 1000


def error_line(env: Environment, message: str) -> None:
    """One line on stderr; whatever data or input it quotes is made safe and short."""
    text = line(message)
    if len(text) > MAX_MESSAGE:
        text = f"{text[: MAX_MESSAGE * 2 // 3]} … {text[-MAX_MESSAGE // 3 :]}"
    env.stderr.write(f"casefile: {text}\n")


def _shorten(text: str, width: int) -> str:
    import textwrap

    return textwrap.shorten(text, width, placeholder="…")


def report_error(error: CasefileError, env: Environment) -> int:
    """One line (plus choices or suggestions where they help) on stderr."""
    if isinstance(error, SourceError):
        for problem in error.problems:
            error_line(env, problem)
        return int(error.exit_code)
    error_line(env, error.message)
    if isinstance(error, AmbiguousError):
        for m in error.candidates:
            detail = f" ({_shorten(line(m.detail), 70)})" if m.detail else ""
            env.stderr.write(line(f"  {m.label}{detail}  [{m.kind} {m.record_id}]") + "\n")
    if isinstance(error, NotFoundError) and error.suggestions:
        env.stderr.write("  did you mean: " + "; ".join(map(line, error.suggestions)) + "\n")
    if error.hint:
        env.stderr.write(f"  hint: {line(error.hint)}\n")
    return int(error.exit_code)


def _click_exceptions():
    try:
        from typer._click import exceptions
    except ImportError:  # pragma: no cover - typer with an external click
        from click import exceptions
    return exceptions


def run_app(app, args: list[str] | None, session: Session) -> NoReturn:
    """Run the Typer app with the session as its context object."""
    guarded(
        lambda: app(args=args, prog_name="casefile", standalone_mode=False, obj=session),
        session,
        _click_exceptions(),
    )


def _click_error(error, exceptions, env: Environment) -> int:
    """Click's own outcomes: exit, abort, help asked for, usage mistakes."""
    no_args = getattr(exceptions, "NoArgsIsHelpError", None)
    if isinstance(error, exceptions.Exit):
        return error.exit_code
    if isinstance(error, exceptions.Abort):
        return ExitCode.INTERRUPTED
    if no_args is not None and isinstance(error, no_args):
        # `casefile` or `casefile db` alone asks for help; it is not a mistake.
        env.stdout.write(error.ctx.get_help() + "\n")
        return ExitCode.OK
    if isinstance(error, exceptions.UsageError):
        hint = f" (see '{error.ctx.command_path} --help')" if error.ctx else ""
        message = " ".join(error.format_message().split())  # one line, always
        error_line(env, f"{message}{hint}")
        return ExitCode.USAGE
    error_line(env, error.format_message())
    return ExitCode.USAGE


def guarded(call: Callable[[], object], session: Session, exceptions=None) -> NoReturn:
    """Call `call` and exit with its documented code, whatever happens."""
    env = session.env
    for stream in (env.stdout, env.stderr):
        # A name the terminal's encoding cannot show becomes '?', not a crash.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    code = _outcome(call, session, exceptions)
    try:
        env.stdout.flush()
    except BrokenPipeError:
        code = _broken_pipe()
    except OSError as error:
        code = _environment_error(error, env)
        _silence_stdout()
    session.finish()
    raise SystemExit(int(code))


def _outcome(call: Callable[[], object], session: Session, exceptions) -> int:
    """The exit code of `call`, every failure reported in one line."""
    click_error = (
        (exceptions.ClickException, exceptions.Exit, exceptions.Abort) if exceptions else ()
    )
    try:
        result = call()
        return result if isinstance(result, int) else 0
    except CasefileError as error:
        return report_error(error, session.env)
    except click_error as error:
        return _click_error(error, exceptions, session.env)
    except KeyboardInterrupt:
        session.env.stderr.write("\n")
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        return _broken_pipe()
    except SystemExit as done:
        if isinstance(done.__context__, BrokenPipeError):  # Typer's own EPIPE exit
            return _broken_pipe()
        return done.code if isinstance(done.code, int) else 0
    except OSError as error:
        if session.debug:
            raise
        return _environment_error(error, session.env)
    except Exception as error:  # noqa: BLE001 - the one place a bug becomes exit 1
        if session.debug:
            raise
        damaged = session.damaged_database()
        if damaged:
            error_line(session.env, f"the database lacks part of its schema: {damaged}")
            session.env.stderr.write("  hint: rebuild it with 'casefile db build'\n")
            return ExitCode.DATABASE
        if type(error).__module__ == "sqlite3":  # not imported here: --help pays nothing
            error_line(session.env, f"cannot read the database: {error}")
            session.env.stderr.write("  hint: rebuild it with 'casefile db build'\n")
            return ExitCode.DATABASE
        message = f"internal error: {type(error).__name__}: {error}"
        error_line(session.env, f"{message} (rerun with --debug for details)")
        return ExitCode.INTERNAL_ERROR


# An OSError without a file name, with one of these, came from writing our output.
_OUTPUT_ERRORS = {
    getattr(errno, name)
    for name in ("ENOSPC", "EIO", "EBADF", "EFBIG", "EDQUOT")
    if hasattr(errno, name)
}


def _environment_error(error: OSError, env: Environment) -> int:
    """Not a bug: the disk is full, stdout is closed, the directory is gone.
    One line (if stderr can take it) and exit 5."""
    if error.filename is None and error.errno in _OUTPUT_ERRORS:
        message = f"cannot write the output: {error.strerror or error}"
        _silence_stdout()
    elif not _working_directory_exists():
        message = "the working directory no longer exists; cd somewhere else and retry"
    elif error.filename is not None:
        message = f"{error.strerror or error}: {os.fsdecode(error.filename)}"
    else:
        message = str(error.strerror or error)
    try:
        error_line(env, message)
    except OSError:
        pass  # stderr is gone too: the exit code says it
    return ExitCode.DATABASE


def _working_directory_exists() -> bool:
    try:
        os.getcwd()
    except OSError:
        return False
    return True


def _broken_pipe() -> int:
    # The reader (head, less) has gone: stop quietly, as Unix tools do.
    _silence_stdout()
    return 0


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's last flush of what
    could not be written does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):
        pass  # no real stdout (closed, or a test's buffer)
