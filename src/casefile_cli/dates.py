"""EDTF dates: parsing, sortable bounds and honest display.

We store dates in the Extended Date/Time Format (ISO 8601-2), the subset that
historians' records need: year, month or day precision, intervals with open
ends, and the qualifiers `?` (uncertain), `~` (approximate) and `%` (both).
Every date also gets inclusive ISO bounds (`lower`, `upper`) so that range
queries are plain string comparisons in SQL.
"""

from __future__ import annotations

import calendar
import re
from typing import NamedTuple

from casefile_cli.errors import UsageError

_SINGLE = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?(?P<q>[?~%])?$")
_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTHS["sept"] = 9
OPEN_LOWER = "0000-01-01"
OPEN_UPPER = "9999-12-31"


class EdtfError(ValueError):
    pass


class Point(NamedTuple):
    year: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False
    uncertain: bool = False

    @property
    def lower(self) -> str:
        return f"{self.year:04d}-{self.month or 1:02d}-{self.day or 1:02d}"

    @property
    def upper(self) -> str:
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return f"{self.year:04d}-{month:02d}-{day:02d}"


class Edtf(NamedTuple):
    """A parsed EDTF value: one point, or an interval whose ends may be open."""

    text: str
    start: Point | None
    end: Point | None = None
    interval: bool = False

    @property
    def lower(self) -> str:
        return self.start.lower if self.start else OPEN_LOWER

    @property
    def upper(self) -> str:
        last = self.end if self.interval else self.start
        return last.upper if last else OPEN_UPPER

    @property
    def approximate(self) -> bool:
        return any(p is not None and (p.approximate or p.uncertain) for p in (self.start, self.end))


def _point(text: str, whole: str) -> Point:
    match = _SINGLE.match(text)
    if not match:
        raise EdtfError(f"{whole!r} is not an EDTF date (expected e.g. 1934-12-01, 1925-11, 1940)")
    year = int(match["y"])
    month = int(match["m"]) if match["m"] else None
    day = int(match["d"]) if match["d"] else None
    if month is not None and not 1 <= month <= 12:
        raise EdtfError(f"{whole!r} has month {month:02d}; months run 01 to 12")
    if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise EdtfError(f"{whole!r} has day {day:02d}, which {year}-{month:02d} does not have")
    qualifier = match["q"] or ""
    return Point(
        year,
        month,
        day,
        qualifier in "~%" and bool(qualifier),
        qualifier in "?%" and bool(qualifier),
    )


def parse_edtf(text: str) -> Edtf:
    """Parse an EDTF string; raise `EdtfError` with a readable reason."""
    text = text.strip()
    if "/" not in text:
        return Edtf(text, _point(text, text))
    first, _, second = text.partition("/")
    if "/" in second:
        raise EdtfError(f"{text!r} has more than one '/'")
    start = None if first in ("", "..") else _point(first, text)
    end = None if second in ("", "..") else _point(second, text)
    if start is None and end is None:
        raise EdtfError(f"{text!r} is open at both ends")
    if start and end and start.lower > end.upper:
        raise EdtfError(f"{text!r} ends before it starts")
    return Edtf(text, start, end, interval=True)


def bounds(text: str | None) -> tuple[str | None, str | None]:
    """Inclusive ISO bounds of an EDTF string (None for None)."""
    if not text:
        return None, None
    value = parse_edtf(str(text))
    return value.lower, value.upper


def _format_point(point: Point) -> str:
    prefix = "c. " if point.approximate else ""
    suffix = "?" if point.uncertain else ""
    if point.day:
        body = f"{point.day} {calendar.month_abbr[point.month]} {point.year}"
    elif point.month:
        body = f"{calendar.month_abbr[point.month]} {point.year}"
    else:
        body = str(point.year)
    return prefix + body + suffix


def format_edtf(text: str | None) -> str:
    """A human rendering: '1 Dec 1934', 'Nov 1925', 'c. 1927', 'Apr–May 1940'."""
    if not text:
        return ""
    try:
        value = parse_edtf(str(text))
    except EdtfError:
        return str(text)
    if not value.interval:
        return _format_point(value.start)
    start, end = value.start, value.end
    if start is None:
        return f"until {_format_point(end)}"
    if end is None:
        return f"from {_format_point(start)}"
    same_year = start.year == end.year and start.month and end.month and not start.day
    if same_year and not end.day and not (start.approximate or start.uncertain):
        return f"{calendar.month_abbr[start.month]}–{_format_point(end)}"
    return f"{_format_point(start)} – {_format_point(end)}"


_HUMAN = re.compile(r"^(?:(?P<d>\d{1,2})\s+)?(?P<mon>[a-z]+)\.?,?\s+(?P<y>\d{4})$")
ACCEPTED_FORMS = "1937, 1937-09, 1937-09-04 or '4 September 1937'"


def parse_user_date(text: str) -> Edtf:
    """A date typed by a user (`on`, `timeline`): ISO forms or '4 September 1937'."""
    cleaned = " ".join(text.strip().lower().split())
    match = _HUMAN.match(cleaned)
    if match and match["mon"] in _MONTHS:
        month = _MONTHS[match["mon"]]
        cleaned = f"{match['y']}-{month:02d}" + (f"-{int(match['d']):02d}" if match["d"] else "")
    if not _SINGLE.match(cleaned) or cleaned[-1] in "?~%":
        raise UsageError(f"{text!r} is not a date I can read; use {ACCEPTED_FORMS}.")
    try:
        return parse_edtf(cleaned)
    except EdtfError as error:
        raise UsageError(f"{error}; use {ACCEPTED_FORMS}.") from None
