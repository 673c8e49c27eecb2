"""The `casefile` command line as Typer declares it: arguments, options, help.

The shared options come from the table in `options.py` and are added to each
command by `command()`, which also resolves the output format once and hands
the session to the body in `commands.py`. The lookup commands are generated
from the same table, so the fast path in `entry.py` cannot drift from them.
"""

from __future__ import annotations

import functools
import inspect
from enum import Enum
from pathlib import Path

import typer

from casefile_cli import __version__, commands, examples, options
from casefile_cli.session import Session

app = typer.Typer(
    help="Look things up in historical case files: operations, people, organisations, dates.",
    no_args_is_help=True,
    add_completion=False,  # our own, in completion.py: quoting, descriptions, speed
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=examples.epilog(""),
)
db_app = typer.Typer(help="Build, locate and check the database.", no_args_is_help=True)


def _choices(name: str, values: tuple[str, ...]) -> type[Enum]:
    return Enum(name, {value: value for value in values}, type=str)


_ENUMS = {
    options.FORMATS: _choices("Format", options.FORMATS),
    options.GRAPH_FORMATS: _choices("GraphFormat", options.GRAPH_FORMATS),
    options.COLOR_MODES: _choices("ColorMode", options.COLOR_MODES),
    options.SORTS: _choices("Sort", options.SORTS),
}


def table_option(option: options.Option):
    """A command's own option, declared from the table (default, bounds)."""
    default = option.default
    if option.flag:
        default = False
    elif option.choices and default is not None:
        default = _ENUMS[option.choices](default)
    bounds = {"min": option.bounds[0], "max": option.bounds[1]} if option.bounds else {}
    return typer.Option(default, *option.flags, help=option.help, **bounds)


def typer_parameter(option: options.Option) -> inspect.Parameter:
    """The Typer declaration of one option from the table."""
    if option.flag:
        annotation, default = bool, False
    elif option.choices:
        annotation, default = _ENUMS[option.choices] | None, None
    else:
        annotation, default = option.kind | None, None
    return inspect.Parameter(
        option.dest,
        inspect.Parameter.KEYWORD_ONLY,
        default=typer.Option(default, *option.flags, help=option.help),
        annotation=annotation,
    )


def _context_parameter() -> inspect.Parameter:
    return inspect.Parameter("ctx", inspect.Parameter.KEYWORD_ONLY, annotation=typer.Context)


def command(group: typer.Typer, name: str, shared=(), *, hidden=False, help=None):
    """Declare a command whose body takes (session, ..., fmt=...): its own
    parameters, then the `shared` options from the table."""
    shared = (*shared, *options.TERMINAL_OPTIONS)
    shared_names = {option.dest for option in shared}

    def declare(body):
        own = [
            p.replace(kind=inspect.Parameter.KEYWORD_ONLY)
            for p in inspect.signature(body, eval_str=True).parameters.values()
            if p.name != "session" and p.kind is not inspect.Parameter.VAR_KEYWORD
        ]
        wants_format = "fmt" in shared_names

        @functools.wraps(body)
        def run(ctx: typer.Context, **values):
            session = ctx.find_object(Session) or Session()
            color = values.pop("color")
            session.configure_terminal(
                color=color and color.value,
                no_color=values.pop("no_color"),
                no_pager=values.pop("no_pager"),
            )
            if wants_format:
                values["fmt"] = _format(session, values.pop("fmt"), values, shared_names)
            return body(session, **values)

        parameters = [_context_parameter(), *own, *(typer_parameter(o) for o in shared)]
        # Typer reads this signature, not the body's.
        run.__signature__ = inspect.Signature(parameters)
        run.__annotations__ = {}
        del run.__wrapped__
        path = f"db {name}" if group is db_app else name
        group.command(name, hidden=hidden, help=help, epilog=examples.epilog(path))(run)
        return body

    return declare


def _format(session: Session, fmt, values: dict, shared_names: set[str]) -> str:
    """The one place a command's --format, --json and --plain become a format."""
    json = values.pop("json") if "json" in shared_names else False
    plain = values.pop("plain") if "plain" in shared_names else False
    return session.resolve_format(fmt and fmt.value, json, plain)


def _complete(kinds: tuple[str, ...]):
    def complete(incomplete: str) -> list[str]:
        from casefile_cli.completion import complete_names

        return complete_names(incomplete, kinds)

    return complete


def _query(query: options.Query, help: str | None = None):
    return typer.Argument(..., help=help or query.help, autocompletion=_complete(query.kinds))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"casefile {__version__}")
        raise typer.Exit()


class Shell(str, Enum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"


def _show_completion(shell: Shell | None) -> None:
    if shell is not None:
        from casefile_cli.completion_scripts import completion_script

        typer.echo(completion_script(shell.value), nl=False)
        raise typer.Exit()


def _install_completion(shell: Shell | None) -> None:
    if shell is not None:
        from casefile_cli.completion_scripts import install

        path = install(shell.value)
        typer.echo(
            f"casefile: {shell.value} completion written to {path}; open a new shell", err=True
        )
        raise typer.Exit()


_DB, _NO_COLOR, _DEBUG, _COLOR, _NO_PAGER = options.GLOBAL_OPTIONS
ColorMode = _ENUMS[options.COLOR_MODES]


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Path | None = typer.Option(None, *_DB.flags, help=_DB.help),
    no_color: bool = typer.Option(False, *_NO_COLOR.flags, help=_NO_COLOR.help),
    debug: bool = typer.Option(False, *_DEBUG.flags, help=_DEBUG.help),
    color: ColorMode | None = typer.Option(None, *_COLOR.flags, help=_COLOR.help),
    no_pager: bool = typer.Option(False, *_NO_PAGER.flags, help=_NO_PAGER.help),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
    show_completion: Shell | None = typer.Option(
        None,
        "--show-completion",
        callback=_show_completion,
        is_eager=True,
        help="Print the completion script for a shell, e.g. 'eval \"$(casefile "
        "--show-completion bash)\"'.",
    ),
    install_completion: Shell | None = typer.Option(
        None,
        "--install-completion",
        callback=_install_completion,
        is_eager=True,
        help="Install completion for a shell (writes its script and rc line).",
    ),
) -> None:
    if ctx.obj is None:
        ctx.obj = Session()
    ctx.obj.configure(
        db=db, no_color=no_color, debug=debug, color=color and color.value, no_pager=no_pager
    )


def _declare_lookup(spec: options.Lookup) -> None:
    body = commands.LOOKUPS[spec.name]

    def lookup(session: Session, query: str = _query(spec.query), **values):
        return body(session, query, **values)

    lookup.__name__ = spec.name.replace("-", "_")
    shared = (*options.LOOKUP_OPTIONS, *spec.extra)
    command(app, spec.name, shared, hidden=spec.hidden, help=spec.help)(lookup)


for _spec in options.LOOKUPS.values():
    _declare_lookup(_spec)


Kind = _choices("Kind", options.LIST_KINDS)
Sort = _ENUMS[options.SORTS]
_TIMELINE = {option.dest: table_option(option) for option in options.TIMELINE_OPTIONS}


_FORMAT_AND_CASE = (*options.FORMAT_OPTIONS, options.CASE)


@command(app, "search", (*_FORMAT_AND_CASE, options.OFFSET))
def search(
    session: Session,
    text: str = typer.Argument(..., help="Words to look for in names and text."),
    limit: int = table_option(options.SEARCH_LIMIT),
    **values,
):
    """Ranked hits across every kind: names (fuzzy) and full text."""
    return commands.search(session, text, limit=limit, **values)


@command(app, "list", (*_FORMAT_AND_CASE, *options.LISTING_OPTIONS))
def list_records(
    session: Session,
    kind: Kind = typer.Argument(
        ..., help="operations, figures, organisations, events or casefiles."
    ),
    sort: Sort = table_option(options.SORT),
    **values,
):
    """List operations, figures, organisations, events or the case files."""
    return commands.list_records(session, kind.value, sort=sort.value, **values)


@command(app, "timeline", (*_FORMAT_AND_CASE, *options.LISTING_OPTIONS))
def timeline(
    session: Session,
    date_from: str | None = _TIMELINE["date_from"],
    date_to: str | None = _TIMELINE["date_to"],
    figure: str | None = _TIMELINE["figure"],
    organisation: str | None = _TIMELINE["organisation"],
    kind: str | None = _TIMELINE["kind"],
    chart: bool = _TIMELINE["chart"],
    **values,
):
    """Events and operations in date order, with the text's precision."""
    return commands.timeline(
        session,
        date_from=date_from,
        date_to=date_to,
        figure=figure,
        organisation=organisation,
        kind=kind,
        chart=chart,
        **values,
    )


@command(app, "on", _FORMAT_AND_CASE)
def on(
    session: Session,
    date: str = typer.Argument(..., help="1937, 1937-09, 1937-09-04 or '4 September 1937'."),
    **values,
):
    """What happened then, what was under way, and who held the key offices."""
    return commands.on(session, date, **values)


@command(app, "graph", options.GRAPH_OPTIONS[:-1])
def graph(
    session: Session,
    query: str = _query(options.PERSON_QUERY, "A person: name, alias, codename; fuzzy."),
    depth: int = table_option(options.DEPTH),
    **values,
):
    """A person's network of relations: killed, ordered, lured, recruited, replaced..."""
    return commands.graph(session, query, depth=depth, **values)


@command(app, "chain", (*options.FORMAT_OPTIONS, options.FIRST, options.CASE))
def chain(
    session: Session,
    start: str = _query(options.PERSON_QUERY, "One person."),
    end: str = _query(options.PERSON_QUERY, "Another person."),
    **values,
):
    """The shortest chain of relations linking two people."""
    return commands.chain(session, start, end, **values)


@command(app, "cascade", (*_FORMAT_AND_CASE, *options.LISTING_OPTIONS))
def cascade(session: Session, **values):
    """Perpetrators and organisers who later became victims of the same apparatus."""
    return commands.cascade(session, **values)


@command(app, "casefiles", options.FORMAT_OPTIONS)
def casefiles(session: Session, **values):
    """The case files in the database: number, title, records, where each came from."""
    return commands.casefiles(session, **values)


@command(app, "contradictions", (*_FORMAT_AND_CASE, options.FIRST, *options.LISTING_OPTIONS))
def contradictions(
    session: Session,
    query: str | None = typer.Argument(
        None,
        help="Only those about this person, operation, organisation or place; fuzzy.",
        autocompletion=_complete(("figure", "operation", "organisation", "place")),
    ),
    **values,
):
    """Every place where the case file disagrees with itself, with both claims.

    With a QUERY, only those about that record; exits 3 when there are none."""
    return commands.contradictions(session, query, **values)


@command(app, "sql", options.SQL_OPTIONS)
def sql(
    session: Session,
    query: str = typer.Argument(..., help="One SELECT statement."),
    **values,
):
    """Run a read-only SQL query against the database (writes are refused).

    A query stops with exit 2 at its time limit (--timeout), after --max-rows
    rows or at a value over 10 MB; Ctrl-C stops it with exit 130. Blobs are
    shown as SQL hex literals, x'00ff'."""
    return commands.sql(session, query, **values)


@command(app, "schema", options.FORMAT_OPTIONS)
def schema(session: Session, **values):
    """The tables, columns and views, each with what it holds."""
    return commands.schema(session, **values)


@command(app, "serve", options.SERVE_OPTIONS)
def serve(session: Session, **values):
    """Browse and query the case files in Datasette, read-only, on 127.0.0.1.

    Needs the [web] extra: pip install "casefile-cli[web]". Search boxes on
    figures, operations and organisations; canned queries for who killed a
    person, who held an office on a date and what a person did."""
    return commands.serve(session, **values)


@command(app, "import", (options.QUIET,))
def import_casefile(
    session: Session,
    path: Path | None = typer.Argument(
        None, help="A case-file folder or YAML file (docs/casefile-format.md)."
    ),
    replace: bool = typer.Option(False, "--replace", help="Replace the case file if present."),
    remove: str | None = typer.Option(
        None, "--remove", metavar="NUMBER", help="Take this case file out instead."
    ),
    check: bool = typer.Option(
        False, "--check", help="Validate and report errors and probable duplicates; write nothing."
    ),
    strict: bool = typer.Option(
        False, "--strict", help="Probable duplicates are errors (exit 2), not warnings."
    ),
    **values,
):
    """Add a case file: validated first, then written all at once, into your
    data directory (or --db). The packaged database is never written."""
    if (path is None) == (remove is None):
        raise typer.BadParameter("give a PATH to import, or --remove NUMBER")
    if remove is not None:
        return commands.remove_casefile(session, remove)
    return commands.import_casefile(
        session, path, replace=replace, strict=strict, check=check, **values
    )


@command(app, "remove")
def remove_casefile(
    session: Session,
    number: str = typer.Argument(..., help="The number of an imported case file, e.g. 9122."),
):
    """Take an imported case file out again, all or nothing; others are untouched."""
    return commands.remove_casefile(session, number)


app.add_typer(db_app, name="db")


@command(db_app, "build", (options.QUIET,))
def db_build(
    session: Session,
    sources: Path | None = typer.Option(None, "--sources", help="Source folder root."),
    target: Path | None = typer.Option(None, "--output", "-o", help="Database to write."),
    **values,
):
    """Build the database from the YAML sources (all-or-nothing)."""
    return commands.db_build(session, sources=sources, target=target, **values)


@command(db_app, "path")
def db_path(session: Session):
    """Print the path of the database in use."""
    return commands.db_path(session)


@command(db_app, "check", options.FORMAT_OPTIONS)
def db_check(session: Session, **values):
    """Check integrity, foreign keys, schema version and counts; exit 5 on a problem."""
    return commands.db_check(session, **values)


@command(app, "help")
def help_command(
    session: Session,
    words: list[str] | None = typer.Argument(None, help="A command: show, 'db build', ..."),
):
    """Show the help of a command, as 'casefile CMD --help' does."""
    return app([*(words or []), "--help"], prog_name="casefile", standalone_mode=False)


def main(args: list[str] | None = None, env=None) -> None:
    from casefile_cli.boundary import run_app

    run_app(app, args, Session(env))


def help_text(path: list[str], width: int = 80) -> str:
    """`casefile PATH --help` as Typer renders it `width` columns wide (click
    wraps help to $COLUMNS); the man page script reads every command's help
    here."""
    import contextlib
    import io
    import os

    out = io.StringIO()
    saved = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(width)
    try:
        with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
            app([*path, "--help"], prog_name="casefile", standalone_mode=False)
    finally:
        if saved is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = saved
    return out.getvalue()


def top_help() -> str:
    """`casefile --help` as Typer renders it on a terminal 80 or more columns
    wide (click caps help at 80); stored as help.txt so that `entry.py` can
    print it without importing Typer. A test keeps the two equal."""
    return help_text([])
