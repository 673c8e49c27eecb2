"""The edge between the core and the user: which database, which format, and
how errors become one stderr line and an exit code (in exactly one place).

Rich is imported only when a card or table is drawn for a terminal.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from casefile_cli.environment import Environment
from casefile_cli.errors import (
    AmbiguousError,
    CasefileError,
    ExitCode,
    NotFoundError,
    SourceError,
)
from casefile_cli.render import json as as_json

_state: dict = {"db": None, "no_color": False, "debug": False, "env": None, "database": None}


def configure(*, db: Path | None, no_color: bool, debug: bool) -> None:
    _state.update(db=db, no_color=no_color, debug=debug, env=None, database=None)


def env() -> Environment:
    if _state["env"] is None:
        _state["env"] = Environment.detect(no_color=_state["no_color"])
    return _state["env"]


def database_path(default: Path | None = None) -> Path:
    from casefile_cli.storage import ENV_VAR, locate_database

    if default is not None and not _state["db"] and not os.environ.get(ENV_VAR):
        return default
    return locate_database(_state["db"])


def database():
    from casefile_cli.storage import open_database

    if _state["database"] is None:
        _state["database"] = open_database(database_path())
    return _state["database"]


def line(text: str) -> None:
    env().stdout.write(text + "\n")


def _card(card) -> None:
    environment = env()
    if environment.stdout_isatty:
        from casefile_cli.render.cards import render_card

        render_card(card, environment)
    else:
        from casefile_cli.render.plain import card_text

        environment.stdout.write(card_text(card, environment.width))


def record(value, match, query: str, *, json: bool) -> None:
    if json:
        as_json.dump(as_json.record(value, match, query), env().stdout)
        return
    from casefile_cli.render.content import record_card

    _card(record_card(value))


def who_killed(answer, match, query: str, *, json: bool) -> None:
    if json:
        as_json.dump(as_json.who_killed(answer, match, query), env().stdout)
    else:
        from casefile_cli.render.content import who_killed_card

        _card(who_killed_card(answer))
    if not answer.killed:
        raise SystemExit(ExitCode.NOT_FOUND)


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
            environment.stdout.write("\t".join(row) + "\n")


def items(values, *, json: bool) -> None:
    if json:
        as_json.dump([as_json.list_item(v) for v in values], env().stdout)
        return
    from casefile_cli.dates import format_edtf

    _rows(
        ["date", "name", "kind", "id"],
        [[format_edtf(v.date), v.name, v.detail or "", v.id] for v in values],
    )


def search_hits(hits, *, json: bool) -> None:
    if json:
        as_json.dump([as_json.search_hit(h) for h in hits], env().stdout)
        return
    if not hits:
        raise NotFoundError("nothing found")
    _rows(
        ["kind", "name", "snippet", "score"],
        [[h.kind, h.name, h.snippet, f"{h.score:g}"] for h in hits],
    )


def timeline(entries, *, json: bool) -> None:
    if json:
        as_json.dump([as_json.timeline_entry(e) for e in entries], env().stdout)
        return
    if not entries:
        raise NotFoundError("nothing in the case file falls in that period")
    from casefile_cli.dates import format_edtf

    _rows(["date", "what", "kind"], [[format_edtf(e.date), e.title, e.entry_kind] for e in entries])


def moment(value, *, json: bool) -> None:
    if json:
        as_json.dump(as_json.moment(value), env().stdout)
        return
    from casefile_cli.dates import format_edtf
    from casefile_cli.render.content import Card, Table

    card = Card(f"On {format_edtf(value.date.text)}", "on")
    for label, holders in value.offices:
        names = "; ".join(
            f"{p.holder.name} ({p.title}, {format_edtf(p.date_from) or '?'}"
            f" – {format_edtf(p.date_to) or '?'})"
            for p in holders
        )
        card.fields.append((label, names))
    if value.happened:
        card.tables.append(
            Table(
                "What happened",
                ["date", "what"],
                [[format_edtf(e.date), e.title] for e in value.happened],
            )
        )
    if value.under_way:
        card.tables.append(
            Table(
                "Under way",
                ["dates", "operation"],
                [[format_edtf(e.date), e.title] for e in value.under_way],
            )
        )
    if not (value.happened or value.under_way or value.offices):
        card.blocks.append(("", "The case file records nothing for this date."))
    _card(card)


def kills(person, found, *, json: bool) -> None:
    if json:
        as_json.dump(
            {"figure": as_json.ref(person), "kills": [as_json.kill(k) for k in found]}, env().stdout
        )
        return
    if not found:
        raise NotFoundError(f"the case file names nobody killed by {person.name}")
    from casefile_cli.dates import format_edtf
    from casefile_cli.render.content import CERTAINTY_LABEL

    _rows(
        ["victim", "role", "date", "operation", "certainty"],
        [
            [
                k.victim.name + (f" ({k.count:,})" if k.count else ""),
                k.role.replace("_", " "),
                format_edtf(k.date),
                k.operation.name if k.operation else "",
                CERTAINTY_LABEL.get(k.certainty, k.certainty),
            ]
            for k in found
        ],
    )


def graph(value, fmt: str) -> None:
    from casefile_cli.render import graph as drawing

    out = env().stdout
    if fmt == "json":
        as_json.dump(as_json.network(value), out)
    elif fmt == "dot":
        out.write(drawing.dot(value.centre, value.nodes, list(value.edges)))
    elif fmt == "mermaid":
        out.write(drawing.mermaid(value.centre, value.nodes, list(value.edges)))
    else:
        from casefile_cli.render.content import Card

        card = Card(value.centre.name, "network")
        for heading, lines in drawing.tree_lines(value.centre, list(value.edges)):
            card.blocks.append((heading, "\n".join(f"- {line}" for line in lines)))
        _card(card)


def chain(links, start, end, *, json: bool) -> None:
    if json:
        as_json.dump(
            {
                "from": as_json.ref(start),
                "to": as_json.ref(end),
                "links": [as_json.chain_link(e, f) for e, f in links],
            },
            env().stdout,
        )
        return
    from casefile_cli.render.content import Card

    card = Card(f"From {start.name} to {end.name}", "chain")
    lines = []
    for edge, forward in links:
        relation = edge.relation.replace("_", " ")
        text = (
            f"{edge.source.name} {relation} {edge.target.name}"
            if forward
            else f"{edge.target.name} ← {relation} ← {edge.source.name}"
        )
        if edge.operation:
            text += f" ({edge.operation.name})"
        if edge.certainty != "stated":
            text += f" [{edge.certainty}]"
        lines.append(text)
    card.blocks.append(
        (f"{len(links)} links", "\n".join(f"{i}. {t}" for i, t in enumerate(lines, 1)))
    )
    _card(card)


def cascade(entries, *, json: bool) -> None:
    if json:
        as_json.dump([as_json.cascade_entry(e) for e in entries], env().stdout)
        return
    from casefile_cli.render.content import Card, describe_fate

    card = Card("The Boss forgets nothing: executioners who became victims", "cascade")
    for entry in entries:
        did = "; ".join(f"{op.name} ({role.replace('_', ' ')})" for role, op, _ in entry.deeds)
        card.blocks.append((entry.figure.name, f"did: {did}\nend: {describe_fate(entry.end)}"))
    _card(card)


def contradictions(values, *, json: bool) -> None:
    if json:
        as_json.dump([as_json.contradiction(c) for c in values], env().stdout)
        return
    from casefile_cli.render.content import Card

    card = Card("Where the case file disagrees with itself", "contradictions")
    for c in values:
        claims = "\n".join(f"- {says} ({section.label})" for says, section in c.claims)
        note = f"\n{c.note}" if c.note else ""
        card.blocks.append((f"{c.kind}: {c.id}", claims + note))
    _card(card)


def build_report(target: Path, counts: dict[str, int]) -> None:
    summary = ", ".join(f"{n} {table}" for table, n in counts.items() if n)
    env().stderr.write(f"built {target}: {summary}\n")


def check_report(db, *, json: bool) -> None:
    from casefile_cli.storage import check_integrity

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


def report_error(error: CasefileError) -> int:
    """One line (plus choices or suggestions where they help) on stderr."""
    if isinstance(error, SourceError):
        for problem in error.problems:
            _error(problem)
        return int(error.exit_code)
    _error(error.message)
    if isinstance(error, AmbiguousError):
        for m in error.candidates:
            detail = f" ({m.detail})" if m.detail else ""
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
    code = 0
    try:
        result = app(args=args, prog_name="casefile", standalone_mode=False)
        code = result if isinstance(result, int) else 0
    except CasefileError as error:
        code = report_error(error)
    except exceptions.Exit as done:
        code = done.exit_code
    except exceptions.Abort:
        code = ExitCode.INTERRUPTED
    except exceptions.UsageError as error:
        hint = f" (see 'casefile {error.ctx.info_name} --help')" if error.ctx else ""
        if error.ctx and error.ctx.parent:
            hint = f" (see '{error.ctx.command_path} --help')"
        _error(f"{error.format_message()}{hint}")
        code = ExitCode.USAGE
    except exceptions.ClickException as error:
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
