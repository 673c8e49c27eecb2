"""Questions about time: what happened when, and who held which office then.

Nothing is claimed for a day the text does not reach: a post is held from
the day its start is attested to the day its end is (a post with no end
until the next holder's start, or the case file's last dated day); between
a possible and an attested bound the answer is "unknown"."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

from casefile_cli.dates import Edtf, parse_user_date
from casefile_cli.errors import UsageError
from casefile_cli.models import Moment, OfficeState, Position, TimelineEntry
from casefile_cli.store.reader import Database
from casefile_cli.vocabulary import KEY_OFFICES

# Query bounds for an open `--from`/`--to`: a search range, not a stored date.
_EARLIEST, _LATEST = "0000-01-01", "9999-12-31"


def parse_range(date_from: str | None, date_to: str | None) -> tuple[str, str]:
    # An empty --from is a mistake, not an open bound: only None leaves it open.
    lower = parse_user_date(date_from).lower if date_from is not None else _EARLIEST
    upper = parse_user_date(date_to).upper if date_to is not None else _LATEST
    if lower > upper:
        raise UsageError(f"--from {date_from} is after --to {date_to}")
    return lower, upper


def timeline(
    db: Database,
    date_from: str | None = None,
    date_to: str | None = None,
    figure_id: str | None = None,
    organisation_id: str | None = None,
    kind: str | None = None,
    case: str | None = None,
) -> Iterator[TimelineEntry]:
    """The entries in the period, as SQLite gives them (a generator)."""
    lower, upper = parse_range(date_from, date_to)
    return db.each_timeline(lower, upper, figure_id, organisation_id, kind, case)


def on(db: Database, text: str, case: str | None = None) -> Moment:
    date = parse_user_date(text)
    entries = db.timeline(date.lower, date.upper, case=case)
    # Something "happened" then if its own date lies within the period asked
    # about; a longer operation that merely overlaps it was "under way". A day
    # known only by a bound (`[..1919]`) neither happened nor was under way.
    happened = [
        e
        for e in entries
        if e.lower and e.upper and e.lower >= date.lower and e.upper <= date.upper
    ]
    seen = {id(e) for e in happened}  # by identity: a year can hold thousands
    under_way = [
        e
        for e in entries
        if e.kind == "operation" and id(e) not in seen and (e.lower or "/" in e.date)
    ]
    span = db.record_span(case)
    positions = db.office_positions(case)
    offices = tuple(
        state
        for office, label in KEY_OFFICES.items()
        if (state := office_state(office, label, date, positions, span)) is not None
    )
    return Moment(date, tuple(happened), tuple(under_way), offices, span)


def _tenure(p: Position, starts: list[str], span_end: str | None):
    """(attested start, attested end, possible start, possible end) of a post;
    `starts`: the sorted starts of every post in the same office."""
    seen_from = p.date_from_seen or p.date_to_lower or p.date_to_upper
    seen_to = p.date_to_seen
    if not p.date_to:
        # The first later start, by bisection: an office may have many holders.
        later = bisect_right(starts, seen_from) if seen_from else len(starts)
        # Held until the next holder's start (that day goes to the successor).
        seen_to = _day_before(starts[later]) if later < len(starts) else span_end
    possible_to = p.date_to_upper if p.date_to else seen_to
    return seen_from, seen_to, p.date_from_lower, possible_to


def _start(p: Position) -> str | None:
    return p.date_from_seen or p.date_to_lower or p.date_to_upper


def _day_before(day: str) -> str:
    from datetime import date, timedelta

    return (date.fromisoformat(day) - timedelta(days=1)).isoformat()


def office_state(
    office: str,
    label: str,
    date: Edtf,
    positions: tuple[Position, ...],
    span: tuple[str | None, str | None],
) -> OfficeState | None:
    """What the record says of `office` within `date`; None before its first evidence."""
    same = [p for p in positions if p.office == office and _start(p)]
    if not same:
        return None
    starts = sorted(_start(p) for p in same)
    tenures = {p: _tenure(p, starts, span[1]) for p in same}
    first_seen = min(min(t[0], t[2] or t[0]) for t in tenures.values())
    if date.upper < first_seen:
        return None
    held = tuple(
        p for p, t in tenures.items() if t[0] <= date.upper and t[1] and t[1] >= date.lower
    )
    if held:
        return OfficeState(office, label, "held", held)
    before = [p for p, t in tenures.items() if t[1] and t[1] < date.lower]
    last_end = max(((tenures[p][1], tenures[p][0]) for p in before), default=None)
    last = tuple(p for p in before if (tenures[p][1], tenures[p][0]) == last_end)
    after = [p for p, t in tenures.items() if t[0] > date.upper]
    next_start = min((tenures[p][0] for p in after), default=None)
    following = tuple(p for p in after if tenures[p][0] == next_start)
    if span[1] and date.lower > span[1]:
        return OfficeState(office, label, "after-record", (), last, ())
    # "Perhaps" only within bounds the text sets: an end it leaves open makes
    # the holder the last recorded, not a possible holder for ever.
    possible = tuple(
        p
        for p, (_, _, low, high) in tenures.items()
        if low is not None and high is not None and low <= date.upper and high >= date.lower
    )
    if possible:
        last = tuple(p for p in last if p not in possible)
        following = tuple(p for p in following if p not in possible)
        return OfficeState(office, label, "unknown", possible, last, following)
    # Vacant only where both sides are dates the text gives, not ends it leaves open.
    firm = all(_firm(p.date_to, p.date_to_seen, p.date_to_upper) for p in last) and all(
        _firm(p.date_from, p.date_from_seen, p.date_from_lower) for p in following
    )
    status = "vacant" if firm and last and following else "unknown"
    return OfficeState(office, label, status, (), last, following)


def _firm(text: str | None, seen: str | None, bound: str | None) -> bool:
    """A bound the text gives as a date, not one it leaves open or hedges."""
    return bool(text) and seen == bound and not any(mark in text for mark in "?~%[")
