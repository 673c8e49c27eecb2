"""The one table of the command line's shared options and lookup commands.

The fast path in `entry.py`, the Typer declarations in `cli.py` and shell
completion all read it, so an option is written once. Plain data: the lookup
path imports this module, so it must not import Typer.
"""

from __future__ import annotations

from casefile_cli.record import Record

# Output formats; the first is the default on a terminal.
FORMATS = ("card", "table", "text", "json", "jsonl", "csv", "tsv", "plain")
# `graph` also draws pictures; "tree" is its card.
GRAPH_FORMATS = ("tree", "dot", "mermaid", *FORMATS, "svg", "png")


class Option(Record):
    """One option: `dest` is the parameter name, `choices` limits a value,
    a flag takes no value, and `kind` is the type of a value (a number is
    checked when parsed, and must lie within `bounds`, inclusive, if given);
    `default` is its value when not given."""

    dest: str
    flags: tuple[str, ...]
    help: str
    flag: bool = False
    choices: tuple[str, ...] = ()
    kind: type = str
    default: object = None
    bounds: tuple[int, int] | None = None


FORMAT = Option(
    "fmt",
    ("--format", "-f"),
    "Output format (default: card on a terminal, text when piped).",
    choices=FORMATS,
)
GRAPH_FORMAT = FORMAT._replace(
    help="Output format: tree (a card), dot, mermaid, svg or png (pictures; png needs "
    "Graphviz), or any other format.",
    choices=GRAPH_FORMATS,
)
JSON = Option("json", ("--json",), "Same as --format json (shapes in the README).", flag=True)
PLAIN = Option("plain", ("--plain",), "Same as --format plain: one name per line.", flag=True)
FIRST = Option("first", ("--first",), "When several records tie, take the best.", flag=True)
CASE = Option("case", ("--case",), "Only this case file, e.g. 0121.")
EVERY = Option(
    "every",
    ("--all",),
    "Every act the text ties to the person (arrests, lures, suggestions...), labelled.",
    flag=True,
)
QUIET = Option("quiet", ("--quiet", "-q"), "Print nothing but errors.", flag=True)
CHART = Option("chart", ("--chart",), "Draw it as bars on a year axis.", flag=True)

# What every command that returns records takes.
FORMAT_OPTIONS = (FORMAT, JSON, PLAIN)
LOOKUP_OPTIONS = (*FORMAT_OPTIONS, FIRST, CASE)

# Listings (`list`): a window of the rows, read from the database as written.
LIMIT = Option("limit", ("--limit",), "At most this many rows (default: all).", kind=int)
OFFSET = Option("offset", ("--offset",), "Skip this many rows first.", kind=int)
LISTING_OPTIONS = (LIMIT, OFFSET)
LIST_KINDS = ("operations", "figures", "organisations", "events", "casefiles")
SORTS = ("date", "name")
SORT = Option("sort", ("--sort",), "Order by date or name.", choices=SORTS, default="date")
SEARCH_LIMIT = Option(
    "limit", ("--limit",), "At most this many.", kind=int, default=20, bounds=(1, 500)
)
# `timeline`'s window and filters.
TIMELINE_OPTIONS = (
    Option("date_from", ("--from",), "Start: 1937, 1937-09, ..."),
    Option("date_to", ("--to",), "End, inclusive."),
    Option("figure", ("--figure",), "Only what involves this person."),
    Option("organisation", ("--organisation",), "Only this body's."),
    Option("kind", ("--kind",), "arrest, execution, kidnapping, ..."),
    Option("chart", ("--chart",), "Draw them as bars on a year axis.", flag=True),
)

# `casefile sql`'s limits (the defaults are in store/admin.py).
TIMEOUT = Option(
    "timeout",
    ("--timeout",),
    "Stop the query after this many seconds of work (default 10; 0 = no limit).",
    kind=float,
)
MAX_ROWS = Option(
    "max_rows",
    ("--max-rows",),
    "Stop with exit 2 after this many rows (default 1,000,000; 0 = no limit).",
    kind=int,
)
SQL_OPTIONS = (*FORMAT_OPTIONS, TIMEOUT, MAX_ROWS)

# `casefile serve` (the default port is in web.py).
PORT = Option("port", ("--port", "-p"), "Port on 127.0.0.1 (default 8001; 0 = any free).", kind=int)
SERVE_OPTIONS = (PORT,)

COLOR_MODES = ("auto", "always", "never")
COLOR = Option(
    "color",
    ("--color",),
    "Colour: auto (on a terminal, unless NO_COLOR), always, never.",
    choices=COLOR_MODES,
)
NO_COLOR = Option("no_color", ("--no-color",), "No colour, even on a terminal.", flag=True)
NO_PAGER = Option(
    "no_pager",
    ("--no-pager",),
    "Print straight to the terminal, without $CASEFILE_PAGER or $PAGER.",
    flag=True,
)
# How output looks on a terminal: accepted before the command and after it.
TERMINAL_OPTIONS = (COLOR, NO_COLOR, NO_PAGER)

# Before the command: `casefile --db x.db show kirov`.
GLOBAL_OPTIONS = (
    Option("db", ("--db",), "Database file (default: $CASEFILE_DB, then the packaged one)."),
    NO_COLOR,
    Option("debug", ("--debug",), "Show a traceback on internal errors.", flag=True),
    COLOR,
    NO_PAGER,
)


class Query(Record):
    """A name argument: its help and the kinds of record it completes."""

    help: str
    kinds: tuple[str, ...]


PERSON = ("figure",)
PERSON_QUERY = Query(
    "A person: name, alias, codename; fuzzy. '-' reads one query per line from stdin.", PERSON
)
ANY_QUERY = Query(
    "An operation, person or organisation; fuzzy. '-' reads queries from stdin.",
    ("operation", "figure", "organisation"),
)
ORGANISATION_QUERY = Query(
    "An organisation: name or abbreviation; fuzzy. '-' reads queries from stdin.",
    ("organisation",),
)


class Lookup(Record):
    """A lookup command: one query (or '-') and the lookup options."""

    name: str
    query: Query
    help: str
    hidden: bool = False
    extra: tuple[Option, ...] = ()  # options of this command only


LOOKUPS = {
    spec.name: spec
    for spec in (
        Lookup(
            "show",
            ANY_QUERY,
            "The case card of the best match: an operation, a person or an organisation.\n\n"
            "A person who was the target of an operation gets that operation's card; an "
            "event or place is shown when its name is the one meant. When no name matches, "
            "the full text is searched: a clear best hit is shown, saying so.",
        ),
        Lookup(
            "figure",
            PERSON_QUERY,
            "A person's card: names and aliases, offices, operations and fate.",
        ),
        Lookup(
            "who-killed",
            PERSON_QUERY,
            "Who killed a person, who ordered and organised it: every account, with its "
            "certainty.\n\nExits 3 when the case file shows the person as not killed.",
        ),
        Lookup(
            "org",
            ORGANISATION_QUERY,
            "An organisation's card: names over time, parent and units, heads, operations.\n\n"
            "With --chart, its heads' tenures as bars on a year axis.",
            extra=(CHART._replace(help="Draw the heads' tenures as bars on a year axis."),),
        ),
        Lookup(
            "organisation",
            ORGANISATION_QUERY,
            "Same as 'org'.",
            hidden=True,
            extra=(CHART._replace(help="Draw the heads' tenures as bars on a year axis."),),
        ),
        Lookup(
            "kills",
            PERSON_QUERY,
            "The deaths the text ties to a person: killed, ordered, decided, approved, "
            "organised or helped, with the part.\n\nArrests, lures, kidnappings and "
            "suggestions are listed only with --all.",
            extra=(EVERY, *LISTING_OPTIONS),
        ),
    )
}


class Command(Record):
    """A command besides the lookups that the fast path in `entry.py` runs:
    the `dest` of its argument (None: it takes none; a tuple: several, as
    `chain START END`), its options, whether the argument may be left out,
    the values it may take (none: any), and the function of commands.py that
    runs it (default: its name)."""

    name: str
    argument: str | tuple[str, ...] | None
    options: tuple[Option, ...]
    optional: bool = False
    choices: tuple[str, ...] = ()
    body: str = ""

    @property
    def arguments(self) -> tuple[str, ...]:
        if self.argument is None:
            return ()
        return (self.argument,) if isinstance(self.argument, str) else self.argument


# `graph`: how far out from the person, and its formats (pictures too).
DEPTH = Option(
    "depth", ("--depth",), "Steps out from the person.", kind=int, default=1, bounds=(1, 4)
)
GRAPH_OPTIONS = (GRAPH_FORMAT, JSON, PLAIN, FIRST, CASE, DEPTH)  # its own last


# Commands whose whole command line this table describes (cli.py declares
# the same options; a test compares them).
FAST_COMMANDS = {
    spec.name: spec
    for spec in (
        Command("on", "date", (*FORMAT_OPTIONS, CASE)),
        Command(
            "contradictions",
            "query",
            (*FORMAT_OPTIONS, CASE, FIRST, *LISTING_OPTIONS),
            optional=True,
        ),
        Command(
            "list",
            "kind",
            (*FORMAT_OPTIONS, CASE, *LISTING_OPTIONS, SORT),
            choices=LIST_KINDS,
            body="list_records",
        ),
        Command("timeline", None, (*FORMAT_OPTIONS, CASE, *LISTING_OPTIONS, *TIMELINE_OPTIONS)),
        Command("search", "text", (*FORMAT_OPTIONS, CASE, SEARCH_LIMIT, OFFSET)),
        Command("cascade", None, (*FORMAT_OPTIONS, CASE, *LISTING_OPTIONS)),
        Command("graph", "query", GRAPH_OPTIONS),
        Command("chain", ("start", "end"), (*FORMAT_OPTIONS, FIRST, CASE)),
    )
}

# Which names each command completes on TAB (its first argument).
NAME_KINDS = {
    **{name: spec.query.kinds for name, spec in LOOKUPS.items()},
    "graph": PERSON,
    "chain": PERSON,
}
