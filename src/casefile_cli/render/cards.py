"""Rich cards for the terminal.

Every string from the database goes in as a `Text` object, never as markup, so
a name containing "[bold]" or ":skull:" prints as written.
"""

from __future__ import annotations

from rich import box
from rich.console import Console, Group
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


def _table(table, env: Environment) -> Table:
    shown = Table(
        title=Text(table.title, style="bold"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_header=any(table.headers),
        expand=False,
        pad_edge=False,
    )
    for header in table.headers:
        shown.add_column(Text(header), overflow="fold")
    for row in table.rows:
        cells = [Text(cell, style=CERTAINTY_STYLE.get(cell, "")) for cell in row]
        shown.add_row(*cells)
    return shown


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
    )
    console_for(env).print(panel)
