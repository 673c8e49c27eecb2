"""Probable duplicates: records of a new case file that look like records of
another case file already in the database, but say no `same_as`.

Each record's name and aliases are looked up with the lookup engine (so
spellings, transliterations and typos count as they do for a user) among the
other case files' records of its kind; an exact match whose years (of life,
office, deed) overlap or are unknown is reported, with the line to add."""

from __future__ import annotations

from collections.abc import Iterator

from casefile_cli import search
from casefile_cli.links import LINKED_KINDS, local_id
from casefile_cli.sources import CaseFileSource
from casefile_cli.store.reader import Database

EXACT = 0.99
# Years apart that still count as the same years (dates of one life told
# by two case files differ by the odd year).
SLACK = 2


def probable_duplicates(source: CaseFileSource, db: Database) -> list[str]:
    """One warning line per record that looks like another case file's record."""
    warnings = []
    for kind in LINKED_KINDS:
        for record in source.records.get(kind, []):
            if record.get("same_as"):
                continue
            found = _look_alike(kind, record, source.number, db)
            if found is not None:
                record_id, casefile, why = found
                target = f"{casefile}/{local_id(record_id)}"
                warnings.append(
                    f"{record['__where__']}: {_name(record)} looks like {target} ({why}); "
                    f'add "same_as: {target}" if they are one'
                    f" {'person' if kind == 'figure' else kind}"
                )
    return warnings


def _name(record: dict) -> str:
    return record.get("name") or record.get("title") or record["id"]


def _forms(record: dict) -> Iterator[tuple[str, str]]:
    yield _name(record), "same name"
    for alias in record.get("aliases", []):
        yield alias["alias"], "same alias"


def _look_alike(kind: str, record: dict, number: str, db: Database):
    years = _years(kind, record)
    for form, why in _forms(record):
        if not search.normalise(form):
            continue
        for match in search.rank(form, db, (kind,), limit=5):
            if match.score < EXACT:
                break
            casefile = db.record_casefile(kind, match.record_id)
            if casefile is None or casefile == number:
                continue
            other = db.record_years(kind, match.record_id)
            if years and other:
                if not _overlap(years, other):
                    continue
                return match.record_id, casefile, f"{why}, same years"
            return match.record_id, casefile, f"{why}, no dates to compare"
    return None


def _overlap(ours: list[int], theirs: list[int]) -> bool:
    return min(ours) <= max(theirs) + SLACK and min(theirs) <= max(ours) + SLACK


def _years(kind: str, record: dict) -> list[int]:
    values = [record.get("date"), record.get("from"), record.get("to")]
    if kind == "figure":
        for position in record.get("positions", []):
            values += [position.get("from"), position.get("to")]
        values += [fate.get("date") for fate in record.get("fate", [])]
    return [int(v[:4]) for v in map(str, filter(None, values)) if v[:4].isdigit()]
