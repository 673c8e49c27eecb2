"""The session and the error boundary, with a session built by hand: errors
go to the session's stderr, and every outcome becomes its documented code."""

import io

import pytest

from casefile_cli.boundary import guarded
from casefile_cli.environment import Environment
from casefile_cli.errors import AmbiguousError, ExitCode, NotFoundError
from casefile_cli.session import Session


def _session(**options) -> Session:
    return Session(Environment(io.StringIO(), io.StringIO(), False, False, 80), **options)


def _exit_code(session: Session, call) -> int:
    with pytest.raises(SystemExit) as done:
        guarded(call, session)
    return done.value.code


def test_errors_go_to_the_sessions_stderr(capsys):
    session = _session()

    def missing():
        raise NotFoundError("no such person", suggestions=["Yezhov"])

    assert _exit_code(session, missing) == ExitCode.NOT_FOUND
    assert session.env.stderr.getvalue() == (
        "casefile: no such person\n  did you mean: Yezhov\n"
    )
    assert capsys.readouterr().err == ""


def test_a_bug_is_exit_1_in_one_line_unless_debug():
    session = _session()
    assert _exit_code(session, lambda: 1 / 0) == ExitCode.INTERNAL_ERROR
    assert session.env.stderr.getvalue().startswith("casefile: internal error: ZeroDivisionError")
    with pytest.raises(ZeroDivisionError):
        guarded(lambda: 1 / 0, _session(debug=True))


def test_returned_codes_and_interrupts():
    assert _exit_code(_session(), lambda: ExitCode.DATABASE) == 5
    assert _exit_code(_session(), lambda: None) == 0

    def interrupted():
        raise KeyboardInterrupt

    assert _exit_code(_session(), interrupted) == 130
    assert _exit_code(_session(), lambda: (_ for _ in ()).throw(AmbiguousError("two", []))) == 4


def test_format_resolution():
    session = _session()
    assert session.resolve_format(None) == "text"
    assert session.resolve_format(None, json=True, plain=True) == "json"
    assert session.resolve_format("csv", json=True) == "csv"
    terminal = Session(Environment(io.StringIO(), io.StringIO(), True, True, 80), no_color=True)
    assert terminal.resolve_format(None) == "card"
    assert terminal.env.color is False  # --no-color wins over the environment


def test_a_lookup_through_a_session(real_db):
    from casefile_cli.commands import figure

    session = _session(db=str(real_db))
    assert figure(session, "ezhov", fmt="plain") == ExitCode.OK
    assert session.env.stdout.getvalue() == "Nikolai Yezhov\n"
