"""The `casefile` command: Typer commands only. Each parses, calls the core
(`lookup`, `storage`, `build`) and hands the result to a renderer (`output`)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from casefile_cli import __version__, output
from casefile_cli.errors import UsageError

app = typer.Typer(
    help="Look things up in historical case files: operations, people, organisations, dates.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
db_app = typer.Typer(help="Build, locate and check the database.", no_args_is_help=True)
app.add_typer(db_app, name="db")

JsonOption = typer.Option(False, "--json", help="Print JSON (shape documented in the README).")
FirstOption = typer.Option(False, "--first", help="When several records tie, take the best.")
QueryArgument = typer.Argument(..., help="A name, alias, codename or title; fuzzy.")


class Kind(str, Enum):
    operations = "operations"
    figures = "figures"
    organisations = "organisations"
    events = "events"


class Sort(str, Enum):
    date = "date"
    name = "name"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"casefile {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    db: Path | None = typer.Option(
        None,
        "--db",
        help="Database file (default: $CASEFILE_DB, then the packaged one).",
        envvar=None,
    ),
    no_color: bool = typer.Option(False, "--no-color", help="No colour, even on a terminal."),
    debug: bool = typer.Option(False, "--debug", help="Show a traceback on internal errors."),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    output.configure(db=db, no_color=no_color, debug=debug)


@app.command()
def show(query: str = QueryArgument, json: bool = JsonOption, first: bool = FirstOption) -> None:
    """The case card of the best match: an operation, a person or an organisation.

    A person who was the target of an operation gets that operation's card.
    """
    from casefile_cli.lookup import resolve_any

    record, match = resolve_any(output.database(), query, first=first)
    output.record(record, match, query, json=json)


@app.command()
def figure(query: str = QueryArgument, json: bool = JsonOption, first: bool = FirstOption) -> None:
    """A person's card: names and aliases, offices, operations and fate."""
    from casefile_cli.lookup import resolve_figure

    record, match = resolve_figure(output.database(), query, first=first)
    output.record(record, match, query, json=json)


@app.command("who-killed")
def who_killed(
    query: str = QueryArgument, json: bool = JsonOption, first: bool = FirstOption
) -> None:
    """Who killed a person, who ordered and organised it: every account, with its certainty.

    Exits 3 when the case file shows the person as not killed.
    """
    from casefile_cli.lookup import who_killed as find

    answer, match = find(output.database(), query, first=first)
    output.who_killed(answer, match, query, json=json)


@app.command()
def search(
    text: str = typer.Argument(..., help="Words to look for in names and text."),
    json: bool = JsonOption,
    limit: int = typer.Option(20, "--limit", min=1, max=500, help="At most this many."),
) -> None:
    """Ranked hits across every kind: names (fuzzy) and full text."""
    from casefile_cli.lookup import search_everything

    output.search_hits(search_everything(output.database(), text, limit=limit), json=json)


@app.command("list")
def list_records(
    kind: Kind = typer.Argument(..., help="What to list."),
    sort: Sort = typer.Option(Sort.date, "--sort", help="Order by date or name."),
    json: bool = JsonOption,
) -> None:
    """List operations, figures, organisations or events."""
    output.items(output.database().list_records(kind.value, sort.value), json=json)


@db_app.command("build")
def db_build(
    sources: Path | None = typer.Option(None, "--sources", help="Source folder root."),
    target: Path | None = typer.Option(None, "--output", "-o", help="Database to write."),
) -> None:
    """Build the database from the YAML sources (all-or-nothing)."""
    from casefile_cli.build import build_database, default_paths

    default_sources, default_target = default_paths()
    sources = sources or default_sources
    if not sources.is_dir():
        raise UsageError(f"source folder not found: {sources}; pass --sources DIR")
    target = target or output.database_path(default=default_target)
    output.build_report(target, build_database(sources, target))


@db_app.command("path")
def db_path() -> None:
    """Print the path of the database in use."""
    output.line(str(output.database_path()))


@db_app.command("check")
def db_check(json: bool = JsonOption) -> None:
    """Check the database's integrity; exit 5 on a problem."""
    output.check_report(output.database(), json=json)


def main() -> None:
    output.run(app)


if __name__ == "__main__":  # pragma: no cover
    main()
