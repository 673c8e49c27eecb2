"""Tenures as bars on a year axis: one bar per row, gaps where nobody held
the office, unknown ends never drawn as known, 60 columns, plain when piped."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import pytest

from casefile_cli.render import chart

HEADS = [
    chart.tenure_row("Felix Dzerzhinsky", "1917-12-20", "1926-07-20"),
    chart.tenure_row("Vyacheslav Menzhinsky", "1926-07", "1934-05-10"),
    chart.tenure_row("Genrikh Yagoda", "1934-07-10", "1936-09-26"),
    chart.tenure_row("Nikolai Yezhov", "1936-09-26", "1938-11-25"),
    chart.tenure_row("Lavrentiy Beria", "1938-11-25", None),
]
# A vacancy of four years, to be seen at any width.
GAPPY = [
    chart.tenure_row("First holder", "1920", "1924"),
    chart.tenure_row("Second holder", "1928", "1930"),
]
SVG = "{http://www.w3.org/2000/svg}"
ANSI = re.compile(r"\x1b\[")


def bar_part(line: str, plan: chart.Plan) -> str:
    return line[plan.label_width + 1 : plan.label_width + 1 + plan.axis.cells]


@pytest.mark.parametrize("width", [40, 60, 80, 200])
def test_one_bar_per_row_and_every_line_fits(width):
    text = chart.chart_text(HEADS, width=width)
    lines = text.splitlines()
    assert all(len(line) <= min(width, chart.MAX_WIDTH) for line in lines), text
    with_bars = [line for line in lines if "█" in line and not line.startswith("█ held")]
    assert len(with_bars) == len(HEADS)
    for row in HEADS:
        assert sum(row.label in line for line in lines) == 1  # no label cut or repeated


def test_heads_stand_one_above_another_in_order_at_60_columns():
    p = chart.plan(HEADS, 60)
    assert p.label_width > 0  # labels beside the bars at 60 columns
    text = chart.chart_text(HEADS, width=60)
    lines = [line for line in text.splitlines() if "█" in line][: len(HEADS)]
    firsts = [bar_part(line, p).index("█") for line in lines]
    assert firsts == sorted(firsts) and firsts[0] < firsts[-1]
    assert lines[0].startswith("Felix Dzerzhinsky ")
    assert lines[0].rstrip().endswith("1917–1926")


def test_a_vacancy_is_a_gap_no_bar_covers():
    p = chart.plan(GAPPY, 60)
    first, second = ([i for i, kind in enumerate(bar) if kind != chart.EMPTY] for bar in p.bars)
    assert max(first) + 3 < min(second)  # blank cells between the two tenures
    text = chart.chart_text(GAPPY, width=60)
    lines = [line for line in text.splitlines() if "holder" in line]
    gap = range(max(first) + 1, min(second))
    assert all(bar_part(line, p)[i] == " " for line in lines for i in gap)


def test_an_unknown_end_is_dotted_and_its_date_a_question_mark():
    beria = chart.chart_text(HEADS, width=60).splitlines()[4]
    assert beria.startswith("Lavrentiy Beria")
    assert beria.rstrip().endswith("1938–?")
    assert "█···" in beria
    p = chart.plan(HEADS, 60)
    assert p.bars[4].count(chart.OPEN) == chart.OPEN_CELLS


def test_an_unknown_start_is_dotted_and_a_year_is_imprecise():
    rows = [chart.tenure_row("Somebody", None, "1926"), chart.tenure_row("Other", "1920", "1930")]
    p = chart.plan(rows, 60)
    kinds = [k for k in p.bars[0] if k != chart.EMPTY]
    assert kinds[: chart.OPEN_CELLS] == [chart.OPEN] * chart.OPEN_CELLS
    assert chart.HELD not in kinds  # neither end is known to the day
    assert chart.VAGUE in kinds
    assert chart.dates_text(p.rows[0]) == "?–1926"


def test_rough_bounds_are_shaded_not_solid():
    row = chart.tenure_row("Rough", "1926", "1930")
    p = chart.plan([row], 60)
    kinds = [k for k in p.bars[0] if k != chart.EMPTY]
    assert kinds[0] == chart.VAGUE and kinds[-1] == chart.VAGUE
    assert chart.HELD in kinds


def test_events_as_rows():
    day = chart.event_row("Kirov killed", "1934-12-01")
    assert day.start == day.end == ("1934-12-01", "1934-12-01")
    assert chart.spans(day).held  # a day is known
    by = chart.event_row("Mirbach", "../1919")
    assert by.start is None and by.end == ("1919-01-01", "1919-12-31")
    assert chart.dates_text(by) == "?–1919"
    assert chart.event_row("Undated", None).start is None


def test_plain_ascii_has_no_escape_codes_and_nothing_beyond_ascii():
    text = chart.chart_text(HEADS, width=60, ascii_only=True, title="Heads")
    assert not ANSI.search(text)
    assert text.isascii()
    assert "Lavrentiy Beria" in text and "#..." in text and "1938-?" in text
    assert "# held" in text


def test_plain_unicode_has_no_escape_codes():
    text = chart.chart_text(HEADS, width=60)
    assert not ANSI.search(text) and "\x1b" not in text


def test_blocks_supported_follows_the_encoding():
    assert chart.blocks_supported("utf-8")
    assert not chart.blocks_supported("ascii")
    assert not chart.blocks_supported("latin-1")
    assert not chart.blocks_supported(None)
    assert not chart.blocks_supported("no-such-codec")


class FakeStream(io.StringIO):
    def __init__(self, tty: bool, encoding: str):
        super().__init__()
        self.tty, self._encoding = tty, encoding

    def isatty(self):
        return self.tty

    @property
    def encoding(self):
        return self._encoding


def test_ascii_when_piped_or_when_the_encoding_cannot_show_blocks():
    assert chart.wants_ascii(FakeStream(False, "utf-8"))
    assert chart.wants_ascii(FakeStream(True, "ascii"))
    assert not chart.wants_ascii(FakeStream(True, "utf-8"))
    assert chart.wants_ascii(object())


def test_rich_chart_at_60_columns():
    from rich.console import Console

    out = io.StringIO()
    console = Console(file=out, width=60, force_terminal=True, color_system="standard")
    console.print(chart.chart_rich(HEADS, width=60, title="Heads"))
    text = out.getvalue()
    assert ANSI.search(text)  # coloured
    plain = ANSI.sub("", re.sub(r"\x1b\[[0-9;]*m", "", text))
    lines = plain.splitlines()
    assert all(len(line) <= 60 for line in lines)
    assert len([line for line in lines if "█" in line and "held" not in line]) == len(HEADS)
    assert plain == chart.chart_text(HEADS, width=60, title="Heads")


def test_less_than_stated_is_said_in_the_label():
    rows = [chart.tenure_row("Mikhail Trilisser", "1927-11~", None, "alleged")]
    assert "Mikhail Trilisser (alleged)" in chart.chart_text(rows, width=80)


def test_an_empty_chart_does_not_crash():
    assert "held" in chart.chart_text([], width=60)


def test_svg_chart_parses_with_one_bar_per_row_and_fading_open_ends():
    text = chart.chart_svg(
        [*HEADS, chart.tenure_row("Rumour", "1930", None, "alleged")], title="Heads <1918–1940>"
    )
    root = ET.fromstring(text.encode("utf-8"))
    assert root.find(f"{SVG}title").text == "Heads <1918–1940>"
    bars = [g for g in root.iter(f"{SVG}g") if g.get("class") == "bar"]
    assert [g.get("data-label") for g in bars] == [r.label for r in HEADS] + ["Rumour (alleged)"]
    beria = bars[4]
    assert [r.get("class") for r in beria.iter(f"{SVG}rect")] == ["held", "open"]
    assert beria.find(f"{SVG}rect[@class='open']").get("fill") == "url(#fade-after-stated)"
    rumour = bars[5].find(f"{SVG}rect[@class='vague']")
    assert rumour.get("stroke-dasharray")
    years = [t.text for t in root.iter(f"{SVG}text") if t.text and t.text.isdigit()]
    assert "1920" in years and "1935" in years
    # Bars keep their order on the axis: each head starts after the one before.
    starts = [float(next(g.iter(f"{SVG}rect")).get("x")) for g in bars[:5]]
    assert starts == sorted(starts)
