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
    Contradiction,
    Event,
    Figure,
    LinkedRecord,
    Match,
    Operation,
    Organisation,
    Place,
    SearchHit,
    Section,
    WhoKilled,
)
from casefile_cli.store.reader import Database
from casefile_cli.store.searching import shared_between_case_files

MAX_QUERY = 300
ALL_KINDS = ("operation", "figure", "organisation", "place", "event")
# On a tie between kinds, `show` prefers the case (an operation) to the person
# or body of the same name.
KIND_PRIORITY = {"operation": 0, "figure": 1, "organisation": 2, "place": 3, "event": 4}
# Kinds `show` turns to only when no other answers, or their name is exact.
SECONDARY_KINDS = ("place", "event")
EXACT = 0.99
# A full-text hit is clear when its BM25 is this many times the next one's.
TEXT_LEAD = 1.5
# Name hits `search` ranks, whatever the page: as many as --limit can show,
# from the first name forms that share the query's words (told of most first).
NAME_HITS = 500
NAME_CANDIDATES = 500
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
    query: str,
    matches: list[Match],
    these: str,
    *,
    first: bool,
    hint: str = NAME_HINT,
    db: Database | None = None,
) -> Match:
    """The first of `matches`, unless several tie and --first was not given:
    then an `AmbiguousError` saying the query matches so many of `these`
    (each with its case file, when `db` shows they come from several)."""
    if len(matches) > 1 and not first:
        raise AmbiguousError(
            f"{query!r} matches {len(matches)} {these}", _with_casefiles(db, matches), hint=hint
        )
    return matches[0]


def _with_casefiles(db: Database | None, matches: list[Match]) -> list[Match]:
    owners = [db.record_casefile(m.kind, m.record_id) for m in matches] if db else []
    if len(set(owners)) < 2:
        return matches
    return [
        m._replace(detail=f"case file {owner}" + (f" · {m.detail}" if m.detail else ""))
        for m, owner in zip(matches, owners, strict=True)
    ]


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
    by_id = named_by_id(db, query, kinds) or named_by_local_id(
        db, query, kinds, first=first, case=case
    )
    if by_id is not None:
        return by_id
    matches = search.rank(query, db, kinds, limit=12, case=case)
    good, near = search.split_matches(matches)
    if not good:
        raise NotFoundError(
            f"no {what} matches {query!r}",
            suggestions=suggestions(near),
        )
    tied = search.contenders(good)
    one_of(query, tied, f"{plural(what)} equally well", first=first, db=db)
    return good[0]


def contradictions_about(
    db: Database, query: str, *, first: bool = False, case: str | None = None
) -> list[Contradiction]:
    """`contradictions QUERY`: where the case file disagrees with itself about
    the person, operation, organisation or place the query names."""
    query = check_query(query)
    good, near = search.split_matches(search.rank(query, db, ALL_KINDS, limit=20, case=case))
    if not good:
        raise NotFoundError(f"nothing matches {query!r}", suggestions=suggestions(near))
    # As in `show`: a place only when nothing else answers ("katyn" is the massacre).
    good = [m for m in good if m.kind != "place"] or good
    match = one_of(query, search.contenders(good), "records equally well", first=first, db=db)
    subjects = {(match.kind, match.record_id)}
    if match.kind == "figure":  # a person's end is told in the operations their fate names
        fate = db.fate_accounts(match.record_id)
        subjects |= {("operation", a.operation.id) for a in fate if a.operation}
    found = [c for c in db.contradictions(case) if (c.subject_kind, c.subject_id) in subjects]
    if not found:
        raise NotFoundError(f"the case file does not disagree with itself about {match.label}")
    return found


def named_by_id(db: Database, query: str, kinds: Sequence[str]) -> Match | None:
    """`0121/leon-trotsky`: an exact id in a case file (a record linked by
    same_as answers with the record it is one with)."""
    number, slash, record_id = query.partition("/")
    if not slash or not number or " " in query or not record_id:
        return None
    found = db.qualified_record(kinds, number, record_id)
    if found is None:
        return None
    kind, canonical_id, label = found
    return Match(kind, canonical_id, label, query, "id", 1.0)


def _is_id(query: str) -> bool:
    """Whether `query` has the shape of a record id (lowercase words and '-')."""
    return all(
        part.isascii() and part.isalnum() and part == part.lower() for part in query.split("-")
    )


def named_by_local_id(
    db: Database, query: str, kinds: Sequence[str], *, first: bool, case: str | None
) -> Match | None:
    """A bare id (`kirov-cover-up`, as JSON gives it): that record. One that
    case files each use for a record of their own is ambiguous, each listed
    with its case file, unless --case keeps one. A one-word id ("nkvd") is
    a name too, so the lookup by name answers it (None here), as it does a
    query that is no id."""
    if not _is_id(query):
        return None
    found = db.records_with_id(kinds, query)
    shared = {k for k, *_ in found if len({f[3] for f in found if f[0] == k}) > 1}
    if not shared:
        return _only_record_with_id(found, query, case) if "-" in query else None
    matches: dict[tuple[str, str], Match] = {}
    for kind, key, name, casefile in found:
        if kind in shared and (not case or casefile == case):
            # A linked record and the one it is one with are one answer.
            matches.setdefault(
                (kind, key), Match(kind, key, name, query, "id", 1.0, f"case file {casefile}")
            )
    if not matches:
        return None
    example = next(iter(matches.values())).detail.rpartition(" ")[2]
    hint = f"name one as CASEFILE/ID (e.g. {example}/{query}), or pass --case"
    return one_of(
        query, list(matches.values()), "records of different case files", first=first, hint=hint
    )


def _only_record_with_id(found: list[tuple], query: str, case: str | None) -> Match | None:
    """The record whose id `query` is; where two kinds share it (an operation
    and its event), the kind `show` prefers."""
    found = [f for f in found if not case or f[3] == case]
    if not found:
        return None
    kind, key, name, casefile = min(found, key=lambda f: KIND_PRIORITY.get(f[0], 9))
    return Match(kind, key, name, query, "id", 1.0, f"case file {casefile}")


def narrowed(value, case: str | None):
    """A record, or a who-killed answer, kept to one case file's claims
    (`--case`): every part that cites a section of another case file goes."""
    if not case:
        return value
    changes = {"disagreements": ()} if isinstance(value, WhoKilled) else {}
    for name, part in value._asdict().items():
        if isinstance(part, tuple) and part:
            kept = tuple(item for item in part if _cites(item, case))
            if len(kept) != len(part):
                changes[name] = kept
    return value._replace(**changes) if changes else value


def _cites(item, case: str) -> bool:
    section = item if isinstance(item, Section) else getattr(item, "section", None)
    if isinstance(section, Section):
        return section.casefile == case
    # Another case file's own telling of the record, citing no section.
    return not isinstance(item, LinkedRecord) or item.casefile == case


def resolve_figure(
    db: Database, query: str, *, first: bool = False, case: str | None = None
) -> tuple[Figure, Match]:
    match = best_match(db, query, ("figure",), first=first, what="person", case=case)
    return narrowed(db.figure(match.record_id), case), match


def resolve_organisation(
    db: Database, query: str, *, first: bool = False, case: str | None = None
) -> tuple[Organisation, Match]:
    match = best_match(db, query, ("organisation",), first=first, what="organisation", case=case)
    return db.organisation(match.record_id), match


def resolve_any(
    db: Database, query: str, *, first: bool = False, case: str | None = None
) -> tuple[Operation | Figure | Organisation | Place | Event, Match]:
    """`show`: the case of a person named (the operation they were the target
    of), else the best operation, person or organisation; a place or event
    when nothing else answers or its name matches exactly; else the text."""
    query = check_query(query)
    shared = named_by_local_id(db, query, ALL_KINDS, first=first, case=case)
    if shared is not None:
        return _load(db, shared)
    event = db.find_event(query)
    if event is not None:
        return event, Match("event", event.id, event.title, event.id, "id", 1.0)
    by_id = named_by_id(db, query, ALL_KINDS)
    if by_id is not None:
        return _load(db, by_id)
    matches = search.rank(query, db, ALL_KINDS, limit=20, case=case)
    good, near = search.split_matches(matches)
    if not good:
        return found_in_text(db, query, near, first=first, case=case)
    good = _preferred(good)
    top_score = good[0].score
    leaders = [m for m in good if top_score - m.score < search.AMBIGUITY_MARGIN]
    people = [m for m in leaders if m.kind == "figure"]
    if people:
        person = one_of(query, people, "people equally well", first=first, db=db)
        operation_id = db.target_operation(person.record_id)
        if operation_id:
            return db.operation(operation_id), person
        if not any(m.kind == "operation" for m in leaders):
            return db.figure(person.record_id), person
    leaders.sort(key=lambda m: (KIND_PRIORITY[m.kind], -m.score, m.label))
    kind = leaders[0].kind
    same_kind = [m for m in leaders if m.kind == kind]
    if kind == "operation" and len(same_kind) > 1:
        # Too close to call by name: the operation a chapter tells wins over
        # a side story ("kirov murder" is the assassination, not the cover-up).
        chaptered = [m for m in same_kind if db.operation(m.record_id).chaptered]
        same_kind = chaptered if len(chaptered) == 1 else same_kind
    chosen = one_of(
        query, same_kind, f"{plural(kind)} equally well", first=first, hint=WORD_HINT, db=db
    )
    if chosen.kind == "organisation":
        operation = _operation_named_after(db, chosen)
        if operation is not None:
            return operation, chosen
    return _load(db, chosen)


def _load(db: Database, match: Match):
    loaders = {
        "operation": db.operation,
        "figure": db.figure,
        "organisation": db.organisation,
        "place": db.place,
        "event": db.find_event,
    }
    return loaders[match.kind](match.record_id), match


def _preferred(good: list[Match]) -> list[Match]:
    """The matches `show` chooses among. Places and events answer only when
    no case, person or body does, or when their name matches exactly and
    clearly better: "show katyn" is the massacre, "show leningrad" the city
    rather than the Leningrad NKVD, an event's full title the event."""
    primary = [m for m in good if m.kind not in SECONDARY_KINDS]
    if not primary:
        return good
    top = primary[0].score

    def clear(m: Match) -> bool:
        return m.score >= EXACT and m.score - top >= search.AMBIGUITY_MARGIN

    events = [m for m in good if m.kind == "event" and clear(m)]
    if events:
        return events
    rivals = [m for m in primary if top - m.score < search.AMBIGUITY_MARGIN]
    places = [m for m in good if m.kind == "place" and clear(m)]
    if places and all(m.kind == "organisation" for m in rivals):
        return places
    return primary


def _operation_named_after(db: Database, body: Match) -> Operation | None:
    """The operation named after an organisation ("Operation Trust" for the
    Trust, its front): `show trust` opens the case, `org trust` the body."""
    name = search.normalise("operation " + body.label)
    for match in search.rank(name, db, ("operation",), limit=3):
        if search.normalise(match.label) == name:
            return db.operation(match.record_id)
    return None


def found_in_text(
    db: Database, query: str, near: list[Match], *, first: bool = False, case: str | None = None
) -> tuple[Operation | Figure | Organisation | Event, Match]:
    """`show` when no name matches: the record the full text clearly points
    at, several close ones as an ambiguity, or not found. A person who was a
    target and an event of an operation stand for the operation, and the
    evidence of every text that points at a record adds up."""
    words: dict[tuple[str, str], set[str]] = {}
    bm25: dict[tuple[str, str], float] = {}
    first_hit: dict[tuple[str, str], SearchHit] = {}
    for hit in db.full_text_words(search.text_terms(query), limit=10, case=case):
        key = _case_of(db, hit)
        words.setdefault(key, set()).update(hit.matched_words)
        bm25[key] = bm25.get(key, 0.0) + hit.score
        # Quote a text that shows the words found, not just any text.
        if key not in first_hit or "[" in hit.snippet and "[" not in first_hit[key].snippet:
            first_hit[key] = hit
    ranked = sorted(words, key=lambda k: (-len(words[k]), -bm25[k]))
    if not ranked:
        raise NotFoundError(f"nothing matches {query!r}", suggestions=suggestions(near))

    def as_match(key: tuple[str, str]) -> Match:
        hit = first_hit[key]
        label = hit.name if key == (hit.kind, hit.id) else db.operation(key[1]).title
        return Match(key[0], key[1], label, hit.snippet, "text", round(bm25[key], 3))

    top, rest = ranked[0], ranked[1:]
    # Clear: more of the query's words than the next, or as many and a far
    # better BM25.
    clear = not rest or (
        len(words[top]) > len(words[rest[0]]) or bm25[top] >= TEXT_LEAD * bm25[rest[0]]
    )
    if not clear and not first:
        close = [as_match(k) for k in ranked if len(words[k]) == len(words[top])][:8]
        raise AmbiguousError(
            f"no name matches {query!r}; {len(close)} records mention it", close, hint=WORD_HINT
        )
    return _load(db, as_match(top))


def _case_of(db: Database, hit: SearchHit) -> tuple[str, str]:
    """The record a full-text hit stands for in `show`."""
    if hit.kind == "figure" and (operation_id := db.target_operation(hit.id)):
        return "operation", operation_id
    if hit.kind == "event":
        event = db.find_event(hit.id)
        if event is not None and event.operation is not None:
            return "operation", event.operation.id
    return hit.kind, hit.id


def who_killed(
    db: Database, query: str, *, first: bool = False, case: str | None = None
) -> tuple[WhoKilled, Match]:
    """Accounts of a person's death, best supported first. Looks among the
    people the record shows as killed first, then among everyone (so that a
    survivor gets a clear 'not killed' answer)."""
    query = check_query(query)
    by_id = named_by_id(db, query, ("figure",)) or named_by_local_id(
        db, query, ("figure",), first=first, case=case
    )
    if by_id is not None:
        return narrowed(db.who_killed(by_id.record_id), case), by_id
    matches = search.rank(query, db, ("figure",), limit=30, case=case)
    good, _ = search.split_matches(matches)
    killed = db.killed_figure_ids(among=[m.record_id for m in good])
    victims = [m for m in good if m.record_id in killed]
    if victims:
        one_of(query, search.contenders(victims), "people who were killed", first=first, db=db)
        match = victims[0]
    else:
        match = best_match(db, query, ("figure",), first=first, what="person", case=case)
    return narrowed(db.who_killed(match.record_id), case), match


def search_everything(
    db: Database, text: str, limit: int = 20, case: str | None = None, offset: int = 0
) -> list[SearchHit]:
    """Names (fuzzy) and full text (FTS5), merged and ranked: by how many of
    the query's words a hit matches (words matching nothing are dropped, as
    are stopwords), then by score. Each hit says which words it matched.
    The ranking does not depend on `limit` or `offset` (the page), so pages
    of one query agree."""
    text = check_query(text)
    terms = search.text_terms(text)
    hits: dict[tuple[str, str], SearchHit] = {}
    names = search.rank(text, db, ALL_KINDS, NAME_HITS, case, candidates=NAME_CANDIDATES)
    for match in names:
        if match.score >= search.MATCH_THRESHOLD:
            hits[(match.kind, match.record_id)] = SearchHit(
                match.kind,
                match.record_id,
                match.label,
                f"name: {match.matched}",
                round(match.score * 10, 3),
                search.matched_words(text, match.matched),
            )
    for hit in db.text_hits(terms, case=case):
        key = (hit.kind, hit.id)
        # A record found by its name stays a name hit unless its text matches more words.
        if key not in hits or len(hit.matched_words) > len(hits[key].matched_words):
            hits[key] = hit
    ranked = sorted(hits.values(), key=lambda h: (*_search_order(h), h.kind, h.name))
    page = shared_between_case_files(ranked)[offset : offset + limit]
    # Name hits lead whatever their case file; the page's say which it is.
    page = [h._replace(casefile=h.casefile or db.record_casefile(h.kind, h.id)) for h in page]
    return db.with_snippets(page, terms)


def _search_order(hit: SearchHit) -> tuple[int, float]:
    return (-len(hit.matched_words), -hit.score)
