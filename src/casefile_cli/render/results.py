"""One presenter per kind of result: its JSON shape, its plain names, and how
to build its card or table, handed to `emit`.

Every presenter returns an `ExitCode`: OK, or NOT_FOUND for an empty answer
(with a line on stderr saying so), which the command passes to the boundary.
"""

from __future__ import annotations

import itertools

from casefile_cli.boundary import error_line
from casefile_cli.errors import ExitCode
from casefile_cli.render import json as as_json
from casefile_cli.render import safe
from casefile_cli.render.emit import emit

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing

if TYPE_CHECKING:
    from collections.abc import Iterable

    from casefile_cli.session import Session


def _content():
    # Card builders are imported only when a card is drawn: --json never needs them.
    from casefile_cli.render import content

    return content


def _found(session: Session, results, message: str) -> ExitCode:
    """An empty answer is exit 3, with a line on stderr saying so."""
    if results:
        return ExitCode.OK
    error_line(session.env, message)
    return ExitCode.NOT_FOUND


def record(session: Session, value, match, query: str, fmt: str) -> ExitCode:
    data = as_json.record(value, match, query)
    emit(
        session,
        data,
        fmt,
        names=[data.get("name") or data.get("title")],
        card=lambda: _card(value, match),
    )
    return ExitCode.OK


def _card(value, match):
    card = _content().record_card(value)
    if match is not None and match.form_kind == "text":
        card = _content().found_in_text(card, match.matched)
    return card


def who_killed(session: Session, answer, match, query: str, fmt: str) -> ExitCode:
    emit(
        session,
        as_json.who_killed(answer, match, query),
        fmt,
        # Each killer once, though several accounts (or case files) name them.
        names=list(dict.fromkeys(k.name for a in answer.accounts for k in a.killed_by)),
        card=lambda: _content().who_killed_card(answer),
        explode=("accounts", "account"),
    )
    # Not killed, by the case file's account: an answer, but not a killing.
    return ExitCode.OK if answer.killed else ExitCode.NOT_FOUND


def _listing(session: Session, values, fmt: str, shape, name, table, empty: str | None) -> ExitCode:
    """A list result: each value's JSON `shape`, its `name`, its `table` row
    (headers and a row builder); none at all is `empty`, said on stderr
    (with None, an empty list is an answer too)."""
    headers, cells = table
    emit(
        session,
        [shape(v) for v in values],
        fmt,
        names=[name(v) for v in values],
        table=lambda: (headers, [cells(v) for v in values]),
    )
    return ExitCode.OK if empty is None else _found(session, values, empty)


# The list table's headers by kind: a figure's date and detail are its fate's.
LIST_HEADERS = {
    "figure": ["fate date", "name", "fate", "id"],
    "organisation": ["from", "name", "full name", "id"],
}


def _streamed_listing(
    session: Session, values, fmt: str, shape, name, table, empty: str | None, columns=None
) -> ExitCode:
    """`_listing` for values that come as an iterator, never held: each is
    written as it comes, its JSON shape built only for the formats that show it."""
    from casefile_cli.render.emit import rows
    from casefile_cli.render.formats import SCRIPT_FORMATS, Batched, write_stream

    headers, cells = table
    out = session.env.stdout
    if fmt == "plain":  # the plain path builds no JSON shapes it never shows
        count, batched = 0, Batched(out)
        try:
            for value in values:
                batched.write(" ".join(safe.line(name(value)).split()) + "\n")
                count += 1
        finally:
            batched.close()
    elif fmt in SCRIPT_FORMATS:
        count = write_stream((shape(v) for v in values), fmt, out, columns, str)
    else:
        count = rows(session, headers, (cells(v) for v in values))
    return ExitCode.OK if empty is None else _found(session, count, empty)


def items(session: Session, values, fmt: str) -> ExitCode:
    from casefile_cli.dates import format_edtf

    values = iter(values)
    first = next(values, None)  # its kind heads the table
    kind = first.kind if first is not None else ""
    values = itertools.chain([first] if first is not None else [], values)
    return _streamed_listing(
        session,
        values,
        fmt,
        as_json.list_item,
        lambda v: v.name,
        (
            LIST_HEADERS.get(kind, ["date", "name", "kind", "id"]),
            lambda v: [
                format_edtf(v.date),
                v.name,
                (v.detail or "").replace("-", " ") if kind == "figure" else v.detail or "",
                v.id,
            ],
        ),
        "the case files hold nothing of that kind",
    )


def names(session: Session, values: Iterable[str], empty: str) -> ExitCode:
    """One safe line per name, as they come, written a chunk of lines at a time."""
    values = iter(values)
    return name_chunks(session, iter(lambda: list(itertools.islice(values, 2048)), []), empty)


def name_chunks(session: Session, chunks: Iterable[list[str]], empty: str) -> ExitCode:
    """`names` for names that come a list at a time: each list one write."""
    out, count = session.env.stdout, 0
    for chunk in chunks:
        out.write(safe.plain_lines(chunk))
        count += len(chunk)
    return _found(session, count, empty)


def casefiles(session: Session, values: list[dict], fmt: str) -> ExitCode:
    """`casefile casefiles`: one row per case file (the JSON is the dicts as they are)."""

    def origin(v: dict) -> str:
        if v["imported_from"]:
            return f"imported from {v['imported_from']}"
        return "built from sources (packaged)"

    def records(v: dict) -> str:
        linked = f", {v['linked']} linked by same_as" if v["linked"] else ""
        return ", ".join(f"{n} {kind}" for kind, n in v["counts"].items()) + linked

    def row(v: dict) -> list[str]:
        return [v["number"], v["title"], records(v), origin(v)]

    table = (["number", "title", "records", "from"], row)
    return _listing(session, values, fmt, lambda v: v, lambda v: v["number"], table, None)


def search_hits(session: Session, hits, fmt: str, offset: int = 0) -> ExitCode:
    headers = ["kind", "name", "snippet", "score"]
    table = (headers, lambda h: [h.kind, h.name, h.snippet, f"{h.score:g}"])
    empty = "nothing in the case files matches that text"
    if offset:
        empty = f"no hits past --offset {offset}"
    return _listing(session, hits, fmt, as_json.search_hit, lambda h: h.name, table, empty)


def timeline(session: Session, entries, fmt: str) -> ExitCode:
    from casefile_cli.dates import format_edtf

    table = (["date", "what", "kind"], lambda e: [format_edtf(e.date), e.title, e.entry_kind])
    empty = "nothing in the case files falls in that period"
    return _streamed_listing(
        session,
        entries,
        fmt,
        as_json.timeline_entry,
        lambda e: e.title,
        table,
        empty,
        columns=TIMELINE_COLUMNS,
    )


# A timeline entry's JSON keys, in order: the CSV/TSV header whatever the first row.
TIMELINE_COLUMNS = [
    "kind",
    "id",
    "date",
    "entry_kind",
    "title",
    "certainty",
    "operation_id",
    "source",
    "from_bounds",
    "to_bounds",
    "attested",
    "casefile",
]


def moment(session: Session, value, fmt: str) -> ExitCode:
    emit(
        session,
        as_json.moment(value),
        fmt,
        names=[p.holder.name for s in value.offices if s.status == "held" for p in s.holders],
        card=lambda: _content().moment_card(value),
    )
    found = value.happened or value.under_way or value.offices
    return _found(session, found, "the case files record nothing for that date")


def _kill_cells(k) -> list[str]:
    from casefile_cli.dates import format_edtf

    return [
        k.victim.name + (f" ({k.count:,})" if k.count else ""),
        _content().kill_part(k),
        format_edtf(k.date),
        k.operation.name if k.operation else "",
        _content().CERTAINTY_LABEL.get(k.certainty, k.certainty),
    ]


KILL_HEADERS = ["victim", "role", "date", "operation", "certainty"]


def kills(session: Session, person, found, fmt: str) -> ExitCode:
    """Written as the kills come, in every format: JSON as the object
    {"figure", "kills"} with its list streamed, the others one row each."""
    from casefile_cli.render.formats import write_object_stream

    empty = f"the case files name nobody killed by {person.name}"
    if fmt == "json":
        rows = (as_json.kill(k) for k in found)
        head = {"figure": as_json.ref(person)}
        count = write_object_stream(head, "kills", rows, session.env.stdout)
        return _found(session, count, empty)
    name = lambda k: k.victim.name  # noqa: E731
    table = (KILL_HEADERS, _kill_cells)
    return _streamed_listing(session, found, fmt, as_json.kill, name, table, empty)


def graph(session: Session, value, fmt: str) -> ExitCode:
    """A card, a picture (dot, mermaid), the whole network (json), or one row
    per edge for the other script formats."""
    from casefile_cli.render import graph as drawing

    if fmt in ("dot", "mermaid"):
        draw = drawing.dot if fmt == "dot" else drawing.mermaid
        session.env.stdout.write(draw(value.centre, value.nodes, list(value.edges)))
        return ExitCode.OK
    edges = [as_json.chain_link(e, True) for e in value.edges]
    emit(
        session,
        as_json.network(value) if fmt == "json" else edges,
        fmt,
        names=[n.name for n in value.nodes],
        card=lambda: _content().network_card(value),
    )
    return ExitCode.OK


def chain(session: Session, links, start, end, fmt: str) -> ExitCode:
    data = {
        "from": as_json.ref(start),
        "to": as_json.ref(end),
        "links": [as_json.chain_link(e, f) for e, f in links],
    }
    names = [start.name] + [(e.target if f else e.source).name for e, f in links]
    emit(
        session,
        data if fmt == "json" else data["links"],
        fmt,
        names=names,
        card=lambda: _content().chain_card(links, start, end),
    )
    return ExitCode.OK


def _card_list(session: Session, values, fmt: str, shape, name, card: str, empty: str) -> ExitCode:
    """A list drawn as one card: each value's JSON `shape` and `name`, and the
    card builder of that name in render/content.py; none at all is `empty`."""
    emit(
        session,
        [shape(v) for v in values],
        fmt,
        names=[name(v) for v in values],
        card=lambda: getattr(_content(), card)(values),
    )
    return _found(session, values, empty)


def cascade(session: Session, entries, fmt: str) -> ExitCode:
    """Script formats are written as the entries come; the card holds them all."""
    from casefile_cli.render.formats import SCRIPT_FORMATS

    empty = "the case files show no executioner who became a victim"
    shape, name = as_json.cascade_entry, lambda e: e.figure.name
    if fmt in SCRIPT_FORMATS:
        return _streamed_listing(session, entries, fmt, shape, name, ((), None), empty)
    return _card_list(session, list(entries), fmt, shape, name, "cascade_card", empty)


def contradictions(session: Session, values, fmt: str) -> ExitCode:
    empty = "the case files record no contradictions"
    shape, name = as_json.contradiction, lambda c: c.id
    return _card_list(session, values, fmt, shape, name, "contradictions_card", empty)


def sql_rows(session: Session, columns: list[str], rows: Iterable[tuple], fmt: str) -> ExitCode:
    """Rows are written as SQLite gives them, one held at a time, in every format."""
    from casefile_cli.render.emit import rows as table_rows
    from casefile_cli.render.formats import SCRIPT_FORMATS, write_stream

    out = session.env.stdout
    if fmt == "plain":  # each row's first value, one line each
        from casefile_cli.render.formats import Batched

        batched = Batched(out)
        try:
            for row in rows:
                batched.write(" ".join(safe.line(str(row[0]) if row else "").split()) + "\n")
        finally:
            batched.close()
    elif fmt in SCRIPT_FORMATS:
        dicts = (dict(zip(columns, row, strict=True)) for row in rows)
        keys = list(dict.fromkeys(columns))  # a repeated column name is one key, as in JSON
        write_stream(dicts, fmt, out, keys, str)
    else:
        table_rows(session, columns, (["" if v is None else str(v) for v in row] for row in rows))
    return ExitCode.OK


def schema(session: Session, tables: list[dict], fmt: str) -> ExitCode:
    def card():
        from casefile_cli.render.content import Card, Table

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

    emit(session, tables, fmt, names=[t["name"] for t in tables], card=card)
    return ExitCode.OK


def build_report(session: Session, target, counts: dict[str, int], done: str = "built") -> ExitCode:
    """What the database written now holds, on stderr: `done` says how it was written."""
    summary = ", ".join(f"{n} {table}" for table, n in counts.items() if n)
    session.env.stderr.write(safe.line(f"{done} {target}; it holds {summary}") + "\n")
    return ExitCode.OK


def check_report(session: Session, path, problems: list[str], counts: dict, fmt: str) -> ExitCode:
    """`db check`: ok or the problems, then the counts; exit 5 on any problem.
    csv and tsv give one row per table; plain, the problems one per line."""
    data = {"path": str(path), "ok": not problems, "problems": problems, "counts": counts}
    if fmt in ("csv", "tsv"):
        emit(session, [{"table": t, "count": n} for t, n in counts.items()], fmt, names=[])
    elif fmt in ("json", "jsonl", "plain"):
        emit(session, data, fmt, names=problems)
    else:
        session.line(safe.line(f"{path}: " + ("ok" if not problems else "; ".join(problems))))
        for table, n in counts.items():
            session.line(safe.line(f"  {table}: {n}"))
    return ExitCode.DATABASE if problems else ExitCode.OK
