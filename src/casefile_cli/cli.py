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


@app.command()
def timeline(
    date_from: str | None = typer.Option(None, "--from", help="Start: 1937, 1937-09, ..."),
    date_to: str | None = typer.Option(None, "--to", help="End, inclusive."),
    figure: str | None = typer.Option(None, "--figure", help="Only what involves this person."),
    organisation: str | None = typer.Option(None, "--organisation", help="Only this body's."),
    kind: str | None = typer.Option(None, "--kind", help="arrest, execution, kidnapping, ..."),
    json: bool = JsonOption,
) -> None:
    """Events and operations in date order, with the text's precision."""
    from casefile_cli.chronology import timeline as entries
    from casefile_cli.lookup import resolve_figure, resolve_organisation

    db = output.database()
    figure_id = resolve_figure(db, figure)[0].id if figure else None
    organisation_id = resolve_organisation(db, organisation)[0].id if organisation else None
    output.timeline(entries(db, date_from, date_to, figure_id, organisation_id, kind), json=json)


@app.command()
def on(
    date: str = typer.Argument(..., help="1937, 1937-09, 1937-09-04 or '4 September 1937'."),
    json: bool = JsonOption,
) -> None:
    """What happened then, what was under way, and who held the key offices."""
    from casefile_cli.chronology import on as moment

    output.moment(moment(output.database(), date), json=json)


@app.command("org")
def org(query: str = QueryArgument, json: bool = JsonOption, first: bool = FirstOption) -> None:
    """An organisation's card: names over time, parent and units, heads, operations."""
    from casefile_cli.lookup import resolve_organisation

    record, match = resolve_organisation(output.database(), query, first=first)
    output.record(record, match, query, json=json)


app.command("organisation", hidden=True, help="Same as 'org'.")(org)


@app.command()
def kills(query: str = QueryArgument, json: bool = JsonOption, first: bool = FirstOption) -> None:
    """Everyone a person killed, ordered killed or organised the killing of."""
    from casefile_cli.lookup import resolve_figure
    from casefile_cli.models import Ref
    from casefile_cli.network import kills as find

    db = output.database()
    person, _ = resolve_figure(db, query, first=first)
    output.kills(Ref(person.id, person.name), find(db, person.id), json=json)


class GraphFormat(str, Enum):
    tree = "tree"
    dot = "dot"
    mermaid = "mermaid"
    json = "json"


@app.command()
def graph(
    query: str = QueryArgument,
    depth: int = typer.Option(1, "--depth", min=1, max=4, help="Steps out from the person."),
    fmt: GraphFormat = typer.Option(GraphFormat.tree, "--format", help="tree, dot, mermaid, json."),
    json: bool = JsonOption,
    first: bool = FirstOption,
) -> None:
    """A person's network of relations: killed, ordered, lured, recruited, replaced..."""
    from casefile_cli.lookup import resolve_figure
    from casefile_cli.network import network

    db = output.database()
    person, _ = resolve_figure(db, query, first=first)
    output.graph(network(db, person.id, depth), "json" if json else fmt.value)


@app.command()
def chain(
    start: str = typer.Argument(..., help="One person."),
    end: str = typer.Argument(..., help="Another person."),
    json: bool = JsonOption,
    first: bool = FirstOption,
) -> None:
    """The shortest chain of relations linking two people."""
    from casefile_cli.errors import NotFoundError
    from casefile_cli.lookup import resolve_figure
    from casefile_cli.models import Ref
    from casefile_cli.network import chain as find

    db = output.database()
    a, _ = resolve_figure(db, start, first=first)
    b, _ = resolve_figure(db, end, first=first)
    links = find(db, a.id, b.id)
    if links is None:
        raise NotFoundError(f"the case file links {a.name} and {b.name} by no chain")
    output.chain(links, Ref(a.id, a.name), Ref(b.id, b.name), json=json)


@app.command()
def cascade(json: bool = JsonOption) -> None:
    """Perpetrators and organisers who later became victims of the same apparatus."""
    from casefile_cli.network import cascade as entries

    output.cascade(entries(output.database()), json=json)


@app.command()
def contradictions(json: bool = JsonOption) -> None:
    """Every place where the case file disagrees with itself, with both claims."""
    output.contradictions(output.database().contradictions(), json=json)


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
