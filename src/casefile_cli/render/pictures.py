"""The pictures on the command line: `graph --format svg|png` and the bar
charts of `org --chart` and `timeline --chart`.

The drawing is done in render/svg.py and render/chart.py; this module picks
what goes into a picture and where it is written. A chart is drawn with rich
on a terminal and as plain text (ASCII) when piped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from casefile_cli.errors import ExitCode, UsageError
from casefile_cli.render.formats import SCRIPT_FORMATS

if TYPE_CHECKING:
    from casefile_cli.session import Session

# The org JSON lists deputies among the heads; a chart of heads keeps the heads.
HEAD_TITLES = ("head of", "nkvd chief")


def refuse_script_format(fmt: str) -> None:
    if fmt in SCRIPT_FORMATS:
        raise UsageError(
            f"--chart draws bars; it cannot be written as {fmt}",
            hint="leave out --chart for the records, or --format for the chart",
        )


def is_head(title: str) -> bool:
    words = title.casefold()
    return "deputy" not in words and (words.startswith("head of") or "nkvd chief" in words)


def head_rows(organisation) -> list:
    """One row per head's tenure (all the heads listed if none is titled a head)."""
    from casefile_cli.render.chart import tenure_row

    heads = [p for p in organisation.heads if is_head(p.title)] or list(organisation.heads)
    return [tenure_row(p.holder.name, p.date_from, p.date_to, p.certainty) for p in heads]


def timeline_rows(entries) -> list:
    from casefile_cli.render.chart import event_row

    return [event_row(e.title, e.date, e.certainty) for e in entries]


def draw_chart(session: Session, rows: list, title: str) -> None:
    from casefile_cli.render import chart

    env = session.env
    if env.drawn:
        from casefile_cli.render.cards import console_for

        console_for(env).print(chart.chart_rich(rows, env.width, title))
    else:
        ascii_only = chart.wants_ascii(env.stdout)
        env.stdout.write(chart.chart_text(rows, env.width, ascii_only, title))


def heads_chart(session: Session, organisation) -> ExitCode:
    rows = head_rows(organisation)
    if not rows:
        session.env.stderr.write(f"casefile: the case files name no head of {organisation.name}\n")
        return ExitCode.NOT_FOUND
    draw_chart(session, rows, f"Heads of the {organisation.name}")
    return ExitCode.OK


def timeline_chart(session: Session, entries) -> ExitCode:
    if not entries:
        session.env.stderr.write("casefile: nothing in the case files falls in that period\n")
        return ExitCode.NOT_FOUND
    draw_chart(session, timeline_rows(entries), "Timeline")
    return ExitCode.OK


def network_picture(session: Session, value, fmt: str) -> ExitCode:
    """The network as SVG text, or PNG bytes (Graphviz only, never to a terminal)."""
    from casefile_cli.render import svg

    env = session.env
    if fmt == "svg":
        env.stdout.write(svg.svg(value.centre, value.nodes, list(value.edges)))
        return ExitCode.OK
    if env.stdout_isatty:
        raise UsageError(
            "a PNG is binary and would garble the terminal",
            hint=f"redirect it to a file: casefile graph ... --format png > {value.centre.id}.png",
        )
    data = svg.png(value.centre, value.nodes, list(value.edges))
    env.stdout.flush()
    binary = getattr(env.stdout, "buffer", None)
    if binary is None:  # a text-only stream (tests): nowhere to put bytes
        raise UsageError("--format png needs a binary output; redirect it to a file")
    binary.write(data)
    binary.flush()
    return ExitCode.OK
