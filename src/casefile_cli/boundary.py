"""The error boundary: the one place where an outcome becomes an exit code.

The core raises `CasefileError`s; commands return an `ExitCode` (or None for
success). Here each becomes one line on the session's stderr and its
documented code; a bug becomes exit 1 without a traceback unless --debug.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, NoReturn

from casefile_cli.errors import AmbiguousError, CasefileError, ExitCode, NotFoundError, SourceError
from casefile_cli.render.safe import line

if TYPE_CHECKING:
    from collections.abc import Callable

    from casefile_cli.environment import Environment
    from casefile_cli.session import Session


def error_line(env: Environment, message: str) -> None:
    """One line on stderr; whatever data or input it quotes is made safe."""
    env.stderr.write(f"casefile: {line(message)}\n")


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
    click_error = (
        (exceptions.ClickException, exceptions.Exit, exceptions.Abort) if exceptions else ()
    )
    code = 0
    try:
        result = call()
        code = result if isinstance(result, int) else 0
    except CasefileError as error:
        code = report_error(error, session.env)
    except click_error as error:
        code = _click_error(error, exceptions, session.env)
    except KeyboardInterrupt:
        session.env.stderr.write("\n")
        code = ExitCode.INTERRUPTED
    except BrokenPipeError:
        code = _broken_pipe()
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else 0
    except Exception as error:  # noqa: BLE001 - the one place a bug becomes exit 1
        if session.debug:
            raise
        message = f"internal error: {type(error).__name__}: {error}"
        error_line(session.env, f"{message} (rerun with --debug for details)")
        code = ExitCode.INTERNAL_ERROR
    try:
        session.env.stdout.flush()
    except BrokenPipeError:
        code = _broken_pipe()
    raise SystemExit(int(code))


def _broken_pipe() -> int:
    # The reader (head, less) has gone: stop quietly, as Unix tools do.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 0
