"""The core: from a user's query to the record they meant.

Everything a command can do, a Python caller can do here without Typer:

    db = open_database(locate_database())
    figure, match = resolve_figure(db, "ezhov")
"""

from __future__ import annotations

from collections.abc import Sequence

from casefile_cli import search
from casefile_cli.errors import AmbiguousError, NotFoundError, UsageError
from casefile_cli.models import (
    Figure,
    Match,
    Operation,
    Organisation,
    Place,
    SearchHit,
    WhoKilled,
)
from casefile_cli.store.reader import Database

MAX_QUERY = 300
ALL_KINDS = ("operation", "figure", "organisation", "place")
# On a tie between kinds, `show` prefers the case (an operation) to the person
# or body of the same name.
KIND_PRIORITY = {"operation": 0, "figure": 1, "organisation": 2, "place": 3}
NAME_HINT = "add a surname or other detail, or pass --first to take the best"
WORD_HINT = "add a word or a date, or pass --first to take the best"


def suggestions(near: list[Match], count: int = 5) -> list[str]:
    """Distinct names of the nearest misses, for 'did you mean'."""
    names: list[str] = []
    for match in near:
        if match.label not in names:
            names.append(match.label)
    return names[:count]


def plural(noun: str) -> str:
    return "people" if noun == "person" else noun + "s"


def one_of(
    query: str, matches: list[Match], these: str, *, first: bool, hint: str = NAME_HINT
) -> Match:
    """The first of `matches`, unless several tie and --first was not given:
    then an `AmbiguousError` saying the query matches so many of `these`."""
    if len(matches) > 1 and not first:
        raise AmbiguousError(f"{query!r} matches {len(matches)} {these}", matches, hint=hint)
    return matches[0]


def check_query(query: str) -> str:
    text = " ".join(query.split())
    if not text:
        raise UsageError("the query is empty; give a name, e.g. 'casefile show kirov'")
    if len(text) > MAX_QUERY:
        raise UsageError(f"the query is {len(text)} characters long; names are under {MAX_QUERY}")
    if not search.normalise(text):
        raise UsageError(f"the query {query!r} has no letters or digits to match")
    return text


def best_match(
    db: Database,
    query: str,
    kinds: Sequence[str],
    *,
    first: bool = False,
    what: str = "record",
    case: str | None = None,
) -> Match:
    """The one record of `kinds` that `query` names, or a clear error."""
    query = check_query(query)
    matches = search.rank(query, db, kinds, limit=12, case=case)
    good, near = search.split_matches(matches)
    if not good:
        raise NotFoundError(
            f"no {what} matches {query!r}",
            suggestions=suggestions(near),
        )
    tied = search.contenders(good)
    one_of(query, tied, f"{plural(what)} equally well", first=first)
    return good[0]


def resolve_figure(
    db: Database, query: str, *, first: bool = False, case: str | None = None
) -> tuple[Figure, Match]:
    match = best_match(db, query, ("figure",), first=first, what="person", case=case)
    return db.figure(match.record_id), match


def resolve_organisation(
    db: Database, query: str, *, first: bool = False, case: str | None = None
) -> tuple[Organisation, Match]:
    match = best_match(db, query, ("organisation",), first=first, what="organisation", case=case)
    return db.organisation(match.record_id), match


def resolve_any(
    db: Database, query: str, *, first: bool = False, case: str | None = None
) -> tuple[Operation | Figure | Organisation | Place, Match]:
    """`show`: the case of a person named (the operation they were the target
    of), else the best operation, person or organisation."""
    query = check_query(query)
    matches = search.rank(query, db, ALL_KINDS, limit=20, case=case)
    good, near = search.split_matches(matches)
    if not good:
        raise NotFoundError(f"nothing matches {query!r}", suggestions=suggestions(near))
    # A place is shown only when no case, person or body answers the query:
    # "show katyn" is the massacre, "show katyn forest" the forest.
    good = [m for m in good if m.kind != "place"] or good
    top_score = good[0].score
    leaders = [m for m in good if top_score - m.score < search.AMBIGUITY_MARGIN]
    people = [m for m in leaders if m.kind == "figure"]
    if people:
        person = one_of(query, people, "people equally well", first=first)
        operation_id = db.target_operation(person.record_id)
        if operation_id:
            return db.operation(operation_id), person
        if not any(m.kind == "operation" for m in leaders):
            return db.figure(person.record_id), person
    leaders.sort(key=lambda m: (KIND_PRIORITY[m.kind], -m.score, m.label))
    kind = leaders[0].kind
    same_kind = [m for m in leaders if m.kind == kind]
    chosen = one_of(query, same_kind, f"{plural(kind)} equally well", first=first, hint=WORD_HINT)
    loaders = {
        "operation": db.operation,
        "figure": db.figure,
        "organisation": db.organisation,
        "place": db.place,
    }
    return loaders[chosen.kind](chosen.record_id), chosen


def who_killed(
    db: Database, query: str, *, first: bool = False, case: str | None = None
) -> tuple[WhoKilled, Match]:
    """Accounts of a person's death, best supported first. Looks among the
    people the record shows as killed first, then among everyone (so that a
    survivor gets a clear 'not killed' answer)."""
    query = check_query(query)
    matches = search.rank(query, db, ("figure",), limit=30, case=case)
    good, _ = search.split_matches(matches)
    killed = db.killed_figure_ids(among=[m.record_id for m in good])
    victims = [m for m in good if m.record_id in killed]
    if victims:
        one_of(query, search.contenders(victims), "people who were killed", first=first)
        match = victims[0]
    else:
        match = best_match(db, query, ("figure",), first=first, what="person", case=case)
    return db.who_killed(match.record_id), match


def search_everything(
    db: Database, text: str, limit: int = 20, case: str | None = None
) -> list[SearchHit]:
    """Names (fuzzy) and full text (FTS5), merged and ranked."""
    text = check_query(text)
    hits: dict[tuple[str, str], SearchHit] = {}
    for match in search.rank(text, db, ALL_KINDS, limit=limit, case=case):
        if match.score >= search.MATCH_THRESHOLD:
            hits[(match.kind, match.record_id)] = SearchHit(
                match.kind,
                match.record_id,
                match.label,
                f"name: {match.matched}",
                round(match.score * 10, 3),
            )
    for hit in db.full_text(text, limit=limit, case=case):
        key = (hit.kind, hit.id)
        if key not in hits or hits[key].score < hit.score:
            hits[key] = hit
    return sorted(hits.values(), key=lambda h: (-h.score, h.kind, h.name))[:limit]
