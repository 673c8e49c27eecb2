"""What each command does, free of Typer: call the core with the session's
database and hand the result to its presenter in `render/results.py`.

`cli.py` declares these for the full command line; `entry.py` calls the
lookups directly for the common, simple invocations so that a lookup does not
pay for importing Typer. Every command takes the session first and a format
already resolved, and returns an `ExitCode` for the boundary.
"""

from __future__ import annotations

import sys

from casefile_cli.boundary import report_error
from casefile_cli.errors import CasefileError, ExitCode, UsageError
from casefile_cli.render import results

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from casefile_cli.session import Session


# Batch input (`casefile figure - < names.txt`) is bounded: a query is a
# name, so a longer line, or more lines than this, is not a list of names.
MAX_BATCH_LINE = 1000
MAX_BATCH_LINES = 100_000


def batch_lines(stream):
    """The lines of `stream`, read at most MAX_BATCH_LINE characters at a
    time (so `< /dev/zero` ends at once), or a UsageError."""
    if stream is None:
        raise UsageError("stdin is closed; '-' reads one query per line from it")
    for count in range(MAX_BATCH_LINES + 1):
        try:
            line = stream.readline(MAX_BATCH_LINE + 1)
        except UnicodeDecodeError:
            raise UsageError(f"line {count + 1} of stdin is not valid UTF-8") from None
        if not line:
            return
        if count == MAX_BATCH_LINES:
            raise UsageError(f"too many queries on stdin (at most {MAX_BATCH_LINES:,})")
        if len(line.rstrip("\n")) > MAX_BATCH_LINE:
            raise UsageError(
                f"query too long: line {count + 1} of stdin is over {MAX_BATCH_LINE} characters"
            )
        yield line


def each_query(session: Session, query: str, one: Callable, fmt: str) -> ExitCode:
    """Answer one query, or with '-' each line of stdin in turn (JSON Lines for
    --json). The exit code is the worst of the answers."""
    if query != "-":
        return one(query, fmt)
    if fmt == "json":
        fmt = "jsonl"
    worst = 0
    for line in batch_lines(session.env.stdin or sys.stdin):
        text = line.rstrip("\n")
        if not text.strip():
            continue
        session.batch_query = text
        try:
            code = one(text, fmt) or 0
        except CasefileError as error:
            code = int(error.exit_code)
            if fmt in ("jsonl", "json"):
                from casefile_cli.render.formats import write

                record = {"query": text, "match": None, "error": error.message, "exit_code": code}
                write(record, "jsonl", session.env.stdout, [])
            else:
                report_error(error, session.env)
        finally:
            session.batch_query = None
        worst = max(worst, int(code))
    return ExitCode(worst)


def _lookup(resolver: str, present=results.record):
    """A lookup command: resolve each query with `lookup.<resolver>` and present it."""

    def command(
        session: Session, query: str, *, fmt: str, first: bool = False, case: str | None = None
    ) -> ExitCode:
        from casefile_cli import lookup

        resolve = getattr(lookup, resolver)

        def one(q: str, style: str) -> ExitCode:
            found, match = resolve(session.database(), q, first=first, case=case)
            return present(session, found, match, q, style)

        return each_query(session, query, one, fmt)

    command.__name__ = resolver
    return command


show = _lookup("resolve_any")
figure = _lookup("resolve_figure")
org_card = _lookup("resolve_organisation")


def org(
    session: Session,
    query: str,
    *,
    fmt: str,
    first: bool = False,
    case: str | None = None,
    chart: bool = False,
) -> ExitCode:
    """The organisation's card, or with --chart its heads as bars."""
    if not chart:
        return org_card(session, query, fmt=fmt, first=first, case=case)
    from casefile_cli.lookup import resolve_organisation
    from casefile_cli.render.pictures import heads_chart, refuse_script_format

    refuse_script_format(fmt)

    def one(q: str, style: str) -> ExitCode:
        return heads_chart(
            session, resolve_organisation(session.database(), q, first=first, case=case)[0]
        )

    return each_query(session, query, one, fmt)


who_killed = _lookup("who_killed", results.who_killed)


def kills(
    session: Session,
    query: str,
    *,
    fmt: str,
    first: bool = False,
    case: str | None = None,
    every: bool = False,
    limit: int | None = None,
    offset: int | None = None,
) -> ExitCode:
    from casefile_cli.lookup import resolve_figure
    from casefile_cli.network import kills as find

    check_window(limit, offset)

    def one(q: str, style: str) -> ExitCode:
        db = session.database()
        person, _ = resolve_figure(db, q, first=first, case=case)
        found = window(find(db, person.id, every=every), limit, offset)
        return results.kills(session, person, found, style)

    return each_query(session, query, one, fmt)


def check_window(limit: int | None, offset: int | None) -> None:
    if (limit is not None and limit < 0) or (offset is not None and offset < 0):
        raise UsageError("--limit and --offset take a number of rows, 0 or more")


def window(rows, limit: int | None, offset: int | None):
    """`rows` from `offset` on, at most `limit` of them, as they come."""
    if not limit and not offset and limit != 0:
        return rows
    import itertools

    return itertools.islice(rows, offset or 0, None if limit is None else (offset or 0) + limit)


# Command name on the command line -> function (the table is options.LOOKUPS).
LOOKUPS = {
    "show": show,
    "figure": figure,
    "who-killed": who_killed,
    "org": org,
    "organisation": org,
    "kills": kills,
}


def search(
    session: Session, text: str, *, limit: int = 20, fmt: str, case=None, offset=None
) -> ExitCode:
    from casefile_cli.lookup import search_everything
    from casefile_cli.store.limits import SEARCH_TIMEOUT, QueryWatch

    check_window(limit, offset)
    db = session.database()
    stopped = f"search stopped after {SEARCH_TIMEOUT:g} s; try fewer or rarer words"
    with QueryWatch(db.connection, SEARCH_TIMEOUT, stopped) as watch, watch.running():
        hits = search_everything(db, text, limit=limit, case=case, offset=offset or 0)
    return results.search_hits(session, hits, fmt, offset or 0)


def casefiles(session: Session, *, fmt: str) -> ExitCode:
    return results.casefiles(session, session.database().casefile_summaries(), fmt)


def list_records(
    session: Session, kind: str, *, sort: str = "date", fmt: str, case=None, limit=None, offset=None
) -> ExitCode:
    check_window(limit, offset)
    if kind == "casefiles":
        return casefiles(session, fmt=fmt)
    if fmt == "plain":  # names only: no object per row
        chunks = session.database().list_name_chunks(kind, sort, case, limit=limit, offset=offset)
        return results.name_chunks(session, chunks, "the case files hold nothing of that kind")
    rows = session.database().list_records(kind, sort, case, limit=limit, offset=offset)
    return results.items(session, rows, fmt)


def timeline(
    session: Session,
    *,
    date_from: str | None,
    date_to: str | None,
    figure: str | None,
    organisation: str | None,
    kind: str | None,
    fmt: str,
    case: str | None = None,
    chart: bool = False,
    limit: int | None = None,
    offset: int | None = None,
) -> ExitCode:
    from casefile_cli.chronology import timeline as entries
    from casefile_cli.lookup import resolve_figure, resolve_organisation

    check_window(limit, offset)
    if chart:
        from casefile_cli.render.pictures import refuse_script_format

        refuse_script_format(fmt)
    db = session.database()
    figure_id = resolve_figure(db, figure, case=case)[0].id if figure else None
    organisation_id = (
        resolve_organisation(db, organisation, case=case)[0].id if organisation else None
    )
    found = window(
        entries(db, date_from, date_to, figure_id, organisation_id, kind, case), limit, offset
    )
    if chart:
        from casefile_cli.render.pictures import timeline_chart

        return timeline_chart(session, list(found))
    return results.timeline(session, found, fmt)


def on(session: Session, date: str, *, fmt: str, case=None) -> ExitCode:
    from casefile_cli.chronology import on as moment

    return results.moment(session, moment(session.database(), date, case), fmt)


def graph(
    session: Session, query: str, *, depth: int, fmt: str, first=False, case=None
) -> ExitCode:
    from casefile_cli.lookup import resolve_figure
    from casefile_cli.network import network

    db = session.database()
    person, _ = resolve_figure(db, query, first=first, case=case)
    if fmt == "tree":  # the card, or its text on a pipe
        fmt = session.resolve_format(None)
    if fmt in ("svg", "png"):
        from casefile_cli.render.pictures import network_picture

        return network_picture(session, network(db, person.id, depth), fmt)
    return results.graph(session, network(db, person.id, depth), fmt)


def chain(session: Session, start: str, end: str, *, fmt: str, first=False, case=None):
    from casefile_cli.network import linking_chain

    found = linking_chain(session.database(), start, end, first=first, case=case)
    return results.chain(session, *found, fmt)


def cascade(session: Session, *, fmt: str, case=None, limit=None, offset=None) -> ExitCode:
    from casefile_cli.network import cascade as entries

    check_window(limit, offset)
    found = entries(session.database(), case, with_ends=fmt != "plain")
    return results.cascade(session, window(found, limit, offset), fmt)


def contradictions(
    session: Session,
    query: str | None = None,
    *,
    fmt: str,
    case=None,
    first: bool = False,
    limit: int | None = None,
    offset: int | None = None,
) -> ExitCode:
    check_window(limit, offset)
    db = session.database()
    if query is None:
        found = db.contradictions(case)
    else:
        from casefile_cli.lookup import contradictions_about

        found = contradictions_about(db, query, first=first, case=case)
    return results.contradictions(session, list(window(found, limit, offset)), fmt)


def sql(session: Session, query: str, *, fmt: str, timeout=None, max_rows=None) -> ExitCode:
    from casefile_cli.store.admin import read_only_query

    path = session.database_path()
    with read_only_query(path, query, timeout=timeout, max_rows=max_rows) as (columns, rows):
        return results.sql_rows(session, columns, rows, fmt)


def schema(session: Session, *, fmt: str) -> ExitCode:
    from casefile_cli.store.admin import describe_schema

    return results.schema(session, describe_schema(session.database()), fmt)


def serve(session: Session, *, port: int | None = None) -> ExitCode:
    from casefile_cli.web import serve as run_datasette

    # The user's database is made current first (a package update rebuilds it).
    return run_datasette(session.database().path, port)


def import_casefile(
    session: Session,
    path: Path,
    *,
    replace: bool,
    strict: bool = False,
    check: bool = False,
    quiet: bool = False,
) -> ExitCode:
    """Into --db / $CASEFILE_DB if given, else into the user's database."""
    from casefile_cli.build import import_casefile as add
    from casefile_cli.imports import import_for_user
    from casefile_cli.store.connect import chosen_database

    chosen = chosen_database(session.db)
    if check:
        return _check_import(session, path, chosen, replace=replace, strict=strict)
    if chosen is None:
        target, counts = import_for_user(
            path, replace=replace, notify=session.notice, strict=strict
        )
    else:
        counts = add(path, chosen, replace=replace, notify=session.notice, strict=strict)
        target = chosen
    if quiet:
        return ExitCode.OK
    return results.build_report(session, target, counts, f"imported {path} into")


def _check_import(session: Session, path: Path, chosen, *, replace: bool, strict: bool):
    """`import --check`: every error and warning of the import, nothing written."""
    from pathlib import Path

    from casefile_cli.build import check_casefile, warn
    from casefile_cli.imports import user_reads
    from casefile_cli.render.safe import line

    database = Path(chosen) if chosen else user_reads()
    source, warnings = check_casefile(path, database, replace=replace, notify=session.notice)
    warn(warnings, strict=strict, notify=session.notice)
    found = f"{len(warnings)} probable duplicate{'s' if len(warnings) != 1 else ''}"
    session.line(line(f"case file {source.number} can be imported into {database}; {found}"))
    return ExitCode.OK


def remove_casefile(session: Session, number: str) -> ExitCode:
    """Take a case file out of --db / $CASEFILE_DB, else out of the user's imports."""
    from casefile_cli.build import remove_casefile as remove
    from casefile_cli.imports import remove_for_user
    from casefile_cli.store.connect import chosen_database

    chosen = chosen_database(session.db)
    if chosen is None:
        target = remove_for_user(number, notify=session.notice)
    else:
        target = chosen
        remove(number, chosen, notify=session.notice)
    session.notice(f"removed case file {number} from {target}")
    return ExitCode.OK


def db_build(session: Session, *, sources: Path | None, target: Path | None, quiet=False):
    from casefile_cli.build import build_database, default_paths

    default_sources, default_target = default_paths()
    target = target or session.database_path(default=default_target)
    counts = build_database(sources or default_sources, target, notify=session.notice)
    return ExitCode.OK if quiet else results.build_report(session, target, counts)


def db_path(session: Session) -> ExitCode:
    """The one file given by --db / $CASEFILE_DB; else every file in use,
    each as PATH<TAB>what it holds."""
    from casefile_cli.imports import files_in_use
    from casefile_cli.render.safe import line
    from casefile_cli.store.connect import chosen_database

    chosen = chosen_database(session.db)
    if chosen is not None:
        session.line(line(chosen))
        return ExitCode.OK
    for path, holds in files_in_use():
        session.line(line(path) + "\t" + line(holds))
    return ExitCode.OK


def db_check(session: Session, *, fmt: str) -> ExitCode:
    """SQLite's own checks plus ours; exit 5 on any problem."""
    from casefile_cli.store.admin import check_integrity

    db = session.database()
    return results.check_report(session, db.path, check_integrity(db.connection), db.counts(), fmt)
