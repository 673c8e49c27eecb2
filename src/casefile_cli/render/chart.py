"""Tenures and operations as bars on a year axis: for the terminal (rich),
as plain text for pipes (ASCII when blocks can't be shown), and as SVG.

A row is (label, start, end, certainty); `start` and `end` are a bound's
(earliest, latest) ISO dates, or None when the text does not give it. Each
bar is drawn honestly: solid only where the tenure is certain, shaded where a
bound is known only roughly (a year, a month), dotted where it is not known
at all; a date is never drawn as if it were known. Pure functions: rich is
imported only by `chart_rich`.
"""

from __future__ import annotations

import math
import textwrap
from typing import NamedTuple
from xml.sax.saxutils import escape, quoteattr

from casefile_cli.dates import parse_edtf
from casefile_cli.render.svg import clean_text

HELD, VAGUE, OPEN, EMPTY = "held", "vague", "open", "empty"
BLOCKS = {HELD: "█", VAGUE: "░", OPEN: "·", EMPTY: " "}
ASCII = {HELD: "#", VAGUE: "-", OPEN: ".", EMPTY: " "}
LEGEND = {HELD: "held", VAGUE: "date imprecise", OPEN: "date not known"}
AXIS_BLOCKS = ("─", "┬")
AXIS_ASCII = ("-", "+")
OPEN_CELLS = 3  # how far a bar with an unknown end fades out, in cells
MAX_WIDTH = 120
TICK_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000)


class Row(NamedTuple):
    label: str
    start: tuple[str, str] | None  # (earliest, latest) ISO dates, None if unknown
    end: tuple[str, str] | None
    certainty: str = "stated"


def _bound(value) -> tuple[str, str] | None:
    """(earliest, latest) with open or missing ends treated as unknown (a bound
    known from one side only, `[..1921]`, is drawn at that side)."""
    if not value:
        return None
    earliest, latest = value
    earliest = earliest or None
    latest = latest or None
    if earliest is None and latest is None:
        return None
    return (earliest or latest, latest or earliest)


def rows_of(rows) -> list[Row]:
    """Rows from (label, start, end[, certainty]) tuples, bounds normalised."""
    result = []
    for row in rows:
        label, start, end, *rest = row
        result.append(Row(str(label), _bound(start), _bound(end), rest[0] if rest else "stated"))
    return result


def _edtf_bound(text: str | None) -> tuple[str, str] | None:
    if not text or text == "..":
        return None
    value = parse_edtf(text)
    return _bound((value.lower, value.upper))


def tenure_row(label: str, date_from: str | None, date_to: str | None, certainty="stated") -> Row:
    """A tenure from its EDTF from/to dates; None means the text does not say."""
    return Row(label, _edtf_bound(date_from), _edtf_bound(date_to), certainty)


def event_row(label: str, date: str | None, certainty="stated") -> Row:
    """An event (an operation) from its EDTF date: one day, month or year, or
    an interval that may be open ('../1919': some time up to 1919)."""
    if not date:
        return Row(label, None, None, certainty)
    value = parse_edtf(date)
    if not value.interval:
        day = _bound((value.lower, value.upper))
        return Row(label, day, day, certainty)
    start = _bound((value.start.lower, value.start.upper)) if value.start else None
    end = _bound((value.end.lower, value.end.upper)) if value.end else None
    return Row(label, start, end, certainty)


def year_of(iso: str, upper: bool = False) -> float:
    """'1934-07-10' as a fractional year; an upper bound counts its whole day."""
    year, month, day = (int(part) for part in iso.split("-"))
    return year + (month - 1) / 12 + (day - 1 + (1 if upper else 0)) / 372


class Spans(NamedTuple):
    """One row's stretches in fractional years, each (from, to)."""

    held: tuple[tuple[float, float], ...]
    vague: tuple[tuple[float, float], ...]
    open_before: float | None  # the bar fades out leftwards from here
    open_after: float | None  # ... and rightwards from here


def spans(row: Row) -> Spans:
    start = (year_of(row.start[0]), year_of(row.start[1], True)) if row.start else None
    end = (year_of(row.end[0]), year_of(row.end[1], True)) if row.end else None
    vague = tuple(b for b in (start, end) if b and b[1] - b[0] > 1 / 372 + 1e-9)
    held: tuple[tuple[float, float], ...] = ()
    if start and end and start[1] <= end[0]:
        held = ((start[1], end[0]),)
    elif start and end and not vague:  # both given to the day: one certain stretch
        held = ((start[0], end[1]),)
    elif start and end:  # the rough bounds overlap: only "somewhere in here" is known
        vague = ((min(start[0], end[0]), max(start[1], end[1])),)
    else:  # one bound alone: certain only if it is a day
        held = tuple(b for b in (start, end) if b and b not in vague)
    open_before = (end or (0, 0))[0] if start is None and end else None
    open_after = (start or (0, 0))[1] if end is None and start else None
    return Spans(held, vague, open_before, open_after)


class Axis(NamedTuple):
    first: float  # the year at the left edge of the first cell
    per_cell: float  # years per cell
    cells: int

    def cell(self, year: float) -> int:
        return min(self.cells - 1, max(0, math.floor((year - self.first) / self.per_cell)))


def make_axis(all_spans: list[Spans], cells: int) -> Axis:
    """An axis over every known date, with room for the dotted open ends."""
    points = [y for s in all_spans for span in s.held + s.vague for y in span]
    points += [y for s in all_spans for y in (s.open_before, s.open_after) if y is not None]
    if not points:
        return Axis(1900.0, 1.0, max(cells, 1))
    low, high = math.floor(min(points)), math.ceil(max(points) + 1e-9)
    high = max(high, low + 1)
    left = OPEN_CELLS if any(s.open_before is not None for s in all_spans) else 0
    right = OPEN_CELLS if any(s.open_after is not None for s in all_spans) else 0
    usable = max(cells - left - right, 1)
    per_cell = (high - low) / usable
    return Axis(low - left * per_cell, per_cell, cells)


def cells_of(row_spans: Spans, axis: Axis) -> list[str]:
    """Each cell of one bar: held, vague, open or empty (held wins)."""
    kinds = [EMPTY] * axis.cells

    def paint(start: float, stop: float, kind: str) -> None:
        last = axis.cell(max(start, stop - 1e-9))
        for index in range(axis.cell(start), last + 1):
            kinds[index] = kind

    if row_spans.open_before is not None:
        paint(row_spans.open_before - OPEN_CELLS * axis.per_cell, row_spans.open_before, OPEN)
    if row_spans.open_after is not None:
        paint(row_spans.open_after, row_spans.open_after + OPEN_CELLS * axis.per_cell, OPEN)
    for start, stop in row_spans.vague:
        paint(start, stop, VAGUE)
    for start, stop in row_spans.held:
        paint(start, stop, HELD)
    return kinds


def _bound_text(bound: tuple[str, str] | None) -> str:
    if bound is None:
        return "?"
    first, last = bound[0][:4], bound[1][:4]
    return first if first == last else f"{first}/{last[2:] if first[:2] == last[:2] else last}"


def dates_text(row: Row, ascii_only: bool = False) -> str:
    """'1934–1936', '1938–?', '?–1934'; one year for an event within a year."""
    dash = "-" if ascii_only else "–"
    start, end = _bound_text(row.start), _bound_text(row.end)
    return start if start == end else f"{start}{dash}{end}"


def display_label(row: Row) -> str:
    return row.label if row.certainty == "stated" else f"{row.label} ({row.certainty})"


def ticks(axis: Axis, min_gap: int = 5) -> list[tuple[int, int]]:
    """(cell, year) for round years at least `min_gap` cells apart."""
    step = next((s for s in TICK_STEPS if s / axis.per_cell >= min_gap), TICK_STEPS[-1])
    year = math.ceil(axis.first / step) * step
    found = []
    while year < axis.first + axis.cells * axis.per_cell:
        found.append((axis.cell(year), year))
        year += step
    return found


class Plan(NamedTuple):
    """Where everything goes in a text chart of a given width."""

    rows: list[Row]
    axis: Axis
    label_width: int  # 0: each label on its own line above its bar
    dates_width: int
    bars: list[list[str]]


def plan(rows, width: int, ascii_only: bool = False) -> Plan:
    rows = rows_of(rows)
    width = max(20, min(width, MAX_WIDTH))
    dates_width = max((len(dates_text(r, ascii_only)) for r in rows), default=4)
    longest = max((len(display_label(r)) for r in rows), default=0)
    label_width = min(longest, max(12, width * 3 // 8))
    cells = width - label_width - dates_width - 2
    if cells < 20:  # too narrow for labels beside the bars
        label_width, cells = 0, width - dates_width - 1
    all_spans = [spans(r) for r in rows]
    axis = make_axis(all_spans, cells)
    return Plan(rows, axis, label_width, dates_width, [cells_of(s, axis) for s in all_spans])


def _axis_lines(p: Plan, glyphs: tuple[str, str]) -> tuple[str, str]:
    indent = " " * (p.label_width + 1 if p.label_width else 0)
    rule = [glyphs[0]] * p.axis.cells
    years = [" "] * (p.axis.cells + 4)
    for cell, year in ticks(p.axis):
        rule[cell] = glyphs[1]
        text = str(year)
        start = min(cell, len(years) - len(text))
        if all(c == " " for c in years[max(0, start - 1) : start + len(text)]):
            years[start : start + len(text)] = text
    return indent + "".join(rule), (indent + "".join(years)).rstrip()


def _label_lines(p: Plan, row: Row) -> list[str]:
    width = p.label_width or (p.axis.cells + p.dates_width + 1)
    return textwrap.wrap(display_label(row), width, break_long_words=True) or [""]


def legend(ascii_only: bool = False, width: int = MAX_WIDTH) -> str:
    """What the glyphs mean, on as many lines as `width` needs."""
    glyphs = ASCII if ascii_only else BLOCKS
    lines = [""]
    for kind, words in LEGEND.items():
        item = f"{glyphs[kind]} {words}"
        if lines[-1] and len(lines[-1]) + 2 + len(item) > width:
            lines.append(item)
        else:
            lines[-1] = f"{lines[-1]}  {item}" if lines[-1] else item
    return "\n".join(lines)


def chart_text(rows, width: int = 80, ascii_only: bool = False, title: str | None = None) -> str:
    """The chart as plain text: no escape codes; ASCII only if asked."""
    p = plan(rows, width, ascii_only)
    glyphs = ASCII if ascii_only else BLOCKS
    out = [title] if title else []
    for row, bar in zip(p.rows, p.bars, strict=True):
        labels = _label_lines(p, row)
        drawn = "".join(glyphs[kind] for kind in bar)
        dates = dates_text(row, ascii_only)
        if p.label_width:
            out.append(f"{labels[0]:<{p.label_width}} {drawn} {dates}".rstrip())
            out.extend(f"{line:<{p.label_width}}".rstrip() for line in labels[1:])
        else:
            out.extend(labels)
            out.append(f"{drawn} {dates}".rstrip())
    rule, years = _axis_lines(p, AXIS_ASCII if ascii_only else AXIS_BLOCKS)
    out += [rule, years, legend(ascii_only, max(20, min(width, MAX_WIDTH)))]
    return "\n".join(out) + "\n"


def blocks_supported(encoding: str | None) -> bool:
    """Whether a stream's encoding can show the block characters."""
    if not encoding:
        return False
    try:
        "".join(BLOCKS.values()).join(AXIS_BLOCKS).encode(encoding)
    except (LookupError, UnicodeEncodeError):
        return False
    return True


def wants_ascii(stream) -> bool:
    """Plain charts use ASCII when piped (any tool can read it) or when the
    stream's encoding cannot show the blocks."""
    try:
        isatty = stream.isatty()
    except (AttributeError, ValueError):
        isatty = False
    return not isatty or not blocks_supported(getattr(stream, "encoding", None))


STYLES = {"stated": "cyan", "official": "blue", "alleged": "yellow", "disputed": "magenta"}


def chart_rich(rows, width: int = 80, title: str | None = None):
    """The chart as a rich Text for a terminal: the same cells, in colour."""
    from rich.text import Text

    p = plan(rows, width)
    text = Text()
    if title:
        text.append(title + "\n", style="bold")
    for row, bar in zip(p.rows, p.bars, strict=True):
        colour = STYLES.get(row.certainty, "yellow")
        labels = _label_lines(p, row)
        if not p.label_width:
            for line in labels:
                text.append(line + "\n", style="bold")
        else:
            text.append(f"{labels[0]:<{p.label_width}} ", style="bold")
        for kind in bar:
            style = {HELD: colour, VAGUE: f"dim {colour}", OPEN: "dim"}.get(kind, "")
            text.append(BLOCKS[kind], style=style)
        text.append(f" {dates_text(row)}\n", style="dim")
        for line in labels[1:] if p.label_width else ():
            text.append(f"{line}\n", style="bold")
    rule, years = _axis_lines(p, AXIS_BLOCKS)
    text.append(rule + "\n" + years + "\n", style="dim")
    text.append(legend(width=max(20, min(width, MAX_WIDTH))), style="dim")
    return text


# -- SVG ------------------------------------------------------------------------

SVG_COLOURS = {"stated": "#2b7bb9", "official": "#6a51a3", "alleged": "#d98b00"}
SVG_COLOURS["disputed"] = "#c2185b"
SVG_ROW = 26
SVG_BAR = 14
SVG_FADE = 40  # px that an unknown end fades over


def _svg_gradients() -> str:
    parts = []
    for certainty, colour in SVG_COLOURS.items():
        for side, (x1, x2) in (("after", ("0", "1")), ("before", ("1", "0"))):
            parts.append(
                f'<linearGradient id="fade-{side}-{certainty}" x1="{x1}" x2="{x2}" y1="0" y2="0">'
                f'<stop offset="0" stop-color="{colour}" stop-opacity="0.6"/>'
                f'<stop offset="1" stop-color="{colour}" stop-opacity="0"/></linearGradient>'
            )
    return "<defs>" + "".join(parts) + "</defs>"


def _svg_row(row: Row, row_spans: Spans, axis: Axis, x0: float, y: float) -> str:
    certainty = row.certainty if row.certainty in SVG_COLOURS else "alleged"
    colour = SVG_COLOURS[certainty]
    outline = "" if row.certainty == "stated" else ' stroke="#333" stroke-dasharray="3 2"'
    top = y + (SVG_ROW - SVG_BAR) / 2

    def rect(start: float, stop: float, fill: str, kind: str, extra: str = "") -> str:
        left = x0 + (start - axis.first) / axis.per_cell
        width = max((stop - start) / axis.per_cell, 2.0)
        return (
            f'<rect class="{kind}" x="{left:.1f}" y="{top:.1f}" width="{width:.1f}" '
            f'height="{SVG_BAR}" fill="{fill}"{extra}/>'
        )

    fade = SVG_FADE * axis.per_cell
    pale = ' fill-opacity="0.35"' + outline
    shapes = [rect(a, b, colour, "vague", pale) for a, b in row_spans.vague]
    shapes += [rect(a, b, colour, "held", outline) for a, b in row_spans.held]
    if row_spans.open_after is not None:
        after = f"url(#fade-after-{certainty})"
        shapes.append(rect(row_spans.open_after, row_spans.open_after + fade, after, "open"))
    if row_spans.open_before is not None:
        before = f"url(#fade-before-{certainty})"
        shapes.append(rect(row_spans.open_before - fade, row_spans.open_before, before, "open"))
    label = clean_text(display_label(row))
    dates = dates_text(row)
    return (
        f'<g class="bar" data-label={quoteattr(label)}><title>{escape(label)}: '
        f"{escape(dates)}</title>"
        f'<text x="{x0 - 8:.1f}" y="{y + SVG_ROW / 2 + 4:.1f}" text-anchor="end">'
        f"{escape(label)}</text>{''.join(shapes)}"
        f'<text x="{x0 + axis.cells + 8:.1f}" y="{y + SVG_ROW / 2 + 4:.1f}" fill="#555">'
        f"{escape(dates)}</text></g>"
    )


def chart_svg(rows, title: str | None = None, width: int = 760) -> str:
    """The same chart as an SVG picture: bars on a year axis with gridlines;
    rough bounds pale, unknown ends fading out, less than stated outlined."""
    rows = rows_of(rows)
    label_px = min(280, max((len(display_label(r)) for r in rows), default=4) * 7 + 16)
    dates_px = max((len(dates_text(r)) for r in rows), default=4) * 7 + 16
    bar_px = max(width - label_px - dates_px - 24, 120)
    all_spans = [spans(r) for r in rows]
    # One cell per pixel; the open ends need SVG_FADE pixels, not OPEN_CELLS.
    axis = make_axis(all_spans, bar_px - 2 * (SVG_FADE - OPEN_CELLS))
    axis = Axis(axis.first - (SVG_FADE - OPEN_CELLS) * axis.per_cell, axis.per_cell, bar_px)
    x0, top = 12 + label_px, 40 if title else 12
    height = top + len(rows) * SVG_ROW + 48
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif" '
        'font-size="12">',
        f"<title>{escape(clean_text(title or 'Chart'))}</title>",
        _svg_gradients(),
        f'<rect width="{width}" height="{height}" fill="white"/>',
    ]
    if title:
        parts.append(
            f'<text x="12" y="24" font-size="14" font-weight="bold">'
            f"{escape(clean_text(title))}</text>"
        )
    bottom = top + len(rows) * SVG_ROW
    for cell, year in ticks(axis, min_gap=44):
        x = x0 + cell
        parts.append(
            f'<line class="tick" x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" stroke="#ddd"/>'
            f'<text x="{x}" y="{bottom + 16}" text-anchor="middle" fill="#555">{year}</text>'
        )
    for index, (row, row_spans) in enumerate(zip(rows, all_spans, strict=True)):
        parts.append(_svg_row(row, row_spans, axis, x0, top + index * SVG_ROW))
    parts.append(
        f'<text x="12" y="{height - 10}" font-size="10" fill="#555">solid: held · pale: date '
        "imprecise · fading: date not known · outlined: less than stated</text>"
    )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
