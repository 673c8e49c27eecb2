"""Questions about time: what happened when, and who held which office then."""

from __future__ import annotations

from casefile_cli.dates import Edtf, bounds, parse_user_date
from casefile_cli.errors import UsageError
from casefile_cli.models import Moment, Position, TimelineEntry
from casefile_cli.store.reader import Database
from casefile_cli.vocabulary import KEY_OFFICES


def parse_range(date_from: str | None, date_to: str | None) -> tuple[str, str]:
    # An empty --from is a mistake, not an open bound: only None leaves it open.
    lower = parse_user_date(date_from).lower if date_from is not None else "0000-01-01"
    upper = parse_user_date(date_to).upper if date_to is not None else "9999-12-31"
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
) -> list[TimelineEntry]:
    lower, upper = parse_range(date_from, date_to)
    return db.timeline(lower, upper, figure_id, organisation_id, kind, case)


def on(db: Database, text: str, case: str | None = None) -> Moment:
    date = parse_user_date(text)
    entries = db.timeline(date.lower, date.upper, case=case)
    # Something "happened" then if its own date lies within the period asked
    # about; a longer operation that merely overlaps it was "under way".
    happened = [e for e in entries if e.lower >= date.lower and e.upper <= date.upper]
    under_way = [e for e in entries if e.kind == "operation" and e not in happened]
    holders = [
        p
        for p in db.office_holders(date.lower, date.upper, case)
        if _held(p, date, db.key_positions(p.office, case))
    ]
    offices = tuple(
        (label, tuple(p for p in holders if p.office == office))
        for office, label in KEY_OFFICES.items()
        if any(p.office == office for p in holders)
    )
    return Moment(date, tuple(happened), tuple(under_way), offices)


def _held(position: Position, date: Edtf, same_office: tuple[Position, ...]) -> bool:
    """Whether the record lets us say `position` was held within `date`.

    A post whose start the text does not give is not claimed for any date;
    a post whose end it does not give lasts until the next holder starts."""
    start = bounds(position.date_from)[0]
    if start is None or start > date.upper:
        return False
    if position.date_to:
        return bounds(position.date_to)[1] >= date.lower
    successors = [
        bounds(p.date_from)[0]
        for p in same_office
        if p.date_from and bounds(p.date_from)[0] > start
    ]
    return not successors or min(successors) > date.lower
