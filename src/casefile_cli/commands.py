"""The lookup commands, free of Typer: `cli.py` wraps them for the full
command line, and `entry.py` calls them directly for the common, simple
invocations so that a lookup does not pay for importing Typer."""

from __future__ import annotations

from casefile_cli import output


def show(query: str, fmt: str | None, json: bool, plain: bool, first: bool, case: str | None):
    from casefile_cli.lookup import resolve_any

    output.answer(
        query,
        lambda q, style: output.record(
            *resolve_any(output.database(), q, first=first, case=case), q, style
        ),
        output.resolve_format(fmt, json, plain),
    )


def figure(query: str, fmt: str | None, json: bool, plain: bool, first: bool, case: str | None):
    from casefile_cli.lookup import resolve_figure

    output.answer(
        query,
        lambda q, style: output.record(
            *resolve_figure(output.database(), q, first=first, case=case), q, style
        ),
        output.resolve_format(fmt, json, plain),
    )


def who_killed(query: str, fmt: str | None, json: bool, plain: bool, first: bool, case: str | None):
    from casefile_cli.lookup import who_killed as find

    output.answer(
        query,
        lambda q, style: output.who_killed(
            *find(output.database(), q, first=first, case=case), q, style
        ),
        output.resolve_format(fmt, json, plain),
    )


def org(query: str, fmt: str | None, json: bool, plain: bool, first: bool, case: str | None):
    from casefile_cli.lookup import resolve_organisation

    output.answer(
        query,
        lambda q, style: output.record(
            *resolve_organisation(output.database(), q, first=first, case=case), q, style
        ),
        output.resolve_format(fmt, json, plain),
    )


def kills(query: str, fmt: str | None, json: bool, plain: bool, first: bool, case: str | None):
    from casefile_cli.lookup import resolve_figure
    from casefile_cli.network import kills as find

    def one(q: str, style: str):
        db = output.database()
        person, _ = resolve_figure(db, q, first=first, case=case)
        return output.kills(person, find(db, person.id), style)

    output.answer(query, one, output.resolve_format(fmt, json, plain))


# Command name on the command line -> function; all take the same options.
LOOKUPS = {
    "show": show,
    "figure": figure,
    "who-killed": who_killed,
    "org": org,
    "organisation": org,
    "kills": kills,
}
