"""Rich cards for the terminal.

Every string from the database goes in as a `Text` object, never as markup, so
a name containing "[bold]" or ":skull:" prints as written.
"""

from __future__ import annotations

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from casefile_cli.environment import Environment
from casefile_cli.render.content import Card

CERTAINTY_STYLE = {
    "stated": "green",
    "official version": "yellow",
    "alleged": "magenta",
    "disputed": "red",
}


class _Console(Console):
    def on_broken_pipe(self) -> None:
        # The reader (head, a pager) has gone: rich would exit 1; the error
        # boundary stops quietly with 0, as Unix tools do.
        self.quiet = True
        raise BrokenPipeError


def console_for(env: Environment, stderr: bool = False) -> Console:
    return _Console(
        file=env.stderr if stderr else env.stdout,
        width=env.width,
        color_system="auto" if env.color else None,
        no_color=not env.color,
        emoji=False,
        markup=False,
        highlight=False,
        force_terminal=env.color or None,
    )


# A card is no wider than this on a wide terminal: long lines are hard to read.
MAX_CARD_WIDTH = 100
# A word longer than this may be folded (a URL, say); shorter ones never are.
LONGEST_WORD = 24


def _longest_word(texts) -> int:
    return min(LONGEST_WORD, max((cell_len(w) for t in texts for w in t.split()), default=1))


def fitted_table(headers, rows, width: int, title: str = "", pad_edge: bool = False, whole=()):
    """A table whose columns are never narrower than their longest word, so
    nothing is cut mid-word, and the `whole` columns (names, ids) on one line
    where that fits; where even the words do not fit in `width`, the rows
    are stacked instead, one 'header: value' line each."""
    headers = list(headers)
    columns = [[headers[i], *(row[i] for row in rows)] for i in range(len(headers))]
    minimums = [_longest_word(column) for column in columns]
    padding = 3 * len(headers) + 1  # cell padding, separators and edges
    if sum(minimums) + padding > width:
        return _stacked(headers, rows, title)
    for i, header in enumerate(headers):
        if header in whole:
            most = max(cell_len(cell) for cell in columns[i])
            if sum(minimums) - minimums[i] + most + padding <= width:
                minimums[i] = most
    shown = Table(
        title=Text(title, style="bold") if title else None,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_header=any(headers),
        expand=False,
        pad_edge=pad_edge,
    )
    longest = [max(cell_len(cell) for cell in column) for column in columns]
    for header, minimum, most in zip(headers, minimums, longest, strict=True):
        # A column as wide as its longest cell must not wrap: rich would
        # otherwise narrow it below its minimum and crop the line.
        shown.add_column(Text(header), overflow="fold", min_width=minimum, no_wrap=minimum >= most)
    for row in rows:
        shown.add_row(*(Text(cell, style=CERTAINTY_STYLE.get(cell, "")) for cell in row))
    return shown


def _stacked(headers: list[str], rows, title: str) -> Group:
    parts = [Text(title, style="bold")] if title else []
    for row in rows:
        cells = [(h, c) for h, c in zip(headers, row, strict=True) if c]
        if not cells:
            continue
        parts.append(Text(cells[0][1], style="bold"))
        for header, cell in cells[1:]:
            line = Text(f"{header}: " if header else "", style="dim")
            line.append(cell, style=CERTAINTY_STYLE.get(cell, ""))
            parts.append(Padding(line, (0, 0, 0, 2)))
    return Group(*parts)


def _table(table, env: Environment):
    # pad_edge: without it rich can make the columns one cell wider than the
    # panel when minimum widths are set, and the last letter is cropped.
    width = _card_width(env) - 4
    return fitted_table(table.headers, table.rows, width, table.title, pad_edge=True)


def _card_width(env: Environment) -> int:
    return min(env.width, MAX_CARD_WIDTH)


def render_card(card: Card, env: Environment) -> None:
    parts = []
    if card.subtitle:
        parts.append(Text(card.subtitle, style="italic"))
    if card.fields:
        fields = Table.grid(padding=(0, 1))
        fields.add_column(style="bold cyan", no_wrap=True)
        fields.add_column(overflow="fold")
        for label, value in card.fields:
            fields.add_row(Text(label), Text(value))
        parts.append(fields)
    for heading, paragraph in card.lead:
        if heading:
            parts.append(Text(heading, style="bold"))
        parts.append(Text(paragraph))
    for table in card.tables:
        parts.append(_table(table, env))
    for heading, paragraph in card.blocks:
        if heading:
            parts.append(Text(heading, style="bold"))
        parts.append(Text(paragraph))
    for text, who in card.quotes:
        quote = Text("“", style="dim")
        quote.append(text, style="italic")
        quote.append("” — ", style="dim")
        quote.append(who)
        parts.append(quote)
    if card.source:
        parts.append(Text("source: " + card.source, style="dim"))
    if card.see_also:
        see = Text("see also: ", style="dim")
        see.append("  ·  ".join(card.see_also), style="cyan")
        parts.append(see)
    spaced = []
    for part in parts:
        spaced += [part, Text("")]
    panel = Panel(
        Group(*spaced[:-1]),
        title=Text(card.title, style="bold"),
        title_align="left",
        subtitle=Text(card.kind, style="dim"),
        subtitle_align="right",
        box=box.ROUNDED,
        padding=(0, 1),
        width=_card_width(env),
    )
    console_for(env).print(panel)
