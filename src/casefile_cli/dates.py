"""EDTF dates: parsing, sortable bounds and honest display.

We store dates in the Extended Date/Time Format (ISO 8601-2), the subset that
historians' records need: year, month or day precision, intervals, and the
qualifiers `?` (uncertain), `~` (approximate) and `%` (both). A bound the
text does not give is unknown (`/1937-06-12`, `../1937-06-12`): never year 0
or 9999. For a date known only by a bound we take EDTF's "one of a set":
`[..1918-09-01]` (by then), `[1936-09-26..]` (not before), `[1937-04..1938-02]`
(between), also as one end of an interval.

Every date gets inclusive ISO bounds (`lower`, `upper`, None where unknown)
so that range queries are plain string comparisons in SQL, and the days the
text attests (`start_seen`, `end_seen`) so that nothing is claimed for a day
before its earliest evidence or after its last.
"""

from __future__ import annotations

import re
from functools import lru_cache

from casefile_cli.errors import UsageError
from casefile_cli.record import Record

_SINGLE = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?(?P<q>[?~%])?$")
# In English, as the case files are written, whatever the locale; and
# without the calendar module, which imports locale (4 ms of a lookup).
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
_MONTHS = {
    name.lower(): number
    for number, month in enumerate(MONTH_NAMES, 1)
    for name in (month, month[:3])
}
_MONTHS["sept"] = 9


def month_abbreviation(month: int) -> str:
    return MONTH_NAMES[month - 1][:3]


def abbreviate_months(text: str) -> str:
    """'1 December 1934' as '1 Dec 1934'."""
    for month in MONTH_NAMES:
        text = text.replace(month, month[:3])
    return text


def days_in_month(year: int, month: int) -> int:
    """Of the proleptic Gregorian calendar, as datetime and calendar count."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


class EdtfError(ValueError):
    pass


class Point(Record):
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
        day = self.day or days_in_month(self.year, month)
        return f"{self.year:04d}-{month:02d}-{day:02d}"

    @property
    def start_seen(self) -> str:
        return self.lower

    @property
    def end_seen(self) -> str:
        return self.upper


class OneOf(Record):
    """A day known only by its bounds: `[..b]` (by b), `[a..]` (not before a), `[a..b]`."""

    first: Point | None
    last: Point | None

    @property
    def lower(self) -> str | None:
        return _lower(self.first)

    @property
    def upper(self) -> str | None:
        return _upper(self.last)

    @property
    def start_seen(self) -> str:
        # A start is attested by its `by` bound; failing that, its `not before`.
        return (self.last or self.first).lower

    @property
    def end_seen(self) -> str:
        # An end is attested until its `not before` bound; failing that, its `by`.
        return (self.first or self.last).upper

    @property
    def approximate(self) -> bool:
        return True

    @property
    def uncertain(self) -> bool:
        return False


Part = Point | OneOf


# The bounds of a set or an interval are those of its first and last parts.
def _lower(part: Part | None) -> str | None:
    return part.lower if part else None


def _upper(part: Part | None) -> str | None:
    return part.upper if part else None


class Edtf(Record):
    """A parsed EDTF value: one day (or set), or an interval whose ends may be unknown."""

    text: str
    start: Part | None
    end: Part | None = None
    interval: bool = False

    @property
    def last(self) -> Part | None:
        return self.end if self.interval else self.start

    @property
    def lower(self) -> str | None:
        return _lower(self.start)

    @property
    def upper(self) -> str | None:
        return _upper(self.last)

    @property
    def start_seen(self) -> str | None:
        """Where this value is a start: the first day the text attests it."""
        first = self.start or self.last
        return first.start_seen if first else None

    @property
    def end_seen(self) -> str | None:
        """Where this value is an end: the last day the text attests what it ends."""
        first = self.start or self.last
        return first.end_seen if first else None

    @property
    def span_seen(self) -> tuple[str | None, str | None]:
        """Where this value is a span (an operation's dates): the days attested,
        None at an end the text does not give."""
        if isinstance(self.start, OneOf) and not self.interval:
            # A day known only by its bounds is placed at them, never inside.
            first, last = self.start.first, self.start.last
            return (
                first.lower if first else last.upper,
                last.upper if last else first.lower,
            )
        if not self.interval:
            return self.start.start_seen, self.start.end_seen
        return (
            self.start.start_seen if self.start else None,
            self.end.end_seen if self.end else None,
        )

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
    if day is not None and not 1 <= day <= days_in_month(year, month):
        raise EdtfError(f"{whole!r} has day {day:02d}, which {year}-{month:02d} does not have")
    qualifier = match["q"] or ""
    return Point(
        year,
        month,
        day,
        qualifier in "~%" and bool(qualifier),
        qualifier in "?%" and bool(qualifier),
    )


def _part(text: str, whole: str) -> Part:
    if not (text.startswith("[") and text.endswith("]")):
        return _point(text, whole)
    first, dots, last = text[1:-1].partition("..")
    if not dots or "," in text:
        raise EdtfError(
            f"{whole!r}: a set must read [..1918-09], [1936-09..] or [1937-04..1938-02]"
        )
    value = OneOf(_point(first, whole) if first else None, _point(last, whole) if last else None)
    if value.first is None and value.last is None:
        raise EdtfError(f"{whole!r} has a set open at both ends")
    if value.first and value.last and value.first.lower > value.last.upper:
        raise EdtfError(f"{whole!r} has a set that ends before it starts")
    return value


@lru_cache(maxsize=4096)
def parse_edtf(text: str) -> Edtf:
    """Parse an EDTF string; raise `EdtfError` with a readable reason."""
    text = text.strip()
    if "/" not in text:
        return Edtf(text, _part(text, text))
    first, _, second = text.partition("/")
    if "/" in second:
        raise EdtfError(f"{text!r} has more than one '/'")
    start = None if first in ("", "..") else _part(first, text)
    end = None if second in ("", "..") else _part(second, text)
    if start is None and end is None:
        raise EdtfError(f"{text!r} is open at both ends")
    if start and end and start.lower and end.upper and start.lower > end.upper:
        raise EdtfError(f"{text!r} ends before it starts")
    return Edtf(text, start, end, interval=True)


def bounds(text: str | None) -> tuple[str | None, str | None]:
    """Inclusive ISO bounds of an EDTF string (None for None or an unknown bound)."""
    if not text:
        return None, None
    value = parse_edtf(str(text))
    return value.lower, value.upper


def stored_bounds(text: str | None, role: str) -> dict[str, str | None]:
    """The columns a date is stored with, by its role: `from` (a start),
    `to` (an end) or `date` (a span or a day)."""
    value = parse_edtf(str(text)) if text else None
    lower = value.lower if value else None
    upper = value.upper if value else None
    if role == "from":
        return {"lower": lower, "upper": upper, "seen": value.start_seen if value else None}
    if role == "to":
        return {"lower": lower, "upper": upper, "seen": value.end_seen if value else None}
    seen = value.span_seen if value else (None, None)
    start, end = (value.start, value.last) if value else (None, None)
    return {
        "lower": lower,
        "upper": upper,
        "seen_from": seen[0],
        "seen_to": seen[1],
        # With lower/upper, the bounds of the start and of the end of a span.
        "start_upper": start.upper if start else None,
        "end_lower": end.lower if end else None,
    }


def _format_point(point: Point) -> str:
    prefix = "c. " if point.approximate else ""
    suffix = " (uncertain)" if point.uncertain else ""
    if point.day:
        body = f"{point.day} {month_abbreviation(point.month)} {point.year}"
    elif point.month:
        body = f"{month_abbreviation(point.month)} {point.year}"
    else:
        body = str(point.year)
    return prefix + body + suffix


def _format_part(part: Part) -> str:
    if isinstance(part, Point):
        return _format_point(part)
    return _format_range(part.first, part.last, _format_point)


def _format_range(first, last, show) -> str:
    """A day or an end known only to lie in a range, one of whose ends may be open."""
    if first and last:
        return f"between {show(first)} and {show(last)}"
    if last:
        return f"by {show(last)}"
    return f"not before {show(first)}"


def _parsed(text: str) -> Edtf | None:
    """The parsed value, or None where a stored text is not EDTF (shown as written)."""
    try:
        return parse_edtf(str(text))
    except EdtfError:
        return None


def format_edtf(text: str | None) -> str:
    """A human rendering: '1 Dec 1934', 'Nov 1925', 'c. 1927', 'Apr–May 1940',
    'by 1 Sep 1918'; never a raw EDTF qualifier."""
    if not text:
        return ""
    value = _parsed(text)
    if value is None:
        return str(text)
    if not value.interval:
        return _format_part(value.start)
    start, end = value.start, value.end
    if start is None:
        return f"start unknown – {_format_part(end)}"
    if end is None:
        return f"{_format_part(start)} – end unknown"
    if isinstance(end, OneOf) and end.last is None:
        return f"{_format_part(start)} – end unknown (last recorded {_format_point(end.first)})"
    if isinstance(start, Point) and isinstance(end, Point):
        same_year = start.year == end.year and start.month and end.month and not start.day
        if same_year and not end.day and not (start.approximate or start.uncertain):
            return f"{month_abbreviation(start.month)}–{_format_point(end)}"
    return f"{_format_part(start)} – {_format_part(end)}"


def format_bound(text: str | None, end: bool = False) -> str:
    """One end of a tenure (a `from`, or with `end` a `to`): a range within which
    the start or end lies reads 'between A and B', so a span never runs three
    dates together; an end the text leaves open after its last evidence says so."""
    if not text:
        return ""
    value = _parsed(text)
    if value is None:
        return str(text)
    if not value.interval:
        part = value.start
        if end and isinstance(part, OneOf) and part.last is None:
            return f"end unknown (last recorded {_format_point(part.first)})"
        return _format_part(part)
    return _format_range(value.start, value.end, _format_part)


def format_bounds(start: str | None, end: str | None) -> list[str]:
    """A tenure's `from` and `to` as two table cells: a bound the case file
    does not give says so, not a blank a reader might take for "still held"."""
    return [format_bound(start) or "not given", format_bound(end, end=True) or "not given"]


def format_span(start: str | None, end: str | None) -> str:
    """A tenure from its `from` and `to`: '15 Nov 1923 – 10 Jul 1934',
    'from 1938', 'until 1923', or ''; a start or end known only within a
    range reads 'between A and B'."""
    start, end = format_bound(start), format_bound(end, end=True)
    if start and end:
        return f"{start} – {end}"
    if start:
        return f"from {start}" if _plain_date(start) else f"{start} – end not given"
    if end:
        return f"until {end}" if _plain_date(end) else f"start not given – {end}"
    return ""


def _plain_date(shown: str) -> bool:
    """'1 Dec 1934', 'c. 1927': not a bound phrase such as 'by 1921'."""
    return shown[:1].isdigit() or shown.startswith("c. ") or shown[:3].istitle()


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
