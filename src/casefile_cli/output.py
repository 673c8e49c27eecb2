"""The edge between the core and the user: which database, which format, and
how errors become one stderr line and an exit code (in exactly one place).

Rich is imported only when a card or table is drawn for a terminal.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from casefile_cli.environment import Environment
from casefile_cli.errors import (
    AmbiguousError,
    CasefileError,
    ExitCode,
    NotFoundError,
    SourceError,
)
from casefile_cli.render import json as as_json

if TYPE_CHECKING:
    from pathlib import Path

_state: dict = {
    "db": None,
    "no_color": False,
    "debug": False,
    "env": None,
    "database": None,
    "batch_query": None,
}


def configure(*, db: Path | None, no_color: bool, debug: bool) -> None:
    _state.update(db=db, no_color=no_color, debug=debug, env=None, database=None)


def env() -> Environment:
    if _state["env"] is None:
        _state["env"] = Environment.detect(no_color=_state["no_color"])
    return _state["env"]


def database_path(default: Path | None = None) -> str | Path:
    from casefile_cli.store.connect import ENV_VAR, locate_database

    if default is not None and not _state["db"] and not os.environ.get(ENV_VAR):
        return default
    return locate_database(_state["db"])


def database():
    from casefile_cli.store.connect import open_database

    if _state["database"] is None:
        _state["database"] = open_database(database_path())
    return _state["database"]


def line(text: str) -> None:
    env().stdout.write(text + "\n")


FORMATS = ("card", "table", "text", "json", "jsonl", "csv", "tsv", "plain")


def resolve_format(fmt: str | None, json: bool = False, plain: bool = False) -> str:
    """--format wins, then --json, then --plain; by default a card or table on
    a terminal and undecorated text when piped."""
    if fmt:
        return fmt
    if json:
        return "json"
    if plain:
        return "plain"
    return "card" if env().stdout_isatty else "text"


def _content():
    # Card builders are imported only when a card is drawn: --json never needs them.
    from casefile_cli.render import content

    return content


def _card(card) -> None:
    environment = env()
    if environment.stdout_isatty:
        from casefile_cli.render.cards import render_card

        render_card(card, environment)
    else:
        from casefile_cli.render.plain import card_text

        environment.stdout.write(card_text(card, environment.width))


def emit(data, fmt: str, *, names: list[str], card=None, table=None) -> None:
    """Write one result. `data` is its JSON shape; `card` builds its card,
    `table` its (headers, rows) for list results."""
    from casefile_cli.render import formats

    if fmt in formats.SCRIPT_FORMATS:
        if _state.get("batch_query") is not None and isinstance(data, dict):
            data = {"query": _state["batch_query"], **data}
        formats.write(data, fmt, env().stdout, names)
    elif table is not None and (fmt == "table" or card is None):
        _rows(*table())
    elif card is not None:
        _card(card())
    else:  # pragma: no cover
        raise ValueError(fmt)


def record(value, match, query: str, fmt: str) -> None:
    data = as_json.record(value, match, query)
    emit(
        data,
        fmt,
        names=[data.get("name") or data.get("title")],
        card=lambda: _content().record_card(value),
    )


def who_killed(answer, match, query: str, fmt: str) -> ExitCode:
    emit(
        as_json.who_killed(answer, match, query),
        fmt,
        names=[k.name for a in answer.accounts for k in a.killed_by],
        card=lambda: _content().who_killed_card(answer),
    )
    return ExitCode.OK if answer.killed else ExitCode.NOT_FOUND


def _found(results, message: str) -> ExitCode:
    """An empty answer is exit 3, with a line on stderr saying so."""
    if results:
        return ExitCode.OK
    _error(message)
    return ExitCode.NOT_FOUND


def _rows(headers: list[str], rows: list[list[str]], title: str = "") -> None:
    environment = env()
    if environment.stdout_isatty:
        from rich import box
        from rich.table import Table
        from rich.text import Text

        from casefile_cli.render.cards import console_for

        table = Table(*headers, box=box.SIMPLE_HEAD, title=title or None, title_justify="left")
        for row in rows:
            table.add_row(*(Text(cell) for cell in row))
        console_for(environment).print(table)
    else:
        for row in rows:
            environment.stdout.write("\t".join(" ".join(c.split()) for c in row) + "\n")


def items(values, fmt: str) -> None:
    from casefile_cli.dates import format_edtf

    emit(
        [as_json.list_item(v) for v in values],
        fmt,
        names=[v.name for v in values],
        table=lambda: (
            ["date", "name", "kind", "id"],
            [[format_edtf(v.date), v.name, v.detail or "", v.id] for v in values],
        ),
    )


def search_hits(hits, fmt: str) -> ExitCode:
    emit(
        [as_json.search_hit(h) for h in hits],
        fmt,
        names=[h.name for h in hits],
        table=lambda: (
            ["kind", "name", "snippet", "score"],
            [[h.kind, h.name, h.snippet, f"{h.score:g}"] for h in hits],
        ),
    )
    return _found(hits, "nothing in the case files matches that text")


def timeline(entries, fmt: str) -> ExitCode:
    from casefile_cli.dates import format_edtf

    emit(
        [as_json.timeline_entry(e) for e in entries],
        fmt,
        names=[e.title for e in entries],
        table=lambda: (
            ["date", "what", "kind"],
            [[format_edtf(e.date), e.title, e.entry_kind] for e in entries],
        ),
    )
    return _found(entries, "nothing in the case files falls in that period")


def moment(value, fmt: str) -> None:
    emit(
        as_json.moment(value),
        fmt,
        names=[p.holder.name for _, holders in value.offices for p in holders],
        card=lambda: _content().moment_card(value),
    )


def kills(person, found, fmt: str) -> ExitCode:
    from casefile_cli.dates import format_edtf

    emit(
        {"figure": as_json.ref(person), "kills": [as_json.kill(k) for k in found]}
        if fmt == "json"
        else [as_json.kill(k) for k in found],
        fmt,
        names=[k.victim.name for k in found],
        table=lambda: (
            ["victim", "role", "date", "operation", "certainty"],
            [
                [
                    k.victim.name + (f" ({k.count:,})" if k.count else ""),
                    k.role.replace("_", " "),
                    format_edtf(k.date),
                    k.operation.name if k.operation else "",
                    _content().CERTAINTY_LABEL.get(k.certainty, k.certainty),
                ]
                for k in found
            ],
        ),
    )
    return _found(found, f"the case files name nobody killed by {person.name}")


def graph(value, fmt: str) -> None:
    from casefile_cli.render import graph as drawing

    out = env().stdout
    if fmt == "dot":
        out.write(drawing.dot(value.centre, value.nodes, list(value.edges)))
    elif fmt == "mermaid":
        out.write(drawing.mermaid(value.centre, value.nodes, list(value.edges)))
    else:
        emit(
            as_json.network(value),
            "json" if fmt == "jsonl" else fmt,
            names=[n.name for n in value.nodes],
            card=lambda: _content().network_card(value),
        )


def chain(links, start, end, fmt: str) -> None:
    data = {
        "from": as_json.ref(start),
        "to": as_json.ref(end),
        "links": [as_json.chain_link(e, f) for e, f in links],
    }
    names = [start.name] + [(e.target if f else e.source).name for e, f in links]
    emit(
        data if fmt == "json" else data["links"],
        fmt,
        names=names,
        card=lambda: _content().chain_card(links, start, end),
    )


def cascade(entries, fmt: str) -> None:
    emit(
        [as_json.cascade_entry(e) for e in entries],
        fmt,
        names=[e.figure.name for e in entries],
        card=lambda: _content().cascade_card(entries),
    )


def contradictions(values, fmt: str) -> None:
    emit(
        [as_json.contradiction(c) for c in values],
        fmt,
        names=[c.id for c in values],
        card=lambda: _content().contradictions_card(values),
    )


def finish(code: ExitCode | None) -> None:
    """End a command with its exit code (3 for an empty answer, and so on)."""
    if code:
        raise SystemExit(int(code))


def answer(query: str, one, fmt: str) -> None:
    """Answer one query, or with '-' each line of stdin in turn (JSON Lines for
    --json). The exit code is the worst of the answers."""
    if query != "-":
        finish(one(query, fmt))
        return
    if fmt == "json":
        fmt = "jsonl"
    worst = 0
    for line_ in sys.stdin:
        text = line_.rstrip("\n")
        if not text.strip():
            continue
        _state["batch_query"] = text
        try:
            code = one(text, fmt) or 0
        except CasefileError as error:
            code = int(error.exit_code)
            if fmt in ("jsonl", "json"):
                from casefile_cli.render import formats

                formats.write(
                    {"query": text, "match": None, "error": error.message, "exit_code": code},
                    "jsonl",
                    env().stdout,
                    [],
                )
            else:
                report_error(error)
        finally:
            _state["batch_query"] = None
        worst = max(worst, int(code))
    finish(worst)


def sql_rows(columns: list[str], rows: list[tuple], fmt: str) -> None:
    data = [dict(zip(columns, row, strict=True)) for row in rows]
    emit(
        data,
        fmt,
        names=[str(row[0]) if row else "" for row in rows],
        table=lambda: (columns, [["" if v is None else str(v) for v in row] for row in rows]),
    )


def schema(tables: list[dict], fmt: str) -> None:
    from casefile_cli.render.content import Card, Table

    def card():
        result = Card("casefile database schema", "schema")
        for table in tables:
            result.tables.append(
                Table(
                    f"{table['name']} ({table['type']}): {table['description']}",
                    ["column", "type"],
                    [[c["name"], c["type"]] for c in table["columns"]],
                )
            )
        return result

    emit(tables, fmt, names=[t["name"] for t in tables], card=card)


def build_report(target: Path, counts: dict[str, int]) -> None:
    summary = ", ".join(f"{n} {table}" for table, n in counts.items() if n)
    env().stderr.write(f"built {target}: {summary}\n")


def check_report(db, *, json: bool) -> None:
    """`db check`: SQLite's own checks plus ours; exit 5 on any problem."""
    from casefile_cli.store.admin import check_integrity

    problems = check_integrity(db.connection)
    counts = db.counts()
    if json:
        as_json.dump(
            {"path": str(db.path), "ok": not problems, "problems": problems, "counts": counts},
            env().stdout,
        )
    else:
        line(f"{db.path}: " + ("ok" if not problems else "; ".join(problems)))
        for table, n in counts.items():
            line(f"  {table}: {n}")
    if problems:
        raise SystemExit(ExitCode.DATABASE)


# -- errors ------------------------------------------------------------------


def _error(message: str) -> None:
    sys.stderr.write(f"casefile: {message}\n")


def _shorten(text: str, width: int) -> str:
    import textwrap

    return textwrap.shorten(text, width, placeholder="…")


def report_error(error: CasefileError) -> int:
    """One line (plus choices or suggestions where they help) on stderr."""
    if isinstance(error, SourceError):
        for problem in error.problems:
            _error(problem)
        return int(error.exit_code)
    _error(error.message)
    if isinstance(error, AmbiguousError):
        for m in error.candidates:
            detail = f" ({_shorten(m.detail, 70)})" if m.detail else ""
            sys.stderr.write(f"  {m.label}{detail}  [{m.kind} {m.record_id}]\n")
    if isinstance(error, NotFoundError) and error.suggestions:
        sys.stderr.write("  did you mean: " + "; ".join(error.suggestions) + "\n")
    if error.hint:
        sys.stderr.write(f"  hint: {error.hint}\n")
    return int(error.exit_code)


def _click_exceptions():
    try:
        from typer._click import exceptions
    except ImportError:  # pragma: no cover - typer with an external click
        from click import exceptions
    return exceptions


def run(app, args: list[str] | None = None) -> None:
    """Run the Typer app; map every outcome to a documented exit code."""
    exceptions = _click_exceptions()
    guarded(lambda: app(args=args, prog_name="casefile", standalone_mode=False), exceptions)


def guarded(call, exceptions=None) -> None:
    """Call `call` and exit with its documented code, whatever happens: the
    one place where errors become a stderr line, and bugs exit 1."""
    exit_type = (exceptions.Exit,) if exceptions else ()
    abort_type = (exceptions.Abort,) if exceptions else ()
    usage_type = (exceptions.UsageError,) if exceptions else ()
    no_args = getattr(exceptions, "NoArgsIsHelpError", None) if exceptions else None
    help_type = (no_args,) if no_args else ()
    click_type = (exceptions.ClickException,) if exceptions else ()
    for stream in (sys.stdout, sys.stderr):
        # A name the terminal's encoding cannot show becomes '?', not a crash.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    code = 0
    try:
        result = call()
        code = result if isinstance(result, int) else 0
    except CasefileError as error:
        code = report_error(error)
    except exit_type as done:
        code = done.exit_code
    except abort_type:
        code = ExitCode.INTERRUPTED
    except help_type as error:
        # `casefile` or `casefile db` alone asks for help; it is not a mistake.
        sys.stdout.write(error.ctx.get_help() + "\n")
        code = ExitCode.OK
    except usage_type as error:
        hint = f" (see '{error.ctx.command_path} --help')" if error.ctx else ""
        message = " ".join(error.format_message().split())  # one line, always
        _error(f"{message}{hint}")
        code = ExitCode.USAGE
    except click_type as error:
        _error(error.format_message())
        code = ExitCode.USAGE
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        code = ExitCode.INTERRUPTED
    except BrokenPipeError:
        code = _broken_pipe()
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else 0
    except Exception as error:  # noqa: BLE001 - the one place a bug becomes exit 1
        if _state["debug"]:
            raise
        _error(f"internal error: {type(error).__name__}: {error} (rerun with --debug for details)")
        code = ExitCode.INTERNAL_ERROR
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        code = _broken_pipe()
    raise SystemExit(int(code))


def _broken_pipe() -> int:
    # The reader (head, less) has gone: stop quietly, as Unix tools do.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 0
