"""The `casefile` command: Typer commands only. Each parses, calls the core
(`lookup`, `chronology`, `network`, `storage`, `build`) and hands the result
to the output layer, which picks the renderer."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from casefile_cli import __version__, commands, output

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


# The output formats, as Typer choices (the list lives in output.FORMATS).
Format = Enum("Format", {name: name for name in output.FORMATS}, type=str)


def _complete(kinds: tuple[str, ...]):
    def complete(incomplete: str) -> list[str]:
        from casefile_cli.completion import complete_names

        return complete_names(incomplete, kinds)

    return complete


FormatOption = typer.Option(
    None, "--format", "-f", help="Output format (default: card on a terminal, text when piped)."
)
JsonOption = typer.Option(False, "--json", help="Same as --format json (shapes in the README).")
PlainOption = typer.Option(False, "--plain", help="Same as --format plain: one name per line.")
FirstOption = typer.Option(False, "--first", help="When several records tie, take the best.")
CaseOption = typer.Option(None, "--case", help="Only this case file, e.g. 0121.")
FigureQuery = typer.Argument(
    ...,
    help="A person: name, alias, codename; fuzzy. '-' reads one query per line from stdin.",
    autocompletion=_complete(("figure",)),
)
AnyQuery = typer.Argument(
    ...,
    help="An operation, person or organisation; fuzzy. '-' reads queries from stdin.",
    autocompletion=_complete(("operation", "figure", "organisation")),
)
PersonArgument = typer.Argument(
    ..., help="A person: name, alias, codename; fuzzy.", autocompletion=_complete(("figure",))
)
OrganisationQuery = typer.Argument(
    ...,
    help="An organisation: name or abbreviation; fuzzy. '-' reads queries from stdin.",
    autocompletion=_complete(("organisation",)),
)


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
        None, "--db", help="Database file (default: $CASEFILE_DB, then the packaged one)."
    ),
    no_color: bool = typer.Option(False, "--no-color", help="No colour, even on a terminal."),
    debug: bool = typer.Option(False, "--debug", help="Show a traceback on internal errors."),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    output.configure(db=db, no_color=no_color, debug=debug)


@app.command()
def show(
    query: str = AnyQuery,
    fmt: Format | None = FormatOption,
    json: bool = JsonOption,
    plain: bool = PlainOption,
    first: bool = FirstOption,
    case: str | None = CaseOption,
) -> None:
    """The case card of the best match: an operation, a person or an organisation.

    A person who was the target of an operation gets that operation's card.
    """
    commands.show(query, fmt and fmt.value, json, plain, first, case)


@app.command()
def figure(
    query: str = FigureQuery,
    fmt: Format | None = FormatOption,
    json: bool = JsonOption,
    plain: bool = PlainOption,
    first: bool = FirstOption,
    case: str | None = CaseOption,
) -> None:
    """A person's card: names and aliases, offices, operations and fate."""
    commands.figure(query, fmt and fmt.value, json, plain, first, case)


@app.command("who-killed")
def who_killed(
    query: str = FigureQuery,
    fmt: Format | None = FormatOption,
    json: bool = JsonOption,
    plain: bool = PlainOption,
    first: bool = FirstOption,
    case: str | None = CaseOption,
) -> None:
    """Who killed a person, who ordered and organised it: every account, with its certainty.

    Exits 3 when the case file shows the person as not killed.
    """
    commands.who_killed(query, fmt and fmt.value, json, plain, first, case)


@app.command("org")
def org(
    query: str = OrganisationQuery,
    fmt: Format | None = FormatOption,
    json: bool = JsonOption,
    plain: bool = PlainOption,
    first: bool = FirstOption,
    case: str | None = CaseOption,
) -> None:
    """An organisation's card: names over time, parent and units, heads, operations."""
    commands.org(query, fmt and fmt.value, json, plain, first, case)


app.command("organisation", hidden=True, help="Same as 'org'.")(org)


@app.command()
def kills(
    query: str = FigureQuery,
    fmt: Format | None = FormatOption,
    json: bool = JsonOption,
    plain: bool = PlainOption,
    first: bool = FirstOption,
    case: str | None = CaseOption,
) -> None:
    """Everyone a person killed, ordered killed or organised the killing of."""
    commands.kills(query, fmt and fmt.value, json, plain, first, case)


@app.command()
def search(
    text: str = typer.Argument(..., help="Words to look for in names and text."),
    limit: int = typer.Option(20, "--limit", min=1, max=500, help="At most this many."),
    fmt: Format | None = FormatOption,
    json: bool = JsonOption,
    plain: bool = PlainOption,
    case: str | None = CaseOption,
) -> None:
    """Ranked hits across every kind: names (fuzzy) and full text."""
    from casefile_cli.lookup import search_everything

    style = output.resolve_format(fmt and fmt.value, json, plain)
    output.finish(
        output.search_hits(
            search_everything(output.database(), text, limit=limit, case=case), style
        )
    )


@app.command("list")
def list_records(
    kind: Kind = typer.Argument(..., help="operations, figures, organisations or events."),
    sort: Sort = typer.Option(Sort.date, "--sort", help="Order by date or name."),
    fmt: Format | None = FormatOption,
    json: bool = JsonOption,
    plain: bool = PlainOption,
    case: str | None = CaseOption,
) -> None:
    """List operations, figures, organisations or events."""
    style = output.resolve_format(fmt and fmt.value, json, plain)
    output.items(output.database().list_records(kind.value, sort.value, case), style)


@app.command()
def timeline(
    date_from: str | None = typer.Option(None, "--from", help="Start: 1937, 1937-09, ..."),
    date_to: str | None = typer.Option(None, "--to", help="End, inclusive."),
    figure: str | None = typer.Option(None, "--figure", help="Only what involves this person."),
    organisation: str | None = typer.Option(None, "--organisation", help="Only this body's."),
    kind: str | None = typer.Option(None, "--kind", help="arrest, execution, kidnapping, ..."),
    fmt: Format | None = FormatOption,
    json: bool = JsonOption,
    plain: bool = PlainOption,
    case: str | None = CaseOption,
) -> None:
    """Events and operations in date order, with the text's precision."""
    from casefile_cli.chronology import timeline as entries
    from casefile_cli.lookup import resolve_figure, resolve_organisation

    db = output.database()
    style = output.resolve_format(fmt and fmt.value, json, plain)
    figure_id = resolve_figure(db, figure, case=case)[0].id if figure else None
    organisation_id = (
        resolve_organisation(db, organisation, case=case)[0].id if organisation else None
    )
    found = entries(db, date_from, date_to, figure_id, organisation_id, kind, case)
    output.finish(output.timeline(found, style))


@app.command()
def on(
    date: str = typer.Argument(..., help="1937, 1937-09, 1937-09-04 or '4 September 1937'."),
    fmt: Format | None = FormatOption,
    json: bool = JsonOption,
    plain: bool = PlainOption,
    case: str | None = CaseOption,
) -> None:
    """What happened then, what was under way, and who held the key offices."""
    from casefile_cli.chronology import on as moment

    style = output.resolve_format(fmt and fmt.value, json, plain)
    output.moment(moment(output.database(), date, case), style)


class GraphFormat(str, Enum):
    tree = "tree"
    dot = "dot"
    mermaid = "mermaid"
    json = "json"


@app.command()
def graph(
    query: str = PersonArgument,
    depth: int = typer.Option(1, "--depth", min=1, max=4, help="Steps out from the person."),
    fmt: GraphFormat = typer.Option(
        GraphFormat.tree, "--format", "-f", help="tree (a card), dot or mermaid (pictures), json."
    ),
    json: bool = JsonOption,
    first: bool = FirstOption,
    case: str | None = CaseOption,
) -> None:
    """A person's network of relations: killed, ordered, lured, recruited, replaced..."""
    from casefile_cli.lookup import resolve_figure
    from casefile_cli.network import network

    db = output.database()
    person, _ = resolve_figure(db, query, first=first, case=case)
    style = "json" if json else fmt.value
    if style == "tree":
        style = output.resolve_format(None)
    output.graph(network(db, person.id, depth), style)


@app.command()
def chain(
    start: str = typer.Argument(..., help="One person.", autocompletion=_complete(("figure",))),
    end: str = typer.Argument(..., help="Another person.", autocompletion=_complete(("figure",))),
    fmt: Format | None = FormatOption,
    json: bool = JsonOption,
    plain: bool = PlainOption,
    first: bool = FirstOption,
    case: str | None = CaseOption,
) -> None:
    """The shortest chain of relations linking two people."""
    from casefile_cli.network import linking_chain

    style = output.resolve_format(fmt and fmt.value, json, plain)
    output.chain(*linking_chain(output.database(), start, end, first=first, case=case), style)


@app.command()
def cascade(
    fmt: Format | None = FormatOption,
    json: bool = JsonOption,
    plain: bool = PlainOption,
    case: str | None = CaseOption,
) -> None:
    """Perpetrators and organisers who later became victims of the same apparatus."""
    from casefile_cli.network import cascade as entries

    style = output.resolve_format(fmt and fmt.value, json, plain)
    output.cascade(entries(output.database(), case), style)


@app.command()
def contradictions(
    fmt: Format | None = FormatOption,
    json: bool = JsonOption,
    plain: bool = PlainOption,
    case: str | None = CaseOption,
) -> None:
    """Every place where the case file disagrees with itself, with both claims."""
    style = output.resolve_format(fmt and fmt.value, json, plain)
    output.contradictions(output.database().contradictions(case), style)


@app.command()
def sql(
    query: str = typer.Argument(..., help="One SELECT statement."),
    fmt: Format | None = FormatOption,
    json: bool = JsonOption,
    plain: bool = PlainOption,
) -> None:
    """Run a read-only SQL query against the database (writes are refused)."""
    from casefile_cli.store.admin import read_only_query

    style = output.resolve_format(fmt and fmt.value, json, plain)
    output.sql_rows(*read_only_query(output.database_path(), query), style)


@app.command()
def schema(fmt: Format | None = FormatOption, json: bool = JsonOption) -> None:
    """The tables, columns and views, each with what it holds."""
    from casefile_cli.store.admin import describe_schema

    output.schema(
        describe_schema(output.database()), output.resolve_format(fmt and fmt.value, json)
    )


@app.command("import")
def import_casefile(
    path: Path = typer.Argument(
        ..., help="A case-file folder or YAML file (docs/casefile-format.md)."
    ),
    replace: bool = typer.Option(False, "--replace", help="Replace the case file if present."),
) -> None:
    """Add a case file to the database: validated first, then written all at once."""
    from casefile_cli.build import import_casefile as add

    output.build_report(output.database_path(), add(path, output.database_path(), replace=replace))


@db_app.command("build")
def db_build(
    sources: Path | None = typer.Option(None, "--sources", help="Source folder root."),
    target: Path | None = typer.Option(None, "--output", "-o", help="Database to write."),
) -> None:
    """Build the database from the YAML sources (all-or-nothing)."""
    from casefile_cli.build import build_database, default_paths

    default_sources, default_target = default_paths()
    target = target or output.database_path(default=default_target)
    output.build_report(target, build_database(sources or default_sources, target))


@db_app.command("path")
def db_path() -> None:
    """Print the path of the database in use."""
    output.line(str(output.database_path()))


@db_app.command("check")
def db_check(json: bool = JsonOption) -> None:
    """Check integrity, foreign keys, schema version and counts; exit 5 on a problem."""
    output.check_report(output.database(), json=json)


def main() -> None:
    output.run(app)


if __name__ == "__main__":  # pragma: no cover
    main()


def top_help() -> str:
    """`casefile --help` as Typer renders it on a terminal 80 or more columns
    wide (click caps help at 80); stored as help.txt so that `entry.py` can
    print it without importing Typer. A test keeps the two equal."""
    import contextlib
    import io
    import os

    out = io.StringIO()
    saved = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "80"
    try:
        with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
            app(["--help"], prog_name="casefile", standalone_mode=False)
    finally:
        if saved is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = saved
    return out.getvalue()
