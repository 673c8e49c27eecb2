"""Format dispatch: one result, in the format asked for.

Script formats (json, jsonl, csv, tsv, plain) come from the result's JSON
shape; card and table are drawn with rich on a terminal and as undecorated
text on a pipe. Rich is imported only when something is drawn for a terminal.
"""

from __future__ import annotations

import itertools

from casefile_cli.render import safe
from casefile_cli.render.formats import SCRIPT_FORMATS, write

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from casefile_cli.session import Session


def emit(
    session: Session,
    data,
    fmt: str,
    *,
    names: list[str],
    card: Callable | None = None,
    table: Callable | None = None,
    explode: tuple[str, str] | None = None,
) -> None:
    """Write one result. `data` is its JSON shape, `names` its plain lines;
    `card` builds its card, `table` its (headers, rows) for list results;
    `explode` = (list field, column prefix) gives csv/tsv one row per item."""
    if fmt in SCRIPT_FORMATS:
        if session.batch_query is not None and isinstance(data, dict):
            data = {"query": session.batch_query, **data}
        write(data, fmt, session.env.stdout, names, explode)
    elif table is not None and (fmt == "table" or card is None):
        rows(session, *table())
    elif card is not None:
        draw_card(session, card())
    else:  # pragma: no cover
        raise ValueError(fmt)


def draw_card(session: Session, card) -> None:
    env = session.env
    card = safe.card(card)
    if env.drawn:
        from casefile_cli.render.cards import render_card

        render_card(card, env)
    else:
        from casefile_cli.render.plain import card_text

        env.stdout.write(card_text(card, env.width))


# A terminal table is drawn a page of rows at a time, so the first screen
# shows at once however many rows follow.
TABLE_PAGE = 100


def rows(session: Session, headers: list[str], cells: Iterable[list[str]], title: str = "") -> int:
    """A table, drawn or written as its rows come; returns how many there were."""
    env = session.env
    count = 0
    if env.drawn:
        page: list[list[str]] = []
        drawn = False
        for row in cells:
            page.append(row)
            count += 1
            if len(page) == TABLE_PAGE:
                _draw_table(session, headers, page, title)
                page, title, drawn = [], "", True
        if page or not drawn:
            _draw_table(session, headers, page, title)
    else:
        # The header is kept on a pipe, so `| column -t` or a script knows the columns.
        for row in itertools.chain([headers], cells):
            env.stdout.write("\t".join(" ".join(safe.line(c).split()) for c in row) + "\n")
            count += 1
        count -= 1  # the header
    return count


def _draw_table(session: Session, headers: list[str], cells: list[list[str]], title: str) -> None:
    from casefile_cli.render.cards import console_for, fitted_table

    env = session.env
    table = fitted_table(
        [safe.line(h) for h in headers],
        [[safe.line(cell) for cell in row] for row in cells],
        env.width,
        safe.line(title),
        pad_edge=True,
        whole=("name", "id"),
    )
    console_for(env).print(table)
