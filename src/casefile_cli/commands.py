"""The lookup commands, free of Typer: `cli.py` wraps them for the full
command line, and `entry.py` calls them directly for the common, simple
invocations so that a lookup does not pay for importing Typer."""

from __future__ import annotations

from casefile_cli import output


def _lookup_command(resolver: str, render=output.record):
    """A command that resolves each query with `lookup.<resolver>` and renders
    the record; all take the same options."""

    def command(
        query: str, fmt: str | None, json: bool, plain: bool, first: bool, case: str | None
    ) -> None:
        from casefile_cli import lookup

        resolve = getattr(lookup, resolver)
        output.answer(
            query,
            lambda q, style: render(
                *resolve(output.database(), q, first=first, case=case), q, style
            ),
            output.resolve_format(fmt, json, plain),
        )

    command.__name__ = resolver
    return command


show = _lookup_command("resolve_any")
figure = _lookup_command("resolve_figure")
org = _lookup_command("resolve_organisation")
who_killed = _lookup_command("who_killed", output.who_killed)


def kills(query: str, fmt: str | None, json: bool, plain: bool, first: bool, case: str | None):
    from casefile_cli.lookup import resolve_figure
    from casefile_cli.network import kills as find

    def one(q: str, style: str):
        db = output.database()
        person, _ = resolve_figure(db, q, first=first, case=case)
        return output.kills(person, find(db, person.id), style)

    output.answer(query, one, output.resolve_format(fmt, json, plain))


# Command name on the command line -> function.
LOOKUPS = {
    "show": show,
    "figure": figure,
    "who-killed": who_killed,
    "org": org,
    "organisation": org,
    "kills": kills,
}
